import { Duration } from 'cdk8s';
import { checkKServeScaleTarget } from './_autoscaler-config-checks';
import { Problems } from './_errors';
import { decimal, goDuration } from './_format';
import { isProgressDeadlineTooLong, KNATIVE_KEYS, PROGRESS_DEADLINE_KEY, PROGRESS_DEADLINE_MAX_RULE } from './_knative-annotations';
import {
  checkContainerConcurrency, checkDelay, checkInteger, checkRange, checkReplicaBounds, checkStableWindow, checkTarget, checkTargetBurstCapacity,
  INT32_MAX, panicWindowPercentage, WINDOW_MAX,
} from './_knative-bounds';
import { AUTOSCALER_CLASS_ANNOTATION } from './_kserve-l1';
import { checkPublicProps, DURATION, enumOf, instanceOf, struct } from './_public-types';
import { checkConvertibleDuration, checkGoDuration } from './_unit-checks';
import { AutoscalerBindOptions, AutoscalerConfig, IServingAutoscaler } from './autoscaler';
import { AnnotationKeyStyle, AutoscalingPreset, GpuAutoscalingPolicyProps } from './autoscaling-preset';
import { AutoscalerClass, ScalingMetric } from './scaling-metric';
import { DeploymentMode, ServingApi } from './serving-api';
import { StandardAutoscalerClass } from './standard-mode-autoscaler';

type Knob = keyof GpuAutoscalingPolicyProps;

/** Knobs that are durations. */
const DURATION_KNOBS = ['stableWindow', 'panicWindow', 'scaleDownDelay', 'scaleToZeroPodRetention', 'progressDeadline'] as const;

/** Knobs only Knative's KPA reads: the HPA class ignores them. */
const KPA_ONLY: Knob[] = [
  'targetUtilizationPercent', 'panicWindow', 'panicThresholdPercent', 'targetBurstCapacity', 'scaleDownDelay', 'scaleToZeroPodRetention',
  'activationScale',
];

/** Knobs only a Knative revision reads: KServe Standard mode ignores them. */
const KNATIVE_ONLY: Knob[] = [
  'containerConcurrency', 'stableWindow', 'initialScale', 'progressDeadline', 'annotationKeyStyle', ...KPA_ONLY,
];

const GPU_AUTOSCALING_POLICY_PROPS_TYPES = struct<GpuAutoscalingPolicyProps>({
  preset: instanceOf(AutoscalingPreset, 'AutoscalingPreset.GPU_TUNED'),
  metric: enumOf('ScalingMetric', ScalingMetric),
  target: 'number',
  targetUtilizationPercent: 'number',
  containerConcurrency: 'number',
  stableWindow: DURATION,
  panicWindow: DURATION,
  panicThresholdPercent: 'number',
  minReplicas: 'number',
  maxReplicas: 'number',
  initialScale: 'number',
  activationScale: 'number',
  scaleDownDelay: DURATION,
  scaleToZeroPodRetention: DURATION,
  targetBurstCapacity: 'number',
  progressDeadline: DURATION,
  annotationKeyStyle: enumOf('AnnotationKeyStyle', AnnotationKeyStyle),
});

/** Which parts of the policy a target writes as revision annotations. */
interface AnnotationScope {
  readonly style: AnnotationKeyStyle;
  /** min-scale / max-scale: only where no minReplicas / maxReplicas field exists (KServe strips them). */
  readonly scaleBounds: boolean;
  /** metric / target: only where no scaleMetric / scaleTarget field exists. */
  readonly metricAndTarget: boolean;
  /** activation-scale and progress-deadline need Knative >= 1.4; KFServing clusters are older. */
  readonly recentKnative: boolean;
}

/** What `render` builds for one target: the typed fields and annotations, and the problems. */
type Rendering = Omit<AutoscalerConfig, 'replicaLimit' | 'warnings'>;

/**
 * Knative autoscaling for GPU model serving, applied per service. A value, not a construct: it
 * owns no Kubernetes object, an `InferenceService` renders it into its own object (typed KServe
 * fields where they exist, `autoscaling.knative.dev/*` revision annotations otherwise), and one
 * policy can serve many services.
 *
 * Only per-revision settings live here. Cluster-only settings (max scale-up and scale-down rates,
 * scale-to-zero grace period, enable-scale-to-zero) belong to `KnativeAutoscalerConfig`.
 *
 * Warnings (settings that are valid but probably not what you want) are listed in `warnings`;
 * each service that uses the policy adds them to its own construct metadata.
 */
