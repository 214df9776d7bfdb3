/**
 * An IServingAutoscaler of your own: what its bind() returns is range-checked where each serving
 * API writes it, for the predictor and the transformer, with the rules the library's own
 * autoscalers apply to their props (src/_autoscaler-config-checks.ts), and written as before when valid.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import {
  AutoscalerConfig, DeploymentMode, InferenceService, InferenceServiceProps, IServingAutoscaler, KedaMetric, KnativeAutoscalerConfig, ModelFormat,
  ModelSource, ServingApi, StandardModeAutoscaler,
} from '../src';
import { serviceProblems, synthValid, testChart } from './support/synth';

const CLASS = 'serving.kserve.io/autoscalerClass';
const PROMETHEUS = 'http://prometheus.monitoring:9090';
const TOKENIZER = { image: 'example/tokenizer:1' };

/** An autoscaler of your own that returns `config` (no replica limit unless given). */
function custom(config: Partial<AutoscalerConfig>): IServingAutoscaler {
  return { bind: () => ({ replicaLimit: 0, ...config }) };
}

/** How the service scales: KServe on Knative, or in Standard mode with an external autoscaler or KEDA. */
type Scaling = 'knative' | 'external' | 'keda';

/**
 * A KServe service whose component `prop` (`autoscaling` or `transformer.autoscaling`) scales with
 * an autoscaler of your own returning `config`; the other component scales as the library would.
 */
function kserve(prop: string, config: Partial<AutoscalerConfig>, scaling: Scaling = 'knative'): InferenceServiceProps {
  const objectAnnotations = scaling === 'knative' ? undefined : { [CLASS]: scaling };
  const own = custom({ objectAnnotations, ...config });
  const library = {
    knative: undefined,
    external: StandardModeAutoscaler.external({ minReplicas: 1, maxReplicas: 2 }),
    keda: StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [KedaMetric.cpu(60)] }),
  }[scaling];
  const transformer = prop === 'transformer.autoscaling';
  return {
    metadata: { name: 'llm', namespace: 'ml' },
    deploymentMode: scaling === 'knative' ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromPvc('models', 'llama'),
    autoscaling: transformer ? library : own,
    transformer: transformer ? { container: TOKENIZER, autoscaling: own } : undefined,
  };
}

const COMPONENTS = ['autoscaling', 'transformer.autoscaling'];

