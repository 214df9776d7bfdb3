/**
 * Knative Serving's autoscaling bounds (knative/serving v1.23: pkg/apis/autoscaling/register.go,
 * annotation_validation.go, pkg/autoscaler/config/config.go), shared by the per-revision policy
 * and the cluster-wide config so that both check a setting the same way.
 */
import { Duration } from 'cdk8s';
import { Problems } from './_errors';
import { decimal, goDuration, isWholeSeconds } from './_format';

/** Largest value of Knative's int32 scale settings. */
export const INT32_MAX = 2_147_483_647;
/** Smallest per-pod target Knative accepts (`TargetMin`). */
export const TARGET_MIN = 0.01;
/** Longest window, delay and retention a revision annotation accepts (`WindowMax`). */
export const WINDOW_MAX = Duration.hours(1);
const WINDOW_MIN = Duration.seconds(6);

/** Checks an integer in [min, max]; true when absent or valid. */
export function checkInteger(problems: Problems, prop: string, value: number | undefined, min: number, max: number, fix: string): boolean {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) return true;
  problems.add(prop, value, `must be a whole number from ${min} to ${max}`, fix);
  return false;
}

/** A replica bound that KServe's webhook or Knative refuses: the field, its value, the rule it breaks and the fix. */
export interface ReplicaBoundFault {
  readonly field: 'minReplicas' | 'maxReplicas';
  /** `range`: not a whole number from 0 to the int32 maximum; `order`: maxReplicas below minReplicas. */
  readonly kind: 'range' | 'order';
  readonly value: number;
  readonly rule: string;
  readonly fix: string;
}

/**
 * Fewest and most replicas as Knative takes min-scale and max-scale and KServe its minReplicas and
 * maxReplicas (kserve/kserve pkg/apis/serving/v1beta1/component.go, validateReplicas: neither below
 * 0, max not below min unless 0; the CRD's int32), each fault with the field it is reported under.
 * Shared by the constructs (checkReplicaBounds) and the validation plugin (validation/serving-rules.ts).
 */
export function replicaBoundFaults(min: number | undefined, max: number | undefined): ReplicaBoundFault[] {
  const faults: ReplicaBoundFault[] = [];
  const isBound = (value: number | undefined) => value === undefined || (Number.isInteger(value) && value >= 0 && value <= INT32_MAX);
  if (!isBound(min)) faults.push({ field: 'minReplicas', kind: 'range', value: min!, rule: `must be a whole number from 0 to ${INT32_MAX}`, fix: 'Use 0 to allow scale to zero' });
  if (!isBound(max)) faults.push({ field: 'maxReplicas', kind: 'range', value: max!, rule: `must be a whole number from 0 to ${INT32_MAX}`, fix: 'Use 0 for no per-service cap' });
  if (faults.length === 0 && min !== undefined && max !== undefined && max !== 0 && max < min) {
    faults.push({ field: 'maxReplicas', kind: 'order', value: max, rule: `is less than minReplicas (${min})`, fix: `Use ${min} or more, or 0 for no cap` });
  }
  return faults;
}

/**
 * Checks fewest and most replicas (replicaBoundFaults). `prefix` leads the props' names
 * (`autoscaling.` for an autoscaler of your own). True when both are in range, whatever their order.
 */
export function checkReplicaBounds(problems: Problems, prefix: string, min: number | undefined, max: number | undefined): boolean {
  const faults = replicaBoundFaults(min, max);
  for (const fault of faults) problems.add(`${prefix}${fault.field}`, fault.value, fault.rule, fault.fix);
  return faults.every((fault) => fault.kind !== 'range');
}

/**
 * Checks a revision's containerConcurrency: 0 (no limit) to the cluster's container-concurrency-max-limit,
 * 1000 by default (knative/serving pkg/apis/serving/metadata_validation.go, ValidateContainerConcurrency;
 * pkg/apis/config/defaults.go). A KnativeDefaultsConfig that raises the limit is checked in the app.
 */
export function checkContainerConcurrency(problems: Problems, prop: string, value: number | undefined): void {
  checkInteger(problems, prop, value, 0, 1000,
    'Use 1 to serve one request per GPU at a time, or 0 for no limit (1000 is Knative\'s default container-concurrency-max-limit)');
}

/** Checks a number in [min, max]. */
export function checkRange(problems: Problems, prop: string, value: number | undefined, min: number, max: number, fix: string): void {
  if (value !== undefined && !(value >= min && value <= max)) {
    problems.add(prop, value, `must be from ${min} to ${max}`, fix);
  }
}

