/**
 * One describe per serving target (src/targets/): the props its API accepts and refuses, with the
 * exact messages, how long a name may be, and the complete object it renders for a small service.
 * The shared rules and the per-prop details are in inference-service.test.ts.
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AutoscalerBindOptions, AutoscalerConfig, DeploymentMode, GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, InferenceServiceProps,
  IServingAutoscaler, KServeVersion, ModelFormat, ModelSource, ProtocolVersion, ScalingMetric, ServingApi, ServingComponent, ServingProfile,
} from '../src';
import { serviceProblems, synthValid, testChart } from './support/synth';

/** The validation problems of a service, or [] when it is built. */

function render(props: InferenceServiceProps): any {
  const chart = testChart();
  new InferenceService(chart, 'Service', props);
  return synthValid(chart).find((m) => m.kind === 'InferenceService' || m.kind === 'Service');
}

const RESOURCES = { requests: { 'cpu': '1', 'memory': '2Gi', 'nvidia.com/gpu': '1' }, limits: { 'cpu': '1', 'memory': '2Gi', 'nvidia.com/gpu': '1' } };
const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: false,
  runAsNonRoot: true,
  runAsUser: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
const GPU = { types: [GpuType.L4], provider: GpuProvider.GKE };
const GKE_L4_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'cloud.google.com/gke-accelerator', operator: 'In', values: ['nvidia-l4'] }] }],
    },
  },
};
/** The GPU-tuned revision annotations, kebab-case. */
const GPU_TUNED_KEBAB = {
  'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
  'autoscaling.knative.dev/panic-threshold-percentage': '200',
  'autoscaling.knative.dev/panic-window-percentage': '16.67',
  'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '30m',
  'autoscaling.knative.dev/target-utilization-percentage': '90',
  'autoscaling.knative.dev/window': '3m',
  'serving.knative.dev/progress-deadline': '30m',
};

/** The same on the KFServing APIs: camelCase keys (Knative < 1.1), the metric as an annotation, no progress deadline (Knative >= 1.4). */
const GPU_TUNED_CAMEL_WITH_METRIC = {
  'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
  'autoscaling.knative.dev/metric': 'concurrency',
  'autoscaling.knative.dev/panicThresholdPercentage': '200',
  'autoscaling.knative.dev/panicWindowPercentage': '16.67',
  'autoscaling.knative.dev/scaleToZeroPodRetentionPeriod': '30m',
  'autoscaling.knative.dev/targetUtilizationPercentage': '90',
  'autoscaling.knative.dev/window': '3m',
};

