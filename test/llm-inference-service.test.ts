import { readFileSync } from 'fs';
import { join } from 'path';
import { Duration, Size, Testing } from 'cdk8s';
import { Cpu, PersistentVolumeAccessMode } from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../examples';
import {
  GpuNodeSelection, GpuType, InferenceService, KvCacheEvictionPolicy, KvCacheTier, LLMInferenceService, LLMInferenceServiceProps, LocalModelCache,
  LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource, ServingApi, ServingProfile, ServingSecurity, WvaActuator,
} from '../src';
import { expectRestrictedPods } from './support/pod-security';
import { synthValid, testChart } from './support/synth';

const MODEL = ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct');

/** The spec of the LLMInferenceService these props write (checked against the CRD). */
function spec(props: Partial<LLMInferenceServiceProps> = {}): any {
  const chart = testChart();
  new LLMInferenceService(chart, 'Llm', { model: MODEL, ...props });
  return synthValid(chart).find((m) => m.kind === 'LLMInferenceService').spec;
}

/** The problem lines of the error these props raise, or [] when the construct is built. */
function problems(props: Partial<LLMInferenceServiceProps>): string[] {
  try {
    new LLMInferenceService(testChart(), 'Llm', { model: MODEL, ...props });
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
  }
}

describe('defaults', () => {
  test('the smallest service: the model, the restricted profile, and nothing KServe\'s presets already set', () => {
    // GIVEN
    const chart = testChart('llm');

    // WHEN
    const service = new LLMInferenceService(chart, 'Qwen', { model: MODEL });

    // THEN
    const manifests = synthValid(chart);
    expect(manifests).toMatchSnapshot();
    expectRestrictedPods(manifests);
    expect(service.name).toBe('test-qwen-c83ea397');
    expect(service.servedModelName).toBe(service.name);
    expect(service.api).toBe(ServingApi.KSERVE_LLM_V1ALPHA2);
    expect(service.gpuCount).toBe(0);
    expect(service.podsPerReplica).toBe(1);
    expect(service.maxReplicas).toBe(1);
    expect(service.serviceAccountName).toBeUndefined();
    expect(service.apiObject.kind).toBe('LLMInferenceService');
  });

  test('no replicas, scaling, router, prefill, worker, baseRefs or storage initializer switch is written', () => {
    const written = spec();
    for (const field of ['replicas', 'scaling', 'router', 'prefill', 'worker', 'baseRefs', 'storageInitializer', 'parallelism', 'kvCacheOffloading']) {
      expect(written[field]).toBeUndefined();
    }
    expect(written.model).toEqual({ uri: 'hf://Qwen/Qwen2.5-7B-Instruct' });
    expect(written.template.containers).toEqual([{ name: 'main', securityContext: expect.objectContaining({ runAsNonRoot: true }) }]);
  });

  test('a router defaults to KServe\'s Gateway, a managed route and the scheduler', () => {
    expect(spec({ router: {} }).router).toEqual({ gateway: {}, route: {}, scheduler: {} });
  });

  test('scaling defaults to the KEDA actuator and KServe\'s minReplicas and variant cost', () => {
    expect(spec({ scaling: { maxReplicas: 3 } }).scaling).toEqual({ maxReplicas: 3, wva: { keda: {} } });
  });

  test('a prefill workload takes the decode workload\'s GPUs, image and resources', () => {
    const written = spec({
      gpu: { count: 1 }, image: 'vllm/vllm-openai:v0.11.0', resources: { memory: { request: Size.gibibytes(16) } }, prefill: { replicas: 2 },
    });
    expect(written.prefill.template.containers[0]).toEqual(expect.objectContaining({
      image: 'vllm/vllm-openai:v0.11.0',
      // The user's memory, and the LLM profile's CPU for the one GPU.
      resources: { requests: { 'cpu': '6', 'memory': '16Gi', 'nvidia.com/gpu': '1' }, limits: { 'cpu': '6', 'memory': '16Gi', 'nvidia.com/gpu': '1' } },
    }));
  });

  test('a worker takes the head\'s environment and resources', () => {
    const written = spec({
      gpu: { count: 4 }, env: { NCCL_DEBUG: 'INFO' }, parallelism: { pipeline: 2, tensor: 4 }, worker: {},
    });
    expect(written.worker.containers[0].env).toEqual([{ name: 'NCCL_DEBUG', value: 'INFO' }]);
    expect(written.worker.containers[0].resources).toEqual(written.template.containers[0].resources);
  });
});

