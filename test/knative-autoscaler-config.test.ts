import { Duration, Testing } from 'cdk8s';
import { platformKnativeConfig } from '../examples/platform-knative-config';
import {
  AutoscalerClass, AutoscalingPreset, KnativeAutoscalerConfig, KnativeAutoscalerConfigProps, KnativeFeatureFlags, KnativeOperatorConfig,
} from '../src';
import { expectValidManifests } from './support/manifest-schema';

function synth(props: KnativeAutoscalerConfigProps = {}) {
  const chart = Testing.chart();
  const config = new KnativeAutoscalerConfig(chart, 'Autoscaler', props);
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
  return { config, manifests, configMap: manifests[0] };
}

/** The single problem of an invalid config, or undefined when the props are valid. */
function problemOf(props: KnativeAutoscalerConfigProps): string | undefined {
  try {
    synth(props);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace("Invalid KnativeAutoscalerConfig at 'test/Autoscaler':\n  - ", '');
  }
}

describe('defaults', () => {
  test('no preset: an empty config-autoscaler in knative-serving (snapshot)', () => {
    // GIVEN / WHEN
    const { config, manifests } = synth();

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests).toHaveLength(1);
    expect(manifests[0].metadata).toEqual({
      name: 'config-autoscaler',
      namespace: 'knative-serving',
      labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/component': 'autoscaler' },
    });
    expect(config.preset).toBeUndefined();
    expect(config.namespace).toBe('knative-serving');
    expect(config.data).toEqual({});
    expect(config.warnings).toEqual([]);
  });

  test('the warnings assume a 60s cold start and a burst of 20 GPU pods', () => {
    // GIVEN / WHEN
    const { config } = synth({ maxScaleUpRate: 2 });

    // THEN: 0 -> 2 -> 4 -> 8 -> 16 -> 20 is five rounds (knative-autoscaling.md §3.5)
    expect(config.warnings[0]).toContain('a burst from 0 to 20 GPU pods takes 5 rounds of cold starts (about 5m with a 1m cold start)');
  });

  test('the ConfigMap is the construct\'s default child', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const config = new KnativeAutoscalerConfig(chart, 'Autoscaler');

    // THEN
    expect(config.node.defaultChild?.node.id).toBe('Resource');
  });
});

