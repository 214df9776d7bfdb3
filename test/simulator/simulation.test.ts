import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AutoscalingPreset, AutoscalingSimulation, KnativeAutoscalingSettings, KnativeAutoscalingValues, PresetKnativeValues, ReferenceTrace, RequestTrace,
} from '../../src';
import { runs } from '../properties/settings';

/** One pod per request in flight, a 6 s window, starting at zero: small enough to follow by hand. */
const handPolicy: KnativeAutoscalingValues = {
  containerConcurrency: 1,
  targetUtilizationPercentage: 100,
  stableWindow: Duration.seconds(6),
  initialScale: 0,
};

describe('AutoscalingSimulation: a trace followed by hand', () => {
  const trace = RequestTrace.fromRequests({ arrivalSeconds: [5.5, 5.7, 200.2], serviceSeconds: [1, 1, 2], duration: Duration.seconds(400) });
  const result = AutoscalingSimulation.run({ trace, policy: handPolicy, server: { coldStart: Duration.seconds(10) }, pricePerGpuHour: 3 });

  test('two requests at zero wait for a pod; a third, after the scale to zero, is buffered and pokes the autoscaler', () => {
    // t=6: the first decision sees 0.8 requests on average and wants 1 pod; t=8: 2 pods (panic: 2 wanted, none ready).
    // Pod 1 is ready at 16 and serves the two requests one after the other (waits 10.5 s and 11.3 s); the revision
    // goes back to zero, then the third request at 200.2 pokes a decision at 201 and waits 10.8 s.
    expect(result.timeline.desiredPods.slice(0, 10)).toEqual([0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);
    expect(result.timeline.readyPods.slice(14, 20)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(result.timeline.desiredPods.slice(199, 202)).toEqual([0, 1, 1]);
    expect([result.served, result.coldStartDelayed, result.timedOut, result.unfinished]).toEqual([3, 3, 0, 0]);
    expect([result.coldStartWaitP50, result.coldStartWaitP99]).toEqual([expect.closeTo(10.8, 9), expect.closeTo(11.3, 9)]);
    expect(result.latencyP99).toBeCloseTo(12.8, 9);
  });

  test('each pod is billed in whole minutes; cost is GPU-minutes × price / 60', () => {
    expect([result.podStarts, result.scaleToZeroEvents, result.maxBilledPods, result.gpuMinutes]).toEqual([3, 2, 2, 3]);
    expect(result.cost).toBeCloseTo(0.15, 9);
  });
});

describe('AutoscalingSimulation: behaviours', () => {
  test('once the initial pod is ready, a warm pod (min-scale 1) serves without cold starts', () => {
    const arrivals = Array.from({ length: 100 }, (_, i) => 60 + 5 * i);
    const trace = RequestTrace.fromRequests({ arrivalSeconds: arrivals, serviceSeconds: arrivals.map(() => 0.2), duration: Duration.minutes(10) });
    const result = AutoscalingSimulation.run({
      trace,
      policy: { ...handPolicy, minScale: 1, initialScale: 1 },
      server: { coldStart: Duration.seconds(30) },
    });
    expect(result.coldStartDelayed).toBe(0);
    expect(result.warmLatencyP50).toBeCloseTo(0.2, 9);
    expect(result.gpuMinutes).toBe(10);
  });

  test('requests that wait longer than the request timeout fail', () => {
    const trace = RequestTrace.fromRequests({ arrivalSeconds: [1, 2, 3], serviceSeconds: [1, 1, 1], duration: Duration.seconds(120) });
    const result = AutoscalingSimulation.run({
      trace,
      policy: { ...handPolicy, requestTimeout: Duration.seconds(5) },
      server: { coldStart: Duration.seconds(60) },
    });
    expect([result.served, result.timedOut]).toEqual([0, 3]);
  });

  test('a batching server: more requests at once, each slower', () => {
    const trace = RequestTrace.fromRequests({ arrivalSeconds: [0.1, 0.1, 0.1, 0.1], serviceSeconds: [1, 1, 1, 1], duration: Duration.seconds(60) });
    const result = AutoscalingSimulation.run({
      trace, policy: { containerConcurrency: 0, minScale: 1 }, server: { coldStart: Duration.seconds(0), serverConcurrency: 4, batchSlowdown: 0.5 },
    });
    // The initial pod is ready at 0; the four requests start together at 0.1 and take 1, 1.5, 2 and 2.5 s.
    expect([result.latencyP50, result.latencyP99]).toEqual([1.5, 2.5]);
  });

  test('advance() in steps gives the same result as run(), and reports progress', () => {
    const props = {
      trace: RequestTrace.reference(ReferenceTrace.SPARSE),
      policy: PresetKnativeValues.of(AutoscalingPreset.GPU_TUNED),
      server: { coldStart: Duration.seconds(60) },
    };
    const stepped = new AutoscalingSimulation(props);
    const progress: number[] = [];
    while (stepped.advance(6 * 3600)) progress.push(stepped.progress);
    expect(progress).toEqual([0.25, 0.5, 0.75]);
    expect(stepped.done).toBe(true);
    expect(stepped.result()).toEqual(AutoscalingSimulation.run(props));
  });

  test('wrong props name the prop; policy problems are prefixed', () => {
    expect(() => new AutoscalingSimulation({
      trace: [] as unknown as RequestTrace, policy: { stableWindow: Duration.seconds(2), metric: 'cpu' }, server: { coldStart: Duration.days(2), gpusPerReplica: 0 }, pricePerGpuHour: -2,
    })).toThrow([
      'Invalid AutoscalingSimulation:',
      "  - policy: 'metric' is \"cpu\": must be 'concurrency' or 'rps' (the KPA's metrics)",
      "  - policy: 'stableWindow' is 2 seconds: must be a Duration from 6 s to 3600 s",
      "  - 'trace' is an array of 0: must be a RequestTrace. For example RequestTrace.reference(ReferenceTrace.BURSTY)",
      "  - 'server.coldStart' is 2 days: must be a Duration from 0 s to 86400 s",
      "  - 'server.gpusPerReplica' is 0: must be a whole number from 1 to 64",
      "  - 'pricePerGpuHour' is -2: must be a number from 0 to 1000000",
    ].join('\n'));
    const simulation = new AutoscalingSimulation({
      trace: RequestTrace.reference(ReferenceTrace.SPARSE),
      policy: {},
      server: { coldStart: Duration.seconds(1) },
    });
    expect(() => simulation.advance(0)).toThrow("Invalid AutoscalingSimulation.advance:\n  - 'seconds' is 0: must be a number of more than 0");
  });

  test('property: every request is served, timed out or unfinished; billing covers the billed pods', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 2 }), (seed,
      coldStart, cc) => {
      const trace = RequestTrace.bursty({
        duration: Duration.minutes(20),
        baseRatePerSecond: 0.1,
        burstRatePerSecond: 3,
        burstEvery: Duration.minutes(5),
        burstLength: Duration.seconds(30),
        seed,
      });
      const result = AutoscalingSimulation.run({
        trace,
        policy: { containerConcurrency: cc, stableWindow: Duration.seconds(30) },
        server: { coldStart: Duration.seconds(coldStart) },
      });
      const podSeconds = result.timeline.billedPods.reduce((a, b) => a + b, 0);
      return result.served + result.timedOut + result.unfinished === result.requests && result.gpuMinutes * 60 >= podSeconds - result.podStarts;
    }), { numRuns: runs(25) });
  });
});

