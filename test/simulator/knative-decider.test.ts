/**
 * The decider's cases, transcribed from knative/serving `pkg/autoscaler/scaling/autoscaler_test.go`
 * (v1.23). Each test names the upstream test function it transcribes.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { DeciderSpec, KnativeDecider, ScaleResult } from '../../src';
import '../properties/settings'; // the fixed seed of the property tests

/** Upstream's `targetUtilization` and `stableWindow` constants. */
const TARGET_UTILIZATION = 0.75;
const STABLE_WINDOW = Duration.seconds(60);
const T0 = 1_000;

/** Upstream's `newTestAutoscalerWithScalingMetric`: the decider starts with one ready pod. */
function testSpec(targetValue: number, targetBurstCapacity: number, overrides: Partial<DeciderSpec> = {}): DeciderSpec {
  return {
    scalingMetric: 'concurrency',
    targetValue,
    totalValue: targetValue / TARGET_UTILIZATION,
    targetBurstCapacity,
    panicThreshold: 2,
    maxScaleUpRate: 10,
    maxScaleDownRate: 10,
    stableWindow: STABLE_WINDOW,
    reachable: true,
    ...overrides,
  };
}

/** Upstream's `expectedEBC`. */
function expectedEBC(totCap: number, targetBC: number, recordedConcurrency: number, numPods: number): number {
  return Math.floor(totCap / TARGET_UTILIZATION * numPods - targetBC - recordedConcurrency);
}

/** Upstream's `expectScale`: the excess burst capacity may differ by 1 (approxEquateInt32). */
function expectScale(got: ScaleResult, desiredPodCount: number, excessBurstCapacity: number, scaleValid = true): void {
  expect({ desiredPodCount: got.desiredPodCount, scaleValid: got.scaleValid }).toEqual({ desiredPodCount, scaleValid });
  expect(Math.abs(got.excessBurstCapacity - excessBurstCapacity)).toBeLessThanOrEqual(1);
}

function tick(decider: KnativeDecider, nowSeconds: number, readyPodCount: number, stable: number, panic: number): ScaleResult {
  return decider.scale({ nowSeconds, readyPodCount, observedStableValue: stable, observedPanicValue: panic });
}

describe('KnativeDecider: scale-down delay', () => {
  const delaySpec: DeciderSpec = {
    targetValue: 10,
    totalValue: 0,
    targetBurstCapacity: 0,
    maxScaleDownRate: 10,
    maxScaleUpRate: 10,
    panicThreshold: 100,
    scaleDownDelay: Duration.minutes(5),
    reachable: true,
    stableWindow: STABLE_WINDOW,
  };

  test('TestAutoscalerScaleDownDelay: simple, then gradual', () => {
    const as = new KnativeDecider(delaySpec, 0, 0);
    expect(tick(as, 2, 0, 40, 40).desiredPodCount).toBe(4);
    expect(tick(as, 300, 0, 0, 0).desiredPodCount).toBe(4); // five minutes at reduced concurrency: still 4
    expect(tick(as, 302, 0, 0, 0).desiredPodCount).toBe(0); // five minutes and 2 s: scale down
    // gradual
    expect(tick(as, 540, 0, 40, 40).desiredPodCount).toBe(4);
    expect(tick(as, 600, 0, 30, 30).desiredPodCount).toBe(4); // 4 still dominates
    expect(tick(as, 660, 0, 0, 0).desiredPodCount).toBe(4);
    expect(tick(as, 840, 0, 0, 0).desiredPodCount).toBe(3); // 4 scrolls out
    expect(tick(as, 900, 0, 0, 0).desiredPodCount).toBe(0); // everything scrolled out
  });

  test('TestAutoscalerScaleDownDelayNotReachable: an unreachable revision skips the delay', () => {
    const as = new KnativeDecider(delaySpec, 0, 0);
    expect(tick(as, 2, 0, 40, 40).desiredPodCount).toBe(4);
    expect(tick(as, 60, 0, 0, 0).desiredPodCount).toBe(4);
    as.update({ ...delaySpec, reachable: false });
    expect(tick(as, 2, 0, 0, 0).desiredPodCount).toBe(0);
  });

  test('TestAutoscalerScaleDownDelayZero: no delay scales down at once', () => {
    const as = new KnativeDecider({ ...delaySpec, scaleDownDelay: Duration.seconds(0) }, 0, 0);
    expect(tick(as, 0, 0, 40, 40).desiredPodCount).toBe(4);
    expect(tick(as, 0.5, 0, 20, 20).desiredPodCount).toBe(2);
  });
});

