import { Duration } from 'cdk8s';
import { KnativeConfigOptions } from './knative-operator-config';
import { AutoscalerClass, ScalingMetric } from './scaling-metric';

// The props of the per-service policy and of the cluster-wide config live here, with the preset
// that supplies their defaults: the preset holds plain values of these props, and the two
// constructs read it, so nothing here imports them back.


/** Spelling of the `autoscaling.knative.dev/*` annotation keys that have two spellings. */
export enum AnnotationKeyStyle {
  /** `min-scale`, `scale-down-delay`, ...: canonical since Knative 1.1. */
  KEBAB_CASE = 'kebab-case',
  /**
   * `minScale`, `scaleDownDelay`, ...: the only spelling Knative < 1.1 understands; later releases
   * still accept it. Keys that never had a camelCase form (`class`, `metric`, `target`, `window`)
   * are the same in both styles.
   */
  CAMEL_CASE = 'camelCase',
}

/**
 * Per-service autoscaling. Every optional value comes from `preset` unless set here; the values
 * below are those of `AutoscalingPreset.GPU_TUNED`, the default preset.
 */
export interface GpuAutoscalingPolicyProps {
  /**
   * Where the values not set here come from.
   * @default AutoscalingPreset.GPU_TUNED
   */
  readonly preset?: AutoscalingPreset;

  /**
   * What the autoscaler follows. CONCURRENCY and RPS use Knative's KPA; CPU and MEMORY use the
   * HPA class, which ignores the KPA tuning (panic, utilization, burst capacity, delays) and never
   * scales to zero.
   * @default ScalingMetric.CONCURRENCY - a GPU serves a fixed number of requests at a time
   */
  readonly metric?: ScalingMetric;

  /**
   * Per-pod target of the metric: in-flight requests (concurrency), requests per second (rps), CPU
   * percent (cpu), MiB per pod under Knative's HPA class or percent in KServe Standard mode
   * (memory). Knative multiplies a concurrency or rps target by `targetUtilizationPercent`, and
   * caps a concurrency target at `containerConcurrency`.
   * @default - no target: `containerConcurrency` for concurrency, the cluster's
   * requests-per-second-target-default (200) for rps, 80 % for cpu. Required for memory.
   */
  readonly target?: number;

  /**
   * Percent of the per-pod target Knative aims at (KPA only). The effective target is
   * `containerConcurrency` (or `target`) x this percentage.
   * @default 90 - with containerConcurrency 1 the target is 0.9, so a spare GPU pod is started
   * for every 9 busy ones instead of waiting until all are saturated (GPU_TUNED)
   */
  readonly targetUtilizationPercent?: number;

  /**
   * Hard limit of requests one pod handles at a time, enforced by queue-proxy and the activator;
   * 0 means unlimited. KFServing v1alpha2 calls it `parallelism`.
   * @default 1 - one request per GPU at a time: a second request would share the GPU and slow
   * both (GPU_TUNED)
   */
  readonly containerConcurrency?: number;

  /**
   * Window over which the metric is averaged (`autoscaling.knative.dev/window`). It also sets how
   * long panic mode lasts and how long a revision stays up before it can go to zero. Whole
   * seconds, 6s to 1h.
   * @default Duration.seconds(180) - smooths out short gaps between requests so that GPU pods
   * that took a minute to start are not released too early (GPU_TUNED)
   */
  readonly stableWindow?: Duration;

  /**
   * Window of the panic mode's fast average (KPA only). Knative takes it as a percentage of the
   * stable window (`panic-window-percentage`), which is computed here and checked to give this
   * window back.
   * @default Duration.seconds(30) - reacts to a burst within 30 s, about one GPU cold start (GPU_TUNED)
   */
  readonly panicWindow?: Duration;

  /**
   * Panic mode starts when the panic-window average needs this percentage of the ready pods
   * (KPA only). 110 to 1000.
   * @default 200 - panic when demand doubles (GPU_TUNED)
   */
  readonly panicThresholdPercent?: number;

  /**
   * Fewest pods. 0 allows scale to zero (KPA only).
   * @default 0 - scale to zero allowed; 1 for the cpu and memory metrics, whose HPA cannot scale to zero
   */
  readonly minReplicas?: number;

  /**
   * Most pods; 0 means no per-service cap (the cluster's max-scale applies). Cap GPU spend here,
   * not with the cluster's max-scale-up-rate.
   * @default 0
   */
  readonly maxReplicas?: number;

