/**
 * The scale-to-zero gate and bounds, transcribed from `TestScaler` and `TestDisableScaleToZero` in
 * knative/serving `pkg/reconciler/autoscaling/kpa/scaler_test.go` (v1.23). Upstream's wantScaling
 * (a patch was sent) is `applyScale` with a scale that differs from the start replicas; wantCBCount
 * is `requeue`; wantAsyncProbeCount is `asyncProbe`.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { KpaScaleInput, KpaScaler, PodAutoscalerActivity, Reachability } from '../../src';

/** Upstream's kpa test constants. */
const gracePeriod = 60;
const stableWindow = 300;
const paStableWindow = 45;
const progressDeadline = 121;
const activationTimeout = progressDeadline + 30;

const { ACTIVE, INACTIVE, ACTIVATING } = PodAutoscalerActivity;

interface Case {
  startReplicas: number;
  scaleTo: number;
  minScale?: number;
  maxScale?: number;
  wantReplicas: number;
  wantScaling: boolean;
  wantCB?: boolean;
  wantAsyncProbe?: boolean;
  /** the PA's condition and for how long, in seconds; newKPA's initialized conditions are activating */
  pa?: [PodAutoscalerActivity, number];
  input?: Partial<KpaScaleInput>;
}

const seconds = Duration.seconds;

/** Upstream's `defaultConfig()` with the test's PA. */
function run(c: Case) {
  const [activity, activityFor] = c.pa ?? [ACTIVATING, 0];
  const got = KpaScaler.scale({
    desiredScale: c.scaleTo,
    activity,
    activityFor: seconds(activityFor),
    minScale: c.minScale ?? 0,
    maxScale: c.maxScale ?? 0,
    stableWindow: seconds(stableWindow),
    scaleToZeroGracePeriod: seconds(gracePeriod),
    progressDeadline: seconds(progressDeadline),
    ...c.input,
  });
  return {
    wantReplicas: got.desiredScale,
    wantScaling: got.applyScale && got.desiredScale !== c.startReplicas,
    wantCB: got.requeue,
    wantAsyncProbe: got.asyncProbe,
  };
}

