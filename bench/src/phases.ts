/**
 * Where one side's time goes, for the analysis in docs/benchmarks.md: the fleet built (constructs,
 * checks) and synthesized, timed apart, and the function calls per service of each phase, counted
 * with V8's precise coverage, by file.
 *
 *   node --expose-gc bench/out/phases.js --side library|baseline --services 1000 --outdir DIR [--calls] [--builds K]
 *
 * Without --calls it prints the two times; with it, the calls too (coverage slows the run, so its
 * times are not comparable with the bench's). The module loading and the first coverage take are
 * not counted. With --builds K, the fleet is built K times in the process, each time in a new app,
 * before the last one is synthesized: `buildMs` lists each build's time, which shows how much of
 * the first is V8 compiling the code it runs (docs/benchmarks.md, session 10).
 */
import { Session } from 'inspector';
import { synthBaseline } from './baseline-fleet';
import { AppClass, describeFleet, SERVICES_PER_TEAM } from './fleet';
import { synthWithLibrary } from './library-fleet';
import { FleetApp } from '../../lib';

interface Coverage {
  readonly result: { readonly url: string; readonly functions: { readonly ranges: { readonly count: number }[] }[] }[];
}

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** Calls per service by file: cdk8s, constructs and yaml as one entry each. */
function callsByFile(coverage: Coverage, services: number): Record<string, number> {
  const byFile: Record<string, number> = {};
  for (const script of coverage.result) {
    const file = script.url
      .replace(/^.*node_modules\/(cdk8s|constructs|yaml|cdk8s-plus-27)\/.*$/, '$1/*')
      .replace(/^file:\/\/.*?\/(lib|bench)\//, '$1/');
    for (const fn of script.functions) byFile[file] = (byFile[file] ?? 0) + fn.ranges[0].count / services;
  }
  const shown = Object.entries(byFile).filter(([, calls]) => calls >= 0.5).sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(shown.map(([file, calls]) => [file, Math.round(calls)]));
}

function argument(name: string, fallback?: string): string {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && index + 1 < process.argv.length) return process.argv[index + 1];
  if (fallback === undefined) throw new Error(`missing --${name}`);
  return fallback;
}

async function main(): Promise<void> {
  const side = argument('side');
  const services = Number(argument('services'));
  const synthesize = side === 'library' ? synthWithLibrary : side === 'baseline' ? synthBaseline : undefined;
  if (!synthesize) throw new Error(`--side is library or baseline, not ${side}`);
  const countCalls = process.argv.includes('--calls');
  const session = new Session();
  if (countCalls) {
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  }
  const fleet = describeFleet(services, SERVICES_PER_TEAM);
  global.gc?.();
  // The side calls app.synth() last: deferred here, so that the building and the synth are timed
  // and counted apart (coverage counts the calls since it was last taken).
  let app: FleetApp | undefined;
  class DeferredApp extends FleetApp {
    public synth(): void {
      app = this;
    }
  }
  const builds = Number(argument('builds', '1'));
  const buildMs: number[] = [];
  for (let build = 0; build < builds; build++) {
    if (build > 0) global.gc?.();
    const buildStart = performance.now();
    synthesize(fleet, argument('outdir'), DeferredApp as AppClass);
    buildMs.push(Math.round(performance.now() - buildStart));
  }
  const buildCalls = countCalls ? callsByFile(await post<Coverage>(session, 'Profiler.takePreciseCoverage'), services * builds) : undefined;
  const synthStart = performance.now();
  FleetApp.prototype.synth.call(app);
  const end = performance.now();
  const report: Record<string, unknown> = { side, services, buildMs: builds > 1 ? buildMs : buildMs[0], synthMs: Math.round(end - synthStart) };
  if (countCalls) {
    const synthCalls = callsByFile(await post<Coverage>(session, 'Profiler.takePreciseCoverage'), services);
    const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);
    report.buildCallsPerService = { total: total(buildCalls!), ...buildCalls };
    report.synthCallsPerService = { total: total(synthCalls), ...synthCalls };
  }
  console.log(JSON.stringify(report, undefined, countCalls ? 2 : undefined));
}

void main();
