import { Duration } from 'cdk8s';
import {
  AnnotationKeyStyle, AutoscalerBindOptions, AutoscalerClass, AutoscalerConfig, AutoscalingPreset, DeploymentMode, GpuAutoscalingPolicy,
  GpuAutoscalingPolicyProps, ScalingMetric, ServingApi,
} from '../src';
import { expectValidManifests } from './support/manifest-schema';

const KSERVE: AutoscalerBindOptions = { api: ServingApi.KSERVE_V1BETA1 };
const KSERVE_STANDARD: AutoscalerBindOptions = { api: ServingApi.KSERVE_V1BETA1, deploymentMode: DeploymentMode.STANDARD };
const KFSERVING_V1BETA1: AutoscalerBindOptions = { api: ServingApi.KFSERVING_V1BETA1 };
const KFSERVING_V1ALPHA2: AutoscalerBindOptions = { api: ServingApi.KFSERVING_V1ALPHA2 };
const KNATIVE: AutoscalerBindOptions = { api: ServingApi.KNATIVE_SERVICE };
const ALL_TARGETS: [string, AutoscalerBindOptions][] = [
  ['KServe v1beta1 (Knative mode)', KSERVE],
  ['KServe v1beta1 (Standard mode)', KSERVE_STANDARD],
  ['KFServing v1beta1', KFSERVING_V1BETA1],
  ['KFServing v1alpha2', KFSERVING_V1ALPHA2],
  ['Knative Service', KNATIVE],
];

const K = 'autoscaling.knative.dev';

function policy(props: GpuAutoscalingPolicyProps = {}): GpuAutoscalingPolicy {
  return new GpuAutoscalingPolicy(props);
}

/** The error of an invalid policy, listing each problem. */
function invalid(...problems: string[]): string {
  return `Invalid GpuAutoscalingPolicy:\n  - ${problems.join('\n  - ')}`;
}

/** The single problem of an invalid policy, or undefined when the props are valid. */
function problemOf(props: GpuAutoscalingPolicyProps): string | undefined {
  try {
    policy(props);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace('Invalid GpuAutoscalingPolicy:\n  - ', '');
  }
}

/** The smallest object of the target's API that carries a rendering, as the InferenceService would emit it. */
function manifestFor(target: AutoscalerBindOptions, rendering: AutoscalerConfig): any {
  const { api } = target;
  const annotations = { ...rendering.objectAnnotations, ...(api.isInferenceService ? rendering.revisionAnnotations! : {}) };
  const metadata = { name: 'llm', annotations };
  const scaling = {
    minReplicas: rendering.minReplicas,
    maxReplicas: rendering.maxReplicas,
    scaleTarget: rendering.scaleTarget,
    scaleMetric: rendering.scaleMetric,
    containerConcurrency: rendering.containerConcurrency,
  };
  const manifest: any = { apiVersion: api.apiVersion, kind: api.kind, metadata };
  if (api === ServingApi.KNATIVE_SERVICE) {
    manifest.spec = {
      template: {
        metadata: { annotations: rendering.revisionAnnotations! },
        spec: { containerConcurrency: rendering.containerConcurrency, containers: [{ image: 'vllm/vllm-openai:v0.6.3' }] },
      },
    };
  } else if (api === ServingApi.KFSERVING_V1ALPHA2) {
    manifest.spec = {
      default: {
        predictor: {
          minReplicas: rendering.minReplicas,
          maxReplicas: rendering.maxReplicas,
          parallelism: rendering.containerConcurrency,
          tensorflow: { storageUri: 'pvc://model-storage/124M/' },
        },
      },
    };
  } else if (api === ServingApi.KFSERVING_V1BETA1) {
    manifest.spec = { predictor: { ...scaling, tensorflow: { storageUri: 'pvc://model-storage/124M/' } } };
  } else {
    manifest.spec = { predictor: { ...scaling, model: { modelFormat: { name: 'huggingface' }, storageUri: 'hf://gpt2' } } };
  }
  return JSON.parse(JSON.stringify(manifest));
}

/** Renders a policy for every target, checking every object against the API schemas. */
function renderAll(p: GpuAutoscalingPolicy, targets: [string, AutoscalerBindOptions][] = ALL_TARGETS): Record<string, any> {
  const manifests = Object.fromEntries(targets.map(([name, target]) => [name, manifestFor(target, p.bind(target))]));
  expectValidManifests(Object.values(manifests));
  return manifests;
}

describe('defaults (AutoscalingPreset.GPU_TUNED)', () => {
  test('every target (snapshot)', () => {
    // GIVEN / WHEN
    const p = policy();

    // THEN
    expect(renderAll(p)).toMatchSnapshot();
  });

  test('the resolved values', () => {
    // GIVEN / WHEN
    const p = policy();

    // THEN
    expect(p.preset).toBe(AutoscalingPreset.GPU_TUNED);
    expect(p.metric).toBe(ScalingMetric.CONCURRENCY);
    expect(p.autoscalerClass).toBe(AutoscalerClass.KPA);
    expect(p.target).toBeUndefined();
    expect(p.targetUtilizationPercent).toBe(90);
    expect(p.containerConcurrency).toBe(1);
    expect(p.stableWindow?.toSeconds()).toBe(180);
    expect(p.panicWindow?.toSeconds()).toBe(30);
    expect(p.panicWindowPercentage).toBe(16.67);
    expect(p.panicThresholdPercent).toBe(200);
    expect(p.minReplicas).toBe(0);
    expect(p.maxReplicas).toBe(0);
    expect(p.initialScale).toBeUndefined();
    expect(p.activationScale).toBeUndefined();
    expect(p.scaleDownDelay).toBeUndefined();
    expect(p.scaleToZeroPodRetention?.toMinutes()).toBe(30);
    expect(p.targetBurstCapacity).toBeUndefined();
    expect(p.progressDeadline?.toMinutes()).toBe(30);
    expect(p.annotationKeyStyle).toBeUndefined();
    expect(p.warnings).toEqual([]);
  });

  test('KServe: typed concurrency metric, containerConcurrency 1, scale to zero allowed, no scaleTarget or maxReplicas', () => {
    // GIVEN / WHEN
    const rendering = policy().bind(KSERVE);

    // THEN
    expect(rendering).toEqual({
      revisionAnnotations: {
        [`${K}/class`]: 'kpa.autoscaling.knative.dev',
        [`${K}/target-utilization-percentage`]: '90',
        [`${K}/window`]: '3m',
        [`${K}/panic-window-percentage`]: '16.67',
        [`${K}/panic-threshold-percentage`]: '200',
        [`${K}/scale-to-zero-pod-retention-period`]: '30m',
        'serving.knative.dev/progress-deadline': '30m',
      },
      minReplicas: 0,
      maxReplicas: undefined,
      containerConcurrency: 1,
      scaleMetric: 'concurrency',
      scaleTarget: undefined,
      replicaLimit: 0,
    });
  });

  test('the panic window of 30s is written as 16.67 % of the 180s stable window, which Knative rounds back to 30s', () => {
    // GIVEN / WHEN
    const annotations = policy().bind(KNATIVE).revisionAnnotations!;

    // THEN: round(180 x 16.67 / 100) = round(30.006) = 30
    expect(annotations[`${K}/panic-window-percentage`]).toBe('16.67');
    expect(Math.round(180 * Number(annotations[`${K}/panic-window-percentage`]) / 100)).toBe(30);
  });

  test('no initial scale, activation scale, scale-down delay or burst capacity is written', () => {
    // GIVEN / WHEN
    const keys = Object.keys(policy().bind(KNATIVE).revisionAnnotations!);

    // THEN
    for (const key of ['initial-scale', 'activation-scale', 'scale-down-delay', 'target-burst-capacity', 'target', 'max-scale']) {
      expect(keys).not.toContain(`${K}/${key}`);
    }
  });

  test('the cpu and memory metrics default to 1 pod: their HPA cannot scale to zero', () => {
    // GIVEN / WHEN
    const cpu = policy({ metric: ScalingMetric.CPU });
    const memory = policy({ metric: ScalingMetric.MEMORY, target: 2048 });

    // THEN
    expect(cpu.minReplicas).toBe(1);
    expect(memory.minReplicas).toBe(1);
  });

  test('KFServing targets default to camelCase keys, the others to kebab-case', () => {
    // GIVEN
    const p = policy();

    // WHEN / THEN
    expect(Object.keys(p.bind(KFSERVING_V1BETA1).revisionAnnotations!)).toContain(`${K}/scaleToZeroPodRetentionPeriod`);
    expect(Object.keys(p.bind(KFSERVING_V1ALPHA2).revisionAnnotations!)).toContain(`${K}/targetUtilizationPercentage`);
    expect(Object.keys(p.bind(KSERVE).revisionAnnotations!)).toContain(`${K}/scale-to-zero-pod-retention-period`);
    expect(Object.keys(p.bind(KNATIVE).revisionAnnotations!)).toContain(`${K}/min-scale`);
  });
});