test('everything set', () => {
  // GIVEN
  const chart = testChart('llm');

  // WHEN
  const service = new LLMInferenceService(chart, 'Llama', {
    metadata: { name: 'llama', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } },
    model: ModelSource.fromS3('s3://models/llama-3.1-70b', { credentials: { secretName: 's3-creds' } }),
    servedModelName: 'meta-llama/Llama-3.1-70B-Instruct',
    lora: { adapters: [{ name: 'sql', source: ModelSource.fromPvc('adapters', 'sql') }], maxRank: 32, maxAdapters: 1, maxCpuAdapters: 2 },
    baseRefs: ['kserve-config-llm-template', 'team-defaults'],
    storageInitializer: false,
    image: 'ghcr.io/llm-d/llm-d-cuda:v0.5.1',
    vllmArgs: ['--max-model-len', '8192', '--served-model-name=it\'s'],
    env: { VLLM_LOGGING_LEVEL: 'DEBUG' },
    secretEnv: { API_KEY: { secretName: 'keys', key: 'api', optional: true } },
    resources: { cpu: { request: Cpu.units(8), limit: Cpu.units(16) }, memory: { limit: Size.gibibytes(128) } },
    gpu: {
      types: [GpuType.H100_80GB_SXM],
      count: 4,
      nodeSelection: GpuNodeSelection.NODE_SELECTOR,
      regions: ['us-east-1'],
      tolerations: [{ key: 'nvidia.com/gpu' }],
    },
    parallelism: { tensor: 4, pipeline: 2 },
    worker: { env: { NCCL_DEBUG: 'WARN' }, resources: { memory: { request: Size.gibibytes(96) } } },
    scaling: {
      minReplicas: 2,
      maxReplicas: 4,
      actuator: WvaActuator.KEDA,
      variantCost: 12.5,
      idleReplicaCount: 1,
      pollingInterval: Duration.seconds(15),
      cooldownPeriod: Duration.minutes(10),
      initialCooldownPeriod: Duration.minutes(5),
      scaleDownStabilization: Duration.minutes(15),
      scaleUpStabilization: Duration.seconds(30),
    },
    kvCacheOffloading: {
      cpu: Size.gibibytes(64),
      evictionPolicy: KvCacheEvictionPolicy.ARC,
      secondaryTiers: [KvCacheTier.emptyDir(Size.gibibytes(200)), KvCacheTier.persistentVolumeClaim('kv-shared', 'llama')],
    },
    prefill: {
      replicas: 3,
      gpu: { types: [GpuType.H100_80GB_SXM], count: 2 },
      parallelism: { data: 2, dataLocal: 2, dataRpcPort: 6000, expert: true, tensor: 1 },
      kvCacheOffloading: { cpu: Size.gibibytes(16) },
    },
    router: {
      gateways: [{ name: 'inference', namespace: 'gateways', sectionName: 'https' }],
      httpRoutes: ['llama-route'],
      scheduler: { replicas: 2, config: { name: 'epp-config', key: 'config.yaml' }, inferencePoolName: 'llama-pool' },
    },
    security: ServingSecurity.restricted({ runAsUser: 2000, fsGroup: 2000 }),
  });

  // THEN
  const manifests = synthValid(chart);
  expect(manifests).toMatchSnapshot();
  expectRestrictedPods(manifests);
  expect(service.gpuCount).toBe(4);
  expect(service.podsPerReplica).toBe(2);
  expect(service.maxReplicas).toBe(4);
  expect(service.serviceAccountName).toBe('llama-storage');
  const written = manifests.find((m) => m.kind === 'LLMInferenceService').spec;
  expect(written.template.containers[0].env).toContainEqual({ name: 'VLLM_ADDITIONAL_ARGS', value: '--max-model-len 8192 \'--served-model-name=it\'\\\'\'s\'' });
  expect(written.storageInitializer).toEqual({ enabled: false });
  expect(written.template.serviceAccountName).toBe('llama-storage');
  expect(written.worker.serviceAccountName).toBe('llama-storage');
});