describe.each(COMPONENTS)('%s of your own', (prop) => {
  test('replicas: whole numbers from 0 to the int32 maximum, and maxReplicas not below minReplicas unless 0 (KServe\'s webhook, Knative)', () => {
    expect(serviceProblems(kserve(prop, { minReplicas: -1, maxReplicas: 2 ** 31 }))).toEqual([
      `'${prop}.minReplicas' is -1: must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero`,
      `'${prop}.maxReplicas' is 2147483648: must be a whole number from 0 to 2147483647. Use 0 for no per-service cap`,
    ]);
    expect(serviceProblems(kserve(prop, { minReplicas: 1.5, maxReplicas: -3 }))).toEqual([
      `'${prop}.minReplicas' is 1.5: must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero`,
      `'${prop}.maxReplicas' is -3: must be a whole number from 0 to 2147483647. Use 0 for no per-service cap`,
    ]);
    expect(serviceProblems(kserve(prop, { minReplicas: 3, maxReplicas: 2 }))).toEqual([
      `'${prop}.maxReplicas' is 2: is less than minReplicas (3). Use 3 or more, or 0 for no cap`,
    ]);
    expect(serviceProblems(kserve(prop, { minReplicas: 3, maxReplicas: 0 }))).toEqual([]);
    expect(serviceProblems(kserve(prop, { minReplicas: 0, maxReplicas: 2 ** 31 - 1 }))).toEqual([]);
  });

  test('replicaLimit: a whole number, 0 for no limit, and not below maxReplicas, which the budget and cache checks would undercount', () => {
    expect(serviceProblems(kserve(prop, { replicaLimit: -1 }))).toEqual([
      `'${prop}.replicaLimit' is -1: must be a whole number from 0 to 2147483647. Return maxReplicas, or 0 when the autoscaler sets no limit`,
    ]);
    expect(serviceProblems(kserve(prop, { maxReplicas: 4, replicaLimit: 2 }))).toEqual([
      `'${prop}.replicaLimit' is 2: is less than maxReplicas (4), and the checks of a GPU budget and a ModelCache would count fewer replicas than can run. `
        + 'Return 4 (maxReplicas), or 0 for no limit',
    ]);
    expect(serviceProblems(kserve(prop, { maxReplicas: 4, replicaLimit: 4 }))).toEqual([]);
    expect(serviceProblems(kserve(prop, { maxReplicas: 4, replicaLimit: 0 }))).toEqual([]);
  });

  test('containerConcurrency: on Knative from 0 to its default container-concurrency-max-limit; in Standard mode not below 0 (KServe\'s webhook)', () => {
    expect(serviceProblems(kserve(prop, { containerConcurrency: 1001 }))).toEqual([
      `'${prop}.containerConcurrency' is 1001: must be a whole number from 0 to 1000. `
        + 'Use 1 to serve one request per GPU at a time, or 0 for no limit (1000 is Knative\'s default container-concurrency-max-limit)',
    ]);
    expect(serviceProblems(kserve(prop, { containerConcurrency: -1 }, 'external'))).toEqual([
      `'${prop}.containerConcurrency' is -1: must be a whole number from 0 to 9007199254740991. Return 0 for no limit, or the requests one pod serves at a time`,
    ]);
    expect(serviceProblems(kserve(prop, { containerConcurrency: 0.5 }, 'external'))).toEqual([
      `'${prop}.containerConcurrency' is 0.5: must be a whole number from 0 to 9007199254740991. Return 0 for no limit, or the requests one pod serves at a time`,
    ]);
    expect(serviceProblems(kserve(prop, { containerConcurrency: 1000 }))).toEqual([]);
    expect(serviceProblems(kserve(prop, { containerConcurrency: 5000 }, 'external'))).toEqual([]);
  });

  test('scaleTarget: Knative\'s smallest target, KServe\'s int32, and at most 100 under an HPA (KServe\'s webhook, whatever the metric)', () => {
    expect(serviceProblems(kserve(prop, { scaleTarget: 0 }))).toEqual([
      `'${prop}.scaleTarget' is 0: must be at least 0.01, Knative's smallest target. Return a whole number of at least 1 from the autoscaler's bind()`,
    ]);
    expect(serviceProblems(kserve(prop, { scaleTarget: 2.5 }))).toEqual([
      `'${prop}.scaleTarget' is 2.5: KServe's scaleTarget is a whole number. Return a whole number from the autoscaler's bind()`,
    ]);
    expect(serviceProblems(kserve(prop, { scaleTarget: 2 ** 31 }))).toEqual([
      `'${prop}.scaleTarget' is 2147483648: KServe's scaleTarget is an int32, at most 2147483647. Use a smaller target`,
    ]);
    expect(serviceProblems(kserve(prop, { scaleTarget: 150 }))).toEqual([]);
  });

  test('scaleTarget under KServe\'s HPA in Standard mode: at most 100', () => {
    const props = kserve(prop, { scaleMetric: 'memory', scaleTarget: 150 }, 'external');
    // The class is the InferenceService's, so the predictor's autoscaler writes it.
    const hpa = { objectAnnotations: { [CLASS]: 'hpa' }, minReplicas: 1, maxReplicas: 2 };
    const both = prop === 'autoscaling'
      ? { ...props, autoscaling: custom({ ...hpa, scaleMetric: 'memory', scaleTarget: 150 }) }
      : { ...props, autoscaling: custom(hpa), transformer: { container: TOKENIZER, autoscaling: custom({ ...hpa, scaleMetric: 'memory', scaleTarget: 150 }) } };
    expect(serviceProblems(both)).toEqual([
      `'${prop}.scaleTarget' is 150: KServe rejects a scaleTarget above 100 with the memory metric. Use 100 or less`,
    ]);
  });

  test('stabilization windows: whole seconds from 0 to an hour, as the HPA takes them', () => {
    expect(serviceProblems(kserve(prop, { scaleDownStabilizationSeconds: 3601, scaleUpStabilizationSeconds: -1 }, 'external'))).toEqual([
      `'${prop}.scaleUpStabilizationSeconds' is -1: must be a whole number of seconds from 0 to 1 hour, the longest window the HPA accepts. `
        + 'Return whole seconds from the autoscaler\'s bind(), for example 300 (5 minutes)',
      `'${prop}.scaleDownStabilizationSeconds' is 3601: must be a whole number of seconds from 0 to 1 hour, the longest window the HPA accepts. `
        + 'Return whole seconds from the autoscaler\'s bind(), for example 300 (5 minutes)',
    ]);
    expect(serviceProblems(kserve(prop, { scaleDownStabilizationSeconds: 1.5 }, 'external'))).toEqual([
      `'${prop}.scaleDownStabilizationSeconds' is 1.5: must be a whole number of seconds from 0 to 1 hour, the longest window the HPA accepts. `
        + 'Return whole seconds from the autoscaler\'s bind(), for example 300 (5 minutes)',
    ]);
    expect(serviceProblems(kserve(prop, { scaleDownStabilizationSeconds: 3600, scaleUpStabilizationSeconds: 0 }, 'external'))).toEqual([]);
  });

  test('an External metric\'s target: a quantity KEDA reads as its threshold, as KedaMetric\'s factories take theirs', () => {
    const metric = (target: string) => ({ backend: 'prometheus', serverAddress: PROMETHEUS, query: 'sum(up)', target });
    expect(serviceProblems(kserve(prop, { externalMetrics: [metric('0'), metric('-2'), metric('0.0005'), metric('lots'), metric('2e9')] }, 'keda')))
      .toEqual([
        `'${prop}.externalMetrics[0].target' is "0": must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). `
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
        `'${prop}.externalMetrics[1].target' is "-2": must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). `
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
        `'${prop}.externalMetrics[2].target' is "0.0005": must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). `
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
        `'${prop}.externalMetrics[3].target' is "lots": must be a Kubernetes quantity (the CRD's target.value). `
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
        `'${prop}.externalMetrics[4].target' is "2e9": must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). `
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
      ]);
    expect(serviceProblems(kserve(prop, { externalMetrics: [metric('0.001'), metric('1e9'), metric('2500m')] }, 'keda'))).toEqual([]);
  });

  test('revision annotations, where a Knative revision reads them: valid for Knative', () => {
    const revisionAnnotations = {
      'autoscaling.knative.dev/target': '0',
      'autoscaling.knative.dev/window': '5s',
      'autoscaling.knative.dev/initial-scale': '-1',
      'autoscaling.knative.dev/panic-threshold-percentage': '1e400',
    };
    const annotations = `${prop}.revisionAnnotations.autoscaling.knative.dev`;
    expect(serviceProblems(kserve(prop, { revisionAnnotations }))).toEqual([
      `'${annotations}/panic-threshold-percentage' is "1e400": Knative takes a panic-threshold-percentage from 110 to 1000`,
      `'${annotations}/target' is "0": Knative takes a target of at least 0.01`,
      `'${annotations}/window' is "5s": Knative takes a window from 6s to 1h in whole seconds. Write a Go duration such as "90s"`,
      `'${annotations}/initial-scale' is "-1": Knative takes an initial-scale of 0 or more`,
    ]);
    expect(serviceProblems(kserve(prop, { revisionAnnotations: { 'autoscaling.knative.dev/target': '0.5', 'autoscaling.knative.dev/window': '90s' } })))
      .toEqual([]);
  });

  test('scaleMetric on Knative: the CRD\'s enum, and concurrency or rps under the KPA (KServe\'s webhook, Knative\'s validateMetric)', () => {
    expect(serviceProblems(kserve(prop, { scaleMetric: 'cpu' }))).toEqual([
      `'${prop}.scaleMetric' is "cpu": KServe's webhook takes concurrency or rps under Knative's KPA class (validateScalingKPACompExtension). `
        + 'Return "concurrency" or "rps", or for cpu or memory the revision annotation autoscaling.knative.dev/class: hpa.autoscaling.knative.dev',
    ]);
    expect(serviceProblems(kserve(prop, { scaleMetric: 'latency' }))).toEqual([
      `'${prop}.scaleMetric' is "latency": must be cpu, memory, concurrency or rps (the CRD's enum). `
        + 'Return "concurrency" or "rps", or for cpu or memory the revision annotation autoscaling.knative.dev/class: hpa.autoscaling.knative.dev',
    ]);
    expect(serviceProblems(kserve(prop, { scaleMetric: 'rps', scaleTarget: 5 }))).toEqual([]);
  });

  test('scaleMetric under an HPA, Knative\'s class or KServe\'s: cpu or memory (KServe\'s webhook)', () => {
    const knativeHpa = { revisionAnnotations: { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' } };
    const kserveHpa = { objectAnnotations: { [CLASS]: 'hpa' }, minReplicas: 1, maxReplicas: 2 };
    // The class is the InferenceService's, so the predictor's autoscaler writes it.
    const under = (hpa: Partial<AutoscalerConfig>, scaling: Scaling, scaleMetric: string) => {
      const props = kserve(prop, {}, scaling);
      return prop === 'autoscaling'
        ? { ...props, autoscaling: custom({ ...hpa, scaleMetric }) }
        : { ...props, autoscaling: custom(hpa), transformer: { container: TOKENIZER, autoscaling: custom({ ...hpa, scaleMetric }) } };
    };
    expect(serviceProblems(under(knativeHpa, 'knative', 'rps'))).toEqual([
      `'${prop}.scaleMetric' is "rps": KServe's webhook takes cpu or memory under Knative's HPA class hpa.autoscaling.knative.dev `
        + '(validateScalingHPACompExtension). Return "cpu" or "memory", or leave out the HPA class for concurrency or rps',
    ]);
    expect(serviceProblems(under(kserveHpa, 'external', 'concurrency'))).toEqual([
      `'${prop}.scaleMetric' is "concurrency": KServe's webhook takes cpu or memory under KServe's HPA, serving.kserve.io/autoscalerClass: hpa `
        + '(validateScalingHPACompExtension). Return "cpu" or "memory", or use DeploymentMode.KNATIVE for concurrency or rps',
    ]);
    expect(serviceProblems(under(knativeHpa, 'knative', 'memory'))).toEqual([]);
    expect(serviceProblems(under(kserveHpa, 'external', 'cpu'))).toEqual([]);
  });

  test('scaleMetric in Standard mode: none under KEDA (KServe\'s webhook); the CRD\'s enum under another class', () => {
    expect(serviceProblems(kserve(prop, { scaleMetric: 'cpu', resourceMetrics: [{ resource: 'cpu', averageUtilization: 60 }] }, 'keda'))).toEqual([
      `'${prop}.scaleMetric' is "cpu": KServe's webhook refuses a scaleMetric under KEDA, serving.kserve.io/autoscalerClass: keda (validateScalingKedaCompExtension). `
        + 'Leave scaleMetric out, and return the metric in resourceMetrics, externalMetrics or podMetrics',
    ]);
    expect(serviceProblems(kserve(prop, { scaleMetric: 'gpu' }, 'external'))).toEqual([
      `'${prop}.scaleMetric' is "gpu": must be cpu, memory, concurrency or rps (the CRD's enum). Return one of them from the autoscaler's bind()`,
    ]);
    expect(serviceProblems(kserve(prop, { scaleMetric: 'concurrency' }, 'external'))).toEqual([]);
  });

  test('an External metric\'s backend: prometheus or graphite (the CRD\'s enum of KServe\'s MetricsBackend)', () => {
    const metric = (backend: string) => ({ backend, serverAddress: PROMETHEUS, query: 'sum(up)', target: '2' });
    expect(serviceProblems(kserve(prop, { externalMetrics: [metric('datadog'), metric('opentelemetry'), metric('graphite')] }, 'keda'))).toEqual([
      `'${prop}.externalMetrics[0].backend' is "datadog": must be prometheus or graphite (the CRD's enum of KServe's MetricsBackend). `
        + 'Return "prometheus" from the autoscaler\'s bind(), or give a metric the pods export as a podMetric (the opentelemetry backend)',
      `'${prop}.externalMetrics[1].backend' is "opentelemetry": must be prometheus or graphite (the CRD's enum of KServe's MetricsBackend). `
        + 'Return "prometheus" from the autoscaler\'s bind(), or give a metric the pods export as a podMetric (the opentelemetry backend)',
    ]);
  });

  test('a progress-deadline revision annotation: a Go duration of at least 1s in whole seconds (Knative)', () => {
    const deadline = (value: string) => serviceProblems(kserve(prop, { revisionAnnotations: { 'serving.knative.dev/progress-deadline': value } }));
    for (const value of ['0s', '-10m', '90.5s', '30 minutes', '']) {
      expect(deadline(value)).toEqual([
        `'${prop}.revisionAnnotations.serving.knative.dev/progress-deadline' is ${JSON.stringify(value)}: Knative takes a progress-deadline of at least 1s `
          + 'in whole seconds. Write a Go duration such as "30m"',
      ]);
    }
    expect(deadline('30m')).toEqual([]);
    expect(deadline('1s')).toEqual([]);
    expect(deadline('596523h14m7s')).toEqual([]);
    expect(deadline('596523h14m8s')).toEqual([
      `'${prop}.revisionAnnotations.serving.knative.dev/progress-deadline' is "596523h14m8s": Knative takes a progress-deadline of at most 2147483647s `
        + '(596523h14m7s), since it becomes the Deployment\'s progressDeadlineSeconds, an int32. Write a shorter Go duration such as "30m"',
    ]);
  });

  test('min-scale and max-scale revision annotations on KServe: refused, since KServe drops them and writes its own from the replicas', () => {
    const revisionAnnotations = { 'autoscaling.knative.dev/max-scale': '9', 'autoscaling.knative.dev/minScale': '1' };
    expect(serviceProblems(kserve(prop, { revisionAnnotations, maxReplicas: 4 }))).toEqual([
      `'${prop}.revisionAnnotations.autoscaling.knative.dev/max-scale' is "9": KServe removes min-scale and max-scale from the annotations it copies to the `
        + 'Knative revision. Return minReplicas or maxReplicas from the autoscaler\'s bind() instead',
      `'${prop}.revisionAnnotations.autoscaling.knative.dev/minScale' is "1": KServe removes min-scale and max-scale from the annotations it copies to the `
        + 'Knative revision. Return minReplicas or maxReplicas from the autoscaler\'s bind() instead',
    ]);
  });
});

test('Knative\'s activation-scale: from 2, within min-scale and max-scale (validateMinMaxScale)', () => {
  const annotations = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [`autoscaling.knative.dev/${k}`, v]));
  const knative = (revisionAnnotations: Record<string, string>): InferenceServiceProps => ({
    api: ServingApi.KNATIVE_SERVICE,
    metadata: { name: 'llm' },
    container: { image: 'vllm/vllm-openai:v0.6.3' },
    autoscaling: custom({ revisionAnnotations: annotations(revisionAnnotations) }),
  });
  const prop = '\'autoscaling.revisionAnnotations.autoscaling.knative.dev/activation-scale\'';
  expect(serviceProblems(knative({ 'activation-scale': '1' }))).toEqual([`${prop} is "1": Knative takes an activation-scale of at least 2`]);
  expect(serviceProblems(knative({ 'min-scale': '3', 'activation-scale': '2' }))).toEqual([`${prop} is "2": Knative rejects an activation-scale below min-scale (3)`]);
  expect(serviceProblems(knative({ 'max-scale': '4', 'activation-scale': '5' }))).toEqual([`${prop} is "5": Knative rejects an activation-scale above max-scale (4)`]);
  expect(serviceProblems(knative({ 'activation-scale': '1e3' }))).toEqual([
    `${prop} is "1e3": Knative takes an activation-scale that is a whole number from 2 to 2147483647`,
  ]);
  expect(serviceProblems(knative({ 'min-scale': '2', 'max-scale': '4', 'activation-scale': '3' }))).toEqual([]);
});

