/**
 * The transformer's own settings: replicas, scaling and concurrency through its own autoscaler,
 * GPUs on its own pods, and probes on its container, rendered by each InferenceService API where the API carries them and
 * refused with a message where not.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import {
  AppGpuBudget, AutoscalingPreset, DeploymentMode, GpuAutoscalingPolicy, GpuNodeSelection, GpuProvider, GpuType, InferenceService,
  InferenceServiceProps, IServingAutoscaler, KServeVersion, ModelFormat, ModelSource, ScalingMetric, ServingApi, ServingProbe, TaintEffect,
  TransformerOptions,
} from '../src';
import { serviceProblems, synthValid, testChart } from './support/synth';

const CONTAINER = { image: 'example/tokenizer:1.0.0' };
/** Same preset as the predictor's default: only the typed bounds differ. */
const OWN_BOUNDS = new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 8, containerConcurrency: 8 });
const GPU = { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE };

function gpt2(api: ServingApi, transformer: TransformerOptions, extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps {
  return {
    metadata: { name: 'gpt2' },
    api,
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '1.14.0-gpu',
    model: ModelSource.fromPvc('models', 'gpt2'),
    gpu: GPU,
    autoscaling: new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 2 }),
    transformer,
    ...extra,
  };
}

function render(props: InferenceServiceProps): any {
  const chart = testChart('ml');
  new InferenceService(chart, 'Service', props);
  return synthValid(chart).find((m) => m.kind === 'InferenceService');
}

describe('its own replicas, scaling and concurrency', () => {
  test('@default no autoscaler of its own: no scaling fields on the transformer (KServe\'s defaults)', () => {
    const transformer = render(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER })).spec.transformer;
    for (const field of ['minReplicas', 'maxReplicas', 'containerConcurrency', 'annotations', 'autoScaling']) expect(transformer).not.toHaveProperty(field);
  });

  test('KServe: typed bounds on the transformer, its Knative settings in its own annotations', () => {
    const policy = new GpuAutoscalingPolicy({ preset: AutoscalingPreset.KNATIVE_DEFAULTS, minReplicas: 0, maxReplicas: 8, containerConcurrency: 8 });
    const object = render(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, autoscaling: policy }));
    expect(object.spec.transformer).toMatchObject({ minReplicas: 0, maxReplicas: 8, containerConcurrency: 8, scaleMetric: 'concurrency' });
    expect(object.spec.transformer.annotations).toMatchObject({
      'autoscaling.knative.dev/window': '1m', 'autoscaling.knative.dev/target-utilization-percentage': '70',
    });
    // The predictor's stay on the InferenceService.
    expect(object.metadata.annotations['autoscaling.knative.dev/window']).toBe('3m');
  });

  test('KServe < 0.11 has no component annotations: a Knative setting that differs from the predictor\'s is refused', () => {
    const policy = new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 8, scaleToZeroPodRetention: Duration.minutes(1) });
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, autoscaling: policy }, {
      modelFormat: ModelFormat.HUGGINGFACE, runtimeVersion: undefined, kserveVersion: KServeVersion.of('0.10'), gpu: undefined,
    }))).toEqual([
      '\'modelFormat\' is "huggingface": the Hugging Face runtime exists from KServe 0.12; kserveVersion is 0.10. Use a custom container or a newer KServe',
      '\'transformer.autoscaling\' is "autoscaling.knative.dev/scale-to-zero-pod-retention-period: 1m": KServe 0.10 has no per-component annotations, '
        + 'and the predictor\'s autoscaler writes "30m" on the InferenceService. Give the transformer a policy with the predictor\'s Knative settings (the same preset), '
        + 'or use kserveVersion 0.11 or newer',
    ]);
  });

  test('KFServing v1beta1: typed bounds; a different preset is refused, key by key', () => {
    const object = render(gpt2(ServingApi.KFSERVING_V1BETA1, { container: CONTAINER, autoscaling: OWN_BOUNDS }));
    expect(object.spec.transformer).toMatchObject({ minReplicas: 0, maxReplicas: 8, containerConcurrency: 8 });
    expect(object.spec.transformer).not.toHaveProperty('annotations');

    const policy = new GpuAutoscalingPolicy({
      minReplicas: 0, maxReplicas: 8, stableWindow: Duration.seconds(60), panicWindow: Duration.seconds(10),
    });
    expect(serviceProblems(gpt2(ServingApi.KFSERVING_V1BETA1, { container: CONTAINER, autoscaling: policy }))).toEqual([
      '\'transformer.autoscaling\' is "autoscaling.knative.dev/window: 1m": serving.kubeflow.org/v1beta1 InferenceService has no per-component annotations, '
        + 'and the predictor\'s autoscaler writes "3m" on the InferenceService. Give the transformer a policy with the predictor\'s Knative settings (the same preset), '
        + 'or use ServingApi.KSERVE_V1BETA1',
    ]);
  });

  test('KFServing v1alpha2: minReplicas, maxReplicas and parallelism on the transformer', () => {
    const object = render(gpt2(ServingApi.KFSERVING_V1ALPHA2, { container: CONTAINER, autoscaling: OWN_BOUNDS }));
    expect(object.spec.default.transformer).toMatchObject({ minReplicas: 0, maxReplicas: 8, parallelism: 8 });
  });

  test('its problems name the transformer', () => {
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, autoscaling: OWN_BOUNDS }, {
      deploymentMode: DeploymentMode.STANDARD, autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, minReplicas: 1, maxReplicas: 2 }),
    }))).toEqual([
      '\'transformer.autoscaling.containerConcurrency\' is 8: does nothing in KServe Standard mode, where no Knative revision exists. Remove it, or use DeploymentMode.KNATIVE',
      '\'transformer.autoscaling.minReplicas\' is 0: the HPA of KServe Standard mode cannot scale to zero (KServe quietly uses 1). '
        + 'Use 1 or more, or DeploymentMode.KNATIVE for scale to zero',
    ]);
  });

  test('a transformer autoscaler without bind() from JavaScript is the library\'s error', () => {
    const autoscaling = { maxReplicas: 2 } as unknown as IServingAutoscaler;
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, autoscaling }))).toEqual([
      '\'transformer.autoscaling\' is an object: must be an IServingAutoscaler, such as a GpuAutoscalingPolicy. For example new GpuAutoscalingPolicy({ maxReplicas: 4 })',
    ]);
  });
});

