import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { ReferenceTrace, RequestTrace } from '../../src';
import '../properties/settings'; // the fixed seed of the property tests

describe('RequestTrace generators', () => {
  test('the same seed gives the same trace; another seed another', () => {
    const props = { duration: Duration.minutes(30), ratePerSecond: 2, seed: 42 };
    expect(RequestTrace.poisson(props).toCsv()).toBe(RequestTrace.poisson(props).toCsv());
    expect(RequestTrace.poisson({ ...props, seed: 43 }).toCsv()).not.toBe(RequestTrace.poisson(props).toCsv());
  });

  test('a Poisson trace has about rate × duration requests; a rate profile shapes it', () => {
    const flat = RequestTrace.poisson({ duration: Duration.hours(1), ratePerSecond: 5 });
    expect(Math.abs(flat.requestCount - 18_000) / 18_000).toBeLessThan(0.03);
    const profiled = RequestTrace.poisson({ duration: Duration.hours(1), ratePerSecond: 5, rateProfile: [0, 1] });
    expect(profiled._arrivals[0]).toBeGreaterThanOrEqual(1800);
  });

  test('the reference traces: their sizes with the documented seeds', () => {
    const counts = Object.values(ReferenceTrace).map((t) => {
      const trace = RequestTrace.reference(t);
      return [t, trace.requestCount, trace.durationSeconds];
    });
    expect(counts).toEqual([['bursty', 21_419, 21_600], ['diurnal', 174_730, 86_400], ['sparse', 164, 86_400]]);
  });

  test('bursts: most requests fall in the burst windows', () => {
    const trace = RequestTrace.bursty({
      duration: Duration.hours(1),
      baseRatePerSecond: 0.1,
      burstRatePerSecond: 10,
      burstEvery: Duration.minutes(10),
      burstLength: Duration.minutes(1),
    });
    const inBursts = Array.from(trace._arrivals).filter((t) => t % 600 < 60).length;
    expect(inBursts / trace.requestCount).toBeGreaterThan(0.9);
  });

  test('diurnal: the peak is at noon', () => {
    const trace = RequestTrace.diurnal({ duration: Duration.hours(24), peakRatePerSecond: 2, troughRatePerSecond: 0 });
    const hour = (h: number) => Array.from(trace._arrivals).filter((t) => t >= h * 3600 && t < (h + 1) * 3600).length;
    expect(hour(12)).toBeGreaterThan(20 * hour(0));
  });

  test('the usual idle gap of a sparse trace is near its mean gap', () => {
    const gap = RequestTrace.reference(ReferenceTrace.SPARSE).usualIdleGap()!.toMinutes({ integral: false });
    expect(gap).toBeGreaterThan(15);
    expect(gap).toBeLessThan(45);
    expect(RequestTrace.poisson({ duration: Duration.minutes(5), ratePerSecond: 10 }).usualIdleGap()).toBeUndefined();
  });

  test('a sparse session holds requestsPerSession on average past 745, where exp(-mean) underflows', () => {
    const perSession = (requestsPerSession: number) => {
      const trace = RequestTrace.sparse({
        duration: Duration.hours(12), meanGap: Duration.minutes(10), requestsPerSession, sessionRatePerSecond: 10_000, seed: 3,
      });
      const arrivals = trace._arrivals;
      let sessions = 1;
      for (let i = 1; i < arrivals.length; i++) if (arrivals[i] - arrivals[i - 1] > 5) sessions++;
      return trace.requestCount / sessions;
    };
    for (const mean of [1000, 5000]) expect(Math.abs(perSession(mean) - mean) / mean).toBeLessThan(0.02);
  });

  test('settings that would make more requests than a trace holds are refused before generating them', () => {
    expect(() => RequestTrace.poisson({ ratePerSecond: 10_000, duration: Duration.days(1) })).toThrow([
      'Invalid RequestTrace.poisson:',
      '  - \'ratePerSecond\' with the other settings makes about 864,000,000 requests; a trace holds at most 20,000,000: lower the rate or shorten the duration',
    ].join('\n'));
    expect(() => RequestTrace.diurnal({ peakRatePerSecond: 1000, troughRatePerSecond: 0, duration: Duration.days(1) }))
      .toThrow('\'peakRatePerSecond\' with the other settings makes about 43,200,000 requests');
    // Counted at the mean rate, not the peak: bursts of 1,000 a second for half of every hour make 43.2 million a day, not 86.4.
    expect(() => RequestTrace.bursty({
      duration: Duration.days(1), baseRatePerSecond: 0, burstRatePerSecond: 1000, burstEvery: Duration.hours(1), burstLength: Duration.minutes(30),
    })).toThrow('\'burstRatePerSecond\' with the other settings makes about 43,200,000 requests');
  });

  test('generator props are checked together', () => {
    expect(() => RequestTrace.bursty({
      duration: Duration.hours(1),
      baseRatePerSecond: -1,
      burstRatePerSecond: 1,
      burstEvery: Duration.minutes(1),
      burstLength: Duration.minutes(2),
      seed: 1.5,
    })).toThrow([
      'Invalid RequestTrace.bursty:',
      "  - 'seed' is 1.5: must be a whole number from 0 to 4294967295",
      "  - 'baseRatePerSecond' is -1: must be a number from 0 to 10000",
      "  - 'burstLength' (120 s) must not exceed 'burstEvery' (60 s)",
    ].join('\n'));
    expect(() => RequestTrace.reference('spiky' as ReferenceTrace)).toThrow("Invalid RequestTrace.reference:\n  - 'trace' is \"spiky\": must be one of bursty, diurnal, sparse");
  });
});

