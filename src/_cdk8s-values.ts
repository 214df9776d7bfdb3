/**
 * cdk8s's value types, known by the members the library calls rather than by `instanceof`: a
 * Duration or a Size made by another copy of cdk8s (one a dependency installed for itself) is
 * not an instance of this copy's class, yet works the same. Internal.
 */
import { Duration, Size } from 'cdk8s';

/** The members of a Duration the library calls. */
export const DURATION_MEMBERS = { toMilliseconds: 'function', toSeconds: 'function', toMinutes: 'function', toHumanString: 'function' } as const;
/** The members of a Size the library calls. */
export const SIZE_MEMBERS = { toKibibytes: 'function', toMebibytes: 'function', toGibibytes: 'function' } as const;

/** Whether a value is an object with each member of the type given (`typeof`). */
export function hasMembers(value: unknown, members: Readonly<Record<string, string>>): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const member in members) if (typeof (value as Record<string, unknown>)[member] !== members[member]) return false;
  return true;
}

/** Whether a value is a Duration, of this copy of cdk8s or another. */
export function isDuration(value: unknown): value is Duration {
  return hasMembers(value, DURATION_MEMBERS);
}

/** Whether a value is a Size, of this copy of cdk8s or another. */
export function isSize(value: unknown): value is Size {
  return hasMembers(value, SIZE_MEMBERS);
}