  /**
   * Pods a new revision starts with. 0 needs `allow-zero-initial-scale: true` in the cluster's
   * config-autoscaler (KServe quietly drops it otherwise).
   * @default - the cluster's initial-scale (1): a new revision starts one GPU pod so that Knative
   * can mark it ready
   */
  readonly initialScale?: number;

  /**
   * Pods to start at once when the revision scales up from zero (KPA only, Knative >= 1.7). At
   * least 2.
   * @default - no activation scale: one pod at a time from zero, then as demand requires
   */
  readonly activationScale?: number;

  /**
   * How long a lower pod count must persist before Knative scales down (KPA only). Whole seconds,
   * at most 1h.
   * @default - the cluster's scale-down-delay (0s): the stable window already smooths scale-down
   */
  readonly scaleDownDelay?: Duration;

  /**
   * How long the last pod is kept after the revision becomes idle, before scale to zero (KPA
   * only). At most 1h. This, not the cluster's scale-to-zero-grace-period, is the keep-warm timer.
   * @default Duration.minutes(30) - the original guide's "scale to zero after 30 minutes without
   * requests": a model used every few minutes stays warm (GPU_TUNED)
   */
  readonly scaleToZeroPodRetention?: Duration;

  /**
   * Spare request capacity Knative keeps before it takes the activator out of the request path
   * (KPA only): -1 keeps the activator always in the path, 0 only while at zero.
   * @default - the cluster's target-burst-capacity (211): with small containerConcurrency the
   * activator stays in the path and buffers requests while GPU pods start
   */
  readonly targetBurstCapacity?: number;

  /**
   * How long a revision may take to become ready (`serving.knative.dev/progress-deadline`,
   * Knative >= 1.4). A revision still starting after it plus 30 s is scaled to zero. Whole seconds,
   * from 1s to 2147483647s (596523h14m7s): Knative writes it as the Deployment's int32
   * progressDeadlineSeconds.
   * @default Duration.minutes(30) - a GPU cold start can include a GPU node, a multi-GB image and
   * a model download; the cluster's default of 600s fails large models (GPU_TUNED)
   */
  readonly progressDeadline?: Duration;

  /**
   * Spelling of the annotation keys that have two spellings.
   * @default - AnnotationKeyStyle.CAMEL_CASE for the KFServing APIs (KFServing clusters run
   * Knative < 1.1), AnnotationKeyStyle.KEBAB_CASE otherwise
   */
  readonly annotationKeyStyle?: AnnotationKeyStyle;
}

/**
 * Cluster-wide autoscaler settings. Each is written only when set here or by `preset`; a key left
 * out keeps Knative's default (shown in brackets). Per-service values in a `GpuAutoscalingPolicy`
 * override the keys that have a per-revision form.
 */
export interface KnativeAutoscalerConfigProps extends KnativeConfigOptions {
  /**
   * Where the values not set here come from.
   * @default - no preset: only the keys set here are written
   */
  readonly preset?: AutoscalingPreset;

  /**
   * `container-concurrency-target-percentage`: percent of the per-pod concurrency Knative aims at,
   * more than 0 and at most 100 (70). Per revision: `targetUtilizationPercent`.
   * @default - not written
   */
  readonly containerConcurrencyTargetPercent?: number;

  /**
   * `container-concurrency-target-default`: per-pod concurrency target of revisions with
   * containerConcurrency 0 (100).
   * @default - not written
   */
  readonly containerConcurrencyTargetDefault?: number;

  /**
   * `requests-per-second-target-default`: per-pod target of rps revisions without a target, at
   * least 0.01 (200).
   * @default - not written
   */
  readonly requestsPerSecondTargetDefault?: number;

  /**
   * `target-burst-capacity`: -1 or at least 0 (211). Per revision: `targetBurstCapacity`.
   * @default - not written
   */
  readonly targetBurstCapacity?: number;

  /**
   * `stable-window`: 6s to 1h in whole seconds (60s). Per revision: `stableWindow`.
   * @default - not written
   */
  readonly stableWindow?: Duration;

  /**
   * Panic window, written as `panic-window-percentage` of the stable window set here (Knative's
   * 60s when not set), and checked to give this window back (6s). Per revision: `panicWindow`.
   * @default - not written
   */
  readonly panicWindow?: Duration;

