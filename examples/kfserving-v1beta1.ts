/**
 * kfserving-v1beta1: an image classifier on legacy KFServing `serving.kubeflow.org/v1beta1`
 * (KFServing 0.5/0.6), as on GPU clouds that never moved to KServe: a TensorFlow model on a
 * shared PVC, a CoreWeave V100 chosen by node affinity, scale to zero, and a CPU transformer
 * that decodes images in front of the GPU predictor.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, ModelFormat, ModelSource, ServingApi } from '../src';

export function kfservingV1beta1(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Classifier', {
    metadata: { name: 'image-classifier' },
    api: ServingApi.KFSERVING_V1BETA1,
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '2.1.0-gpu',
    model: ModelSource.fromPvc('model-storage', 'inception'),
    resources: { cpu: { request: Cpu.units(2) }, memory: { request: Size.gibibytes(8) } },
    gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    autoscaling: new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 3 }),
    transformer: {
      container: { image: 'ghcr.io/example/image-transformer:1.2.0', args: ['--predictor_host=image-classifier-predictor-default'] },
    },
  });
  return chart;
}