describe('props', () => {
  test('environment from the pod\'s fields, and pod labels and annotations of each workload', () => {
    const written = spec({
      fieldEnv: { POD_IP: 'status.podIP', OWNER: 'metadata.labels[\'team\']' },
      podLabels: { 'app.kubernetes.io/part-of': 'chat' },
      podAnnotations: { 'k8s.v1.cni.cncf.io/networks': 'roce-p2' },
      prefill: { podLabels: { role: 'prefill' } },
    });
    expect(written.template.containers[0].env).toEqual([
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'OWNER', valueFrom: { fieldRef: { fieldPath: 'metadata.labels[\'team\']' } } },
    ]);
    expect(written.labels).toEqual({ 'app.kubernetes.io/part-of': 'chat' });
    expect(written.annotations).toEqual({ 'k8s.v1.cni.cncf.io/networks': 'roce-p2' });
    expect(written.prefill.labels).toEqual({ role: 'prefill' });
  });

  test('a router with the scheduler only joins another service\'s InferencePool', () => {
    expect(spec({ router: { gatewayRoute: false, scheduler: { inferencePoolName: 'qwen-nvidia-inference-pool' } } }).router).toEqual({
      scheduler: { pool: { ref: { name: 'qwen-nvidia-inference-pool' } } },
    });
  });

  test('replicas are written as given', () => {
    expect(spec({ replicas: 0 }).replicas).toBe(0);
  });

  test('the HPA actuator', () => {
    expect(spec({ scaling: { maxReplicas: 2, actuator: WvaActuator.HPA } }).scaling.wva).toEqual({ hpa: {} });
  });

  test('stabilization windows go to the HPA\'s behavior, under KEDA through its advanced settings', () => {
    const windows = { scaleDownStabilization: Duration.minutes(15), scaleUpStabilization: Duration.seconds(30) };
    const behavior = { scaleUp: { stabilizationWindowSeconds: 30 }, scaleDown: { stabilizationWindowSeconds: 900 } };
    expect(spec({ scaling: { maxReplicas: 2, actuator: WvaActuator.HPA, ...windows } }).scaling.wva).toEqual({ hpa: { behavior } });
    expect(spec({ scaling: { maxReplicas: 2, ...windows } }).scaling.wva)
      .toEqual({ keda: { advanced: { horizontalPodAutoscalerConfig: { behavior } } } });
    expect(spec({ scaling: { maxReplicas: 2, scaleDownStabilization: Duration.hours(1) } }).scaling.wva.keda.advanced)
      .toEqual({ horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 3600 } } } });
  });

  test('@default scaleDownStabilization and scaleUpStabilization are not written: the HPA\'s 5 minutes and 0 apply', () => {
    expect(spec({ scaling: { maxReplicas: 2 } }).scaling.wva).toEqual({ keda: {} });
  });

  test('a variant cost is written as KServe\'s decimal string', () => {
    expect(spec({ scaling: { maxReplicas: 2, variantCost: 0.5 } }).scaling.wva.variantCost).toBe('0.5');
  });

  test('the LRU eviction policy is KServe\'s default and not written', () => {
    expect(spec({ kvCacheOffloading: { cpu: Size.gibibytes(4), evictionPolicy: KvCacheEvictionPolicy.LRU } }).kvCacheOffloading).toEqual({ cpu: '4Gi' });
  });

  test('a disabled scheduler is left out of the router', () => {
    expect(spec({ router: { scheduler: { enabled: false } } }).router).toEqual({ gateway: {}, route: {} });
  });

  test('the storage initializer switch: true is KServe\'s default and not written', () => {
    expect(spec({ storageInitializer: true }).storageInitializer).toBeUndefined();
  });

  test('GPU types of another vendor request their own resource', () => {
    const amd = GpuType.custom({ name: 'AMD MI300X', memory: Size.gibibytes(192), resourceName: 'amd.com/gpu', gpuProduct: 'MI300X' });
    expect(spec({ gpu: { types: [amd] }, servingProfile: ServingProfile.none() }).template.containers[0].resources)
      .toEqual({ requests: { 'amd.com/gpu': '1' }, limits: { 'amd.com/gpu': '1' } });
  });

  test('an unrestricted service writes no security context', () => {
    const written = spec({ security: ServingSecurity.unrestricted() });
    expect(written.template.securityContext).toBeUndefined();
    expect(written.template.containers[0].securityContext).toBeUndefined();
  });

  test('a model with credentials gets a ServiceAccount that the pods use', () => {
    const chart = testChart();
    new LLMInferenceService(chart, 'Llm', {
      metadata: { name: 'gated' }, model: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B', { token: { secretName: 'hf', key: 'token' } }),
    });
    const manifests = synthValid(chart);
    expect(manifests[0]).toEqual(expect.objectContaining({ kind: 'ServiceAccount', metadata: { name: 'gated-storage' }, secrets: [{ name: 'hf' }] }));
    expect(manifests[1].spec.template.serviceAccountName).toBe('gated-storage');
  });
});

