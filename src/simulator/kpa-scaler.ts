import { Duration } from 'cdk8s';
import { addProblem, checkBoolean, checkDuration, checkInteger, checkNumber, checkProps, secondsOf, throwIfAny } from './_checks';
import { ACTIVATION_TIMEOUT_BUFFER_SECONDS } from './_constants';
import { ResolvedKpaInput } from './_kpa-input';
import { PodAutoscalerActivity, Reachability } from './kpa-states';
import { Problems } from '../_errors';

/** Inputs of one reconcile of the KPA scaler, with Knative's names. */
export interface KpaScaleInput {
  /** The decider's desired scale; -1 when unknown (no metrics yet). */
  readonly desiredScale: number;
  /** The PodAutoscaler's Active condition. */
  readonly activity: PodAutoscalerActivity;
  /** How long the Active condition has had its current status (active, inactive or activating for). */
  readonly activityFor: Duration;
  /**
   * How long the ServerlessService has been in proxy mode (activator in the path); 0 when serving.
   * @default Duration.seconds(0)
   */
  readonly proxyFor?: Duration;
  /**
   * Whether the probe finds the activator in the request path. Not probed when TBC is -1.
   * @default true
   */
  readonly activatorInPath?: boolean;
  /**
   * Whether the ServerlessService's spec is already in proxy mode (the PA re-enqueues itself).
   * @default false
   */
  readonly sksInProxyMode?: boolean;
  /** min-scale (annotation, else the cluster's). */
  readonly minScale: number;
  /** max-scale; 0 means no cap. */
  readonly maxScale: number;
  /**
   * initial-scale (annotation, else the cluster's).
   * @default 1 - Knative's cluster initial-scale
   */
  readonly initialScale?: number;
  /**
   * Whether the scale target has reached the initial scale once.
   * @default true
   */
  readonly scaleTargetInitialized?: boolean;
  /**
   * The revision's reachability.
   * @default Reachability.REACHABLE
   */
  readonly reachability?: Reachability;
  /**
   * Cluster enable-scale-to-zero.
   * @default true
   */
  readonly enableScaleToZero?: boolean;
  /** The stable window (the window annotation, else the cluster's). */
  readonly stableWindow: Duration;
  /**
   * Cluster scale-to-zero-grace-period.
   * @default Duration.seconds(30) - Knative's default
   */
  readonly scaleToZeroGracePeriod?: Duration;
  /**
   * scale-to-zero-pod-retention-period (annotation, else the cluster's).
   * @default Duration.seconds(0) - Knative's default
   */
  readonly scaleToZeroPodRetentionPeriod?: Duration;
  /**
   * The revision's progress deadline: activation fails after it plus 30 s.
   * @default Duration.seconds(600) - Knative's config-deployment progress-deadline
   */
  readonly progressDeadline?: Duration;
  /**
   * Target burst capacity: with -1 the activator is known to be in the path and is not probed.
   * @default 211 - Knative's default
   */
  readonly targetBurstCapacity?: number;
}

/** What one reconcile decides. */
export interface KpaScaleOutput {
  /** The scale the reconciler reports: -1 while unknown. */
  readonly desiredScale: number;
  /** Whether the Deployment's replicas are set to `desiredScale` now. */
  readonly applyScale: boolean;
  /** Whether the PodAutoscaler is re-enqueued to check again later (a wait in progress). */
  readonly requeue: boolean;
  /** Whether the reconciler waits for an asynchronous activator probe. */
  readonly asyncProbe: boolean;
}

/**
 * The KPA scaler: bounds, initial scale and the scale-to-zero gate between the decider and the
 * Deployment's replicas. A transcription of `scale` and `handleScaleToZero` in knative/serving
 * `pkg/reconciler/autoscaling/kpa/scaler.go` (v1.23).
 */
