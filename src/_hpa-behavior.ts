/**
 * The stabilization windows of a HorizontalPodAutoscaler's `behavior`, as the autoscalers KServe
 * creates take them: an InferenceService's `autoScaling.behavior` under KEDA, an
 * LLMInferenceService's `scaling.wva.hpa.behavior` and `scaling.wva.keda.advanced`. Internal.
 */
import { Duration } from 'cdk8s';
import { Problems } from './_errors';

/** The HPA's longest stabilization window (kubernetes pkg/apis/autoscaling/validation MaxStabilizationWindowSeconds). */
const MAX_STABILIZATION_SECONDS = 3600;

/** The windows of `behavior.scaleUp` and `behavior.scaleDown`, as the HPA's HPAScalingRules write them. */
export interface HpaBehaviorJson {
  readonly scaleUp?: { readonly stabilizationWindowSeconds: number };
  readonly scaleDown?: { readonly stabilizationWindowSeconds: number };
}

/** A stabilization window of the HPA: whole seconds from 0 to an hour (validateScalingRules). */
export function checkStabilizationWindow(problems: Problems, prop: string, window: Duration | undefined, example: string): void {
  if (window === undefined) return;
  checkWindowSeconds(problems, prop, window, window.toMilliseconds({ integral: false }) / 1000, `For example ${example}`);
}

/** The same rule for a window in seconds, as an autoscaler of your own returns it (`scaleDownStabilizationSeconds`). */
export function checkStabilizationSeconds(problems: Problems, prop: string, seconds: number | undefined): void {
  if (seconds === undefined) return;
  checkWindowSeconds(problems, prop, seconds, seconds, 'Return whole seconds from the autoscaler\'s bind(), for example 300 (5 minutes)');
}

function checkWindowSeconds(problems: Problems, prop: string, shown: unknown, seconds: number, fix: string): void {
  if (!(Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_STABILIZATION_SECONDS)) {
    problems.add(prop, shown, 'must be a whole number of seconds from 0 to 1 hour, the longest window the HPA accepts', fix);
  }
}

/** `behavior` with the windows given, in seconds; undefined when neither is. */
export function renderHpaBehavior(scaleUpSeconds: number | undefined, scaleDownSeconds: number | undefined): HpaBehaviorJson | undefined {
  if (scaleUpSeconds === undefined && scaleDownSeconds === undefined) return undefined;
  return {
    scaleUp: scaleUpSeconds === undefined ? undefined : { stabilizationWindowSeconds: scaleUpSeconds },
    scaleDown: scaleDownSeconds === undefined ? undefined : { stabilizationWindowSeconds: scaleDownSeconds },
  };
}
