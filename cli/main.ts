/**
 * `cdk8s-inference simulate` and `compare`: what an autoscaling policy costs in GPU-minutes and how
 * long requests wait, on a trace, before it reaches a cluster. Bundled into bin/cdk8s-inference.js
 * with its argument parser, progress bar and charting library, none of which the construct library
 * loads.
 */
import { writeFileSync } from 'fs';
import { Presets, SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { parseDuration, parseNumber, parsePolicy, parseSize, parseTrace, PRESET_NAMES, UsageError } from './inputs';
import { renderPlot } from './plot';
import { ColdStartEstimator, ModelStorageKind } from '../src/simulator/cold-start';
import { RequestTrace } from '../src/simulator/request-trace';
import { AutoscalingSimulation, ServerModel, SimulationResult } from '../src/simulator/simulation';

/** Where the CLI writes; the test passes its own. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether to draw a progress bar (a terminal). */
  readonly progress: boolean;
}

interface Options {
  policy: string[];
  set: string[];
  trace: string;
  seed?: string;
  serviceTime?: string;
  gpu: string;
  price: string;
  gpusPerReplica: string;
  coldStart?: string;
  modelSize?: string;
  storage?: string;
  serverConcurrency: string;
  batchSlowdown: string;
  plot?: string;
  json?: boolean;
}

/** Simulated seconds per progress update. */
const CHUNK_SECONDS = 1800;

const STORAGE: Record<string, ModelStorageKind> = {
  'object-storage': ModelStorageKind.OBJECT_STORAGE,
  'shared-model-cache': ModelStorageKind.SHARED_MODEL_CACHE,
  'node-local-cache': ModelStorageKind.NODE_LOCAL_CACHE,
};
const DEFAULT_STORAGE = 'object-storage';

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], output: Output): Promise<number> {
  const program = new Command('cdk8s-inference')
    .description('cdk8s-inference tools: simulate Knative autoscaling policies on GPU workloads')
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err });
  let code = 0;
  const run = (compare: boolean) => (options: Options) => {
    code = simulate(options, compare, output);
  };
  addOptions(program.command('simulate').description('Simulate one policy on a trace'), 'gpu-tuned').action(run(false));
  addOptions(program.command('compare').description('Simulate several policies on one trace, side by side'), undefined).action(run(true));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    const error = e as { exitCode?: number; code?: string };
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    if (error.exitCode !== undefined) return error.exitCode;
    output.err(`${e instanceof UsageError ? 'error: ' : ''}${(e as Error).message}\n`);
    return 1;
  }
  return code;
}

function addOptions(command: Command, defaultPolicy: string | undefined): Command {
  const defaults = defaultPolicy ? [defaultPolicy] : PRESET_NAMES;
  return command
    .addOption(new Option('--policy <policy>', `${PRESET_NAMES.join(' | ')} | a .json file of Knative values; repeat it for compare`)
      // The first --policy replaces the default list; later ones add to it.
      .argParser((v: string, previous: string[]) => (previous === defaults ? [v] : [...previous, v])).default(defaults))
    .addOption(new Option('--set <key=value>', 'override a Knative value, e.g. maxScale=8 or stableWindow=120s (repeatable)')
      .argParser((v: string, previous: string[]) => [...previous, v]).default([]))
    .requiredOption('--trace <trace>', 'bursty | diurnal | sparse | poisson:RATE[:HOURS] | a CSV file of arrival_seconds,service_seconds')
    .option('--seed <n>', 'seed of a poisson trace')
    .option('--service-time <duration>', 'mean service time of generated traces (default 500ms)')
    .option('--gpu <type>', 'GPU type, for the report', 'GPU')
    .option('--price <usd>', 'price per GPU-hour', '0')
    .option('--gpus-per-replica <n>', 'GPUs per pod', '1')
    .option('--cold-start <duration>', 'cold start of a pod (default: estimated from --model-size, else 60s)')
    .option('--model-size <size>', 'model weights, e.g. 140GB: estimates the cold start with --storage')
    .option('--storage <kind>', `where --model-size is read from: ${Object.keys(STORAGE).join(' | ')} (default ${DEFAULT_STORAGE})`)
    .option('--server-concurrency <n>', 'requests the model server works on at once', '1')
    .option('--batch-slowdown <x>', 'service time × (1 + x × (requests in service − 1))', '0')
    .option('--plot <file.svg>', 'write an SVG chart of load, pods and waiting requests')
    .option('--json', 'print the results as JSON instead of a table');
}

function simulate(options: Options, compare: boolean, output: Output): number {
  const policies = options.policy.map((p) => parsePolicy(p, options.set));
  if (!compare && policies.length > 1) throw new UsageError('simulate takes one --policy; use compare for several');
  const serviceTime = options.serviceTime === undefined ? undefined : parseDuration(options.serviceTime, '--service-time');
  const seed = options.seed === undefined ? undefined : parseNumber(options.seed, '--seed');
  const trace = parseTrace(options.trace, serviceTime, seed);
  const { server, coldStartNote } = serverModel(options);
  const price = parseNumber(options.price, '--price');
  if (price < 0) throw new UsageError(`--price is ${JSON.stringify(options.price)}: use a price per GPU-hour of 0 or more`);
  const results = policies.map((policy) => runWithProgress(policy.name, () => new AutoscalingSimulation({
    name: policy.name, policy: policy.values, trace, server, pricePerGpuHour: price,
  }), output));
  if (options.json) {
    output.out(JSON.stringify(results.map(({ timeline, ...summary }) => summary), null, 2) + '\n');
  } else {
    output.out(summaryTable(results, trace, options, coldStartNote));
  }
  if (options.plot) {
    const title = `${results.map((r) => r.name).join(' vs ')} on ${trace.name} (${options.gpu}, cold start ${server.coldStart.toSeconds()} s)`;
    writeFileSync(options.plot, renderPlot(results, title));
    output.err(`wrote ${options.plot}\n`);
  }
  return 0;
}