describe('KnativeDecider: stable and panic modes', () => {
  test('TestAutoscalerNoDataNoAutoscale and TestCantCountPods: invalid results', () => {
    const a = new KnativeDecider(testSpec(10, 100), 1, T0);
    expect(a.scale({ nowSeconds: T0, readyPodCount: 1, observedStableValue: 0, observedPanicValue: 0, metricsAvailable: false }))
      .toEqual({ desiredPodCount: 0, excessBurstCapacity: 0, scaleValid: false, inPanic: false });
    expect(a.scale({
      nowSeconds: T0,
      readyPodCount: 1,
      observedStableValue: 1000,
      observedPanicValue: 888,
      podCountAvailable: false,
    }).scaleValid).toBe(false);
  });

  test('TestAutoscalerMetrics', () => {
    expectScale(tick(new KnativeDecider(testSpec(10, 100), 1, T0), T0, 1, 50, 50), 5, expectedEBC(10, 100, 50, 1));
  });

  test('TestAutoscalerMetricsWithRPS: the rps metric, in panic', () => {
    const a = new KnativeDecider(testSpec(10, 100, { scalingMetric: 'rps' }), 1, T0);
    const got = tick(a, T0 + 61, 1, 100, 99);
    expectScale(got, 10, expectedEBC(10, 100, 99, 1));
    expect(got.inPanic).toBe(true);
  });

  test('TestAutoscalerStableModeIncreaseWithConcurrencyDefault', () => {
    const a = new KnativeDecider(testSpec(10, 101), 1, T0);
    expectScale(tick(a, T0, 1, 50, 10), 5, expectedEBC(10, 101, 10, 1));
    expectScale(tick(a, T0, 1, 100, 10), 10, expectedEBC(10, 101, 10, 1));
  });

  test('TestAutoscalerStableModeIncreaseWithRPS', () => {
    const a = new KnativeDecider(testSpec(10, 101, { scalingMetric: 'rps' }), 1, T0);
    expectScale(tick(a, T0, 1, 50, 50), 5, expectedEBC(10, 101, 50, 1));
    expectScale(tick(a, T0, 1, 100, 99), 10, expectedEBC(10, 101, 99, 1));
  });

  test('TestAutoscalerUnpanicAfterSlowIncrease', () => {
    const a = new KnativeDecider(testSpec(1, 98), 1, T0);
    expectScale(tick(a, T0, 10, 11, 25), 25, expectedEBC(1, 98, 25, 10));
    expect(a.panicTimeSeconds).toBe(T0);
    expectScale(tick(a, T0 + 30, 40, 30, 41), 41, expectedEBC(1, 98, 41, 40));
    expect(a.panicTimeSeconds).toBe(T0); // panic time does not move
    expectScale(tick(a, T0 + 62, 55, 50, 56), 50, expectedEBC(1, 98, 56, 55)); // no longer in panic
    expect(a.panicTimeSeconds).toBeUndefined();
  });

  test('TestAutoscalerExtendPanicWindow', () => {
    const a = new KnativeDecider(testSpec(1, 98), 1, T0);
    expectScale(tick(a, T0, 10, 11, 25), 25, expectedEBC(1, 98, 25, 10));
    expectScale(tick(a, T0 + 30, 40, 30, 80), 80, expectedEBC(1, 98, 80, 40));
    expect(a.panicTimeSeconds).toBe(T0 + 30);
  });

  test('TestAutoscalerStableModeDecrease', () => {
    const a = new KnativeDecider(testSpec(10, 98), 1, T0);
    expectScale(tick(a, T0, 8, 100, 100), 10, expectedEBC(10, 98, 100, 8));
    expectScale(tick(a, T0, 8, 50, 50), 5, expectedEBC(10, 98, 50, 8));
  });

  test('TestAutoscalerStableModeNoTrafficScaleToZero', () => {
    const a = new KnativeDecider(testSpec(10, 75), 1, T0);
    expectScale(tick(a, T0, 1, 1, 0), 1, expectedEBC(10, 75, 0, 1));
    expectScale(tick(a, T0, 1, 0, 0), 0, expectedEBC(10, 75, 0, 1));
  });

  test('TestAutoscalerActivationScale', () => {
    const a = new KnativeDecider(testSpec(10, 75, { activationScale: 2 }), 1, T0);
    expectScale(tick(a, T0, 1, 0, 0), 0, expectedEBC(10, 75, 0, 1));
    expectScale(tick(a, T0, 1, 1, 0), 2, expectedEBC(10, 75, 0, 1));
  });

  test('TestAutoscalerPanicModeExponentialTrackAndStabilize', () => {
    const a = new KnativeDecider(testSpec(1, 101), 1, T0);
    expectScale(tick(a, T0, 1, 6, 6), 6, expectedEBC(1, 101, 6, 1));
    expectScale(tick(a, T0, 6, 36, 36), 36, expectedEBC(1, 101, 36, 6));
    expect(a.panicTimeSeconds).toBe(T0);
    expectScale(tick(a, T0 + 1, 36, 216, 216), 216, expectedEBC(1, 101, 216, 36));
    expect(a.panicTimeSeconds).toBe(T0 + 1);
    expectScale(tick(a, T0 + 1, 216, 1296, 1296), 1296, expectedEBC(1, 101, 1296, 216));
    expectScale(tick(a, T0 + 2, 1296, 1296, 1296), 1296, expectedEBC(1, 101, 1296, 1296));
  });

  test('TestAutoscalerPanicThenUnPanicScaleDown', () => {
    const a = new KnativeDecider(testSpec(10, 93), 1, T0);
    expectScale(tick(a, T0, 1, 100, 100), 10, expectedEBC(10, 93, 100, 1));
    const panicTime = T0 + 1;
    expectScale(tick(a, panicTime, 10, 100, 1000), 100, expectedEBC(10, 93, 1000, 10));
    expectScale(tick(a, panicTime + 30, 10, 1, 1), 100, expectedEBC(10, 93, 1, 10)); // still in panic
    expectScale(tick(a, panicTime + 61, 10, 1, 1), 1, expectedEBC(10, 93, 1, 10)); // after the stable window
  });

  test('TestAutoscalerRateLimitScaleUp and TestAutoscalerRateLimitScaleDown', () => {
    const up = new KnativeDecider(testSpec(10, 61), 1, T0);
    expectScale(tick(up, T0, 1, 1000, 1001), 10, expectedEBC(10, 61, 1001, 1)); // needs 100, only ×10
    expectScale(tick(up, T0, 10, 1000, 1001), 100, expectedEBC(10, 61, 1001, 10));
    const down = new KnativeDecider(testSpec(10, 61), 1, T0);
    expectScale(tick(down, T0, 100, 1, 1), 10, expectedEBC(10, 61, 1, 100));
    expectScale(tick(down, T0, 10, 1, 1), 1, expectedEBC(10, 61, 1, 10));
  });

  test('TestAutoscalerUseOnePodAsMinimumIfEndpointsNotFound', () => {
    expectScale(tick(new KnativeDecider(testSpec(10, 81), 1, T0), T0, 0, 1000, 888), 10, expectedEBC(10, 81, 888, 0));
  });

  test('TestAutoscalerUpdateTarget', () => {
    const a = new KnativeDecider(testSpec(10, 77), 1, T0);
    expectScale(tick(a, T0, 1, 100, 101), 10, expectedEBC(10, 77, 101, 1));
    a.update({
      targetValue: 1,
      totalValue: 1 / TARGET_UTILIZATION,
      targetBurstCapacity: 71,
      panicThreshold: 2,
      maxScaleDownRate: 10,
      maxScaleUpRate: 10,
      stableWindow: STABLE_WINDOW,
    });
    expectScale(tick(a, T0, 10, 100, 101), 100, expectedEBC(1, 71, 101, 10));
  });

  test('TestStartInPanicMode and TestNewFail: more than one ready pod at start means panic', () => {
    const spec = {
      targetValue: 100,
      totalValue: 120,
      targetBurstCapacity: 11,
      panicThreshold: 220,
      maxScaleUpRate: 10,
      maxScaleDownRate: 10,
      stableWindow: STABLE_WINDOW,
    };
    for (const ready of [0, 1]) {
      const a = new KnativeDecider(spec, ready, T0);
      expect([a.inPanic, a.panicPodCount]).toEqual([false, ready]);
    }
    const a = new KnativeDecider(spec, 2, T0);
    expect([a.inPanic, a.panicPodCount]).toEqual([true, 2]);
  });
});

