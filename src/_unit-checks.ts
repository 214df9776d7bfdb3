/**
 * cdk8s builds Durations and Sizes from any non-negative number, NaN and Infinity included, and
 * throws only when one is converted, with a message that names no prop; a `Cpu` takes any number
 * and writes it as its quantity. Constructs check such props here before anything reads them.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Problems } from './_errors';
import { kibibytes } from './_model-cache-checks';

/** 2^63 bytes, the largest quantity Kubernetes stores as an integer, in KiB. */
const MAX_KIBIBYTES = 2 ** 53;

/** Adds a problem when a Duration is not a finite, whole number of milliseconds. */
export function checkConvertibleDuration(problems: Problems, prop: string, duration: Duration | undefined): void {
  if (duration !== undefined && !Number.isInteger(duration.toMilliseconds({ integral: false }))) {
    problems.add(prop, duration, 'must be a finite, whole number of milliseconds', 'For example Duration.seconds(30)');
  }
}

/** Adds a problem when a Size is not a finite size of at most 8 EiB. */
export function checkFiniteSize(problems: Problems, prop: string, size: Size | undefined): void {
  if (size !== undefined && !(kibibytes(size) <= MAX_KIBIBYTES)) {
    problems.add(prop, size, 'must be a finite size of at most 8 EiB', 'For example Size.gibibytes(100)');
  }
}

/** Millicores of a Cpu; NaN when its amount is not a number. */
export function cpuMillis(cpu: Cpu): number {
  return cpu.amount.endsWith('m') ? Number(cpu.amount.slice(0, -1)) : Number(cpu.amount) * 1000;
}

/** Adds a problem when a Cpu is not a finite amount of more than 0. */
export function checkCpu(problems: Problems, prop: string, cpu: Cpu | undefined): void {
  if (cpu === undefined) return;
  const millis = cpuMillis(cpu);
  if (!(millis > 0)) problems.add(prop, cpu.amount, 'must be more than 0');
  else if (!Number.isFinite(millis)) problems.add(prop, cpu.amount, 'must be a finite number of CPUs');
}
