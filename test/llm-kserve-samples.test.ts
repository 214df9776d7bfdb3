/**
 * KServe's own LLMInferenceService samples (kserve/kserve docs/samples/llmisvc), written with typed
 * props. Each test holds the sample's spec (what it says about the model, the workloads and the
 * router) and checks that the construct writes it; what the construct adds (the restricted
 * security context) is allowed, and what a sample has that typed props cannot express is left out
 * here and listed in the README's Known limitations.
 */
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuProvider, GpuType, LLMInferenceService, LLMInferenceServiceProps, ModelSource } from '../src';
import { synthValid, testChart } from './support/synth';

function written(props: LLMInferenceServiceProps, namespace?: string): any {
  const chart = testChart(namespace);
  new LLMInferenceService(chart, 'Sample', props);
  return synthValid(chart).find((m) => m.kind === 'LLMInferenceService');
}

/** The sample's environment, in any order (no variable refers to another). */
function env(vars: object[]): any {
  return expect.arrayContaining(vars.map((v) => expect.objectContaining(v)));
}

test('single-node-gpu/llm-inference-service-qwen2-7b-gpu.yaml (its liveness probe override aside)', () => {
  const object = written({
    metadata: { name: 'qwen2-7b-instruct-single' },
    model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct'),
    servedModelName: 'Qwen/Qwen2.5-7B-Instruct',
    replicas: 3,
    router: {},
    gpu: { count: 1 },
    resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(4) }, memory: { request: Size.gibibytes(16), limit: Size.gibibytes(32) } },
  });
  expect(object.spec).toMatchObject({
    model: { uri: 'hf://Qwen/Qwen2.5-7B-Instruct', name: 'Qwen/Qwen2.5-7B-Instruct' },
    replicas: 3,
    router: { scheduler: {}, route: {}, gateway: {} },
    template: {
      containers: [{
        name: 'main',
        resources: {
          limits: { 'cpu': '4', 'memory': '32Gi', 'nvidia.com/gpu': '1' },
          requests: { 'cpu': '2', 'memory': '16Gi', 'nvidia.com/gpu': '1' },
        },
      }],
    },
  });
});

test('lora-adapters/test-examples/02-lora-multi-hf-cpu.yaml (its probe overrides aside)', () => {
  const object = written({
    metadata: { name: 'lora-multi-hf-test' },
    model: ModelSource.fromHuggingFace('facebook/opt-125m'),
    servedModelName: 'facebook/opt-125m',
    lora: {
      adapters: [
        { name: 'adapter-1', source: ModelSource.fromHuggingFace('edbeeching/opt-125m-lora') },
        { name: 'adapter-2', source: ModelSource.fromHuggingFace('edbeeching/opt-125m-lora') },
      ],
      maxRank: 64,
      maxAdapters: 2,
      maxCpuAdapters: 4,
    },
    replicas: 1,
    router: {},
    image: 'vllm/vllm-openai-cpu:v0.19.0',
    env: { VLLM_LOGGING_LEVEL: 'DEBUG', VLLM_CPU_KVCACHE_SPACE: '1' },
    resources: { cpu: { request: Cpu.millis(200), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(7) } },
  }, 'kserve-ci-e2e-test');
  expect(object.metadata).toEqual({ name: 'lora-multi-hf-test', namespace: 'kserve-ci-e2e-test' });
  expect(object.spec).toMatchObject({
    model: {
      uri: 'hf://facebook/opt-125m',
      name: 'facebook/opt-125m',
      lora: {
        adapters: [{ name: 'adapter-1', uri: 'hf://edbeeching/opt-125m-lora' }, { name: 'adapter-2', uri: 'hf://edbeeching/opt-125m-lora' }],
        maxRank: 64,
        maxAdapters: 2,
        maxCpuAdapters: 4,
      },
    },
    replicas: 1,
    router: { scheduler: {}, route: {}, gateway: {} },
    template: {
      containers: [{
        name: 'main',
        image: 'vllm/vllm-openai-cpu:v0.19.0',
        env: [{ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }, { name: 'VLLM_CPU_KVCACHE_SPACE', value: '1' }],
        resources: { limits: { cpu: '2', memory: '7Gi' }, requests: { cpu: '200m', memory: '2Gi' } },
      }],
    },
  });
});

