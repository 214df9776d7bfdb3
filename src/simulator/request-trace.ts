import { Duration } from 'cdk8s';
import { addProblem, checkDuration, checkInteger, checkNumber, checkProps, secondsOf, throwIfAny } from './_checks';
import { Problems } from '../_errors';

/** Requests listed one by one. */
export interface RequestListProps {
  /** When each request arrives, in seconds from the start of the trace, in any order. */
  readonly arrivalSeconds: number[];
  /** How long the model server takes for each request alone on a pod, in seconds. */
  readonly serviceSeconds: number[];
  /**
   * Length of the trace.
   * @default - the last arrival plus 10 minutes, rounded up to a whole second, so that the last
   * requests can be served
   */
  readonly duration?: Duration;
  /**
   * Name shown in reports.
   * @default 'requests'
   */
  readonly name?: string;
}

/** What every generated trace has. */
export interface GeneratedTraceProps {
  /** Length of the trace. */
  readonly duration: Duration;
  /**
   * Mean service time of one request alone on a pod.
   * @default Duration.millis(500)
   */
  readonly serviceTime?: Duration;
  /**
   * Spread of the service time: its coefficient of variation (standard deviation / mean), drawn
   * from a log-normal distribution. 0 gives every request the mean.
   * @default 0.25
   */
  readonly serviceTimeVariation?: number;
  /**
   * Seed of the pseudo-random generator: the same seed gives the same trace.
   * @default 1
   */
  readonly seed?: number;
}

/** A Poisson process with a rate that may change over the trace. */
export interface PoissonTraceProps extends GeneratedTraceProps {
  /** Mean requests per second. */
  readonly ratePerSecond: number;
  /**
   * Multipliers of the rate over equal slices of the trace (a piecewise-constant rate profile),
   * for example [0.2, 1, 3, 1] for four quarters.
   * @default [1] - a constant rate
   */
  readonly rateProfile?: number[];
}

/** Quiet traffic with regular bursts. */
export interface BurstyTraceProps extends GeneratedTraceProps {
  /** Requests per second between bursts. */
  readonly baseRatePerSecond: number;
  /** Requests per second during a burst. */
  readonly burstRatePerSecond: number;
  /** Time from the start of one burst to the next. */
  readonly burstEvery: Duration;
  /** Length of a burst. */
  readonly burstLength: Duration;
}

/** A daily cycle: a sinusoid between a trough (at midnight) and a peak (at noon). */
export interface DiurnalTraceProps extends GeneratedTraceProps {
  /** Requests per second at the peak. */
  readonly peakRatePerSecond: number;
  /** Requests per second at the trough. */
  readonly troughRatePerSecond: number;
  /**
   * Length of one cycle.
   * @default Duration.hours(24)
   */
  readonly period?: Duration;
}

/** Rare sessions of a few requests separated by long idle gaps. */
export interface SparseTraceProps extends GeneratedTraceProps {
  /** Mean idle time between the starts of two sessions (exponentially distributed). */
  readonly meanGap: Duration;
  /** Mean requests in a session (1 + Poisson). */
  readonly requestsPerSession: number;
  /** Requests per second inside a session. */
  readonly sessionRatePerSecond: number;
}

/** The three reference traces of the preset comparison. */
export enum ReferenceTrace {
  /** 6 hours: 0.2 requests/s with a 2-minute burst of 8 requests/s every 20 minutes. */
  BURSTY = 'bursty',
  /** 24 hours: a daily cycle from 0.05 requests/s at night to 4 requests/s at noon. */
  DIURNAL = 'diurnal',
  /** 24 hours: sessions of about 5 requests at 1 request/s, 40 minutes apart on average. */
  SPARSE = 'sparse',
}

/** The longest trace, in seconds: 366 days. */
const MAX_TRACE_SECONDS = 366 * 86_400;

/**
 * The most requests a generated trace may hold: 20 million (24 hours at about 230 a second) keep
 * the trace and the simulation within a few hundred MB; past about 130 million, V8 cannot even
 * hold the arrivals in one array and aborts the process.
 */
const MAX_TRACE_REQUESTS = 20_000_000;

/** Refuses generator settings whose mean rate would make more requests than a trace can hold. */
function checkTraceSize(problems: Problems, prop: string, expectedRequests: number): void {
  if (expectedRequests > MAX_TRACE_REQUESTS) {
    problems.addMessage(`'${prop}' with the other settings makes about ${Math.round(expectedRequests).toLocaleString('en-US')} requests; `
      + `a trace holds at most ${MAX_TRACE_REQUESTS.toLocaleString('en-US')}: lower the rate or shorten the duration`);
  }
}

