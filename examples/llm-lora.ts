/**
 * llm-lora: Llama 3.1 8B Instruct with two LoRA adapters, served under their own names next to
 * the base model (KServe's docs/samples/llmisvc/lora-adapters). Requests pick an adapter by its
 * name in the `model` field; the scheduler and WVA's HPA actuator do the rest. The adapters'
 * names must differ from each other and from the base model's.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuType, LLMInferenceService, ModelSource, WvaActuator } from '../src';

export function llmLora(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  new LLMInferenceService(chart, 'Llama', {
    metadata: { name: 'llama-8b-lora' },
    model: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', { token: { secretName: 'hf-token', key: 'HF_TOKEN' } }),
    servedModelName: 'llama-3.1-8b',
    lora: {
      adapters: [
        { name: 'sql', source: ModelSource.fromHuggingFace('acme/llama-3.1-8b-sql-lora') },
        { name: 'support', source: ModelSource.fromS3('s3://acme-adapters/llama-3.1-8b/support') },
      ],
      maxRank: 64,
    },
    gpu: { types: [GpuType.L4, GpuType.A10G] },
    resources: { cpu: { request: Cpu.units(4) }, memory: { request: Size.gibibytes(24) } },
    scaling: { minReplicas: 1, maxReplicas: 6, actuator: WvaActuator.HPA },
    router: { scheduler: { replicas: 2 } },
  });
  return chart;
}