describe('presets', () => {
  test('GPU_TUNED (snapshot)', () => {
    // GIVEN / WHEN
    const { manifests, config } = synth({ preset: AutoscalingPreset.GPU_TUNED });

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(config.data).toEqual({
      'container-concurrency-target-percentage': '90',
      'stable-window': '3m',
      'panic-window-percentage': '16.67',
      'panic-threshold-percentage': '200',
      'enable-scale-to-zero': 'true',
      'scale-to-zero-pod-retention-period': '30m',
    });
    expect(config.warnings).toEqual([]);
  });

  test('KNATIVE_DEFAULTS writes every key at Knative\'s default', () => {
    // GIVEN / WHEN
    const { config } = synth({ preset: AutoscalingPreset.KNATIVE_DEFAULTS });

    // THEN
    expect(config.data).toEqual({
      'container-concurrency-target-percentage': '70',
      'container-concurrency-target-default': '100',
      'requests-per-second-target-default': '200',
      'target-burst-capacity': '211',
      'stable-window': '1m',
      'panic-window-percentage': '10',
      'panic-threshold-percentage': '200',
      'max-scale-up-rate': '1000',
      'max-scale-down-rate': '2',
      'enable-scale-to-zero': 'true',
      'scale-to-zero-grace-period': '30s',
      'scale-to-zero-pod-retention-period': '0s',
      'pod-autoscaler-class': 'kpa.autoscaling.knative.dev',
      'activator-capacity': '100',
      'initial-scale': '1',
      'allow-zero-initial-scale': 'false',
      'min-scale': '0',
      'max-scale': '0',
      'scale-down-delay': '0s',
      'max-scale-limit': '0',
    });
    expect(config.warnings).toEqual([]);
  });

  test('SEED_GUIDE keeps the guide\'s rates and warns that 1.5 throttles GPU scale-up', () => {
    // GIVEN / WHEN
    const { config } = synth({ preset: AutoscalingPreset.SEED_GUIDE });

    // THEN
    expect(config.data).toEqual({
      'container-concurrency-target-percentage': '90',
      'stable-window': '3m',
      'panic-window-percentage': '16.67',
      'panic-threshold-percentage': '200',
      'max-scale-up-rate': '1.5',
      'max-scale-down-rate': '1.01',
      'enable-scale-to-zero': 'true',
      'scale-to-zero-pod-retention-period': '30m',
    });
    expect(config.warnings).toEqual([
      '\'maxScaleUpRate\' is 1.5: a burst from 0 to 20 GPU pods takes 7 rounds of cold starts (about 7m with a 1m cold start) instead of one, '
      + 'because Knative allows at most ceil(1.5 x ready pods) per step and pods still starting do not count. '
      + 'Leave it at Knative\'s 1000 and cap GPU spend per service with maxReplicas.',
    ]);
  });

  test('a prop set explicitly wins over the preset, and the panic window follows the new stable window', () => {
    // GIVEN / WHEN
    const { config } = synth({ preset: AutoscalingPreset.SEED_GUIDE, stableWindow: Duration.seconds(120), maxScaleUpRate: undefined });

    // THEN: 30s of 120s is 25 %; a prop given as undefined keeps the preset's value
    expect(config.data).toMatchObject({ 'stable-window': '2m', 'panic-window-percentage': '25', 'max-scale-up-rate': '1.5' });
  });

  test('tick-interval, panic-window and _example are never written', () => {
    // GIVEN / WHEN
    const keys = [AutoscalingPreset.GPU_TUNED, AutoscalingPreset.KNATIVE_DEFAULTS, AutoscalingPreset.SEED_GUIDE]
      .flatMap((preset) => Object.keys(synth({ preset }).config.data));

    // THEN
    expect(keys).not.toContain('tick-interval');
    expect(keys).not.toContain('panic-window');
    expect(keys).not.toContain('_example');
  });
});

describe('everything set', () => {
  test('every key (snapshot)', () => {
    // GIVEN / WHEN
    const { manifests, config } = synth({
      namespace: 'serving-system',
      containerConcurrencyTargetPercent: 85,
      containerConcurrencyTargetDefault: 10.5,
      requestsPerSecondTargetDefault: 10.11,
      targetBurstCapacity: 12345,
      stableWindow: Duration.minutes(5),
      panicWindow: Duration.seconds(30),
      panicThresholdPercent: 250,
      maxScaleUpRate: 20,
      maxScaleDownRate: 3,
      enableScaleToZero: true,
      scaleToZeroGracePeriod: Duration.seconds(45),
      scaleToZeroPodRetention: Duration.seconds(123),
      podAutoscalerClass: AutoscalerClass.KPA,
      activatorCapacity: 905,
      initialScale: 0,
      allowZeroInitialScale: true,
      minScale: 0,
      maxScale: 50,
      scaleDownDelay: Duration.minutes(15),
      maxScaleLimit: 100,
      gpuColdStart: Duration.seconds(45),
      gpuBurstReplicas: 8,
    });

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(config.namespace).toBe('serving-system');
    expect(config.data).toEqual({
      'container-concurrency-target-percentage': '85',
      'container-concurrency-target-default': '10.5',
      'requests-per-second-target-default': '10.11',
      'target-burst-capacity': '12345',
      'stable-window': '5m',
      'panic-window-percentage': '10',
      'panic-threshold-percentage': '250',
      'max-scale-up-rate': '20',
      'max-scale-down-rate': '3',
      'enable-scale-to-zero': 'true',
      'scale-to-zero-grace-period': '45s',
      'scale-to-zero-pod-retention-period': '123s',
      'pod-autoscaler-class': 'kpa.autoscaling.knative.dev',
      'activator-capacity': '905',
      'initial-scale': '0',
      'allow-zero-initial-scale': 'true',
      'min-scale': '0',
      'max-scale': '50',
      'scale-down-delay': '15m',
      'max-scale-limit': '100',
    });
    expect(config.warnings).toEqual([]);
  });

  test('the HPA as the cluster\'s default class, and scale to zero off', () => {
    // GIVEN / WHEN
    const { config } = synth({ podAutoscalerClass: AutoscalerClass.HPA, enableScaleToZero: false });

    // THEN
    expect(config.data).toEqual({ 'enable-scale-to-zero': 'false', 'pod-autoscaler-class': 'hpa.autoscaling.knative.dev' });
  });

  test('Knative reads a percentage up to 1 as a fraction, so such percentages are written as fractions', () => {
    // GIVEN / WHEN / THEN
    expect(synth({ containerConcurrencyTargetPercent: 1 }).config.data['container-concurrency-target-percentage']).toBe('0.01');
    expect(synth({ containerConcurrencyTargetPercent: 0.5 }).config.data['container-concurrency-target-percentage']).toBe('0.005');
    expect(synth({ containerConcurrencyTargetPercent: 1.004 }).config.data['container-concurrency-target-percentage']).toBe('1.004');
    expect(synth({ containerConcurrencyTargetPercent: 100 }).config.data['container-concurrency-target-percentage']).toBe('100');
  });
});

