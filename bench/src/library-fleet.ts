import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { AppClass, Fleet, ServiceSpec, TeamSpec } from './fleet';
import {
  GpuAutoscalingPolicy, GpuProvider, GpuType, InferenceService, KnativeFeatureFlags, ModelCache, ModelFormat, ModelSource,
} from '../../lib';

/** The fleet written with cdk8s-inference, synthesized into `outdir` as `cdk8s synth` does. */
export function synthWithLibrary(fleet: Fleet, outdir: string, appClass: AppClass): void {
  const app = new appClass({ outdir });
  new KnativeFeatureFlags(new Chart(app, 'platform'), 'Features');
  for (const team of fleet.teams) {
    const chart = new Chart(app, team.name, { namespace: team.name });
    for (const service of team.services) addService(chart, team, service);
  }
  app.synth();
}

function addService(chart: Chart, team: TeamSpec, service: ServiceSpec): void {
  const source = service.source === 's3'
    ? ModelSource.fromS3(service.modelLocation, {
      credentials: { secretName: 's3-credentials' },
      endpoint: `object.${team.region.toLowerCase()}.coreweave.com`,
    })
    : ModelSource.fromHuggingFace(service.modelLocation, { token: { secretName: 'hf-token', key: 'HF_TOKEN' } });
  const cache = new ModelCache(chart, `${service.id}Cache`, {
    source,
    modelSize: Size.gibibytes(service.modelSizeGiB),
    storageClassName: `shared-nvme-${team.region.toLowerCase()}`,
  });
  new InferenceService(chart, service.id, {
    metadata: { name: service.name, labels: { team: team.name } },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromModelCache(cache),
    args: [`--model_name=${service.name}`],
    resources: { cpu: { request: Cpu.units(service.cpuUnits) }, memory: { request: Size.gibibytes(service.memoryGiB) } },
    gpu: {
      types: service.gpu === 'a100' ? [GpuType.A100_80GB_SXM] : [GpuType.H100_80GB_SXM, GpuType.A100_80GB_SXM],
      provider: GpuProvider.COREWEAVE,
      regions: [team.region],
    },
    autoscaling: new GpuAutoscalingPolicy({
      minReplicas: service.minReplicas,
      maxReplicas: service.maxReplicas,
    }),
    timeout: Duration.seconds(service.timeoutSeconds),
  });
}
