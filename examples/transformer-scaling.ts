/**
 * transformer-scaling: a CPU transformer that scales on its own bounds in front of a GPU
 * predictor, on each InferenceService API, every container under the restricted Pod Security
 * profile. Both scale to zero; the transformer runs up to 8 replicas of 8 requests at a time
 * while the predictor runs up to 2 GPUs of one request each. KServe (>= 0.11) carries the
 * transformer's Knative settings in its own `annotations`; the KFServing APIs have none per
 * component, so there the transformer keeps the predictor's preset and sets only its typed
 * bounds (`minReplicas`, `maxReplicas`, `containerConcurrency` or v1alpha2 `parallelism`).
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import {
  AutoscalingPreset, GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, ModelFormat, ModelSource, ServingApi, TransformerOptions,
} from '../src';

export function transformerScaling(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  const predictorScaling = new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 2 });
  const transformer = (autoscaling: GpuAutoscalingPolicy): TransformerOptions => ({
    container: { image: 'ghcr.io/example/gpt2-tokenizer:1.0.0' },
    resources: { cpu: { request: Cpu.units(1) }, memory: { request: Size.gibibytes(1) } },
    autoscaling,
  });
  // KFServing: same preset as the predictor, own bounds and concurrency.
  const kfservingTransformer = transformer(new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 8, containerConcurrency: 8 }));

  // v1alpha2 framework predictors have no security context: a custom container runs restricted.
  new InferenceService(chart, 'Gpt2V1alpha2', {
    metadata: { name: 'gpt2-v1alpha2' },
    api: ServingApi.KFSERVING_V1ALPHA2,
    container: {
      image: 'tensorflow/serving:1.14.0-gpu',
      args: ['--model_name=gpt2', '--model_base_path=/mnt/models', '--rest_api_port=8080'],
    },
    model: ModelSource.fromPvc('model-storage', 'gpt-2/124M'),
    gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    autoscaling: predictorScaling,
    transformer: kfservingTransformer,
  });
  new InferenceService(chart, 'Gpt2Kfserving', {
    metadata: { name: 'gpt2-kfserving' },
    api: ServingApi.KFSERVING_V1BETA1,
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '1.14.0-gpu',
    model: ModelSource.fromPvc('model-storage', 'gpt-2/124M'),
    gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    autoscaling: predictorScaling,
    transformer: kfservingTransformer,
  });
  // KServe: a CPU preset of its own, carried in the transformer's annotations.
  new InferenceService(chart, 'Gpt2Kserve', {
    metadata: { name: 'gpt2-kserve' },
    modelFormat: ModelFormat.TENSORFLOW,
    runtimeVersion: '2.14.0-gpu',
    model: ModelSource.fromPvc('model-storage', 'gpt-2/savedmodel'),
    gpu: { types: [GpuType.V100_16GB], provider: GpuProvider.COREWEAVE },
    autoscaling: predictorScaling,
    transformer: transformer(new GpuAutoscalingPolicy({
      preset: AutoscalingPreset.KNATIVE_DEFAULTS,
      minReplicas: 0,
      maxReplicas: 8,
      containerConcurrency: 8,
      scaleToZeroPodRetention: Duration.minutes(1),
    })),
  });
  return chart;
}