/**
 * Bounds, transcribed from knative/serving pkg/autoscaler/config/config_test.go (TestNewConfig)
 * where a case exists, plus the edges of each range. Negative durations cannot be written: cdk8s
 * `Duration` rejects them. The "grace window too small" case of older releases is gone: Knative
 * v1.23 only requires a positive grace period.
 */
describe('bounds', () => {
  // Knative's fractions ("0.71", "0.5") are written as percentages (71, 50) in this API.
  describe.each([
    ['overridden', {
      enableScaleToZero: true,
      maxScaleDownRate: 3,
      maxScaleUpRate: 1.01,
      containerConcurrencyTargetPercent: 71,
      containerConcurrencyTargetDefault: 10.5,
      requestsPerSecondTargetDefault: 10.11,
      targetBurstCapacity: 12345,
      scaleDownDelay: Duration.minutes(15),
      stableWindow: Duration.minutes(5),
      panicWindow: Duration.seconds(30),
      panicThresholdPercent: 200,
      activatorCapacity: 905,
      scaleToZeroPodRetention: Duration.seconds(123),
    }, undefined],
    ['minimum', {
      maxScaleUpRate: 1.001,
      containerConcurrencyTargetPercent: 50,
      containerConcurrencyTargetDefault: 10,
      targetBurstCapacity: 0,
      stableWindow: Duration.minutes(5),
      panicWindow: Duration.seconds(30),
      panicThresholdPercent: 200,
      activatorCapacity: 1,
    }, undefined],
    ['concurrency target percentage as percent (55)', { containerConcurrencyTargetPercent: 55 }, undefined],
    ['with -1 tbc', { targetBurstCapacity: -1 }, undefined],
    ['with toggles explicitly flipped', { enableScaleToZero: false }, undefined],
    ['with explicit grace period (33s)', { enableScaleToZero: false, scaleToZeroGracePeriod: Duration.seconds(33) }, undefined],
    ['grace period 0', { scaleToZeroGracePeriod: Duration.seconds(0) }, '\'scaleToZeroGracePeriod\' is 0 seconds: must be positive. Use Knative\'s 30s'],
    ['grace period 1ms', { scaleToZeroGracePeriod: Duration.millis(1) }, undefined],
    ['invalid target burst capacity (-11)', { targetBurstCapacity: -11 },
      '\'targetBurstCapacity\' is -11: must be -1 (the activator always stays in the request path) or at least 0. Use 0 to take the activator out of the path once pods are up, or -1 to keep it there'],
    ['invalid target %, too small (-42)', { containerConcurrencyTargetPercent: -42 }, '\'containerConcurrencyTargetPercent\' is -42: must be more than 0 and at most 100. Give a percentage such as 90'],
    ['target % 0', { containerConcurrencyTargetPercent: 0 }, '\'containerConcurrencyTargetPercent\' is 0: must be more than 0 and at most 100. Give a percentage such as 90'],
    ['target % 100', { containerConcurrencyTargetPercent: 100 }, undefined],
    ['invalid target %, too big (142.4)', { containerConcurrencyTargetPercent: 142.4 },
      '\'containerConcurrencyTargetPercent\' is 142.4: must be more than 0 and at most 100. Give a percentage such as 90'],
    ['TU*CC < 0.01', { containerConcurrencyTargetPercent: 1, containerConcurrencyTargetDefault: 0.001 },
      'containerConcurrencyTargetPercent (1) x containerConcurrencyTargetDefault (0.001) gives a target of 0.00001, below Knative\'s minimum of 0.01. Raise either'],
    ['TU*CC = 0.01', { containerConcurrencyTargetPercent: 1, containerConcurrencyTargetDefault: 1 }, undefined],
    ['CC default below 0.01 / 70 %', { containerConcurrencyTargetDefault: 0.01 },
      'containerConcurrencyTargetPercent (70) x containerConcurrencyTargetDefault (0.01) gives a target of 0.007, below Knative\'s minimum of 0.01. Raise either'],
    ['invalid RPS target, too small (-5.25)', { requestsPerSecondTargetDefault: -5.25 },
      '\'requestsPerSecondTargetDefault\' is -5.25: must be at least 0.01, Knative\'s smallest target. Use a positive target such as 200'],
    ['RPS target 0.01', { requestsPerSecondTargetDefault: 0.01 }, undefined],
    ['max scale up rate 1.0', { maxScaleUpRate: 1 },
      '\'maxScaleUpRate\' is 1: must be greater than 1 (a factor of the ready pods per 2-second decision). Leave it unset (Knative\'s 1000) so that GPU pods start together'],
    ['max down down rate negative', { maxScaleDownRate: -55 },
      '\'maxScaleDownRate\' is -55: must be greater than 1 (a factor of the ready pods per 2-second decision). Use 2 (Knative\'s default), and damp scale-down per service with scaleDownDelay'],
    ['max down down rate 1.0', { maxScaleDownRate: 1 },
      '\'maxScaleDownRate\' is 1: must be greater than 1 (a factor of the ready pods per 2-second decision). Use 2 (Knative\'s default), and damp scale-down per service with scaleDownDelay'],
    ['max scale down rate 1.01', { maxScaleDownRate: 1.01 }, undefined],
    ['stable window too big (1h1s)', { stableWindow: Duration.seconds(3601) },
      '\'stableWindow\' is 1 hour 1 second: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['stable window too small (1s)', { stableWindow: Duration.seconds(1) },
      '\'stableWindow\' is 1 second: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)'],
    ['stable window 6s', { stableWindow: Duration.seconds(6) }, undefined],
    ['stable window 1h', { stableWindow: Duration.hours(1) }, undefined],
    ['stable not seconds (61984ms)', { stableWindow: Duration.millis(61984) },
      '\'stableWindow\' is 61984 ms: has a fraction of a second (61984ms) and Knative accepts whole seconds only. Round it to whole seconds'],
    ['scale-down-delay not seconds (61984ms)', { scaleDownDelay: Duration.millis(61984) },
      '\'scaleDownDelay\' is 61984 ms: has a fraction of a second (61984ms) and Knative accepts whole seconds only. Round it to whole seconds'],
    ['scale-down-delay 2h (no upper bound at cluster level)', { scaleDownDelay: Duration.hours(2) }, undefined],
    ['retention 2h (no upper bound at cluster level)', { scaleToZeroPodRetention: Duration.hours(2) }, undefined],
    ['activator-capacity invalid (0.95)', { activatorCapacity: 0.95 }, '\'activatorCapacity\' is 0.95: must be at least 1. Use Knative\'s 100'],
    ['panic window percentage too small (0.1 % of 60s)', { panicWindow: Duration.millis(60) },
      '\'panicWindow\' is 60 millis: is 0.1 % of the stable window (1m), and Knative\'s panic-window-percentage must be from 1 to 100. Use a panic window from 1s to 1m'],
    ['panic window percentage too big (110 % of 12s)', { stableWindow: Duration.seconds(12), panicWindow: Duration.millis(13200) },
      '\'panicWindow\' is 13 seconds 200 millis: is 110 % of the stable window (12s), and Knative\'s panic-window-percentage must be from 1 to 100. Use a panic window from 1s to 12s'],
    ['panic window 6s of Knative\'s 60s', { panicWindow: Duration.seconds(6) }, undefined],
    ['panic threshold 109', { panicThresholdPercent: 109 }, '\'panicThresholdPercent\' is 109: must be from 110 to 1000. Use 200 to panic when demand doubles'],
    ['panic threshold 1000', { panicThresholdPercent: 1000 }, undefined],
    ['with prohibited default initial scale', { allowZeroInitialScale: false, initialScale: 0 },
      '\'initialScale\' is 0: needs allowZeroInitialScale: true. Set allowZeroInitialScale, or use 1'],
    ['with negative default initial scale', { allowZeroInitialScale: false, initialScale: -1 },
      '\'initialScale\' is -1: must be a whole number from 0 to 2147483647. Use 1 to start one pod per new revision'],
    ['with valid default initial scale', { allowZeroInitialScale: true, initialScale: 0 }, undefined],
    ['with negative default max scale', { maxScale: -1 }, '\'maxScale\' is -1: must be a whole number from 0 to 2147483647. Use 0 for no cap'],
    ['with valid default max scale', { maxScale: 10 }, undefined],
    ['min scale -1', { minScale: -1 }, '\'minScale\' is -1: must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero'],
    ['min scale above max scale', { minScale: 11, maxScale: 10 }, '\'minScale\' is 11: is more than maxScale (10). Use 10 or less'],
    ['min scale equal to max scale', { minScale: 10, maxScale: 10 }, undefined],
    ['min scale with max scale 0 (unlimited)', { minScale: 10 }, undefined],
    ['max scale limit without max scale', { maxScaleLimit: 10 },
      '\'maxScale\' is 0: must be from 1 to maxScaleLimit (10): with a limit, unlimited (0) is not allowed. Set maxScale to 10 or less'],
    ['max scale above max scale limit', { maxScaleLimit: 10, maxScale: 11 },
      '\'maxScale\' is 11: must be from 1 to maxScaleLimit (10): with a limit, unlimited (0) is not allowed. Set maxScale to 10 or less'],
    ['max scale equal to max scale limit', { maxScaleLimit: 10, maxScale: 10 }, undefined],
    ['max scale limit -1', { maxScaleLimit: -1 }, '\'maxScaleLimit\' is -1: must be a whole number from 0 to 2147483647. Use 0 for no limit'],
    ['gpu cold start 0', { gpuColdStart: Duration.seconds(0) },
      '\'gpuColdStart\' is 0 seconds: must be positive. Give the time a GPU pod takes to serve, such as Duration.seconds(60)'],
    ['gpu burst replicas 0', { gpuBurstReplicas: 0 }, '\'gpuBurstReplicas\' is 0: must be a whole number from 1 to 2147483647. Give the GPU pods a burst may need, such as 20'],
  ] as [string, KnativeAutoscalerConfigProps, string | undefined][])('%s', (_name, props, problem) => {
    test(problem === undefined ? 'is accepted' : 'is rejected', () => {
      // GIVEN / WHEN / THEN
      expect(problemOf(props)).toBe(problem);
    });
  });

  test('every problem is reported at once', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth({ maxScaleUpRate: 1, maxScaleDownRate: 1, stableWindow: Duration.seconds(1), targetBurstCapacity: -2 })).toThrow(
      'Invalid KnativeAutoscalerConfig at \'test/Autoscaler\':\n'
      + '  - \'targetBurstCapacity\' is -2: must be -1 (the activator always stays in the request path) or at least 0. Use 0 to take the activator out of the path once pods are up, or -1 to keep it there\n'
      + '  - \'stableWindow\' is 1 second: must be from 6s to 1h. Use a window of Duration.seconds(6) to Duration.hours(1)\n'
      + '  - \'maxScaleUpRate\' is 1: must be greater than 1 (a factor of the ready pods per 2-second decision). Leave it unset (Knative\'s 1000) so that GPU pods start together\n'
      + '  - \'maxScaleDownRate\' is 1: must be greater than 1 (a factor of the ready pods per 2-second decision). Use 2 (Knative\'s default), and damp scale-down per service with scaleDownDelay',
    );
  });
});

