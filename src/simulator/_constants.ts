/** Knative's decision interval: `tickInterval` in knative/serving `pkg/autoscaler/scaling/multiscaler.go`. */
export const TICK_SECONDS = 2;

/**
 * Added to the progress deadline before a revision that never became ready is scaled to zero
 * (`activationTimeoutBuffer` in knative/serving `pkg/reconciler/autoscaling/kpa/scaler.go`, v1.23).
 */
export const ACTIVATION_TIMEOUT_BUFFER_SECONDS = 30;

/** Hours in a month for monthly prices: 8,760 hours a year / 12, the figure cloud price lists use. */
export const HOURS_PER_MONTH = 730;