/** The seeds of the reference traces, so that the preset table can be reproduced. */
const REFERENCE_SEEDS: Record<ReferenceTrace, number> = { bursty: 1601, diurnal: 1602, sparse: 1603 };

/**
 * Requests to simulate: arrival and service time of each, sorted by arrival. Built from a list, a
 * CSV file, or a seeded generator.
 */
export class RequestTrace {
  /** The requests of a list. */
  public static fromRequests(props: RequestListProps): RequestTrace {
    const problems = new Problems();
    if (checkProps(problems, 'props', props)) {
      const arrivals = props.arrivalSeconds;
      const service = props.serviceSeconds;
      if (!Array.isArray(arrivals)) addProblem(problems, 'arrivalSeconds', arrivals, 'must be an array of numbers');
      if (!Array.isArray(service)) addProblem(problems, 'serviceSeconds', service, 'must be an array of numbers');
      if (Array.isArray(arrivals) && Array.isArray(service)) {
        if (arrivals.length !== service.length) {
          problems.addMessage(`'arrivalSeconds' has ${arrivals.length} values and 'serviceSeconds' ${service.length}: give one service time per arrival`);
        }
        collectValueProblems(problems, 'arrivalSeconds', arrivals, 0);
        const latest = arrivals.reduce((max: number, a) => (typeof a === 'number' && a > max ? a : max), 0);
        if (props.duration === undefined && Number.isFinite(latest) && latest > MAX_TRACE_SECONDS - 600) {
          problems.addMessage(`'arrivalSeconds' holds an arrival at ${latest} s: a trace covers at most ${MAX_TRACE_SECONDS} s (366 days), `
            + 'and one without a duration runs 600 s past its last arrival');
        }
        collectValueProblems(problems, 'serviceSeconds', service, Number.MIN_VALUE);
      }
      checkDuration(problems, 'duration', props.duration, 1, MAX_TRACE_SECONDS, true);
      checkName(problems, props.name);
    }
    throwIfAny(problems, 'RequestTrace.fromRequests');
    const order = props.arrivalSeconds.map((_, i) => i).sort((a, b) => props.arrivalSeconds[a] - props.arrivalSeconds[b]);
    const arrivals = Float64Array.from(order, (i) => props.arrivalSeconds[i]);
    const service = Float64Array.from(order, (i) => props.serviceSeconds[i]);
    const last = arrivals.length > 0 ? arrivals[arrivals.length - 1] : 0;
    const duration = props.duration === undefined ? Math.ceil(last) + 600 : secondsOf(props.duration);
    return new RequestTrace(arrivals, service, duration, props.name ?? 'requests');
  }