describe('warnings', () => {
  test.each([
    // rate, rounds of cold starts from 0 to 20 pods (knative-autoscaling.md §3.5: 1.5 -> 322s, 2 -> 230s with 46s rounds)
    [1.5, 7],
    [2, 5],
    [10, 2],
  ])('max-scale-up-rate %d throttles a burst of 20 GPU pods to %d rounds', (rate, rounds) => {
    // GIVEN / WHEN
    const { config } = synth({ maxScaleUpRate: rate, gpuColdStart: Duration.seconds(46) });

    // THEN
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain(`takes ${rounds} rounds of cold starts (about ${rounds * 46}s with a 46s cold start)`);
  });

  test.each([20, 1000])('max-scale-up-rate %d starts 20 GPU pods at once: no warning', (rate) => {
    // GIVEN / WHEN / THEN
    expect(synth({ maxScaleUpRate: rate }).config.warnings).toEqual([]);
  });

  test('the burst size is configurable', () => {
    // GIVEN / WHEN
    const { config } = synth({ maxScaleUpRate: 1.5, gpuBurstReplicas: 2 });

    // THEN: ceil(1.5 x max(1, 0)) = 2 pods in the first round
    expect(config.warnings).toEqual([]);
  });

  test('a grace period over 1 minute is not a keep-warm timer', () => {
    // GIVEN / WHEN
    const { config } = synth({ scaleToZeroGracePeriod: Duration.minutes(30) });

    // THEN
    const warning = '\'scaleToZeroGracePeriod\' is 30m: it is not a keep-warm timer. It only bounds how long Knative waits for the activator '
      + 'to take over the request path, which with small containerConcurrency is usually at once. Keep pods warm with scaleToZeroPodRetention, here or per service.';
    expect(config.warnings).toEqual([warning]);
    expect(config.node.metadata.map((entry) => [entry.type, entry.data])).toEqual([['warning', warning]]);
  });

  test('a grace period of 1 minute draws no warning', () => {
    // GIVEN / WHEN / THEN
    expect(synth({ scaleToZeroGracePeriod: Duration.minutes(1) }).config.warnings).toEqual([]);
  });
});

