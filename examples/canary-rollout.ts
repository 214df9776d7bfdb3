/**
 * canary-rollout: a new model version rolled out to 10% of the traffic on KServe in Knative
 * mode; the rest stays on the last rolled-out revision. Tag routing adds `latest-` and `prev-`
 * URLs to reach each revision directly while comparing them. Promote by removing `canary`
 * (or setting 100), roll back by setting 0.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { GpuProvider, GpuType, InferenceService, ModelFormat, ModelSource } from '../src';

export function canaryRollout(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Sentiment', {
    metadata: { name: 'sentiment' },
    modelFormat: ModelFormat.PYTORCH,
    model: ModelSource.fromS3('s3://models/sentiment/v2'),
    resources: { cpu: { request: Cpu.units(2) }, memory: { request: Size.gibibytes(8) } },
    gpu: { types: [GpuType.L4, GpuType.T4], provider: GpuProvider.GKE },
    canary: { trafficPercent: 10, tagRouting: true },
  });
  return chart;
}