describe('RequestTrace from requests and CSV', () => {
  test('CSV round trip, with a header, comments and unsorted lines', () => {
    const trace = RequestTrace.fromCsv('arrival_seconds,service_seconds\n# a comment\n3.5,0.2\n1,0.5\n\n');
    expect([trace.requestCount, trace.durationSeconds, Array.from(trace._arrivals)]).toEqual([2, 604, [1, 3.5]]);
    expect(trace.toCsv()).toBe('arrival_seconds,service_seconds\n1,0.5\n3.5,0.2\n');
    expect(RequestTrace.fromCsv(trace.toCsv()).toCsv()).toBe(trace.toCsv());
  });

  test('bad CSV lines are all reported with their numbers', () => {
    expect(() => RequestTrace.fromCsv('1,0.5\nx,1\n2,-1\n3\n')).toThrow(
      "Invalid RequestTrace.fromCsv:\n  - 3 line(s) are not 'arrival_seconds,service_seconds' with an arrival of at least 0 and a service time of more than 0: "
      + 'line 2: "x,1"; line 3: "2,-1"; line 4: "3"');
    expect(() => RequestTrace.fromCsv(42 as unknown as string)).toThrow("Invalid RequestTrace.fromCsv:\n  - 'csv' is 42: must be the text of a CSV file");
  });

  test('an arrival past the 366 days a trace covers is refused', () => {
    expect(() => RequestTrace.fromRequests({ arrivalSeconds: [0, 1e10], serviceSeconds: [1, 1] })).toThrow([
      'Invalid RequestTrace.fromRequests:',
      '  - \'arrivalSeconds\' holds an arrival at 10000000000 s: a trace covers at most 31622400 s (366 days), and one without a duration runs 600 s past its last arrival',
    ].join('\n'));
  });

  test('lists of different lengths or with bad values', () => {
    expect(() => RequestTrace.fromRequests({ arrivalSeconds: [1, -2, Number.NaN], serviceSeconds: [0] })).toThrow([
      'Invalid RequestTrace.fromRequests:',
      "  - 'arrivalSeconds' has 3 values and 'serviceSeconds' 1: give one service time per arrival",
      "  - 'arrivalSeconds' has values that are not finite numbers of at least 0: [1] = -2, [2] = NaN",
      "  - 'serviceSeconds' has values that are not finite numbers of more than 0: [0] = 0",
    ].join('\n'));
  });

  test('property: hostile inputs get the library\'s error, never a TypeError', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), (a, s) => {
      try {
        RequestTrace.fromRequests({ arrivalSeconds: a as number[], serviceSeconds: s as number[] });
        return Array.isArray(a) && Array.isArray(s);
      } catch (e) {
        return (e as Error).message.startsWith('Invalid RequestTrace.fromRequests:');
      }
    }));
  });
});
