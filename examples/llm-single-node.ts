/**
 * llm-single-node: Qwen2.5 7B Instruct on KServe's LLMInferenceService, three replicas of one
 * GPU each behind the Gateway API, with llm-d's inference scheduler picking the replica for each
 * request (KServe's docs/samples/llmisvc/single-node-gpu). KServe's presets bring the vLLM image,
 * the probes and the volumes; the chart says only what differs.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuType, LLMInferenceService, ModelSource, TaintEffect } from '../src';

export function llmSingleNode(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  new LLMInferenceService(chart, 'Qwen', {
    metadata: { name: 'qwen2-7b-instruct' },
    model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct', { revision: 'a09a35458c702b33eeacc393d103063234e8bc28' }),
    servedModelName: 'Qwen/Qwen2.5-7B-Instruct',
    replicas: 3,
    gpu: {
      types: [GpuType.L40S, GpuType.A100_80GB_SXM],
      tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
    },
    resources: { cpu: { request: Cpu.units(4) }, memory: { request: Size.gibibytes(32) } },
    vllmArgs: ['--max-model-len', '16384', '--enable-prefix-caching'],
    router: {},
  });
  return chart;
}
