import { Duration } from 'cdk8s';
import { addProblem, checkBoolean, checkDuration, checkInteger, checkNumber, checkProps, secondsOf, throwIfAny } from './_checks';
import { DeciderSpec } from './knative-decider';
import { Problems } from '../_errors';
import { meantName } from '../_format';

/**
 * The Knative autoscaling values the simulator reads, per revision and cluster-wide, with Knative's
 * names. Each default is Knative Serving's own (v1.23 `config-autoscaler`, `config-deployment`,
 * `config-defaults`), so an empty object is a stock cluster.
 */
export interface KnativeAutoscalingValues {
  /**
   * Hard limit of requests a pod is given at once (`containerConcurrency`); 0 is unlimited.
   * @default 0 - Knative's config-defaults container-concurrency
   */
  readonly containerConcurrency?: number;
  /**
   * The metric, `concurrency` or `rps` (`autoscaling.knative.dev/metric`).
   * @default 'concurrency'
   */
  readonly metric?: string;
  /**
   * Per-pod target before utilization (`autoscaling.knative.dev/target`).
   * @default - containerConcurrency, else the metric's cluster default
   */
  readonly target?: number;
  /**
   * Target utilization in percent (`target-utilization-percentage`).
   * @default 70 - Knative's container-concurrency-target-percentage (and the fixed rps utilization)
   */
  readonly targetUtilizationPercentage?: number;
  /**
   * Cluster `container-concurrency-target-default`.
   * @default 100
   */
  readonly containerConcurrencyTargetDefault?: number;
  /**
   * Cluster `requests-per-second-target-default`.
   * @default 200
   */
  readonly requestsPerSecondTargetDefault?: number;
  /**
   * `target-burst-capacity`: -1 keeps the activator always in the path.
   * @default 211
   */
  readonly targetBurstCapacity?: number;
  /**
   * Stable window (`autoscaling.knative.dev/window`, cluster `stable-window`).
   * @default Duration.seconds(60)
   */
  readonly stableWindow?: Duration;
  /**
   * `panic-window-percentage` of the stable window.
   * @default 10
   */
  readonly panicWindowPercentage?: number;
  /**
   * `panic-threshold-percentage`.
   * @default 200
   */
  readonly panicThresholdPercentage?: number;
  /**
   * Cluster `max-scale-up-rate`.
   * @default 1000
   */
  readonly maxScaleUpRate?: number;
  /**
   * Cluster `max-scale-down-rate`.
   * @default 2
   */
  readonly maxScaleDownRate?: number;
  /**
   * `scale-down-delay`.
   * @default Duration.seconds(0)
   */
  readonly scaleDownDelay?: Duration;
  /**
   * `activation-scale`; 0 is unset.
   * @default 0
   */
  readonly activationScale?: number;
  /**
   * `min-scale`.
   * @default 0
   */
  readonly minScale?: number;
  /**
   * `max-scale`; 0 is unlimited.
   * @default 0
   */
  readonly maxScale?: number;
  /**
   * `initial-scale`.
   * @default 1
   */
  readonly initialScale?: number;
  /**
   * Cluster `enable-scale-to-zero`.
   * @default true
   */
  readonly enableScaleToZero?: boolean;
  /**
   * Cluster `scale-to-zero-grace-period`.
   * @default Duration.seconds(30)
   */
  readonly scaleToZeroGracePeriod?: Duration;
  /**
   * `scale-to-zero-pod-retention-period`.
   * @default Duration.seconds(0)
   */
  readonly scaleToZeroPodRetentionPeriod?: Duration;
  /**
   * `serving.knative.dev/progress-deadline` (config-deployment `progress-deadline`).
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
  /**
   * The revision's request timeout (`timeoutSeconds`, config-defaults `revision-timeout-seconds`).
   * @default Duration.seconds(300)
   */
  readonly requestTimeout?: Duration;
}

/** The keys of `KnativeAutoscalingValues`, every one (the compiler holds the list complete). */
const VALUE_KEYS: Readonly<Record<keyof KnativeAutoscalingValues, true>> = {
  containerConcurrency: true,
  metric: true,
  target: true,
  targetUtilizationPercentage: true,
  containerConcurrencyTargetDefault: true,
  requestsPerSecondTargetDefault: true,
  targetBurstCapacity: true,
  stableWindow: true,
  panicWindowPercentage: true,
  panicThresholdPercentage: true,
  maxScaleUpRate: true,
  maxScaleDownRate: true,
  scaleDownDelay: true,
  activationScale: true,
  minScale: true,
  maxScale: true,
  initialScale: true,
  enableScaleToZero: true,
  scaleToZeroGracePeriod: true,
  scaleToZeroPodRetentionPeriod: true,
  progressDeadline: true,
  requestTimeout: true,
};

