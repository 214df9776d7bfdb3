/**
 * llm-multi-node: DeepSeek R1 over two 8-GPU H200 nodes with data and expert parallelism (wide
 * EP): 16 data parallel ranks, 8 in each pod, so each replica is a head pod and one worker pod
 * (a LeaderWorkerSet), each pod with 8 GPUs (KServe's docs/samples/llmisvc/dp-ep). The GPU count
 * of each pod is checked against tensor x dataLocal, and the pod count against the worker.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuType, LLMInferenceService, ModelSource, TaintEffect } from '../src';

export function llmMultiNode(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  new LLMInferenceService(chart, 'DeepSeek', {
    metadata: { name: 'deepseek-r1' },
    model: ModelSource.fromHuggingFace('deepseek-ai/DeepSeek-R1-0528'),
    servedModelName: 'deepseek-ai/DeepSeek-R1',
    replicas: 1,
    parallelism: { data: 16, dataLocal: 8, tensor: 1, expert: true },
    gpu: {
      types: [GpuType.H200_141GB],
      count: 8,
      tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
    },
    resources: {
      cpu: { request: Cpu.units(64), limit: Cpu.units(128) },
      memory: { request: Size.gibibytes(512) },
      ephemeralStorage: { request: Size.gibibytes(64) },
    },
    env: { VLLM_LOGGING_LEVEL: 'INFO' },
    vllmArgs: ['--gpu-memory-utilization', '0.9', '--max-model-len', '32768'],
    worker: {},
    router: {},
  });
  return chart;
}