test.each(COMPONENTS)('%s: Knative annotations in Standard mode are refused, where no revision reads them', (prop) => {
  const props = kserve(prop, { revisionAnnotations: { 'autoscaling.knative.dev/window': '1', 'example.com/team': 'ml' } }, 'external');
  expect(serviceProblems(props)).toEqual([
    `'${prop}.revisionAnnotations.autoscaling.knative.dev/window' is "1": does nothing in KServe Standard mode, where no Knative revision exists. `
      + 'Return it from bind() only for DeploymentMode.KNATIVE',
  ]);
});

describe('typed fields an API has no place for: refused, not dropped', () => {
  test('a Knative Service has no replicas, target or metric fields: Knative reads them from revision annotations', () => {
    const knative: InferenceServiceProps = {
      api: ServingApi.KNATIVE_SERVICE,
      metadata: { name: 'llm' },
      container: { image: 'vllm/vllm-openai:v0.6.3' },
      autoscaling: custom({ minReplicas: -1, maxReplicas: 4, scaleTarget: 10, scaleMetric: 'rps', containerConcurrency: 2000 }),
    };
    expect(serviceProblems(knative)).toEqual([
      '\'autoscaling.minReplicas\' is -1: serving.knative.dev/v1 Service has no minReplicas, so the value would never reach the cluster. '
        + 'Return the autoscaling.knative.dev/min-scale revision annotation instead',
      '\'autoscaling.maxReplicas\' is 4: serving.knative.dev/v1 Service has no maxReplicas, so the value would never reach the cluster. '
        + 'Return the autoscaling.knative.dev/max-scale revision annotation instead',
      '\'autoscaling.scaleTarget\' is 10: serving.knative.dev/v1 Service has no scaleTarget, so the value would never reach the cluster. '
        + 'Return the autoscaling.knative.dev/target revision annotation instead',
      '\'autoscaling.scaleMetric\' is "rps": serving.knative.dev/v1 Service has no scaleMetric, so the value would never reach the cluster. '
        + 'Return the autoscaling.knative.dev/metric revision annotation instead',
      '\'autoscaling.containerConcurrency\' is 2000: must be a whole number from 0 to 1000. '
        + 'Use 1 to serve one request per GPU at a time, or 0 for no limit (1000 is Knative\'s default container-concurrency-max-limit)',
    ]);
  });

  test.each([ServingApi.KFSERVING_V1BETA1, ServingApi.KFSERVING_V1ALPHA2])('%s has no scaleTarget or scaleMetric (the v0.6.1 CRD)', (api) => {
    const props: InferenceServiceProps = {
      api,
      modelFormat: ModelFormat.TENSORFLOW,
      model: ModelSource.fromPvc('models', 'gpt2'),
      autoscaling: custom({ scaleTarget: 0.5, scaleMetric: 'concurrency', minReplicas: -1 }),
      transformer: { container: TOKENIZER, autoscaling: custom({ scaleTarget: 5, maxReplicas: 2 ** 31 }) },
    };
    expect(serviceProblems(props)).toEqual([
      '\'autoscaling.scaleTarget\' is 0.5: '
        + `${api} has no scaleTarget, so the value would never reach the cluster. Return the autoscaling.knative.dev/target revision annotation instead`,
      '\'autoscaling.scaleMetric\' is "concurrency": '
        + `${api} has no scaleMetric, so the value would never reach the cluster. Return the autoscaling.knative.dev/metric revision annotation instead`,
      '\'autoscaling.minReplicas\' is -1: must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero',
      '\'transformer.autoscaling.scaleTarget\' is 5: '
        + `${api} has no scaleTarget, so the value would never reach the cluster. Return the autoscaling.knative.dev/target revision annotation instead`,
      '\'transformer.autoscaling.maxReplicas\' is 2147483648: must be a whole number from 0 to 2147483647. Use 0 for no per-service cap',
    ]);
  });
});

