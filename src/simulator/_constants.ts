import type { PodAutoscalerActivity, Reachability } from './kpa-scaler';

/** Knative's decision interval: `tickInterval` in knative/serving `pkg/autoscaler/scaling/multiscaler.go`. */
export const TICK_SECONDS = 2;

/**
 * Added to the progress deadline before a revision that never became ready is scaled to zero
 * (`activationTimeoutBuffer` in knative/serving `pkg/reconciler/autoscaling/kpa/scaler.go`, v1.23).
 */
export const ACTIVATION_TIMEOUT_BUFFER_SECONDS = 30;

/** Hours in a month for monthly prices: 8,760 hours a year / 12, the figure cloud price lists use. */
export const HOURS_PER_MONTH = 730;

/** Inputs reduced to seconds, for the simulator's loop. */
export interface ResolvedKpaInput {
  readonly desiredScale: number;
  readonly activity: PodAutoscalerActivity;
  readonly activityFor: number;
  readonly proxyFor: number;
  readonly activatorInPath: boolean;
  readonly sksInProxyMode: boolean;
  readonly minScale: number;
  readonly maxScale: number;
  readonly initialScale: number;
  readonly scaleTargetInitialized: boolean;
  readonly reachability: Reachability;
  readonly enableScaleToZero: boolean;
  readonly stableWindow: number;
  readonly gracePeriod: number;
  readonly retention: number;
  readonly progressDeadline: number;
  readonly targetBurstCapacity: number;
}