describe('Knative Operator output', () => {
  test('the settings go to KnativeServing spec.config.autoscaler and no ConfigMap is written', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing');

    // WHEN
    const config = new KnativeAutoscalerConfig(chart, 'Autoscaler', { operator, preset: AutoscalingPreset.GPU_TUNED });
    const manifests = Testing.synth(chart);
    expectValidManifests(manifests);

    // THEN
    expect(manifests).toEqual([{
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'knative-serving', namespace: 'knative-serving' },
      spec: { config: { autoscaler: config.data } },
    }]);
    expect(config.namespace).toBe('knative-serving');
  });

  test('autoscaler and features share one KnativeServing, named and namespaced as given', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing', { name: 'serving', namespace: 'knative' });

    // WHEN
    const autoscaler = new KnativeAutoscalerConfig(chart, 'Autoscaler', { operator, maxScaleUpRate: 100 });
    new KnativeFeatureFlags(chart, 'Features', { operator });
    const manifests = Testing.synth(chart);
    expectValidManifests(manifests);

    // THEN
    expect(manifests).toHaveLength(1);
    expect(manifests[0].metadata).toEqual({ name: 'serving', namespace: 'knative' });
    expect(manifests[0].spec.config.autoscaler).toEqual({ 'max-scale-up-rate': '100' });
    expect(Object.keys(manifests[0].spec.config.features)).toContain('kubernetes.podspec-nodeselector');
    expect(autoscaler.namespace).toBe('knative');
  });

  test('a second autoscaler config for the same KnativeServing is refused', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing');
    new KnativeAutoscalerConfig(chart, 'Autoscaler', { operator });

    // WHEN / THEN
    expect(() => new KnativeAutoscalerConfig(chart, 'Other', { operator })).toThrow(
      'Invalid Knative settings at \'test/Other\':\n  - spec.config.autoscaler of the KnativeOperatorConfig \'test/KnativeServing\' is already written by '
      + '\'test/Autoscaler\'. Merge both into one construct',
    );
  });

  test('a namespace next to an operator is refused', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing');

    // WHEN / THEN
    expect(() => new KnativeAutoscalerConfig(chart, 'Autoscaler', { operator, namespace: 'knative-serving' })).toThrow(
      'Invalid KnativeAutoscalerConfig at \'test/Autoscaler\':\n  - \'namespace\' is "knative-serving": applies only to a ConfigMap, and these settings go into a '
      + 'KnativeOperatorConfig. Remove it, or set the namespace on the KnativeOperatorConfig',
    );
  });

  test('an operator config nothing writes into fails at synth', () => {
    // GIVEN
    const chart = Testing.chart();
    new KnativeOperatorConfig(chart, 'KnativeServing');

    // WHEN / THEN
    expect(() => Testing.synth(chart)).toThrow('No settings: pass this KnativeOperatorConfig as `operator` to a KnativeAutoscalerConfig or KnativeFeatureFlags, or remove it');
  });

  test('the KnativeServing is the operator config\'s default child', () => {
    // GIVEN / WHEN
    const operator = new KnativeOperatorConfig(Testing.chart(), 'KnativeServing');

    // THEN
    expect(operator.node.defaultChild?.node.id).toBe('Resource');
    expect(operator.name).toBe('knative-serving');
    expect(operator.namespace).toBe('knative-serving');
  });
});