describe('KServe serving.kserve.io/v1beta1', () => {
  const props = (extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
    // The LLM profile (the Hugging Face runtime's default) is tested in llm-serving.test.ts.
    metadata: { name: 'llm' }, modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model'), gpu: GPU, servingProfile: ServingProfile.none(), ...extra,
  });

  test('renders a runtime predictor with typed scaling fields, the revision annotations on the object, one GKE type as KServe\'s accelerator annotation', () => {
    expect(render(props())).toEqual({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: {
        name: 'llm',
        annotations: { 'serving.kserve.io/deploymentMode': 'Knative', 'serving.kserve.io/gke-accelerator': 'nvidia-l4', ...GPU_TUNED_KEBAB },
      },
      spec: {
        predictor: {
          minReplicas: 0,
          containerConcurrency: 1,
          scaleMetric: 'concurrency',
          model: {
            modelFormat: { name: 'huggingface' },
            storageUri: 'hf://org/model',
            resources: RESOURCES,
            securityContext: CONTAINER_SECURITY,
          },
        },
      },
    });
  });

  test('accepts deploymentMode and kserveVersion, and spells the mode for the release', () => {
    const object = render(props({
      deploymentMode: DeploymentMode.STANDARD,
      kserveVersion: KServeVersion.of('0.14'),
      model: ModelSource.fromS3('s3://models/llm'),
      autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, minReplicas: 1, maxReplicas: 2 }),
      gpu: undefined,
    }));
    expect(object.metadata.annotations['serving.kserve.io/deploymentMode']).toBe('RawDeployment');
  });

  test('refuses what KServe drops or rejects', () => {
    expect(serviceProblems(props({ container: { image: 'vllm/vllm-openai:v0.6.3' }, runtime: 'kserve-huggingfaceserver' }))).toEqual([
      '\'modelFormat\' is "huggingface": a predictor has exactly one implementation: a model format or a custom container. Give modelFormat or container, not both',
      '\'runtime\' is "kserve-huggingfaceserver": applies to a runtime, not to a custom container. Remove runtime',
    ]);
    expect(serviceProblems(props({ kserveVersion: KServeVersion.V0_12 }))).toEqual([
      '\'model\' is "hf://org/model": KServe reads hf:// from 0.15; kserveVersion is 0.12. Use another source or a newer KServe',
    ]);
    expect(serviceProblems(props({ canary: { trafficPercent: 10, stableRevisionName: 'llm-00001' } }))).toEqual([
      '\'canary.stableRevisionName\' is "llm-00001": InferenceService APIs track the stable revision themselves. Remove stableRevisionName',
    ]);
  });

  test('a name leaves room for the Knative children, and in Standard mode for the namespace', () => {
    expect(serviceProblems(props({ metadata: { name: 'a'.repeat(40) } }))).toEqual([
      `'metadata.name' is "${'a'.repeat(40)}": is 40 characters; at most 39 fit, because the child name "${'a'.repeat(40)}-predictor-00001-private" must stay within 63. Use a shorter name`,
    ]);
    const standard = props({ metadata: { name: 'a'.repeat(40), namespace: 'n'.repeat(20) }, deploymentMode: DeploymentMode.STANDARD, gpu: undefined });
    expect(serviceProblems(standard)[0]).toBe(`'metadata.name' is "${'a'.repeat(40)}": is 40 characters; at most 32 fit, because the child name `
      + `"${'a'.repeat(40)}-predictor-${'n'.repeat(20)}" must stay within 63. Use a shorter name`);
  });

  test('before KServe 0.11, a name leaves room for the -default in the names of the component\'s objects', () => {
    // KServe 0.9 and 0.10 name a component `{name}-predictor-default` (constants.DefaultPredictorServiceName).
    const old = (extra: Partial<InferenceServiceProps>) => props({
      kserveVersion: KServeVersion.V0_9, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/llm'), ...extra,
    });
    expect(serviceProblems(old({ metadata: { name: 'a'.repeat(32) } }))).toEqual([
      `'metadata.name' is "${'a'.repeat(32)}": is 32 characters; at most 31 fit, because the child name "${'a'.repeat(32)}-predictor-default-00001-private" `
        + 'must stay within 63. Use a shorter name',
    ]);
    expect(serviceProblems(old({ metadata: { name: 'a'.repeat(31) } }))).toEqual([]);
    const standard = old({
      metadata: { name: 'a'.repeat(30), namespace: 'n'.repeat(20) },
      deploymentMode: DeploymentMode.STANDARD,
      gpu: undefined,
      autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, minReplicas: 1, maxReplicas: 2 }),
    });
    expect(serviceProblems(standard)).toEqual([`'metadata.name' is "${'a'.repeat(30)}": is 30 characters; at most 24 fit, because the child name `
      + `"${'a'.repeat(30)}-predictor-default-${'n'.repeat(20)}" must stay within 63. Use a shorter name`]);
  });

  test('a generated name fits the budget of the release: a long path gives a shorter name before KServe 0.11', () => {
    // Before this rule, such a name fitted only the budget of KServe 0.11 and later, and its Knative children did not fit in 63.
    const chart = testChart();
    const scope = new Construct(chart, 'a-team-with-a-long-name');
    const recent = new InferenceService(scope, 'TheRerankerOfSearch', { ...props(), metadata: undefined });
    const old = new InferenceService(scope, 'TheRerankerOfRanking', {
      ...props({ kserveVersion: KServeVersion.V0_9, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/reranker') }), metadata: undefined,
    });
    expect([recent.name, recent.name.length]).toEqual(['a-team-wit-thererankerofsearch-c8f48d34', 39]);
    expect([old.name, old.name.length]).toEqual(['a-thererankerofranking-c86c5dfb', 31]);
  });
});