test('a problem of the autoscaler\'s own revision annotations is its own, not also the user\'s annotation\'s', () => {
  const props = kserve('autoscaling', { revisionAnnotations: { 'autoscaling.knative.dev/target': '0' } });
  expect(serviceProblems({ ...props, metadata: { ...props.metadata, annotations: { 'autoscaling.knative.dev/window': '90s' } } })).toEqual([
    '\'autoscaling.revisionAnnotations.autoscaling.knative.dev/target\' is "0": Knative takes a target of at least 0.01',
  ]);
});

test('a problem of the autoscaler\'s annotation with the user\'s is reported once, under the annotation it rejects', () => {
  const withAnnotations = (revisionAnnotations: Record<string, string>, annotations: Record<string, string>): InferenceServiceProps => {
    const props = kserve('autoscaling', { revisionAnnotations });
    return { ...props, metadata: { ...props.metadata, annotations } };
  };
  const kpa = { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev' };
  // The algorithm is checked only under an explicit KPA class, which here is the user's.
  const algorithm = { 'autoscaling.knative.dev/metric-aggregation-algorithm': 'median' };
  expect(serviceProblems(withAnnotations(algorithm, kpa))).toEqual([
    '\'autoscaling.revisionAnnotations.autoscaling.knative.dev/metric-aggregation-algorithm\' is "median": '
      + 'Knative takes the metric aggregation algorithms linear and weighted-exponential',
  ]);
  expect(serviceProblems(withAnnotations(algorithm, {}))).toEqual([]);
  // The other way round, the problem is the user's annotation's.
  expect(serviceProblems(withAnnotations(kpa, { 'autoscaling.knative.dev/metric': 'cpu' }))).toEqual([
    '\'metadata.annotations.autoscaling.knative.dev/metric\' is "cpu": Knative takes the metrics concurrency and rps with the KPA class',
  ]);
});

describe('max-scale against the max-scale-limit of a KnativeAutoscalerConfig in the app: what reaches the revision, not replicaLimit', () => {
  /** The problems of synthesizing an app with a config-autoscaler of max-scale-limit 3 and one service. */
  function synthProblems(props: InferenceServiceProps, config: Record<string, unknown> = {}): string[] {
    const app = new App();
    new KnativeAutoscalerConfig(new Chart(app, 'platform'), 'Autoscaler', { maxScaleLimit: 3, maxScale: 3, ...config });
    new InferenceService(new Chart(app, 'serving'), 'Llm', props);
    try {
      app.synthYaml();
      return [];
    } catch (error) {
      return (error as Error).message.split('\n').slice(1).map((line) => line.replace(/^ {2}\[[^\]]*\] /, ''));
    }
  }
  const where = 'KnativeAutoscalerConfig \'platform/Autoscaler\'';

  test.each(COMPONENTS)('%s: the typed maxReplicas, which KServe writes as max-scale unless 0', (prop) => {
    expect(synthProblems(kserve(prop, { maxReplicas: 6 }))).toEqual([
      `'${prop}.maxReplicas' is 6: ${where} sets max-scale-limit 3, and Knative rejects a revision whose max-scale is above it. `
        + 'Return maxReplicas from 1 to 3 from the autoscaler\'s bind(), or raise maxScaleLimit',
    ]);
    // replicaLimit is the library's count, which the cluster never reads.
    expect(synthProblems(kserve(prop, { maxReplicas: 2, replicaLimit: 8 }))).toEqual([]);
    expect(synthProblems(kserve(prop, { maxReplicas: 0 }))).toEqual([]);
  });

  test('a Knative Service: the revision annotations, each under its own key', () => {
    const props: InferenceServiceProps = {
      api: ServingApi.KNATIVE_SERVICE,
      metadata: { name: 'llm' },
      container: { image: 'vllm/vllm-openai:v0.6.3' },
      autoscaling: custom({ revisionAnnotations: { 'autoscaling.knative.dev/max-scale': '9', 'autoscaling.knative.dev/initial-scale': '0' } }),
    };
    const annotations = 'autoscaling.revisionAnnotations.autoscaling.knative.dev';
    expect(synthProblems(props)).toEqual([
      `'${annotations}/max-scale' is "9": Knative rejects a max-scale outside 1 to the cluster's max-scale-limit (3). `
        + `Set maxReplicas from 1 to 3, or raise maxScaleLimit on the KnativeAutoscalerConfig (${where})`,
      `'${annotations}/initial-scale' is "0": Knative takes an initial-scale of 0 only when the cluster's config-autoscaler sets allow-zero-initial-scale. `
        + `Set allowZeroInitialScale: true on the KnativeAutoscalerConfig, or use 1 (${where})`,
    ]);
    expect(synthProblems(props, { maxScaleLimit: 9, maxScale: 9, allowZeroInitialScale: true })).toEqual([]);
  });
});