  /**
   * Requests from CSV text: one request a line, `arrival_seconds,service_seconds`; a first line
   * that is not numbers is taken as a header; empty lines and lines starting with # are skipped.
   */
  public static fromCsv(csv: string, name?: string): RequestTrace {
    const problems = new Problems();
    if (typeof csv !== 'string') addProblem(problems, 'csv', csv, 'must be the text of a CSV file');
    checkName(problems, name);
    throwIfAny(problems, 'RequestTrace.fromCsv');
    const arrivals: number[] = [];
    const service: number[] = [];
    const badLines: string[] = [];
    csv.split(/\r?\n/).forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const [a, s, ...rest] = trimmed.split(',').map((cell) => cell.trim());
      const arrival = Number(a);
      const seconds = Number(s);
      if (rest.length === 0 && a !== '' && s !== undefined && s !== '' && arrival >= 0 && Number.isFinite(arrival) && seconds > 0 && Number.isFinite(seconds)) {
        arrivals.push(arrival);
        service.push(seconds);
      } else if (!(index === 0 && arrivals.length === 0 && Number.isNaN(arrival))) {
        badLines.push(`line ${index + 1}: ${JSON.stringify(trimmed.slice(0, 60))}`);
      }
    });
    if (badLines.length > 0) {
      const shown = badLines.slice(0, 10).join('; ');
      throw new Error(`Invalid RequestTrace.fromCsv:\n  - ${badLines.length} line(s) are not 'arrival_seconds,service_seconds' with an arrival of at least 0 and a service time of more than 0: ${shown}${badLines.length > 10 ? '; …' : ''}`);
    }
    return RequestTrace.fromRequests({ arrivalSeconds: arrivals, serviceSeconds: service, name: name ?? 'csv' });
  }

  /** A Poisson process, with a constant rate or a piecewise-constant rate profile. */
  public static poisson(props: PoissonTraceProps): RequestTrace {
    const problems = new Problems();
    const common = checkGenerated(problems, props);
    if (common) {
      checkNumber(problems, 'ratePerSecond', props.ratePerSecond, 0, 10_000);
      const profile = props.rateProfile ?? [1];
      if (!Array.isArray(profile) || profile.length === 0 || profile.length > 100_000) {
        addProblem(problems, 'rateProfile', profile, 'must be an array of 1 to 100000 multipliers');
      } else {
        collectValueProblems(problems, 'rateProfile', profile, 0);
        checkTraceSize(problems, 'ratePerSecond', props.ratePerSecond * (profile.reduce((sum, m) => sum + m, 0) / profile.length) * common.duration);
      }
    }
    throwIfAny(problems, 'RequestTrace.poisson');
    const profile = props.rateProfile ?? [1];
    const slice = common!.duration / profile.length;
    return generate('poisson', common!, (t) => props.ratePerSecond * profile[Math.min(profile.length - 1, Math.floor(t / slice))],
      props.ratePerSecond * Math.max(...profile));
  }

  /** Quiet traffic with regular bursts. */
  public static bursty(props: BurstyTraceProps): RequestTrace {
    const problems = new Problems();
    const common = checkGenerated(problems, props);
    if (common) {
      checkNumber(problems, 'baseRatePerSecond', props.baseRatePerSecond, 0, 10_000);
      checkNumber(problems, 'burstRatePerSecond', props.burstRatePerSecond, 0, 10_000);
      checkDuration(problems, 'burstEvery', props.burstEvery, 1);
      checkDuration(problems, 'burstLength', props.burstLength, 1);
      if (secondsOf(props.burstLength) > secondsOf(props.burstEvery)) {
        problems.addMessage(`'burstLength' (${secondsOf(props.burstLength)} s) must not exceed 'burstEvery' (${secondsOf(props.burstEvery)} s)`);
      }
      const burstShare = secondsOf(props.burstLength) / secondsOf(props.burstEvery);
      const meanRate = props.burstRatePerSecond * burstShare + props.baseRatePerSecond * (1 - burstShare);
      checkTraceSize(problems, 'burstRatePerSecond', meanRate * common.duration);
    }
    throwIfAny(problems, 'RequestTrace.bursty');
    const every = secondsOf(props.burstEvery);
    const length = secondsOf(props.burstLength);
    return generate('bursty', common!, (t) => (t % every < length ? props.burstRatePerSecond : props.baseRatePerSecond),
      Math.max(props.baseRatePerSecond, props.burstRatePerSecond));
  }

  /** A daily cycle between a trough and a peak. */
  public static diurnal(props: DiurnalTraceProps): RequestTrace {
    const problems = new Problems();
    const common = checkGenerated(problems, props);
    if (common) {
      checkNumber(problems, 'peakRatePerSecond', props.peakRatePerSecond, 0, 10_000);
      checkNumber(problems, 'troughRatePerSecond', props.troughRatePerSecond, 0, 10_000);
      checkDuration(problems, 'period', props.period, 60, undefined, true);
      if (props.troughRatePerSecond > props.peakRatePerSecond) {
        problems.addMessage(`'troughRatePerSecond' (${props.troughRatePerSecond}) must not exceed 'peakRatePerSecond' (${props.peakRatePerSecond})`);
      }
      checkTraceSize(problems, 'peakRatePerSecond', ((props.peakRatePerSecond + props.troughRatePerSecond) / 2) * common.duration);
    }
    throwIfAny(problems, 'RequestTrace.diurnal');
    const period = props.period === undefined ? 86_400 : secondsOf(props.period);
    const mid = (props.peakRatePerSecond + props.troughRatePerSecond) / 2;
    const amplitude = (props.peakRatePerSecond - props.troughRatePerSecond) / 2;
    return generate('diurnal', common!, (t) => mid - amplitude * Math.cos((2 * Math.PI * t) / period), props.peakRatePerSecond);
  }

  /** Rare sessions of a few requests separated by long idle gaps. */
  public static sparse(props: SparseTraceProps): RequestTrace {
    const problems = new Problems();
    const common = checkGenerated(problems, props);
    if (common) {
      checkDuration(problems, 'meanGap', props.meanGap, 1);
      checkNumber(problems, 'requestsPerSession', props.requestsPerSession, 1, 10_000);
      checkNumber(problems, 'sessionRatePerSecond', props.sessionRatePerSecond, 0.001, 10_000);
      checkTraceSize(problems, 'requestsPerSession', (common.duration / secondsOf(props.meanGap)) * props.requestsPerSession);
    }
    throwIfAny(problems, 'RequestTrace.sparse');
    const random = mulberry32(common!.seed);
    const arrivals: number[] = [];
    const meanGap = secondsOf(props.meanGap);
    for (let session = exponential(random, meanGap); session < common!.duration; session += exponential(random, meanGap)) {
      const count = 1 + poissonCount(random, props.requestsPerSession - 1);
      let t = session;
      for (let i = 0; i < count && t < common!.duration; i++) {
        arrivals.push(t);
        t += exponential(random, 1 / props.sessionRatePerSecond);
      }
    }
    arrivals.sort((a, b) => a - b);
    return fromArrivals('sparse', common!, Float64Array.from(arrivals), random);
  }

  /** One of the three seeded reference traces of the preset comparison (docs/simulator.md). */
  public static reference(trace: ReferenceTrace, serviceTime?: Duration): RequestTrace {
    const problems = new Problems();
    if (!Object.values(ReferenceTrace).includes(trace)) addProblem(problems, 'trace', trace, `must be one of ${Object.values(ReferenceTrace).join(', ')}`);
    checkDuration(problems, 'serviceTime', serviceTime, 0.001, 3600, true);
    throwIfAny(problems, 'RequestTrace.reference');
    const seed = REFERENCE_SEEDS[trace];
    switch (trace) {
      case ReferenceTrace.BURSTY:
        return RequestTrace.bursty({
          duration: Duration.hours(6),
          baseRatePerSecond: 0.2,
          burstRatePerSecond: 8,
          burstEvery: Duration.minutes(20),
          burstLength: Duration.minutes(2),
          serviceTime,
          seed,
        }).named('bursty');
      case ReferenceTrace.DIURNAL:
        return RequestTrace.diurnal({ duration: Duration.hours(24), peakRatePerSecond: 4, troughRatePerSecond: 0.05, serviceTime, seed }).named('diurnal');
      default:
        return RequestTrace.sparse({
          duration: Duration.hours(24), meanGap: Duration.minutes(40), requestsPerSession: 5, sessionRatePerSecond: 1, serviceTime, seed,
        }).named('sparse');
    }
  }

  /** @internal Requests already checked and sorted. */
  public static _of(arrivals: Float64Array, service: Float64Array, durationSeconds: number, name: string): RequestTrace {
    return new RequestTrace(arrivals, service, durationSeconds, name);
  }

  /** Name shown in reports. */
  public readonly name: string;
  /** Length of the trace, in seconds. */
  public readonly durationSeconds: number;
  /** @internal Arrival times, sorted. */
  public readonly _arrivals: Float64Array;
  /** @internal Service times alone on a pod. */
  public readonly _service: Float64Array;

  private constructor(arrivals: Float64Array, service: Float64Array, durationSeconds: number, name: string) {
    this._arrivals = arrivals;
    this._service = service;
    this.durationSeconds = durationSeconds;
    this.name = name;
  }

  /** Number of requests. */
  public get requestCount(): number {
    return this._arrivals.length;
  }

  /** Mean requests per second over the trace. */
  public get meanRatePerSecond(): number {
    return this._arrivals.length / this.durationSeconds;
  }

  /**
   * The usual idle gap: the median of the gaps between consecutive requests that are at least
   * `minimumGap` long (the pauses between bursts or sessions). Undefined when there are none.
   * @param minimumGap shortest gap counted as idle
   */
  public usualIdleGap(minimumGap: Duration = Duration.minutes(1)): Duration | undefined {
    const problems = new Problems();
    checkDuration(problems, 'minimumGap', minimumGap, 0.001);
    throwIfAny(problems, 'RequestTrace.usualIdleGap');
    const min = secondsOf(minimumGap);
    const gaps: number[] = [];
    for (let i = 1; i < this._arrivals.length; i++) {
      const gap = this._arrivals[i] - this._arrivals[i - 1];
      if (gap >= min) gaps.push(gap);
    }
    if (gaps.length === 0) return undefined;
    gaps.sort((a, b) => a - b);
    return Duration.seconds(Math.round(gaps[Math.floor((gaps.length - 1) / 2)]));
  }

  /** The trace as CSV text (`arrival_seconds,service_seconds`), readable by `fromCsv`. */
  public toCsv(): string {
    const lines = ['arrival_seconds,service_seconds'];
    for (let i = 0; i < this._arrivals.length; i++) lines.push(`${round6(this._arrivals[i])},${round6(this._service[i])}`);
    return lines.join('\n') + '\n';
  }

  private named(name: string): RequestTrace {
    return new RequestTrace(this._arrivals, this._service, this.durationSeconds, name);
  }
}