describe('KnativeAutoscalingSettings', () => {
  test('ResolveMetricTarget: containerConcurrency × utilization; a target above containerConcurrency is capped', () => {
    expect(KnativeAutoscalingSettings.resolve({
      containerConcurrency: 4,
      targetUtilizationPercentage: 90,
    }).deciderSpec).toMatchObject({ targetValue: 3.6, totalValue: 4 });
    expect(KnativeAutoscalingSettings.resolve({ containerConcurrency: 4, target: 10 }).deciderSpec).toMatchObject({
      targetValue: 2.8,
      totalValue: 4,
    });
    expect(KnativeAutoscalingSettings.resolve({}).deciderSpec).toMatchObject({
      targetValue: 70,
      totalValue: 100,
      targetBurstCapacity: 211,
      panicThreshold: 2,
    });
    expect(KnativeAutoscalingSettings.resolve({ metric: 'rps' }).deciderSpec).toMatchObject({ targetValue: 140, totalValue: 200 });
  });

  test('panic window: max(1, round(stable window × percentage / 100))', () => {
    const panic = (seconds: number, percentage: number) => KnativeAutoscalingSettings.resolve({
      stableWindow: Duration.seconds(seconds),
      panicWindowPercentage: percentage,
    }).panicWindow.toSeconds();
    expect([panic(60, 10), panic(60, 51), panic(10, 10), panic(180, 16.67), panic(120, 25)]).toEqual([6, 31, 1, 30, 30]);
  });

  test('the presets map to Knative values; what a preset leaves unset takes Knative\'s default', () => {
    const tuned = KnativeAutoscalingSettings.resolve(PresetKnativeValues.of(AutoscalingPreset.GPU_TUNED));
    expect(tuned.deciderSpec).toMatchObject({ targetValue: 0.9, totalValue: 1, maxScaleUpRate: 1000, maxScaleDownRate: 2, targetBurstCapacity: 211 });
    expect([tuned.panicWindow.toSeconds(), tuned.scaleToZeroPodRetentionPeriod.toMinutes(),
      tuned.progressDeadline.toMinutes()]).toEqual([30, 30, 30]);
    const seed = KnativeAutoscalingSettings.resolve(PresetKnativeValues.of(AutoscalingPreset.SEED_GUIDE));
    expect(seed.deciderSpec).toMatchObject({ targetValue: 90, maxScaleUpRate: 1.5, maxScaleDownRate: 1.01 });
    expect(() => PresetKnativeValues.of('GPU_TUNED' as never)).toThrow(
      'Invalid PresetKnativeValues.of:\n  - \'preset\' is "GPU_TUNED": must be an AutoscalingPreset. For example AutoscalingPreset.GPU_TUNED');
  });

  test('a key that is no Knative value is refused, with the one it looks like', () => {
    expect(() => KnativeAutoscalingSettings.resolve({ maxscale: 1, window: Duration.seconds(600) } as any)).toThrow([
      'Invalid KnativeAutoscalingValues:',
      '  - \'maxscale\' is no Knative autoscaling value; did you mean \'maxScale\'?',
      '  - \'window\' is no Knative autoscaling value: use containerConcurrency, metric, target, targetUtilizationPercentage, containerConcurrencyTargetDefault, '
      + 'requestsPerSecondTargetDefault, targetBurstCapacity, stableWindow, panicWindowPercentage, panicThresholdPercentage, maxScaleUpRate, maxScaleDownRate, '
      + 'scaleDownDelay, activationScale, minScale, maxScale, initialScale, enableScaleToZero, scaleToZeroGracePeriod, scaleToZeroPodRetentionPeriod, '
      + 'progressDeadline, requestTimeout',
    ].join('\n'));
  });

  test('a stable window or a scale-down delay finer than a second is refused, as Knative refuses it', () => {
    expect(() => KnativeAutoscalingSettings.resolve({ stableWindow: Duration.millis(6500), scaleDownDelay: Duration.millis(1500) })).toThrow([
      'Invalid KnativeAutoscalingValues:',
      '  - \'stableWindow\' is 6 seconds 500 millis: must be a whole number of seconds: Knative refuses a finer one. For example Duration.seconds(60)',
      '  - \'scaleDownDelay\' is 1 second 500 millis: must be a whole number of seconds: Knative refuses a finer one. For example Duration.seconds(60)',
    ].join('\n'));
  });

  test('a window of a minute or more with milliseconds is shown in milliseconds, not rounded', () => {
    expect(() => KnativeAutoscalingSettings.resolve({ stableWindow: Duration.millis(90_500) })).toThrow(
      '\'stableWindow\' is 90500 ms: must be a whole number of seconds: Knative refuses a finer one. For example Duration.seconds(60)');
  });

  test('values out of Knative\'s bounds are all reported', () => {
    expect(() => KnativeAutoscalingSettings.resolve({
      panicThresholdPercentage: 100,
      minScale: 5,
      maxScale: 2,
      activationScale: 1,
      targetBurstCapacity: -3,
    })).toThrow([
      'Invalid KnativeAutoscalingValues:',
      "  - 'targetBurstCapacity' is -3: must be a number from 0 to 1000000000",
      "  - 'panicThresholdPercentage' is 100: must be a number from 110 to 1000",
      "  - 'activationScale' is 1: must be a whole number from 2 to 2147483647",
      "  - 'maxScale' is 2: must be 0 (unlimited) or at least 'minScale' (5)",
    ].join('\n'));
  });
});