describe('presets', () => {
  const PRESETS = [AutoscalingPreset.GPU_TUNED, AutoscalingPreset.KNATIVE_DEFAULTS, AutoscalingPreset.SEED_GUIDE];
  const METRICS = [ScalingMetric.CONCURRENCY, ScalingMetric.RPS, ScalingMetric.CPU];
  test.each(PRESETS.flatMap((preset) => METRICS.flatMap((metric) => ALL_TARGETS.map(([name, target]) => [`${preset}`, `${metric}`, name, preset, metric, target] as const))))(
    'a policy that takes its annotations from %s renders them as with the values set: %s metric, %s', (_preset, _metric, _target, preset, metric, target) => {
      // GIVEN: the preset's values as props (the HPA class reads only these three of them)
      const hpa = metric === ScalingMetric.CPU;
      const values = preset._revision;
      const explicit: GpuAutoscalingPolicyProps = hpa
        ? { containerConcurrency: values.containerConcurrency, initialScale: values.initialScale, progressDeadline: values.progressDeadline }
        : values;
      const bounds = { minReplicas: 1, maxReplicas: 3 };

      // WHEN: before and after policies of other presets, metrics and targets
      const fromPreset = policy({ preset, metric, ...bounds }).bind(target);
      const setExplicitly = policy({ preset, metric, ...bounds, ...explicit }).bind(target);
      const again = policy({ preset, metric, ...bounds }).bind(target);

      // THEN
      expect(fromPreset.revisionAnnotations).toEqual(setExplicitly.revisionAnnotations);
      expect(again.revisionAnnotations).toEqual(fromPreset.revisionAnnotations);
    });

  test('the annotations a preset shares keep the spelling each policy asks for', () => {
    // GIVEN / WHEN: the same preset and target, kebab-case by default, then camelCase, then the default again
    const spellings = [{}, { annotationKeyStyle: AnnotationKeyStyle.CAMEL_CASE }, {}]
      .map((props) => Object.keys(policy(props).bind(KSERVE).revisionAnnotations!).filter((key) => key.includes('target-utilization') || key.includes('targetUtilization')));

    // THEN
    expect(spellings).toEqual([[`${K}/target-utilization-percentage`], [`${K}/targetUtilizationPercentage`], [`${K}/target-utilization-percentage`]]);
  });

  test('KNATIVE_DEFAULTS writes Knative\'s own defaults explicitly', () => {
    // GIVEN / WHEN
    const p = policy({ preset: AutoscalingPreset.KNATIVE_DEFAULTS });

    // THEN
    expect(p.bind(KNATIVE)).toEqual({
      revisionAnnotations: {
        [`${K}/class`]: 'kpa.autoscaling.knative.dev',
        [`${K}/metric`]: 'concurrency',
        [`${K}/min-scale`]: '0',
        [`${K}/initial-scale`]: '1',
        [`${K}/target-utilization-percentage`]: '70',
        [`${K}/window`]: '1m',
        [`${K}/panic-window-percentage`]: '10',
        [`${K}/panic-threshold-percentage`]: '200',
        [`${K}/target-burst-capacity`]: '211',
        [`${K}/scale-down-delay`]: '0s',
        [`${K}/scale-to-zero-pod-retention-period`]: '0s',
        'serving.knative.dev/progress-deadline': '10m',
      },
      containerConcurrency: 0,
      replicaLimit: 0,
    });
    renderAll(p);
  });

  test('SEED_GUIDE translates the original guide\'s table: 180s window, 90 %, 30s panic window at 200 %, 30 min keep-warm', () => {
    // GIVEN / WHEN
    const p = policy({ preset: AutoscalingPreset.SEED_GUIDE });

    // THEN
    expect(p.bind(KNATIVE)).toEqual({
      revisionAnnotations: {
        [`${K}/class`]: 'kpa.autoscaling.knative.dev',
        [`${K}/metric`]: 'concurrency',
        [`${K}/min-scale`]: '0',
        [`${K}/target-utilization-percentage`]: '90',
        [`${K}/window`]: '3m',
        [`${K}/panic-window-percentage`]: '16.67',
        [`${K}/panic-threshold-percentage`]: '200',
        [`${K}/scale-to-zero-pod-retention-period`]: '30m',
      },
      containerConcurrency: undefined,
      replicaLimit: 0,
    });
    expect(p.progressDeadline).toBeUndefined();
    renderAll(p);
  });

  test('each preset has a name', () => {
    // GIVEN / WHEN / THEN
    expect([AutoscalingPreset.GPU_TUNED, AutoscalingPreset.KNATIVE_DEFAULTS, AutoscalingPreset.SEED_GUIDE].map(String))
      .toEqual(['GPU_TUNED', 'KNATIVE_DEFAULTS', 'SEED_GUIDE']);
  });

  test('a prop set explicitly wins over the preset', () => {
    // GIVEN / WHEN
    const p = policy({ preset: AutoscalingPreset.KNATIVE_DEFAULTS, stableWindow: Duration.seconds(120), panicWindow: Duration.seconds(30) });

    // THEN: 30s of 120s is 25 %
    expect(p.stableWindow?.toSeconds()).toBe(120);
    expect(p.panicWindowPercentage).toBe(25);
    expect(p.targetUtilizationPercent).toBe(70);
  });

  test('the HPA metrics take only the preset\'s containerConcurrency, initial scale and progress deadline', () => {
    // GIVEN / WHEN
    const p = policy({ preset: AutoscalingPreset.KNATIVE_DEFAULTS, metric: ScalingMetric.CPU, target: 60 });

    // THEN
    expect(p.bind(KNATIVE).revisionAnnotations!).toEqual({
      [`${K}/class`]: 'hpa.autoscaling.knative.dev',
      [`${K}/metric`]: 'cpu',
      [`${K}/target`]: '60',
      [`${K}/min-scale`]: '1',
      [`${K}/initial-scale`]: '1',
      'serving.knative.dev/progress-deadline': '10m',
    });
    expect(p.stableWindow).toBeUndefined();
    expect(p.targetUtilizationPercent).toBeUndefined();
  });
});

