/**
 * Boundary checks of the simulator's public classes. Their callers may be plain JavaScript, so a
 * wrong type gets the library's own message (prop, value, what is allowed), never a TypeError.
 */
import { SizeRoundingBehavior } from 'cdk8s';
import { isDuration, isSize } from '../_cdk8s-values';
import { Problems } from '../_errors';

/** Throws one error listing every problem, like `Problems.throwIfAny` but for a class without a construct. */
export function throwIfAny(problems: Problems, what: string): void {
  if (problems.isEmpty) return;
  throw new Error(`Invalid ${what}:\n  - ${problems.toArray().join('\n  - ')}`);
}

/**
 * `Problems.add` for values of any type: an object whose `toString` throws or is not a function
 * (a hostile value from JavaScript) is shown as its type instead of failing with a TypeError.
 */
export function addProblem(problems: Problems, prop: string, value: unknown, rule: string, fix?: string): void {
  problems.add(prop, presentable(value), rule, fix);
}

function presentable(value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || isDuration(value) || isSize(value)) {
    return typeof value === 'symbol' || typeof value === 'bigint' ? { toString: () => String(value) } : value;
  }
  let shown: string;
  try {
    shown = Array.isArray(value) ? `an array of ${value.length}` : String(value);
  } catch {
    shown = `a ${typeof value}`;
  }
  return { toString: () => shown };
}

/** Seconds of a Duration; NaN when the value is not a Duration or not a finite number of milliseconds. */
export function secondsOf(value: unknown): number {
  if (!isDuration(value)) return Number.NaN;
  const millis = value.toMilliseconds({ integral: false });
  return Number.isFinite(millis) ? millis / 1000 : Number.NaN;
}

/** A Duration of at least `min` seconds (and at most `max`, when given). */
export function checkDuration(problems: Problems, prop: string, value: unknown, min: number, max?: number, optional = false): void {
  if (value === undefined && optional) return;
  const seconds = secondsOf(value);
  const range = max === undefined ? `of at least ${min} s` : `from ${min} s to ${max} s`;
  if (!isDuration(value)) addProblem(problems, prop, value, `must be a Duration ${range}`, 'For example Duration.seconds(60)');
  else if (!(seconds >= min) || (max !== undefined && !(seconds <= max))) addProblem(problems, prop, value, `must be a Duration ${range}`);
}

/** A Duration of a whole, positive number of seconds, as Knative's windows are. */
export function checkPositiveWholeSeconds(problems: Problems, prop: string, value: unknown): void {
  const seconds = secondsOf(value);
  if (!isDuration(value) || !(seconds >= 1) || !Number.isInteger(seconds) || seconds > 366 * 86400) {
    addProblem(problems, prop, value, 'must be a Duration of a whole number of seconds from 1 s to 366 days', 'For example Duration.seconds(60)');
  }
}

/** A finite number within [min, max]. */
export function checkNumber(problems: Problems, prop: string, value: unknown, min: number, max: number, optional = false): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    addProblem(problems, prop, value, `must be a number from ${min} to ${max}`);
  }
}

/** A whole number within [min, max]. */
export function checkInteger(problems: Problems, prop: string, value: unknown, min: number, max: number, optional = false): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    addProblem(problems, prop, value, `must be a whole number from ${min} to ${max}`);
  }
}

/** A finite time in seconds. */
export function checkTime(problems: Problems, prop: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e12) {
    addProblem(problems, prop, value, 'must be a finite time in seconds');
  }
}

/** A boolean. */
export function checkBoolean(problems: Problems, prop: string, value: unknown, optional = false): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'boolean') addProblem(problems, prop, value, 'must be true or false');
}

/** A Size of more than 0 bytes and at most 1 PiB. */
export function checkSize(problems: Problems, prop: string, value: unknown): void {
  const bytes = isSize(value) ? value.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024 : Number.NaN;
  if (!(bytes > 0 && bytes <= 2 ** 50)) addProblem(problems, prop, value, 'must be a Size of more than 0 and at most 1 PiB', 'For example Size.gibibytes(140)');
}

/** A props argument that is an object. */
export function checkProps(problems: Problems, what: string, props: unknown): props is object {
  if (typeof props === 'object' && props !== null) return true;
  addProblem(problems, what, props, 'must be an object of props');
  return false;
}