describe('the serving profile: CPU and memory, which KServe\'s presets leave out', () => {
  test('a modelSize the profile cannot size from is refused, not read as no size', () => {
    expect(problems({ modelSize: Size.gibibytes(0) })).toEqual(['\'modelSize\' is 0: must be a size of more than zero and at most 1 PiB. For example Size.gibibytes(16)']);
  });

  /** The main container's resources of the decode template. */
  function resources(props: Partial<LLMInferenceServiceProps>): any {
    return spec(props).template.containers[0].resources;
  }

  test('defaults to ServingProfile.llm()', () => {
    const service = new LLMInferenceService(testChart(), 'Llm', { model: MODEL });
    expect(service.servingProfile.name).toBe('llm');
  });

  test('6 CPUs and 24Gi per GPU without a model size (KServe\'s Hugging Face runtime example), requested and limited', () => {
    expect(resources({ gpu: { count: 2 }, parallelism: { tensor: 2 } })).toEqual({
      requests: { 'cpu': '12', 'memory': '48Gi', 'nvidia.com/gpu': '2' },
      limits: { 'cpu': '12', 'memory': '48Gi', 'nvidia.com/gpu': '2' },
    });
  });

  test('memory 1.5 times the model\'s size, from modelSize or the ModelCache\'s, rounded up to whole gibibytes', () => {
    expect(resources({ gpu: { count: 1 }, modelSize: Size.gibibytes(15) }).limits.memory).toBe('23Gi');
    const chart = testChart();
    const cache = new ModelCache(chart, 'Weights', { source: MODEL, modelSize: Size.gibibytes(16) });
    new LLMInferenceService(chart, 'Llm', { model: ModelSource.fromModelCache(cache), gpu: { count: 1 } });
    const written = synthValid(chart).find((m) => m.kind === 'LLMInferenceService').spec;
    expect(written.template.containers[0].resources.requests.memory).toBe('24Gi');
  });

  test('no /dev/shm, startup probe or volumes: KServe\'s presets set them (config-llm-template.yaml: 1Gi dshm, startup probe 60 x 10s)', () => {
    const written = spec({ gpu: { count: 4 }, parallelism: { tensor: 4 } });
    expect(written.template.volumes).toBeUndefined();
    const container = written.template.containers[0];
    for (const field of ['volumeMounts', 'startupProbe', 'readinessProbe', 'livenessProbe', 'ports', 'command', 'args']) expect(container[field]).toBeUndefined();
  });

  test('what the user gives wins, each of CPU and memory on its own', () => {
    expect(resources({ gpu: { count: 1 }, resources: { cpu: { request: Cpu.units(2) } } })).toEqual({
      requests: { 'cpu': '2', 'memory': '24Gi', 'nvidia.com/gpu': '1' },
      limits: { 'cpu': '2', 'memory': '24Gi', 'nvidia.com/gpu': '1' },
    });
  });

  test('the profile\'s options', () => {
    const servingProfile = ServingProfile.llm({ cpuPerGpu: 4, memoryPerGpu: Size.gibibytes(32) });
    const written = resources({ gpu: { count: 2 }, parallelism: { tensor: 2 }, servingProfile });
    expect(written.limits).toEqual({ 'cpu': '8', 'memory': '64Gi', 'nvidia.com/gpu': '2' });
  });

  test('ServingProfile.none() writes no CPU or memory', () => {
    expect(resources({ gpu: { count: 1 }, servingProfile: ServingProfile.none() })).toEqual({ requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } });
  });

  test('a workload without GPUs is left to KServe', () => {
    expect(resources({})).toBeUndefined();
  });

  test('workers get the head\'s sizing, and a prefill workload with its own GPUs is sized from them', () => {
    const written = spec({
      gpu: { count: 4 }, parallelism: { pipeline: 2, tensor: 4 }, worker: {}, prefill: { gpu: { count: 1 } },
    });
    expect(written.worker.containers[0].resources.limits.cpu).toBe('24');
    expect(written.prefill.template.containers[0].resources.limits).toEqual({ 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '1' });
  });

  test('options the presets settle are refused, and so is a profile that is not one', () => {
    const servingProfile = ServingProfile.llm({ sharedMemory: Size.gibibytes(4), loadTime: Duration.minutes(5), maxBatchSize: 64, cpuPerGpu: 0 });
    expect(problems({ servingProfile })).toEqual([
      '\'servingProfile.cpuPerGpu\' is 0: must be a number above 0',
      '\'servingProfile.sharedMemory\' is 4Gi: is not read by LLMInferenceService: KServe\'s presets mount the memory-backed /dev/shm (1Gi, 8Gi with workers). '
      + 'Remove the option, or set the field in an LLMInferenceServiceConfig of yours listed in baseRefs',
      '\'servingProfile.loadTime\' is 5 minutes: is not read by LLMInferenceService: KServe\'s presets set the startup probe (60 x 10s). '
      + 'Remove the option, or set the field in an LLMInferenceServiceConfig of yours listed in baseRefs',
      '\'servingProfile.maxBatchSize\' is 64: is not read by LLMInferenceService: the Workload Variant Autoscaler scales on saturation, not on a concurrency target. '
      + 'Remove the option; vLLM\'s batch size is --max-num-seqs in vllmArgs',
    ]);
    expect(problems({ servingProfile: 'llm' as any })).toEqual([
      '\'servingProfile\' is "llm": must be a ServingProfile. For example ServingProfile.llm()',
    ]);
  });
});