/** The guide's GPT-2 on a KFServing API: the TensorFlow framework predictor on one GKE L4. */
function tensorflowGpt2(api: ServingApi, extra: Partial<InferenceServiceProps>): InferenceServiceProps {
  return {
    api,
    metadata: { name: 'gpt2' },
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '2.6.2-gpu',
    model: ModelSource.fromS3('s3://models/gpt2'),
    gpu: GPU,
    ...extra,
  };
}

/** Both KFServing APIs: the GPU through the gke-accelerator annotation, and the autoscaling. */
const KFSERVING_GPT2_METADATA = { name: 'gpt2', annotations: { 'serving.kubeflow.org/gke-accelerator': 'nvidia-l4', ...GPU_TUNED_CAMEL_WITH_METRIC } };

describe('KFServing serving.kubeflow.org/v1beta1', () => {
  const props = (extra: Partial<InferenceServiceProps> = {}) => tensorflowGpt2(ServingApi.KFSERVING_V1BETA1, extra);

  test('renders the framework predictor named after the framework, camelCase annotations, no deployment mode', () => {
    expect(render(props())).toEqual({
      apiVersion: 'serving.kubeflow.org/v1beta1',
      kind: 'InferenceService',
      metadata: KFSERVING_GPT2_METADATA,
      spec: {
        predictor: {
          minReplicas: 0,
          containerConcurrency: 1,
          tensorflow: { runtimeVersion: '2.6.2-gpu', storageUri: 's3://models/gpt2', resources: RESOURCES, securityContext: CONTAINER_SECURITY },
        },
      },
    });
  });

  test('refuses KServe-only props, formats without a framework predictor, gRPC and a CPU image on a GPU', () => {
    expect(serviceProblems(props({
      deploymentMode: DeploymentMode.KNATIVE,
      kserveVersion: KServeVersion.V0_20,
      modelFormat: ModelFormat.HUGGINGFACE,
      runtime: 'x',
      protocolVersion: ProtocolVersion.GRPC_V2,
    }))).toEqual([
      '\'deploymentMode\' is "Knative": only the KServe API has deployment modes; serving.kubeflow.org/v1beta1 InferenceService always runs on Knative. Remove deploymentMode',
      '\'kserveVersion\' is "0.20": applies to the KServe API only, not serving.kubeflow.org/v1beta1 InferenceService. Remove kserveVersion',
      '\'modelFormat\' is "huggingface": serving.kubeflow.org/v1beta1 InferenceService serves only the framework predictors tensorflow, triton, pytorch, sklearn, '
        + 'xgboost, onnx, lightgbm. Use a custom container, or ServingApi.KSERVE_V1BETA1',
      '\'runtime\' is "x": serving.kubeflow.org/v1beta1 InferenceService has no ServingRuntimes. Remove runtime',
      '\'protocolVersion\' is "grpc-v2": KFServing knows only v1 and v2. Use ProtocolVersion.V1 or V2',
    ]);
    expect(serviceProblems(props({ runtimeVersion: '2.6.2' }))).toEqual([
      '\'runtimeVersion\' is "2.6.2": a GPU is requested, so the version must be a -gpu image. Use "2.6.2-gpu"',
    ]);
    expect(serviceProblems(props({ model: ModelSource.fromHuggingFace('org/model') }))).toEqual([
      '\'model\' is "hf://org/model": serving.kubeflow.org/v1beta1 InferenceService reads only s3://, gs://, http://, pvc:// model URIs. '
        + 'Use ServingApi.KSERVE_V1BETA1, or another source',
    ]);
  });

  test('a name leaves room for the -default in the names of the component\'s objects', () => {
    expect(serviceProblems(props({ metadata: { name: 'a'.repeat(32) } }))).toEqual([
      `'metadata.name' is "${'a'.repeat(32)}": is 32 characters; at most 31 fit, because the child name "${'a'.repeat(32)}-predictor-default-00001-private" `
        + 'must stay within 63. Use a shorter name',
    ]);
    expect(serviceProblems(props({ metadata: { name: 'a'.repeat(31) } }))).toEqual([]);
  });
});

