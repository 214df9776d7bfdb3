/**
 * The ports of Go's parsers (src/_go-values.ts) against Go's own test tables: src/time/time_test.go
 * `parseDurationTests` and `parseDurationErrorTests`, src/strconv/atoi_test.go and atof_test.go, and
 * go-yaml v2's decode_test.go (the resolutions sigs.k8s.io/yaml's fork keeps).
 */
import { parseGoDuration, parseGoFloat, parseGoInt, resolveGoYamlPlain } from '../src/_go-values';

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const S = 1000n * MS;
const M = 60n * S;
const H = 60n * M;

describe('time.ParseDuration', () => {
  test.each([
    ['0', 0n], ['5s', 5n * S], ['30s', 30n * S], ['1478s', 1478n * S],
    ['-5s', -5n * S], ['+5s', 5n * S], ['-0', 0n], ['+0', 0n],
    ['5.0s', 5n * S], ['5.6s', 5n * S + 600n * MS], ['5.s', 5n * S], ['.5s', 500n * MS], ['1.0s', S], ['1.00s', S], ['1.004s', S + 4n * MS],
    ['1.0040s', S + 4n * MS], ['100.00100s', 100n * S + 1n * MS],
    ['10ns', 10n], ['11us', 11n * US], ['12µs', 12n * US], ['12μs', 12n * US], ['13ms', 13n * MS], ['14s', 14n * S], ['15m', 15n * M], ['16h', 16n * H],
    ['3h30m', 3n * H + 30n * M], ['10.5s4m', 4n * M + 10n * S + 500n * MS], ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)],
    ['1h2m3s4ms5us6ns', H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n], ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS],
    ['52763797000ns', 52763797000n], ['0.3333333333333333333h', 20n * M], ['9007199254740993ns', (2n ** 53n) + 1n],
    ['9223372036854775807ns', (2n ** 63n) - 1n], ['9223372036854775.807us', (2n ** 63n) - 1n], ['9223372036s854ms775us807ns', (2n ** 63n) - 1n],
    ['-9223372036854775808ns', -(2n ** 63n)], ['-9223372036854775.808us', -(2n ** 63n)], ['-9223372036s854ms775us808ns', -(2n ** 63n)],
    ['-2562047h47m16.854775808s', -(2n ** 63n)], ['0.100000000000000000000h', 6n * M], ['0.830103483285477580700h', 49n * M + 48n * S + 372539827n],
  ])('%s', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toBe(nanoseconds);
  });

  test.each(['', '3', '-', 's', '.', '-.', '.s', '+.s', '1d', '\x85\x85', '\xffff', 'hello \xffff world', '9223372036854775808ns',
    '9223372036854775.808us', '9223372036854ms775us808ns', '-9223372036854775809ns', '2562048h', '4800000h', '1e+24ms'])('%s is an error', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('strconv', () => {
  test.each([
    ['0', 32, 0n], ['-0', 32, 0n], ['+1', 32, 1n], ['2147483647', 32, 2147483647n], ['-2147483648', 32, -2147483648n],
    ['9223372036854775807', 64, (2n ** 63n) - 1n], ['2147483648', 32, undefined], ['-2147483649', 32, undefined], ['1_0', 32, undefined],
    ['0x10', 32, undefined], ['', 32, undefined], ['1.0', 32, undefined], ['9223372036854775808', 64, undefined],
  ] as const)('ParseInt(%j, 10, %d)', (text, bits, value) => {
    expect(parseGoInt(text, bits)).toBe(value);
  });

  test.each([
    ['1', 1], ['+1', 1], ['1e23', 1e23], ['1E23', 1e23], ['.5', 0.5], ['5.', 5], ['-0.25e1', -2.5], ['inf', Infinity], ['-Inf', -Infinity],
    ['+INFINITY', Infinity], ['0x1p-2', 0.25], ['0x1.8p1', 3], ['0x_1p0', 1], ['1e400', undefined], ['1_0', undefined], ['+nan', undefined],
    ['0x1', undefined], ['', undefined], ['1.5.5', undefined], ['Infinityx', undefined],
  ] as const)('ParseFloat(%j, 64)', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  test('ParseFloat reads nan in any case', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
    expect(parseGoFloat('nan')).toBeNaN();
  });
});

describe('go-yaml v2 resolves plain scalars', () => {
  test.each([
    ['y', true], ['Yes', true], ['ON', true], ['n', false], ['off', false], ['True', true], ['FALSE', false],
    ['~', null], ['null', null], ['', null], ['.inf', Infinity], ['-.Inf', -Infinity],
    ['1', 1], ['-1', -1], ['0b101', 5], ['-0b101', -5], ['0x1F', 31], ['0X1F', 31], ['0o17', 15], ['0O17', 15], ['017', 15], ['1_000', 1000],
    ['+0o7', 7], ['1.5', 1.5], ['.5', 0.5], ['1e3', 1000], ['6.8523e+5', 685230], ['09', 9],
  ] as const)('%j is not a string', (text, value) => {
    expect(resolveGoYamlPlain(text).value).toBe(value);
    expect(resolveGoYamlPlain(text).type).not.toBe('string');
  });

  test.each(['NaN', 'nan', 'Infinity', 'inf', '<<', '=', '0o', '0o8', '1:20', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'a', '0x', '1.5.5', '_1', 'yes!'])(
    '%j stays a string', (text) => {
      expect(resolveGoYamlPlain(text)).toEqual({ type: 'string', value: text });
    });

  test('.nan is NaN', () => {
    expect(resolveGoYamlPlain('.nan').value).toBeNaN();
  });
});
