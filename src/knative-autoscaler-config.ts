import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { goDuration } from './_format';
import {
  checkDelay, checkInteger, checkRange, checkRate, checkStableWindow, checkTarget, checkTargetBurstCapacity, INT32_MAX, panicWindowPercentage,
} from './_knative-bounds';
import { AppRegistry, checkKnativeConfigOptions, writeKnativeConfig } from './_knative-config';
import { KNATIVE_CONFIG_OPTIONS_TYPES } from './_prop-types';
import { checkPublicProps, DURATION, enumOf, instanceOf, struct } from './_public-types';
import { checkConvertibleDuration, checkGoDuration } from './_unit-checks';
import { AutoscalingPreset, KnativeAutoscalerConfigProps } from './autoscaling-preset';
import { AutoscalerClass } from './scaling-metric';

const REGISTRY = new AppRegistry<KnativeAutoscalerConfig>();

const KNATIVE_AUTOSCALER_CONFIG_PROPS_TYPES = struct<KnativeAutoscalerConfigProps>({
  ...KNATIVE_CONFIG_OPTIONS_TYPES,
  preset: instanceOf(AutoscalingPreset, 'AutoscalingPreset.GPU_TUNED'),
  containerConcurrencyTargetPercent: 'number',
  containerConcurrencyTargetDefault: 'number',
  requestsPerSecondTargetDefault: 'number',
  targetBurstCapacity: 'number',
  stableWindow: DURATION,
  panicWindow: DURATION,
  panicThresholdPercent: 'number',
  maxScaleUpRate: 'number',
  maxScaleDownRate: 'number',
  enableScaleToZero: 'boolean',
  scaleToZeroGracePeriod: DURATION,
  scaleToZeroPodRetention: DURATION,
  podAutoscalerClass: enumOf('AutoscalerClass', AutoscalerClass),
  activatorCapacity: 'number',
  initialScale: 'number',
  allowZeroInitialScale: 'boolean',
  minScale: 'number',
  maxScale: 'number',
  scaleDownDelay: DURATION,
  maxScaleLimit: 'number',
  gpuColdStart: DURATION,
  gpuBurstReplicas: 'number',
});

/** Settings that are durations. */
const DURATION_KEYS = ['stableWindow', 'panicWindow', 'scaleToZeroGracePeriod', 'scaleToZeroPodRetention', 'scaleDownDelay', 'gpuColdStart'] as const;

/**
 * The cluster-wide Knative autoscaler settings, ConfigMap `config-autoscaler` in
 * `knative-serving` (or, with `operator`, `KnativeServing.spec.config.autoscaler`). Meant for a
 * platform chart: it affects every revision in the cluster.
 *
 * Only the keys set in props or by the preset are written, and never Knative's `_example` block.
 * Applying the ConfigMap replaces its keys; a key removed here goes back to Knative's default. If
 * the Knative Operator manages Knative Serving it overwrites ConfigMaps: use `operator` instead.
 *
 * There is no `tick-interval`: Knative removed the key in v0.16 and decides every 2 seconds (and
 * at once when a revision at zero gets a request); an unknown key is silently ignored.
 *
 * Settings that throttle GPU scale-up (a low `maxScaleUpRate`) or are probably misread (a long
 * `scaleToZeroGracePeriod`) are listed in `warnings`, added to the construct's metadata with
 * `node.addMetadata('warning', ...)` and printed at synth (`SynthWarnings`).
 */
export class KnativeAutoscalerConfig extends Construct {
  /**
   * @internal The autoscaler configs in the app (the construct tree) of `scope`, for the services'
   * checks at synth: registered when created, so that no service walks the whole app.
   */
  public static _inApp(scope: IConstruct): readonly KnativeAutoscalerConfig[] {
    return REGISTRY.inApp(scope);
  }

  /** The preset the values not set explicitly came from, if any. */
  public readonly preset?: AutoscalingPreset;
  /** Namespace the settings are written to. */
  public readonly namespace: string;
  /** The keys written, as Knative reads them. */
  public readonly data: { [key: string]: string };
  /** @internal The settings written, the preset's and the props', for the services' checks. */
  public readonly _settings: KnativeAutoscalerConfigProps;

  private readonly warningMessages: string[] = [];