export class GpuAutoscalingPolicy implements IServingAutoscaler {
  // Resolved values: a prop, else the preset's value where the metric's class reads it. Undefined
  // means not written, so the cluster's value applies.

  /** The preset the values not set explicitly came from. */
  public readonly preset: AutoscalingPreset;
  /** What the autoscaler follows. */
  public readonly metric: ScalingMetric;
  /** Knative's autoscaler class, from the metric. */
  public readonly autoscalerClass: AutoscalerClass;
  /** Per-pod target of the metric. */
  public readonly target?: number;
  /** Percent of the per-pod target Knative aims at. */
  public readonly targetUtilizationPercent?: number;
  /** Hard per-pod limit of requests at a time; 0 means unlimited. */
  public readonly containerConcurrency?: number;
  /** Window over which the metric is averaged. */
  public readonly stableWindow?: Duration;
  /** Window of the panic mode's fast average. */
  public readonly panicWindow?: Duration;
  /** `panicWindow` as the percentage of `stableWindow` Knative expects. */
  public readonly panicWindowPercentage?: number;
  /** Panic threshold, in percent of the ready pods. */
  public readonly panicThresholdPercent?: number;
  /** Fewest pods on Knative targets. KServe Standard mode renders at least 1. */
  public readonly minReplicas: number;
  /** Most pods; 0 means unlimited. */
  public readonly maxReplicas: number;
  /** Pods a new revision starts with. */
  public readonly initialScale?: number;
  /** Pods started at once when scaling up from zero. */
  public readonly activationScale?: number;
  /** How long a lower pod count must persist before Knative scales down. */
  public readonly scaleDownDelay?: Duration;
  /** How long the last pod is kept after the revision becomes idle. */
  public readonly scaleToZeroPodRetention?: Duration;
  /** Spare request capacity before the activator leaves the request path. */
  public readonly targetBurstCapacity?: number;
  /** How long a revision may take to become ready. */
  public readonly progressDeadline?: Duration;
  /** Spelling of the annotation keys; undefined means per target (camelCase for KFServing, kebab-case otherwise). */
  public readonly annotationKeyStyle?: AnnotationKeyStyle;

  private readonly props: GpuAutoscalingPolicyProps;
  private readonly warningMessages: string[] = [];

  constructor(props: GpuAutoscalingPolicyProps = {}) {
    props = checkPublicProps('GpuAutoscalingPolicy', undefined, props, GPU_AUTOSCALING_POLICY_PROPS_TYPES);
    this.props = props;
    this.preset = props.preset ?? AutoscalingPreset.GPU_TUNED;
    this.metric = props.metric ?? ScalingMetric.CONCURRENCY;
    const hpa = this.metric === ScalingMetric.CPU || this.metric === ScalingMetric.MEMORY;
    this.autoscalerClass = hpa ? AutoscalerClass.HPA : AutoscalerClass.KPA;

    // A preset's KPA tuning does not carry over to the HPA class, nor does its stable window,
    // which the HPA would apply to scale-up as well.
    const fromPreset = this.preset._revision;
    const preset: GpuAutoscalingPolicyProps = hpa
      ? {
        containerConcurrency: fromPreset.containerConcurrency,
        initialScale: fromPreset.initialScale,
        progressDeadline: fromPreset.progressDeadline,
      }
      : fromPreset;
    this.target = props.target;
    this.targetUtilizationPercent = props.targetUtilizationPercent ?? preset.targetUtilizationPercent;
    this.containerConcurrency = props.containerConcurrency ?? preset.containerConcurrency;
    this.stableWindow = props.stableWindow ?? preset.stableWindow;
    this.panicWindow = props.panicWindow ?? preset.panicWindow;
    this.panicThresholdPercent = props.panicThresholdPercent ?? preset.panicThresholdPercent;
    this.minReplicas = props.minReplicas ?? (hpa ? 1 : 0);
    this.maxReplicas = props.maxReplicas ?? 0;
    this.initialScale = props.initialScale ?? preset.initialScale;
    this.activationScale = props.activationScale ?? preset.activationScale;
    this.scaleDownDelay = props.scaleDownDelay ?? preset.scaleDownDelay;
    this.scaleToZeroPodRetention = props.scaleToZeroPodRetention ?? preset.scaleToZeroPodRetention;
    this.targetBurstCapacity = props.targetBurstCapacity ?? preset.targetBurstCapacity;
    this.progressDeadline = props.progressDeadline ?? preset.progressDeadline;
    this.annotationKeyStyle = props.annotationKeyStyle;

    const problems = new Problems();
    // The checks below convert the durations, which cdk8s cannot do for every Duration it builds.
    for (const knob of DURATION_KNOBS) {
      checkConvertibleDuration(problems, knob, props[knob]);
      checkGoDuration(problems, knob, props[knob]);
    }
    problems.throwIfAny(undefined, 'GpuAutoscalingPolicy');
    if (hpa) this.checkHpa(problems);
    this.panicWindowPercentage = this.checkValues(problems);
    problems.throwIfAny(undefined, 'GpuAutoscalingPolicy');

    this.collectWarnings();
  }

