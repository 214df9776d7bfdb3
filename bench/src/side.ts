/**
 * One measurement, in a process of its own so that its peak memory is its own: builds a fleet
 * with the library or the baseline, synthesizes it into `--outdir`, and prints one JSON line.
 *
 *   node --expose-gc bench/out/side.js --side library|baseline --services N --outdir DIR [--per-chart 50]
 *     [--app fleet|cdk8s]   (the app class of both sides: cdk8s-inference's FleetApp, the default,
 *                            or cdk8s's App, which prepares the whole app again for every chart)
 */
import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { synthBaseline } from './baseline-fleet';
import { AppClass, describeFleet, Fleet, SERVICES_PER_TEAM } from './fleet';
import { synthWithLibrary } from './library-fleet';
import { FleetApp } from '../../lib';

export type Side = 'library' | 'baseline';
export type AppKind = 'fleet' | 'cdk8s';

const APP_CLASSES: Record<AppKind, AppClass> = { fleet: FleetApp, cdk8s: App };

/** What one side reports for one fleet size. */
export interface Measurement {
  readonly side: Side;
  readonly services: number;
  readonly servicesPerChart: number;
  readonly app: AppKind;
  /** Building the constructs and `app.synth()`, in milliseconds. */
  readonly wallMs: number;
  /** CPU time of the process over the same span (all threads, garbage collection included). */
  readonly cpuMs: number;
  /** Peak resident memory of the whole process, in MiB. */
  readonly peakRssMiB: number;
  /** SHA-256 over the names and contents of the files written. */
  readonly outputSha256: string;
  readonly files: number;
}

const SYNTHESIZERS: Record<Side, (fleet: Fleet, outdir: string, appClass: AppClass) => void> = {
  library: synthWithLibrary,
  baseline: synthBaseline,
};

function measure(side: Side, services: number, servicesPerChart: number, app: AppKind, outdir: string): Measurement {
  const fleet = describeFleet(services, servicesPerChart);
  global.gc?.();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  SYNTHESIZERS[side](fleet, outdir, APP_CLASSES[app]);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const files = readdirSync(outdir).sort();
  const digest = createHash('sha256');
  for (const file of files) digest.update(`${file}\n`).update(readFileSync(join(outdir, file)));
  return {
    side,
    services,
    servicesPerChart,
    app,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    outputSha256: digest.digest('hex'),
    files: files.length,
  };
}

function argument(name: string, fallback?: string): string {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0 && index + 1 < process.argv.length) return process.argv[index + 1];
  if (fallback === undefined) throw new Error(`missing --${name}`);
  return fallback;
}

if (require.main === module) {
  const side = argument('side');
  if (!(side in SYNTHESIZERS)) throw new Error(`--side is library or baseline, not ${side}`);
  const app = argument('app', 'fleet');
  if (!(app in APP_CLASSES)) throw new Error(`--app is fleet or cdk8s, not ${app}`);
  const perChart = Number(argument('per-chart', String(SERVICES_PER_TEAM)));
  console.log(JSON.stringify(measure(side as Side, Number(argument('services')), perChart, app as AppKind, argument('outdir'))));
}
