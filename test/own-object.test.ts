/**
 * `InferenceService` and `ModelCache` are their own `ApiObject`: one construct per object, as
 * cdk8s walks every construct of the app once per chart it writes (docs/benchmarks.md). They
 * name themselves before they exist (src/_own-object.ts), with the names their wrappers gave.
 */
import { ApiObject, App, Chart, JsonPatch, Lazy, Names, ResolutionContext, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { InferenceService, LLMInferenceService, ModelCache, ModelFormat, ModelSource } from '../src';
import { runs } from './properties/settings';
import { testChart } from './support/synth';
import { dnsLabelAt, PlainSpecObject } from '../src/_own-object';

describe('one construct per object', () => {
  test('an InferenceService is its object, and its storage ServiceAccount comes first in the YAML', () => {
    // GIVEN
    const chart = testChart('ml');

    // WHEN
    const service = new InferenceService(chart, 'Gpt2', {
      modelFormat: ModelFormat.TENSORFLOW,
      model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-credentials' } }),
    });

    // THEN
    expect(ApiObject.isApiObject(service)).toBe(true);
    expect(ApiObject.of(service)).toBe(service);
    expect(service.apiObject).toBe(service);
    expect(service.node.children.map((c) => c.node.id)).toEqual(['StorageServiceAccount']);
    expect(Testing.synth(chart).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      `ServiceAccount/${service.name}-storage`,
      `InferenceService/${service.name}`,
    ]);
  });

  test('a ModelCache is its claim, with its loader Job as its only child', () => {
    // GIVEN
    const chart = testChart('ml');

    // WHEN
    const cache = new ModelCache(chart, 'Cache', { source: ModelSource.fromHuggingFace('openai-community/gpt2'), modelSize: Size.gibibytes(1) });

    // THEN
    expect(cache.claim).toBe(cache);
    expect(cache.node.children).toEqual([cache.loader]);
    expect(Testing.synth(chart).map((m) => m.kind)).toEqual(['PersistentVolumeClaim', 'Job']);
  });

  test('escape hatches reach the object through the construct itself', () => {
    // GIVEN
    const chart = testChart();
    const service = new InferenceService(chart, 'Gpt2', { modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromPvc('models', 'gpt2') });

    // WHEN
    service.addJsonPatch(JsonPatch.add('/spec/predictor/priorityClassName', 'inference'));

    // THEN
    expect(Testing.synth(chart)[0].spec.predictor.priorityClassName).toBe('inference');
  });

  test.each([
    ['InferenceService', (scope: Construct) => new InferenceService(scope, 'Refused', { modelFormat: ModelFormat.TENSORFLOW, timeout: 'soon' as any })],
    ['ModelCache', (scope: Construct) => new ModelCache(scope, 'Refused', {})],
    // A construct with children (its storage ServiceAccount is bound before the later checks).
    ['LLMInferenceService', (scope: Construct) => new LLMInferenceService(scope, 'Refused', {
      model: ModelSource.fromS3('s3://models/llama', { credentials: { secretName: 's3-credentials' } }),
      replicas: -1,
    })],
  ])('a refused %s leaves nothing in the app', (_kind, create) => {
    // GIVEN
    const chart = testChart();

    // WHEN
    expect(() => create(chart)).toThrow();

    // THEN
    expect(chart.node.tryFindChild('Refused')).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });
});

describe('dnsLabelAt', () => {
  /**
   * Path components as users write construct ids, the hidden "Default" among them. Not the names
   * of Object.prototype's members: `constructs` keeps children in a plain object and refuses an id
   * such as "constructor" as a duplicate (its bug, not cdk8s's naming).
   */
  const component = fc.oneof(fc.constantFrom('Default', 'Resource', 'team-a', 'Gpt2', 'x'), fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/))
    .filter((id) => !(id in Object.prototype));

  test('names a construct before it exists as Names.toDnsLabel names it after', () => {
    fc.assert(fc.property(
      fc.array(component, { minLength: 1, maxLength: 6 }), component, fc.option(fc.integer({ min: 8, max: 63 }), { nil: undefined }),
      (parents, id, maxLen) => {
        // GIVEN
        const app = new App();
        let scope: Construct = new Chart(app, parents[0]);
        for (const [i, parent] of parents.slice(1).entries()) scope = scope.node.tryFindChild(parent) ?? new Construct(scope, parent || `c${i}`);
        fc.pre(scope.node.tryFindChild(id) === undefined);

        // WHEN
        const predicted = dnsLabelAt(scope, id, { maxLen });

        // THEN
        expect(predicted).toBe(Names.toDnsLabel(new Construct(scope, id), { maxLen }));
      }), { numRuns: runs(300) });
  });
});

/**
 * The library's objects render their plain-data specs without cdk8s's resolve pass
 * (plainObjectJson): each case is checked against cdk8s's own rendering of the same object.
 */