  /** Settings that are valid but probably not what you want. Returns a copy. */
  public get warnings(): string[] {
    return [...this.warningMessages];
  }

  /**
   * A short account of what the policy does on a Knative target: the effective per-pod target,
   * when panic mode starts, what happens when traffic stops, and which cluster-wide values it
   * relies on.
   */
  public explain(): string {
    const lines = [`${this.autoscalerClass === AutoscalerClass.KPA ? 'Knative KPA' : 'Knative HPA class'} on ${this.metric}, preset ${this.preset.name}.`];
    if (this.autoscalerClass === AutoscalerClass.KPA) {
      const target = this.effectiveTarget();
      lines.push(`- Per pod: ${target.text}.`);
      lines.push(`- Panic: ${this.explainPanic(target.value)}.`);
    } else {
      lines.push(`- Per pod: ${this.explainHpaTarget()}.`);
    }
    lines.push(`- Pods: ${this.minReplicas} to ${this.maxReplicas > 0 ? this.maxReplicas : 'the cluster\'s max-scale (unlimited by default)'}.`);
    lines.push(`- When traffic stops: ${this.explainIdle()}.`);
    lines.push(`- Relies on these cluster-wide values (Knative's defaults shown): ${this.clusterDependencies().join(', ')}.`);
    lines.push('- KServe Standard mode uses only minReplicas, maxReplicas, metric and target.');
    return lines.join('\n');
  }

  /**
   * The policy rendered for one serving API: typed fields where the API has them, revision
   * annotations otherwise, and what the API cannot express (`problems`).
   */
  public bind(options: AutoscalerBindOptions): AutoscalerConfig {
    const mode = options.api === ServingApi.KSERVE_V1BETA1 ? options.deploymentMode ?? DeploymentMode.KNATIVE : DeploymentMode.KNATIVE;
    const rendering = this.render(options.api, mode);
    // Field by field rather than spread: V8 gave every object spread into a literal here a map
    // (hidden class) of its own, 300 bytes more per service (heap snapshots of 2,000 services).
    return {
      revisionAnnotations: rendering.revisionAnnotations,
      objectAnnotations: rendering.objectAnnotations,
      minReplicas: rendering.minReplicas,
      maxReplicas: rendering.maxReplicas,
      scaleTarget: rendering.scaleTarget,
      scaleMetric: rendering.scaleMetric,
      containerConcurrency: rendering.containerConcurrency,
      problems: rendering.problems,
      replicaLimit: this.maxReplicas,
      warnings: this.warningMessages.length > 0 ? [...this.warningMessages] : undefined,
    };
  }

  private checkHpa(problems: Problems): void {
    for (const knob of KPA_ONLY) {
      if (this.props[knob] !== undefined) {
        problems.add(knob, this.props[knob], `applies only to the concurrency and rps metrics (Knative's KPA); the HPA class of the ${this.metric} metric ignores it`,
          'Remove it, or use ScalingMetric.CONCURRENCY or ScalingMetric.RPS');
      }
    }
    if (this.props.minReplicas === 0) {
      problems.add('minReplicas', 0, `the HPA class of the ${this.metric} metric cannot scale to zero`,
        'Use 1 or more, or ScalingMetric.CONCURRENCY to allow scale to zero');
    }
    if (this.metric === ScalingMetric.MEMORY && this.target === undefined) {
      problems.add('target', undefined, 'the memory metric has no default target, and without one Knative\'s HPA falls back to 80 % CPU',
        'Set the memory per pod to aim at, in MiB (percent in KServe Standard mode)');
    }
  }

