/**
 * `InferenceService` and `ModelCache` are their own `ApiObject`: one construct per object, as
 * cdk8s walks every construct of the app once per chart it writes (docs/benchmarks.md). They
 * name themselves before they exist (src/_own-object.ts), with the names their wrappers gave.
 */
import { ApiObject, App, Chart, JsonPatch, Names, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { InferenceService, LLMInferenceService, ModelCache, ModelFormat, ModelSource } from '../src';
import { runs } from './properties/settings';
import { testChart } from './support/synth';
import { dnsLabelAt } from '../src/_own-object';

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
