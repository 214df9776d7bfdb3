// The states Knative's KPA scaler reads, shared by the scaler and the simulation.

/** The PodAutoscaler's `Active` condition. */
export enum PodAutoscalerActivity {
  /** Active=True: serving; it becomes inactive once it has been active for a stable window with nothing wanted. */
  ACTIVE = 'ACTIVE',
  /** Active=False: nothing wanted; the activator is in the path and the last pod waits for the grace and retention periods. */
  INACTIVE = 'INACTIVE',
  /** Active=Unknown: starting, fewer ready pods than the minimum ready. */
  ACTIVATING = 'ACTIVATING',
}

/** The revision's routing state (`spec.reachability` of the PodAutoscaler). */
export enum Reachability {
  /** Routed: min-scale and initial scale apply. */
  REACHABLE = 'REACHABLE',
  /** Not routed: min-scale is ignored (and the decider drops its scale-down limits). */
  UNREACHABLE = 'UNREACHABLE',
  /** Not yet known: treated as reachable for the bounds. */
  UNKNOWN = 'UNKNOWN',
}
