/**
 * hf-llm: Llama 3.1 8B Instruct from the Hugging Face Hub on KServe's Hugging Face runtime
 * (vLLM backend), on one 80 GB GPU found by NVIDIA GPU feature discovery. The gated model's
 * token comes from an existing Secret and reaches the server only as a reference. The GPU
 * nodes are tainted, as the GPU Operator does, so the pods tolerate `nvidia.com/gpu`. The runtime's
 * LLM profile lets vLLM batch (containerConcurrency 0, a target of 256 requests in flight) and
 * gives it a startup probe; CPU and memory are the example's own.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuType, InferenceService, ModelFormat, ModelSource, TaintEffect } from '../src';

export function hfLlm(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  new InferenceService(chart, 'Llama', {
    metadata: { name: 'llama-31-8b' },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', {
      revision: '0e9e39f249a16976918f6564b8830bc894c89659',
      token: { secretName: 'hf-token', key: 'HF_TOKEN' },
    }),
    args: ['--model_name=llama-31-8b', '--max_model_len=8192', '--gpu_memory_utilization=0.9'],
    resources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(48) } },
    gpu: {
      types: [GpuType.A100_80GB_SXM, GpuType.H100_80GB_SXM],
      tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
    },
    timeout: Duration.minutes(5),
  });
  return chart;
}
