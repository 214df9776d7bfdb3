/**
 * llm-prefill-decode: Llama 3.1 70B Instruct with prefill/decode disaggregation. Two prefill
 * replicas process prompts and hand the KV cache to the decode replicas over NIXL (RDMA); the
 * scheduler sends each request to a prefill and a decode pod. Both workloads autoscale through
 * KServe's Workload Variant Autoscaler with KEDA, which must be the same actuator for both
 * (KServe's docs/samples/llmisvc/single-node-gpu/llm-inference-service-pd-qwen2-7b-gpu.yaml).
 * The model is read from a volume a ModelCache fills once.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, PersistentVolumeAccessMode } from 'cdk8s-plus-27';
import { GpuType, LLMInferenceService, ModelCache, ModelSource, WvaActuator } from '../src';

/** vLLM's KV transfer between the prefill and the decode pods. */
const KV_TRANSFER = ['--kv-transfer-config', '{"kv_connector":"NixlConnector","kv_role":"kv_both"}'];
/** NIXL's side channel listens on the pod's own IP. */
const NIXL_HOST = { VLLM_NIXL_SIDE_CHANNEL_HOST: 'status.podIP' };

export function llmPrefillDecode(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  const weights = new ModelCache(chart, 'Weights', {
    source: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-70B-Instruct', { token: { secretName: 'hf-token', key: 'HF_TOKEN' } }),
    modelSize: Size.gibibytes(140),
    accessMode: PersistentVolumeAccessMode.READ_WRITE_MANY,
    storageClassName: 'shared-nvme',
  });
  const gpu = { types: [GpuType.H100_80GB_SXM], count: 4 };
  new LLMInferenceService(chart, 'Llama', {
    metadata: { name: 'llama-70b-pd' },
    model: ModelSource.fromModelCache(weights),
    servedModelName: 'meta-llama/Llama-3.1-70B-Instruct',
    gpu,
    parallelism: { tensor: 4 },
    resources: { cpu: { request: Cpu.units(16) }, memory: { request: Size.gibibytes(256) } },
    vllmArgs: KV_TRANSFER,
    fieldEnv: NIXL_HOST,
    scaling: { minReplicas: 1, maxReplicas: 4, actuator: WvaActuator.KEDA, initialCooldownPeriod: Duration.minutes(10) },
    prefill: {
      gpu,
      parallelism: { tensor: 4 },
      vllmArgs: KV_TRANSFER,
      fieldEnv: NIXL_HOST,
      scaling: { minReplicas: 2, maxReplicas: 8, actuator: WvaActuator.KEDA, initialCooldownPeriod: Duration.minutes(10) },
    },
    router: { gateways: [{ name: 'inference-gateway', namespace: 'gateways' }] },
  });
  return chart;
}
