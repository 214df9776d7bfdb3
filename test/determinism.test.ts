import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { EXAMPLES } from '../examples';
import {
  GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, KnativeFeatureFlags, LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource,
  TaintEffect,
} from '../src';
import { warningOutput } from '../src/_app-checks';
import { PROPERTY_TIMEOUT, runs } from './properties/settings';

const write = warningOutput.write;
beforeAll(() => { warningOutput.write = () => {}; });
afterAll(() => { warningOutput.write = write; });

/** The examples gallery as `examples/app.ts` builds it, in a fresh app. */
function examplesApp(): App {
  const app = Testing.app();
  for (const [name, factory] of Object.entries(EXAMPLES)) factory(app, name);
  return app;
}

/** Labels, annotations and node selectors, with their keys inserted in the given order. */
function ordered(entries: [string, string][], reverse: boolean): Record<string, string> {
  return Object.fromEntries(reverse ? [...entries].reverse() : entries);
}

/**
 * A platform chart and a service chart, their constructs added in one order or the reverse, and
 * every map prop filled in one key order or the reverse. Construct ids stay the same: they are
 * the contract that names the objects.
 */
function platformApp(reverse: boolean): App {
  const app = Testing.app();
  const chart = new Chart(app, 'serving', { namespace: 'tenant-ml' });
  const steps: (() => void)[] = [
    () => new KnativeFeatureFlags(chart, 'Features', { runtimeClassName: true, nodeSelector: true }),
    () => new LocalModelNodeGroup(chart, 'A100Nodes', {
      storageLimit: Size.gibibytes(1700),
      localPath: '/mnt/models',
      nodeSelector: ordered([['nvidia.com/gpu.product', 'NVIDIA-A100-SXM4-80GB'], ['node.example.com/pool', 'gpu']], reverse),
    }),
    () => {
      const cache = new ModelCache(chart, 'Cache', {
        source: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3' }, region: 'ORD1' }),
        modelSize: Size.gibibytes(2),
        storageClassName: 'shared-nvme-ord1',
        loader: {
          nodeSelector: ordered([['topology.kubernetes.io/region', 'ORD1'], ['node.example.com/pool', 'storage'], ['a.example.com/zone', 'z1']], reverse),
          tolerations: [{ key: 'nvidia.com/gpu' }],
        },
      });
      const policy = new GpuAutoscalingPolicy({ maxReplicas: 4, minReplicas: 0 });
      new InferenceService(chart, 'Gpt2', {
        metadata: {
          name: 'gpt2',
          labels: ordered([['team', 'nlp'], ['app.kubernetes.io/part-of', 'chat'], ['cost-center', '42']], reverse),
          annotations: ordered([['example.com/owner', 'nlp'], ['example.com/ticket', 'ML-1']], reverse),
        },
        modelFormat: ModelFormat.TENSORFLOW,
        model: ModelSource.fromModelCache(cache),
        gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE, regions: ['ORD1'], tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }] },
        autoscaling: policy,
      });
    },
  ];
  (reverse ? [...steps].reverse() : steps).forEach((step) => step());
  return app;
}

/** Each object as its own JSON text (key order included), by kind and name. */
function objectTexts(app: App): Record<string, string> {
  return Object.fromEntries(app.charts.flatMap((chart) => Testing.synth(chart))
    .map((manifest) => [`${manifest.kind} ${manifest.metadata.name}`, JSON.stringify(manifest)]));
}

describe('synthesis is deterministic', () => {
  test('the examples app synthesizes to byte-identical YAML twice', () => {
    // GIVEN / WHEN
    const first = examplesApp().synthYaml();
    const second = examplesApp().synthYaml();

    // THEN
    expect(first.length).toBeGreaterThan(0);
    expect(second).toBe(first);
  });

  test('construct order and the key order of map props change neither the objects nor the key order within them', () => {
    // GIVEN / WHEN
    const forward = objectTexts(platformApp(false));
    const reversed = objectTexts(platformApp(true));

    // THEN
    expect(Object.keys(reversed).sort()).toEqual(Object.keys(forward).sort());
    for (const [object, text] of Object.entries(forward)) {
      expect([object, reversed[object]]).toEqual([object, text]);
    }
  });
});