describe('example: platform-knative-config', () => {
  test('synthesizes config-autoscaler and config-features for GPU serving', () => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    const manifests = Testing.synth(platformKnativeConfig(app, 'platform-knative-config'));

    // THEN
    expectValidManifests(manifests);
    expect(manifests.map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['knative-serving/config-autoscaler', 'knative-serving/config-features']);
    expect(manifests[0].data).toEqual({
      'allow-zero-initial-scale': 'true',
      'container-concurrency-target-percentage': '90',
      'enable-scale-to-zero': 'true',
      'panic-threshold-percentage': '200',
      'panic-window-percentage': '16.67',
      'scale-to-zero-pod-retention-period': '30m',
      'stable-window': '3m',
    });
    expect(manifests[1].data).toEqual({
      'kubernetes.podspec-affinity': 'enabled',
      'kubernetes.podspec-init-containers': 'enabled',
      'kubernetes.podspec-nodeselector': 'enabled',
      'kubernetes.podspec-persistent-volume-claim': 'enabled',
      'kubernetes.podspec-persistent-volume-write': 'enabled',
      'kubernetes.podspec-runtimeclassname': 'enabled',
      'kubernetes.podspec-tolerations': 'enabled',
    });
  });
});

describe('found by the property tests (test/properties)', () => {
  test('a Duration cdk8s cannot convert is a problem of its prop, not a crash', () => {
    // GIVEN / WHEN / THEN
    expect(problemOf({ scaleToZeroGracePeriod: Duration.millis(1.5) }))
      .toBe('\'scaleToZeroGracePeriod\' is 1.5 ms: must be a finite, whole number of milliseconds. For example Duration.seconds(30)');
  });

  test('the namespace must be a namespace name', () => {
    // GIVEN / WHEN / THEN
    expect(problemOf({ namespace: 'Knative_Serving' })).toBe('\'namespace\' is "Knative_Serving": must be a namespace name (at most 63 lowercase alphanumerics and \'-\')');
  });

  test('the KnativeOperatorConfig name and namespace must be an object name and a namespace name', () => {
    // GIVEN / WHEN / THEN
    expect(() => new KnativeOperatorConfig(Testing.chart(), 'Operator', { name: 'Knative Serving', namespace: '' })).toThrow(
      'Invalid KnativeOperatorConfig at \'test/Operator\':\n'
      + '  - \'name\' is "Knative Serving": must be an object name (lowercase alphanumerics, \'-\' and \'.\')\n'
      + '  - \'namespace\' is "": must be a namespace name (at most 63 lowercase alphanumerics and \'-\')');
  });
});
