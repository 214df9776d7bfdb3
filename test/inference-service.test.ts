import { readFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../examples';
import {
  DeploymentMode, GpuAutoscalingPolicy, GpuNodeSelection, GpuProvider, GpuType, InferenceService, InferenceServiceProps,
  KnativeFeatureFlags, KServeVersion, ModelCache, ModelFormat, ModelSource, ProtocolVersion, ScalingMetric, ServingApi, ServingProfile,
  ServingSecurity, TaintEffect,
} from '../src';
import { libraryErrorMessage } from './properties/outcome';
import { synthValid, testChart } from './support/synth';

const s3Model = () => ModelSource.fromS3('s3://models/gpt2');
// The LLM profile (the Hugging Face runtime's default) is tested in llm-serving.test.ts.
const base = (): InferenceServiceProps => ({ metadata: { name: 'gpt2' }, modelFormat: ModelFormat.HUGGINGFACE, model: s3Model(), servingProfile: ServingProfile.none() });

/** Synthesizes one service (checked against the schemas) and returns its object and the rest. */
function synth(props: InferenceServiceProps, chart: Chart = testChart()) {
  const service = new InferenceService(chart, 'Service', props);
  const manifests = synthValid(chart);
  const object = manifests.find((m) => m.kind === 'InferenceService' || m.kind === 'Service');
  return { service, manifests, object, predictor: object.spec.predictor };
}

function error(props: InferenceServiceProps): string {
  const chart = testChart();
  try {
    new InferenceService(chart, 'Service', props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error thrown');
}

/** The problem lines of a validation error, without the header. */
function problems(props: InferenceServiceProps): string[] {
  return error(props).split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
}

describe('snapshots', () => {
  test('defaults: a KServe service on Knative with the GPU-tuned autoscaling', () => {
    // GIVEN / WHEN
    const { manifests } = synth(base());

    // THEN
    expect(manifests).toMatchSnapshot();
  });

  test('everything set', () => {
    // GIVEN
    const chart = testChart();
    const policy = new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 4, containerConcurrency: 2 });

    // WHEN
    const { manifests } = synth({
      metadata: { name: 'llm', namespace: 'ml', labels: { team: 'nlp' }, annotations: { 'example.com/owner': 'nlp' } },
      api: ServingApi.KSERVE_V1BETA1,
      deploymentMode: DeploymentMode.KNATIVE,
      kserveVersion: KServeVersion.V0_20,
      model: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', { revision: 'main', token: { secretName: 'hf', key: 'HF_TOKEN' } }),
      modelFormat: ModelFormat.HUGGINGFACE,
      runtime: 'kserve-huggingfaceserver',
      runtimeVersion: 'v0.20.0-gpu',
      protocolVersion: ProtocolVersion.V2,
      args: ['--max_model_len=8192'],
      env: { VLLM_LOGGING_LEVEL: 'INFO' },
      secretEnv: { OPENAI_API_KEY: { secretName: 'api-keys', key: 'openai' } },
      resources: { cpu: { request: Cpu.units(8), limit: Cpu.units(16) }, memory: { request: Size.gibibytes(64), limit: Size.gibibytes(64) } },
      gpu: {
        types: [GpuType.A100_80GB_SXM, GpuType.H100_80GB_SXM],
        count: 2,
        provider: GpuProvider.GPU_FEATURE_DISCOVERY,
        regions: ['us-east-1'],
        tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
      },
      autoscaling: policy,
      timeout: Duration.minutes(5),
      canary: { trafficPercent: 20, tagRouting: true },
      transformer: { container: { image: 'example.com/tokenizer:1.0', args: ['--fast'], port: 9000 }, env: { MODE: 'chat' } },
      security: ServingSecurity.restricted({ runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000, readOnlyRootFilesystem: true }),
    }, chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});

/** Hand-reviewed manifests, one per serving API (test/golden/inference-service-*.yaml). */
function golden(name: string): any[] {
  return parseAllDocuments(readFileSync(join(__dirname, 'golden', `inference-service-${name}.yaml`), 'utf8')).map((d) => d.toJS());
}

describe('golden manifests, one per serving API', () => {
  test.each([
    ['coreweave-gpt2-s3', 'KServe v1beta1, Knative mode'],
    ['kfserving-v1beta1', 'KFServing v1beta1'],
    ['kfserving-legacy-v1alpha2', 'KFServing v1alpha2'],
    ['knative-custom-container', 'Knative Service'],
    ['keda-vllm', 'KServe v1beta1, Standard mode with KEDA on vLLM metrics'],
    ['transformer-scaling', 'a transformer on its own bounds, on each InferenceService API'],
  ])('%s (%s)', (name) => {
    const chart = EXAMPLES[name](Testing.app(), name);
    expect(synthValid(chart)).toEqual(golden(name));
  });

  test('kserve-standard (KServe v1beta1, Standard mode with HPA)', () => {
    const chart = testChart('ml');
    new InferenceService(chart, 'Embeddings', {
      metadata: { name: 'embeddings' },
      deploymentMode: DeploymentMode.STANDARD,
      modelFormat: ModelFormat.HUGGINGFACE,
      servingProfile: ServingProfile.none(),
      model: ModelSource.fromPvc('models', 'bge-large'),
      resources: { cpu: { request: Cpu.units(4) }, memory: { request: Size.gibibytes(16) } },
      gpu: { types: [GpuType.L4], tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }] },
      autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 70, minReplicas: 2, maxReplicas: 6 }),
    });
    expect(synthValid(chart)).toEqual(golden('kserve-standard'));
  });
});