describe('KServe\'s rules, refused at synth', () => {
  test('replicas and scaling together', () => {
    expect(problems({ replicas: 2, scaling: { maxReplicas: 3 } })).toEqual([
      '\'scaling\' is "maxReplicas 3": replicas and scaling are mutually exclusive (KServe). Use scaling for an autoscaled workload or replicas for a fixed one',
    ]);
  });

  test('scaling bounds, and KEDA settings on the HPA actuator', () => {
    expect(problems({ scaling: { minReplicas: 5, maxReplicas: 2, actuator: WvaActuator.HPA, idleReplicaCount: 1, variantCost: -1 } })).toEqual([
      '\'scaling.minReplicas\' is 5: must not exceed maxReplicas (2). Raise maxReplicas or lower minReplicas',
      '\'scaling.variantCost\' is -1: must be a number from 0 to 1000000 (KServe reads it as a non-negative decimal)',
      '\'scaling.idleReplicaCount\' is 1: applies to the KEDA actuator only. Remove it, or use WvaActuator.KEDA',
    ]);
  });

  test('an idle replica count needs a higher minReplicas', () => {
    expect(problems({ scaling: { maxReplicas: 4, idleReplicaCount: 1 } })).toEqual([
      '\'scaling.idleReplicaCount\' is 1: must be less than minReplicas (not set), which KServe requires with it: it is the floor while no trigger is active. '
      + 'Set minReplicas to at least 2, or remove idleReplicaCount',
    ]);
  });

  test('stabilization windows are whole seconds up to an hour, on either actuator', () => {
    const message = (example: string) => `must be a whole number of seconds from 0 to 1 hour, the longest window the HPA accepts. For example ${example}`;
    expect(problems({
      scaling: { maxReplicas: 2, actuator: WvaActuator.HPA, scaleDownStabilization: Duration.hours(2), scaleUpStabilization: Duration.millis(1500) },
    })).toEqual([
      `'scaling.scaleDownStabilization' is 2 hours: ${message('Duration.minutes(10)')}`,
      `'scaling.scaleUpStabilization' is 1 second 500 millis: ${message('Duration.seconds(30)')}`,
    ]);
  });

  test('KEDA periods are whole seconds', () => {
    expect(problems({ scaling: { maxReplicas: 2, pollingInterval: Duration.millis(500) } })).toEqual([
      '\'scaling.pollingInterval\' is 500 millis: must be a whole number of seconds, at least 1s. Use Duration.seconds(n)',
    ]);
  });

  test('decode and prefill on different actuators', () => {
    expect(problems({ scaling: { maxReplicas: 2 }, prefill: { scaling: { maxReplicas: 2, actuator: WvaActuator.HPA } } })).toEqual([
      '\'prefill.scaling.actuator\' is "hpa": decode and prefill must use the same actuator, and the decode workload uses keda: '
      + 'two backends would make independent, unsynchronised scaling decisions (KServe). Use WvaActuator.KEDA for both',
    ]);
  });

  test('a worker without pipeline or data parallelism', () => {
    expect(problems({ worker: {} })).toEqual([
      '\'worker\' is "set": a worker needs parallelism: pipeline, or data with dataLocal (KServe). Give parallelism, or remove worker',
    ]);
    expect(problems({ worker: {}, parallelism: { tensor: 2 }, gpu: { count: 2 } })).toEqual([
      '\'worker\' is "set": a worker needs pipeline or data parallelism to spread over its pods (KServe). Give parallelism.pipeline, or data with dataLocal',
    ]);
  });

  test('pipeline with data parallelism, and data without dataLocal', () => {
    expect(problems({ parallelism: { pipeline: 2, data: 4 }, worker: {} })).toEqual([
      '\'parallelism.pipeline\' is 2: cannot be combined with data parallelism (data or dataLocal) (KServe). Give pipeline, or data with dataLocal',
      '\'parallelism.dataLocal\' is undefined: must be set when data is set (KServe). Give the data parallel ranks of one pod',
    ]);
    expect(problems({ parallelism: { dataLocal: 4 } })).toEqual([
      '\'parallelism.data\' is undefined: must be set when dataLocal is set (KServe). Give the data parallel ranks of the whole replica',
    ]);
  });

  test('sizes below 1 and ports out of range', () => {
    expect(problems({ parallelism: { tensor: 0, dataRpcPort: 70000 } })).toEqual([
      '\'parallelism.tensor\' is 0: must be a whole number from 1 to 2147483647',
      '\'parallelism.dataRpcPort\' is 70000: must be a port number from 1 to 65535',
    ]);
  });

  test('LoRA adapters: names, duplicates, the base model\'s name, stores and limits', () => {
    expect(problems({
      servedModelName: 'base',
      lora: {
        adapters: [
          { name: 'a', source: ModelSource.fromHuggingFace('org/a') },
          { name: 'a', source: ModelSource.fromHuggingFace('org/b') },
          { name: 'base', source: ModelSource.fromOci('oci://registry.example.com/adapters/c:v1') },
          { name: '..', source: ModelSource.fromS3('s3://bucket/d') },
        ],
        maxRank: 0,
      },
    })).toEqual([
      '\'lora.maxRank\' is 0: must be a whole number from 1 to 2147483647',
      '\'lora.adapters[1].name\' is "a": is the name of adapters[0] too (KServe). Give each adapter its own name',
      '\'lora.adapters[2].name\' is "base": is the base model\'s name, and requests could not tell them apart (KServe). Rename the adapter',
      '\'lora.adapters[2].source\' is "oci://registry.example.com/adapters/c:v1": KServe downloads LoRA adapters from hf://, s3://, pvc:// only. '
      + 'Use ModelSource.fromHuggingFace, fromS3 or fromPvc',
      '\'lora.adapters[3].name\' is "..": must be a model name: letters, digits, \'_\', \'.\', \':\', \'/\' and \'-\', without \'.\' or \'..\' segments (KServe: path traversal)',
    ]);
    expect(problems({ lora: { adapters: [] } })).toEqual(['\'lora.adapters\' is []: needs at least one adapter. Give adapters, or leave lora out']);
  });

  test('an adapter named like the object when the served name is left out', () => {
    expect(problems({ metadata: { name: 'llm' }, lora: { adapters: [{ name: 'llm', source: ModelSource.fromHuggingFace('org/a') }] } })).toEqual([
      '\'lora.adapters[0].name\' is "llm": is the base model\'s name, and requests could not tell them apart (KServe). Rename the adapter',
    ]);
  });

  test('own HTTPRoutes with the managed Gateway, and references that are not names', () => {
    expect(problems({ router: { httpRoutes: ['route'] } })).toEqual([
      '\'router.httpRoutes\' is ["route"]: your own HTTPRoutes cannot be used with the Gateway KServe manages (KServe). Give the Gateways they attach to in router.gateways',
    ]);
    expect(problems({ router: { gateways: [{ name: 'Gw', namespace: 'a.b', sectionName: 'HTTP' }], scheduler: { replicas: 0, inferencePoolName: 'Pool' } } })).toEqual([
      '\'router.gateways[0].name\' is "Gw": must be a Gateway name (lowercase alphanumerics, \'-\' and \'.\')',
      '\'router.gateways[0].namespace\' is "a.b": must be a namespace name',
      '\'router.gateways[0].sectionName\' is "HTTP": must be a listener name (lowercase alphanumerics, \'-\' and \'.\')',
      '\'router.scheduler.replicas\' is 0: must be a whole number from 1 to 2147483647',
      '\'router.scheduler.inferencePoolName\' is "Pool": must be an InferencePool name (lowercase alphanumerics, \'-\' and \'.\')',
    ]);
  });

  test('settings of a disabled scheduler', () => {
    expect(problems({ router: { scheduler: { enabled: false, replicas: 2 } } })).toEqual([
      '\'router.scheduler.replicas\' is 2: configures a scheduler that is disabled. Remove replicas, or enable the scheduler',
    ]);
  });

  test('KV cache offloading without CPU memory, and tiers that no volume can be', () => {
    expect(problems({
      kvCacheOffloading: { cpu: Size.kibibytes(0), secondaryTiers: [KvCacheTier.emptyDir(Size.kibibytes(0)), KvCacheTier.persistentVolumeClaim('Bad', '../x')] },
    })).toEqual([
      '\'kvCacheOffloading.cpu\' is 0: must be more than zero: it is the primary tier (KServe). For example Size.gibibytes(10)',
      '\'kvCacheOffloading.secondaryTiers[0]\' is 0: an emptyDir tier needs a size of more than zero',
      '\'kvCacheOffloading.secondaryTiers[1]\' is "Bad": must name a PersistentVolumeClaim (lowercase alphanumerics, \'-\' and \'.\')',
      '\'kvCacheOffloading.secondaryTiers[1]\' is "../x": a path within the volume must not contain \'..\' or white space',
    ]);
  });

  test('environment from fields that the downward API does not give, and names used twice', () => {
    expect(problems({
      env: { A: 'x' },
      fieldEnv: { 'A': 'status.podIP', '2B': 'status.phase', 'C': 'metadata.labels[\'bad key!\']' },
      podLabels: { 'bad key': 'v' },
      podAnnotations: { 'bad key': 'v' },
    })).toEqual([
      '\'fieldEnv\' is "A": is also set in env or secretEnv. Set each variable once',
      '\'fieldEnv\' is "2B": an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit',
      '\'fieldEnv\' is "status.phase": the field of "2B" must be one the downward API gives: metadata.name, metadata.namespace, metadata.uid, spec.nodeName, '
      + 'spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, or metadata.labels[\'<key>\'] or metadata.annotations[\'<key>\']. '
      + 'For example \'status.podIP\'',
      '\'fieldEnv\' is "metadata.labels[\'bad key!\']": the field of "C" must be one the downward API gives: metadata.name, metadata.namespace, metadata.uid, '
      + 'spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, or metadata.labels[\'<key>\'] or '
      + 'metadata.annotations[\'<key>\']. For example \'status.podIP\'',
      '\'podLabels\' is "bad key": must be a key of the form [prefix/]name: the name at most 63 alphanumerics, \'-\', \'_\' or \'.\', starting and ending '
      + 'alphanumeric, the prefix a DNS subdomain',
      '\'podAnnotations\' is "bad key": must be a key of the form [prefix/]name (a DNS subdomain prefix, a name of at most 63 characters)',
    ]);
  });

  test('Gateway settings on a router without a Gateway route', () => {
    expect(problems({ router: { gatewayRoute: false, gateways: [{ name: 'gw' }] } })).toEqual([
      '\'router.gateways\' is ["gw"]: belongs to a Gateway API route, and gatewayRoute is false. Remove gateways, or the gatewayRoute setting',
    ]);
  });

  test('a prefill workload\'s inherited resources are checked once, under the decode workload', () => {
    expect(problems({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } }, prefill: { replicas: 1 } })).toEqual([
      '\'resources.memory.request\' is "2Gi": must not exceed the limit 1Gi. Raise the limit or lower the request',
    ]);
  });

  test('presets listed twice or not named like objects', () => {
    expect(problems({ baseRefs: ['a', 'a', 'B'] })).toEqual([
      '\'baseRefs\' is "a": is listed twice. List each preset once',
      '\'baseRefs\' is "B": must be an LLMInferenceServiceConfig name (lowercase alphanumerics, \'-\' and \'.\')',
    ]);
  });
});