describe('KFServing serving.kubeflow.org/v1alpha2', () => {
  const props = (extra: Partial<InferenceServiceProps> = {}) => tensorflowGpt2(ServingApi.KFSERVING_V1ALPHA2, extra);

  test('renders spec.default.predictor with parallelism and the GPU as the gke-accelerator annotation', () => {
    expect(render(props())).toEqual({
      apiVersion: 'serving.kubeflow.org/v1alpha2',
      kind: 'InferenceService',
      metadata: KFSERVING_GPT2_METADATA,
      spec: {
        default: {
          predictor: {
            minReplicas: 0,
            parallelism: 1,
            tensorflow: { storageUri: 's3://models/gpt2', runtimeVersion: '2.6.2-gpu', resources: RESOURCES },
          },
        },
      },
    });
  });

  test('a name leaves room for the -default in the names of the component\'s objects', () => {
    expect(serviceProblems(props({ metadata: { name: 'a'.repeat(32) } }))).toEqual([
      `'metadata.name' is "${'a'.repeat(32)}": is 32 characters; at most 31 fit, because the child name "${'a'.repeat(32)}-predictor-default-00001-private" `
        + 'must stay within 63. Use a shorter name',
    ]);
    expect(serviceProblems(props({ metadata: { name: 'a'.repeat(31) } }))).toEqual([]);
  });

  test('refuses what v1alpha2 has no field for', () => {
    expect(serviceProblems(props({
      gpu: { types: [GpuType.L4, GpuType.T4], provider: GpuProvider.GKE, regions: ['us'], tolerations: [{ key: 'nvidia.com/gpu' }] },
      timeout: Duration.seconds(60),
      canary: { trafficPercent: 10 },
      env: { A: '1' },
    }))).toEqual([
      '\'args/env\' is ["A"]: a serving.kubeflow.org/v1alpha2 framework predictor takes only storageUri, runtimeVersion and resources. '
        + 'Use a custom container, or ServingApi.KFSERVING_V1BETA1',
      '\'gpu.types\' is ["NVIDIA L4", "NVIDIA T4"]: serving.kubeflow.org/v1alpha2 selects a GPU only through the single-valued gke-accelerator annotation. '
        + 'Give one GPU type, or use ServingApi.KFSERVING_V1BETA1 for node affinity',
      '\'gpu.regions\' is ["us"]: serving.kubeflow.org/v1alpha2 has no node affinity to pin a region. Remove regions, or use ServingApi.KFSERVING_V1BETA1',
      '\'gpu.tolerations\' is ["nvidia.com/gpu"]: serving.kubeflow.org/v1alpha2 has no tolerations. Remove tolerations, or use ServingApi.KFSERVING_V1BETA1',
      '\'canary\' is 10: KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2; kfservingVersion is 0.6. '
        + 'Use ServingApi.KFSERVING_V1BETA1 or ServingApi.KSERVE_V1BETA1, or kfservingVersion: KfservingVersion.V0_4 for a cluster that still serves it',
      '\'timeout\' is 1 minute: serving.kubeflow.org/v1alpha2 has no request timeout field. Remove timeout or use ServingApi.KFSERVING_V1BETA1',
    ]);
  });

  test('needs no Knative feature flag: no affinity or tolerations exist on this API', () => {
    const service = new InferenceService(testChart(), 'Service', props());
    expect(service.requiredKnativeFeatures).toEqual([]);
  });
});