  /** Checks every value against Knative's bounds; returns the panic window percentage when it converts. */
  private checkValues(problems: Problems): number | undefined {
    checkTarget(problems, 'target', this.target, 'Use a positive target such as 1');
    const limit = this.containerConcurrency;
    if (this.metric === ScalingMetric.CONCURRENCY && this.target !== undefined && limit && this.target > limit) {
      problems.add('target', this.target, `is above containerConcurrency (${limit}), and Knative quietly caps it there`,
        `Use ${limit} or less, or raise containerConcurrency`);
    }
    checkRange(problems, 'targetUtilizationPercent', this.targetUtilizationPercent, 1, 100,
      'Give a percentage (90 for 90 %), not a fraction');
    checkContainerConcurrency(problems, 'containerConcurrency', this.containerConcurrency);
    const stableWindowValid = checkStableWindow(problems, 'stableWindow', this.stableWindow);
    const percentage = this.panicWindow && this.stableWindow && stableWindowValid
      ? panicWindowPercentage(problems, 'panicWindow', this.panicWindow, this.stableWindow)
      : undefined;
    checkRange(problems, 'panicThresholdPercent', this.panicThresholdPercent, 110, 1000, 'Use 200 to panic when demand doubles');
    const replicasValid = checkReplicaBounds(problems, '', this.minReplicas, this.maxReplicas);
    checkInteger(problems, 'initialScale', this.initialScale, 0, INT32_MAX, 'Use 1 to start one pod per new revision');
    this.checkActivationScale(problems, replicasValid);
    checkDelay(problems, 'scaleDownDelay', this.scaleDownDelay, WINDOW_MAX, true);
    checkDelay(problems, 'scaleToZeroPodRetention', this.scaleToZeroPodRetention, WINDOW_MAX, false);
    checkTargetBurstCapacity(problems, 'targetBurstCapacity', this.targetBurstCapacity);
    if (this.progressDeadline && this.progressDeadline.toMilliseconds() === 0) {
      problems.add('progressDeadline', this.progressDeadline, 'must be positive', 'Use Duration.minutes(30) for large GPU models');
    } else if (this.progressDeadline && isProgressDeadlineTooLong(this.progressDeadline.toMilliseconds() / 1000)) {
      problems.add('progressDeadline', this.progressDeadline, `must be ${PROGRESS_DEADLINE_MAX_RULE}`, 'Use a shorter deadline, such as Duration.minutes(30)');
    } else {
      checkDelay(problems, 'progressDeadline', this.progressDeadline, undefined, true);
    }
    return percentage;
  }

  private checkActivationScale(problems: Problems, replicasValid: boolean): void {
    const activationScale = this.activationScale;
    if (activationScale === undefined) return;
    if (!checkInteger(problems, 'activationScale', activationScale, 2, INT32_MAX, 'Leave it unset to start one pod at a time from zero') || !replicasValid) return;
    if (activationScale < this.minReplicas) {
      problems.add('activationScale', activationScale, `is less than minReplicas (${this.minReplicas})`, `Use ${this.minReplicas} or more`);
    }
    if (this.maxReplicas !== 0 && activationScale > this.maxReplicas) {
      problems.add('activationScale', activationScale, `is more than maxReplicas (${this.maxReplicas})`, `Use ${this.maxReplicas} or less`);
    }
    if (this.annotationKeyStyle === AnnotationKeyStyle.CAMEL_CASE) {
      problems.add('activationScale', activationScale, 'needs Knative >= 1.7, but camelCase annotation keys are for Knative < 1.1',
        'Remove it, or use AnnotationKeyStyle.KEBAB_CASE');
    }
  }

