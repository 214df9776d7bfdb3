/**
 * The metric windows' cases, transcribed from knative/serving `pkg/autoscaler/aggregation/bucketing_test.go`,
 * `max/window_test.go` and `max/timewindow_test.go` (v1.23).
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { MaxTimeWindow, MaxWindow, TimedFloat64Buckets } from '../../src';
import '../properties/settings'; // the fixed seed of the property tests

/** Upstream uses time.Now(): any time not on a bucket boundary. */
const NOW = 1_700_000_000.25;
const second = Duration.seconds(1);

describe('TimedFloat64Buckets', () => {
  test('TestTimedFloat64BucketsWindowAverage', () => {
    const buckets = new TimedFloat64Buckets(Duration.seconds(5), second);
    buckets.record(NOW, 1);
    expect(buckets.windowAverage(NOW)).toBe(1); // the partial window uses firstWrite; without it, 0.2
    for (let i = 1; i < 5; i++) buckets.record(NOW + i, i + 1);
    expect(buckets.windowAverage(NOW + 4)).toBe(15 / 5);
    expect(buckets.windowAverage(NOW + 3.6)).toBe(15 / 5); // `now` lags behind
    expect(buckets.windowAverage(NOW + 6)).toBe((15 - 1 - 2) / (5 - 2)); // a short hole
    expect(buckets.windowAverage(NOW + 10)).toBe(0); // a long hole
    buckets.record(NOW + 6, 91);
    expect(buckets.windowAverage(NOW + 6)).toBe((15 - 1 - 2 + 91) / 5); // a write after a hole
    const later = NOW + 60;
    buckets.record(later, 1984);
    expect(buckets.windowAverage(later)).toBe(1984);
    buckets.record(later - 3, 4); // an earlier time
    expect(buckets.windowAverage(later)).toBe((4 + 1984) / 4);
    buckets.record(later + 1, 5);
    expect(buckets.windowAverage(later + 1)).toBe((4 + 1984 + 5) / 5);
    buckets.record(later + 1 - 3, 10);
    expect(buckets.windowAverage(later + 1)).toBe((4 + 10 + 1984 + 5) / 5);
    buckets.record(later + 1 - 6, 10); // too early: ignored
    expect(buckets.windowAverage(later + 1)).toBe((4 + 10 + 1984 + 5) / 5);
  });

  test('TestDescendingRecord', () => {
    const buckets = new TimedFloat64Buckets(Duration.seconds(5), second);
    for (let i = 8; i >= 0; i--) buckets.record(NOW + i, 5);
    expect(buckets.windowAverage(NOW + 5)).toBe(5);
  });

  test('TestTimedFloat64BucketsHoles: seconds skipped by a write count as 0', () => {
    const buckets = new TimedFloat64Buckets(Duration.seconds(5), second);
    for (let i = 0; i < 5; i++) buckets.record(NOW + i, i + 1);
    expect(buckets.windowAverage(NOW + 4)).toBe(15 / 5);
    buckets.record(NOW + 8, 2);
    // Upstream: the buckets now sum to 7 (5 at +4, 2 at +8); the window is full, so the average is 7/5.
    expect(buckets.windowAverage(NOW + 8)).toBe(7 / 5);
  });

  test('TestTimedFloat64BucketsManyReps: several values in one second add up', () => {
    const buckets = new TimedFloat64Buckets(Duration.minutes(1), second);
    let t = Math.floor(NOW);
    for (let p = 0; p < 5; p++) {
      t += 1;
      for (let r = 0; r < 5; r++) buckets.record(t, p + r);
    }
    expect(buckets.windowAverage(t)).toBe(100 / 5);
  });

  test('TestRoundToNDigits: averages are floored to 6 decimals', () => {
    const buckets = new TimedFloat64Buckets(Duration.seconds(3), second);
    buckets.record(NOW, 1);
    buckets.record(NOW + 1, 1);
    buckets.record(NOW + 2, 0);
    expect(buckets.windowAverage(NOW + 2)).toBe(0.666666);
  });

  test('negative times: only differences matter, as on any clock', () => {
    const averages = (offset: number) => {
      const buckets = new TimedFloat64Buckets(Duration.seconds(60), second);
      buckets.record(offset - 5, 10);
      buckets.record(offset - 3, 1);
      buckets.record(offset + 2, 1);
      return buckets.windowAverage(offset + 2);
    };
    expect(averages(0)).toBe(averages(10));
    expect(averages(0)).toBe(1.5);
  });

  test('isEmpty after a window without data', () => {
    const buckets = new TimedFloat64Buckets(Duration.seconds(5), second);
    expect(buckets.isEmpty(NOW)).toBe(true);
    buckets.record(NOW, 1);
    expect([buckets.isEmpty(NOW + 5), buckets.isEmpty(NOW + 6)]).toEqual([false, true]);
  });

  test('wrong arguments get one message naming each', () => {
    expect(() => new TimedFloat64Buckets(Duration.millis(1500), 1 as unknown as Duration)).toThrow([
      'Invalid TimedFloat64Buckets:',
      "  - 'window' is 1 second 500 millis: must be a Duration of a whole number of seconds from 1 s to 366 days. For example Duration.seconds(60)",
      "  - 'granularity' is 1: must be a Duration of a whole number of seconds from 1 s to 366 days. For example Duration.seconds(60)",
    ].join('\n'));
    const buckets = new TimedFloat64Buckets(Duration.seconds(5), second);
    expect(() => buckets.record(Number.NaN, '1' as unknown as number)).toThrow(
      "Invalid TimedFloat64Buckets.record:\n  - 'timeSeconds' is NaN: must be a finite time in seconds\n  - 'value' is \"1\": must be a finite number");
  });

  test('property: the average of a constant stream is that constant', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 1000 }),
      (window, seconds, value) => {
        const buckets = new TimedFloat64Buckets(Duration.seconds(window), second);
        for (let i = 0; i < seconds; i++) buckets._record(i, value);
        return buckets.windowAverage(seconds - 1) === value;
      }));
  });
});

