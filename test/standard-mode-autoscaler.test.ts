/**
 * StandardModeAutoscaler: KEDA on Prometheus queries and vLLM's metrics, an external autoscaler,
 * fixed replicas. What it renders in KServe's Standard mode (checked against the v0.20 CRD), what
 * KServe's webhook would refuse (refused here first), and where it does not apply.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  AutoscalerConfig, DeploymentMode, GpuAutoscalingPolicy, InferenceService, InferenceServiceProps, KedaMetric, KServeVersion, ModelFormat,
  ModelSource, OperationOverTime, PodScalingMetric, ResourceScalingMetric, ScalingMetric, ServingApi, ServingComponent, StandardAutoscalerClass,
  StandardModeAutoscaler, VllmMetric,
} from '../src';
import { serviceProblems, synthValid, testChart } from './support/synth';

const PROMETHEUS = 'http://prometheus.monitoring:9090';
const WAITING = KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress: PROMETHEUS, target: 4 });

function llm(extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps {
  return {
    metadata: { name: 'llm', namespace: 'ml' },
    deploymentMode: DeploymentMode.STANDARD,
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromPvc('models', 'llama'),
    autoscaling: StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING] }),
    ...extra,
  };
}

function render(props: InferenceServiceProps, chart: Chart = testChart()): any {
  new InferenceService(chart, 'Service', props);
  return synthValid(chart).find((m) => m.kind === 'InferenceService');
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('vLLM metric names', () => {
  test('the gauges of current vLLM releases, and the KV-cache gauge under its name before 0.9.2', () => {
    const metrics = [
      VllmMetric.NUM_REQUESTS_RUNNING, VllmMetric.NUM_REQUESTS_WAITING, VllmMetric.KV_CACHE_USAGE, VllmMetric.GPU_CACHE_USAGE_BEFORE_0_9_2,
    ];
    expect(metrics.map((m) => m.name))
      .toEqual(['vllm:num_requests_running', 'vllm:num_requests_waiting', 'vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc']);
  });
});

describe('KEDA', () => {
  test('writes the class and External Prometheus metrics with a Value target, summed over the predictor\'s pods', () => {
    const object = render(llm({
      autoscaling: StandardModeAutoscaler.keda({
        maxReplicas: 4,
        metrics: [WAITING, KedaMetric.vllm(VllmMetric.KV_CACHE_USAGE, { serverAddress: PROMETHEUS, target: 0.8, authenticationRef: 'prometheus-auth' })],
      }),
    }));
    expect(object.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Standard', 'serving.kserve.io/autoscalerClass': 'keda' });
    expect(object.spec.predictor.minReplicas).toBe(1);
    expect(object.spec.predictor.maxReplicas).toBe(4);
    expect(object.spec.predictor.scaleMetric).toBeUndefined();
    expect(object.spec.predictor.autoScaling).toEqual({
      metrics: [
        {
          type: 'External',
          external: {
            metric: { backend: 'prometheus', serverAddress: PROMETHEUS, query: 'sum(vllm:num_requests_waiting{namespace="ml",pod=~"llm-predictor-[a-z0-9]+-[a-z0-9]+"})' },
            target: { type: 'Value', value: '4' },
          },
        },
        {
          type: 'External',
          external: {
            metric: { backend: 'prometheus', serverAddress: PROMETHEUS, query: 'sum(vllm:kv_cache_usage_perc{namespace="ml",pod=~"llm-predictor-[a-z0-9]+-[a-z0-9]+"})' },
            target: { type: 'Value', value: '0.8' },
            authenticationRef: { authenticationRef: { name: 'prometheus-auth' } },
          },
        },
      ],
    });
  });

  test('a target is written in the thousandths KEDA reads', () => {
    const sum = KedaMetric.vllm(VllmMetric.KV_CACHE_USAGE, { serverAddress: PROMETHEUS, target: 0.1 + 0.2 });
    const object = render(llm({ autoscaling: StandardModeAutoscaler.keda({ maxReplicas: 2, metrics: [sum] }) }));
    expect(object.spec.predictor.autoScaling.metrics[0].external.target).toEqual({ type: 'Value', value: '0.3' });
  });

  test('@default minReplicas is 1, KServe\'s default', () => {
    expect(StandardModeAutoscaler.keda({ maxReplicas: 2, metrics: [WAITING] }).minReplicas).toBe(1);
  });

  test('a query of your own is written as given, and minReplicas 0 is allowed for it', () => {
    const query = 'sum(rate(gateway_requests_total{route="llm"}[1m]))';
    const object = render(llm({
      autoscaling: StandardModeAutoscaler.keda({
        minReplicas: 0, maxReplicas: 2, metrics: [KedaMetric.prometheus({ serverAddress: PROMETHEUS, query, target: 5 })],
      }),
    }));
    expect(object.spec.predictor.minReplicas).toBe(0);
    expect(object.spec.predictor.autoScaling.metrics[0].external.metric.query).toBe(query);
  });

  test('the chart\'s namespace scopes the query when the metadata gives none', () => {
    const object = render(llm({ metadata: { name: 'llm' } }), testChart('team-a'));
    expect(object.spec.predictor.autoScaling.metrics[0].external.metric.query).toBe('sum(vllm:num_requests_waiting{namespace="team-a",pod=~"llm-predictor-[a-z0-9]+-[a-z0-9]+"})');
  });

  test('without any namespace the query matches the name in every namespace, with a warning', () => {
    const chart = testChart();
    const service = new InferenceService(chart, 'Service', llm({ metadata: { name: 'llm' } }));
    expect(synthValid(chart)[0].spec.predictor.autoScaling.metrics[0].external.metric.query)
      .toBe('sum(vllm:num_requests_waiting{pod=~"llm-predictor-[a-z0-9]+-[a-z0-9]+"})');
    expect(service.warnings).toEqual(['\'autoscaling\' sums vllm:num_requests_waiting over the pods named like this service in every namespace, '
      + 'because the service has no namespace: give metadata.namespace or the chart\'s namespace to scope the query to it']);
  });

  test('its bounds and metrics are checked when it is created, with every problem', () => {
    expect(errorOf(() => StandardModeAutoscaler.keda({ minReplicas: 3, maxReplicas: 2, metrics: [] }))).toBe('Invalid StandardModeAutoscaler:\n'
      + '  - \'maxReplicas\' is 2: is less than minReplicas (3), and KServe would quietly raise it. Use 3 or more\n'
      + '  - \'metrics\' is "0 metrics": must list at least one KedaMetric (a KEDA ScaledObject needs a trigger). '
      + 'For example [KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress, target: 2 })]');
  });

  test('minReplicas 0 on a vLLM metric is refused: the metric vanishes with the last pod', () => {
    expect(errorOf(() => StandardModeAutoscaler.keda({ minReplicas: 0, maxReplicas: 2, metrics: [WAITING] }))).toBe('Invalid StandardModeAutoscaler:\n'
      + '  - \'minReplicas\' is 0: vllm:num_requests_waiting vanishes with the last vLLM pod, so KEDA would never scale up from zero. '
      + 'Use 1 or more, or scale on a metric measured outside the pods (for example at the gateway)');
  });

  test.each([
    ['maxReplicas 0', { maxReplicas: 0 }, '\'maxReplicas\' is 0: must be a whole number from 1 to 2147483647. Give the most replicas the GPUs allow'],
    ['maxReplicas 1.5', { maxReplicas: 1.5 }, '\'maxReplicas\' is 1.5: must be a whole number from 1 to 2147483647. Give the most replicas the GPUs allow'],
    ['minReplicas -1', { minReplicas: -1, maxReplicas: 2 }, '\'minReplicas\' is -1: must be a whole number from 0 to 2147483647'],
  ])('%s is refused', (_name, bounds, problem) => {
    expect(errorOf(() => StandardModeAutoscaler.keda({ ...bounds, metrics: [WAITING] }))).toBe(`Invalid StandardModeAutoscaler:\n  - ${problem}`);
  });

  test.each([
    ['a server without scheme', { serverAddress: 'prometheus:9090' }, '\'serverAddress\' is "prometheus:9090": must be the http:// or https:// address of the Prometheus HTTP API. '
      + 'For example http://prometheus-operated.monitoring:9090'],
    ['a target of 0', { target: 0 }, '\'target\' is 0: must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). For example 2, or 0.8 for a fraction'],
    ['a target of 0.0005', { target: 0.0005 }, '\'target\' is 0.0005: must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). '
      + 'For example 2, or 0.8 for a fraction'],
    ['an authenticationRef that is no name', { authenticationRef: 'Prometheus Auth' }, '\'authenticationRef\' is "Prometheus Auth": must be the name of a KEDA TriggerAuthentication'],
    ['a password in the address', { serverAddress: 'https://admin:zz-p4ssw0rd@prometheus.monitoring:9090' },
      '\'serverAddress\' is "https://***@prometheus.monitoring:9090": carries a credential (user-info (user:password@)), which would stand in plain text in the ScaledObject. '
      + 'Leave it out of the address, and give authenticationRef: a KEDA TriggerAuthentication that reads it from a Secret'],
    ['a token in the address', { serverAddress: 'https://prometheus.monitoring:9090/?access_token=zz-t0ken' },
      '\'serverAddress\' is "https://prometheus.monitoring:9090/?access_token=***": carries a credential (the query parameter \'access_token\'), which would stand in plain text '
      + 'in the ScaledObject. Leave it out of the address, and give authenticationRef: a KEDA TriggerAuthentication that reads it from a Secret'],
  ])('a metric with %s is refused', (_name, props, problem) => {
    expect(errorOf(() => KedaMetric.vllm(VllmMetric.NUM_REQUESTS_RUNNING, { serverAddress: PROMETHEUS, target: 2, ...props }))).toBe(`Invalid KedaMetric:\n  - ${problem}`);
  });

  test('a query of your own must not be empty; wrong types from JavaScript get the library\'s errors', () => {
    expect(errorOf(() => KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: ' ', target: 1 }))).toBe('Invalid KedaMetric:\n'
      + '  - \'query\' is " ": must be a PromQL query. For example sum(vllm:num_requests_waiting{namespace="llm"})');
    expect(errorOf(() => KedaMetric.vllm('vllm:num_requests_running' as unknown as VllmMetric, { serverAddress: PROMETHEUS, target: 1 }))).toBe('Invalid KedaMetric:\n'
      + '  - \'metric\' is "vllm:num_requests_running": must be a VllmMetric. For example VllmMetric.NUM_REQUESTS_WAITING');
  });

  test('the pods\' CPU and memory are Resource metrics: cpu as a utilization, memory as a utilization or an amount per pod', () => {
    const object = render(llm({
      autoscaling: StandardModeAutoscaler.keda({
        maxReplicas: 4, metrics: [KedaMetric.cpu(60), KedaMetric.memoryUtilization(80), KedaMetric.memoryPerPod(Size.gibibytes(40)), WAITING],
      }),
    }));
    expect(object.spec.predictor.autoScaling.metrics.map((m: any) => m.resource ?? m.type)).toEqual([
      'External',
      { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
      { name: 'memory', target: { type: 'AverageValue', averageValue: '40Gi' } },
    ]);
    expect(object.spec.predictor.autoScaling.metrics[1].type).toBe('Resource');
  });

  test('a resource metric\'s fields say what it is', () => {
    const cpu = KedaMetric.cpu(60);
    expect([cpu.resource, cpu.target, cpu.serverAddress, cpu.averageValue, cpu.query, cpu.vllmMetric]).toEqual(['cpu', 60, undefined, undefined, undefined, undefined]);
    const memory = KedaMetric.memoryPerPod(Size.gibibytes(40));
    expect([memory.resource, memory.target, memory.averageValue?.toGibibytes()]).toEqual(['memory', undefined, 40]);
    expect(WAITING.resource).toBeUndefined();
  });

  test('a utilization is a whole percentage from 1 to 100, and memory per pod at least 1Mi, as KServe\'s webhook takes them', () => {
    const percent = (value: number) => `  - 'targetUtilizationPercent' is ${value}: must be a whole percentage from 1 to 100 (KServe's webhook). For example 60`;
    expect(errorOf(() => KedaMetric.cpu(0))).toBe(`Invalid KedaMetric:\n${percent(0)}`);
    expect(errorOf(() => KedaMetric.cpu(101))).toBe(`Invalid KedaMetric:\n${percent(101)}`);
    expect(errorOf(() => KedaMetric.memoryUtilization(50.5))).toBe(`Invalid KedaMetric:\n${percent(50.5)}`);
    expect(errorOf(() => KedaMetric.memoryPerPod(Size.kibibytes(512)))).toBe('Invalid KedaMetric:\n'
      + '  - \'averageValue\' is 512Ki: must be at least 1Mi, the least KServe\'s webhook accepts for a memory target. For example Size.gibibytes(40)');
    expect(errorOf(() => KedaMetric.cpu('60' as unknown as number))).toBe('Invalid KedaMetric:\n  - \'targetUtilizationPercent\' is "60": must be a number');
  });

  test('memory per pod is compared as written, in whole bytes: 1Mi less a fraction of a byte is written as 1048576 and accepted', () => {
    const almost1Mi = KedaMetric.memoryPerPod(Size.kibibytes(1024 - 1e-7));
    const object = render(llm({ autoscaling: StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [almost1Mi, WAITING] }) }));
    expect(object.spec.predictor.autoScaling.metrics[1].resource.target).toEqual({ type: 'AverageValue', averageValue: '1048576' });
    expect(KedaMetric.memoryPerPod(Size.kibibytes(1024)).averageValue?.toKibibytes()).toBe(1024);
    expect(errorOf(() => KedaMetric.memoryPerPod(Size.kibibytes(1023.999)))).toBe('Invalid KedaMetric:\n'
      + '  - \'averageValue\' is 1048575: must be at least 1Mi, the least KServe\'s webhook accepts for a memory target. For example Size.gibibytes(40)');
  });

  test('minReplicas 0 needs a metric other than cpu and memory: KEDA cannot scale up from zero on them', () => {
    expect(errorOf(() => StandardModeAutoscaler.keda({ minReplicas: 0, maxReplicas: 2, metrics: [KedaMetric.cpu(60)] }))).toBe('Invalid StandardModeAutoscaler:\n'
      + '  - \'minReplicas\' is 0: KEDA scales to zero on cpu or memory only beside a metric of another kind: no pod reports them while none runs. '
      + 'Use 1 or more, or add a metric measured outside the pods (KedaMetric.prometheus)');
    const gateway = KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: 'sum(rate(gateway_requests_total[1m]))', target: 5 });
    expect(StandardModeAutoscaler.keda({ minReplicas: 0, maxReplicas: 2, metrics: [KedaMetric.cpu(60), gateway] }).minReplicas).toBe(0);
  });

  test('explain() names each metric', () => {
    const explained = StandardModeAutoscaler.keda({
      maxReplicas: 4, metrics: [KedaMetric.cpu(60), KedaMetric.memoryPerPod(Size.gibibytes(40)), WAITING],
    }).explain();
    expect(explained).toContain('- cpu at 60 % of the pods\' request on average.\n- memory at 40Gi per pod on average.\n'
      + '- vllm:num_requests_waiting summed over the predictor\'s pods: ceil(value / 4) replicas.');
  });

  test('explain() shows a target as it is written, in thousandths', () => {
    const query = KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: 'sum(queue_depth)', target: 0.1 + 0.2 });
    expect(StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [query] }).explain()).toContain('- sum(queue_depth): ceil(value / 0.3) replicas.');
  });

  test('stabilization windows are written to autoScaling.behavior, which KServe copies into the ScaledObject', () => {
    const object = render(llm({
      autoscaling: StandardModeAutoscaler.keda({
        maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: Duration.minutes(15), scaleUpStabilization: Duration.seconds(30),
      }),
    }));
    expect(object.spec.predictor.autoScaling.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 30 },
      scaleDown: { stabilizationWindowSeconds: 900 },
    });
    expect(object.spec.predictor.autoScaling.metrics).toHaveLength(1);
    const downOnly = render(llm({
      autoscaling: StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: Duration.hours(1) }),
    }));
    expect(downOnly.spec.predictor.autoScaling.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 3600 } });
  });

  test('@default scaleDownStabilization and scaleUpStabilization are not written: the HPA\'s own 5 minutes and 0 apply', () => {
    const keda = StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING] });
    expect([keda.scaleDownStabilization, keda.scaleUpStabilization]).toEqual([undefined, undefined]);
    expect(render(llm({ autoscaling: keda })).spec.predictor.autoScaling).not.toHaveProperty('behavior');
    expect(keda.explain()).toContain('after its scale-down stabilization window (5m by default)');
    // A zero scale-up window is the HPA's default, and explain() says nothing of it.
    expect(StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING], scaleUpStabilization: Duration.seconds(0) }).explain()).not.toContain('adds pods');
  });

  test('explain() tells the windows given', () => {
    const explained = StandardModeAutoscaler.keda({
      maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: Duration.minutes(15), scaleUpStabilization: Duration.seconds(30),
    }).explain();
    expect(explained).toContain('- It adds pods for the lowest count asked for over the last 30s.');
    expect(explained).toContain('- When traffic stops: the HPA KEDA drives scales down to minReplicas after its scale-down stabilization window (15m).');
  });

  test('a window that is no whole number of seconds, or longer than the HPA accepts, is refused; wrong types get the library\'s error', () => {
    const message = (example: string) => `must be a whole number of seconds from 0 to 1 hour, the longest window the HPA accepts. For example ${example}`;
    expect(errorOf(() => StandardModeAutoscaler.keda({
      maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: Duration.seconds(3601), scaleUpStabilization: Duration.millis(1500),
    }))).toBe(['Invalid StandardModeAutoscaler:',
      `  - 'scaleDownStabilization' is 1 hour 1 second: ${message('Duration.minutes(10)')}`,
      `  - 'scaleUpStabilization' is 1 second 500 millis: ${message('Duration.seconds(30)')}`].join('\n'));
    expect(errorOf(() => StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING], scaleUpStabilization: Duration.seconds(NaN) })))
      .toBe(`Invalid StandardModeAutoscaler:\n  - 'scaleUpStabilization' is NaN ms: ${message('Duration.seconds(30)')}`);
    expect(errorOf(() => StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: 600 as unknown as Duration })))
      .toBe('Invalid StandardModeAutoscaler:\n  - \'props.scaleDownStabilization\' is 600: must be a Duration. For example Duration.seconds(30)');
  });

  test('the scaled component is told to the autoscaler: vLLM metrics cannot scale the transformer', () => {
    const binding = StandardModeAutoscaler.keda({ maxReplicas: 2, metrics: [WAITING] }).bind({
      api: ServingApi.KSERVE_V1BETA1, deploymentMode: DeploymentMode.STANDARD, component: ServingComponent.TRANSFORMER, serviceName: 'llm', namespace: 'ml',
    });
    expect(binding.problems).toEqual(['\'metrics\' is "vllm:num_requests_waiting": vLLM runs in the predictor, so the transformer\'s pods export none of its metrics. '
      + 'Scale the transformer on a query of its own (KedaMetric.prometheus)']);
  });
});

describe('where it applies', () => {
  test('Knative mode and the other APIs refuse it: Knative scales there', () => {
    // Its metrics and windows are not reported again: the class's problem says it all.
    const keda = StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: Duration.minutes(10) });
    expect(serviceProblems(llm({ deploymentMode: undefined, autoscaling: keda }))).toEqual([
      '\'autoscalerClass\' is "keda": KServe reads serving.kserve.io/autoscalerClass only in Standard mode, not in Knative mode, where Knative scales the revisions. '
        + 'Use deploymentMode: DeploymentMode.STANDARD, or a GpuAutoscalingPolicy',
    ]);
    expect(serviceProblems({ api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.11.0' }, autoscaling: keda })).toEqual([
      '\'autoscalerClass\' is "keda": KServe reads serving.kserve.io/autoscalerClass only in Standard mode, not in serving.knative.dev/v1 Service. '
        + 'Use a GpuAutoscalingPolicy',
    ]);
  });

  test.each([
    [StandardAutoscalerClass.KEDA, () => StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING] }), '0.14', '0.15'],
    [StandardAutoscalerClass.EXTERNAL, () => StandardModeAutoscaler.external(), '0.11', '0.12'],
    [StandardAutoscalerClass.NONE, () => StandardModeAutoscaler.fixedReplicas(2), '0.15', '0.16'],
  ])('%s needs the KServe release that accepts it', (autoscalerClass, autoscaler, before, since) => {
    // A custom container: the Hugging Face runtime itself needs 0.12.
    const container = { modelFormat: undefined, model: undefined, container: { image: 'vllm/vllm-openai:v0.11.0' } };
    expect(serviceProblems(llm({ ...container, kserveVersion: KServeVersion.of(before), autoscaling: autoscaler() }))).toEqual([
      `'autoscalerClass' is "${autoscalerClass}": KServe accepts it from ${since}; kserveVersion is ${before}. Use another autoscaler or a newer KServe`,
    ]);
    expect(serviceProblems(llm({ ...container, kserveVersion: KServeVersion.of(since), autoscaling: autoscaler() }))).toEqual([]);
  });

  test('stabilization windows need KServe 0.16, which added autoScaling.behavior', () => {
    const keda = StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING], scaleDownStabilization: Duration.minutes(10) });
    expect(serviceProblems(llm({ kserveVersion: KServeVersion.V0_15, autoscaling: keda }))).toEqual([
      '\'autoscaling\' is ["600s"]: KServe 0.15 has no autoScaling.behavior: KServe >= 0.16 reads its stabilization windows in Standard mode. '
        + 'Use kserveVersion KServeVersion.V0_16 or newer, or leave out scaleDownStabilization and scaleUpStabilization',
    ]);
    expect(serviceProblems(llm({ kserveVersion: KServeVersion.V0_16, autoscaling: keda }))).toEqual([]);
    const custom = { bind: () => ({ replicaLimit: 2, scaleDownStabilizationSeconds: 600 }) };
    expect(serviceProblems(llm({ deploymentMode: DeploymentMode.KNATIVE, autoscaling: custom }))).toEqual([
      '\'autoscaling\' is ["600s"]: serving.kserve.io/v1beta1 InferenceService has no autoScaling.behavior: KServe >= 0.16 reads its stabilization windows '
        + 'in Standard mode. Use ServingApi.KSERVE_V1BETA1 with DeploymentMode.STANDARD, or a GpuAutoscalingPolicy',
    ]);
    // KFServing's target shares KServe's shape, and names its own API.
    expect(serviceProblems({ api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromPvc('models', 'llm'), autoscaling: custom }))
      .toEqual([
        '\'autoscaling\' is ["600s"]: serving.kubeflow.org/v1beta1 InferenceService has no autoScaling.behavior: KServe >= 0.16 reads its stabilization windows '
          + 'in Standard mode. Use ServingApi.KSERVE_V1BETA1 with DeploymentMode.STANDARD, or a GpuAutoscalingPolicy',
      ]);
  });

  test('a user\'s autoscalerClass annotation is never overwritten: a different one is an error, the same one is kept', () => {
    expect(serviceProblems(llm({ metadata: { name: 'llm', namespace: 'ml', annotations: { 'serving.kserve.io/autoscalerClass': 'hpa' } } }))).toEqual([
      '\'metadata.annotations.serving.kserve.io/autoscalerClass\' is "hpa": the construct writes "keda" for this key from its own props. '
        + 'Remove the annotation and set the prop instead, or give the same value',
    ]);
    const object = render(llm({ metadata: { name: 'llm', namespace: 'ml', annotations: { 'serving.kserve.io/autoscalerClass': 'keda' } } }));
    expect(object.metadata.annotations['serving.kserve.io/autoscalerClass']).toBe('keda');
  });

  test('a custom autoscaler\'s Resource metrics are checked as the CRD takes them, and under KEDA as KServe\'s webhook does', () => {
    const custom = (...resourceMetrics: ResourceScalingMetric[]) => ({
      bind: () => ({ replicaLimit: 2, objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'keda' }, resourceMetrics }),
    });
    expect(serviceProblems(llm({
      autoscaling: custom(
        { resource: 'gpu', averageUtilization: 50 },
        { resource: 'memory', averageUtilization: 50, averageValue: '1Gi' },
        { resource: 'cpu' },
        { resource: 'cpu', averageValue: '500m' },
        { resource: 'memory', averageUtilization: 150 },
        { resource: 'cpu', averageUtilization: 0.5 },
        { resource: 'memory', averageValue: '1023Ki' },
        { resource: 'memory', averageValue: 'lots' },
        // A name of Object's prototype finds no rule of the webhook's table.
        { resource: 'constructor', averageValue: '2Gi' },
      ),
    }))).toEqual([
      '\'autoscaling.resourceMetrics[0].resource\' is "gpu": must be cpu or memory (the CRD\'s enum). Return "cpu" or "memory" from the autoscaler\'s bind()',
      '\'autoscaling.resourceMetrics[1]\' is ["averageUtilization", "averageValue"]: must give one target, averageUtilization or averageValue. '
        + 'Return averageUtilization for a percentage of the pods\' request, or averageValue for an amount per pod',
      '\'autoscaling.resourceMetrics[2]\' is []: must give one target, averageUtilization or averageValue. '
        + 'Return averageUtilization for a percentage of the pods\' request, or averageValue for an amount per pod',
      '\'autoscaling.resourceMetrics[3].averageValue\' is "500m": KServe\'s webhook takes cpu under KEDA as a utilization only. Give averageUtilization',
      '\'autoscaling.resourceMetrics[4].averageUtilization\' is 150: must be a whole percentage from 1 to 100 (KServe\'s webhook). For example 60',
      '\'autoscaling.resourceMetrics[5].averageUtilization\' is 0.5: must be a whole percentage from 1 to 100 (KServe\'s webhook). For example 60',
      '\'autoscaling.resourceMetrics[6].averageValue\' is "1023Ki": must be at least 1Mi, the least KServe\'s webhook accepts for a memory target. For example "40Gi"',
      '\'autoscaling.resourceMetrics[7].averageValue\' is "lots": must be a Kubernetes quantity. For example "40Gi"',
      '\'autoscaling.resourceMetrics[8].resource\' is "constructor": must be cpu or memory (the CRD\'s enum). Return "cpu" or "memory" from the autoscaler\'s bind()',
    ]);
    expect(render(llm({ autoscaling: custom({ resource: 'memory', averageValue: '1.048576M' }) })).spec.predictor.autoScaling.metrics).toHaveLength(1);
    const hpa = (metric: ResourceScalingMetric) => ({ bind: () => ({ replicaLimit: 2, resourceMetrics: [metric] }) });
    expect(serviceProblems(llm({ autoscaling: hpa({ resource: 'cpu', averageUtilization: 150 }) }))).toEqual([]);
    expect(serviceProblems(llm({ autoscaling: hpa({ resource: 'cpu', averageUtilization: 0 }) }))).toEqual([
      '\'autoscaling.resourceMetrics[0].averageUtilization\' is 0: must be a whole percentage from 1 to 2147483647. For example 60',
    ]);
  });

  test('what a custom autoscaler returns is type-checked, for the predictor and the transformer, with the library\'s error', () => {
    const returning = (config: unknown) => ({ bind: () => config as AutoscalerConfig });
    const chart = testChart();
    const service = (id: string, props: Partial<InferenceServiceProps>) => () => new InferenceService(chart, id, llm(props));
    expect(service('Numbers', { autoscaling: returning({ replicaLimit: 2, minReplicas: '1', resourceMetrics: [null], warnings: 'slow' }) }))
      .toThrow(['Invalid InferenceService at \'test/Numbers\':',
        '  - \'autoscaling.minReplicas\' is "1": must be a number',
        '  - \'autoscaling.resourceMetrics[0]\' is null: must be an object, or left out',
        '  - \'autoscaling.warnings\' is "slow": must be an array of strings'].join('\n'));
    expect(service('Nothing', { autoscaling: returning(undefined) }))
      .toThrow('Invalid InferenceService at \'test/Nothing\':\n  - \'autoscaling\' is undefined: must be an object of props');
    const keda = StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [KedaMetric.cpu(60)] });
    const tokenizer = { container: { image: 'example/tokenizer:1' }, autoscaling: returning({ replicaLimit: 1, maxReplicas: NaN }) };
    expect(service('Transformer', { autoscaling: keda, transformer: tokenizer }))
      .toThrow('\'transformer.autoscaling.maxReplicas\' is NaN: must be a finite number');
  });

  test('a custom autoscaler of class keda needs metrics: KServe would create a ScaledObject without triggers', () => {
    const custom = { bind: () => ({ replicaLimit: 2, objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'keda' }, externalMetrics: [] }) };
    expect(serviceProblems(llm({ autoscaling: custom }))).toEqual([
      '\'autoscaling\' is "0 metrics": KServe turns autoScaling.metrics into the triggers of the predictor\'s KEDA ScaledObject, and KEDA needs one. '
        + 'Return externalMetrics, resourceMetrics or podMetrics from the autoscaler\'s bind(), or use StandardModeAutoscaler.keda()',
    ]);
  });

  test('a custom autoscaler\'s External metrics are refused where the API has no autoScaling', () => {
    const metric = { backend: 'prometheus', serverAddress: PROMETHEUS, query: 'sum(up)', target: '1' };
    const custom = { bind: () => ({ replicaLimit: 2, externalMetrics: [metric] }) };
    expect(serviceProblems(llm({ deploymentMode: DeploymentMode.KNATIVE, autoscaling: custom }))).toEqual([
      '\'autoscaling\' is ["sum(up)"]: serving.kserve.io/v1beta1 InferenceService has no autoScaling.metrics: KServe >= 0.15 reads them in Standard mode. '
        + 'Use ServingApi.KSERVE_V1BETA1 with DeploymentMode.STANDARD, or a GpuAutoscalingPolicy',
    ]);
  });
});

describe('external and fixed replicas', () => {
  test('external writes the class and only the bounds given', () => {
    expect(render(llm({ autoscaling: StandardModeAutoscaler.external() })).spec.predictor).not.toHaveProperty('minReplicas');
    const object = render(llm({ autoscaling: StandardModeAutoscaler.external({ minReplicas: 2, maxReplicas: 6 }) }));
    expect(object.metadata.annotations['serving.kserve.io/autoscalerClass']).toBe('external');
    expect(object.spec.predictor).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(object.spec.predictor).not.toHaveProperty('autoScaling');
  });

  test('@default external leaves maxReplicas unlimited for the checks', () => {
    expect(new InferenceService(testChart(), 'Service', llm({ autoscaling: StandardModeAutoscaler.external() })).maxReplicas).toBe(0);
  });

  test('fixed replicas write class none with equal bounds', () => {
    const object = render(llm({ autoscaling: StandardModeAutoscaler.fixedReplicas(3) }));
    expect(object.metadata.annotations['serving.kserve.io/autoscalerClass']).toBe('none');
    expect(object.spec.predictor).toMatchObject({ minReplicas: 3, maxReplicas: 3 });
    expect(errorOf(() => StandardModeAutoscaler.fixedReplicas(0))).toBe('Invalid StandardModeAutoscaler:\n  - \'replicas\' is 0: must be a whole number from 1 to 2147483647');
  });
});

describe('the transformer under KEDA', () => {
  const transformer = { container: { image: 'example/tokenizer:1' } };

  test('needs KEDA metrics of its own: KServe gives it a ScaledObject too', () => {
    expect(serviceProblems(llm({ transformer }))).toEqual([
      '\'transformer.autoscaling\' is undefined: the predictor scales with KEDA, and KServe gives the transformer a KEDA ScaledObject too, which needs metrics of its own. '
        + 'Give transformer.autoscaling a StandardModeAutoscaler.keda() on the transformer\'s CPU (KedaMetric.cpu()) or a query of its own',
    ]);
  });

  test('an autoscaler of another class is refused: KServe validates every component against the InferenceService\'s class', () => {
    const hpa = new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, minReplicas: 1, maxReplicas: 2 });
    expect(serviceProblems(llm({ transformer: { ...transformer, autoscaling: hpa } }))).toEqual([
      '\'transformer.autoscaling\' is "serving.kserve.io/autoscalerClass: hpa": the InferenceService\'s serving.kserve.io/autoscalerClass applies to every component, '
        + 'and the predictor\'s autoscaler writes "keda". Give the transformer an autoscaler of the predictor\'s class',
      '\'transformer.autoscaling\' is "0 metrics": the predictor scales with KEDA, and KServe gives the transformer a KEDA ScaledObject too, which needs metrics of its own. '
        + 'Give transformer.autoscaling a StandardModeAutoscaler.keda() on the transformer\'s CPU (KedaMetric.cpu()) or a query of its own',
    ]);
  });

  test('empty metric lists from a custom autoscaler are no metrics: KEDA refuses a ScaledObject without triggers', () => {
    const custom = { bind: () => ({ replicaLimit: 2, objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'keda' }, externalMetrics: [], resourceMetrics: [] }) };
    expect(serviceProblems(llm({ transformer: { ...transformer, autoscaling: custom } }))).toEqual([
      '\'transformer.autoscaling\' is "0 metrics": the predictor scales with KEDA, and KServe gives the transformer a KEDA ScaledObject too, which needs metrics of its own. '
        + 'Give transformer.autoscaling a StandardModeAutoscaler.keda() on the transformer\'s CPU (KedaMetric.cpu()) or a query of its own',
    ]);
  });

  test('on its own CPU it needs no query', () => {
    const autoscaling = StandardModeAutoscaler.keda({ maxReplicas: 8, metrics: [KedaMetric.cpu(70)] });
    const object = render(llm({ transformer: { ...transformer, autoscaling } }));
    expect(object.spec.transformer.autoScaling).toEqual({
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test('with a query of its own it scales on its own bounds', () => {
    const query = 'sum(rate(tokenizer_requests_total{namespace="ml"}[1m]))';
    const object = render(llm({
      transformer: {
        ...transformer,
        autoscaling: StandardModeAutoscaler.keda({
          minReplicas: 1, maxReplicas: 8, metrics: [KedaMetric.prometheus({ serverAddress: PROMETHEUS, query, target: 50 })],
        }),
      },
    }));
    expect(object.spec.transformer).toMatchObject({ minReplicas: 1, maxReplicas: 8 });
    expect(object.spec.transformer.autoScaling.metrics[0].external).toEqual({
      metric: { backend: 'prometheus', serverAddress: PROMETHEUS, query }, target: { type: 'Value', value: '50' },
    });
  });

  test('a vLLM metric on the transformer is refused', () => {
    const autoscaling = StandardModeAutoscaler.keda({ maxReplicas: 2, metrics: [WAITING] });
    expect(serviceProblems(llm({ transformer: { ...transformer, autoscaling } }))).toEqual([
      '\'transformer.autoscaling.metrics\' is "vllm:num_requests_waiting": vLLM runs in the predictor, so the transformer\'s pods export none of its metrics. '
        + 'Scale the transformer on a query of its own (KedaMetric.prometheus)',
    ]);
  });
});

test('one instance scales many services, each on its own pods', () => {
  const keda = StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING] });
  const chart = Testing.chart();
  new InferenceService(chart, 'A', llm({ metadata: { name: 'a', namespace: 'ml' }, autoscaling: keda }));
  new InferenceService(chart, 'B', llm({ metadata: { name: 'b', namespace: 'ml' }, autoscaling: keda }));
  expect(synthValid(chart).map((m) => m.spec.predictor.autoScaling.metrics[0].external.metric.query)).toEqual([
    'sum(vllm:num_requests_waiting{namespace="ml",pod=~"a-predictor-[a-z0-9]+-[a-z0-9]+"})',
    'sum(vllm:num_requests_waiting{namespace="ml",pod=~"b-predictor-[a-z0-9]+-[a-z0-9]+"})',
  ]);
});

describe('explain()', () => {
  test('KEDA: each metric and the replicas it asks for, the bounds, and what happens when traffic stops', () => {
    const query = 'sum(rate(gateway_requests_total[1m]))';
    const own = KedaMetric.prometheus({ serverAddress: PROMETHEUS, query, target: 5 });
    expect(StandardModeAutoscaler.keda({ maxReplicas: 4, metrics: [WAITING, own] }).explain()).toBe([
      'KEDA (KServe Standard mode, autoscalerClass keda) on 2 metrics.',
      '- vllm:num_requests_waiting summed over the predictor\'s pods: ceil(value / 4) replicas.',
      `- ${query}: ceil(value / 5) replicas.`,
      '- KEDA follows the metric that asks for the most replicas.',
      '- Pods: 1 to 4.',
      '- When traffic stops: the HPA KEDA drives scales down to minReplicas after its scale-down stabilization window (5m by default).',
    ].join('\n'));
    expect(StandardModeAutoscaler.keda({ minReplicas: 0, maxReplicas: 4, metrics: [own] }).explain())
      .toContain('- When traffic stops: KEDA scales to zero after its cooldownPeriod (300s by default); a request that arrives while no pod runs fails');
  });

  test('external and fixed replicas', () => {
    expect(StandardModeAutoscaler.external().explain()).toBe('An autoscaler the cluster brings (KServe Standard mode, autoscalerClass external): KServe creates none.\n'
      + '- Pods: KServe\'s default (1) to what your autoscaler allows.');
    expect(StandardModeAutoscaler.fixedReplicas(1).explain()).toBe('A fixed 1 replica (KServe Standard mode, autoscalerClass none): no autoscaler.');
  });

  test('the service\'s explain() gives the autoscaler\'s account', () => {
    const service = new InferenceService(testChart('ml'), 'Service', llm());
    expect(service.explain().split('\n')[0]).toBe('test/Service: KEDA (KServe Standard mode, autoscalerClass keda) on 1 metric.');
  });
});

test('props left out by a JavaScript caller are the library\'s errors', () => {
  expect(errorOf(() => KedaMetric.prometheus(undefined as never))).toBe('Invalid KedaMetric:\n  - \'props\' is undefined: is required: an object');
  expect(errorOf(() => StandardModeAutoscaler.keda(undefined as never))).toBe('Invalid StandardModeAutoscaler:\n  - \'props\' is undefined: is required: an object');
});

describe('values of the wrong type from JavaScript get the library\'s errors, before any rule reads them', () => {
  test.each([
    ['KedaMetric.prometheus, a target given as a string', () => KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: 'sum(up)', target: '2' as never }),
      'Invalid KedaMetric:\n  - \'props.target\' is "2": must be a number'],
    ['KedaMetric.prometheus, a query that reads back as a number', () => KedaMetric.prometheus({ serverAddress: PROMETHEUS, query: '0o17', target: 1 }),
      'Invalid KedaMetric:\n  - \'props.query\' is "0o17": cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) '
      + 'takes it for the number 15. Write it another way: cdk8s quotes only the forms of YAML 1.1'],
    ['KedaMetric.vllm, props left out', () => KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, undefined as never),
      'Invalid KedaMetric:\n  - \'props\' is undefined: is required: an object'],
    ['KedaMetric.vllm, a server address that is no string', () => KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress: 9090 as never, target: 1 }),
      'Invalid KedaMetric:\n  - \'props.serverAddress\' is 9090: must be a string'],
    ['StandardModeAutoscaler.keda, metrics that are no array', () => StandardModeAutoscaler.keda({ maxReplicas: 2, metrics: 'x' as never }),
      'Invalid StandardModeAutoscaler:\n  - \'props.metrics\' is "x": must be an array of KedaMetric'],
    ['StandardModeAutoscaler.keda, a metric that is no KedaMetric', () => StandardModeAutoscaler.keda({ maxReplicas: 2, metrics: [VllmMetric.NUM_REQUESTS_WAITING as never] }),
      'Invalid StandardModeAutoscaler:\n  - \'props.metrics[0]\' is a VllmMetric: must be a KedaMetric. '
      + 'For example KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress, target: 2 })'],
    ['StandardModeAutoscaler.external, a bound given as a string', () => StandardModeAutoscaler.external({ maxReplicas: '4' as never }),
      'Invalid StandardModeAutoscaler:\n  - \'props.maxReplicas\' is "4": must be a number'],
    ['StandardModeAutoscaler.external, null props', () => StandardModeAutoscaler.external(null as never),
      'Invalid StandardModeAutoscaler:\n  - \'props\' is null: must be an object, or left out'],
    ['StandardModeAutoscaler.fixedReplicas, a count given as a string', () => StandardModeAutoscaler.fixedReplicas('2' as never),
      'Invalid StandardModeAutoscaler:\n  - \'replicas\' is "2": must be a number'],
  ])('%s', (_name, create, message) => {
    expect(errorOf(create)).toBe(message);
  });
});

describe('OpenTelemetry metrics of the pods (PodMetric)', () => {
  const RUNNING = KedaMetric.openTelemetry({ metricName: VllmMetric.NUM_REQUESTS_RUNNING.name, target: 4 });
  const otel = (metrics: KedaMetric[], minReplicas?: number) => StandardModeAutoscaler.keda({ minReplicas, maxReplicas: 5, metrics });
  const transformer = { container: { image: 'example/tokenizer:1' } };

  test('writes a PodMetric with the opentelemetry backend, the metric as its one name and its query, and a Value target, as KServe\'s guide does', () => {
    const object = render(llm({ autoscaling: otel([RUNNING]) }));
    expect(object.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Standard', 'serving.kserve.io/autoscalerClass': 'keda' });
    expect(object.spec.predictor.autoScaling).toEqual({
      metrics: [{
        type: 'PodMetric',
        podmetric: {
          metric: { backend: 'opentelemetry', metricNames: ['vllm:num_requests_running'], query: 'vllm:num_requests_running' },
          target: { type: 'Value', value: '4' },
        },
      }],
    });
  });

  test('the predictor\'s pods inject the collector KServe creates for it, named after the component', () => {
    const object = render(llm({ autoscaling: otel([RUNNING]) }));
    expect(object.spec.predictor.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-predictor' });
    // Without a PodMetric no collector exists, and no pod asks for one.
    expect(render(llm()).spec.predictor.annotations).toBeUndefined();
  });

  test('@default operationOverTime and serverAddress are not written: the add-on\'s last_one and KServe\'s metricScalerEndpoint apply', () => {
    const metric = KedaMetric.openTelemetry({
      metricName: 'vllm:num_requests_waiting', target: 0.1 + 0.2, operationOverTime: OperationOverTime.AVG, serverAddress: 'keda-otel-scaler.keda.svc:4318',
    });
    expect(render(llm({ autoscaling: otel([metric]) })).spec.predictor.autoScaling.metrics[0].podmetric).toEqual({
      metric: {
        backend: 'opentelemetry',
        metricNames: ['vllm:num_requests_waiting'],
        query: 'vllm:num_requests_waiting',
        operationOverTime: 'avg',
        serverAddress: 'keda-otel-scaler.keda.svc:4318',
      },
      target: { type: 'Value', value: '0.3' },
    });
    expect(RUNNING.operationOverTime).toBeUndefined();
    expect(RUNNING.serverAddress).toBeUndefined();
    expect(RUNNING.metricName).toBe('vllm:num_requests_running');
  });

  test('the operations over time are the add-on\'s', () => {
    expect(Object.values(OperationOverTime)).toEqual(['last_one', 'avg', 'max', 'min', 'rate', 'count']);
  });

  test('its props are checked when it is created, with every problem', () => {
    expect(errorOf(() => KedaMetric.openTelemetry({ metricName: 'sum(vllm:num_requests_running)', target: 0, serverAddress: 'http://keda-otel-scaler.keda:4318' })))
      .toBe('Invalid KedaMetric:\n'
        + '  - \'metricName\' is "sum(vllm:num_requests_running)": must be a bare Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): KServe wraps it in '
        + 'sum(<name>{namespace="...",deployment="..."}) and filters the collector to it. For example vllm:num_requests_waiting\n'
        + '  - \'serverAddress\' is "http://keda-otel-scaler.keda:4318": must be the host:port gRPC address of the KEDA OpenTelemetry add-on\'s scaler, without a scheme. '
        + 'For example keda-otel-scaler.keda.svc:4318, or leave it out for KServe\'s opentelemetryCollector.metricScalerEndpoint\n'
        + '  - \'target\' is 0: must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). For example 2, or 0.8 for a fraction');
  });

  test.each([
    ['labels', 'vllm:num_requests_running{model_name="llama"}'],
    ['an empty name', ''],
    ['a leading digit', '1vllm'],
    ['a space', 'vllm: num_requests_running'],
  ])('a metric name with %s is refused', (_name, metricName) => {
    expect(errorOf(() => KedaMetric.openTelemetry({ metricName, target: 1 }))).toContain(`'metricName' is ${JSON.stringify(metricName)}: must be a bare Prometheus metric name`);
  });

  test.each([['keda-otel-scaler.keda.svc'], ['keda-otel-scaler:0'], ['keda-otel-scaler:65536'], ['keda otel:4318']])('a scaler address %s is refused', (serverAddress) => {
    expect(errorOf(() => KedaMetric.openTelemetry({ metricName: 'up', target: 1, serverAddress })))
      .toContain(`'serverAddress' is "${serverAddress}": must be the host:port gRPC address`);
  });

  test('minReplicas 0 is refused: the metric is scraped from the pods and vanishes with the last one', () => {
    expect(errorOf(() => otel([RUNNING], 0))).toBe('Invalid StandardModeAutoscaler:\n'
      + '  - \'minReplicas\' is 0: vllm:num_requests_running is scraped from the pods by their OpenTelemetry sidecar and vanishes with the last pod, '
      + 'so KEDA would never scale up from zero. Use 1 or more, or scale on a metric measured outside the pods (for example at the gateway)');
  });

  test('the transformer scales on its own pods\' metric, with a collector of its own', () => {
    const autoscaling = otel([KedaMetric.openTelemetry({ metricName: 'tokenizer_requests_in_flight', target: 20, operationOverTime: OperationOverTime.MAX })]);
    const object = render(llm({ transformer: { ...transformer, autoscaling } }));
    expect(object.spec.transformer.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-transformer' });
    expect(object.spec.transformer.autoScaling.metrics).toEqual([{
      type: 'PodMetric',
      podmetric: {
        metric: { backend: 'opentelemetry', metricNames: ['tokenizer_requests_in_flight'], query: 'tokenizer_requests_in_flight', operationOverTime: 'max' },
        target: { type: 'Value', value: '20' },
      },
    }]);
    // The predictor scales on Prometheus: its pods inject nothing.
    expect(object.spec.predictor.annotations).toBeUndefined();
  });

  test('a user\'s sidecar annotation is never overruled: another collector is an error, the same one is kept', () => {
    const annotated = (value: string) => llm({ metadata: { name: 'llm', namespace: 'ml', annotations: { 'sidecar.opentelemetry.io/inject': value } }, autoscaling: otel([RUNNING]) });
    expect(serviceProblems(annotated('true'))).toEqual([
      '\'metadata.annotations.sidecar.opentelemetry.io/inject\' is "true": the predictor scales on OpenTelemetry metrics, so its pods inject llm-predictor, '
        + 'the OpenTelemetryCollector KServe creates for it, over this annotation. '
        + 'Remove the annotation: the library writes it on each component that scales on KedaMetric.openTelemetry()',
    ]);
    expect(render(annotated('llm-predictor')).metadata.annotations['sidecar.opentelemetry.io/inject']).toBe('llm-predictor');
    // Without a PodMetric the annotation is the user's business.
    expect(serviceProblems({ ...annotated('true'), autoscaling: llm().autoscaling })).toEqual([]);
  });

  describe('the port the collector scrapes (prometheus.kserve.io/port)', () => {
    const vllm = (port?: number) => ({ modelFormat: undefined, container: { image: 'vllm/vllm-openai:v0.11.0', port } });

    test('a server of your own on another port than 8080 gets its port on the component: KServe never reads it from the container', () => {
      const object = render(llm({ ...vllm(8000), autoscaling: otel([RUNNING]) }));
      expect(object.spec.predictor.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-predictor', 'prometheus.kserve.io/port': '8000' });
      expect(object.spec.predictor.containers[0].ports).toEqual([{ containerPort: 8000, protocol: 'TCP' }]);
      // On the component, not the InferenceService: KServe puts the component's over the InferenceService's.
      expect(object.metadata.annotations['prometheus.kserve.io/port']).toBeUndefined();
    });

    test('@default KServe\'s own 8080 is not written, nor a ServingRuntime\'s port, nor for a component that scales on Prometheus', () => {
      expect(render(llm({ ...vllm(), autoscaling: otel([RUNNING]) })).spec.predictor.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-predictor' });
      expect(render(llm({ ...vllm(8080), autoscaling: otel([RUNNING]) })).spec.predictor.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-predictor' });
      // modelFormat: the ServingRuntime's annotations name its port.
      expect(render(llm({ autoscaling: otel([RUNNING]) })).spec.predictor.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-predictor' });
      expect(render(llm({ ...vllm(8000) })).spec.predictor.annotations).toBeUndefined();
    });

    test('the transformer\'s collector scrapes the transformer\'s port', () => {
      const autoscaling = otel([KedaMetric.openTelemetry({ metricName: 'tokenizer_requests_in_flight', target: 20 })]);
      const object = render(llm({ ...vllm(8000), transformer: { container: { image: 'example/tokenizer:1', port: 9000 }, autoscaling } }));
      expect(object.spec.transformer.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-transformer', 'prometheus.kserve.io/port': '9000' });
      // The predictor scales on Prometheus: no collector, no port.
      expect(object.spec.predictor.annotations).toBeUndefined();
    });

    test('a user\'s port annotation is never overruled: another port is an error, the same one is kept', () => {
      const annotated = (port: number, value: string) => llm({
        ...vllm(port), metadata: { name: 'llm', namespace: 'ml', annotations: { 'prometheus.kserve.io/port': value } }, autoscaling: otel([RUNNING]),
      });
      expect(serviceProblems(annotated(8000, '8080'))).toEqual([
        '\'metadata.annotations.prometheus.kserve.io/port\' is "8080": the predictor scales on OpenTelemetry metrics and its server listens on port 8000, '
          + 'so the library writes 8000 over this annotation on the predictor, the port KServe\'s OpenTelemetryCollector scrapes. '
          + 'Remove the annotation, or give "8000": the library writes the container\'s port on each component that scales on KedaMetric.openTelemetry()',
      ]);
      expect(render(annotated(8000, '8000')).metadata.annotations['prometheus.kserve.io/port']).toBe('8000');
      // On 8080 the library writes nothing, and a user's port (a metrics port of its own) is KServe's to read.
      expect(serviceProblems(annotated(8080, '9090'))).toEqual([]);
      // Without a PodMetric the annotation is the user's business.
      expect(serviceProblems({ ...annotated(8000, '8080'), autoscaling: llm().autoscaling })).toEqual([]);
    });
  });

  test('Knative mode, KServe before 0.15 and the other APIs refuse it, with the class\'s message', () => {
    expect(serviceProblems(llm({ deploymentMode: DeploymentMode.KNATIVE, autoscaling: otel([RUNNING]) }))).toEqual([
      '\'autoscalerClass\' is "keda": KServe reads serving.kserve.io/autoscalerClass only in Standard mode, not in Knative mode, where Knative scales the revisions. '
        + 'Use deploymentMode: DeploymentMode.STANDARD, or a GpuAutoscalingPolicy',
    ]);
    const container = { modelFormat: undefined, model: undefined, container: { image: 'vllm/vllm-openai:v0.11.0' } };
    expect(serviceProblems(llm({ ...container, kserveVersion: KServeVersion.of('0.14'), autoscaling: otel([RUNNING]) }))).toEqual([
      '\'autoscalerClass\' is "keda": KServe accepts it from 0.15; kserveVersion is 0.14. Use another autoscaler or a newer KServe',
    ]);
    expect(serviceProblems(llm({ ...container, kserveVersion: KServeVersion.V0_15, autoscaling: otel([RUNNING]) }))).toEqual([]);
  });

  test('explain() names the metric, its operation and its target', () => {
    const avg = KedaMetric.openTelemetry({ metricName: 'vllm:num_requests_waiting', target: 2, operationOverTime: OperationOverTime.AVG });
    expect(otel([RUNNING, avg]).explain().split('\n').slice(1, 3)).toEqual([
      '- vllm:num_requests_running summed over the pods through OpenTelemetry: ceil(value / 4) replicas.',
      '- vllm:num_requests_waiting summed over the pods through OpenTelemetry (avg over time): ceil(value / 2) replicas.',
    ]);
  });

  test.each([
    ['props left out', () => KedaMetric.openTelemetry(undefined as never), 'Invalid KedaMetric:\n  - \'props\' is undefined: is required: an object'],
    ['a metric name that is no string', () => KedaMetric.openTelemetry({ metricName: VllmMetric.NUM_REQUESTS_RUNNING as never, target: 1 }),
      'Invalid KedaMetric:\n  - \'props.metricName\' is a VllmMetric: must be a string'],
    ['an operation given as a string', () => KedaMetric.openTelemetry({ metricName: 'up', target: 1, operationOverTime: 'sum' as never }),
      'Invalid KedaMetric:\n  - \'props.operationOverTime\' is "sum": must be a OperationOverTime: "last_one", "avg", "max", "min", "rate", "count". '
      + 'For example OperationOverTime.AVG'],
  ])('wrong types from JavaScript get the library\'s errors: %s', (_name, create, message) => {
    expect(errorOf(create)).toContain(message);
  });

  describe('an autoscaler of your own', () => {
    const custom = (...podMetrics: PodScalingMetric[]) => ({
      bind: () => ({ replicaLimit: 2, maxReplicas: 2, objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'keda' }, podMetrics }),
    });

    test('returns PodMetrics, written and annotated as KedaMetric.openTelemetry()\'s', () => {
      const object = render(llm({ autoscaling: custom({ metricName: 'vllm:num_requests_waiting', target: '2', operationOverTime: 'rate' }) }));
      expect(object.spec.predictor.annotations).toEqual({ 'sidecar.opentelemetry.io/inject': 'llm-predictor' });
      expect(object.spec.predictor.autoScaling.metrics).toEqual([{
        type: 'PodMetric',
        podmetric: {
          metric: { backend: 'opentelemetry', metricNames: ['vllm:num_requests_waiting'], query: 'vllm:num_requests_waiting', operationOverTime: 'rate' },
          target: { type: 'Value', value: '2' },
        },
      }]);
    });

    test('its PodMetrics are checked by the same rules, for the predictor and the transformer', () => {
      expect(serviceProblems(llm({
        autoscaling: custom(
          { metricName: 'vllm:x{a="b"}', target: '2' },
          { metricName: 'up', target: '0.0001', operationOverTime: 'sum', serverAddress: 'https://scaler:4318' },
          { metricName: 'up', target: 'two' },
        ),
        transformer: { ...transformer, autoscaling: custom({ metricName: '', target: '1' }) },
      }))).toEqual([
        '\'autoscaling.podMetrics[0].metricName\' is "vllm:x{a=\\"b\\"}": must be a bare Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): KServe wraps it in '
          + 'sum(<name>{namespace="...",deployment="..."}) and filters the collector to it. For example vllm:num_requests_waiting',
        '\'autoscaling.podMetrics[1].serverAddress\' is "https://scaler:4318": must be the host:port gRPC address of the KEDA OpenTelemetry add-on\'s scaler, '
          + 'without a scheme. For example keda-otel-scaler.keda.svc:4318, or leave it out for KServe\'s opentelemetryCollector.metricScalerEndpoint',
        '\'autoscaling.podMetrics[1].target\' is "0.0001": must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths). '
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
        '\'autoscaling.podMetrics[1].operationOverTime\' is "sum": must be one of last_one, avg, max, min, rate, count (the KEDA OpenTelemetry add-on\'s operations). '
          + 'Return "avg", or leave it out for last_one',
        '\'autoscaling.podMetrics[2].target\' is "two": must be a Kubernetes quantity (the CRD\'s target.value). '
          + 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()',
        '\'transformer.autoscaling.podMetrics[0].metricName\' is "": must be a bare Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): KServe wraps it in '
          + 'sum(<name>{namespace="...",deployment="..."}) and filters the collector to it. For example vllm:num_requests_waiting',
      ]);
    });

    test('a PodMetric is a KEDA trigger: a custom autoscaler of class keda with only PodMetrics has metrics', () => {
      expect(serviceProblems(llm({ autoscaling: custom({ metricName: 'up', target: '1' }) }))).toEqual([]);
    });

    test('its PodMetrics are type-checked with the library\'s error', () => {
      const chart = testChart();
      expect(() => new InferenceService(chart, 'Types', llm({ autoscaling: { bind: () => ({ replicaLimit: 2, podMetrics: [{ metricName: 7 }] }) as never } })))
        .toThrow(['Invalid InferenceService at \'test/Types\':',
          '  - \'autoscaling.podMetrics[0].metricName\' is 7: must be a string',
          '  - \'autoscaling.podMetrics[0].target\' is undefined: is required: a string'].join('\n'));
    });

    test('its PodMetrics are refused where the API has no autoScaling', () => {
      expect(serviceProblems(llm({ deploymentMode: DeploymentMode.KNATIVE, autoscaling: { bind: () => ({ replicaLimit: 2, podMetrics: [{ metricName: 'up', target: '1' }] }) } })))
        .toEqual([
          '\'autoscaling\' is ["up"]: serving.kserve.io/v1beta1 InferenceService has no autoScaling.metrics: KServe >= 0.15 reads them in Standard mode. '
            + 'Use ServingApi.KSERVE_V1BETA1 with DeploymentMode.STANDARD, or a GpuAutoscalingPolicy',
        ]);
    });
  });
});
