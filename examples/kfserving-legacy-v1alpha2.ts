/**
 * kfserving-legacy-v1alpha2: the same GPT-2 service on the seed guide's own API,
 * `serving.kubeflow.org/v1alpha2`, for clusters that still run KFServing <= 0.6. That API has
 * no node selectors, so the GPU class is chosen with the `serving.kubeflow.org/gke-accelerator`
 * annotation (a single value), and `parallelism` carries the one-request-per-GPU limit. The
 * TensorFlow image is a `-gpu` build because a GPU is requested.
 */
import { App, Chart } from 'cdk8s';
import { GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, ModelFormat, ModelSource, ServingApi } from '../src';

export function kfservingLegacyV1alpha2(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Gpt2', {
    metadata: { name: 'gpt2-legacy' },
    api: ServingApi.KFSERVING_V1ALPHA2,
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '1.14.0-gpu',
    model: ModelSource.fromS3('s3://tensorflow-models/gpt-2/124M', { credentials: { secretName: 's3-credentials' } }),
    gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    autoscaling: new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 2 }),
  });
  return chart;
}