/**
 * Knative autoscaling values resolved as Knative resolves them: the decider spec
 * (`ResolveMetricTarget` in `pkg/reconciler/autoscaling/resources/target.go` and `MakeDecider` in
 * `pkg/reconciler/autoscaling/kpa/resources/decider.go`) and the scaler's bounds.
 */
export class KnativeAutoscalingSettings {
  /**
   * @internal Why `key` is no Knative autoscaling value, with the value it looks like (`maxscale`,
   * `max-scale`: `maxScale`), or undefined for a known key. A misspelt value would otherwise be left
   * out without a word, and the simulation would run Knative's default instead. The CLI asks too.
   */
  public static _unknownKey(key: string): string | undefined {
    if (Object.prototype.hasOwnProperty.call(VALUE_KEYS, key)) return undefined;
    const meant = meantName(key, Object.keys(VALUE_KEYS));
    return meant ? `is no Knative autoscaling value; did you mean '${meant}'?` : `is no Knative autoscaling value: use ${Object.keys(VALUE_KEYS).join(', ')}`;
  }

  /** Resolves values, checking each against Knative's webhook bounds; every problem in one error. */
  public static resolve(values: KnativeAutoscalingValues): KnativeAutoscalingSettings {
    const problems = new Problems();
    if (checkProps(problems, 'values', values)) {
      for (const key of Object.keys(values)) {
        const unknown = KnativeAutoscalingSettings._unknownKey(key);
        if (unknown) problems.addMessage(`'${key}' ${unknown}`);
      }
      checkInteger(problems, 'containerConcurrency', values.containerConcurrency, 0, 1000, true);
      if (values.metric !== undefined && values.metric !== 'concurrency' && values.metric !== 'rps') {
        addProblem(problems, 'metric', values.metric, "must be 'concurrency' or 'rps' (the KPA's metrics)");
      }
      checkNumber(problems, 'target', values.target, 0.01, 1e9, true);
      checkNumber(problems, 'targetUtilizationPercentage', values.targetUtilizationPercentage, 1, 100, true);
      checkNumber(problems, 'containerConcurrencyTargetDefault', values.containerConcurrencyTargetDefault, 0.01, 1e9, true);
      checkNumber(problems, 'requestsPerSecondTargetDefault', values.requestsPerSecondTargetDefault, 0.01, 1e9, true);
      if (values.targetBurstCapacity !== undefined && values.targetBurstCapacity !== -1) {
        checkNumber(problems, 'targetBurstCapacity', values.targetBurstCapacity, 0, 1e9);
      }
      checkDuration(problems, 'stableWindow', values.stableWindow, 6, 3600, true);
      checkNumber(problems, 'panicWindowPercentage', values.panicWindowPercentage, 1, 100, true);
      checkNumber(problems, 'panicThresholdPercentage', values.panicThresholdPercentage, 110, 1000, true);
      checkNumber(problems, 'maxScaleUpRate', values.maxScaleUpRate, 1.000001, 1e9, true);
      checkNumber(problems, 'maxScaleDownRate', values.maxScaleDownRate, 1.000001, 1e9, true);
      checkDuration(problems, 'scaleDownDelay', values.scaleDownDelay, 0, 3600, true);
      if (values.activationScale !== undefined && values.activationScale !== 0) checkInteger(problems, 'activationScale', values.activationScale, 2, 2 ** 31 - 1);
      checkInteger(problems, 'minScale', values.minScale, 0, 2 ** 31 - 1, true);
      checkInteger(problems, 'maxScale', values.maxScale, 0, 2 ** 31 - 1, true);
      checkInteger(problems, 'initialScale', values.initialScale, 0, 2 ** 31 - 1, true);
      checkBoolean(problems, 'enableScaleToZero', values.enableScaleToZero, true);
      checkDuration(problems, 'scaleToZeroGracePeriod', values.scaleToZeroGracePeriod, 0.001, undefined, true);
      checkDuration(problems, 'scaleToZeroPodRetentionPeriod', values.scaleToZeroPodRetentionPeriod, 0, 3600, true);
      checkDuration(problems, 'progressDeadline', values.progressDeadline, 1, undefined, true);
      checkDuration(problems, 'requestTimeout', values.requestTimeout, 1, undefined, true);
      // Knative's webhook refuses a window or a delay finer than a second (knative-autoscaling.md, precision).
      for (const [prop, value] of [['stableWindow', values.stableWindow], ['scaleDownDelay', values.scaleDownDelay]] as const) {
        const seconds = secondsOf(value);
        if (Number.isFinite(seconds) && !Number.isInteger(seconds)) {
          addProblem(problems, prop, value, 'must be a whole number of seconds: Knative refuses a finer one', 'For example Duration.seconds(60)');
        }
      }
      const min = values.minScale ?? 0;
      const max = values.maxScale ?? 0;
      if (max > 0 && min > max) problems.addMessage(`'maxScale' is ${max}: must be 0 (unlimited) or at least 'minScale' (${min})`);
    }
    throwIfAny(problems, 'KnativeAutoscalingValues');
    return new KnativeAutoscalingSettings(values);
  }