/** TestAutoscalerScale's table: the decider starts at one ready pod, then `baseScale` pods are ready. */
describe('KnativeDecider: TestAutoscalerScale', () => {
  const inPanicSince5s = (spec: DeciderSpec) => new KnativeDecider(spec, 5, T0 - 5); // prepFunc: panicTime = now-5s, maxPanicPods = 5
  const cases: Array<[string, KnativeDecider, number, number, number, number, number]> = [
    // label, autoscaler, baseScale, stable, panic, wantScale, wantEBC
    ['AutoscalerNoDataAtZeroNoAutoscale', new KnativeDecider(testSpec(10, 100), 1, T0), 1, 0, 0, 0, expectedEBC(10, 100, 0, 1)],
    ['AutoscalerStableModeUnlimitedTBC', new KnativeDecider(testSpec(181, -1), 1, T0), 1, 21, 26, 1, -1],
    ['Autoscaler0TBC', new KnativeDecider(testSpec(10, 0), 1, T0), 1, 50, 49, 5, 0],
    ['AutoscalerStableModeNoChange', new KnativeDecider(testSpec(10, 100), 1, T0), 1, 50, 50, 5, expectedEBC(10, 100, 50, 1)],
    ['AutoscalerPanicStableLargerThanPanic', inPanicSince5s(testSpec(1, 100)), 5, 50, 30, 50, expectedEBC(1, 100, 30, 5)],
    ['AutoscalerPanicStableLessThanPanic', inPanicSince5s(testSpec(1, 100)), 5, 20, 30, 30, expectedEBC(1, 100, 30, 5)],
    ['AutoscalerStableModeNoChangeAlreadyScaled', new KnativeDecider(testSpec(10, 100), 1, T0), 5, 50, 50, 5, expectedEBC(10, 100, 50, 5)],
    ['AutoscalerStableModeIncreaseWithSmallScaleUpRate', new KnativeDecider(testSpec(1, 1982, { maxScaleUpRate: 1.1 }), 1, T0), 2, 3, 3.1, 3, expectedEBC(1, 1982, 3.1, 2)],
    ['AutoscalerStableModeDecreaseWithSmallScaleDownRate', new KnativeDecider(testSpec(10, 1982, { maxScaleDownRate: 1.1 }), 1, T0), 100, 1, 1, 90, expectedEBC(10, 1982, 1, 100)],
    ['AutoscalerStableModeDecreaseNonReachable', new KnativeDecider(testSpec(10, 1982, { maxScaleDownRate: 1.1, reachable: false }), 1, T0), 100, 1, 1, 1, expectedEBC(10, 1982, 1, 100)],
    ['AutoscalerPanicModeDoublePodCount', new KnativeDecider(testSpec(10, 84), 1, T0), 1, 50, 100, 10, expectedEBC(10, 84, 100, 1)],
  ];
  test.each(cases)('%s', (_label, as, baseScale, stable, panic, wantScale, wantEBC) => {
    expectScale(tick(as, T0, baseScale, stable, panic), wantScale, wantEBC);
  });
});