export class KpaScaler {
  /** One reconcile: the scale to report and whether to apply it. */
  public static scale(input: KpaScaleInput): KpaScaleOutput {
    const problems = new Problems();
    if (checkProps(problems, 'input', input)) {
      checkInteger(problems, 'desiredScale', input.desiredScale, -1, 2 ** 31 - 1);
      if (!Object.values(PodAutoscalerActivity).includes(input.activity)) {
        addProblem(problems, 'activity', input.activity, 'must be a PodAutoscalerActivity');
      }
      checkDuration(problems, 'activityFor', input.activityFor, 0);
      checkDuration(problems, 'proxyFor', input.proxyFor, 0, undefined, true);
      checkBoolean(problems, 'activatorInPath', input.activatorInPath, true);
      checkBoolean(problems, 'sksInProxyMode', input.sksInProxyMode, true);
      checkInteger(problems, 'minScale', input.minScale, 0, 2 ** 31 - 1);
      checkInteger(problems, 'maxScale', input.maxScale, 0, 2 ** 31 - 1);
      checkInteger(problems, 'initialScale', input.initialScale, 0, 2 ** 31 - 1, true);
      checkBoolean(problems, 'scaleTargetInitialized', input.scaleTargetInitialized, true);
      if (input.reachability !== undefined && !Object.values(Reachability).includes(input.reachability)) {
        addProblem(problems, 'reachability', input.reachability, 'must be a Reachability');
      }
      checkBoolean(problems, 'enableScaleToZero', input.enableScaleToZero, true);
      checkDuration(problems, 'stableWindow', input.stableWindow, 1, 3600);
      checkDuration(problems, 'scaleToZeroGracePeriod', input.scaleToZeroGracePeriod, 0, undefined, true);
      checkDuration(problems, 'scaleToZeroPodRetentionPeriod', input.scaleToZeroPodRetentionPeriod, 0, undefined, true);
      checkDuration(problems, 'progressDeadline', input.progressDeadline, 0, undefined, true);
      if (input.targetBurstCapacity !== undefined && input.targetBurstCapacity !== -1) {
        checkNumber(problems, 'targetBurstCapacity', input.targetBurstCapacity, 0, Number.MAX_VALUE);
      }
      if (input.maxScale > 0 && input.minScale > input.maxScale) {
        problems.addMessage(`'minScale' is ${input.minScale}: must not exceed 'maxScale' (${input.maxScale}) unless maxScale is 0`);
      }
    }
    throwIfAny(problems, 'KpaScaler.scale input');
    const optional = (d: Duration | undefined, fallback: number) => (d === undefined ? fallback : secondsOf(d));
    return KpaScaler._scale({
      desiredScale: input.desiredScale,
      activity: input.activity,
      activityFor: secondsOf(input.activityFor),
      proxyFor: optional(input.proxyFor, 0),
      activatorInPath: input.activatorInPath ?? true,
      sksInProxyMode: input.sksInProxyMode ?? false,
      minScale: input.minScale,
      maxScale: input.maxScale,
      initialScale: input.initialScale ?? 1,
      scaleTargetInitialized: input.scaleTargetInitialized ?? true,
      reachability: input.reachability ?? Reachability.REACHABLE,
      enableScaleToZero: input.enableScaleToZero ?? true,
      stableWindow: secondsOf(input.stableWindow),
      gracePeriod: optional(input.scaleToZeroGracePeriod, 30),
      retention: optional(input.scaleToZeroPodRetentionPeriod, 0),
      progressDeadline: optional(input.progressDeadline, 600),
      targetBurstCapacity: input.targetBurstCapacity ?? 211,
    });
  }

  /** @internal `scale` without the boundary checks, on seconds. */
  public static _scale(input: ResolvedKpaInput): KpaScaleOutput {
    let desired = input.desiredScale;
    if (desired < 0 && input.activity !== PodAutoscalerActivity.ACTIVATING) return out(desired, false);
    const unreachable = input.reachability === Reachability.UNREACHABLE;
    // PodAutoscaler.ScaleBounds: min-scale only counts while the revision is routed.
    let min = unreachable ? 0 : input.minScale;
    if (input.initialScale > 1 && !input.scaleTargetInitialized) min = Math.max(input.initialScale, min);
    if (desired < min) desired = min;
    if (input.maxScale !== 0 && desired > input.maxScale) desired = input.maxScale;
    if (desired !== 0) return out(desired, true);
    return KpaScaler.handleScaleToZero(input);
  }

  private static handleScaleToZero(input: ResolvedKpaInput): KpaScaleOutput {
    if (!input.enableScaleToZero) return out(1, true);
    switch (input.activity) {
      case PodAutoscalerActivity.ACTIVATING:
        // Stuck activating past the progress deadline: presume it cannot succeed and scale to 0.
        if (input.activityFor >= input.progressDeadline + ACTIVATION_TIMEOUT_BUFFER_SECONDS) return out(0, true);
        return out(-1, false, true);
      case PodAutoscalerActivity.ACTIVE:
        // Active for a stable window: report 0 without applying it, so that the PA turns inactive.
        if (input.activityFor >= input.stableWindow) return out(0, false, input.sksInProxyMode);
        return out(1, true, true);
      default: {
        const activatorInPath = input.targetBurstCapacity === -1 || input.activatorInPath;
        if (!activatorInPath) return { desiredScale: 0, applyScale: false, requeue: false, asyncProbe: true };
        const retention = input.retention;
        if (input.activityFor >= Math.max(input.gracePeriod, retention)) return out(0, true);
        if (retention > 0 && input.activityFor < retention) return out(0, false, true);
        // Fast path: the activator has been in the path for the grace period already.
        if (input.gracePeriod - input.proxyFor <= 0) return out(0, true);
        return out(0, false, true);
      }
    }
  }
}

function out(desiredScale: number, applyScale: boolean, requeue = false): KpaScaleOutput {
  return { desiredScale, applyScale, requeue, asyncProbe: false };
}