describe('serving API', () => {
  test('defaults to KServe serving.kserve.io/v1beta1 in Knative mode, written explicitly', () => {
    const { service, object } = synth(base());
    expect(object.apiVersion).toBe('serving.kserve.io/v1beta1');
    expect(object.kind).toBe('InferenceService');
    expect(object.metadata.annotations['serving.kserve.io/deploymentMode']).toBe('Knative');
    expect(service.api).toBe(ServingApi.KSERVE_V1BETA1);
    expect(service.deploymentMode).toBe(DeploymentMode.KNATIVE);
    expect(service.kserveVersion).toBe(KServeVersion.V0_20);
  });

  test.each([
    [KServeVersion.V0_20, DeploymentMode.KNATIVE, 'Knative'],
    [KServeVersion.V0_16, DeploymentMode.STANDARD, 'Standard'],
    [KServeVersion.V0_15, DeploymentMode.KNATIVE, 'Serverless'],
    [KServeVersion.of('0.14'), DeploymentMode.STANDARD, 'RawDeployment'],
  ])('KServe %s writes deployment mode %s as %s', (kserveVersion: KServeVersion, deploymentMode: DeploymentMode, written: string) => {
    const autoscaling = deploymentMode === DeploymentMode.STANDARD
      ? new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 80, minReplicas: 1, maxReplicas: 4 }) : undefined;
    const { object } = synth({ ...base(), model: ModelSource.fromS3('s3://models/gpt2'), kserveVersion, deploymentMode, autoscaling });
    expect(object.metadata.annotations['serving.kserve.io/deploymentMode']).toBe(written);
  });

  test('KFServing v1beta1 writes the framework predictor and the kubeflow group', () => {
    const { object, predictor } = synth({
      metadata: { name: 'classifier' },
      api: ServingApi.KFSERVING_V1BETA1,
      modelFormat: ModelFormat.TENSORFLOW,
      runtimeVersion: '2.1.0',
      model: ModelSource.fromPvc('model-storage', 'inception'),
    });
    expect(object.apiVersion).toBe('serving.kubeflow.org/v1beta1');
    expect(object.metadata.annotations['serving.kserve.io/deploymentMode']).toBeUndefined();
    expect(predictor.model).toBeUndefined();
    expect(predictor.tensorflow).toMatchObject({ storageUri: 'pvc://model-storage/inception', runtimeVersion: '2.1.0' });
  });

  test('KFServing v1alpha2 writes spec.default.predictor with parallelism', () => {
    const { object } = synth({
      metadata: { name: 'gpt2' }, api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, model: s3Model(),
    });
    expect(object.apiVersion).toBe('serving.kubeflow.org/v1alpha2');
    expect(object.spec.default.predictor).toMatchObject({ parallelism: 1, minReplicas: 0, tensorflow: { storageUri: 's3://models/gpt2' } });
  });

  test('a Knative Service puts autoscaling on the revision template, never on its own metadata', () => {
    const { object } = synth({ metadata: { name: 'llm' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.6.3' } });
    expect(object.apiVersion).toBe('serving.knative.dev/v1');
    expect(Object.keys(object.metadata.annotations ?? {}).filter((k) => k.startsWith('autoscaling.knative.dev'))).toEqual([]);
    expect(object.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale']).toBe('0');
    expect(object.spec.template.spec.containerConcurrency).toBe(1);
    expect(object.spec.template.spec.containers[0]).toMatchObject({ name: 'user-container', image: 'vllm/vllm-openai:v0.6.3', ports: [{ containerPort: 8080 }] });
  });
});

describe('what serves the model', () => {
  test('a model format with runtime, version and protocol', () => {
    const { predictor } = synth({ ...base(), modelFormat: ModelFormat.of('vllm', '1'), runtime: 'vllm-runtime', runtimeVersion: '0.6.3', protocolVersion: ProtocolVersion.GRPC_V2 });
    expect(predictor.model).toMatchObject({
      modelFormat: { name: 'vllm', version: '1' }, runtime: 'vllm-runtime', runtimeVersion: '0.6.3', protocolVersion: 'grpc-v2', storageUri: 's3://models/gpt2',
    });
  });

  test('args and env go to the model server; secret env only as references', () => {
    const { predictor } = synth({ ...base(), args: ['--dtype=half'], env: { A: '1' }, secretEnv: { TOKEN: { secretName: 'tokens', key: 'hf' } } });
    expect(predictor.model.args).toEqual(['--dtype=half']);
    expect(predictor.model.env).toEqual([{ name: 'A', value: '1' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'tokens', key: 'hf' } } }]);
  });

  test('a custom container is named kserve-container and gets STORAGE_URI for the storage initializer', () => {
    const { predictor } = synth({ metadata: { name: 'custom' }, model: s3Model(), container: { image: 'example.com/server:1', command: ['serve'], args: ['--x'], port: 9000 } });
    expect(predictor.model).toBeUndefined();
    expect(predictor.containers).toHaveLength(1);
    expect(predictor.containers[0]).toMatchObject({
      name: 'kserve-container',
      image: 'example.com/server:1',
      command: ['serve'],
      args: ['--x'],
      env: [{ name: 'STORAGE_URI', value: 's3://models/gpt2' }],
      ports: [{ containerPort: 9000, protocol: 'TCP' }],
    });
  });

  test('a KFServing custom container is named kfserving-container', () => {
    const { predictor } = synth({ metadata: { name: 'custom' }, api: ServingApi.KFSERVING_V1BETA1, container: { image: 'example.com/server:1' } });
    expect(predictor.containers[0].name).toBe('kfserving-container');
  });

  test('a transformer runs its own container in front of the predictor', () => {
    const { object } = synth({ ...base(), transformer: { container: { image: 'example.com/t:1' }, env: { A: 'b' } } });
    expect(object.spec.transformer.containers[0]).toMatchObject({ name: 'kserve-container', image: 'example.com/t:1', env: [{ name: 'A', value: 'b' }] });
    expect(object.spec.transformer.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
  });
});

describe('model sources', () => {
  test.each([
    ['S3', ModelSource.fromS3('s3://bucket/model'), 's3://bucket/model'],
    ['GCS', ModelSource.fromGcs('gs://bucket/model'), 'gs://bucket/model'],
    ['HTTP', ModelSource.fromHttp('https://example.com/model.tar.gz'), 'https://example.com/model.tar.gz'],
    ['Hugging Face', ModelSource.fromHuggingFace('org/model', { revision: 'v1' }), 'hf://org/model:v1'],
    ['OCI', ModelSource.fromOci('oci://registry.example.com/models/llama:1.0'), 'oci://registry.example.com/models/llama:1.0'],
    ['PVC', ModelSource.fromPvc('cache', 'llama'), 'pvc://cache/llama'],
  ])('%s: KServe reads %s', (_kind, source, uri) => {
    const { predictor, service } = synth({ ...base(), model: source });
    expect(predictor.model.storageUri).toBe(uri);
    expect(service.storageUri).toBe(uri);
  });

  test('S3 credentials: a ServiceAccount lists the existing Secret, and no secret value is written', () => {
    const { manifests, predictor, service } = synth({
      ...base(), model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-creds' } }),
    });
    const account = manifests.find((m) => m.kind === 'ServiceAccount');
    expect(account).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gpt2-storage' }, secrets: [{ name: 's3-creds' }] });
    expect(predictor.serviceAccountName).toBe('gpt2-storage');
    expect(service.serviceAccountName).toBe('gpt2-storage');
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });

  test('S3 endpoint settings are listed as a warning for the Secret to carry', () => {
    const chart = testChart();
    const service = new InferenceService(chart, 'Service', {
      ...base(), model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-creds' }, endpoint: 'object.ord1.coreweave.com', region: 'ORD1' }),
    });
    expect(service.warnings).toEqual([
      '\'model\' reads S3 through settings KServe takes from annotations on the credentials Secret, which this chart does not own: make the Secret \'s3-creds\' '
      + 'carry serving.kserve.io/s3-endpoint: "object.ord1.coreweave.com", serving.kserve.io/s3-usehttps: "1", serving.kserve.io/s3-region: "ORD1"',
    ]);
    expect(service.node.metadata.filter((m) => m.type === 'warning').map((m) => m.data)).toEqual(service.warnings);
  });

  test('a Hugging Face token Secret is listed on the created ServiceAccount', () => {
    const { manifests } = synth({ ...base(), model: ModelSource.fromHuggingFace('org/model', { token: { secretName: 'hf', key: 'HF_TOKEN' } }) });
    expect(manifests.find((m) => m.kind === 'ServiceAccount').secrets).toEqual([{ name: 'hf' }]);
  });

  test('a given ServiceAccount is used as is', () => {
    const { predictor, manifests } = synth({ ...base(), serviceAccountName: 'irsa-models' });
    expect(predictor.serviceAccountName).toBe('irsa-models');
    expect(manifests.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
  });

  test('a Knative Service mounts a PVC source read-only at /mnt/models', () => {
    const { object } = synth({ metadata: { name: 'llm' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, model: ModelSource.fromPvc('cache', 'llama/8b') });
    expect(object.spec.template.spec.volumes).toEqual([{ name: 'model', persistentVolumeClaim: { claimName: 'cache', readOnly: true } }]);
    expect(object.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'model', mountPath: '/mnt/models', subPath: 'llama/8b', readOnly: true }]);
  });
});

describe('GPUs', () => {
  test('the count goes in limits and equal requests; types and regions render as node affinity In', () => {
    const { predictor, service } = synth({
      ...base(), gpu: { types: [GpuType.A40, GpuType.RTX_A6000], count: 2, provider: GpuProvider.COREWEAVE, regions: ['ORD1', 'LAS1'] },
    });
    expect(service.gpuCount).toBe(2);
    expect(predictor.model.resources.limits['nvidia.com/gpu']).toBe('2');
    expect(predictor.model.resources.requests['nvidia.com/gpu']).toBe('2');
    expect(predictor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
      matchExpressions: [
        { key: 'gpu.nvidia.com/class', operator: 'In', values: ['A40', 'RTX_A6000'] },
        { key: 'topology.kubernetes.io/region', operator: 'In', values: ['ORD1', 'LAS1'] },
      ],
    }]);
  });

  test.each([
    ['GKE', GpuProvider.GKE, 'cloud.google.com/gke-accelerator', 'nvidia-l4'],
    ['GPU feature discovery', GpuProvider.GPU_FEATURE_DISCOVERY, 'nvidia.com/gpu.product', 'NVIDIA-L4'],
    ['a custom label', GpuProvider.nodeLabel('example.com/gpu'), 'example.com/gpu', 'NVIDIA-L4'],
  ])('%s: the node label %s', (_name, provider, key, value) => {
    const { predictor } = synth({ ...base(), gpu: { types: [GpuType.L4], provider, nodeSelection: GpuNodeSelection.REQUIRED_AFFINITY } });
    expect(predictor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
      .toEqual([{ key, operator: 'In', values: [value] }]);
  });

  test('the default provider is NVIDIA GPU feature discovery, the default count 1', () => {
    const { predictor } = synth({ ...base(), gpu: { types: [GpuType.H100_80GB_SXM] } });
    expect(predictor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe('nvidia.com/gpu.product');
    expect(predictor.model.resources.limits['nvidia.com/gpu']).toBe('1');
  });

  test('a custom type with a custom label value', () => {
    const type = GpuType.custom({ name: 'B200', memory: Size.gibibytes(192), customLabelValue: 'b200' });
    const { predictor } = synth({ ...base(), gpu: { types: [type], provider: GpuProvider.nodeLabel('gpu-type') } });
    expect(predictor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['b200']);
  });

  test('tolerations: Exists without a value, Equal with one', () => {
    const { predictor } = synth({
      ...base(), gpu: { types: [GpuType.L4], tolerations: [{ key: 'nvidia.com/gpu' }, { key: 'dedicated', value: 'gpu', effect: TaintEffect.NO_EXECUTE }] },
    });
    expect(predictor.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists' },
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' },
    ]);
  });

  test('v1alpha2 selects the GPU class with the gke-accelerator annotation', () => {
    const { object } = synth({
      metadata: { name: 'gpt2' },
      api: ServingApi.KFSERVING_V1ALPHA2,
      modelFormat: ModelFormat.TENSORFLOW,
      runtimeVersion: '1.14.0-gpu',
      model: s3Model(),
      gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    });
    expect(object.metadata.annotations['serving.kubeflow.org/gke-accelerator']).toBe('Tesla_V100');
    expect(object.spec.default.predictor.tensorflow.resources.limits['nvidia.com/gpu']).toBe('1');
  });

  test('Knative features needed by the pods are listed and warned about', () => {
    const chart = testChart();
    const service = new InferenceService(chart, 'Service', { ...base(), gpu: { types: [GpuType.L4], tolerations: [{ key: 'nvidia.com/gpu' }] } });
    expect(service.requiredKnativeFeatures).toEqual(['kubernetes.podspec-affinity', 'kubernetes.podspec-tolerations']);
    expect(service.warnings).toEqual(['the cluster must enable the Knative features kubernetes.podspec-affinity, kubernetes.podspec-tolerations in config-features, '
      + 'or Knative rejects the revision: a KnativeFeatureFlags in the same app is checked at synth']);
  });

  test('Standard mode needs no Knative feature', () => {
    const autoscaling = new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 80, minReplicas: 1, maxReplicas: 4 });
    const chart = testChart();
    const service = new InferenceService(chart, 'Service', { ...base(), deploymentMode: DeploymentMode.STANDARD, autoscaling, gpu: { types: [GpuType.L4] } });
    expect(service.requiredKnativeFeatures).toEqual([]);
  });

  test('a KnativeFeatureFlags in the app that leaves a needed flag disabled fails synth', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    new KnativeFeatureFlags(platform, 'Features', { affinity: false });
    const chart = new Chart(app, 'serving');
    new InferenceService(chart, 'Service', { ...base(), gpu: { types: [GpuType.L4] } });

    // THEN
    expect(() => app.synth()).toThrow('the pods need the Knative feature \'kubernetes.podspec-affinity\', which KnativeFeatureFlags \'platform/Features\' does not enable');
  });

  test('feature flags count in their own app only, whether created before or after the service', () => {
    // GIVEN: flags that disable affinity in another app, and the service's own app's flags created after it
    const other = Testing.app();
    new KnativeFeatureFlags(new Chart(other, 'platform'), 'Features', { affinity: false });
    const app = Testing.app();
    new InferenceService(new Chart(app, 'serving'), 'Service', { ...base(), gpu: { types: [GpuType.L4] } });
    new KnativeFeatureFlags(new Chart(app, 'platform'), 'Features', { affinity: false, tolerations: false });
    new KnativeFeatureFlags(new Chart(app, 'more'), 'Features', { affinity: false });

    // THEN: both flags of its own app are named, and the other app's never
    expect(() => app.synth()).toThrow('the pods need the Knative feature \'kubernetes.podspec-affinity\', which KnativeFeatureFlags '
      + '\'platform/Features\' and KnativeFeatureFlags \'more/Features\' does not enable');
  });

  test('a KnativeFeatureFlags with the GPU defaults satisfies the service', () => {
    const app = Testing.app();
    new KnativeFeatureFlags(new Chart(app, 'platform'), 'Features');
    new InferenceService(new Chart(app, 'serving'), 'Service', { ...base(), gpu: { types: [GpuType.L4], tolerations: [{ key: 'nvidia.com/gpu' }] } });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('resources', () => {
  test('default: 1 CPU and 2Gi, requested and limited', () => {
    const { predictor } = synth(base());
    expect(predictor.model.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
  });

  test('a request alone is also the limit, so KServe\'s defaults never set a lower limit', () => {
    const { predictor } = synth({ ...base(), resources: { cpu: { request: Cpu.millis(1500) }, memory: { limit: Size.mebibytes(1536) } } });
    expect(predictor.model.resources).toEqual({ requests: { cpu: '1500m', memory: '1536Mi' }, limits: { cpu: '1500m', memory: '1536Mi' } });
  });

  test('ephemeral storage is written when given', () => {
    const { predictor } = synth({ ...base(), resources: { ephemeralStorage: { request: Size.gibibytes(50), limit: Size.gibibytes(100) } } });
    expect(predictor.model.resources.requests['ephemeral-storage']).toBe('50Gi');
    expect(predictor.model.resources.limits['ephemeral-storage']).toBe('100Gi');
  });
});

describe('autoscaling', () => {
  test('without a policy the GPU-tuned defaults are written per service', () => {
    const { predictor, object, service } = synth(base());
    expect(service.autoscaling).toBeInstanceOf(GpuAutoscalingPolicy);
    expect(service.node.tryFindChild('Autoscaling')).toBeUndefined();
    expect(predictor).toMatchObject({ minReplicas: 0, containerConcurrency: 1, scaleMetric: 'concurrency' });
    expect(object.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/window': '3m',
      'autoscaling.knative.dev/target-utilization-percentage': '90',
      'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '30m',
    });
    expect(object.metadata.annotations['autoscaling.knative.dev/min-scale']).toBeUndefined();
  });

  test('a policy can be shared by several services', () => {
    const chart = testChart();
    const policy = new GpuAutoscalingPolicy({ maxReplicas: 8 });
    new InferenceService(chart, 'A', { ...base(), metadata: { name: 'a' }, autoscaling: policy });
    new InferenceService(chart, 'B', { ...base(), metadata: { name: 'b' }, autoscaling: policy });
    const manifests = synthValid(chart);
    expect(manifests.map((m) => m.spec.predictor.maxReplicas)).toEqual([8, 8]);
  });

  test('the policy\'s problems for the target are reported by the service', () => {
    const policy = new GpuAutoscalingPolicy({ minReplicas: 0 });
    expect(error({ ...base(), deploymentMode: DeploymentMode.STANDARD, autoscaling: policy })).toContain('minReplicas');
  });
});

describe('timeout, canary, metadata, security', () => {
  test('timeout in whole seconds', () => {
    expect(synth({ ...base(), timeout: Duration.minutes(2) }).predictor.timeout).toBe(120);
    const { object } = synth({ metadata: { name: 'k' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, timeout: Duration.seconds(90) });
    expect(object.spec.template.spec.timeoutSeconds).toBe(90);
  });

  test('a canary sets canaryTrafficPercent and, with tag routing, the annotation', () => {
    const { predictor, object } = synth({ ...base(), canary: { trafficPercent: 10, tagRouting: true } });
    expect(predictor.canaryTrafficPercent).toBe(10);
    expect(object.metadata.annotations['serving.kserve.io/enable-tag-routing']).toBe('true');
  });

  test('a canary on a Knative Service splits traffic between the latest and the named revision', () => {
    const { object } = synth({
      metadata: { name: 'k' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, canary: { trafficPercent: 25, stableRevisionName: 'k-00001' },
    });
    expect(object.spec.traffic).toEqual([
      { latestRevision: true, percent: 25, tag: 'latest' },
      { latestRevision: false, revisionName: 'k-00001', percent: 75, tag: 'prev' },
    ]);
  });

  test('labels and annotations are kept; the name is derived within the budget when not given', () => {
    const { object } = synth({ ...base(), metadata: { labels: { a: 'b' }, annotations: { 'x.io/y': 'z' } } });
    expect(object.metadata.labels).toEqual({ a: 'b' });
    expect(object.metadata.annotations['x.io/y']).toBe('z');
    expect(object.metadata.name).toMatch(/^test-service-[0-9a-f]{8}$/);
  });

  test('restricted security by default: complete per container, no pod level on Knative', () => {
    const { predictor, service } = synth(base());
    expect(service.security.isRestricted).toBe(true);
    expect(predictor.securityContext).toBeUndefined();
    expect(predictor.model.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('Standard mode also sets the pod-level security context', () => {
    const autoscaling = new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 80, minReplicas: 1, maxReplicas: 4 });
    const security = ServingSecurity.restricted({ fsGroup: 3000 });
    const { predictor } = synth({ ...base(), deploymentMode: DeploymentMode.STANDARD, autoscaling, security });
    expect(predictor.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 3000, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('the opt-out writes no security context', () => {
    const { predictor } = synth({ ...base(), security: ServingSecurity.unrestricted() });
    expect(predictor.model.securityContext).toBeUndefined();
  });

  test('the object is the default child, for escape hatches', () => {
    const chart = testChart();
    const service = new InferenceService(chart, 'Service', base());
    ApiObject.of(service).metadata.addLabel('patched', 'yes');
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({ patched: 'yes' });
  });
});

describe('validation', () => {
  test('every problem is reported at once, with the path', () => {
    expect(error({ metadata: { name: '9-bad.name' }, modelFormat: ModelFormat.HUGGINGFACE, canary: { trafficPercent: 150 } })).toBe(
      'Invalid InferenceService at \'test/Service\':\n'
      + '  - \'metadata.name\' is "9-bad.name": must start with a letter and hold only lowercase letters, digits and \'-\', ending with a letter or digit (KServe refuses dots). Rename the service\n'
      + '  - \'model\' is undefined: a runtime predictor needs a model source. Give model: ModelSource.fromS3(...) or another source\n'
      + '  - \'canary.trafficPercent\' is 150: must be a whole percent from 0 to 100');
  });

  test('the name budget follows the child names KServe and Knative derive', () => {
    expect(problems({ ...base(), metadata: { name: 'a'.repeat(40) } })).toEqual([
      `'metadata.name' is "${'a'.repeat(40)}": is 40 characters; at most 39 fit, because the child name "${'a'.repeat(40)}-predictor-00001-private" must stay within 63. Use a shorter name`,
    ]);
    expect(() => synth({ ...base(), metadata: { name: 'a'.repeat(39) } })).not.toThrow();
  });

  test('in Standard mode the namespace counts too', () => {
    const autoscaling = new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 80, minReplicas: 1, maxReplicas: 4 });
    expect(problems({ ...base(), deploymentMode: DeploymentMode.STANDARD, autoscaling, metadata: { name: 'a'.repeat(30), namespace: 'n'.repeat(23) } })).toEqual([
      `'metadata.name' is "${'a'.repeat(30)}": is 30 characters; at most 29 fit, because the child name "${'a'.repeat(30)}-predictor-${'n'.repeat(23)}" must stay within 63. Use a shorter name`,
    ]);
  });

  test('in Standard mode, a name derived from the path that the namespace leaves no room for is refused naming the namespace, not a name never given', () => {
    const autoscaling = new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 80, minReplicas: 1, maxReplicas: 4 });
    const standard = { ...base(), deploymentMode: DeploymentMode.STANDARD, autoscaling };
    expect(problems({ ...standard, metadata: { namespace: 'n'.repeat(63) } })).toEqual([
      `'metadata.namespace' is "${'n'.repeat(63)}": is 63 characters and leaves no room for the service's name, `
      + `because the child name "c85b9d4c-predictor-${'n'.repeat(63)}" must stay within 63. Use a namespace of at most 44 characters`,
    ]);
    expect(problems({ ...standard, metadata: { namespace: 'n'.repeat(47) } })).toEqual([
      '\'metadata.name\' is undefined: the name derived from the construct path, "c85b9d4c", is 8 characters; at most 5 fit, '
      + `because the child name "c85b9d4c-predictor-${'n'.repeat(47)}" must stay within 63. Set a metadata.name of at most 5 characters, `
      + 'or use a namespace of at most 44 characters',
    ]);
    expect(() => synth({ ...standard, metadata: { namespace: 'n'.repeat(44) } })).not.toThrow();
  });

  test('a deployment mode on KFServing is refused alone: the name derived from the path is budgeted as the service runs, on Knative', () => {
    // GIVEN: a name derived from a long path, which fits Knative's budget but not Standard mode's with a transformer
    const props = {
      modelFormat: ModelFormat.TENSORFLOW,
      model: s3Model(),
      api: ServingApi.KFSERVING_V1BETA1,
      deploymentMode: DeploymentMode.STANDARD,
      transformer: { container: { image: 'ghcr.io/example/transformer:1.0.0' } },
      metadata: { namespace: 'serving' },
    };

    // WHEN
    const message = libraryErrorMessage(() => new InferenceService(new Chart(Testing.app(), 'platform-team-inference-chart'), 'Service', props));

    // THEN
    expect(message).toBe('Invalid InferenceService at \'platform-team-inference-chart/Service\':\n'
      + '  - \'deploymentMode\' is "Standard": only the KServe API has deployment modes; serving.kubeflow.org/v1beta1 InferenceService always runs on Knative. '
      + 'Remove deploymentMode');
  });

  test('deployment mode and version are KServe-only', () => {
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, deploymentMode: DeploymentMode.KNATIVE, kserveVersion: KServeVersion.V0_20 })).toEqual([
      '\'deploymentMode\' is "Knative": only the KServe API has deployment modes; serving.knative.dev/v1 Service always runs on Knative. Remove deploymentMode',
      '\'kserveVersion\' is "0.20": applies to the KServe API only, not serving.knative.dev/v1 Service. Remove kserveVersion',
    ]);
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, deploymentMode: DeploymentMode.STANDARD })).toEqual([
      '\'deploymentMode\' is "Standard": only the KServe API has deployment modes; serving.knative.dev/v1 Service always runs on Knative. Remove deploymentMode',
    ]);
  });

  test('exactly one implementation', () => {
    expect(problems({ ...base(), container: { image: 'x/y:1' } })).toEqual([
      '\'modelFormat\' is "huggingface": a predictor has exactly one implementation: a model format or a custom container. Give modelFormat or container, not both',
    ]);
    expect(problems({ metadata: { name: 'x' }, model: s3Model() })).toEqual([
      '\'modelFormat\' is undefined: a predictor needs a model format or a custom container. Give modelFormat (for example ModelFormat.HUGGINGFACE) or container',
    ]);
  });

  test('a Knative Service needs a container and has no runtime', () => {
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KNATIVE_SERVICE, modelFormat: ModelFormat.ONNX })).toEqual([
      '\'container\' is undefined: a plain Knative Service runs a custom container. Give container: { image }',
      '\'modelFormat\' is "onnx": a plain Knative Service has no ServingRuntime. Remove modelFormat, or use ServingApi.KSERVE_V1BETA1',
    ]);
  });

  test('runtime settings do not apply to a custom container', () => {
    expect(problems({ metadata: { name: 'x' }, container: { image: 'x/y:1', port: 70000 }, runtime: 'r', protocolVersion: ProtocolVersion.V2 })).toEqual([
      '\'container.port\' is 70000: must be a port number from 1 to 65535',
      '\'runtime\' is "r": applies to a runtime, not to a custom container. Remove runtime',
      '\'protocolVersion\' is "v2": applies to a runtime, not to a custom container. Remove protocolVersion',
    ]);
  });

  test('KFServing serves only its framework predictors', () => {
    expect(problems({ ...base(), api: ServingApi.KFSERVING_V1BETA1, runtime: 'r', protocolVersion: ProtocolVersion.GRPC_V2 })).toEqual([
      '\'modelFormat\' is "huggingface": serving.kubeflow.org/v1beta1 InferenceService serves only the framework predictors tensorflow, triton, pytorch, sklearn, xgboost, onnx, lightgbm. Use a custom container, or ServingApi.KSERVE_V1BETA1',
      '\'runtime\' is "r": serving.kubeflow.org/v1beta1 InferenceService has no ServingRuntimes. Remove runtime',
      '\'protocolVersion\' is "grpc-v2": KFServing knows only v1 and v2. Use ProtocolVersion.V1 or V2',
    ]);
  });

  test('v1alpha2 framework predictors take only storageUri, runtimeVersion and resources', () => {
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, model: s3Model(), args: ['--a'], protocolVersion: ProtocolVersion.V1, timeout: Duration.seconds(30) })).toEqual([
      '\'protocolVersion\' is "v1": serving.kubeflow.org/v1alpha2 has no protocol field. Remove protocolVersion',
      '\'args/env\' is ["--a"]: a serving.kubeflow.org/v1alpha2 framework predictor takes only storageUri, runtimeVersion and resources. Use a custom container, or ServingApi.KFSERVING_V1BETA1',
      '\'timeout\' is 30 seconds: serving.kubeflow.org/v1alpha2 has no request timeout field. Remove timeout or use ServingApi.KFSERVING_V1BETA1',
    ]);
  });

  test('a TensorFlow runtime version carries -gpu exactly when a GPU is requested', () => {
    const tf = { metadata: { name: 'x' }, api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.TENSORFLOW, model: s3Model() };
    expect(problems({ ...tf, runtimeVersion: '2.1.0', gpu: { types: [GpuType.T4] } })).toEqual([
      '\'runtimeVersion\' is "2.1.0": a GPU is requested, so the version must be a -gpu image. Use "2.1.0-gpu"',
    ]);
    expect(problems({ ...tf, runtimeVersion: '2.1.0-gpu' })).toEqual([
      '\'runtimeVersion\' is "2.1.0-gpu": no GPU is requested, so the version must not be a -gpu image. Remove the -gpu suffix',
    ]);
  });

  test('the model URI scheme must be one the API reads', () => {
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.PYTORCH, model: ModelSource.fromHuggingFace('org/m') })).toEqual([
      '\'model\' is "hf://org/m": serving.kubeflow.org/v1beta1 InferenceService reads only s3://, gs://, http://, pvc:// model URIs. Use ServingApi.KSERVE_V1BETA1, or another source',
    ]);
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, model: s3Model() })).toEqual([
      '\'model\' is "s3://models/gpt2": serving.knative.dev/v1 Service reads only pvc:// model URIs. Put the model on a PVC or a ModelCache, or pass the URI to your container in env',
    ]);
    expect(problems({ ...base(), kserveVersion: KServeVersion.of('0.14'), model: ModelSource.fromHuggingFace('org/m') })).toEqual([
      '\'model\' is "hf://org/m": KServe reads hf:// from 0.15; kserveVersion is 0.14. Use another source or a newer KServe',
    ]);
  });

  test('credentials and a given ServiceAccount exclude each other', () => {
    expect(problems({ ...base(), serviceAccountName: 'mine', model: ModelSource.fromS3('s3://bucket/m', { credentials: { secretName: 's' } }) })).toEqual([
      '\'serviceAccountName\' is "mine": source credentials are read through a ServiceAccount that the construct creates. '
      + 'Remove serviceAccountName, or list the Secret in your own ServiceAccount and drop the credentials from the source',
    ]);
  });

  test('GPU settings', () => {
    expect(problems({ ...base(), gpu: { types: [], count: 0, regions: ['bad region'] } })).toEqual([
      '\'gpu.count\' is 0: must be a whole number from 1 to 16. Give the GPUs of one replica',
      '\'gpu.types\' is []: needs at least one GPU type. Give for example [GpuType.A100_80GB_SXM], or leave types out for any GPU type',
      '\'gpu.regions\' is "bad region": must be a label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')',
    ]);
    expect(problems({ ...base(), gpu: { types: [GpuType.L4], provider: GpuProvider.COREWEAVE } })).toEqual([
      '\'gpu.types\' is "NVIDIA L4": has no gpu.nvidia.com/class value: the coreweave provider does not offer it. Choose a type the provider offers, or GpuType.custom() with the label value',
    ]);
  });

  test('v1alpha2 can express only one GPU type, no region and no toleration', () => {
    expect(problems({
      metadata: { name: 'x' },
      api: ServingApi.KFSERVING_V1ALPHA2,
      modelFormat: ModelFormat.TENSORFLOW,
      runtimeVersion: '1.14.0-gpu',
      model: s3Model(),
      gpu: { types: [GpuType.V100_16GB, GpuType.A40], provider: GpuProvider.COREWEAVE, regions: ['ORD1'], tolerations: [{ key: 'nvidia.com/gpu' }] },
    })).toEqual([
      '\'gpu.types\' is ["NVIDIA V100 16GB", "NVIDIA A40"]: serving.kubeflow.org/v1alpha2 selects a GPU only through the single-valued gke-accelerator annotation. Give one GPU type, or use ServingApi.KFSERVING_V1BETA1 for node affinity',
      '\'gpu.regions\' is ["ORD1"]: serving.kubeflow.org/v1alpha2 has no node affinity to pin a region. Remove regions, or use ServingApi.KFSERVING_V1BETA1',
      '\'gpu.tolerations\' is ["nvidia.com/gpu"]: serving.kubeflow.org/v1alpha2 has no tolerations. Remove tolerations, or use ServingApi.KFSERVING_V1BETA1',
    ]);
  });

  test('canary only where the API honours it', () => {
    const autoscaling = new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, target: 80, minReplicas: 1, maxReplicas: 4 });
    expect(problems({ ...base(), deploymentMode: DeploymentMode.STANDARD, autoscaling, canary: { trafficPercent: 10 } })).toEqual([
      '\'canary\' is 10: KServe ignores canaryTrafficPercent in Standard mode (only Knative splits traffic between revisions). Use DeploymentMode.KNATIVE',
    ]);
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, model: s3Model(), canary: { trafficPercent: 10 } })).toEqual([
      '\'canary\' is 10: KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2; kfservingVersion is 0.6. '
        + 'Use ServingApi.KFSERVING_V1BETA1 or ServingApi.KSERVE_V1BETA1, or kfservingVersion: KfservingVersion.V0_4 for a cluster that still serves it',
    ]);
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, canary: { trafficPercent: 10, tagRouting: true } })).toEqual([
      '\'canary.stableRevisionName\' is undefined: a Knative Service needs the revision that keeps the rest of the traffic. Give the current revision name, for example "my-service-00001"',
      '\'canary.tagRouting\' is true: a plain Knative Service has no tag-routing annotation; tags are set per traffic target. Remove tagRouting',
    ]);
    expect(problems({ ...base(), canary: { trafficPercent: 10, stableRevisionName: 'x-1' } })).toEqual([
      '\'canary.stableRevisionName\' is "x-1": InferenceService APIs track the stable revision themselves. Remove stableRevisionName',
    ]);
  });

  test('env names, PYTHONPATH and duplicates', () => {
    expect(problems({ ...base(), env: { 'PYTHONPATH': '/x', '1BAD': 'y', 'A': 'b' }, secretEnv: { A: { secretName: 's', key: 'k' } } })).toEqual([
      '\'env\' is "PYTHONPATH": KServe >= 0.18 refuses PYTHONPATH in model server containers. Set the path in the image',
      '\'env\' is "1BAD": an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit',
      '\'secretEnv\' is "A": is also set in env. Set each variable once',
    ]);
  });

  test('resources: requests within limits, CPU above zero', () => {
    const resources = { cpu: { request: Cpu.units(4), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(8), limit: Size.gibibytes(4) } };
    expect(problems({ ...base(), resources })).toEqual([
      '\'resources.cpu.request\' is "4": must not exceed the limit 2. Raise the limit or lower the request',
      '\'resources.memory.request\' is "8Gi": must not exceed the limit 4Gi. Raise the limit or lower the request',
    ]);
    expect(problems({ ...base(), resources: { cpu: { request: Cpu.millis(0) } } })).toEqual([
      '\'resources.cpu.request\' is "0m": must be more than 0',
    ]);
  });

  test('timeout in whole seconds, a transformer only on InferenceService APIs', () => {
    expect(problems({ metadata: { name: 'x' }, api: ServingApi.KNATIVE_SERVICE, container: { image: 'x/y:1' }, timeout: Duration.millis(1500), transformer: { container: { image: 't/t:1' } } })).toEqual([
      '\'timeout\' is 1 second 500 millis: must be a whole number of seconds, from 1s to 9007199254740991s (an int64 of seconds). Use Duration.seconds(n)',
      '\'transformer\' is "t/t:1": a plain Knative Service has no transformer component. Run the transformer as its own service, or use an InferenceService API',
    ]);
  });

  test('the Hugging Face runtime needs KServe 0.12', () => {
    expect(problems({ ...base(), kserveVersion: KServeVersion.V0_9 })).toEqual([
      '\'modelFormat\' is "huggingface": the Hugging Face runtime exists from KServe 0.12; kserveVersion is 0.9. Use a custom container or a newer KServe',
    ]);
  });
});

