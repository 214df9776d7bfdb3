import { IConstruct } from 'constructs';
import { isDuration, isSize } from './_cdk8s-values';
import { quantity } from './_format';
import { hidesAfterFlag, isCredentialName, REDACTED, redactSecrets } from './_secrets';

/**
 * Renders a received value for an error message: strings quoted (credentials in them redacted),
 * durations and sizes readable.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(redactSecrets(value));
  if (typeof value === 'number') return String(value);
  if (isDuration(value)) {
    const millis = value.toMilliseconds({ integral: false });
    if (!Number.isInteger(millis)) return `${millis} ms`;
    // Two units are readable, but a minute or more would drop the milliseconds (90.5 s would read "1 minute 30 seconds").
    if (Number.isSafeInteger(millis) && millis >= 60_000 && millis % 1000 !== 0) return `${millis} ms`;
    // cdk8s writes zero in the Duration's own unit ("0 millis").
    return millis === 0 ? value.toHumanString() : humanDuration(millis);
  }
  if (isSize(value)) return quantity(value);
  // An item after a credential-named flag (`['--api-key', 'token-abc123']`) is its value: hidden as in a text.
  if (Array.isArray(value)) return `[${value.map((item, index) => describeValue(hidesAfterFlag(value[index - 1], item) ? REDACTED : item)).join(', ')}]`;
  if (value === null) return 'null';
  // Objects by their class: their contents may be long, or hold what should not be printed.
  if (typeof value === 'object') {
    const own = describeByToString(value);
    if (own !== undefined) return own;
    const className: unknown = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof className === 'string' && className !== '' && className !== 'Object' ? `a ${className}` : 'an object';
  }
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** Units of `humanDuration`, largest first, with their length in milliseconds. */
const DURATION_UNITS: readonly (readonly [string, number])[] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000], ['milli', 1]];

/**
 * A positive whole number of milliseconds in its two largest units, in cdk8s's words ("1 hour 30 minutes",
 * "2 days"). cdk8s's own `toHumanString()` misses whole hours: 2 hours reads "1 hour 60 minutes".
 */
function humanDuration(millis: number): string {
  const parts: string[] = [];
  let rest = millis;
  for (const [unit, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    rest -= count * size;
  }
  return parts.slice(0, 2).join(' ');
}

/**
 * The path of a map's member in a prop: `env.HF_HOME`, or `env["a b"]` for a key that is not a
 * plain name, so that no key (a newline, a quote) breaks the message. `hidesValueAt` reads an env
 * variable's name back from it.
 */
export function memberPath(prop: string, key: string): string {
  return /^[\w./-]+$/.test(key) ? `${prop}.${key}` : `${prop}[${JSON.stringify(key)}]`;
}

/** A member of an `env` map (`env`, `transformer.env`, `worker.env`), as `memberPath` writes its path: its name. */
const ENV_MEMBER = /(?:^|\.)env(?:\.([\w./-]+)|\[("(?:[^"\\]|\\.)*")\])$/;

/**
 * Whether a message hides the value at `prop`, whatever the value looks like and whatever is wrong
 * with it: the value of an environment variable whose name says it holds a credential
 * (`env.HF_TOKEN`, `transformer.env.AWS_SECRET_ACCESS_KEY`, `worker.env.DB_PASSWORD`). Redaction
 * reads a value, and `0o17` or `hunter2` says nothing of a credential: only the name tells.
 */
function hidesValueAt(prop: string): boolean {
  const member = ENV_MEMBER.exec(prop);
  return member !== null && isCredentialName(member[1] ?? JSON.parse(member[2]));
}

/** A hidden value as a message shows it: `"***"` for a string, its kind for any other value given (`a number`). */
function describeHidden(value: unknown): string {
  if (value === undefined || value === null) return describeValue(value);
  if (typeof value === 'string') return JSON.stringify(REDACTED);
  const kind = Array.isArray(value) ? 'array' : typeof value;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** An object's own `toString` (a ServingApi, a KServeVersion), when it has one that works. */
function describeByToString(value: object): string | undefined {
  try {
    const toString: unknown = (value as { toString?: unknown }).toString;
    return typeof toString === 'function' && toString !== Object.prototype.toString ? String(toString.call(value)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Collects every problem of one construct before throwing, so a user fixes them in one pass.
 * Each problem names the prop, shows the value received and what is allowed, and suggests a fix.
 */
export class Problems {
  private readonly messages: string[] = [];

  /**
   * @param hiddenProps props whose values no message shows, beyond `hidesValueAt`'s: the value of an
   * env variable named for a credential where the prop names an item of an array, not the variable
   * (`model.bind().env[0].value`).
   */
  constructor(private readonly hiddenProps?: ReadonlySet<string>) {}

  /** Whether a message hides the value at `prop`, whatever it looks like. */
  public hides(prop: string): boolean {
    return hidesValueAt(prop) || this.hiddenProps?.has(prop) === true;
  }

  /** `'prop' is <value>: <rule>. <fix>`, the value hidden where `hides(prop)`. */
  public add(prop: string, received: unknown, rule: string, fix?: string): void {
    const shown = this.hides(prop) ? describeHidden(received) : describeValue(received);
    this.messages.push(`'${prop}' is ${shown}: ${rule}${fix ? `. ${fix}` : ''}`);
  }

  /** A problem that is not about one value (for example two props that conflict). */
  public addMessage(message: string): void {
    this.messages.push(message);
  }

  /** Adds every message of another list (for example problems reported by another construct). */
  public addAll(messages: string[]): void {
    this.messages.push(...messages);
  }

  public get isEmpty(): boolean {
    return this.messages.length === 0;
  }

  public toArray(): string[] {
    return [...this.messages];
  }

  /** Throws one error that lists every problem, prefixed with the construct's path (none for a value). */
  public throwIfAny(scope: IConstruct | undefined, what: string): void {
    if (this.messages.length === 0) return;
    const where = scope ? ` at '${scope.node.path}'` : '';
    // Rules and fixes may quote values too: the whole message is redacted.
    throw new Error(redactSecrets(`Invalid ${what}${where}:\n  - ${this.messages.join('\n  - ')}`));
  }
}
