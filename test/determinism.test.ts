import { App, Chart, Size, Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import {
  GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, KnativeFeatureFlags, LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource,
  TaintEffect,
} from '../src';

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