describe('found by the property tests (test/properties)', () => {
  test('a Duration cdk8s cannot convert is a problem of the prop, not a crash', () => {
    // GIVEN / WHEN / THEN
    expect(problems({ ...base(), timeout: Duration.seconds(Infinity) })).toEqual([
      '\'timeout\' is Infinity ms: must be a whole number of seconds, from 1s to 9007199254740991s (an int64 of seconds). Use Duration.seconds(n)',
    ]);
  });

  test('resources: infinite CPUs and sizes that are not finite are refused; a fraction of a KiB is not a crash', () => {
    // GIVEN
    const resources = { cpu: { request: Cpu.units(Infinity) }, memory: { request: Size.kibibytes(0.5), limit: Size.pebibyte(NaN) } };

    // WHEN / THEN
    expect(problems({ ...base(), resources })).toEqual([
      '\'resources.cpu.request\' is "Infinity": must be a finite number of CPUs',
      '\'resources.memory.limit\' is NaN: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)',
    ]);
  });

  test('metadata: the namespace, label keys and values and annotation keys the API server refuses', () => {
    // GIVEN
    const metadata = { name: 'gpt2', namespace: 'Tenant_ML', labels: { '': 'a', 'team': 'a b' }, annotations: { 'example.com/': 'x' } };

    // WHEN / THEN
    expect(problems({ ...base(), metadata })).toEqual([
      '\'metadata.namespace\' is "Tenant_ML": must be a namespace name (at most 63 lowercase alphanumerics and \'-\')',
      '\'metadata.labels\' is "": must be a key of the form [prefix/]name: the name at most 63 alphanumerics, \'-\', \'_\' or \'.\', starting and ending alphanumeric, '
        + 'the prefix a DNS subdomain',
      '\'metadata.labels\' is "a b": the value of "team" must be empty or at most 63 alphanumerics, \'-\', \'_\' or \'.\', starting and ending alphanumeric',
      '\'metadata.annotations\' is "example.com/": must be a key of the form [prefix/]name: the name at most 63 alphanumerics, \'-\', \'_\' or \'.\', '
        + 'starting and ending alphanumeric, the prefix a DNS subdomain',
    ]);
  });

  test('the transformer container is checked like the predictor container', () => {
    // GIVEN / WHEN / THEN
    expect(problems({ ...base(), transformer: { container: { image: ' ', port: 0.5 } } })).toEqual([
      '\'transformer.container.image\' is " ": must be an image reference without white space',
      '\'transformer.container.port\' is 0.5: must be a port number from 1 to 65535',
    ]);
  });

  test('GPU label values, memory and tolerations that no node or taint can match', () => {
    // GIVEN
    const gpu = { types: [GpuType.custom({ name: 'Custom', memory: Size.gibibytes(NaN), gpuProduct: 'a b' })], tolerations: [{ key: 'a b', value: 'c d' }] };

    // WHEN / THEN
    expect(problems({ ...base(), gpu })).toEqual([
      '\'gpu.types\' is "Custom": has the nvidia.com/gpu.product value "a b", which no node label can hold. Give GpuType.custom() the label value of the GPU nodes',
      '\'gpu.types\' is NaN: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)',
      '\'gpu.tolerations\' is "a b": must be a taint key ([prefix/]name, the name at most 63 characters)',
      '\'gpu.tolerations\' is "c d": the value of "a b" must be a taint value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')',
    ]);
  });

  test('GPU memory that is not a whole number of MiB is compared with the cached model, not a crash', () => {
    // GIVEN
    const chart = testChart();
    const cache = new ModelCache(chart, 'Cache', { size: Size.gibibytes(10), modelSize: Size.gibibytes(2) });

    // WHEN
    new InferenceService(chart, 'Service', {
      metadata: { name: 'gpt2' },
      modelFormat: ModelFormat.TENSORFLOW,
      model: ModelSource.fromModelCache(cache),
      gpu: { types: [GpuType.custom({ name: 'Tiny', memory: Size.kibibytes(1.5), gpuProduct: 'tiny' })] },
    });

    // THEN
    expect(() => Testing.synth(chart)).toThrow('[test/Service] \'modelSize\' is 2Gi: the model in test/Cache is larger than the GPU memory of one replica of '
      + 'test/Service (1536). Choose GPUs with more memory or more GPUs per replica, or serve a smaller (for example quantized) model');
  });

  test('KFServing v1alpha2 custom containers are named, as the CRD requires', () => {
    // GIVEN / WHEN
    const { object } = synth({
      metadata: { name: 'gpt2' },
      api: ServingApi.KFSERVING_V1ALPHA2,
      container: { image: 'ghcr.io/example/server:1.0.0' },
      transformer: { container: { image: 'ghcr.io/example/transformer:1.0.0' } },
    });

    // THEN
    expect(object.spec.default.predictor.custom.container.name).toBe('kfserving-container');
    expect(object.spec.default.transformer.custom.container.name).toBe('kfserving-container');
  });
});
