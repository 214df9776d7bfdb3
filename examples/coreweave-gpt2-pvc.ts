/**
 * coreweave-gpt2-pvc: the seed guide's cached scenario. A ReadWriteMany volume on CoreWeave's
 * shared NVMe storage in ORD1 is filled once from S3 by a loader Job (idempotent, restricted
 * Pod Security profile), and GPT-2 is served from it on a V100 or RTX 5000 in the same region,
 * scaling to zero when idle. Cold starts read the shared volume instead of object storage.
 * The service checks at synth that the cache is shared (RWX), in the GPUs' region and fits
 * the GPUs.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, ModelCache, ModelFormat, ModelSource } from '../src';

export function coreweaveGpt2Pvc(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  const cache = new ModelCache(chart, 'Gpt2Cache', {
    source: ModelSource.fromS3('s3://tensorflow-models/gpt-2/124M', {
      credentials: { secretName: 's3-credentials' },
      endpoint: 'object.ord1.coreweave.com',
      region: 'ORD1',
    }),
    modelSize: Size.gibibytes(2),
    storageClassName: 'shared-nvme-ord1',
    modelDirectory: 'gpt-2/124M',
    loader: { nodeSelector: { 'topology.kubernetes.io/region': 'ORD1' } },
  });
  new InferenceService(chart, 'Gpt2', {
    metadata: { name: 'gpt2-pvc', labels: { 'qos.coreweave.cloud/latency': 'low' } },
    modelFormat: ModelFormat.TENSORFLOW,
    model: ModelSource.fromModelCache(cache),
    resources: { cpu: { request: Cpu.units(4) }, memory: { request: Size.gibibytes(16) } },
    gpu: { types: [GpuType.V100_16GB, GpuType.QUADRO_RTX_5000], provider: GpuProvider.COREWEAVE, regions: ['ORD1'] },
    autoscaling: new GpuAutoscalingPolicy({ minReplicas: 0, maxReplicas: 10 }),
  });
  return chart;
}
