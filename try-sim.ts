import { Duration } from 'cdk8s';
import { AutoscalingPreset, AutoscalingSimulation, PresetKnativeValues, ReferenceTrace, RequestTrace } from './src';
for (const t of [ReferenceTrace.BURSTY, ReferenceTrace.DIURNAL, ReferenceTrace.SPARSE]) {
  const trace = RequestTrace.reference(t);
  for (const p of [AutoscalingPreset.GPU_TUNED, AutoscalingPreset.KNATIVE_DEFAULTS, AutoscalingPreset.SEED_GUIDE]) {
    const start = Date.now();
    const r = AutoscalingSimulation.run({ policy: PresetKnativeValues.of(p), trace, server: { coldStart: Duration.seconds(60) }, pricePerGpuHour: 2.21, name: p.name });
    const { timeline, ...rest } = r;
    console.log(t, p.name, Date.now() - start, 'ms', JSON.stringify(rest));
  }
}