describe('its own GPUs', () => {
  test('KServe: the GPU limit and the placement on the transformer\'s pods, and the Knative features they need', () => {
    const chart = testChart('ml');
    const service = new InferenceService(chart, 'Service', gpt2(ServingApi.KSERVE_V1BETA1, {
      container: CONTAINER,
      gpu: { types: [GpuType.L4], nodeSelection: GpuNodeSelection.NODE_SELECTOR, tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }] },
    }, { gpu: undefined, modelFormat: ModelFormat.HUGGINGFACE, runtimeVersion: undefined }));
    const transformer = synthValid(chart)[0].spec.transformer;
    expect(transformer.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(transformer.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4' });
    expect(transformer.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(service.requiredKnativeFeatures).toEqual(['kubernetes.podspec-nodeselector', 'kubernetes.podspec-tolerations']);
    expect(service.transformerGpuCount).toBe(1);
  });

  test('@default required node affinity for the transformer\'s types, never the accelerator annotation', () => {
    const gpu = { types: [GpuType.T4], provider: GpuProvider.GKE, count: 2 };
    const object = render(gpt2(ServingApi.KFSERVING_V1BETA1, { container: CONTAINER, gpu }));
    expect(object.spec.transformer.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
      .toEqual([{ key: 'cloud.google.com/gke-accelerator', operator: 'In', values: ['nvidia-tesla-t4'] }]);
    expect(object.spec.transformer.containers[0].resources.requests['nvidia.com/gpu']).toBe('2');
  });

  test('the accelerator annotation is the InferenceService\'s: the transformer cannot choose it, nor types under the predictor\'s', () => {
    const onGke = { gpu: { types: [GpuType.L4], provider: GpuProvider.GKE }, modelFormat: ModelFormat.HUGGINGFACE, runtimeVersion: undefined };
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, {
      container: CONTAINER, gpu: { types: [GpuType.L4], provider: GpuProvider.GKE, nodeSelection: GpuNodeSelection.ACCELERATOR_ANNOTATION },
    }, onGke))).toEqual([
      '\'transformer.gpu.nodeSelection\' is "accelerator-annotation": the accelerator annotation belongs to the InferenceService and places the predictor. '
        + 'Use GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY for the transformer',
    ]);
    const t4 = { types: [GpuType.T4], provider: GpuProvider.GKE };
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, gpu: t4 }, onGke))).toEqual([
      '\'transformer.gpu.types\' is ["NVIDIA T4"]: the predictor\'s accelerator annotation also selects the nodes of every GPU pod of the InferenceService, the transformer\'s included. '
        + 'Leave the transformer\'s types out, or give the predictor GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY',
    ]);
  });

  test('v1alpha2: a count only, placed by the predictor\'s gke-accelerator annotation', () => {
    const object = render(gpt2(ServingApi.KFSERVING_V1ALPHA2, { container: CONTAINER, gpu: {} }));
    expect(object.spec.default.transformer.custom.container.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(serviceProblems(gpt2(ServingApi.KFSERVING_V1ALPHA2, { container: CONTAINER, gpu: { types: [GpuType.V100_16GB], regions: ['ORD1'] } }))).toEqual([
      '\'transformer.gpu.types\' is ["NVIDIA V100 16GB"]: serving.kubeflow.org/v1alpha2 places GPU pods only through the InferenceService\'s gke-accelerator annotation, '
        + 'which the predictor\'s gpu sets. Remove transformer.gpu.types: the transformer lands on the predictor\'s GPU type. Or use ServingApi.KFSERVING_V1BETA1',
      '\'transformer.gpu.regions\' is ["ORD1"]: serving.kubeflow.org/v1alpha2 places GPU pods only through the InferenceService\'s gke-accelerator annotation, '
        + 'which the predictor\'s gpu sets. Remove transformer.gpu.regions: the transformer lands on the predictor\'s GPU type. Or use ServingApi.KFSERVING_V1BETA1',
    ]);
  });

  test('its values are checked as the predictor\'s, under its own name', () => {
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, gpu: { count: 0 } }))).toEqual([
      '\'transformer.gpu.count\' is 0: must be a whole number from 1 to 16. Give the GPUs of one replica',
    ]);
  });

  test('a service\'s gpuBudget counts the transformer\'s GPUs as a second share', () => {
    const budget = { monthlyBudget: 1_000, pricePerGpuHour: 1 };
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, gpu: {} }, { gpuBudget: budget }))).toEqual([
      '\'test/Service\' has a monthly GPU budget of 1,000.00 but \'test/Service/transformer\' has no maxReplicas: the worst case is unbounded. Set maxReplicas on each.',
    ]);
    const bounded = { container: CONTAINER, gpu: {}, autoscaling: OWN_BOUNDS };
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, bounded, { gpuBudget: budget }))).toEqual([
      '\'test/Service\' can cost 7,300.00 a month in the worst case (\'test/Service/predictor\' 2 × 1 GPU(s) × 1.00/GPU-hour = 1,460.00; '
        + '\'test/Service/transformer\' 8 × 1 GPU(s) × 1.00/GPU-hour = 5,840.00; × 730 h), over its budget of 1,000.00. '
        + 'Lower the services\' maxReplicas by 6,300.00 a month in all, or raise the budget.',
    ]);
  });

  test('an AppGpuBudget counts the transformer\'s GPUs', () => {
    const app = Testing.app();
    new AppGpuBudget(new Chart(app, 'platform'), 'Budget', { monthlyBudget: 100_000, pricePerGpuHour: 1 });
    new InferenceService(new Chart(app, 'a'), 'Gpt2', gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, gpu: {} }));
    expect(() => app.synth()).toThrow('\'platform/Budget\' has a monthly GPU budget of 100,000.00 but \'a/Gpt2/transformer\' has no maxReplicas');
  });
});