  private collectWarnings(): void {
    if (this.initialScale === 0) {
      this.warningMessages.push('\'initialScale\' is 0: Knative accepts it only when the cluster\'s config-autoscaler sets allow-zero-initial-scale: "true" '
        + '(KServe quietly drops it otherwise). Set allowZeroInitialScale on the KnativeAutoscalerConfig.');
    }
    if (this.props.scaleToZeroPodRetention !== undefined && this.minReplicas > 0) {
      this.warningMessages.push(`'scaleToZeroPodRetention' is ${goDuration(this.props.scaleToZeroPodRetention)}: it has no effect while minReplicas `
        + `(${this.minReplicas}) keeps the service above zero.`);
    }
  }

  private render(api: ServingApi, mode: DeploymentMode): Rendering {
    const problems = new Problems();
    if (api === ServingApi.KSERVE_V1BETA1) {
      checkKServeScaleTarget(problems, 'target', this.target, this.autoscalerClass === AutoscalerClass.HPA ? this.metric : undefined,
        'Use a whole number; to aim below containerConcurrency, lower targetUtilizationPercent');
    }
    if (mode === DeploymentMode.STANDARD) return this.renderStandard(problems);

    const style = this.annotationKeyStyle ?? (api.isKfserving ? AnnotationKeyStyle.CAMEL_CASE : AnnotationKeyStyle.KEBAB_CASE);
    const typedReplicas = {
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas > 0 ? this.maxReplicas : undefined,
      containerConcurrency: this.containerConcurrency,
    };
    let rendering: Rendering;
    if (api === ServingApi.KSERVE_V1BETA1) {
      rendering = {
        revisionAnnotations: this.revisionAnnotations({ style, scaleBounds: false, metricAndTarget: false, recentKnative: true }),
        ...typedReplicas,
        scaleMetric: this.metric,
        scaleTarget: this.target,
      };
    } else if (api.isKfserving) {
      this.checkKfserving(problems);
      rendering = {
        revisionAnnotations: this.revisionAnnotations({ style, scaleBounds: false, metricAndTarget: true, recentKnative: false }),
        ...typedReplicas,
      };
    } else {
      rendering = {
        revisionAnnotations: this.revisionAnnotations({ style, scaleBounds: true, metricAndTarget: true, recentKnative: true }),
        containerConcurrency: this.containerConcurrency,
      };
    }
    return problems.isEmpty ? rendering : { ...rendering, problems: problems.toArray() };
  }