describe('Knative serving.knative.dev/v1 Service', () => {
  const props = (extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
    api: ServingApi.KNATIVE_SERVICE,
    metadata: { name: 'llm' },
    container: { image: 'vllm/vllm-openai:v0.6.3' },
    model: ModelSource.fromPvc('weights', 'llama'),
    gpu: GPU,
    ...extra,
  });

  test('renders the revision template: annotations there, the model as a read-only PVC mount', () => {
    expect(render(props())).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'llm' },
      spec: {
        template: {
          metadata: {
            annotations: {
              ...GPU_TUNED_KEBAB,
              'autoscaling.knative.dev/metric': 'concurrency',
              'autoscaling.knative.dev/min-scale': '0',
            },
          },
          spec: {
            containerConcurrency: 1,
            affinity: GKE_L4_AFFINITY,
            volumes: [{ name: 'model', persistentVolumeClaim: { claimName: 'weights', readOnly: true } }],
            containers: [{
              name: 'user-container',
              image: 'vllm/vllm-openai:v0.6.3',
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              resources: RESOURCES,
              securityContext: CONTAINER_SECURITY,
              volumeMounts: [{ name: 'model', mountPath: '/mnt/models', subPath: 'llama', readOnly: true }],
            }],
          },
        },
      },
    });
  });

  test('refuses runtimes, transformers, object-store URIs and a canary without the stable revision', () => {
    expect(serviceProblems(props({
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromS3('s3://models/gpt2'),
      canary: { trafficPercent: 10, tagRouting: true },
      transformer: { container: { image: 'acme/transformer:1' } },
    }))).toEqual([
      '\'modelFormat\' is "huggingface": a plain Knative Service has no ServingRuntime. Remove modelFormat, or use ServingApi.KSERVE_V1BETA1',
      '\'model\' is "s3://models/gpt2": serving.knative.dev/v1 Service reads only pvc:// model URIs. Put the model on a PVC or a ModelCache, or pass the URI to your container in env',
      '\'canary.stableRevisionName\' is undefined: a Knative Service needs the revision that keeps the rest of the traffic. Give the current revision name, for example "my-service-00001"',
      '\'canary.tagRouting\' is true: a plain Knative Service has no tag-routing annotation; tags are set per traffic target. Remove tagRouting',
      '\'transformer\' is "acme/transformer:1": a plain Knative Service has no transformer component. Run the transformer as its own service, or use an InferenceService API',
    ]);
  });

  test('accepts PYTHONPATH, which only KServe\'s model servers refuse', () => {
    expect(serviceProblems(props({ env: { PYTHONPATH: '/app' } }))).toEqual([]);
    expect(serviceProblems({ ...props(), api: ServingApi.KSERVE_V1BETA1, model: undefined, env: { PYTHONPATH: '/app' } })).toEqual([
      '\'env\' is "PYTHONPATH": KServe >= 0.18 refuses PYTHONPATH in model server containers. Set the path in the image',
    ]);
  });

  test('the pods need node affinity and PVC volumes from config-features', () => {
    expect(new InferenceService(testChart(), 'Service', props()).requiredKnativeFeatures).toEqual([
      'kubernetes.podspec-affinity', 'kubernetes.podspec-persistent-volume-claim',
    ]);
  });
});