describe('parallelism against the GPUs and the pods', () => {
  test('each pod needs tensor x dataLocal GPUs under data parallelism', () => {
    expect(problems({ parallelism: { data: 16, dataLocal: 8, tensor: 1 }, gpu: { count: 4 }, worker: {} })).toEqual([
      '\'gpu.count\' is 4: each pod runs tensor (1) x dataLocal (8) = 8 GPU rank(s), so it needs exactly that many GPUs. Set gpu.count to 8, or change the parallelism',
    ]);
  });

  test('each pod needs tensor GPUs under pipeline parallelism', () => {
    expect(problems({ parallelism: { pipeline: 2, tensor: 8 }, gpu: { count: 4 }, worker: {} })).toEqual([
      '\'gpu.count\' is 4: each pod runs tensor (8) = 8 GPU rank(s), so it needs exactly that many GPUs. Set gpu.count to 8, or change the parallelism',
    ]);
  });

  test('several GPUs without parallelism', () => {
    expect(problems({ gpu: { count: 4 } })).toEqual([
      '\'gpu.count\' is 4: without parallelism vLLM runs on one GPU of the pod (KServe\'s presets pass no --tensor-parallel-size). '
      + 'Set parallelism.tensor to 4, or request one GPU',
    ]);
  });

  test('a replica over several pods needs a worker, and a worker needs several pods', () => {
    expect(problems({ parallelism: { pipeline: 2 } })).toEqual([
      '\'parallelism\' is "2 pods": spreads one replica over 2 pods, which needs worker pods. Add worker: {} for a multi-node workload',
    ]);
    expect(problems({ parallelism: { data: 8, dataLocal: 8 }, gpu: { count: 8 }, worker: {} })).toEqual([
      '\'worker\' is "set": the parallelism spreads over 1 pod, so no worker pod would run. Remove worker, or raise pipeline (or data over dataLocal) to the number of pods',
    ]);
  });

  test('data must be a multiple of dataLocal', () => {
    expect(problems({ parallelism: { data: 12, dataLocal: 8 }, worker: {} })).toEqual([
      '\'parallelism.data\' is 12: must be a multiple of dataLocal (8): each pod runs dataLocal ranks. Use a multiple of 8',
    ]);
  });

  test('the prefill workload is checked with its own prop names', () => {
    const prefill = { gpu: { count: 2, nodeSelection: GpuNodeSelection.NODE_SELECTOR }, parallelism: { tensor: 2 } };
    expect(problems({ gpu: { count: 1 }, prefill })).toEqual([
      '\'prefill.gpu.nodeSelection\' is "node-selector": selects GPU types, and none are given. Give types, or leave nodeSelection out',
    ]);
  });
});

