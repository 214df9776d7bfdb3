/**
 * `npm run bench`: the cost of the library over a hand-rolled generator of the same manifests,
 * at fleet sizes a platform repo reaches, plus the package's require time and size. See
 * docs/benchmarks.md for the method. Fails only when the two sides write different bytes.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { AppKind, Measurement, Side } from './side';

const ROOT = resolve(__dirname, '..', '..');
/** Fleet sizes and how many pairs of runs (one per side) each gets, both sides on `FleetApp`; medians count. */
const RUNS: [services: number, pairs: number][] = [[100, 9], [1_000, 15], [10_000, 3]];
/** The same with cdk8s's `App`, which walks the whole app again for every chart. */
const CDK8S_APP_RUNS: [services: number, pairs: number][] = [[1_000, 9], [10_000, 3]];
const REQUIRE_PAIRS = 15;
/**
 * library / baseline: wall time on `FleetApp` and on cdk8s's `App` at 1,000 and 10,000 services,
 * and peak memory (the serving-core issue's targets).
 */
const TARGETS = { fleetRatio: 1.10, appRatio: 1.15, memoryRatio: 1.2, growth: 1.3, requireOverheadMs: 50 };

interface SizeResult {
  readonly services: number;
  readonly app: AppKind;
  readonly library: Measurement[];
  readonly baseline: Measurement[];
  /** library / baseline wall time of each pair. */
  readonly ratios: number[];
  /** library / baseline peak memory of each pair. */
  readonly memoryRatios: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runSide(side: Side, services: number, app: AppKind, scratch: string): Measurement {
  const outdir = join(scratch, `${side}-${services}-${app}`);
  const output = execFileSync(process.execPath,
    ['--expose-gc', join(__dirname, 'side.js'), '--side', side, '--services', String(services), '--app', app, '--outdir', outdir],
    { encoding: 'utf8' });
  rmSync(outdir, { recursive: true, force: true });
  return JSON.parse(output);
}

/**
 * Pairs of back-to-back runs, one per side, the order alternating: a slower stretch of a shared
 * machine then hits both sides of a pair alike, and the median of the pairs' ratios ignores it.
 */
function measureSize(services: number, pairs: number, app: AppKind, scratch: string): SizeResult {
  const result: SizeResult = { services, app, library: [], baseline: [], ratios: [], memoryRatios: [] };
  for (let pair = 0; pair < pairs; pair++) {
    const order: Side[] = pair % 2 === 0 ? ['library', 'baseline'] : ['baseline', 'library'];
    const runs = new Map(order.map((side) => [side, runSide(side, services, app, scratch)]));
    const library = runs.get('library')!;
    const baseline = runs.get('baseline')!;
    result.library.push(library);
    result.baseline.push(baseline);
    result.ratios.push(library.wallMs / baseline.wallMs);
    result.memoryRatios.push(library.peakRssMiB / baseline.peakRssMiB);
  }
  const hashes = new Set([...result.library, ...result.baseline].map((m) => m.outputSha256));
  if (hashes.size !== 1) {
    throw new Error(`at ${services} services (${app}) the library and the baseline wrote different manifests (${[...hashes].join(', ')})`);
  }
  return result;
}

/** Milliseconds to `require()` a module in a fresh process. */
function requireMs(modulePath: string): number {
  const script = 'const start = process.hrtime.bigint(); require(process.argv[1]); '
    + 'console.log(Number(process.hrtime.bigint() - start) / 1e6);';
  return Number(execFileSync(process.execPath, ['-e', script, modulePath], { encoding: 'utf8', cwd: ROOT }));
}

/** The package and cdk8s-plus-27 alone, in pairs of fresh processes, the order alternating. */
function requireTimes(): { ours: number[]; plus: number[] } {
  const ours = join(ROOT, 'lib', 'index.js');
  const plus = require.resolve('cdk8s-plus-27', { paths: [ROOT] });
  const times = { ours: [] as number[], plus: [] as number[] };
  for (let pair = 0; pair < REQUIRE_PAIRS; pair++) {
    if (pair % 2 === 0) {
      times.ours.push(requireMs(ours));
      times.plus.push(requireMs(plus));
    } else {
      times.plus.push(requireMs(plus));
      times.ours.push(requireMs(ours));
    }
  }
  return times;
}

function tarballKiB(): number {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', cwd: ROOT }));
  return pack.size / 1024;
}

function format(value: number, digits = 0): string {
  return value.toFixed(digits);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function main(): void {
  const scratch = mkdtempSync(join(tmpdir(), 'cdk8s-inference-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const [app, runs] of [['fleet', RUNS], ['cdk8s', CDK8S_APP_RUNS]] as const) {
      for (const [services, pairs] of runs) {
        console.error(`measuring ${services} services with ${app === 'fleet' ? 'FleetApp' : 'cdk8s\'s App'} (${pairs} runs per side)...`);
        results.push(measureSize(services, pairs, app, scratch));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log(row(['services', 'YAML files', 'app', 'side', 'wall ms (median)', 'ms per service', 'CPU ms (median)', 'peak RSS MiB (max)',
    'library / baseline (median of pairs)', 'memory library / baseline', 'wall ms of each run']));
  console.log(row(['---:', '---:', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---']));
  const ratios = new Map<string, number>();
  const memory = new Map<string, number>();
  const perService = new Map<number, number>();
  for (const { services, app, library, baseline, ratios: pairRatios, memoryRatios } of results) {
    const wall = { library: median(library.map((m) => m.wallMs)), baseline: median(baseline.map((m) => m.wallMs)) };
    ratios.set(`${app}@${services}`, median(pairRatios));
    memory.set(`${app}@${services}`, median(memoryRatios));
    if (app === 'fleet') perService.set(services, wall.library / services);
    for (const side of ['library', 'baseline'] as const) {
      const measurements = side === 'library' ? library : baseline;
      console.log(row([
        String(services), String(measurements[0].files), app === 'fleet' ? 'FleetApp' : 'App', side, format(wall[side]), format(wall[side] / services, 3),
        format(median(measurements.map((m) => m.cpuMs))), format(Math.max(...measurements.map((m) => m.peakRssMiB))),
        side === 'library' ? format(median(pairRatios), 2) : '',
        side === 'library' ? format(median(memoryRatios), 2) : '',
        measurements.map((m) => format(m.wallMs)).join(' '),
      ]));
    }
  }

  const requires = requireTimes();
  const overhead = median(requires.ours.map((ms, pair) => ms - requires.plus[pair]));
  const tarball = tarballKiB();
  console.log(`\nrequire (${REQUIRE_PAIRS} pairs of fresh processes): cdk8s-inference ${format(median(requires.ours), 1)} ms, `
    + `cdk8s-plus-27 alone ${format(median(requires.plus), 1)} ms (medians); overhead ${format(overhead, 1)} ms (median of the pairs' differences)`);
  console.log(`packed tarball: ${format(tarball, 1)} KiB`);

  const first = RUNS[0][0];
  const last = RUNS[RUNS.length - 1][0];
  const growth = perService.get(last)! / perService.get(first)!;
  const verdicts: [string, boolean][] = [];
  for (const services of [1_000, 10_000]) {
    const fleet = ratios.get(`fleet@${services}`)!;
    const app = ratios.get(`cdk8s@${services}`)!;
    const peak = Math.max(memory.get(`fleet@${services}`)!, memory.get(`cdk8s@${services}`)!);
    verdicts.push([`FleetApp ratio@${services} <= ${TARGETS.fleetRatio}`, fleet <= TARGETS.fleetRatio]);
    verdicts.push([`App ratio@${services} <= ${TARGETS.appRatio}`, app <= TARGETS.appRatio]);
    verdicts.push([`memory ratio@${services} <= ${TARGETS.memoryRatio}`, peak <= TARGETS.memoryRatio]);
  }
  verdicts.push([`per-service growth <= ${TARGETS.growth}`, growth <= TARGETS.growth]);
  verdicts.push([`require overhead <= ${TARGETS.requireOverheadMs} ms`, overhead <= TARGETS.requireOverheadMs]);
  console.log(`targets: ${verdicts.map(([target, met]) => `${target} ${met ? 'met' : 'MISSED'}`).join('; ')}`);
  const figure = (map: Map<string, number>, key: string) => format(map.get(key)!, 2);
  console.log(`bench: fleet@1000=${figure(ratios, 'fleet@1000')} fleet@10000=${figure(ratios, 'fleet@10000')} `
    + `app@1000=${figure(ratios, 'cdk8s@1000')} app@10000=${figure(ratios, 'cdk8s@10000')} `
    + `memory@1000=${figure(memory, 'fleet@1000')}/${figure(memory, 'cdk8s@1000')} memory@10000=${figure(memory, 'fleet@10000')}/${figure(memory, 'cdk8s@10000')} `
    + `per-service-growth=${format(growth, 2)} require-overhead-ms=${format(overhead, 1)} tarball-kb=${format(tarball, 1)}`);
}

main();