const cases: Array<[string, Case]> = [
  ['waits to scale to zero (just before idle period)', { startReplicas: 1, scaleTo: 0, wantReplicas: 1, wantScaling: false, pa: [ACTIVE, stableWindow - 1], wantCB: true }],
  ['waits to scale to zero (just before idle period), custom PA window', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 1,
    wantScaling: false,
    pa: [ACTIVE, paStableWindow - 1],
    input: { stableWindow: seconds(paStableWindow) },
    wantCB: true,
  }],
  ['custom PA window, check for standard window, no probe', {
    startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: false, pa: [ACTIVE, stableWindow], input: { stableWindow: seconds(paStableWindow) },
  }],
  ['scale to 1 waiting for idle expires', { startReplicas: 10, scaleTo: 0, wantReplicas: 1, wantScaling: true, pa: [ACTIVE, stableWindow - 1], wantCB: true }],
  ['waits to scale to zero after idle period', { startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: false, pa: [ACTIVE, stableWindow] }],
  ['waits to scale to zero after idle period; sks in proxy mode', {
    startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: false, pa: [ACTIVE, stableWindow], input: { sksInProxyMode: true }, wantCB: true,
  }],
  ['waits to scale to zero after idle period (custom PA window)', {
    startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: false, pa: [ACTIVE, paStableWindow], input: { stableWindow: seconds(paStableWindow) },
  }],
  ['can scale to zero after grace period, but 0 PA retention', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod],
    input: { scaleToZeroPodRetentionPeriod: seconds(0) },
  }],
  ["can't scale to zero after grace period, but before last pod retention", {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: false,
    pa: [INACTIVE, gracePeriod],
    input: { scaleToZeroPodRetentionPeriod: seconds(2 * gracePeriod) },
    wantCB: true,
  }],
  ['scale to zero after grace period, and after last pod retention', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod],
    input: { scaleToZeroPodRetentionPeriod: seconds(gracePeriod) },
  }],
  ['scale to zero after grace period', { startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: true, pa: [INACTIVE, gracePeriod] }],
  ['waits to scale to zero (just before grace period)', { startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: false, pa: [INACTIVE, gracePeriod - 1], wantCB: true }],
  ['waits to scale to zero (just before grace period, sks short)', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: false,
    pa: [INACTIVE, gracePeriod - 1],
    input: { proxyFor: seconds(gracePeriod - 1) },
    wantCB: true,
  }],
  ['waits to scale to zero (just before grace period, sks in proxy long) and last pod timeout positive', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod - 1],
    input: { scaleToZeroPodRetentionPeriod: seconds(42), proxyFor: seconds(gracePeriod) },
  }],
  ['waits to scale to zero (just before grace period, sks in proxy long)', {
    startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: true, pa: [INACTIVE, gracePeriod - 1], input: { proxyFor: seconds(gracePeriod) },
  }],
  ['scale to zero with TBC=-1 (the activator is not probed)', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod],
    input: {
      targetBurstCapacity: -1,
      activatorInPath: false,
    },
  }],
  ['scale to zero after grace period, but fail prober', {
    startReplicas: 1,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: false,
    pa: [INACTIVE, gracePeriod],
    input: { activatorInPath: false },
    wantAsyncProbe: true,
  }],
  ['waits to scale to zero while activating until after deadline exceeded', {
    startReplicas: 1, scaleTo: 0, wantReplicas: -1, wantScaling: false, pa: [ACTIVATING, activationTimeout / 2], wantCB: true,
  }],
  ['scale to zero while activating after deadline exceeded', { startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: true, pa: [ACTIVATING, activationTimeout + 1] }],
  ['scale to zero while activating after revision deadline exceeded', {
    startReplicas: 1, scaleTo: 0, wantReplicas: 0, wantScaling: true, pa: [ACTIVATING, 5 + 30 + 1], input: { progressDeadline: seconds(5) },
  }],
  ['scale down to minScale before grace period', {
    startReplicas: 10,
    scaleTo: 0,
    minScale: 2,
    wantReplicas: 2,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod - 1],
    input: { reachability: Reachability.REACHABLE },
  }],
  ['scale down to minScale after grace period', {
    startReplicas: 10,
    scaleTo: 0,
    minScale: 2,
    wantReplicas: 2,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod],
    input: { reachability: Reachability.REACHABLE },
  }],
  ['ignore minScale if unreachable', {
    startReplicas: 10,
    scaleTo: 0,
    minScale: 2,
    wantReplicas: 0,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod],
    input: { reachability: Reachability.UNREACHABLE },
  }],
  ['observe minScale if reachability unknown', {
    startReplicas: 10,
    scaleTo: 0,
    minScale: 2,
    wantReplicas: 2,
    wantScaling: true,
    pa: [INACTIVE, gracePeriod],
    input: { reachability: Reachability.UNKNOWN },
  }],
  ['scales up', { startReplicas: 1, scaleTo: 10, wantReplicas: 10, wantScaling: true }],
  ['scales up to maxScale', { startReplicas: 1, scaleTo: 10, maxScale: 8, wantReplicas: 8, wantScaling: true }],
  ['scale up inactive revision', { startReplicas: 1, scaleTo: 10, wantReplicas: 10, wantScaling: true, pa: [INACTIVE, gracePeriod / 2] }],
  ['does not scale up from zero with no metrics', { startReplicas: 0, scaleTo: -1, wantReplicas: -1, wantScaling: false, pa: [INACTIVE, 0] }],
  ['scales up from zero to desired one', { startReplicas: 0, scaleTo: 1, wantReplicas: 1, wantScaling: true }],
  ['scales up from zero to desired high scale', { startReplicas: 0, scaleTo: 10, wantReplicas: 10, wantScaling: true }],
  ['negative scale does not scale', { startReplicas: 12, scaleTo: -1, wantReplicas: -1, wantScaling: false, pa: [ACTIVE, 0] }],
  ['initial scale attained, but now time to scale down', {
    startReplicas: 2,
    scaleTo: 0,
    wantReplicas: 1,
    wantScaling: true,
    wantCB: true,
    pa: [ACTIVE, 120],
    input: { scaleTargetInitialized: true, initialScale: 2 },
  }],
  ["haven't scaled to initial scale, override desired scale with initial scale", {
    startReplicas: 0, scaleTo: 1, wantReplicas: 2, wantScaling: true, pa: [ACTIVATING, 0], input: { initialScale: 2, scaleTargetInitialized: false },
  }],
  ['initial scale reached for the first time', {
    startReplicas: 5, scaleTo: 1, wantReplicas: 5, wantScaling: false, pa: [ACTIVATING, 0], input: { initialScale: 5, scaleTargetInitialized: false },
  }],
  ['reaching initial scale zero', {
    startReplicas: 0,
    scaleTo: 0,
    wantReplicas: 0,
    wantScaling: false,
    wantCB: true,
    pa: [INACTIVE, 0],
    input: {
      initialScale: 0,
      scaleTargetInitialized: false,
    },
  }],
];