describe('an autoscaler is any IServingAutoscaler', () => {
  /** A stand-in for another kind of autoscaler: what it renders goes where the target puts it. */
  class FixedAutoscaler implements IServingAutoscaler {
    public readonly bound: AutoscalerBindOptions[] = [];
    constructor(private readonly config: AutoscalerConfig) {}
    public bind(options: AutoscalerBindOptions): AutoscalerConfig {
      this.bound.push(options);
      return this.config;
    }
  }

  test('the service binds it once for its API and writes its settings', () => {
    const autoscaler = new FixedAutoscaler({
      objectAnnotations: { 'serving.kserve.io/autoscalerClass': 'keda' },
      minReplicas: 1,
      maxReplicas: 3,
      replicaLimit: 3,
      resourceMetrics: [{ resource: 'cpu', averageUtilization: 60 }],
    });
    const object = render({
      metadata: { name: 'llm' },
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromHuggingFace('org/model'),
      deploymentMode: DeploymentMode.STANDARD,
      autoscaling: autoscaler,
    });
    expect(autoscaler.bound).toEqual([{
      api: ServingApi.KSERVE_V1BETA1,
      deploymentMode: DeploymentMode.STANDARD,
      kserveVersion: KServeVersion.V0_20,
      component: ServingComponent.PREDICTOR,
      serviceName: 'llm',
      namespace: undefined,
    }]);
    expect(object.metadata.annotations).toEqual({ 'serving.kserve.io/deploymentMode': 'Standard', 'serving.kserve.io/autoscalerClass': 'keda' });
    expect(object.spec.predictor).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
  });

  test('its problems are the service\'s, and its warnings reach the service\'s metadata', () => {
    const failing = new FixedAutoscaler({ replicaLimit: 0, problems: ['\'metric\' is "x": not on this API'] });
    expect(serviceProblems({ metadata: { name: 'llm' }, container: { image: 'a/b:1' }, autoscaling: failing })).toEqual(['\'metric\' is "x": not on this API']);
    const warning = new FixedAutoscaler({ replicaLimit: 0, warnings: ['check the cluster'] });
    const service = new InferenceService(testChart(), 'Service', { metadata: { name: 'llm' }, container: { image: 'a/b:1' }, autoscaling: warning });
    expect(service.warnings).toEqual(['check the cluster']);
    expect(service.node.metadata.map((entry) => [entry.type, entry.data])).toEqual([['warning', 'check the cluster']]);
  });
});

describe('the user\'s annotations and the construct\'s', () => {
  const props = (annotations: Record<string, string>): InferenceServiceProps => ({
    metadata: { name: 'llm', annotations }, modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model'),
  });

  test('a different value for a key the construct writes is an error naming both values', () => {
    expect(serviceProblems(props({ 'serving.kserve.io/deploymentMode': 'Standard', 'autoscaling.knative.dev/window': '60s' }))).toEqual([
      '\'metadata.annotations.serving.kserve.io/deploymentMode\' is "Standard": the construct writes "Knative" for this key from its own props. '
        + 'Remove the annotation and set the prop instead, or give the same value',
      '\'metadata.annotations.autoscaling.knative.dev/window\' is "60s": the construct writes "3m" for this key from its own props. '
        + 'Remove the annotation and set the prop instead, or give the same value',
    ]);
  });

  test('the same value, and keys the construct does not write, are kept', () => {
    const object = render(props({ 'serving.kserve.io/deploymentMode': 'Knative', 'example.com/owner': 'nlp' }));
    expect(object.metadata.annotations).toMatchObject({ 'serving.kserve.io/deploymentMode': 'Knative', 'example.com/owner': 'nlp' });
  });
});

describe('values of the wrong type from a JavaScript caller', () => {
  test('an API the registry does not know, and an autoscaler without bind(), are the library\'s errors, not TypeErrors', () => {
    expect(serviceProblems({
      api: 'serving.kserve.io/v1beta1' as unknown as ServingApi,
      container: { image: 'a/b:1' },
      autoscaling: { maxReplicas: 4 } as unknown as IServingAutoscaler,
    })).toEqual([
      '\'api\' is "serving.kserve.io/v1beta1": must be a ServingApi. For example ServingApi.KSERVE_V1BETA1',
      '\'autoscaling\' is an object: must be an IServingAutoscaler, such as a GpuAutoscalingPolicy. For example new GpuAutoscalingPolicy({ maxReplicas: 4 })',
    ]);
  });
});