function serverModel(options: Options): { server: ServerModel; coldStartNote: string } {
  let coldStart = parseDuration(options.coldStart ?? '60s', '--cold-start');
  let coldStartNote = options.coldStart === undefined ? 'cold start 60s (default; give --cold-start or --model-size)' : `cold start ${options.coldStart} (given)`;
  const storageName = options.storage ?? DEFAULT_STORAGE;
  // An own member only: '__proto__' or 'toString' would find Object.prototype's.
  const storage = Object.prototype.hasOwnProperty.call(STORAGE, storageName) ? STORAGE[storageName] : undefined;
  if (!storage) throw new UsageError(`--storage is ${JSON.stringify(storageName)}: use ${Object.keys(STORAGE).join(', ')}`);
  // Flags that estimate a cold start the simulation would not use are refused, not ignored.
  if (options.coldStart !== undefined && (options.modelSize !== undefined || options.storage !== undefined)) {
    throw new UsageError('--cold-start gives the cold start, which --model-size and --storage would estimate: give --cold-start, or --model-size and --storage');
  }
  if (options.storage !== undefined && options.modelSize === undefined) {
    throw new UsageError(`--storage ${storageName} estimates the cold start of a model of --model-size: give --model-size too`);
  }
  if (options.modelSize !== undefined) {
    const estimate = ColdStartEstimator.estimate({ modelSize: parseSize(options.modelSize, '--model-size'), storage });
    // The simulation takes a cold start of at most a day: say so of the flag given, not of a value the user never wrote.
    if (estimate.total.toSeconds() > 86_400) {
      throw new UsageError(`--model-size ${options.modelSize}: from ${storageName} the cold start would take ${estimate.total.toHumanString()}; `
        + 'the simulation takes at most a day: give a smaller model or faster storage, or --cold-start');
    }
    coldStart = estimate.total;
    coldStartNote = estimate.description;
  }
  return {
    server: {
      coldStart,
      serverConcurrency: parseNumber(options.serverConcurrency, '--server-concurrency'),
      batchSlowdown: parseNumber(options.batchSlowdown, '--batch-slowdown'),
      gpusPerReplica: parseNumber(options.gpusPerReplica, '--gpus-per-replica'),
    },
    coldStartNote,
  };
}

/** Simulates in chunks, with a progress bar on a terminal. */
function runWithProgress(name: string, create: () => AutoscalingSimulation, output: Output): SimulationResult {
  const simulation = create();
  const bar = output.progress ? new SingleBar({ format: `${name.padEnd(18)} {bar} {percentage}% | {value}/{total} simulated hours`, hideCursor: true }, Presets.shades_classic) : undefined;
  const hours = (s: number) => Math.round((s / 3600) * 10) / 10;
  bar?.start(hours(simulation.durationSeconds), 0);
  while (simulation.advance(CHUNK_SECONDS)) bar?.update(hours(simulation.progress * simulation.durationSeconds));
  bar?.update(hours(simulation.durationSeconds));
  bar?.stop();
  return simulation.result();
}

function summaryTable(results: SimulationResult[], trace: RequestTrace, options: Options, coldStartNote: string): string {
  const s = (x: number) => `${x.toFixed(1)} s`;
  const rows: Array<[string, (r: SimulationResult) => string]> = [
    ['requests', (r) => r.requests.toLocaleString('en-US')],
    ['served / timed out', (r) => `${r.served.toLocaleString('en-US')} / ${r.timedOut.toLocaleString('en-US')}`],
    ['delayed by a cold start', (r) => `${r.coldStartDelayed.toLocaleString('en-US')} (${percent(r.coldStartDelayed, r.requests)})`],
    ['cold-start wait p50 / p99', (r) => `${s(r.coldStartWaitP50)} / ${s(r.coldStartWaitP99)}`],
    ['latency p50 / p95 / p99', (r) => `${s(r.latencyP50)} / ${s(r.latencyP95)} / ${s(r.latencyP99)}`],
    ['latency p50 / p99 without cold starts', (r) => `${s(r.warmLatencyP50)} / ${s(r.warmLatencyP99)}`],
    ['GPU-minutes billed', (r) => r.gpuMinutes.toLocaleString('en-US')],
    [`cost at ${options.price}/GPU-hour`, (r) => r.cost.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })],
    ['pods started / most at once', (r) => `${r.podStarts} / ${r.maxBilledPods}`],
    ['time in panic mode', (r) => `${Math.round(r.panicSeconds / 60)} min`],
    ['scale-to-zero events', (r) => String(r.scaleToZeroEvents)],
  ];
  const header = ['', ...results.map((r) => r.name)];
  const body = rows.map(([label, value]) => [label, ...results.map(value)]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((row) => row[c].length)));
  const format = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    `trace ${trace.name}: ${trace.requestCount.toLocaleString('en-US')} requests over ${(trace.durationSeconds / 3600).toFixed(1)} h; `
    + `${options.gpu}, ${options.gpusPerReplica} GPU(s) a pod; ${coldStartNote}`,
    '',
    format(header),
    ...body.map(format),
    '',
  ].join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: process.stderr.isTTY === true,
  }).then((code) => {
    process.exitCode = code;
  }, (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
}