describe('MaxWindow: TestWindowMax', () => {
  const cases: Array<[string, number[], number[], ((i: number) => number)?]> = [
    ['single value', [1], [1]],
    ['ascending values', [1, 2], [1, 2]],
    ['descending values', [2, 1], [2, 2]],
    ['up, down, up', [1, 2, 1], [1, 2, 2]],
    ['windowing out', [5, 6, 5, 5, 5, 5, 5], [5, 6, 6, 6, 6, 6, 5]],
    ['windowing out with gaps', [6, 5, 2, 1], [6, 6, 6, 2], (i) => (i >= 3 ? i + 3 : i)],
    ['windowing out 2', [5, 6, 5, 7, 5, 5, 1], [5, 6, 6, 7, 7, 7, 7]],
    ['windowing out 3', [5, 8, 5, 7, 5, 5], [5, 8, 8, 8, 8, 8]],
    ['windowing out 4', [5, 8, 5, 7, 5, 5, 1], [5, 8, 8, 8, 8, 8, 7]],
    ['windowing out 5', [5, 8, 5, 7, 5, 5, 1, 4, 4, 4], [5, 8, 8, 8, 8, 8, 7, 7, 5, 5]],
    ['windowing out 6', [5, 8, 5, 7, 5, 5, 1, 4, 4, 4, 4], [5, 8, 8, 8, 8, 8, 7, 7, 5, 5, 4]],
    ['windowing out 7', [5, 8, 5, 7, 5, 5, 1, 4, 4, 4, 4, 9], [5, 8, 8, 8, 8, 8, 7, 7, 5, 5, 4, 9]],
    ['windowing out 8', [5, 8, 5, 7, 5, 5, 1, 4, 4, 4, 4, 9, 3, 4, 2, 1, 0], [5, 8, 8, 8, 8, 8, 7, 7, 5, 5, 4, 9, 9, 9, 9, 9, 4]],
    ['multiple with same index, ascending', [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], () => 1],
    ['multiple with same index, descending', [7, 6, 5, 4, 3, 2, 1], [7, 7, 7, 7, 7, 7, 7], () => 1],
  ];
  test.each(cases)('%s', (_name, values, expected, indexFunc = (i: number) => i) => {
    const max = new MaxWindow(5);
    expect(values.map((v, i) => {
      max.record(indexFunc(i), v);
      return max.current();
    })).toEqual(expected);
  });

  test('wrong arguments', () => {
    expect(() => new MaxWindow(0)).toThrow("Invalid MaxWindow:\n  - 'size' is 0: must be a whole number from 1 to 1000000");
    expect(() => new MaxWindow(2).record(0.5, Infinity)).toThrow(
      "Invalid MaxWindow.record:\n  - 'index' is 0.5: must be a whole number\n  - 'value' is Infinity: must be a finite number");
  });

  test('property: current() is the maximum of the last `size` indexes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 60 }),
      (size, values) => {
        const max = new MaxWindow(size);
        return values.every((v, i) => {
          max.record(i, v);
          return max.current() === Math.max(...values.slice(Math.max(0, i - size + 1), i + 1));
        });
      }));
  });
});

describe('MaxTimeWindow: TestTimedWindowMax', () => {
  const cases: Array<[string, Array<[number, number]>, number]> = [
    ['single value', [[0, 5]], 5],
    ['two values in same second', [[0, 6], [0.5, 5]], 6],
    ['two values', [[0, 5], [1, 8]], 8],
    ['time gap', [[0, 5], [6, 4]], 4],
  ];
  test.each(cases)('%s', (_name, values, want) => {
    const m = new MaxTimeWindow(Duration.seconds(5), second);
    for (const [offset, value] of values) m.record(Math.floor(NOW) + offset, value);
    expect(m.current()).toBe(want);
  });
});
