/**
 * kfserving-v1alpha2-canary: a canary rollout on a KFServing 0.4 cluster, which still serves
 * `spec.canary` on serving.kubeflow.org/v1alpha2. The service's props describe the new model
 * (`spec.canary`, 20 % of the traffic); `canary.stableModel` is the one `spec.default` keeps
 * serving.
 */
import { App, Chart } from 'cdk8s';
import { GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, KfservingVersion, ModelFormat, ModelSource, ServingApi } from '../src';

export function kfservingV1alpha2Canary(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Gpt2', {
    metadata: { name: 'gpt2-canary' },
    api: ServingApi.KFSERVING_V1ALPHA2,
    kfservingVersion: KfservingVersion.V0_4,
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '1.14.0-gpu',
    model: ModelSource.fromS3('s3://tensorflow-models/gpt-2/355M'),
    canary: { trafficPercent: 20, stableModel: ModelSource.fromS3('s3://tensorflow-models/gpt-2/124M') },
    gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    autoscaling: new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 2 }),
  });
  return chart;
}