describe('everything set', () => {
  const everything = (): GpuAutoscalingPolicyProps => ({
    preset: AutoscalingPreset.GPU_TUNED,
    metric: ScalingMetric.CONCURRENCY,
    target: 4,
    targetUtilizationPercent: 80,
    containerConcurrency: 4,
    stableWindow: Duration.seconds(120),
    panicWindow: Duration.seconds(30),
    panicThresholdPercent: 300,
    minReplicas: 1,
    maxReplicas: 8,
    initialScale: 2,
    activationScale: 2,
    scaleDownDelay: Duration.minutes(5),
    scaleToZeroPodRetention: Duration.minutes(10),
    targetBurstCapacity: -1,
    progressDeadline: Duration.minutes(45),
    annotationKeyStyle: AnnotationKeyStyle.KEBAB_CASE,
  });

  test('Knative targets (snapshot)', () => {
    // GIVEN / WHEN
    const p = policy(everything());

    // THEN
    expect(renderAll(p, [['KServe v1beta1 (Knative mode)', KSERVE], ['Knative Service', KNATIVE]])).toMatchSnapshot();
  });

  test('a Knative Service gets every knob as a revision annotation', () => {
    // GIVEN / WHEN
    const rendering = policy(everything()).bind(KNATIVE);

    // THEN
    expect(rendering.revisionAnnotations!).toEqual({
      [`${K}/class`]: 'kpa.autoscaling.knative.dev',
      [`${K}/metric`]: 'concurrency',
      [`${K}/target`]: '4',
      [`${K}/min-scale`]: '1',
      [`${K}/max-scale`]: '8',
      [`${K}/initial-scale`]: '2',
      [`${K}/target-utilization-percentage`]: '80',
      [`${K}/window`]: '2m',
      [`${K}/panic-window-percentage`]: '25',
      [`${K}/panic-threshold-percentage`]: '300',
      [`${K}/target-burst-capacity`]: '-1',
      [`${K}/scale-down-delay`]: '5m',
      [`${K}/scale-to-zero-pod-retention-period`]: '10m',
      [`${K}/activation-scale`]: '2',
      'serving.knative.dev/progress-deadline': '45m',
    });
    expect(rendering.containerConcurrency).toBe(4);
    expect(policy(everything()).bind(KNATIVE).problems ?? []).toEqual([]);
  });

  test('KServe gets typed fields for replicas, metric, target and containerConcurrency', () => {
    // GIVEN / WHEN
    const rendering = policy(everything()).bind(KSERVE);

    // THEN
    expect(rendering).toMatchObject({ minReplicas: 1, maxReplicas: 8, scaleTarget: 4, scaleMetric: 'concurrency', containerConcurrency: 4 });
    expect(rendering.objectAnnotations).toBeUndefined();
    expect(rendering.revisionAnnotations!).not.toHaveProperty([`${K}/target`]);
    expect(rendering.revisionAnnotations!).not.toHaveProperty([`${K}/metric`]);
    expect(rendering.revisionAnnotations![`${K}/activation-scale`]).toBe('2');
  });
});

describe('rendering per target', () => {
  test('InferenceService targets never get min-scale or max-scale annotations: KServe strips them', () => {
    // GIVEN
    const p = policy({ minReplicas: 2, maxReplicas: 5 });

    // WHEN / THEN
    for (const target of [KSERVE, KFSERVING_V1BETA1, KFSERVING_V1ALPHA2]) {
      const rendering = p.bind(target);
      expect(Object.keys(rendering.revisionAnnotations!).filter((key) => /[mM](in|ax)-?[sS]cale$/.test(key))).toEqual([]);
      expect(rendering).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
    }
  });

  test('a Knative Service gets min-scale and max-scale as revision annotations, and no typed replica fields', () => {
    // GIVEN / WHEN
    const rendering = policy({ minReplicas: 2, maxReplicas: 5 }).bind(KNATIVE);

    // THEN
    expect(rendering.revisionAnnotations!).toMatchObject({ [`${K}/min-scale`]: '2', [`${K}/max-scale`]: '5' });
    expect(rendering.minReplicas).toBeUndefined();
    expect(rendering.maxReplicas).toBeUndefined();
  });

  test('KFServing v1beta1 has no scaleTarget or scaleMetric: the target and metric are annotations', () => {
    // GIVEN / WHEN
    const rendering = policy({ metric: ScalingMetric.RPS, target: 5 }).bind(KFSERVING_V1BETA1);

    // THEN
    expect(rendering.revisionAnnotations!).toMatchObject({ [`${K}/metric`]: 'rps', [`${K}/target`]: '5' });
    expect(rendering.scaleTarget).toBeUndefined();
    expect(rendering.scaleMetric).toBeUndefined();
    renderAll(policy({ metric: ScalingMetric.RPS, target: 5 }), [['KFServing v1beta1', KFSERVING_V1BETA1]]);
  });

  test('KFServing v1alpha2 carries containerConcurrency for the service to write as parallelism', () => {
    // GIVEN / WHEN
    const manifest = renderAll(policy({ containerConcurrency: 2, maxReplicas: 3 }), [['v1alpha2', KFSERVING_V1ALPHA2]]).v1alpha2;

    // THEN
    expect(manifest.spec.default.predictor).toEqual({ minReplicas: 0, maxReplicas: 3, parallelism: 2, tensorflow: { storageUri: 'pvc://model-storage/124M/' } });
  });

  test('KFServing targets drop the preset\'s progress deadline: their Knative is older than 1.4', () => {
    // GIVEN / WHEN
    const p = policy();

    // THEN
    expect(p.bind(KFSERVING_V1BETA1).revisionAnnotations!).not.toHaveProperty(['serving.knative.dev/progress-deadline']);
    expect(p.bind(KFSERVING_V1BETA1).problems ?? []).toEqual([]);
  });

  test('a fractional target becomes a decimal annotation on a Knative Service', () => {
    // GIVEN / WHEN
    const rendering = policy({ containerConcurrency: 0, target: 0.5 }).bind(KNATIVE);

    // THEN
    expect(rendering.revisionAnnotations![`${K}/target`]).toBe('0.5');
  });

  test('camelCase keys: the aliased keys are spelled the old way, never both', () => {
    // GIVEN / WHEN
    const annotations = policy({
      annotationKeyStyle: AnnotationKeyStyle.CAMEL_CASE,
      minReplicas: 1,
      maxReplicas: 4,
      initialScale: 1,
      targetBurstCapacity: 0,
      scaleDownDelay: Duration.seconds(30),
    }).bind(KNATIVE).revisionAnnotations!;

    // THEN
    expect(Object.keys(annotations)).toEqual([
      `${K}/class`, `${K}/metric`, `${K}/minScale`, `${K}/maxScale`, `${K}/initialScale`, `${K}/targetUtilizationPercentage`, `${K}/window`,
      `${K}/panicWindowPercentage`, `${K}/panicThresholdPercentage`, `${K}/targetBurstCapacity`, `${K}/scaleDownDelay`,
      `${K}/scaleToZeroPodRetentionPeriod`, 'serving.knative.dev/progress-deadline',
    ]);
  });

  test('kebab-case keys on a KFServing target when asked for explicitly', () => {
    // GIVEN / WHEN
    const annotations = policy({ annotationKeyStyle: AnnotationKeyStyle.KEBAB_CASE }).bind(KFSERVING_V1BETA1).revisionAnnotations!;

    // THEN
    expect(annotations).toHaveProperty([`${K}/target-utilization-percentage`], '90');
    expect(annotations).not.toHaveProperty([`${K}/targetUtilizationPercentage`]);
  });

  test('the cpu metric with KServe: HPA class annotation plus typed scaleMetric and scaleTarget', () => {
    // GIVEN / WHEN
    const p = policy({ metric: ScalingMetric.CPU, target: 70, maxReplicas: 4 });

    // THEN
    expect(p.bind(KSERVE)).toEqual({
      revisionAnnotations: { [`${K}/class`]: 'hpa.autoscaling.knative.dev', 'serving.knative.dev/progress-deadline': '30m' },
      minReplicas: 1,
      maxReplicas: 4,
      containerConcurrency: 1,
      scaleMetric: 'cpu',
      scaleTarget: 70,
      replicaLimit: 4,
    });
    renderAll(p);
  });

  test('each binding is a new object: a service that changes its copy changes no other', () => {
    // GIVEN
    const p = policy();

    // WHEN
    const first = p.bind(KSERVE);

    // THEN
    expect(p.bind({ api: ServingApi.KSERVE_V1BETA1, deploymentMode: DeploymentMode.KNATIVE })).toEqual(first);
    expect(p.bind(KSERVE)).not.toBe(first);
    expect(p.bind(KSERVE).revisionAnnotations!).not.toBe(first.revisionAnnotations!);
  });
});

