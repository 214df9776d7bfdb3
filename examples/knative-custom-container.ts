/**
 * knative-custom-container: a vLLM server as a plain Knative Service, the way recent GPU-cloud
 * LLM examples deploy without KServe. The weights are read from a shared PVC mounted at
 * /mnt/models, the GPU is an A40 or RTX A6000 in one region, and the autoscaling annotations go
 * on the revision template. The cluster must enable the Knative feature flags listed in
 * `requiredKnativeFeatures` (see the platform-knative-config example).
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuProvider, GpuType, InferenceService, ModelSource, ServingApi } from '../src';

export function knativeCustomContainer(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Mistral', {
    metadata: { name: 'mistral-7b' },
    api: ServingApi.KNATIVE_SERVICE,
    container: {
      image: 'vllm/vllm-openai:v0.6.3',
      args: ['--model=/mnt/models', '--served-model-name=mistral-7b', '--port=8080'],
      port: 8080,
    },
    model: ModelSource.fromPvc('model-cache', 'mistral-7b-instruct'),
    resources: { cpu: { request: Cpu.units(6) }, memory: { request: Size.gibibytes(32) } },
    gpu: { types: [GpuType.A40, GpuType.RTX_A6000], provider: GpuProvider.COREWEAVE, regions: ['LAS1'] },
    timeout: Duration.minutes(10),
  });
  return chart;
}