  /** KServe Standard mode: a Deployment with KServe's HPA. Knative knobs do nothing there. */
  private renderStandard(problems: Problems): Rendering {
    for (const knob of KNATIVE_ONLY) {
      if (this.props[knob] !== undefined) {
        problems.add(knob, this.props[knob], 'does nothing in KServe Standard mode, where no Knative revision exists',
          'Remove it, or use DeploymentMode.KNATIVE');
      }
    }
    const hpa = this.autoscalerClass === AutoscalerClass.HPA;
    if (!hpa && (this.props.metric !== undefined || this.props.target !== undefined)) {
      problems.add('metric', this.metric, 'KServe Standard mode scales with an HPA on cpu or memory only',
        'Use ScalingMetric.CPU or ScalingMetric.MEMORY, or DeploymentMode.KNATIVE');
    }
    if (this.props.minReplicas === 0 && !hpa) {
      problems.add('minReplicas', 0, 'the HPA of KServe Standard mode cannot scale to zero (KServe quietly uses 1)',
        'Use 1 or more, or DeploymentMode.KNATIVE for scale to zero');
    }
    if (this.maxReplicas === 0) {
      problems.add('maxReplicas', 0, 'KServe Standard mode raises a maxReplicas of 0 to minReplicas, so the HPA never scales',
        'Set maxReplicas on the service\'s GpuAutoscalingPolicy');
    }
    const rendering: Rendering = {
      objectAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: StandardAutoscalerClass.HPA },
      minReplicas: Math.max(1, this.minReplicas),
      maxReplicas: this.maxReplicas > 0 ? this.maxReplicas : undefined,
      scaleMetric: hpa ? this.metric : undefined,
      scaleTarget: hpa ? this.target : undefined,
    };
    return problems.isEmpty ? rendering : { ...rendering, problems: problems.toArray() };
  }

  /** KFServing clusters need Kubernetes < 1.22 (v1beta1 CRDs), so their Knative is older than 1.4. */
  private checkKfserving(problems: Problems): void {
    const needs: [Knob, string][] = [['activationScale', '1.7'], ['progressDeadline', '1.4']];
    for (const [knob, version] of needs) {
      if (this.props[knob] !== undefined) {
        problems.add(knob, this.props[knob], `needs Knative >= ${version}, which needs Kubernetes >= 1.22, where KFServing's apiextensions v1beta1 CRDs no longer install`,
          'Remove it, or use ServingApi.KSERVE_V1BETA1');
      }
    }
  }

  private revisionAnnotations(scope: AnnotationScope): Record<string, string> {
    const spell = (key: readonly string[]) => (scope.style === AnnotationKeyStyle.CAMEL_CASE ? key[key.length - 1] : key[0]);
    const annotations: Record<string, string> = { [KNATIVE_KEYS.class[0]]: this.autoscalerClass };
    if (scope.metricAndTarget) {
      annotations[KNATIVE_KEYS.metric[0]] = this.metric;
      if (this.target !== undefined) annotations[KNATIVE_KEYS.target[0]] = decimal(this.target);
    }
    if (scope.scaleBounds) {
      annotations[spell(KNATIVE_KEYS.minScale)] = String(this.minReplicas);
      if (this.maxReplicas > 0) annotations[spell(KNATIVE_KEYS.maxScale)] = String(this.maxReplicas);
    }
    if (this.initialScale !== undefined) annotations[spell(KNATIVE_KEYS.initialScale)] = String(this.initialScale);
    if (this.targetUtilizationPercent !== undefined) annotations[spell(KNATIVE_KEYS.targetUtilization)] = decimal(this.targetUtilizationPercent);
    if (this.stableWindow) annotations[KNATIVE_KEYS.window[0]] = goDuration(this.stableWindow);
    if (this.panicWindowPercentage !== undefined) annotations[spell(KNATIVE_KEYS.panicWindow)] = decimal(this.panicWindowPercentage);
    if (this.panicThresholdPercent !== undefined) annotations[spell(KNATIVE_KEYS.panicThreshold)] = decimal(this.panicThresholdPercent);
    if (this.targetBurstCapacity !== undefined) annotations[spell(KNATIVE_KEYS.targetBurstCapacity)] = decimal(this.targetBurstCapacity);
    if (this.scaleDownDelay) annotations[spell(KNATIVE_KEYS.scaleDownDelay)] = goDuration(this.scaleDownDelay);
    if (this.scaleToZeroPodRetention) annotations[spell(KNATIVE_KEYS.retention)] = goDuration(this.scaleToZeroPodRetention);
    if (scope.recentKnative && this.activationScale !== undefined) annotations[KNATIVE_KEYS.activationScale[0]] = String(this.activationScale);
    if (scope.recentKnative && this.progressDeadline) annotations[PROGRESS_DEADLINE_KEY] = goDuration(this.progressDeadline);
    return annotations;
  }

  /**
   * Knative's per-pod target (ResolveMetricTarget). Every preset sets the KPA tuning; Knative's
   * own defaults stand in for the cluster's values the policy leaves open.
   */
  private effectiveTarget(): { value: number; text: string } {
    const rps = this.metric === ScalingMetric.RPS;
    const utilization = this.targetUtilizationPercent ?? 70;
    const limit = this.containerConcurrency ?? 0;
    let total: number;
    let totalText: string;
    if (rps) {
      total = this.target ?? 200;
      totalText = this.target !== undefined ? `${decimal(total)} requests/s` : 'the cluster\'s requests-per-second-target-default (200 requests/s)';
    } else if (limit > 0) {
      total = Math.min(this.target ?? limit, limit);
      totalText = `${decimal(total)}`;
    } else {
      total = this.target ?? 100;
      totalText = this.target !== undefined ? `${decimal(total)}` : 'the cluster\'s container-concurrency-target-default (100)';
    }
    const value = Math.max(0.01, total * utilization / 100);
    const unit = rps ? 'requests/s' : 'in-flight requests';
    const limitText = rps ? '' : limit > 0 ? `at most ${limit} request${limit === 1 ? '' : 's'} at a time (containerConcurrency ${limit}); `
      : 'no limit on requests at a time (containerConcurrency 0); ';
    return { value, text: `${limitText}Knative aims at ${decimal(value)} ${unit} per pod (${totalText} x ${decimal(utilization)} %)` };
  }

  private explainPanic(target: number): string {
    const threshold = this.panicThresholdPercent ?? 200;
    const stableWindow = this.stableWindow ?? Duration.seconds(60);
    const panicWindow = goDuration(this.panicWindow ?? Duration.millis(stableWindow.toMilliseconds() / 10));
    // Panic starts when ceil(P / target) >= threshold x ready pods: with one ready pod Knative's rounding makes it early.
    const oneReadyPod = target * (Math.ceil(threshold / 100) - 1);
    return `when the ${panicWindow} average needs ${decimal(threshold)} % of the ready pods (about ${decimal(target * threshold / 100)} per ready pod; `
      + `with one ready pod, anything above ${decimal(oneReadyPod)}), Knative scales on the ${panicWindow} average `
      + `and does not scale down until ${goDuration(stableWindow)} after the burst`;
  }

  private explainHpaTarget(): string {
    if (this.metric === ScalingMetric.CPU) {
      return this.target !== undefined ? `the HPA keeps average CPU at ${Math.ceil(this.target)} % of the request`
        : 'the HPA keeps average CPU at 80 % of the request (the HPA default)';
    }
    return `the HPA keeps average memory at ${decimal(this.target ?? 0)} MiB per pod`;
  }

  private explainIdle(): string {
    const pods = `${this.minReplicas} pod${this.minReplicas === 1 ? '' : 's'}`;
    if (this.autoscalerClass === AutoscalerClass.HPA) {
      const window = this.stableWindow ? `the ${goDuration(this.stableWindow)} window` : 'the HPA\'s scale-down stabilization (5m by default)';
      return `after ${window} the HPA scales down to ${pods}; it never scales to zero`;
    }
    const stableWindow = this.stableWindow ?? Duration.seconds(60);
    const delayMillis = this.scaleDownDelay?.toMilliseconds() ?? 0;
    const delay = delayMillis > 0 ? ` plus the ${goDuration(Duration.millis(delayMillis))} scale-down delay` : '';
    if (this.minReplicas > 0) {
      return `after the ${goDuration(stableWindow)} stable window${delay} it scales down to ${pods} and never to zero`;
    }
    const retentionMillis = this.scaleToZeroPodRetention?.toMilliseconds() ?? 0;
    const graceMillis = 30_000;
    const total = Duration.millis(stableWindow.toMilliseconds() + delayMillis + Math.max(retentionMillis, graceMillis));
    const keep = retentionMillis > graceMillis
      ? `the last pod is kept for the ${goDuration(Duration.millis(retentionMillis))} scale-to-zero-pod-retention-period`
      : 'the last pod goes once the activator is in the request path (at most the cluster\'s scale-to-zero-grace-period, 30s)';
    return `after the ${goDuration(stableWindow)} stable window${delay} no pod is needed; ${keep}, so the service reaches zero about `
      + `${goDuration(total)} after the last request. The next request waits for a GPU cold start`;
  }

  private clusterDependencies(): string[] {
    const kpa = this.autoscalerClass === AutoscalerClass.KPA;
    const dependencies: string[] = [];
    if (kpa) {
      if (this.minReplicas === 0) dependencies.push('enable-scale-to-zero (true)', 'scale-to-zero-grace-period (30s)');
      dependencies.push('max-scale-up-rate (1000)', 'max-scale-down-rate (2)');
      if (this.targetBurstCapacity === undefined) dependencies.push('target-burst-capacity (211)');
      if (this.scaleDownDelay === undefined) dependencies.push('scale-down-delay (0s)');
      if (this.metric === ScalingMetric.CONCURRENCY && !this.containerConcurrency && this.target === undefined) {
        dependencies.push('container-concurrency-target-default (100)');
      }
      if (this.metric === ScalingMetric.RPS && this.target === undefined) dependencies.push('requests-per-second-target-default (200)');
    }
    if (this.maxReplicas === 0) dependencies.push('max-scale (0, unlimited)');
    if (this.initialScale === undefined) dependencies.push('initial-scale (1)');
    if (this.containerConcurrency === undefined) dependencies.push('config-defaults container-concurrency (0)');
    if (this.progressDeadline === undefined) dependencies.push('config-deployment progress-deadline (600s)');
    return dependencies;
  }
}