describe('KnativeDecider: input checks and properties', () => {
  test('every wrong prop is named in one message', () => {
    expect(() => new KnativeDecider({
      scalingMetric: 'cpu',
      targetValue: 0,
      totalValue: -1,
      targetBurstCapacity: -2,
      panicThreshold: Number.NaN,
      maxScaleUpRate: 1,
      maxScaleDownRate: '2' as unknown as number,
      stableWindow: 60 as unknown as Duration,
    })).toThrow([
      'Invalid KnativeDecider:',
      '  - \'scalingMetric\' is "cpu": must be \'concurrency\' or \'rps\'',
      '  - \'targetValue\' is 0: must be a number from 0.01 to 1.7976931348623157e+308',
      '  - \'totalValue\' is -1: must be a number from 0 to 1.7976931348623157e+308',
      '  - \'targetBurstCapacity\' is -2: must be -1 or a number of at least 0',
      '  - \'panicThreshold\' is NaN: must be a number from 0 to 1.7976931348623157e+308',
      '  - \'maxScaleUpRate\' is 1: must be a number of more than 1',
      '  - \'maxScaleDownRate\' is "2": must be a number of more than 1',
      '  - \'stableWindow\' is 60: must be a Duration from 1 s to 3600 s. For example Duration.seconds(60)',
    ].join('\n'));
  });

  test('a tick that is not an object, or has wrong values, gets the library\'s message', () => {
    const a = new KnativeDecider(testSpec(1, 0));
    expect(() => a.scale(undefined as never)).toThrow("Invalid KnativeDecider.scale:\n  - 'tick' is undefined: must be an object of props");
    expect(() => a.scale({ nowSeconds: 0, readyPodCount: 1.5, observedStableValue: -1, observedPanicValue: Infinity })).toThrow([
      'Invalid KnativeDecider.scale:',
      "  - 'readyPodCount' is 1.5: must be a whole number from 0 to 2147483647",
      "  - 'observedStableValue' is -1: must be a number from 0 to 1.7976931348623157e+308",
      "  - 'observedPanicValue' is Infinity: must be a number from 0 to 1.7976931348623157e+308",
    ].join('\n'));
  });

  test('property: desired pods stay within the rate limits unless activation scale or panic holds them', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 0, max: 500 }),
      fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 1.01, max: 100, noNaN: true }),
      (target, ready, observed, rate) => {
        const a = new KnativeDecider(testSpec(target, 0, { maxScaleUpRate: rate, maxScaleDownRate: rate, panicThreshold: 1000 }), 0, 0);
        const { desiredPodCount } = tick(a, 0, ready, observed, 0);
        const n = Math.max(1, ready);
        return desiredPodCount <= Math.ceil(rate * n) && desiredPodCount >= Math.min(Math.floor(n / rate), Math.ceil(observed / target));
      }));
  });

  test('property: hostile values never escape as a TypeError', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), (x, y) => {
      try {
        new KnativeDecider({ ...testSpec(1, 0), targetValue: x as number, stableWindow: y as Duration });
      } catch (e) {
        return (e as Error).message.startsWith('Invalid KnativeDecider:');
      }
      return typeof x === 'number';
    }));
  });
});