interface ResolvedGenerated {
  readonly duration: number;
  readonly serviceTime: number;
  readonly variation: number;
  readonly seed: number;
}

function checkGenerated(problems: Problems, props: GeneratedTraceProps): ResolvedGenerated | undefined {
  if (!checkProps(problems, 'props', props)) return undefined;
  checkDuration(problems, 'duration', props.duration, 1, 31 * 86400);
  checkDuration(problems, 'serviceTime', props.serviceTime, 0.001, 3600, true);
  checkNumber(problems, 'serviceTimeVariation', props.serviceTimeVariation, 0, 10, true);
  checkInteger(problems, 'seed', props.seed, 0, 2 ** 32 - 1, true);
  return {
    duration: secondsOf(props.duration),
    serviceTime: props.serviceTime === undefined ? 0.5 : secondsOf(props.serviceTime),
    variation: props.serviceTimeVariation ?? 0.25,
    seed: props.seed ?? 1,
  };
}

function checkName(problems: Problems, name: unknown): void {
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 100)) {
    addProblem(problems, 'name', name, 'must be a text of 1 to 100 characters');
  }
}

/** Reports the first few values of an array that are not finite numbers of at least `min`. */
function collectValueProblems(problems: Problems, prop: string, values: unknown[], min: number): void {
  const bad: string[] = [];
  for (let i = 0; i < values.length && bad.length < 5; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) bad.push(`[${i}] = ${typeof v === 'number' ? v : typeof v}`);
  }
  if (bad.length > 0) problems.addMessage(`'${prop}' has values that are not finite numbers of ${min > 0 ? 'more than 0' : 'at least 0'}: ${bad.join(', ')}`);
}

