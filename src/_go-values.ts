/**
 * How Go reads the strings Knative parses (Go's `time.ParseDuration` and `strconv`), ported
 * faithfully, so that a value the library or a user writes for Knative is checked by the rules
 * that will read it. Internal; test/go-values.test.ts holds Go's own test tables.
 */

const INT64_LIMIT = 2n ** 63n;

/** Nanoseconds per unit of `time.ParseDuration` (Go src/time/format.go `unitMap`). */
const DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // U+00B5 micro sign
  ['\u03bcs', 1_000n], // U+03BC Greek letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60n * 1_000_000_000n],
  ['h', 3600n * 1_000_000_000n],
]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Go's `time.ParseDuration` (src/time/format.go): `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0".
 * Returns the duration in nanoseconds, or undefined where Go returns an error (a missing or unknown
 * unit, a bad number, or more than an int64 of nanoseconds, about 2562047h).
 */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return undefined;
    // leadingInt: [0-9]*, failing past 1<<63.
    let whole = 0n;
    let i = 0;
    for (; isDigit(s[i]); i++) {
      if (whole > INT64_LIMIT / 10n) return undefined;
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > INT64_LIMIT) return undefined;
    }
    const consumedWhole = i > 0;
    s = s.slice(i);
    // leadingFraction: (\.[0-9]*)?, digits past int64 precision ignored.
    let fraction = 0n;
    let scale = 1;
    let consumedFraction = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let overflow = false;
      let j = 0;
      for (; isDigit(s[j]); j++) {
        if (overflow) continue;
        if (fraction > (INT64_LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = fraction * 10n + BigInt(s.charCodeAt(j) - 48);
        if (next > INT64_LIMIT) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      consumedFraction = j > 0;
      s = s.slice(j);
    }
    if (!consumedWhole && !consumedFraction) return undefined;
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) return undefined;
    const unit = DURATION_UNITS.get(s.slice(0, u));
    if (unit === undefined) return undefined;
    s = s.slice(u);
    if (whole > INT64_LIMIT / unit) return undefined;
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fraction in float64: uint64(float64(f) * (float64(unit) / scale)).
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > INT64_LIMIT) return undefined;
    }
    total += value;
    if (total > INT64_LIMIT) return undefined;
  }
  if (negative) return -total;
  return total > INT64_LIMIT - 1n ? undefined : total;
}

/**
 * Go's `strconv.ParseInt(text, 10, bits)`: an optional sign and decimal digits (no '_' in base
 * 10), within a signed integer of `bits` bits. Undefined where Go returns an error.
 */
export function parseGoInt(text: string, bits: 32 | 64): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  const limit = 2n ** BigInt(bits - 1);
  return value >= -limit && value < limit ? value : undefined;
}

/**
 * Go's `strconv.ParseFloat(text, 64)`: decimal and hexadecimal floats ('_' only after a base
 * prefix), and "inf", "infinity" (either with a sign) and "nan", in any case. Undefined where Go
 * returns an error, including a finite number too large for a float64.
 */
export function parseGoFloat(text: string): number | undefined {
  const special = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  let value: number;
  if (/^[+-]?0[xX]/.test(text)) {
    const hex = /^([+-]?)0[xX](_?[0-9a-fA-F](?:_?[0-9a-fA-F])*)?(?:\.([0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?[pP]([+-]?[0-9](?:_?[0-9])*)$/.exec(text);
    if (!hex || (hex[2] === undefined && hex[3] === undefined)) return undefined;
    const digits = `${(hex[2] ?? '').replace(/_/g, '')}${(hex[3] ?? '').replace(/_/g, '')}`;
    const exponent = Number(hex[4].replace(/_/g, '')) - 4 * (hex[3] ?? '').replace(/_/g, '').length;
    value = (hex[1] === '-' ? -1 : 1) * Number.parseInt(digits || '0', 16) * 2 ** exponent;
  } else {
    if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return undefined;
    value = Number(text);
  }
  return Number.isFinite(value) ? value : undefined;
}

/** A plain YAML scalar as Go's YAML reader decodes it into an `interface{}`. */
export interface GoYamlValue {
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'null';
  readonly value: string | number | boolean | null;
}

/** yaml.v2's table of words (sigs.k8s.io/yaml goyaml.v2/resolve.go `resolveMapList`), YAML 1.1's bools included. */
const GO_YAML_WORDS = new Map<string, GoYamlValue>();
for (const [words, resolved] of [
  [['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'], { type: 'bool', value: true }],
  [['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'], { type: 'bool', value: false }],
  [['', '~', 'null', 'Null', 'NULL'], { type: 'null', value: null }],
  [['.nan', '.NaN', '.NAN'], { type: 'float', value: NaN }],
  [['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'], { type: 'float', value: Infinity }],
  [['-.inf', '-.Inf', '-.INF'], { type: 'float', value: -Infinity }],
] as [string[], GoYamlValue][]) {
  for (const word of words) GO_YAML_WORDS.set(word, resolved);
}
/** The first characters yaml.v2 resolves at all (`resolveTable`): signs, digits, '.', and the initials of its words. */
const GO_YAML_HINTS = /^[-+0-9.yYnNtTfFoO~]/;
const GO_YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's timestamp forms yaml.v2 tries (it keeps them as strings when decoding into interface{}). */
const GO_YAML_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/**
 * Go's `strconv.ParseInt(text, 0, 64)` and then `ParseUint(text, 0, 64)`: a sign, then `0x`, `0o`,
 * `0b` (either case) or a leading `0` for octal, or decimal digits. Undefined on an error.
 */
function parseGoIntBase0(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2];
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.replace(/^0([XOB])/, (_, p: string) => `0${p.toLowerCase()}`));
  const value = match[1] === '-' ? -magnitude : magnitude;
  const fitsInt64 = value >= -INT64_LIMIT && value < INT64_LIMIT;
  const fitsUint64 = match[1] === '' && value < (2n ** 64n);
  return fitsInt64 || fitsUint64 ? value : undefined;
}

/**
 * What Kubernetes' YAML reader (sigs.k8s.io/yaml, its fork of go-yaml v2: goyaml.v2/resolve.go
 * `resolve`) makes of a plain (unquoted) scalar: YAML 1.1's words, Go's integer syntax with '_'
 * removed (so `0o17`, `0X1F` and `-0b1` are numbers), yaml.v2's floats, and timestamps kept as
 * strings.
 */
export function resolveGoYamlPlain(text: string): GoYamlValue {
  if (text !== '' && !GO_YAML_HINTS.test(text)) return { type: 'string', value: text };
  const word = GO_YAML_WORDS.get(text);
  if (word) return word;
  if (text[0] === '.') {
    const float = parseGoFloat(text);
    return float === undefined ? { type: 'string', value: text } : { type: 'float', value: float };
  }
  if (!/^[-+0-9]/.test(text) || GO_YAML_TIMESTAMP.test(text)) return { type: 'string', value: text };
  const plain = text.replace(/_/g, '');
  const int = parseGoIntBase0(plain);
  if (int !== undefined) return { type: 'int', value: Number(int) };
  if (GO_YAML_STYLE_FLOAT.test(plain)) {
    const float = parseGoFloat(plain);
    if (float !== undefined) return { type: 'float', value: float };
  }
  return { type: 'string', value: text };
}