describe('its own probes', () => {
  test('@default none: Kubernetes\' defaults, and Knative\'s TCP readiness probe', () => {
    const container = render(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER })).spec.transformer.containers[0];
    for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(container).not.toHaveProperty(field);
  });

  test('KServe: on the transformer\'s container, probing its port unless a probe names its own', () => {
    const container = render(gpt2(ServingApi.KSERVE_V1BETA1, {
      container: { ...CONTAINER, port: 9000 },
      probes: { readiness: ServingProbe.httpGet('/ready'), liveness: ServingProbe.httpGet('/live', { port: 9001 }), startup: ServingProbe.tcpSocket({ failureThreshold: 30 }) },
    })).spec.transformer.containers[0];
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 9000 } });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/live', port: 9001 } });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 9000 }, failureThreshold: 30 });
  });

  test('KFServing v1alpha2: on the transformer\'s custom container', () => {
    const container = render(gpt2(ServingApi.KFSERVING_V1ALPHA2, { container: CONTAINER, probes: { readiness: ServingProbe.httpGet('/ready') } }, {
      runtimeVersion: '1.14.0-gpu', gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.GKE },
    })).spec.default.transformer.custom.container;
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 } });
  });

  test('its problems name the transformer\'s probes', () => {
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, probes: { liveness: ServingProbe.httpGet('/live', { successThreshold: 2 }) } })))
      .toEqual(['\'transformer.probes.liveness.successThreshold\' is 2: must be 1 for a liveness or startup probe (Kubernetes). Remove successThreshold']);
    expect(serviceProblems(gpt2(ServingApi.KSERVE_V1BETA1, { container: CONTAINER, probes: { startup: 'tcp' as unknown as ServingProbe } }))).toEqual([
      '\'transformer.probes.startup\' is "tcp": must be a ServingProbe. For example ServingProbe.httpGet("/health")',
    ]);
  });
});