describe('KServe Standard mode', () => {
  test('renders the HPA autoscaler class on the object, replicas, and the HPA metric', () => {
    // GIVEN
    const p = policy({ metric: ScalingMetric.MEMORY, target: 80, minReplicas: 2, maxReplicas: 6 });

    // WHEN
    const rendering = p.bind(KSERVE_STANDARD);

    // THEN
    expect(rendering).toEqual({
      objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'hpa' },
      minReplicas: 2,
      maxReplicas: 6,
      scaleMetric: 'memory',
      scaleTarget: 80,
      replicaLimit: 6,
    });
    expect(p.bind(KSERVE_STANDARD).problems ?? []).toEqual([]);
    renderAll(p, [['standard', KSERVE_STANDARD]]);
  });

  test('the GPU defaults that only Knative reads are left out, and the floor becomes 1 pod', () => {
    // GIVEN / WHEN
    const p = policy({ maxReplicas: 4 });

    // THEN
    expect(p.bind(KSERVE_STANDARD)).toEqual({
      objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'hpa' },
      minReplicas: 1,
      maxReplicas: 4,
      scaleMetric: undefined,
      scaleTarget: undefined,
      replicaLimit: 4,
    });
    expect(p.bind(KSERVE_STANDARD).problems ?? []).toEqual([]);
  });

  test('Knative-only knobs set explicitly are refused', () => {
    // GIVEN
    const p = policy({
      metric: ScalingMetric.CPU,
      maxReplicas: 4,
      containerConcurrency: 2,
      stableWindow: Duration.seconds(60),
      initialScale: 1,
      progressDeadline: Duration.minutes(20),
      annotationKeyStyle: AnnotationKeyStyle.CAMEL_CASE,
    });

    // WHEN / THEN
    const fix = 'does nothing in KServe Standard mode, where no Knative revision exists. Remove it, or use DeploymentMode.KNATIVE';
    expect(p.bind(KSERVE_STANDARD).problems ?? []).toEqual([
      `'containerConcurrency' is 2: ${fix}`,
      `'stableWindow' is 1 minute: ${fix}`,
      `'initialScale' is 1: ${fix}`,
      `'progressDeadline' is 20 minutes: ${fix}`,
      `'annotationKeyStyle' is "camelCase": ${fix}`,
    ]);
  });

  test('the KPA knobs set explicitly are refused too', () => {
    // GIVEN
    const p = policy({ maxReplicas: 4, minReplicas: 1, targetUtilizationPercent: 80, scaleDownDelay: Duration.seconds(30) });

    // WHEN / THEN
    expect(p.bind(KSERVE_STANDARD).problems ?? []).toEqual([
      '\'targetUtilizationPercent\' is 80: does nothing in KServe Standard mode, where no Knative revision exists. Remove it, or use DeploymentMode.KNATIVE',
      '\'scaleDownDelay\' is 30 seconds: does nothing in KServe Standard mode, where no Knative revision exists. Remove it, or use DeploymentMode.KNATIVE',
    ]);
  });

  test('a concurrency metric or target, minReplicas 0 and an unlimited maxReplicas are refused', () => {
    // GIVEN
    const p = policy({ metric: ScalingMetric.CONCURRENCY, target: 1, minReplicas: 0 });

    // WHEN / THEN
    expect(p.bind(KSERVE_STANDARD).problems ?? []).toEqual([
      '\'metric\' is "concurrency": KServe Standard mode scales with an HPA on cpu or memory only. Use ScalingMetric.CPU or ScalingMetric.MEMORY, or DeploymentMode.KNATIVE',
      '\'minReplicas\' is 0: the HPA of KServe Standard mode cannot scale to zero (KServe quietly uses 1). Use 1 or more, or DeploymentMode.KNATIVE for scale to zero',
      '\'maxReplicas\' is 0: KServe Standard mode raises a maxReplicas of 0 to minReplicas, so the HPA never scales. Set maxReplicas on the service\'s GpuAutoscalingPolicy',
    ]);
  });

  test('the same policy is fine on the Knative targets', () => {
    // GIVEN
    const p = policy({ metric: ScalingMetric.CONCURRENCY, target: 1, minReplicas: 0 });

    // WHEN / THEN
    for (const target of [KSERVE, KFSERVING_V1BETA1, KFSERVING_V1ALPHA2, KNATIVE]) expect(p.bind(target).problems ?? []).toEqual([]);
  });
});