/** An object with its keys in the order of `order` (a permutation of its keys' indexes). */
function reordered<T extends object>(object: T, order: number[]): T {
  const entries = Object.entries(object);
  return Object.fromEntries(order.map((index) => entries[index])) as T;
}

/** A permutation of 0..n-1. */
const permutation = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });

/**
 * Every map prop and every struct hashed into the loader Job's name, its keys in the orders given:
 * env (one value refers to another with $(NAME)), secretEnv, the transformer's env, labels,
 * annotations, and the loader's node selector, resources, tolerations and Secret references.
 */
function mapsApp(orders: number[][]): App {
  const [env, secretEnv, labels, annotations, nodeSelector, resources, cpu, memory, toleration, token] = orders;
  const app = Testing.app();
  const chart = new Chart(app, 'serving', { namespace: 'ml' });
  const cache = new ModelCache(chart, 'Cache', {
    source: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', { token: reordered({ secretName: 'hf', key: 'token' }, token) }),
    modelSize: Size.gibibytes(16),
    loader: {
      nodeSelector: reordered({ 'topology.kubernetes.io/region': 'ORD1', 'node.example.com/pool': 'storage', 'a.example.com/zone': 'z1' }, nodeSelector),
      resources: reordered({
        cpu: reordered({ request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) }, cpu),
        memory: reordered({ request: Size.gibibytes(2), limit: Size.gibibytes(8) }, memory),
      }, resources),
      tolerations: [reordered({ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }, toleration)],
    },
  });
  new InferenceService(chart, 'Llama', {
    metadata: {
      name: 'llama',
      labels: reordered({ 'team': 'nlp', 'app.kubernetes.io/part-of': 'chat', 'cost-center': '42' }, labels),
      annotations: reordered({ 'example.com/owner': 'nlp', 'example.com/ticket': 'ML-1' }, annotations),
    },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromModelCache(cache),
    env: reordered({ VLLM_URL: 'http://$(VLLM_HOST):8000', MAX_TOKENS: '4096', VLLM_HOST: 'localhost', A_FLAG: '1' }, env),
    secretEnv: reordered({ OPENAI_KEY: { secretName: 'openai', key: 'key' }, HF_TOKEN: { secretName: 'hf', key: 'token' } }, secretEnv),
    transformer: { container: { image: 'registry.example.com/transformer:1' }, env: reordered({ Z: '1', B: '2', M: '3', A: '4' }, env) },
  });
  return app;
}

const MAP_SIZES = [4, 2, 3, 2, 3, 2, 2, 2, 3, 2];

describe('map-shaped props render in one order, whatever the key order given', () => {
  const canonical = objectTexts(mapsApp(MAP_SIZES.map((n) => [...Array(n).keys()])));

  test('every object, its key order and the loader Job\'s name (property)', () => {
    fc.assert(fc.property(fc.tuple(...MAP_SIZES.map(permutation)), (orders) => {
      // GIVEN / WHEN
      const texts = objectTexts(mapsApp(orders));

      // THEN: the same objects (the Job named by the same digest), each byte for byte
      expect(Object.keys(texts).sort()).toEqual(Object.keys(canonical).sort());
      for (const [object, text] of Object.entries(canonical)) expect([object, texts[object]]).toEqual([object, text]);
    }), { numRuns: runs(50) });
  }, PROPERTY_TIMEOUT);

  test('env is sorted by name, a variable after the one it refers to; secretEnv follows, sorted', () => {
    // GIVEN / WHEN
    const service = JSON.parse(canonical['InferenceService llama']);

    // THEN
    expect(service.spec.predictor.model.env.map((v: { name: string }) => v.name)).toEqual(['A_FLAG', 'MAX_TOKENS', 'VLLM_HOST', 'VLLM_URL', 'HF_TOKEN', 'OPENAI_KEY']);
    expect(service.spec.transformer.containers[0].env.map((v: { name: string }) => v.name)).toEqual(['A', 'B', 'M', 'Z']);
  });

  test('the loader Job keeps the name the interfaces\' own field order gave it', () => {
    // GIVEN / WHEN: keys in the order the interfaces declare them, as before the digest ignored key order
    const job = Object.keys(canonical).find((object) => object.startsWith('Job '));

    // THEN
    // The name release 0.0.0 gave these settings (checked against main before this change).
    expect(job).toBe('Job serving-cache-loader-be3562a0-c87218db');
  });
});
