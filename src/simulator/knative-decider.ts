import { Duration } from 'cdk8s';
import { addProblem, checkBoolean, checkDuration, checkInteger, checkNumber, checkProps, checkTime, secondsOf, throwIfAny } from './_checks';
import { TICK_SECONDS } from './_constants';
import { MaxTimeWindow } from './metric-windows';
import { Problems } from '../_errors';

/**
 * The per-revision parameters of Knative's KPA decision (`DeciderSpec` in knative/serving
 * `pkg/autoscaler/scaling/multiscaler.go`), with Knative's names.
 */
export interface DeciderSpec {
  /**
   * The metric: `concurrency` (requests in flight) or `rps` (requests per second).
   * @default 'concurrency' - Knative's default metric for the KPA
   */
  readonly scalingMetric?: string;
  /** Per-pod target: the value one pod should carry (target annotation or default × utilization). */
  readonly targetValue: number;
  /** Per-pod total capacity, for the excess burst capacity (containerConcurrency or the metric's default). */
  readonly totalValue: number;
  /** Target burst capacity: -1 keeps the activator in the path, 0 only at zero. */
  readonly targetBurstCapacity: number;
  /** Panic threshold as a factor of the ready pods (panic-threshold-percentage / 100). */
  readonly panicThreshold: number;
  /** Cluster max-scale-up-rate: at most ceil(rate × ready pods) pods per decision. */
  readonly maxScaleUpRate: number;
  /** Cluster max-scale-down-rate: at least floor(ready pods / rate) pods per decision. */
  readonly maxScaleDownRate: number;
  /** Stable window: also how long panic mode lasts after the last panic decision. */
  readonly stableWindow: Duration;
  /**
   * Scale-down delay: the decision is the largest desired count of this long a window.
   * @default Duration.seconds(0) - Knative's scale-down-delay default
   */
  readonly scaleDownDelay?: Duration;
  /**
   * Activation scale: the fewest pods wanted as soon as any pod is wanted.
   * @default 0 - Knative's default (no activation scale)
   */
  readonly activationScale?: number;
  /**
   * Whether the revision is routed: an unreachable one may scale down without the rate limit.
   * @default true
   */
  readonly reachable?: boolean;
}

/** One decision's inputs: what Knative reads every 2 s. */
export interface DeciderTick {
  /** The decision time, in seconds. */
  readonly nowSeconds: number;
  /** Ready pods in the revision's private endpoints (0 when the endpoints are not found). */
  readonly readyPodCount: number;
  /** The metric averaged over the stable window, for the whole revision. */
  readonly observedStableValue: number;
  /** The metric averaged over the panic window, for the whole revision. */
  readonly observedPanicValue: number;
  /**
   * False when the metric has no data yet (Knative's ErrNoData): the result is invalid.
   * @default true
   */
  readonly metricsAvailable?: boolean;
  /**
   * False when the ready pods could not be counted: the result is invalid.
   * @default true
   */
  readonly podCountAvailable?: boolean;
}

/** One decision's outputs (`ScaleResult` in Knative, plus the panic state). */
export interface ScaleResult {
  /** The pod count the autoscaler wants; 0 when the result is invalid. */
  readonly desiredPodCount: number;
  /** Excess burst capacity: -1 when unlimited (TBC -1), negative when short of the burst capacity. */
  readonly excessBurstCapacity: number;
  /** Whether the decision is to be applied. */
  readonly scaleValid: boolean;
  /** Whether the autoscaler is in panic mode after this decision. */
  readonly inPanic: boolean;
}

interface ResolvedSpec {
  readonly target: number;
  readonly total: number;
  readonly tbc: number;
  readonly panicThreshold: number;
  readonly msur: number;
  readonly msdr: number;
  readonly stableWindow: number;
  readonly scaleDownDelay: number;
  readonly activationScale: number;
  readonly reachable: boolean;
}

const INVALID: ScaleResult = { desiredPodCount: 0, excessBurstCapacity: 0, scaleValid: false, inPanic: false };

/**
 * Knative's KPA decision function, keeping the same state between calls as Knative's
 * `autoscaler` (panic start time, the most pods wanted in panic, the scale-down delay window).
 * A transcription of `Scale` in knative/serving `pkg/autoscaler/scaling/autoscaler.go` (v1.23).
 */
