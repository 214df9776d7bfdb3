/**
 * The scale-to-zero gate and bounds, transcribed from `TestScaler` and `TestDisableScaleToZero` in
 * knative/serving `pkg/reconciler/autoscaling/kpa/scaler_test.go` (v1.23). Upstream's wantScaling
 * (a patch was sent) is `applyScale` with a scale that differs from the start replicas; wantCBCount
 * is `requeue`; wantAsyncProbeCount is `asyncProbe`.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { KpaScaleInput, KpaScaler, PodAutoscalerActivity, Reachability } from '../../src';
import '../properties/settings'; // the fixed seed of the property tests

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

/** One row of upstream's table: start replicas, scale to, wanted replicas and scaling, the PA's condition and age, the rest. */
function row(
  startReplicas: number, scaleTo: number, wantReplicas: number, wantScaling: boolean, pa?: [PodAutoscalerActivity, number], more: Partial<Case> = {},
): Case {
  return { startReplicas, scaleTo, wantReplicas, wantScaling, pa, ...more };
}

const sw = (s: number) => ({ stableWindow: seconds(s) });
const retention = (s: number) => ({ scaleToZeroPodRetentionPeriod: seconds(s) });
const reachable = { input: { reachability: Reachability.REACHABLE } };
const requeue = { wantCB: true };

const cases: Array<[string, Case]> = [
  ['waits to scale to zero (just before idle period)', row(1, 0, 1, false, [ACTIVE, stableWindow - 1], requeue)],
  ['waits to scale to zero (just before idle period), custom PA window', row(1, 0, 1, false, [ACTIVE, paStableWindow - 1], { input: sw(paStableWindow), ...requeue })],
  ['custom PA window, check for standard window, no probe', row(1, 0, 0, false, [ACTIVE, stableWindow], { input: sw(paStableWindow) })],
  ['scale to 1 waiting for idle expires', row(10, 0, 1, true, [ACTIVE, stableWindow - 1], requeue)],
  ['waits to scale to zero after idle period', row(1, 0, 0, false, [ACTIVE, stableWindow])],
  ['waits to scale to zero after idle period; sks in proxy mode', row(1, 0, 0, false, [ACTIVE, stableWindow], { input: { sksInProxyMode: true }, ...requeue })],
  ['waits to scale to zero after idle period (custom PA window)', row(1, 0, 0, false, [ACTIVE, paStableWindow], { input: sw(paStableWindow) })],
  ['can scale to zero after grace period, but 0 PA retention', row(1, 0, 0, true, [INACTIVE, gracePeriod], { input: retention(0) })],
  ["can't scale to zero after grace period, but before last pod retention", row(1, 0, 0, false, [INACTIVE, gracePeriod], { input: retention(2 * gracePeriod), ...requeue })],
  ['scale to zero after grace period, and after last pod retention', row(1, 0, 0, true, [INACTIVE, gracePeriod], { input: retention(gracePeriod) })],
  ['scale to zero after grace period', row(1, 0, 0, true, [INACTIVE, gracePeriod])],
  ['waits to scale to zero (just before grace period)', row(1, 0, 0, false, [INACTIVE, gracePeriod - 1], requeue)],
  ['waits to scale to zero (just before grace period, sks short)', row(1, 0, 0, false, [INACTIVE, gracePeriod - 1], { input: { proxyFor: seconds(gracePeriod - 1) }, ...requeue })],
  ['waits to scale to zero (just before grace period, sks in proxy long) and last pod timeout positive', row(1, 0, 0, true, [INACTIVE, gracePeriod - 1], {
    input: { ...retention(42), proxyFor: seconds(gracePeriod) },
  })],
  ['waits to scale to zero (just before grace period, sks in proxy long)', row(1, 0, 0, true, [INACTIVE, gracePeriod - 1], { input: { proxyFor: seconds(gracePeriod) } })],
  ['scale to zero with TBC=-1 (the activator is not probed)', row(1, 0, 0, true, [INACTIVE, gracePeriod], { input: { targetBurstCapacity: -1, activatorInPath: false } })],
  ['scale to zero after grace period, but fail prober', row(1, 0, 0, false, [INACTIVE, gracePeriod], { input: { activatorInPath: false }, wantAsyncProbe: true })],
  ['waits to scale to zero while activating until after deadline exceeded', row(1, 0, -1, false, [ACTIVATING, activationTimeout / 2], requeue)],
  ['scale to zero while activating after deadline exceeded', row(1, 0, 0, true, [ACTIVATING, activationTimeout + 1])],
  ['scale to zero while activating after revision deadline exceeded', row(1, 0, 0, true, [ACTIVATING, 5 + 30 + 1], { input: { progressDeadline: seconds(5) } })],
  ['scale down to minScale before grace period', row(10, 0, 2, true, [INACTIVE, gracePeriod - 1], { minScale: 2, ...reachable })],
  ['scale down to minScale after grace period', row(10, 0, 2, true, [INACTIVE, gracePeriod], { minScale: 2, ...reachable })],
  ['ignore minScale if unreachable', row(10, 0, 0, true, [INACTIVE, gracePeriod], { minScale: 2, input: { reachability: Reachability.UNREACHABLE } })],
  ['observe minScale if reachability unknown', row(10, 0, 2, true, [INACTIVE, gracePeriod], { minScale: 2, input: { reachability: Reachability.UNKNOWN } })],
  ['scales up', row(1, 10, 10, true)],
  ['scales up to maxScale', row(1, 10, 8, true, undefined, { maxScale: 8 })],
  ['scale up inactive revision', row(1, 10, 10, true, [INACTIVE, gracePeriod / 2])],
  ['does not scale up from zero with no metrics', row(0, -1, -1, false, [INACTIVE, 0])],
  ['scales up from zero to desired one', row(0, 1, 1, true)],
  ['scales up from zero to desired high scale', row(0, 10, 10, true)],
  ['negative scale does not scale', row(12, -1, -1, false, [ACTIVE, 0])],
  ['initial scale attained, but now time to scale down', row(2, 0, 1, true, [ACTIVE, 120], { input: { scaleTargetInitialized: true, initialScale: 2 }, ...requeue })],
  ["haven't scaled to initial scale, override desired scale with initial scale", row(0, 1, 2, true, [ACTIVATING, 0], {
    input: { initialScale: 2, scaleTargetInitialized: false },
  })],
  ['initial scale reached for the first time', row(5, 1, 5, false, [ACTIVATING, 0], { input: { initialScale: 5, scaleTargetInitialized: false } })],
  ['reaching initial scale zero', row(0, 0, 0, false, [INACTIVE, 0], { input: { initialScale: 0, scaleTargetInitialized: false }, ...requeue })],
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
    ['EnableScaleToZero == false and minScale == 0', row(10, 0, 1, true)],
    ['EnableScaleToZero == false and minScale == 2', row(10, 0, 2, true, undefined, { minScale: 2 })],
    ['EnableScaleToZero == false and desire pod is -1(initial value)', row(10, -1, -1, false)],
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
