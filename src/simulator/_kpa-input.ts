import { PodAutoscalerActivity, Reachability } from './kpa-states';

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