export class KnativeDecider {
  private spec: ResolvedSpec;
  /** Start of the current panic; NaN when not in panic (Go's zero time). */
  private panicTime = Number.NaN;
  private maxPanicPods: number;
  private delayWindow?: MaxTimeWindow;

  /**
   * @param spec the decider spec
   * @param readyPodCount ready pods when the autoscaler starts: more than 1 starts it in panic
   * mode, as Knative does after an autoscaler restart
   * @param nowSeconds the start time, for that panic
   */
  public constructor(spec: DeciderSpec, readyPodCount: number = 0, nowSeconds: number = 0) {
    const problems = new Problems();
    checkInteger(problems, 'readyPodCount', readyPodCount, 0, 2 ** 31 - 1);
    checkTime(problems, 'nowSeconds', nowSeconds);
    this.spec = resolveSpec(spec, problems);
    throwIfAny(problems, 'KnativeDecider');
    if (readyPodCount > 1) this.panicTime = nowSeconds;
    this.maxPanicPods = readyPodCount;
    this.delayWindow = this.newDelayWindow();
  }

  /** Whether the autoscaler is in panic mode. */
  public get inPanic(): boolean {
    return !Number.isNaN(this.panicTime);
  }

  /** The most pods wanted during the current panic (what panic mode holds on to). */
  public get panicPodCount(): number {
    return this.maxPanicPods;
  }

  /** When the current panic started or was last extended, in seconds; undefined when not in panic. */
  public get panicTimeSeconds(): number | undefined {
    return this.inPanic ? this.panicTime : undefined;
  }

  /** Replaces the spec, as Knative's `Update`; the panic state and delay window are kept. */
  public update(spec: DeciderSpec): void {
    const problems = new Problems();
    const resolved = resolveSpec(spec, problems);
    throwIfAny(problems, 'KnativeDecider.update');
    const delayChanged = resolved.scaleDownDelay !== this.spec.scaleDownDelay;
    this.spec = resolved;
    if (delayChanged) this.delayWindow = this.newDelayWindow();
  }

  /** Decides the pod count for one tick. */
  public scale(tick: DeciderTick): ScaleResult {
    const problems = new Problems();
    if (checkProps(problems, 'tick', tick)) {
      checkTime(problems, 'nowSeconds', tick.nowSeconds);
      checkInteger(problems, 'readyPodCount', tick.readyPodCount, 0, 2 ** 31 - 1);
      checkNumber(problems, 'observedStableValue', tick.observedStableValue, 0, Number.MAX_VALUE);
      checkNumber(problems, 'observedPanicValue', tick.observedPanicValue, 0, Number.MAX_VALUE);
      checkBoolean(problems, 'metricsAvailable', tick.metricsAvailable, true);
      checkBoolean(problems, 'podCountAvailable', tick.podCountAvailable, true);
    }
    throwIfAny(problems, 'KnativeDecider.scale');
    if (tick.podCountAvailable === false || tick.metricsAvailable === false) return INVALID;
    return this._scale(tick.nowSeconds, tick.readyPodCount, tick.observedStableValue, tick.observedPanicValue);
  }