describe('what a target cannot express', () => {
  test('KServe\'s scaleTarget is a whole number', () => {
    // GIVEN
    const p = policy({ containerConcurrency: 0, target: 2.5 });

    // WHEN / THEN
    expect(p.bind(KSERVE).problems ?? []).toEqual([
      '\'target\' is 2.5: KServe\'s scaleTarget is a whole number. Use a whole number; to aim below containerConcurrency, lower targetUtilizationPercent',
    ]);
    expect(p.bind(KNATIVE).problems ?? []).toEqual([]);
    expect(p.bind(KFSERVING_V1BETA1).problems ?? []).toEqual([]);
  });

  test.each([
    [100, []],
    [101, ['\'target\' is 101: KServe rejects a scaleTarget above 100 with the cpu metric. Use 100 or less']],
  ])('KServe rejects an HPA scaleTarget above 100 (%d)', (target, problems) => {
    // GIVEN
    const p = policy({ metric: ScalingMetric.CPU, target, maxReplicas: 2 });

    // WHEN / THEN
    expect(p.bind(KSERVE).problems ?? []).toEqual(problems);
    expect(p.bind(KSERVE_STANDARD).problems ?? []).toEqual(problems);
    expect(p.bind(KNATIVE).problems ?? []).toEqual([]);
  });

  test('KFServing refuses activationScale and progressDeadline: they need Knative >= 1.7 and >= 1.4', () => {
    // GIVEN
    const p = policy({ activationScale: 2, progressDeadline: Duration.minutes(20), annotationKeyStyle: AnnotationKeyStyle.KEBAB_CASE });

    // WHEN / THEN
    const problems = [
      '\'activationScale\' is 2: needs Knative >= 1.7, which needs Kubernetes >= 1.22, where KFServing\'s apiextensions v1beta1 CRDs no longer install. Remove it, or use ServingApi.KSERVE_V1BETA1',
      '\'progressDeadline\' is 20 minutes: needs Knative >= 1.4, which needs Kubernetes >= 1.22, where KFServing\'s apiextensions v1beta1 CRDs no longer install. Remove it, or use ServingApi.KSERVE_V1BETA1',
    ];
    expect(p.bind(KFSERVING_V1BETA1).problems ?? []).toEqual(problems);
    expect(p.bind(KFSERVING_V1ALPHA2).problems ?? []).toEqual(problems);
    expect(p.bind(KSERVE).problems ?? []).toEqual([]);
  });
});

/**
 * Bounds, transcribed from knative/serving pkg/apis/autoscaling/annotation_validation_test.go
 * (TestValidateAnnotations) where a case exists, plus the edges of each range. Negative durations
 * (the "-42s" cases) cannot be written: cdk8s `Duration` rejects them.
 */