  constructor(scope: Construct, id: string, props: KnativeAutoscalerConfigProps = {}) {
    super(scope, id);
    props = checkPublicProps('KnativeAutoscalerConfig', this, props, KNATIVE_AUTOSCALER_CONFIG_PROPS_TYPES);
    this.preset = props.preset;
    const settings: KnativeAutoscalerConfigProps = { ...this.preset?._cluster, ...withoutUndefined(props) };

    const problems = new Problems();
    // The checks below convert the durations, which cdk8s cannot do for every Duration it builds.
    for (const key of DURATION_KEYS) {
      checkConvertibleDuration(problems, key, settings[key]);
      checkGoDuration(problems, key, settings[key]);
    }
    problems.throwIfAny(this, 'KnativeAutoscalerConfig');
    checkKnativeConfigOptions(problems, props);
    const panicWindowPercent = checkSettings(problems, settings);
    problems.throwIfAny(this, 'KnativeAutoscalerConfig');

    this.data = render(settings, panicWindowPercent);
    this._settings = settings;
    this.collectWarnings(settings);
    for (const warning of this.warningMessages) this.node.addMetadata('warning', warning);
    this.namespace = writeKnativeConfig(this, { name: 'config-autoscaler', section: 'autoscaler', component: 'autoscaler' }, this.data, props);
    registerInApp(this, { warnings: () => this.warningMessages });
    REGISTRY.register(this);
  }

  /** Settings that are valid but throttle GPU serving or are probably misread. Returns a copy. */
  public get warnings(): string[] {
    return [...this.warningMessages];
  }

  private collectWarnings(settings: KnativeAutoscalerConfigProps): void {
    const rate = settings.maxScaleUpRate;
    const burst = settings.gpuBurstReplicas ?? 20;
    const coldStart = settings.gpuColdStart ?? Duration.seconds(60);
    const rounds = rate === undefined ? 1 : scaleUpRounds(rate, burst);
    if (rounds > 1) {
      this.warningMessages.push(`'maxScaleUpRate' is ${rate}: a burst from 0 to ${burst} GPU pods takes ${rounds} rounds of cold starts `
        + `(about ${goDuration(Duration.millis(rounds * coldStart.toMilliseconds()))} with a ${goDuration(coldStart)} cold start) instead of one, `
        + `because Knative allows at most ceil(${rate} x ready pods) per step and pods still starting do not count. `
        + 'Leave it at Knative\'s 1000 and cap GPU spend per service with maxReplicas.');
    }
    const grace = settings.scaleToZeroGracePeriod;
    if (grace && grace.toMilliseconds() > 60_000) {
      this.warningMessages.push(`'scaleToZeroGracePeriod' is ${goDuration(grace)}: it is not a keep-warm timer. It only bounds how long Knative `
        + 'waits for the activator to take over the request path, which with small containerConcurrency is usually at once. '
        + 'Keep pods warm with scaleToZeroPodRetention, here or per service.');
    }
  }
}

/** Props without the keys set to undefined, so that they do not hide the preset's values. */
function withoutUndefined(props: KnativeAutoscalerConfigProps): KnativeAutoscalerConfigProps {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
}

/** Checks every setting against Knative's bounds; returns the panic window percentage when it converts. */
function checkSettings(problems: Problems, s: KnativeAutoscalerConfigProps): number | undefined {
  const percent = s.containerConcurrencyTargetPercent;
  if (percent !== undefined && !(percent > 0 && percent <= 100)) {
    problems.add('containerConcurrencyTargetPercent', percent, 'must be more than 0 and at most 100', 'Give a percentage such as 90');
  } else if (percent !== undefined || s.containerConcurrencyTargetDefault !== undefined) {
    const target = (percent ?? 70) / 100 * (s.containerConcurrencyTargetDefault ?? 100);
    if (target < 0.01) {
      problems.addMessage(`containerConcurrencyTargetPercent (${percent ?? 70}) x containerConcurrencyTargetDefault `
        + `(${s.containerConcurrencyTargetDefault ?? 100}) gives a target of ${Number(target.toPrecision(6))}, below Knative's minimum of 0.01. Raise either`);
    }
  }
  checkTarget(problems, 'requestsPerSecondTargetDefault', s.requestsPerSecondTargetDefault, 'Use a positive target such as 200');
  checkTargetBurstCapacity(problems, 'targetBurstCapacity', s.targetBurstCapacity);
  const stableWindowValid = checkStableWindow(problems, 'stableWindow', s.stableWindow);
  const panicWindowPercent = s.panicWindow && stableWindowValid
    ? panicWindowPercentage(problems, 'panicWindow', s.panicWindow, s.stableWindow ?? Duration.seconds(60))
    : undefined;
  checkRange(problems, 'panicThresholdPercent', s.panicThresholdPercent, 110, 1000, 'Use 200 to panic when demand doubles');
  checkRate(problems, 'maxScaleUpRate', s.maxScaleUpRate, 'Leave it unset (Knative\'s 1000) so that GPU pods start together');
  checkRate(problems, 'maxScaleDownRate', s.maxScaleDownRate, 'Use 2 (Knative\'s default), and damp scale-down per service with scaleDownDelay');
  if (s.scaleToZeroGracePeriod && s.scaleToZeroGracePeriod.toMilliseconds() === 0) {
    problems.add('scaleToZeroGracePeriod', s.scaleToZeroGracePeriod, 'must be positive', 'Use Knative\'s 30s');
  }
  checkDelay(problems, 'scaleDownDelay', s.scaleDownDelay, undefined, true);
  if (s.activatorCapacity !== undefined && !(s.activatorCapacity >= 1)) {
    problems.add('activatorCapacity', s.activatorCapacity, 'must be at least 1', 'Use Knative\'s 100');
  }
  checkScales(problems, s);
  if (s.gpuColdStart && s.gpuColdStart.toMilliseconds() === 0) {
    problems.add('gpuColdStart', s.gpuColdStart, 'must be positive', 'Give the time a GPU pod takes to serve, such as Duration.seconds(60)');
  }
  checkInteger(problems, 'gpuBurstReplicas', s.gpuBurstReplicas, 1, INT32_MAX, 'Give the GPU pods a burst may need, such as 20');
  return panicWindowPercent;
}