  /** The decider spec Knative builds from these values. */
  public readonly deciderSpec: DeciderSpec;
  /** Hard per-pod limit; 0 is unlimited. */
  public readonly containerConcurrency: number;
  /** Panic window: max(1 s, round(stable window × panic-window-percentage / 100)). */
  public readonly panicWindow: Duration;
  /** min-scale. */
  public readonly minScale: number;
  /** max-scale; 0 is unlimited. */
  public readonly maxScale: number;
  /** initial-scale. */
  public readonly initialScale: number;
  /** enable-scale-to-zero. */
  public readonly enableScaleToZero: boolean;
  /** scale-to-zero-grace-period. */
  public readonly scaleToZeroGracePeriod: Duration;
  /** scale-to-zero-pod-retention-period. */
  public readonly scaleToZeroPodRetentionPeriod: Duration;
  /** progress deadline. */
  public readonly progressDeadline: Duration;
  /** request timeout. */
  public readonly requestTimeout: Duration;

  private constructor(values: KnativeAutoscalingValues) {
    const cc = values.containerConcurrency ?? 0;
    const rps = values.metric === 'rps';
    // ResolveMetricTarget: the per-pod total, then target = max(0.01, total × utilization).
    let total = rps ? values.requestsPerSecondTargetDefault ?? 200 : cc > 0 ? cc : values.containerConcurrencyTargetDefault ?? 100;
    if (values.target !== undefined) total = !rps && cc > 0 ? Math.min(values.target, cc) : values.target;
    const utilization = (values.targetUtilizationPercentage ?? 70) / 100;
    const stableWindow = values.stableWindow ?? Duration.seconds(60);
    const panicSeconds = Math.max(1, Math.round((secondsOf(stableWindow) * (values.panicWindowPercentage ?? 10)) / 100));
    this.deciderSpec = {
      scalingMetric: rps ? 'rps' : 'concurrency',
      targetValue: Math.max(0.01, total * utilization),
      totalValue: total,
      targetBurstCapacity: values.targetBurstCapacity ?? 211,
      panicThreshold: (values.panicThresholdPercentage ?? 200) / 100,
      maxScaleUpRate: values.maxScaleUpRate ?? 1000,
      maxScaleDownRate: values.maxScaleDownRate ?? 2,
      stableWindow,
      scaleDownDelay: values.scaleDownDelay ?? Duration.seconds(0),
      activationScale: values.activationScale ?? 0,
      reachable: true,
    };
    this.containerConcurrency = cc;
    this.panicWindow = Duration.seconds(panicSeconds);
    this.minScale = values.minScale ?? 0;
    this.maxScale = values.maxScale ?? 0;
    this.initialScale = values.initialScale ?? 1;
    this.enableScaleToZero = values.enableScaleToZero ?? true;
    this.scaleToZeroGracePeriod = values.scaleToZeroGracePeriod ?? Duration.seconds(30);
    this.scaleToZeroPodRetentionPeriod = values.scaleToZeroPodRetentionPeriod ?? Duration.seconds(0);
    this.progressDeadline = values.progressDeadline ?? Duration.seconds(600);
    this.requestTimeout = values.requestTimeout ?? Duration.seconds(300);
  }
}