describe('bounds', () => {
  const fixInt = (min: number, max: number, fix: string) => `must be a whole number from ${min} to ${max}. ${fix}`;

  describe.each([
    // name, props, problem (undefined = accepted)
    ['minScale is 0', { minReplicas: 0 }, undefined],
    ['minScale is -1', { minReplicas: -1 }, `'minReplicas' is -1: ${fixInt(0, 2147483647, 'Use 0 to allow scale to zero')}`],
    ['minScale is 5', { minReplicas: 5 }, undefined],
    ['minScale is 2147483647', { minReplicas: 2147483647 }, undefined],
    ['minScale is 1.5', { minReplicas: 1.5 }, `'minReplicas' is 1.5: ${fixInt(0, 2147483647, 'Use 0 to allow scale to zero')}`],
    ['maxScale is 0', { maxReplicas: 0 }, undefined],
    ['maxScale is 2', { maxReplicas: 2 }, undefined],
    ['maxScale is -1', { maxReplicas: -1 }, `'maxReplicas' is -1: ${fixInt(0, 2147483647, 'Use 0 for no per-service cap')}`],
    ['maxScale is huuuuuuuge (2147483648)', { maxReplicas: 2147483648 }, `'maxReplicas' is 2147483648: ${fixInt(0, 2147483647, 'Use 0 for no per-service cap')}`],
    ['maxScale is 2147483647', { maxReplicas: 2147483647 }, undefined],
    ['minScale is 2, maxScale is 5', { minReplicas: 2, maxReplicas: 5 }, undefined],
    ['minScale is 5, maxScale is 5', { minReplicas: 5, maxReplicas: 5 }, undefined],
    ['minScale is 5, maxScale is 2', { minReplicas: 5, maxReplicas: 2 }, '\'maxReplicas\' is 2: is less than minReplicas (5). Use 5 or more, or 0 for no cap'],
    ['minScale is 5, maxScale is 0 (unlimited)', { minReplicas: 5, maxReplicas: 0 }, undefined],
    ['panic window percentage 1 (1s of 100s)', { stableWindow: Duration.seconds(100), panicWindow: Duration.seconds(1) }, undefined],
    ['panic window percentage 100 (100s of 100s)', { stableWindow: Duration.seconds(100), panicWindow: Duration.seconds(100) }, undefined],
    ['panic window percentange bad2 (202 %)', { stableWindow: Duration.seconds(100), panicWindow: Duration.seconds(202) },
      '\'panicWindow\' is 3 minutes 22 seconds: is 202 % of the stable window (100s), and Knative\'s panic-window-percentage must be from 1 to 100. Use a panic window from 1s to 100s'],
    ['panic window percentage below 1 (1s of 180s)', { panicWindow: Duration.seconds(1) },
      '\'panicWindow\' is 1 second: is 0.56 % of the stable window (3m), and Knative\'s panic-window-percentage must be from 1 to 100. Use a panic window from 2s to 3m'],
    ['panic window 2s of 180s (1.11 %)', { panicWindow: Duration.seconds(2) }, undefined],
    ['panic window that does not round-trip (2.5s)', { panicWindow: Duration.millis(2500) },
      '\'panicWindow\' is 2 seconds 500 millis: Knative derives the panic window in whole seconds from a percentage of the stable window (3m), and 1.39 % gives 3s. Use a whole number of seconds'],
    ['panic threshold percentange good (210)', { panicThresholdPercent: 210 }, undefined],
    ['panic threshold percentange bad2 (109)', { panicThresholdPercent: 109 }, '\'panicThresholdPercent\' is 109: must be from 110 to 1000. Use 200 to panic when demand doubles'],
    ['panic threshold 110', { panicThresholdPercent: 110 }, undefined],
    ['panic threshold 1000', { panicThresholdPercent: 1000 }, undefined],
    ['panic threshold 1001', { panicThresholdPercent: 1001 }, '\'panicThresholdPercent\' is 1001: must be from 110 to 1000. Use 200 to panic when demand doubles'],
    ['panic threshold percentange bad2.5 (10009)', { panicThresholdPercent: 10009 }, '\'panicThresholdPercent\' is 10009: must be from 110 to 1000. Use 200 to panic when demand doubles'],
    ['target negative', { containerConcurrency: 0, target: -11 }, '\'target\' is -11: must be at least 0.01, Knative\'s smallest target. Use a positive target such as 1'],
    ['target 0', { containerConcurrency: 0, target: 0 }, '\'target\' is 0: must be at least 0.01, Knative\'s smallest target. Use a positive target such as 1'],
    ['target 0.0099', { containerConcurrency: 0, target: 0.0099 }, '\'target\' is 0.0099: must be at least 0.01, Knative\'s smallest target. Use a positive target such as 1'],
    ['target 0.01', { containerConcurrency: 0, target: 0.01 }, undefined],
    ['target okay (11)', { containerConcurrency: 0, target: 11 }, undefined],
    ['target equal to containerConcurrency', { containerConcurrency: 4, target: 4 }, undefined],
    ['target above containerConcurrency', { containerConcurrency: 4, target: 5 },
      '\'target\' is 5: is above containerConcurrency (4), and Knative quietly caps it there. Use 4 or less, or raise containerConcurrency'],
    ['rps target above containerConcurrency (not capped)', { metric: ScalingMetric.RPS, containerConcurrency: 1, target: 5 }, undefined],
    ['TBC negative', { targetBurstCapacity: -11 },
      '\'targetBurstCapacity\' is -11: must be -1 (the activator always stays in the request path) or at least 0. Use 0 to take the activator out of the path once pods are up, or -1 to keep it there'],
    ['TBC -0.5', { targetBurstCapacity: -0.5 },
      '\'targetBurstCapacity\' is -0.5: must be -1 (the activator always stays in the request path) or at least 0. Use 0 to take the activator out of the path once pods are up, or -1 to keep it there'],
    ['TBC 0', { targetBurstCapacity: 0 }, undefined],
    ['TBC 19870709', { targetBurstCapacity: 19870709 }, undefined],
    ['TBC -1', { targetBurstCapacity: -1 }, undefined],
    ['TU too small (0)', { targetUtilizationPercent: 0 }, '\'targetUtilizationPercent\' is 0: must be from 1 to 100. Give a percentage (90 for 90 %), not a fraction'],
    ['TU a fraction (0.9)', { targetUtilizationPercent: 0.9 }, '\'targetUtilizationPercent\' is 0.9: must be from 1 to 100. Give a percentage (90 for 90 %), not a fraction'],
    ['TU 1', { targetUtilizationPercent: 1 }, undefined],
    ['TU 100', { targetUtilizationPercent: 100 }, undefined],
    ['TU too big (101)', { targetUtilizationPercent: 101 }, '\'targetUtilizationPercent\' is 101: must be from 1 to 100. Give a percentage (90 for 90 %), not a fraction'],
    ['window too short (1s)', { stableWindow: Duration.seconds(1) }, '\'stableWindow\' is 1 second: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['window 5s', { stableWindow: Duration.seconds(5) }, '\'stableWindow\' is 5 seconds: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['window 6s', { stableWindow: Duration.seconds(6), panicWindow: Duration.seconds(1) }, undefined],
    ['window 1h', { stableWindow: Duration.hours(1), panicWindow: Duration.seconds(36) }, undefined],
    ['window 1h1s', { stableWindow: Duration.seconds(3601) }, '\'stableWindow\' is 1 hour 1 second: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    // cdk8s's own human form reads whole hours wrongly ("1 hour 60 minutes"): the message has its own.
    ['window too long (2h)', { stableWindow: Duration.hours(2) }, '\'stableWindow\' is 2 hours: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['window too long (25h)', { stableWindow: Duration.hours(25) }, '\'stableWindow\' is 1 day 1 hour: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['window too long (365h)', { stableWindow: Duration.hours(365) }, '\'stableWindow\' is 15 days 5 hours: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['window too precise (1m9s82ms)', { stableWindow: Duration.millis(69082) },
      '\'stableWindow\' is 69082 ms: has a fraction of a second (69082ms) and Knative accepts whole seconds only. Round it to whole seconds'],
    ['all together now, succeed (window 1984s)', { stableWindow: Duration.seconds(1984), panicThresholdPercent: 125, minReplicas: 5, maxReplicas: 8 }, undefined],
    ['valid 0 last pod scaledown timeout', { scaleToZeroPodRetention: Duration.seconds(0) }, undefined],
    ['valid positive last pod scaledown timeout (21m31s)', { scaleToZeroPodRetention: Duration.seconds(1291) }, undefined],
    ['retention 1h', { scaleToZeroPodRetention: Duration.hours(1) }, undefined],
    ['retention with sub-second precision (no precision check)', { scaleToZeroPodRetention: Duration.millis(1500) }, undefined],
    ['invalid positive last pod scaledown timeout (311m)', { scaleToZeroPodRetention: Duration.minutes(311) },
      '\'scaleToZeroPodRetention\' is 5 hours 11 minutes: must be at most 1h. Use 1h or less'],
    ['retention 1h1s', { scaleToZeroPodRetention: Duration.seconds(3601) }, '\'scaleToZeroPodRetention\' is 1 hour 1 second: must be at most 1h. Use 1h or less'],
    ['valid 0 scale down delay', { scaleDownDelay: Duration.seconds(0) }, undefined],
    ['valid positive scale down delay (21m31s)', { scaleDownDelay: Duration.seconds(1291) }, undefined],
    ['scale down delay 1h', { scaleDownDelay: Duration.hours(1) }, undefined],
    ['invalid positive scale down delay (311m)', { scaleDownDelay: Duration.minutes(311) }, '\'scaleDownDelay\' is 5 hours 11 minutes: must be at most 1h. Use 1h or less'],
    ['invalid positive scale down delay - too precise (42.5s)', { scaleDownDelay: Duration.millis(42500) },
      '\'scaleDownDelay\' is 42 seconds 500 millis: has a fraction of a second (42500ms) and Knative accepts whole seconds only. Round it to whole seconds'],
    ['initial scale is zero (accepted, with a warning)', { initialScale: 0 }, undefined],
    ['initial scale is greater than 0 (2)', { initialScale: 2 }, undefined],
    ['initial scale -1', { initialScale: -1 }, `'initialScale' is -1: ${fixInt(0, 2147483647, 'Use 1 to start one pod per new revision')}`],
    ['initial scale 1.5', { initialScale: 1.5 }, `'initialScale' is 1.5: ${fixInt(0, 2147483647, 'Use 1 to start one pod per new revision')}`],
    ['activation scale 1', { activationScale: 1 }, `'activationScale' is 1: ${fixInt(2, 2147483647, 'Leave it unset to start one pod at a time from zero')}`],
    ['activation scale 2', { activationScale: 2 }, undefined],
    ['activation scale below minReplicas', { minReplicas: 3, activationScale: 2 }, '\'activationScale\' is 2: is less than minReplicas (3). Use 3 or more'],
    ['activation scale equal to maxReplicas', { maxReplicas: 3, activationScale: 3 }, undefined],
    ['activation scale above maxReplicas', { maxReplicas: 3, activationScale: 4 }, '\'activationScale\' is 4: is more than maxReplicas (3). Use 3 or less'],
    ['activation scale with maxReplicas 0 (unlimited)', { maxReplicas: 0, activationScale: 100 }, undefined],
    ['containerConcurrency 0 (unlimited)', { containerConcurrency: 0 }, undefined],
    ['containerConcurrency 1000', { containerConcurrency: 1000 }, undefined],
    ['containerConcurrency -1', { containerConcurrency: -1 },
      '\'containerConcurrency\' is -1: must be a whole number from 0 to 1000. Use 1 to serve one request per GPU at a time, or 0 for no limit (1000 is Knative\'s default container-concurrency-max-limit)'],
    ['containerConcurrency 1001', { containerConcurrency: 1001 },
      '\'containerConcurrency\' is 1001: must be a whole number from 0 to 1000. Use 1 to serve one request per GPU at a time, or 0 for no limit (1000 is Knative\'s default container-concurrency-max-limit)'],
    ['containerConcurrency 1.5', { containerConcurrency: 1.5 },
      '\'containerConcurrency\' is 1.5: must be a whole number from 0 to 1000. Use 1 to serve one request per GPU at a time, or 0 for no limit (1000 is Knative\'s default container-concurrency-max-limit)'],
    ['progress deadline 1s', { progressDeadline: Duration.seconds(1) }, undefined],
    ['progress deadline 0s', { progressDeadline: Duration.seconds(0) }, '\'progressDeadline\' is 0 seconds: must be positive. Use Duration.minutes(30) for large GPU models'],
    ['progress deadline 2147483647s, the int32 progressDeadlineSeconds Knative writes', { progressDeadline: Duration.seconds(2147483647) }, undefined],
    ['progress deadline 2147483648s', { progressDeadline: Duration.seconds(2147483648) },
      '\'progressDeadline\' is 24855 days 3 hours: must be at most 2147483647s (596523h14m7s), since it becomes the Deployment\'s '
        + 'progressDeadlineSeconds, an int32. Use a shorter deadline, such as Duration.minutes(30)'],
    ['progress deadline 1.5s', { progressDeadline: Duration.millis(1500) },
      '\'progressDeadline\' is 1 second 500 millis: has a fraction of a second (1500ms) and Knative accepts whole seconds only. Round it to whole seconds'],
    ['valid class KPA with metric RPS', { metric: ScalingMetric.RPS }, undefined],
    ['valid class HPA with metric CPU', { metric: ScalingMetric.CPU }, undefined],
  ] as [string, GpuAutoscalingPolicyProps, string | undefined][])('%s', (_name, props, problem) => {
    test(problem === undefined ? 'is accepted' : 'is rejected', () => {
      // GIVEN / WHEN / THEN
      expect(problemOf(props)).toBe(problem);
    });
  });

  test('every problem is reported at once ("all together now fail")', () => {
    // GIVEN
    const props: GpuAutoscalingPolicyProps = {
      panicThresholdPercent: 50, panicWindow: Duration.seconds(200), minReplicas: -4, maxReplicas: 1.5, containerConcurrency: 0, target: 0,
    };

    // WHEN / THEN
    expect(() => policy(props)).toThrow(invalid(
      '\'target\' is 0: must be at least 0.01, Knative\'s smallest target. Use a positive target such as 1',
      '\'panicWindow\' is 3 minutes 20 seconds: is 111.11 % of the stable window (3m), and Knative\'s panic-window-percentage must be from 1 to 100. Use a panic window from 2s to 3m',
      '\'panicThresholdPercent\' is 50: must be from 110 to 1000. Use 200 to panic when demand doubles',
      '\'minReplicas\' is -4: must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero',
      '\'maxReplicas\' is 1.5: must be a whole number from 0 to 2147483647. Use 0 for no per-service cap',
    ));
  });
});

describe('metric and class', () => {
  test('the KPA knobs set explicitly are refused with an HPA metric', () => {
    // GIVEN
    const props: GpuAutoscalingPolicyProps = {
      metric: ScalingMetric.CPU,
      targetUtilizationPercent: 80,
      panicWindow: Duration.seconds(10),
      panicThresholdPercent: 200,
      targetBurstCapacity: 0,
      scaleDownDelay: Duration.seconds(30),
      scaleToZeroPodRetention: Duration.minutes(1),
      activationScale: 2,
    };

    // WHEN / THEN
    const rule = 'applies only to the concurrency and rps metrics (Knative\'s KPA); the HPA class of the cpu metric ignores it. Remove it, or use ScalingMetric.CONCURRENCY or ScalingMetric.RPS';
    expect(() => policy(props)).toThrow(invalid(
      `'targetUtilizationPercent' is 80: ${rule}`,
      `'panicWindow' is 10 seconds: ${rule}`,
      `'panicThresholdPercent' is 200: ${rule}`,
      `'targetBurstCapacity' is 0: ${rule}`,
      `'scaleDownDelay' is 30 seconds: ${rule}`,
      `'scaleToZeroPodRetention' is 1 minute: ${rule}`,
      `'activationScale' is 2: ${rule}`,
    ));
  });

  test('minReplicas 0 is refused with an HPA metric', () => {
    // GIVEN / WHEN / THEN
    expect(() => policy({ metric: ScalingMetric.CPU, minReplicas: 0 })).toThrow(invalid(
      '\'minReplicas\' is 0: the HPA class of the cpu metric cannot scale to zero. Use 1 or more, or ScalingMetric.CONCURRENCY to allow scale to zero',
    ));
  });

  test('the memory metric needs a target', () => {
    // GIVEN / WHEN / THEN
    expect(() => policy({ metric: ScalingMetric.MEMORY })).toThrow(invalid(
      '\'target\' is undefined: the memory metric has no default target, and without one Knative\'s HPA falls back to 80 % CPU. Set the memory per pod to aim at, in MiB (percent in KServe Standard mode)',
    ));
  });

  test('an HPA metric may set its stable window explicitly', () => {
    // GIVEN / WHEN
    const p = policy({ metric: ScalingMetric.CPU, stableWindow: Duration.seconds(60) });

    // THEN
    expect(p.bind(KNATIVE).revisionAnnotations![`${K}/window`]).toBe('1m');
  });

  test('activation scale cannot be combined with camelCase keys', () => {
    // GIVEN / WHEN / THEN
    expect(() => policy({ activationScale: 2, annotationKeyStyle: AnnotationKeyStyle.CAMEL_CASE })).toThrow(invalid(
      '\'activationScale\' is 2: needs Knative >= 1.7, but camelCase annotation keys are for Knative < 1.1. Remove it, or use AnnotationKeyStyle.KEBAB_CASE',
    ));
  });
});

describe('warnings', () => {
  test('an initial scale of 0 depends on the cluster allowing it', () => {
    // GIVEN / WHEN
    const p = policy({ initialScale: 0 });

    // THEN
    const warning = '\'initialScale\' is 0: Knative accepts it only when the cluster\'s config-autoscaler sets allow-zero-initial-scale: "true" '
      + '(KServe quietly drops it otherwise). Set allowZeroInitialScale on the KnativeAutoscalerConfig.';
    expect(p.warnings).toEqual([warning]);
    expect(p.bind(KSERVE).warnings).toEqual([warning]);
  });

  test('a pod retention has no effect above zero', () => {
    // GIVEN / WHEN
    const p = policy({ minReplicas: 1, scaleToZeroPodRetention: Duration.minutes(10) });

    // THEN
    expect(p.warnings).toEqual(['\'scaleToZeroPodRetention\' is 10m: it has no effect while minReplicas (1) keeps the service above zero.']);
  });

  test('the preset\'s retention draws no warning when minReplicas is above zero', () => {
    // GIVEN / WHEN
    const p = policy({ minReplicas: 1 });

    // THEN
    expect(p.warnings).toEqual([]);
    expect(p.bind(KSERVE).warnings).toBeUndefined();
  });

  test('warnings returns a copy', () => {
    // GIVEN
    const p = policy({ initialScale: 0 });

    // WHEN
    p.warnings.push('changed');

    // THEN
    expect(p.warnings).toHaveLength(1);
  });
});

describe('explain()', () => {
  test('the GPU-tuned defaults', () => {
    // GIVEN / WHEN / THEN
    expect(policy().explain()).toBe([
      'Knative KPA on concurrency, preset GPU_TUNED.',
      '- Per pod: at most 1 request at a time (containerConcurrency 1); Knative aims at 0.9 in-flight requests per pod (1 x 90 %).',
      '- Panic: when the 30s average needs 200 % of the ready pods (about 1.8 per ready pod; with one ready pod, anything above 0.9), '
        + 'Knative scales on the 30s average and does not scale down until 3m after the burst.',
      '- Pods: 0 to the cluster\'s max-scale (unlimited by default).',
      '- When traffic stops: after the 3m stable window no pod is needed; the last pod is kept for the 30m scale-to-zero-pod-retention-period, '
        + 'so the service reaches zero about 33m after the last request. The next request waits for a GPU cold start.',
      '- Relies on these cluster-wide values (Knative\'s defaults shown): enable-scale-to-zero (true), scale-to-zero-grace-period (30s), '
        + 'max-scale-up-rate (1000), max-scale-down-rate (2), target-burst-capacity (211), scale-down-delay (0s), max-scale (0, unlimited), initial-scale (1).',
      '- KServe Standard mode uses only minReplicas, maxReplicas, metric and target.',
    ].join('\n'));
  });

  test('Knative\'s defaults: the cluster\'s concurrency target, and zero after the grace period', () => {
    // GIVEN / WHEN
    const lines = policy({ preset: AutoscalingPreset.KNATIVE_DEFAULTS }).explain().split('\n');

    // THEN
    expect(lines[1]).toBe('- Per pod: no limit on requests at a time (containerConcurrency 0); Knative aims at 70 in-flight requests per pod '
      + '(the cluster\'s container-concurrency-target-default (100) x 70 %).');
    expect(lines[4]).toBe('- When traffic stops: after the 1m stable window no pod is needed; the last pod goes once the activator is in the request path '
      + '(at most the cluster\'s scale-to-zero-grace-period, 30s), so the service reaches zero about 90s after the last request. The next request waits for a GPU cold start.');
    expect(lines[5]).toBe('- Relies on these cluster-wide values (Knative\'s defaults shown): enable-scale-to-zero (true), scale-to-zero-grace-period (30s), '
      + 'max-scale-up-rate (1000), max-scale-down-rate (2), container-concurrency-target-default (100), max-scale (0, unlimited).');
  });

  test('a floor above zero, a scale-down delay, a target and a higher panic threshold', () => {
    // GIVEN / WHEN
    const p = policy({
      minReplicas: 2, maxReplicas: 10, containerConcurrency: 4, target: 2, panicThresholdPercent: 300, scaleDownDelay: Duration.minutes(5),
    });
    const lines = p.explain().split('\n');

    // THEN
    expect(lines[1]).toBe('- Per pod: at most 4 requests at a time (containerConcurrency 4); Knative aims at 1.8 in-flight requests per pod (2 x 90 %).');
    expect(lines[2]).toBe('- Panic: when the 30s average needs 300 % of the ready pods (about 5.4 per ready pod; with one ready pod, anything above 3.6), '
      + 'Knative scales on the 30s average and does not scale down until 3m after the burst.');
    expect(lines[3]).toBe('- Pods: 2 to 10.');
    expect(lines[4]).toBe('- When traffic stops: after the 3m stable window plus the 5m scale-down delay it scales down to 2 pods and never to zero.');
  });

  test('rps without a target relies on the cluster\'s rps default', () => {
    // GIVEN / WHEN
    const lines = policy({ metric: ScalingMetric.RPS }).explain().split('\n');

    // THEN
    expect(lines[1]).toBe('- Per pod: Knative aims at 180 requests/s per pod (the cluster\'s requests-per-second-target-default (200 requests/s) x 90 %).');
    expect(lines[5]).toContain('requests-per-second-target-default (200)');
  });

  test('rps with a target, and concurrency without a limit', () => {
    // GIVEN / WHEN
    const rps = policy({ metric: ScalingMetric.RPS, target: 10 }).explain().split('\n');
    const unlimited = policy({ containerConcurrency: 0, target: 8 }).explain().split('\n');

    // THEN
    expect(rps[1]).toBe('- Per pod: Knative aims at 9 requests/s per pod (10 requests/s x 90 %).');
    expect(unlimited[1]).toBe('- Per pod: no limit on requests at a time (containerConcurrency 0); Knative aims at 7.2 in-flight requests per pod (8 x 90 %).');
  });

  test('the cpu metric without a target uses the HPA\'s 80 %', () => {
    // GIVEN / WHEN / THEN
    expect(policy({ metric: ScalingMetric.CPU }).explain().split('\n')[1]).toBe('- Per pod: the HPA keeps average CPU at 80 % of the request (the HPA default).');
  });

  test('the HPA class: CPU target and no scale to zero', () => {
    // GIVEN / WHEN
    const lines = policy({ metric: ScalingMetric.CPU, target: 70, maxReplicas: 4 }).explain().split('\n');

    // THEN
    expect(lines).toEqual([
      'Knative HPA class on cpu, preset GPU_TUNED.',
      '- Per pod: the HPA keeps average CPU at 70 % of the request.',
      '- Pods: 1 to 4.',
      '- When traffic stops: after the HPA\'s scale-down stabilization (5m by default) the HPA scales down to 1 pod; it never scales to zero.',
      '- Relies on these cluster-wide values (Knative\'s defaults shown): initial-scale (1).',
      '- KServe Standard mode uses only minReplicas, maxReplicas, metric and target.',
    ]);
  });

  test('the memory metric and an HPA stable window', () => {
    // GIVEN / WHEN
    const lines = policy({ metric: ScalingMetric.MEMORY, target: 2048, stableWindow: Duration.seconds(60) }).explain().split('\n');

    // THEN
    expect(lines[1]).toBe('- Per pod: the HPA keeps average memory at 2048 MiB per pod.');
    expect(lines[3]).toBe('- When traffic stops: after the 1m window the HPA scales down to 1 pod; it never scales to zero.');
  });
});

describe('found by the property tests (test/properties)', () => {
  test('Durations cdk8s cannot convert are problems of their props, not a crash', () => {
    // GIVEN / WHEN / THEN
    expect(() => policy({ scaleDownDelay: Duration.millis(NaN), stableWindow: Duration.seconds(Infinity) })).toThrow(invalid(
      '\'stableWindow\' is Infinity ms: must be a finite, whole number of milliseconds. For example Duration.seconds(30)',
      '\'scaleDownDelay\' is NaN ms: must be a finite, whole number of milliseconds. For example Duration.seconds(30)',
    ));
  });
});
