/**
 * The evidence for the autoscaling presets: each preset on the three seeded reference traces, for
 * a GPT-2-sized and a 70B-sized model read from object storage (S3) or a ModelCache. Rewrites the
 * table between the markers in docs/simulator.md. Run with `npm run simulate:presets`.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Duration, Size } from 'cdk8s';
import {
  AutoscalingPreset, AutoscalingSimulation, ColdStartEstimator, KnativeAutoscalingValues, ModelStorageKind, PresetKnativeValues, ReferenceTrace, RequestTrace, SimulationResult,
} from '../src';

/** The example price of the CLI's Done-when command: one A100 80GB GPU for an hour. */
const PRICE_PER_GPU_HOUR = 2.21;

interface Model {
  readonly name: string;
  readonly size: Size;
  /** Mean time of one request alone on a pod. */
  readonly serviceTime: Duration;
  readonly gpusPerReplica: number;
}

const MODELS: Model[] = [
  // GPT-2 (124M parameters): its safetensors weights are 548 MB; a short completion takes about 0.2 s.
  { name: 'GPT-2-sized', size: Size.mebibytes(523), serviceTime: Duration.millis(200), gpusPerReplica: 1 },
  // A 70B model in 16-bit weights is 140 GB, served with tensor parallelism over 4 × 80 GB GPUs; a completion takes about 4 s.
  { name: '70B-sized', size: Size.gibibytes(131), serviceTime: Duration.seconds(4), gpusPerReplica: 4 },
];
const STORAGES: Array<[string, ModelStorageKind]> = [['S3', ModelStorageKind.OBJECT_STORAGE], ['ModelCache', ModelStorageKind.SHARED_MODEL_CACHE]];

type Policy = [string, KnativeAutoscalingValues];

const GPU_TUNED = PresetKnativeValues.of(AutoscalingPreset.GPU_TUNED);

/** The presets compared. */
const PRESETS: Policy[] = [
  ['GPU_TUNED', GPU_TUNED],
  ['KNATIVE_DEFAULTS', PresetKnativeValues.of(AutoscalingPreset.KNATIVE_DEFAULTS)],
  ['SEED_GUIDE', PresetKnativeValues.of(AutoscalingPreset.SEED_GUIDE)],
];

/**
 * GPU_TUNED with the changes the preset table points to: a replica cap near the burst's need (the
 * 70B burst needs 8 req/s × 4 s / 0.9 ≈ 36 pods), a request timeout above the longest cold start,
 * and the seed guide's throttled scale-up for contrast.
 */
const CANDIDATES: Policy[] = [
  ['GPU_TUNED', GPU_TUNED],
  ['+ maxScale 40', { ...GPU_TUNED, maxScale: 40 }],
  ['+ requestTimeout 15m', { ...GPU_TUNED, requestTimeout: Duration.minutes(15) }],
  ['+ both', { ...GPU_TUNED, maxScale: 40, requestTimeout: Duration.minutes(15) }],
  ['+ maxScaleUpRate 1.5', { ...GPU_TUNED, maxScaleUpRate: 1.5 }],
];

function table(policies: Policy[], traces: ReferenceTrace[], storages: Array<[string, ModelStorageKind]>): string {
  const rows: string[] = [];
  for (const traceName of traces) {
    for (const model of MODELS) {
      const trace = RequestTrace.reference(traceName, model.serviceTime);
      for (const [storageName, storage] of storages) {
        const coldStart = ColdStartEstimator.estimate({ modelSize: model.size, storage }).total;
        const results: SimulationResult[] = policies.map(([name, policy]) => AutoscalingSimulation.run({
          name, policy, trace, server: { coldStart, gpusPerReplica: model.gpusPerReplica }, pricePerGpuHour: PRICE_PER_GPU_HOUR,
        }));
        const cheapest = Math.min(...results.map((r) => r.cost));
        const fastest = Math.min(...results.map((r) => r.latencyP99));
        const bold = (text: string, best: boolean) => (best ? `**${text}**` : text);
        for (const r of results) {
          rows.push([
            traceName, model.name, `${storageName} (${coldStart.toSeconds()} s)`, r.name,
            `${r.coldStartDelayed.toLocaleString('en-US')} (${((100 * r.coldStartDelayed) / r.requests).toFixed(1)}%)`,
            `${r.coldStartWaitP99.toFixed(0)} s`,
            bold(`${r.latencyP99.toFixed(1)} s`, r.latencyP99 === fastest),
            r.timedOut.toLocaleString('en-US'),
            r.gpuMinutes.toLocaleString('en-US'),
            bold(`$${r.cost.toLocaleString('en-US', { maximumFractionDigits: 0 })}`, r.cost === cheapest),
          ].join(' | '));
        }
      }
    }
  }
  return [
    '| trace | model | weights from (cold start) | policy | requests delayed by a cold start | p99 cold-start wait | p99 latency | timed out | GPU-minutes | cost |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/** Replaces the text between a pair of markers in docs/simulator.md. */
function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start (npm run simulate:presets) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/simulator.md must hold the markers ${start} and ${end}`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

const docs = join(__dirname, '..', 'docs', 'simulator.md');
let text = readFileSync(docs, 'utf8');
text = replaceBetween(text, 'preset-table', table(PRESETS, Object.values(ReferenceTrace), STORAGES));
text = replaceBetween(text, 'candidate-table', table(CANDIDATES, [ReferenceTrace.BURSTY], [STORAGES[0]]));
writeFileSync(docs, text);
process.stdout.write('docs/simulator.md: preset tables rewritten\n');
