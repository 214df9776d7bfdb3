/**
 * coreweave-gpt2-s3: the seed guide's scenario on today's API. GPT-2 (a TensorFlow SavedModel)
 * is read from an S3-compatible bucket with credentials from an existing Secret, served on a
 * CoreWeave V100 or RTX 5000 in region ORD1, and scaled to zero when idle. KServe reads the
 * credentials through a ServiceAccount that lists the Secret; the GPU-tuned autoscaling
 * defaults (180s window, 90% utilization, one request per GPU, 30 min keep-warm) are written
 * on the service.
 */
import { App, Chart } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Size } from 'cdk8s';
import { GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, ModelFormat, ModelSource } from '../src';

export function coreweaveGpt2S3(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Gpt2', {
    metadata: { name: 'gpt2-s3', labels: { 'qos.coreweave.cloud/latency': 'low' } },
    modelFormat: ModelFormat.TENSORFLOW,
    model: ModelSource.fromS3('s3://tensorflow-models/gpt-2/124M', {
      credentials: { secretName: 's3-credentials' },
      endpoint: 'object.ord1.coreweave.com',
      region: 'ORD1',
    }),
    resources: { cpu: { request: Cpu.units(4) }, memory: { request: Size.gibibytes(16) } },
    gpu: { types: [GpuType.V100_16GB, GpuType.QUADRO_RTX_5000], provider: GpuProvider.COREWEAVE, regions: ['ORD1'] },
    autoscaling: new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 10 }),
  });
  return chart;
}
