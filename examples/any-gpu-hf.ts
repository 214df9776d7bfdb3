/**
 * any-gpu-hf: Qwen 2.5 7B Instruct from the Hugging Face Hub (`hf://`) on KServe's Hugging Face
 * runtime (vLLM), on one GPU of any type: `gpu: { count: 1 }` writes only the `nvidia.com/gpu`
 * limit, so no node label and no Knative feature flag is needed. The LLM profile, the runtime's
 * default, sizes CPU (6 per GPU) and memory (1.5 x the 15 GiB of weights), lets the server batch
 * (containerConcurrency 0, a target of 256 in-flight requests, vLLM's max_num_seqs) and gives it
 * a startup probe sized from the estimated load time.
 */
import { App, Chart, Size } from 'cdk8s';
import { InferenceService, ModelFormat, ModelSource } from '../src';

export function anyGpuHf(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  new InferenceService(chart, 'Qwen', {
    metadata: { name: 'qwen25-7b' },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct', { revision: 'a09a35458c702b33eeacc393d103063234e8bc28' }),
    modelSize: Size.gibibytes(15),
    args: ['--model_name=qwen25-7b', '--max_model_len=8192'],
    gpu: { count: 1 },
  });
  return chart;
}