/** Checks a target (per-pod concurrency, rps, or the cluster's target defaults). */
export function checkTarget(problems: Problems, prop: string, value: number | undefined, fix: string): void {
  if (value !== undefined && !(value >= TARGET_MIN)) {
    problems.add(prop, value, `must be at least ${TARGET_MIN}, Knative's smallest target`, fix);
  }
}

/** Checks a max scale up or down rate, which Knative requires to be greater than 1. */
export function checkRate(problems: Problems, prop: string, value: number | undefined, fix: string): void {
  if (value !== undefined && !(value > 1)) {
    problems.add(prop, value, 'must be greater than 1 (a factor of the ready pods per 2-second decision)', fix);
  }
}

/** Checks a target burst capacity: -1 (unlimited) or at least 0. */
export function checkTargetBurstCapacity(problems: Problems, prop: string, value: number | undefined): void {
  if (value !== undefined && value !== -1 && !(value >= 0)) {
    problems.add(prop, value, 'must be -1 (the activator always stays in the request path) or at least 0',
      'Use 0 to take the activator out of the path once pods are up, or -1 to keep it there');
  }
}

/** Checks a stable window: 6s to 1h in whole seconds. True when absent or valid. */
export function checkStableWindow(problems: Problems, prop: string, window: Duration | undefined): boolean {
  if (window === undefined) return true;
  const millis = window.toMilliseconds();
  if (millis < WINDOW_MIN.toMilliseconds() || millis > WINDOW_MAX.toMilliseconds()) {
    problems.add(prop, window, 'must be from 6s to 1h', 'Use a window of Duration.seconds(6) to Duration.hours(1)');
    return false;
  }
  return checkWholeSeconds(problems, prop, window);
}

/** Checks a delay: at most `max` (when given), in whole seconds when `wholeSeconds`. */
export function checkDelay(problems: Problems, prop: string, delay: Duration | undefined, max: Duration | undefined, wholeSeconds: boolean): void {
  if (delay === undefined) return;
  if (max !== undefined && delay.toMilliseconds() > max.toMilliseconds()) {
    problems.add(prop, delay, `must be at most ${goDuration(max)}`, `Use ${goDuration(max)} or less`);
    return;
  }
  if (wholeSeconds) checkWholeSeconds(problems, prop, delay);
}

function checkWholeSeconds(problems: Problems, prop: string, duration: Duration): boolean {
  if (isWholeSeconds(duration)) return true;
  problems.add(prop, duration, `has a fraction of a second (${duration.toMilliseconds()}ms) and Knative accepts whole seconds only`,
    'Round it to whole seconds');
  return false;
}

/** Knative's panic window in whole seconds (pkg/reconciler/autoscaling/resources/metric.go). */
function derivedPanicWindowSeconds(stableSeconds: number, percentage: number): number {
  return Math.max(1, Math.round(stableSeconds * percentage / 100));
}

/**
 * Converts a panic window into Knative's `panic-window-percentage` of the stable window, and checks
 * that Knative derives the requested window back from the rendered percentage. Returns undefined
 * (after adding a problem) when it cannot.
 */
export function panicWindowPercentage(problems: Problems, prop: string, panicWindow: Duration, stableWindow: Duration): number | undefined {
  const stableSeconds = stableWindow.toMilliseconds() / 1000;
  const requestedSeconds = panicWindow.toMilliseconds() / 1000;
  const exact = requestedSeconds * 100 / stableSeconds;
  if (exact < 1 || exact > 100) {
    problems.add(prop, panicWindow,
      `is ${decimal(exact)} % of the stable window (${goDuration(stableWindow)}), and Knative's panic-window-percentage must be from 1 to 100`,
      `Use a panic window from ${Math.ceil(stableSeconds / 100)}s to ${goDuration(stableWindow)}`);
    return undefined;
  }
  const percentage = Number(decimal(exact));
  const derivedSeconds = derivedPanicWindowSeconds(stableSeconds, percentage);
  if (derivedSeconds !== requestedSeconds) {
    problems.add(prop, panicWindow,
      `Knative derives the panic window in whole seconds from a percentage of the stable window (${goDuration(stableWindow)}), and ${percentage} % gives ${derivedSeconds}s`,
      'Use a whole number of seconds');
    return undefined;
  }
  return percentage;
}