describe('rendering without the resolve pass', () => {
  const cdk8sRendering = (object: ApiObject) => ApiObject.prototype.toJson.call(object);

  function fleetChart(app: App = new App()) {
    const chart = new Chart(new Construct(new Chart(app, 'platform'), 'Team'), 'ml', { namespace: 'ml', labels: { team: 'ml' } });
    const cache = new ModelCache(chart, 'Cache', {
      source: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-credentials' } }),
      modelSize: Size.gibibytes(1),
    });
    const service = new InferenceService(chart, 'Gpt2', {
      metadata: { labels: { 'app.kubernetes.io/part-of': 'chat' }, annotations: { owner: 'ml-platform' } },
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromModelCache(cache),
      env: { Z_LAST: 'z', A_FIRST: 'a' },
    });
    return { chart, objects: [cache as ApiObject, cache.loader!, service] };
  }

  test('writes what cdk8s writes, for the claim, the loader Job and the service', () => {
    // GIVEN
    const { objects } = fleetChart();

    // WHEN
    const rendered = objects.map((object) => object.toJson());

    // THEN
    expect(rendered).toStrictEqual(objects.map(cdk8sRendering));
    // Key order too, as the YAML shows it.
    expect(rendered.map((json) => JSON.stringify(json))).toEqual(objects.map((object) => JSON.stringify(cdk8sRendering(object))));
  });

  test('keeps the keys in the order given when CDK8S_DISABLE_SORT is set', () => {
    // GIVEN
    const { objects } = fleetChart();
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      // WHEN
      const rendered = objects.map((object) => JSON.stringify(object.toJson()));

      // THEN
      expect(rendered).toEqual(objects.map((object) => JSON.stringify(cdk8sRendering(object))));
      const predictorKeys = Object.keys(JSON.parse(rendered[2]).spec.predictor);
      expect(predictorKeys).not.toEqual([...predictorKeys].sort());
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test("applies an app's own resolvers, as cdk8s does", () => {
    // GIVEN a resolver that marks every spec it sees (cdk8s resolves a replaced value again)
    const marker = {
      resolve: (context: ResolutionContext) => {
        if (context.key.join('/') === 'spec' && context.value.constructor === Object && !context.value.resolvedBy) {
          context.replaceValue({ ...context.value, resolvedBy: 'app' });
        }
      },
    };
    const { objects } = fleetChart(new App({ resolvers: [marker] }));

    // WHEN
    const rendered = objects.map((object) => object.toJson());

    // THEN
    expect(rendered.map((json) => json.spec.resolvedBy)).toEqual(['app', 'app', 'app']);
    expect(rendered).toEqual(objects.map(cdk8sRendering));
  });

  test('applies JSON patches to each object', () => {
    // GIVEN
    const { objects } = fleetChart();

    // WHEN
    for (const object of objects) object.addJsonPatch(JsonPatch.add('/metadata/labels/patched', 'yes'));

    // THEN
    expect(objects.map((object) => object.toJson().metadata.labels.patched)).toEqual(['yes', 'yes', 'yes']);
  });

  test.each([
    ['a Lazy', () => Lazy.any({ produce: () => 'late' }), 'late'],
    ['an object with a resolve method', () => ({ resolve: () => 'resolved' }), 'resolved'],
    // cdk8s writes such an instance (an L1 union type) as its value alone.
    ['a class instance with a value', () => new (class Quantity { public readonly value = '1Gi'; public readonly unit = 'Gi'; })(), { value: '1Gi' }],
    ['an inherited resolve method', () => Object.create({ resolve: () => 'resolved' }), 'resolved'],
    ['an array with a value', () => Object.assign(['item'], { value: 'union' }), { value: 'union' }],
    ['an array with a resolve method', () => Object.assign(['item'], { resolve: () => 'resolved' }), 'resolved'],
    ['an array of them', () => [Lazy.any({ produce: () => 'late' })], ['late']],
    // Passed through by both, for the YAML writer to refuse.
    ['a function', () => String, String],
  ])('hands a spec that holds %s to cdk8s', (_what, value, written) => {
    // GIVEN
    const chart = testChart();
    const object = new PlainSpecObject(chart, 'Object', { apiVersion: 'v1', kind: 'ConfigMap', spec: { produce: () => ({ plain: 'x', value: value() }) } });

    // WHEN
    const rendered = object.toJson();

    // THEN
    expect(rendered).toEqual(cdk8sRendering(object));
    expect(rendered.spec.value).toStrictEqual(written);
  });

  test.each([
    ['a class instance', () => new Date(0), "Error: can't render non-simple object of type 'Date'"],
    ['an object without a prototype', () => Object.create(null), "TypeError: Cannot read properties of undefined (reading 'name')"],
  ])('a spec that holds %s fails as cdk8s fails', (_what, value, error) => {
    // GIVEN
    const chart = testChart();
    const object = new PlainSpecObject(chart, 'Object', { apiVersion: 'v1', kind: 'ConfigMap', spec: { produce: () => ({ value: value() }) } });

    // THEN
    expect(() => object.toJson()).toThrow(`Failed serializing construct at path 'test/Object' with name 'test-object-c834a88a': ${error}`);
  });

  test("a spec that fails to render fails with cdk8s's message, naming the object", () => {
    // GIVEN
    const chart = testChart();
    const object = new PlainSpecObject(chart, 'Object', { apiVersion: 'v1', kind: 'ConfigMap', spec: { produce: () => { throw new Error('no spec'); } } });

    // THEN
    expect(() => object.toJson()).toThrow(/^Failed serializing construct at path 'test\/Object' with name '.*': Error: no spec$/);
  });
});
