/**
 * local-model-cache: KServe's node-local model cache (KServe >= 0.15, with `localModel`
 * enabled in inferenceservice-config). A LocalModelNodeGroup declares the local NVMe of the
 * A100 nodes; a LocalModelCache keeps Llama 3 8B on each of them; the InferenceService names the
 * model by its Hugging Face URI, and KServe substitutes the node-local copy and pins the pods to
 * the group's nodes. Both cache objects are cluster-scoped.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuType, InferenceService, LocalModelCache, LocalModelNodeGroup, ModelFormat, ModelSource } from '../src';

export function localModelCache(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  const a100Nodes = new LocalModelNodeGroup(chart, 'A100Nodes', {
    storageLimit: Size.gibibytes(1700),
    localPath: '/mnt/models',
    nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
  });
  const llama = new LocalModelCache(chart, 'Llama3', {
    source: ModelSource.fromHuggingFace('meta-llama/Meta-Llama-3-8B-Instruct'),
    modelSize: Size.gibibytes(16),
    nodeGroups: [a100Nodes],
  });
  new InferenceService(chart, 'Llama', {
    metadata: { name: 'llama3-8b' },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromModelCache(llama),
    resources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(48) } },
    gpu: { types: [GpuType.A100_80GB_SXM] },
  });
  return chart;
}