test('all problems at once, for both components, with the library\'s error', () => {
  const props = kserve('transformer.autoscaling', { minReplicas: -1, replicaLimit: 1.5 });
  expect(() => new InferenceService(testChart(), 'Service', { ...props, autoscaling: custom({ maxReplicas: 2 ** 40, scaleTarget: 0 }) })).toThrow([
    'Invalid InferenceService at \'test/Service\':',
    '  - \'autoscaling.maxReplicas\' is 1099511627776: must be a whole number from 0 to 2147483647. Use 0 for no per-service cap',
    '  - \'autoscaling.scaleTarget\' is 0: must be at least 0.01, Knative\'s smallest target. Return a whole number of at least 1 from the autoscaler\'s bind()',
    '  - \'transformer.autoscaling.minReplicas\' is -1: must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero',
    '  - \'transformer.autoscaling.replicaLimit\' is 1.5: must be a whole number from 0 to 2147483647. Return maxReplicas, or 0 when the autoscaler sets no limit',
  ].join('\n'));
});

describe('a valid autoscaler of your own is written as before', () => {
  /** Every field at a bound the rules allow, on KServe's Knative and Standard modes, for both components. */
  function services() {
    const chart = testChart();
    const knative = custom({
      revisionAnnotations: {
        'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
        'autoscaling.knative.dev/target': '0.01',
        'autoscaling.knative.dev/window': '1h',
      },
      minReplicas: 0,
      maxReplicas: 2 ** 31 - 1,
      scaleTarget: 1,
      scaleMetric: 'concurrency',
      containerConcurrency: 1000,
      replicaLimit: 0,
    });
    new InferenceService(chart, 'Knative', {
      ...kserve('autoscaling', {}),
      metadata: { name: 'knative', namespace: 'ml' },
      autoscaling: knative,
      transformer: { container: TOKENIZER, autoscaling: knative },
    });
    const keda = custom({
      objectAnnotations: { [CLASS]: 'keda' },
      minReplicas: 1,
      maxReplicas: 8,
      replicaLimit: 8,
      containerConcurrency: 2 ** 40,
      externalMetrics: [{ backend: 'prometheus', serverAddress: PROMETHEUS, query: 'sum(vllm:num_requests_waiting)', target: '0.001' }],
      resourceMetrics: [{ resource: 'memory', averageValue: '1Mi' }],
      scaleUpStabilizationSeconds: 0,
      scaleDownStabilizationSeconds: 3600,
    });
    new InferenceService(chart, 'Keda', {
      ...kserve('autoscaling', {}, 'keda'),
      metadata: { name: 'keda', namespace: 'ml' },
      autoscaling: keda,
      transformer: { container: TOKENIZER, autoscaling: keda },
    });
    return chart;
  }

  test('byte for byte, the manifest the library wrote before it checked the ranges', () => {
    const expected = readFileSync(join(__dirname, 'golden', 'inference-service-custom-autoscaler.yaml'), 'utf8');
    expect(Yaml.stringify(...Testing.synth(services()))).toBe(expected);
    expect(synthValid(services())).toHaveLength(2);
  });
});
