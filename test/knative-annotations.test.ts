/**
 * The port of Knative's annotation validation (src/_knative-annotations.ts), rule by rule, from
 * knative/serving v1.23 pkg/apis/autoscaling/annotation_validation.go, and of the progress-deadline
 * annotation: what Knative accepts is accepted (NaN included, which its range checks let through),
 * what it rejects is rejected.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { KnativeDefaultsConfig, KnativeOperatorConfig } from '../src';
import { Problems } from '../src/_errors';
import { KnativeAnnotationConfig, knativeAnnotationProblems, knativeClusterProblems } from '../src/_knative-annotations';
import { synthValid, testChart } from './support/synth';

const A = 'autoscaling.knative.dev';

function rejected(annotations: Record<string, string>, config?: KnativeAnnotationConfig): boolean {
  const problems = new Problems();
  knativeAnnotationProblems(problems, annotations, config);
  return !problems.isEmpty;
}

describe('Knative\'s revision annotation rules', () => {
  test.each([
    [{ [`${A}/class`]: 'kpa.autoscaling.knative.dev' }, false],
    [{ [`${A}/class`]: 'other.autoscaling.knative.dev' }, true],
    [{ [`${A}/class`]: 'example.com/custom' }, false],
    [{ [`${A}/min-scale`]: '2147483647' }, false],
    [{ [`${A}/min-scale`]: '2147483648' }, true],
    [{ [`${A}/minScale`]: '-1' }, true],
    [{ [`${A}/max-scale`]: '1.5' }, true],
    [{ [`${A}/min-scale`]: '3', [`${A}/max-scale`]: '2' }, true],
    [{ [`${A}/min-scale`]: '3', [`${A}/max-scale`]: '0' }, false],
    [{ [`${A}/panic-window-percentage`]: '100' }, false],
    [{ [`${A}/panic-window-percentage`]: '0.5' }, true],
    [{ [`${A}/panicThresholdPercentage`]: '109' }, true],
    [{ [`${A}/target`]: '0.01' }, false],
    [{ [`${A}/target`]: '0.001' }, true],
    [{ [`${A}/target`]: 'NaN' }, false],
    [{ [`${A}/target`]: 'ten' }, true],
    [{ [`${A}/target-utilization-percentage`]: '101' }, true],
    [{ [`${A}/target-burst-capacity`]: '-1' }, false],
    [{ [`${A}/target-burst-capacity`]: '-2' }, true],
    [{ [`${A}/window`]: '6s' }, false],
    [{ [`${A}/window`]: '5s' }, true],
    [{ [`${A}/window`]: '60.5s' }, true],
    [{ [`${A}/window`]: '1h0m1s' }, true],
    [{ [`${A}/scale-to-zero-pod-retention-period`]: '1h' }, false],
    [{ [`${A}/scale-to-zero-pod-retention-period`]: '1.5s' }, false],
    [{ [`${A}/scaleToZeroPodRetentionPeriod`]: '-1s' }, true],
    [{ [`${A}/scale-down-delay`]: '1.5s' }, true],
    [{ [`${A}/scale-down-delay`]: '4800000h' }, true],
    [{ [`${A}/metric`]: 'rps' }, false],
    [{ [`${A}/metric`]: 'cpu' }, true],
    [{ [`${A}/class`]: 'hpa.autoscaling.knative.dev', [`${A}/metric`]: 'cpu' }, false],
    [{ [`${A}/class`]: 'hpa.autoscaling.knative.dev', [`${A}/metric`]: '' }, true],
    [{ [`${A}/class`]: 'kpa.autoscaling.knative.dev', [`${A}/metric-aggregation-algorithm`]: 'median' }, true],
    [{ [`${A}/metric-aggregation-algorithm`]: 'median' }, false],
    [{ [`${A}/initial-scale`]: '0' }, false],
    [{ [`${A}/initial-scale`]: '-1' }, true],
    [{ [`${A}/activation-scale`]: '2' }, false],
    [{ [`${A}/activation-scale`]: '1' }, true],
    [{ [`${A}/activation-scale`]: 'two' }, true],
    [{ [`${A}/activation-scale`]: '2147483648' }, true],
    [{ [`${A}/min-scale`]: '3', [`${A}/activation-scale`]: '2' }, true],
    [{ [`${A}/max-scale`]: '4', [`${A}/activation-scale`]: '5' }, true],
    [{ [`${A}/max-scale`]: '0', [`${A}/activation-scale`]: '5' }, false],
    [{ 'serving.knative.dev/progress-deadline': '0s' }, true],
    [{ 'serving.knative.dev/progress-deadline': '1500ms' }, true],
    [{ 'serving.knative.dev/progress-deadline': '1h0m0.5s' }, true],
    [{ 'serving.knative.dev/progress-deadline': '596523h14m7s' }, false],
    [{ 'serving.knative.dev/progress-deadline': '596523h14m8s' }, true],
    [{ 'serving.knative.dev/progress-deadline': '2147483648s' }, true],
  ])('%j rejected: %s', (annotations, isRejected) => {
    expect(rejected(annotations)).toBe(isRejected);
  });

  test('a progress-deadline longer than the int32 progressDeadlineSeconds Knative writes it as: the bound, and how to fix it', () => {
    const problems = new Problems();
    knativeAnnotationProblems(problems, { 'serving.knative.dev/progress-deadline': '596523h14m8s' });
    expect(problems.toArray()).toEqual([
      '\'metadata.annotations.serving.knative.dev/progress-deadline\' is "596523h14m8s": Knative takes a progress-deadline of at most 2147483647s '
        + '(596523h14m7s), since it becomes the Deployment\'s progressDeadlineSeconds, an int32. Write a shorter Go duration such as "30m"',
    ]);
  });

  test('the rules that read config-autoscaler apply only with it', () => {
    expect(rejected({ [`${A}/initial-scale`]: '0' }, { maxScaleLimit: 0, allowZeroInitialScale: false })).toBe(true);
    expect(rejected({ [`${A}/initial-scale`]: '0' }, { maxScaleLimit: 0, allowZeroInitialScale: true })).toBe(false);
    expect(rejected({ [`${A}/max-scale`]: '0' }, { maxScaleLimit: 5, allowZeroInitialScale: false })).toBe(true);
    expect(rejected({ [`${A}/max-scale`]: '6' }, { maxScaleLimit: 5, allowZeroInitialScale: false })).toBe(true);
    expect(rejected({ [`${A}/max-scale`]: '5' }, { maxScaleLimit: 5, allowZeroInitialScale: false })).toBe(false);
  });

  test('the problems of config-autoscaler alone, for a check at synth after the others were reported when built', () => {
    const problems = new Problems();
    const annotations = { [`${A}/target`]: '0', [`${A}/max-scale`]: '9', [`${A}/initial-scale`]: '0', 'serving.knative.dev/progress-deadline': '0s' };
    knativeClusterProblems(problems, annotations, { maxScaleLimit: 3, allowZeroInitialScale: false }, 'autoscaling.revisionAnnotations');
    expect(problems.toArray()).toEqual([
      `'autoscaling.revisionAnnotations.${A}/max-scale' is "9": Knative rejects a max-scale outside 1 to the cluster's max-scale-limit (3). `
        + 'Set maxReplicas from 1 to 3, or raise maxScaleLimit on the KnativeAutoscalerConfig',
      `'autoscaling.revisionAnnotations.${A}/initial-scale' is "0": Knative takes an initial-scale of 0 only when the cluster's config-autoscaler `
        + 'sets allow-zero-initial-scale. Set allowZeroInitialScale: true on the KnativeAutoscalerConfig, or use 1',
    ]);
  });
});

describe('KnativeDefaultsConfig', () => {
  test('writes only the keys set, as a ConfigMap or an operator section', () => {
    const chart = testChart();
    new KnativeDefaultsConfig(chart, 'Defaults', { containerConcurrencyMaxLimit: 2000, maxRevisionTimeout: Duration.minutes(30) });
    expect(synthValid(chart)).toEqual([{
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'config-defaults',
        namespace: 'knative-serving',
        labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/component': 'controller' },
      },
      data: { 'max-revision-timeout-seconds': '1800', 'container-concurrency-max-limit': '2000' },
    }]);
    const operatorChart = new Chart(Testing.app(), 'platform');
    const operator = new KnativeOperatorConfig(operatorChart, 'Operator');
    new KnativeDefaultsConfig(operatorChart, 'Defaults', { allowContainerConcurrencyZero: false, operator });
    expect(Testing.synth(operatorChart)[0].spec.config).toEqual({ defaults: { 'allow-container-concurrency-zero': 'false' } });
  });

  test('refuses what Knative\'s config-defaults refuses', () => {
    expect(() => new KnativeDefaultsConfig(testChart(), 'Defaults', {
      containerConcurrency: 5, containerConcurrencyMaxLimit: 4, revisionTimeout: Duration.seconds(1.5), maxRevisionTimeout: Duration.seconds(-0),
    })).toThrow('Invalid KnativeDefaultsConfig at \'test/Defaults\':\n'
      + '  - \'containerConcurrency\' is 5: must be at most containerConcurrencyMaxLimit (4)\n'
      + '  - \'revisionTimeout\' is 1 second 500 millis: must be a whole number of seconds, at most 9007199254740991. For example Duration.minutes(30)');
    expect(() => new KnativeDefaultsConfig(testChart(), 'Defaults', { revisionTimeout: Duration.minutes(20) }))
      .toThrow('\'revisionTimeout\' is 20 minutes: must be at most maxRevisionTimeout (600s)');
  });
});