describe('KpaScaler: TestScaler', () => {
  test.each(cases)('%s', (_label, c) => {
    expect(run(c)).toEqual({
      wantReplicas: c.wantReplicas,
      wantScaling: c.wantScaling,
      wantCB: c.wantCB ?? false,
      wantAsyncProbe: c.wantAsyncProbe ?? false,
    });
  });
});

describe('KpaScaler: TestDisableScaleToZero', () => {
  const disabled: Array<[string, Case]> = [
    ['EnableScaleToZero == false and minScale == 0', { startReplicas: 10, scaleTo: 0, wantReplicas: 1, wantScaling: true }],
    ['EnableScaleToZero == false and minScale == 2', { startReplicas: 10, scaleTo: 0, minScale: 2, wantReplicas: 2, wantScaling: true }],
    ['EnableScaleToZero == false and desire pod is -1(initial value)', { startReplicas: 10, scaleTo: -1, wantReplicas: -1, wantScaling: false }],
  ];
  test.each(disabled)('%s', (_label, c) => {
    const got = run({ ...c, pa: [ACTIVE, 0], input: { enableScaleToZero: false, reachability: Reachability.REACHABLE } });
    expect([got.wantReplicas, got.wantScaling]).toEqual([c.wantReplicas, c.wantScaling]);
  });
});

describe('KpaScaler: input checks', () => {
  test('every wrong prop in one message', () => {
    expect(() => KpaScaler.scale({
      desiredScale: -2,
      activity: 'RUNNING' as PodAutoscalerActivity,
      activityFor: seconds(0),
      minScale: 5,
      maxScale: 2,
      stableWindow: 60 as unknown as Duration,
      reachability: 'yes' as Reachability,
      targetBurstCapacity: -5,
    })).toThrow([
      'Invalid KpaScaler.scale input:',
      "  - 'desiredScale' is -2: must be a whole number from -1 to 2147483647",
      "  - 'activity' is \"RUNNING\": must be a PodAutoscalerActivity",
      "  - 'reachability' is \"yes\": must be a Reachability",
      "  - 'stableWindow' is 60: must be a Duration from 1 s to 3600 s. For example Duration.seconds(60)",
      "  - 'targetBurstCapacity' is -5: must be a number from 0 to 1.7976931348623157e+308",
      "  - 'minScale' is 5: must not exceed 'maxScale' (2) unless maxScale is 0",
    ].join('\n'));
  });

  test('property: the scale applied is always within the bounds, or zero by the gate', () => {
    fc.assert(fc.property(
      fc.integer({ min: -1, max: 50 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 20 }),
      fc.constantFrom(ACTIVE, INACTIVE, ACTIVATING), fc.integer({ min: 0, max: 4000 }),
      (desired, min, extra, activity, activityFor) => {
        const max = extra === 0 ? 0 : min + extra;
        const got = KpaScaler.scale({
          desiredScale: desired,
          activity,
          activityFor: seconds(activityFor),
          minScale: min,
          maxScale: max,
          stableWindow: seconds(60),
        });
        if (!got.applyScale) return true;
        return got.desiredScale >= Math.min(min, 1) && (max === 0 || got.desiredScale <= max) && (got.desiredScale > 0 || min === 0);
      }));
  });
});