describe('the library\'s own rules', () => {
  test('a model store KServe\'s LLMInferenceService does not read', () => {
    expect(problems({ model: ModelSource.fromGcs('gs://models/llama') })).toEqual([
      '\'model\' is "gs://models/llama": KServe\'s LLMInferenceService reads only hf://, s3://, oci://, pvc:// models. '
      + 'Use ModelSource.fromHuggingFace, fromS3, fromOci or fromPvc (a ModelCache included)',
    ]);
  });

  test('names, images, env, vLLM arguments, resources and placement', () => {
    expect(problems({
      metadata: { name: '1llm' },
      servedModelName: 'has space',
      image: 'bad image',
      env: { '1BAD': 'x', 'VLLM_ADDITIONAL_ARGS': '--x' },
      vllmArgs: ['--y', ''],
      resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } },
      gpu: { count: 1, nodeSelection: GpuNodeSelection.ACCELERATOR_ANNOTATION, types: [GpuType.L4] },
      serviceAccountName: 'Bad',
    })).toEqual([
      '\'metadata.name\' is "1llm": must be at most 63 lowercase letters, digits and \'-\', starting with a letter: KServe names Services after it. Rename the service',
      '\'serviceAccountName\' is "Bad": must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')',
      '\'servedModelName\' is "has space": must be a model name: letters, digits, \'_\', \'.\', \':\', \'/\', \'@\', \'+\' and \'-\'. For example "Qwen/Qwen2.5-7B-Instruct"',
      '\'gpu.nodeSelection\' is "accelerator-annotation": LLMInferenceService has no accelerator annotation: only the InferenceService webhook reads it. '
      + 'Use GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY',
      '\'image\' is "bad image": must be an image reference without white space',
      '\'env\' is "1BAD": an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit',
      '\'env\' is "VLLM_ADDITIONAL_ARGS": is written from vllmArgs. Give the arguments in vllmArgs only',
      '\'vllmArgs\' is "": must be non-empty strings',
      '\'resources.memory.request\' is "2Gi": must not exceed the limit 1Gi. Raise the limit or lower the request',
    ]);
  });

  test('a model that is not a ModelSource, from JavaScript', () => {
    expect(problems({ model: 'hf://org/model' as any })).toEqual([
      '\'model\' is "hf://org/model": must be a ModelSource. For example ModelSource.fromHuggingFace("Qwen/Qwen2.5-7B-Instruct")',
    ]);
  });

  test('a string that would read back as a number is refused: Kubernetes would read "+0o7" as 7', () => {
    expect(problems({ env: { VLLM_LOGGING_LEVEL: '+0o7' } })).toEqual([
      '\'env.VLLM_LOGGING_LEVEL\' is "+0o7": cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for the number 7. Write it another way: cdk8s quotes only the forms of YAML 1.1',
    ]);
    expect(problems({ prefill: { podAnnotations: { 'example.com/level': '+0o7' } } })).toEqual([
      '\'prefill.podAnnotations.example.com/level\' is "+0o7": cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for the number 7. Write it another way: cdk8s quotes only the forms of YAML 1.1',
    ]);
  });

  test('values of the wrong type from JavaScript get the library\'s errors, naming each', () => {
    expect(problems({
      replicas: '2' as never,
      scaling: { maxReplicas: 2, actuator: 'KEDA' as never },
      prefill: { gpu: { count: '1' as never } },
      kvCacheOffloading: { cpu: 10 as never, secondaryTiers: ['tier' as never] },
      lora: { adapters: [{ name: 'sql', source: 'hf://org/sql' as never }] },
      router: { scheduler: { config: { name: 'epp' } as never } },
    })).toEqual([
      '\'replicas\' is "2": must be a number',
      '\'scaling.actuator\' is "KEDA": must be a WvaActuator: "hpa", "keda". For example WvaActuator.KEDA',
      '\'kvCacheOffloading.cpu\' is 10: must be a Size. For example Size.gibibytes(10)',
      '\'kvCacheOffloading.secondaryTiers[0]\' is "tier": must be a KvCacheTier. For example KvCacheTier.emptyDir(Size.gibibytes(100))',
      '\'lora.adapters[0].source\' is "hf://org/sql": must be a ModelSource. For example ModelSource.fromHuggingFace("Qwen/Qwen2.5-7B-Instruct")',
      '\'prefill.gpu.count\' is "1": must be a number',
      '\'router.scheduler.config.key\' is undefined: is required: a string',
    ]);
  });

  test('the KvCacheTier factories check their arguments', () => {
    expect(() => KvCacheTier.emptyDir(100 as never)).toThrow(new Error('Invalid KvCacheTier:\n  - \'size\' is 100: must be a Size. For example Size.gibibytes(10)'));
    expect(() => KvCacheTier.persistentVolumeClaim('kv', 7 as never)).toThrow(new Error('Invalid KvCacheTier:\n  - \'path\' is 7: must be a string'));
  });

  test('InferenceService refuses the LLMInferenceService API with a pointer to the construct', () => {
    expect(() => new InferenceService(testChart(), 'Service', { api: ServingApi.KSERVE_LLM_V1ALPHA2, modelFormat: ModelFormat.HUGGINGFACE, model: MODEL }))
      .toThrow('\'api\' is "serving.kserve.io/v1alpha2 LLMInferenceService": is written by the LLMInferenceService construct, '
        + 'whose spec (router, prefill, parallelism) InferenceService does not have. Use new LLMInferenceService(...)');
  });
});