function checkScales(problems: Problems, s: KnativeAutoscalerConfigProps): void {
  const initialValid = checkInteger(problems, 'initialScale', s.initialScale, 0, INT32_MAX, 'Use 1 to start one pod per new revision');
  if (initialValid && s.initialScale === 0 && s.allowZeroInitialScale !== true) {
    problems.add('initialScale', 0, 'needs allowZeroInitialScale: true', 'Set allowZeroInitialScale, or use 1');
  }
  const minValid = checkInteger(problems, 'minScale', s.minScale, 0, INT32_MAX, 'Use 0 to allow scale to zero');
  const maxValid = checkInteger(problems, 'maxScale', s.maxScale, 0, INT32_MAX, 'Use 0 for no cap');
  const limitValid = checkInteger(problems, 'maxScaleLimit', s.maxScaleLimit, 0, INT32_MAX, 'Use 0 for no limit');
  const maxScale = s.maxScale ?? 0;
  if (minValid && maxValid && maxScale > 0 && (s.minScale ?? 0) > maxScale) {
    problems.add('minScale', s.minScale, `is more than maxScale (${maxScale})`, `Use ${maxScale} or less`);
  }
  const limit = s.maxScaleLimit ?? 0;
  if (maxValid && limitValid && limit > 0 && (maxScale < 1 || maxScale > limit)) {
    problems.add('maxScale', maxScale, `must be from 1 to maxScaleLimit (${limit}): with a limit, unlimited (0) is not allowed`,
      `Set maxScale to ${limit} or less`);
  }
}

/** Knative's percentage key reads values up to 1 as a fraction, so such small percentages are written as fractions. */
function percentage(percent: number): string {
  return percent > 1 ? String(percent) : String(Number((percent / 100).toPrecision(12)));
}

/** The ConfigMap data, in the order of Knative's own config-autoscaler. */
function render(s: KnativeAutoscalerConfigProps, panicWindowPercent: number | undefined): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['container-concurrency-target-percentage', s.containerConcurrencyTargetPercent === undefined ? undefined : percentage(s.containerConcurrencyTargetPercent)],
    ['container-concurrency-target-default', s.containerConcurrencyTargetDefault?.toString()],
    ['requests-per-second-target-default', s.requestsPerSecondTargetDefault?.toString()],
    ['target-burst-capacity', s.targetBurstCapacity?.toString()],
    ['stable-window', s.stableWindow && goDuration(s.stableWindow)],
    ['panic-window-percentage', panicWindowPercent?.toString()],
    ['panic-threshold-percentage', s.panicThresholdPercent?.toString()],
    ['max-scale-up-rate', s.maxScaleUpRate?.toString()],
    ['max-scale-down-rate', s.maxScaleDownRate?.toString()],
    ['enable-scale-to-zero', s.enableScaleToZero?.toString()],
    ['scale-to-zero-grace-period', s.scaleToZeroGracePeriod && goDuration(s.scaleToZeroGracePeriod)],
    ['scale-to-zero-pod-retention-period', s.scaleToZeroPodRetention && goDuration(s.scaleToZeroPodRetention)],
    ['pod-autoscaler-class', s.podAutoscalerClass],
    ['activator-capacity', s.activatorCapacity?.toString()],
    ['initial-scale', s.initialScale?.toString()],
    ['allow-zero-initial-scale', s.allowZeroInitialScale?.toString()],
    ['min-scale', s.minScale?.toString()],
    ['max-scale', s.maxScale?.toString()],
    ['scale-down-delay', s.scaleDownDelay && goDuration(s.scaleDownDelay)],
    ['max-scale-limit', s.maxScaleLimit?.toString()],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Decisions of cold-start length a revision needs to grow from 0 to `replicas` pods when each
 * step allows ceil(rate x max(1, ready pods)) (pkg/autoscaler/scaling/autoscaler.go).
 */
function scaleUpRounds(rate: number, replicas: number): number {
  let ready = 0;
  let rounds = 0;
  while (ready < replicas) {
    ready = Math.min(replicas, Math.ceil(rate * Math.max(1, ready)));
    rounds++;
  }
  return rounds;
}
