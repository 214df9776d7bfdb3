import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Renders a Duration as a Go duration string, in the largest unit that represents it exactly
 * ("1h", "30m", "45s", "500ms"). Go and Knative parse all of them.
 */
export function goDuration(duration: Duration): string {
  const millis = duration.toMilliseconds();
  if (millis === 0) return '0s';
  if (millis % 3_600_000 === 0) return `${millis / 3_600_000}h`;
  if (millis % 60_000 === 0) return `${millis / 60_000}m`;
  if (millis % 1000 === 0) return `${millis / 1000}s`;
  return `${millis}ms`;
}

/**
 * True when a Duration is a whole number of seconds, as Knative requires for windows and delays.
 * False for the Durations cdk8s builds but cannot convert (NaN, infinite, fractions of a millisecond).
 */
export function isWholeSeconds(duration: Duration): boolean {
  return Number.isInteger(duration.toMilliseconds({ integral: false }) / 1000);
}

/** Binary quantity suffixes with their size in KiB, largest first. */
const BINARY_UNITS: readonly (readonly [string, number])[] = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

/** Renders a Size as a Kubernetes quantity string in the largest binary unit that is exact, else in whole bytes. */
export function quantity(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  for (const [unit, factor] of BINARY_UNITS) {
    if (Number.isInteger(kib / factor) && kib >= factor) return `${kib / factor}${unit}`;
  }
  return `${wholeBytes(size)}`;
}

/** The bytes of a Size as `quantity` writes them: rounded to a whole byte. */
export function wholeBytes(size: Size): number {
  return Math.round(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024);
}

/** Renders a number for a Knative annotation: no exponent, at most two decimals. */
export function decimal(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * A map with its keys in sorted order. Maps rendered as lists (node selectors become match
 * expressions) or hashed into names are sorted first, so the order in which a user filled the map
 * changes neither the output nor the names.
 */
export function sortedByKey(map: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `$(NAME)`, not escaped as `$$(NAME)`: how a Kubernetes env value refers to an earlier variable. */
const ENV_REFERENCE = /(?<!\$)\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g;

/**
 * Environment variables in an order that does not depend on the order the map was filled in:
 * sorted by name, except that a variable another one refers to with `$(NAME)` comes before it,
 * since Kubernetes expands only references to variables defined earlier in the list.
 */
export function orderedEnv(env: { [name: string]: string }): [string, string][] {
  const ordered: [string, string][] = [];
  const placed = new Set<string>();
  const place = (name: string, visiting: Set<string>) => {
    if (placed.has(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const [, reference] of env[name].matchAll(ENV_REFERENCE)) {
      if (Object.prototype.hasOwnProperty.call(env, reference)) place(reference, visiting);
    }
    placed.add(name);
    ordered.push([name, env[name]]);
  };
  for (const name of Object.keys(env).sort()) place(name, new Set());
  return ordered;
}

/**
 * The name among `known` that `name` looks like a misspelling of: the same letters but for case,
 * '-', '_' and '.' (`max-scale`, `maxscale`: `maxScale`), else one at most two edits away
 * (`modelFromat`: `modelFormat`). Undefined when none is that close.
 */
export function meantName(name: string, known: readonly string[]): string | undefined {
  const spelled = (text: string) => text.toLowerCase().replace(/[-_.]/g, '');
  const sameLetters = known.find((candidate) => spelled(candidate) === spelled(name));
  if (sameLetters !== undefined) return sameLetters;
  const near = known.map((candidate) => ({ candidate, distance: editDistance(spelled(name), spelled(candidate)) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return near[0]?.candidate;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