describe('model caches', () => {
  test('a ModelCache on a single-attach volume cannot serve the pods of a multi-node replica', () => {
    // GIVEN
    const chart = testChart('llm');
    const cache = new ModelCache(chart, 'Weights', {
      source: ModelSource.fromHuggingFace('org/big'), modelSize: Size.gibibytes(400), accessMode: PersistentVolumeAccessMode.READ_WRITE_ONCE,
    });

    // WHEN
    new LLMInferenceService(chart, 'Big', {
      model: ModelSource.fromModelCache(cache),
      gpu: { types: [GpuType.H100_80GB_SXM], count: 8 },
      parallelism: { pipeline: 2, tensor: 8 },
      worker: {},
    });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Big\] .*the volume of test\/Weights mounts on one node at a time, but test\/Big can run up to 2 replicas/);
  });

  test('the GPU memory of all pods of a replica holds the model', () => {
    const chart = testChart('llm');
    const cache = new ModelCache(chart, 'Weights', { source: ModelSource.fromHuggingFace('org/big'), modelSize: Size.gibibytes(1500) });
    new LLMInferenceService(chart, 'Big', {
      model: ModelSource.fromModelCache(cache, 'big'),
      gpu: { types: [GpuType.H100_80GB_SXM], count: 8 },
      parallelism: { pipeline: 2, tensor: 8 },
      worker: {},
      replicas: 1,
    });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Big\] .*larger than the GPU memory of one replica of test\/Big \(1280Gi\)/);
  });

  test('a LocalModelCache is read by the LLMInferenceService controller', () => {
    // GIVEN
    const chart = testChart('llm');
    const group = new LocalModelNodeGroup(chart, 'Nodes', { storageLimit: Size.gibibytes(500), localPath: '/models', nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } });
    const cache = new LocalModelCache(chart, 'Local', { source: MODEL, modelSize: Size.gibibytes(16), nodeGroups: [group] });

    // WHEN
    new LLMInferenceService(chart, 'Qwen', { model: ModelSource.fromModelCache(cache), gpu: { types: [GpuType.H100_80GB_SXM] } });

    // THEN
    const manifests = synthValid(chart);
    expect(manifests.find((m) => m.kind === 'LLMInferenceService').spec.model.uri).toBe('hf://Qwen/Qwen2.5-7B-Instruct');
  });
});

describe('golden manifests, reviewed by hand', () => {
  test.each(['single-node', 'prefill-decode', 'multi-node', 'lora'])('llm-%s', (name) => {
    const chart = EXAMPLES[`llm-${name}`](Testing.app(), `llm-${name}`);
    const manifests = synthValid(chart);
    expectRestrictedPods(manifests);
    const golden = parseAllDocuments(readFileSync(join(__dirname, 'golden', `llm-inference-service-${name}.yaml`), 'utf8')).map((d) => d.toJS());
    expect(manifests).toEqual(golden);
  });
});