/** A non-homogeneous Poisson process by thinning: candidates at the maximum rate, kept with probability rate(t) / max. */
function generate(name: string, common: ResolvedGenerated, rate: (t: number) => number, maxRate: number): RequestTrace {
  const random = mulberry32(common.seed);
  const arrivals: number[] = [];
  if (maxRate > 0) {
    for (let t = exponential(random, 1 / maxRate); t < common.duration; t += exponential(random, 1 / maxRate)) {
      if (random() * maxRate < rate(t)) arrivals.push(t);
    }
  }
  return fromArrivals(name, common, Float64Array.from(arrivals), random);
}

function fromArrivals(name: string, common: ResolvedGenerated, arrivals: Float64Array, random: () => number): RequestTrace {
  // Log-normal service times with the given mean and coefficient of variation.
  const sigma2 = Math.log(1 + common.variation * common.variation);
  const mu = Math.log(common.serviceTime) - sigma2 / 2;
  const sigma = Math.sqrt(sigma2);
  const service = new Float64Array(arrivals.length);
  for (let i = 0; i < service.length; i++) service[i] = sigma === 0 ? common.serviceTime : Math.exp(mu + sigma * normal(random));
  return RequestTrace._of(arrivals, service, common.duration, name);
}

/** Mulberry32: a small, fast, seedable 32-bit generator; plenty for traffic traces. */
function mulberry32(seed: number): () => number {
  /* eslint-disable no-bitwise -- the generator is defined by 32-bit integer operations */
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /* eslint-enable no-bitwise */
}

function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A Poisson count by Knuth's product of uniforms, for means of up to 700 at a time: exp(-mean)
 * underflows to 0 past 745, which would stop every count near 745. Counts of independent parts
 * add up to a count of their summed mean.
 */
function poissonCount(random: () => number, mean: number): number {
  let k = 0;
  for (let rest = mean; rest > 0; rest -= POISSON_CHUNK) {
    const limit = Math.exp(-Math.min(rest, POISSON_CHUNK));
    for (let p = random(); p > limit; p *= random()) k++;
  }
  return k;
}

const POISSON_CHUNK = 700;

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