test('dp-ep/qwen3-nvidia/llm-inference-service-dp-ep-multi-qwen-gpu-simple.yaml (RDMA resources, hostPath volumes and per-node selectors aside)', () => {
  const networks = '[\n  {\n    "name": "multi-nic-compute",\n    "namespace": "openshift-sriov-network-operator"\n  }\n]\n';
  const environment = {
    VLLM_LOGGING_LEVEL: 'INFO',
    KSERVE_INFER_ROCE: 'true',
    CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
    VLLM_ADDITIONAL_ARGS: '--gpu-memory-utilization 0.85 --max-model-len 8192 --enforce-eager',
    PYTORCH_CUDA_ALLOC_CONF: 'expandable_segments:True',
    NCCL_IB_GID_INDEX: '3',
    NCCL_DEBUG: 'INFO',
    NVSHMEM_DISABLE: '1',
  };
  const object = written({
    metadata: { name: 'qwen3-coder-30b-a3b-instruct', annotations: { 'k8s.v1.cni.cncf.io/networks': networks } },
    model: ModelSource.fromHuggingFace('Qwen/Qwen3-Coder-30B-A3B-Instruct'),
    servedModelName: 'Qwen/Qwen3-Coder-30B-A3B-Instruct',
    replicas: 1,
    parallelism: { data: 16, dataLocal: 8, expert: true, tensor: 1 },
    router: {},
    serviceAccountName: 'hfsa',
    env: environment,
    gpu: { count: 8 },
    resources: {
      cpu: { request: Cpu.units(64), limit: Cpu.units(128) },
      memory: { request: Size.gibibytes(256), limit: Size.gibibytes(512) },
      ephemeralStorage: { request: Size.gibibytes(32), limit: Size.gibibytes(64) },
    },
    worker: {},
  });
  const pod = {
    serviceAccountName: 'hfsa',
    containers: [{
      name: 'main',
      env: env(Object.entries(environment).map(([name, value]) => ({ name, value }))),
      resources: {
        limits: { 'cpu': '128', 'ephemeral-storage': '64Gi', 'memory': '512Gi', 'nvidia.com/gpu': '8' },
        requests: { 'cpu': '64', 'ephemeral-storage': '32Gi', 'memory': '256Gi', 'nvidia.com/gpu': '8' },
      },
    }],
  };
  expect(object.metadata.annotations).toEqual({ 'k8s.v1.cni.cncf.io/networks': networks });
  expect(object.spec).toMatchObject({
    model: { uri: 'hf://Qwen/Qwen3-Coder-30B-A3B-Instruct', name: 'Qwen/Qwen3-Coder-30B-A3B-Instruct' },
    replicas: 1,
    parallelism: { data: 16, dataLocal: 8, expert: true, tensor: 1 },
    router: { scheduler: {}, route: {}, gateway: {} },
    template: pod,
    worker: pod,
  });
});

test('single-node-gpu/llm-inference-service-pd-qwen2-7b-gpu.yaml (its RDMA resource and probe overrides aside)', () => {
  const kv = {
    env: { KSERVE_INFER_ROCE: 'true', UCX_PROTO_INFO: 'y', UCX_TLS: 'rc,sm,self,cuda_copy,cuda_ipc' },
    fieldEnv: { VLLM_NIXL_SIDE_CHANNEL_HOST: 'status.podIP' },
    vllmArgs: ['--kv_transfer_config', '{"kv_connector":"NixlConnector","kv_role":"kv_both"}'],
    gpu: { count: 1 },
    resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(4) }, memory: { request: Size.gibibytes(16), limit: Size.gibibytes(32) } },
  };
  const object = written({
    metadata: { name: 'qwen2-7b-instruct-pd', annotations: { 'k8s.v1.cni.cncf.io/networks': 'roce-p2' } },
    model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct'),
    servedModelName: 'Qwen/Qwen2.5-7B-Instruct',
    replicas: 1,
    router: {},
    ...kv,
    prefill: { replicas: 2, ...kv },
  });
  const pod = {
    containers: [{
      name: 'main',
      env: env([
        { name: 'KSERVE_INFER_ROCE', value: 'true' },
        { name: 'VLLM_NIXL_SIDE_CHANNEL_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'VLLM_ADDITIONAL_ARGS', value: '--kv_transfer_config \'{"kv_connector":"NixlConnector","kv_role":"kv_both"}\'' },
        { name: 'UCX_PROTO_INFO', value: 'y' },
        { name: 'UCX_TLS', value: 'rc,sm,self,cuda_copy,cuda_ipc' },
      ]),
      resources: {
        limits: { 'cpu': '4', 'memory': '32Gi', 'nvidia.com/gpu': '1' },
        requests: { 'cpu': '2', 'memory': '16Gi', 'nvidia.com/gpu': '1' },
      },
    }],
  };
  expect(object.spec).toMatchObject({
    replicas: 1, router: { route: {}, gateway: {}, scheduler: {} }, template: pod, prefill: { replicas: 2, template: pod },
  });
  expect(object.spec.template.containers[0].env).toHaveLength(5);
});

test('multi-gpu-vendor/llm-inference-service-qwen2-7b-amd-scheduler-ref.yaml, option 2: AMD GPUs joining another service\'s InferencePool', () => {
  // The sample requests amd.com/gpu by count; a type names the resource, and its node label adds node affinity the sample leaves out.
  const mi300x = GpuType.custom({ name: 'AMD Instinct MI300X', memory: Size.gibibytes(192), resourceName: 'amd.com/gpu', customLabelValue: 'AMD_Instinct_MI300X' });
  const object = written({
    metadata: { name: 'qwen2-7b-instruct-amd' },
    model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct'),
    servedModelName: 'Qwen/Qwen2.5-7B-Instruct',
    replicas: 2,
    router: { gatewayRoute: false, scheduler: { inferencePoolName: 'qwen2-7b-instruct-nvidia-inference-pool' } },
    image: 'ghcr.io/llm-d/llm-d-rocm:v0.6.0',
    gpu: { types: [mi300x], provider: GpuProvider.nodeLabel('amd.com/gpu.product-name') },
    resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(4) }, memory: { request: Size.gibibytes(16), limit: Size.gibibytes(32) } },
  });
  expect(object.spec.router).toEqual({ scheduler: { pool: { ref: { name: 'qwen2-7b-instruct-nvidia-inference-pool' } } } });
  expect(object.spec).toMatchObject({
    replicas: 2,
    template: {
      containers: [{
        name: 'main',
        image: 'ghcr.io/llm-d/llm-d-rocm:v0.6.0',
        resources: { limits: { 'cpu': '4', 'memory': '32Gi', 'amd.com/gpu': '1' }, requests: { 'cpu': '2', 'memory': '16Gi', 'amd.com/gpu': '1' } },
      }],
    },
  });
});
