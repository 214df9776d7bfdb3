/**
 * llm-tensor-parallel: Llama 3.1 70B Instruct on four H100s in CoreWeave's LAS1 region, read from
 * a ModelCache whose model sits at the volume root. The loader Job runs in LAS1 because the
 * storage class says so, and the server's pods wait in an init container until the loader has
 * written its completion marker. The LLM profile gives the pods 24 CPUs (6 per GPU), 1.5 x the
 * model size in memory plus a 2Gi memory-backed /dev/shm for tensor parallelism, a batching
 * concurrency target and a startup probe and progress deadline sized from the load time.
 */
import { App, Chart, Size } from 'cdk8s';
import { GpuProvider, GpuType, InferenceService, ModelCache, ModelFormat, ModelSource } from '../src';

export function llmTensorParallel(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  const cache = new ModelCache(chart, 'Llama70bWeights', {
    claimName: 'llama-31-70b-weights',
    source: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-70B-Instruct', {
      revision: '945c8663693130f8be2ee66210e062158b2a9693',
      token: { secretName: 'hf-token', key: 'HF_TOKEN' },
    }),
    modelSize: Size.gibibytes(132),
    modelDirectory: '',
    storageClassName: 'shared-nvme-las1',
  });
  new InferenceService(chart, 'Llama70b', {
    metadata: { name: 'llama-31-70b' },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromModelCache(cache),
    args: ['--model_name=llama-31-70b', '--tensor-parallel-size=4', '--max_model_len=16384'],
    gpu: { types: [GpuType.H100_80GB_SXM], count: 4, provider: GpuProvider.COREWEAVE, regions: ['LAS1'] },
  });
  return chart;
}