  /**
   * `panic-threshold-percentage` (200). Knative does not check this key; the per-revision
   * annotation's bounds, 110 to 1000, are applied here too. Per revision: `panicThresholdPercent`.
   * @default - not written
   */
  readonly panicThresholdPercent?: number;

  /**
   * `max-scale-up-rate`: a revision grows to at most ceil(rate x ready pods) per 2-second decision,
   * more than 1 (1000). Cluster-only. Pods still starting do not count, so a low rate throttles
   * GPU scale-up: see `warnings`.
   * @default - not written
   */
  readonly maxScaleUpRate?: number;

  /**
   * `max-scale-down-rate`: a revision shrinks to at least floor(ready pods / rate) per decision,
   * more than 1 (2). Cluster-only; a weak brake below about 100 pods. Per revision, damp scale-down
   * with `scaleDownDelay` instead.
   * @default - not written
   */
  readonly maxScaleDownRate?: number;

  /**
   * `enable-scale-to-zero` (true). Cluster-only; per revision, `minReplicas` 1 avoids zero.
   * @default - not written
   */
  readonly enableScaleToZero?: boolean;

  /**
   * `scale-to-zero-grace-period`: positive (30s). Cluster-only. It bounds how long Knative waits
   * for the activator to take over the request path before removing the last pod; it is not a
   * keep-warm timer (use `scaleToZeroPodRetention`), and a value over 1 minute draws a warning.
   * @default - not written
   */
  readonly scaleToZeroGracePeriod?: Duration;

  /**
   * `scale-to-zero-pod-retention-period`: how long the last pod of an idle revision is kept (0s).
   * No upper bound here; the per-revision `scaleToZeroPodRetention` is capped at 1h.
   * @default - not written
   */
  readonly scaleToZeroPodRetention?: Duration;

  /**
   * `pod-autoscaler-class` of revisions without a class annotation (KPA). A `GpuAutoscalingPolicy`
   * always writes its class.
   * @default - not written
   */
  readonly podAutoscalerClass?: AutoscalerClass;

  /**
   * `activator-capacity`: requests one activator pod takes, at least 1 (100). Cluster-only.
   * @default - not written
   */
  readonly activatorCapacity?: number;

  /**
   * `initial-scale`: pods a new revision starts with (1); 0 needs `allowZeroInitialScale`.
   * @default - not written
   */
  readonly initialScale?: number;

  /**
   * `allow-zero-initial-scale` (false). Cluster-only.
   * @default - not written
   */
  readonly allowZeroInitialScale?: boolean;

  /**
   * `min-scale` of revisions without one (0).
   * @default - not written
   */
  readonly minScale?: number;

  /**
   * `max-scale` of revisions without one; 0 means unlimited (0). From 1 to `maxScaleLimit` when
   * that is set.
   * @default - not written
   */
  readonly maxScale?: number;

  /**
   * `scale-down-delay`: whole seconds, no upper bound here (0s). Per revision: `scaleDownDelay`,
   * capped at 1h.
   * @default - not written
   */
  readonly scaleDownDelay?: Duration;

  /**
   * `max-scale-limit`: the highest max-scale a new revision may ask for; 0 means none (0).
   * Cluster-only.
   * @default - not written
   */
  readonly maxScaleLimit?: number;

  /**
   * How long a GPU pod takes from being requested to serving (node, image pull, model load). Never
   * written; it sizes the scale-up throttling warning.
   * @default Duration.seconds(60) - the original guide's figure for its largest model
   */
  readonly gpuColdStart?: Duration;

  /**
   * GPU pods a burst may need at once. Never written; it sizes the scale-up throttling warning.
   * @default 20
   */
  readonly gpuBurstReplicas?: number;
}

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
   *
   * Pair it with `maxReplicas`: with one request per pod, a burst that arrives while pods load asks
   * for one GPU pod per queued request. In the simulator's bursty trace (docs/simulator.md) a cap
   * near the peak need cut the cost by 58 % (GPT-2) and 94 % (70B) at the same p99 latency.
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

  /**
   * Nothing but what is set explicitly: every other value comes from the cluster's
   * `config-autoscaler` and `config-defaults`, for clusters whose platform team tunes them. A
   * `GpuAutoscalingPolicy` still writes its class, metric and minReplicas (0 unless set, as
   * KServe would otherwise write its own default of 1); a `KnativeAutoscalerConfig` writes only
   * the keys set in its props.
   */
  public static readonly CLUSTER = new AutoscalingPreset('CLUSTER', {}, {});

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