  /** @internal `scale` without the boundary checks, for the simulator's loop. */
  public _scale(now: number, originalReadyPodsCount: number, observedStableValue: number, observedPanicValue: number): ScaleResult {
    const spec = this.spec;
    const readyPodsCount = Math.max(1, originalReadyPodsCount);
    // The rate limits are relative to ready pods: pods still starting do not raise the ceiling.
    const maxScaleUp = Math.ceil(spec.msur * readyPodsCount);
    const maxScaleDown = spec.reachable ? Math.floor(readyPodsCount / spec.msdr) : 0;
    const dspc = Math.ceil(observedStableValue / spec.target);
    const dppc = Math.ceil(observedPanicValue / spec.target);
    let desiredStablePodCount = Math.trunc(Math.min(Math.max(dspc, maxScaleDown), maxScaleUp));
    let desiredPanicPodCount = Math.trunc(Math.min(Math.max(dppc, maxScaleDown), maxScaleUp));
    if (spec.activationScale > 1) {
      if (dspc > 0 && spec.activationScale > desiredStablePodCount) desiredStablePodCount = spec.activationScale;
      if (dppc > 0 && spec.activationScale > desiredPanicPodCount) desiredPanicPodCount = spec.activationScale;
    }

    const isOverPanicThreshold = dppc / readyPodsCount >= spec.panicThreshold;
    if (isOverPanicThreshold) {
      this.panicTime = now; // enter panic, or extend it
    } else if (this.inPanic && this.panicTime + spec.stableWindow < now) {
      // The surge has made its way into the stable window: stop panicking.
      this.panicTime = Number.NaN;
      this.maxPanicPods = 0;
    }

    let desiredPodCount = desiredStablePodCount;
    if (this.inPanic) {
      // Provision for the larger of the two; panic mode never scales down.
      if (desiredPodCount < desiredPanicPodCount) desiredPodCount = desiredPanicPodCount;
      if (desiredPodCount > this.maxPanicPods) this.maxPanicPods = desiredPodCount;
      desiredPodCount = this.maxPanicPods;
    }

    if (spec.reachable && this.delayWindow) {
      this.delayWindow._record(now, desiredPodCount);
      desiredPodCount = this.delayWindow.current();
    }

    let excessBurstCapacity = -1;
    if (spec.tbc === 0) excessBurstCapacity = 0;
    else if (spec.tbc > 0) excessBurstCapacity = Math.floor(originalReadyPodsCount * spec.total - spec.tbc - observedPanicValue);

    return { desiredPodCount, excessBurstCapacity, scaleValid: true, inPanic: this.inPanic };
  }

  private newDelayWindow(): MaxTimeWindow | undefined {
    if (this.spec.scaleDownDelay <= 0) return undefined;
    return new MaxTimeWindow(Duration.seconds(this.spec.scaleDownDelay), Duration.seconds(TICK_SECONDS));
  }
}

function resolveSpec(spec: DeciderSpec, problems: Problems): ResolvedSpec {
  if (!checkProps(problems, 'spec', spec)) return undefined as never;
  const metric = spec.scalingMetric ?? 'concurrency';
  if (metric !== 'concurrency' && metric !== 'rps') addProblem(problems, 'scalingMetric', metric, "must be 'concurrency' or 'rps'");
  checkNumber(problems, 'targetValue', spec.targetValue, 0.01, Number.MAX_VALUE);
  checkNumber(problems, 'totalValue', spec.totalValue, 0, Number.MAX_VALUE);
  if (!(spec.targetBurstCapacity === -1 || (typeof spec.targetBurstCapacity === 'number' && spec.targetBurstCapacity >= 0 && spec.targetBurstCapacity <= Number.MAX_VALUE))) {
    addProblem(problems, 'targetBurstCapacity', spec.targetBurstCapacity, 'must be -1 or a number of at least 0');
  }
  checkNumber(problems, 'panicThreshold', spec.panicThreshold, 0, Number.MAX_VALUE);
  if (!(typeof spec.maxScaleUpRate === 'number' && spec.maxScaleUpRate > 1 && spec.maxScaleUpRate <= Number.MAX_VALUE)) {
    addProblem(problems, 'maxScaleUpRate', spec.maxScaleUpRate, 'must be a number of more than 1');
  }
  if (!(typeof spec.maxScaleDownRate === 'number' && spec.maxScaleDownRate > 1 && spec.maxScaleDownRate <= Number.MAX_VALUE)) {
    addProblem(problems, 'maxScaleDownRate', spec.maxScaleDownRate, 'must be a number of more than 1');
  }
  checkDuration(problems, 'stableWindow', spec.stableWindow, 1, 3600);
  checkDuration(problems, 'scaleDownDelay', spec.scaleDownDelay, 0, 3600, true);
  checkInteger(problems, 'activationScale', spec.activationScale, 0, 2 ** 31 - 1, true);
  checkBoolean(problems, 'reachable', spec.reachable, true);
  return {
    target: spec.targetValue,
    total: spec.totalValue,
    tbc: spec.targetBurstCapacity,
    panicThreshold: spec.panicThreshold,
    msur: spec.maxScaleUpRate,
    msdr: spec.maxScaleDownRate,
    stableWindow: secondsOf(spec.stableWindow),
    scaleDownDelay: spec.scaleDownDelay === undefined ? 0 : Math.ceil(secondsOf(spec.scaleDownDelay)),
    activationScale: spec.activationScale ?? 0,
    reachable: spec.reachable ?? true,
  };
}
