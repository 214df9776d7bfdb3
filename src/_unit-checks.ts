/**
 * cdk8s builds Durations and Sizes from any non-negative number, NaN and Infinity included, and
 * throws only when one is converted, with a message that names no prop; a `Cpu` takes any number
 * and writes it as its quantity. Constructs check such props here before anything reads them.
 */
import { Duration, Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-27';
import { Problems } from './_errors';
import { quantity } from './_format';
import { kibibytes } from './_model-cache-checks';

/** 2^63 bytes, the largest quantity Kubernetes stores as an integer, in KiB. */
const MAX_KIBIBYTES = 2 ** 53;

/** Adds a problem when a Duration is not a finite, whole number of milliseconds. */
export function checkConvertibleDuration(problems: Problems, prop: string, duration: Duration | undefined): void {
  if (duration !== undefined && !Number.isInteger(duration.toMilliseconds({ integral: false }))) {
    problems.add(prop, duration, 'must be a finite, whole number of milliseconds', 'For example Duration.seconds(30)');
  }
}

/**
 * The longest duration Go represents: `time.Duration` is an int64 of nanoseconds, and
 * `time.ParseDuration` refuses anything longer ("invalid duration"), in milliseconds.
 */
export const GO_DURATION_MAX_MILLIS = Math.floor((2 ** 63 - 1) / 1e6);

/**
 * Adds a problem when a Duration written for Go (Knative's annotations and ConfigMaps read it with
 * `time.ParseDuration`) is longer than Go can represent, about 292 years. Within that range the
 * library's Go duration strings never take an exponent (`1e+24ms`).
 */
export function checkGoDuration(problems: Problems, prop: string, duration: Duration | undefined): void {
  const millis = duration?.toMilliseconds({ integral: false });
  // NaN and Infinity are not durations at all: checkConvertibleDuration reports them.
  if (millis !== undefined && Number.isFinite(millis) && millis > GO_DURATION_MAX_MILLIS) {
    problems.add(prop, duration, 'is longer than a Go duration holds (2562047h, about 292 years), and Knative could not read it',
      'Give a shorter duration');
  }
}

/**
 * The most seconds an int64 field of seconds (a timeout, a deadline) takes from the library: JSON
 * numbers above 2^53 are no longer whole in JavaScript, and are written with an exponent.
 */
export const MAX_SAFE_SECONDS = Number.MAX_SAFE_INTEGER;

/** Adds a problem when a request is above its limit (CPU, memory or ephemeral storage of one container). */
export function checkRequestsWithinLimits(problems: Problems, prop: string, resources: ContainerResources | undefined): void {
  const cpu = resources?.cpu;
  if (cpu?.request && cpu.limit && cpuMillis(cpu.request) > cpuMillis(cpu.limit)) {
    problems.add(`${prop}.cpu.request`, cpu.request.amount, `must not exceed the limit ${cpu.limit.amount}`, 'Raise the limit or lower the request');
  }
  for (const [name, pair] of [['memory', resources?.memory], ['ephemeralStorage', resources?.ephemeralStorage]] as const) {
    if (pair?.request && pair.limit && kibibytes(pair.request) > kibibytes(pair.limit)) {
      problems.add(`${prop}.${name}.request`, quantity(pair.request), `must not exceed the limit ${quantity(pair.limit)}`, 'Raise the limit or lower the request');
    }
  }
}

/** Adds a problem when a Size is not a finite size of at most 8 EiB. */
export function checkFiniteSize(problems: Problems, prop: string, size: Size | undefined): void {
  if (size !== undefined && !(kibibytes(size) <= MAX_KIBIBYTES)) {
    problems.add(prop, size, 'must be a finite size of at most 8 EiB', 'For example Size.gibibytes(100)');
  }
}

/**
 * A CPU quantity as cdk8s-plus writes one (`Cpu.units(n)`, `Cpu.millis(n)`) and Kubernetes reads it
 * (apimachinery resource.ParseQuantity): a decimal number, then `m` or a decimal exponent, not both.
 */
const CPU_QUANTITY = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|[eE][-+]?[0-9]+)?$/;

/** Millicores of a Cpu; NaN when its amount is not a number. */
export function cpuMillis(cpu: Cpu): number {
  return cpu.amount.endsWith('m') ? Number(cpu.amount.slice(0, -1)) : Number(cpu.amount) * 1000;
}

/** Adds a problem when a Cpu is not a finite amount of more than 0. */
export function checkCpu(problems: Problems, prop: string, cpu: Cpu | undefined): void {
  if (cpu === undefined) return;
  const millis = cpuMillis(cpu);
  if (!(millis > 0)) {
    problems.add(prop, cpu.amount, 'must be more than 0');
  } else if (!Number.isFinite(millis)) {
    problems.add(prop, cpu.amount, 'must be a finite number of CPUs');
  } else if (!CPU_QUANTITY.test(cpu.amount)) {
    problems.add(prop, cpu.amount, 'is not a quantity Kubernetes reads (JavaScript wrote the number with an exponent)', 'Give at least Cpu.millis(1)');
  }
}
