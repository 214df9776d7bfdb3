import { Duration } from 'cdk8s';
import type { GpuAutoscalingPolicyProps } from './gpu-autoscaling-policy';
import type { KnativeAutoscalerConfigProps } from './knative-autoscaler-config';
import { AutoscalerClass } from './scaling-metric';

/**
 * A named set of autoscaling values. A `GpuAutoscalingPolicy` takes its per-revision values from a
 * preset, a `KnativeAutoscalerConfig` its cluster-wide ones; a prop set explicitly always wins.
 */
export class AutoscalingPreset {
  /**
   * Tuned for GPU models that take 30-60 s to start and serve one request per GPU at a time.
   *
   * - Per revision: containerConcurrency 1, target utilization 90 %, stable window 180s, panic
   *   window 30s, panic threshold 200 %, scale-to-zero pod retention 30m (keep warm), progress
   *   deadline 30m.
   * - Cluster: stable-window 180s, container-concurrency-target-percentage 90, panic window 30s,
   *   panic-threshold-percentage 200, enable-scale-to-zero true, scale-to-zero-pod-retention-period
   *   30m. max-scale-up-rate stays at Knative's 1000: a lower rate throttles GPU scale-up.
   */
  public static readonly GPU_TUNED = new AutoscalingPreset('GPU_TUNED', {
    containerConcurrency: 1,
    targetUtilizationPercent: 90,
    stableWindow: Duration.seconds(180),
    panicWindow: Duration.seconds(30),
    panicThresholdPercent: 200,
    scaleToZeroPodRetention: Duration.minutes(30),
    progressDeadline: Duration.minutes(30),
  }, {
    stableWindow: Duration.seconds(180),
    containerConcurrencyTargetPercent: 90,
    panicWindow: Duration.seconds(30),
    panicThresholdPercent: 200,
    enableScaleToZero: true,
    scaleToZeroPodRetention: Duration.minutes(30),
  });

  /**
   * Knative Serving's built-in defaults (v1.23), written out explicitly so that a service behaves
   * as on a stock cluster whatever the cluster's `config-autoscaler` says: containerConcurrency 0
   * (unlimited), target utilization 70 %, stable window 60s, panic window 6s (10 %), panic
   * threshold 200 %, initial scale 1, target burst capacity 211, no scale-down delay or pod
   * retention, progress deadline 600s; and every `config-autoscaler` key at its default.
   */
  public static readonly KNATIVE_DEFAULTS = new AutoscalingPreset('KNATIVE_DEFAULTS', {
    containerConcurrency: 0,
    targetUtilizationPercent: 70,
    stableWindow: Duration.seconds(60),
    panicWindow: Duration.seconds(6),
    panicThresholdPercent: 200,
    initialScale: 1,
    targetBurstCapacity: 211,
    scaleDownDelay: Duration.seconds(0),
    scaleToZeroPodRetention: Duration.seconds(0),
    progressDeadline: Duration.seconds(600),
  }, {
    containerConcurrencyTargetPercent: 70,
    containerConcurrencyTargetDefault: 100,
    requestsPerSecondTargetDefault: 200,
    targetBurstCapacity: 211,
    stableWindow: Duration.seconds(60),
    panicWindow: Duration.seconds(6),
    panicThresholdPercent: 200,
    maxScaleUpRate: 1000,
    maxScaleDownRate: 2,
    enableScaleToZero: true,
    scaleToZeroGracePeriod: Duration.seconds(30),
    scaleToZeroPodRetention: Duration.seconds(0),
    scaleDownDelay: Duration.seconds(0),
    podAutoscalerClass: AutoscalerClass.KPA,
    activatorCapacity: 100,
    initialScale: 1,
    allowZeroInitialScale: false,
    minScale: 0,
    maxScale: 0,
    maxScaleLimit: 0,
  });

  /**
   * The autoscaling table of the original GPU-cloud guide ("Online Inference Serving"), translated
   * into what Knative can express:
   *
   * - stable-window 180s (the table's value; the prose's 120s contradicts it);
   * - container-concurrency-target-percentage 90 %, per revision as target-utilization-percentage;
   * - panic at 200 % of the target over a 30s panic window (a percentage of the stable window);
   * - max-scale-up-rate 1.5 and max-scale-down-rate 1.01: cluster-wide only, so only in
   *   `KnativeAutoscalerConfig` (where 1.5 draws a scale-up throttling warning);
   * - "scale to zero after 30 minutes without requests": scale-to-zero-pod-retention-period 30m.
   *   The table's scale-to-zero-grace-period 30m is not a keep-warm timer, so it is not used;
   * - tick-interval 15s: dropped. Knative removed the key in v0.16 and decides every 2 s.
   *
   * containerConcurrency is not in the table, so it is left to Knative (0, unlimited).
   */
  public static readonly SEED_GUIDE = new AutoscalingPreset('SEED_GUIDE', {
    targetUtilizationPercent: 90,
    stableWindow: Duration.seconds(180),
    panicWindow: Duration.seconds(30),
    panicThresholdPercent: 200,
    scaleToZeroPodRetention: Duration.minutes(30),
  }, {
    stableWindow: Duration.seconds(180),
    containerConcurrencyTargetPercent: 90,
    maxScaleUpRate: 1.5,
    maxScaleDownRate: 1.01,
    panicWindow: Duration.seconds(30),
    panicThresholdPercent: 200,
    enableScaleToZero: true,
    scaleToZeroPodRetention: Duration.minutes(30),
  });

  /** Name of the preset, for messages and `explain()`. */
  public readonly name: string;
  /** @internal Per-revision values: the defaults of `GpuAutoscalingPolicyProps`. */
  public readonly _revision: GpuAutoscalingPolicyProps;
  /** @internal Cluster-wide values: the defaults of `KnativeAutoscalerConfigProps`. */
  public readonly _cluster: KnativeAutoscalerConfigProps;

  private constructor(name: string, revision: GpuAutoscalingPolicyProps, cluster: KnativeAutoscalerConfigProps) {
    this.name = name;
    this._revision = revision;
    this._cluster = cluster;
  }

  public toString(): string {
    return this.name;
  }
}
