/**
 * Knative's validation of a revision's `autoscaling.knative.dev/*` annotations, ported from
 * knative/serving v1.23 pkg/apis/autoscaling/annotation_validation.go (`ValidateAnnotations`) with
 * the keys of pkg/apis/autoscaling/register.go, and of its `serving.knative.dev/progress-deadline`,
 * parsed with Go's rules (_go-values.ts). It checks the annotations a user writes by the same rules
 * as the library's own, and the whole set against a cluster's config-autoscaler at synth.
 */
import { memberPath, Problems } from './_errors';
import { parseGoDuration, parseGoFloat, parseGoInt } from './_go-values';
import { INT32_MAX } from './_knative-bounds';

export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev';

/** A key of several spellings, the first read first (Knative's `kmap.KeyPriority`). */
type KeyPriority = readonly string[];

const spellings = (...names: string[]): KeyPriority => names.map((name) => `${AUTOSCALING_PREFIX}/${name}`);

/** The keys Knative validates, each with its spellings (kebab-case first, camelCase for Knative < 1.1). */
export const KNATIVE_KEYS = {
  class: spellings('class'),
  minScale: spellings('min-scale', 'minScale'),
  maxScale: spellings('max-scale', 'maxScale'),
  initialScale: spellings('initial-scale', 'initialScale'),
  metric: spellings('metric'),
  target: spellings('target'),
  targetUtilization: spellings('target-utilization-percentage', 'targetUtilizationPercentage'),
  targetBurstCapacity: spellings('target-burst-capacity', 'targetBurstCapacity'),
  window: spellings('window'),
  panicWindow: spellings('panic-window-percentage', 'panicWindowPercentage'),
  panicThreshold: spellings('panic-threshold-percentage', 'panicThresholdPercentage'),
  scaleDownDelay: spellings('scale-down-delay', 'scaleDownDelay'),
  retention: spellings('scale-to-zero-pod-retention-period', 'scaleToZeroPodRetentionPeriod'),
  algorithm: spellings('metric-aggregation-algorithm', 'metricAggregationAlgorithm'),
  activationScale: spellings('activation-scale'),
} as const;

const KPA = 'kpa.autoscaling.knative.dev';
const HPA = 'hpa.autoscaling.knative.dev';
const SECOND = 1_000_000_000n;
const WINDOW_MIN = 6n * SECOND;
const WINDOW_MAX = 3600n * SECOND;

/** The cluster's config-autoscaler values that Knative's annotation validation reads. */
export interface KnativeAnnotationConfig {
  /** `max-scale-limit`; 0 means none. */
  readonly maxScaleLimit: number;
  /** `allow-zero-initial-scale`. */
  readonly allowZeroInitialScale: boolean;
}

/** The first spelling of a key present in the annotations: [key, value]. */
function get(annotations: Record<string, string>, key: KeyPriority): [string, string] | undefined {
  for (const spelling of key) {
    if (Object.prototype.hasOwnProperty.call(annotations, spelling)) return [spelling, annotations[spelling]];
  }
  return undefined;
}

/** Each spelling of a key Knative validates, with the key's other spellings. */
const OTHER_SPELLINGS: ReadonlyMap<string, readonly string[]> = new Map(Object.values(KNATIVE_KEYS)
  .flatMap((spelled: KeyPriority) => spelled.map((key): [string, readonly string[]] => [key, spelled.filter((spelling) => spelling !== key)])));

/** The other spellings of an annotation key, for a user's key that would shadow or be shadowed by the library's. */
export function otherSpellings(key: string): readonly string[] {
  return OTHER_SPELLINGS.get(key) ?? [];
}

/** Whether a key is one of min-scale and max-scale, in either spelling. */
export function isScaleBoundKey(key: string): boolean {
  return KNATIVE_KEYS.minScale.includes(key) || KNATIVE_KEYS.maxScale.includes(key);
}

/** A revision's per-revision progress deadline (knative/serving pkg/apis/serving/register.go, `ProgressDeadlineAnnotationKey`, Knative >= 1.4). */
export const PROGRESS_DEADLINE_KEY = 'serving.knative.dev/progress-deadline';

/** A value Knative rejects in a revision's annotations. */
interface Fault {
  readonly key: string;
  readonly value: string;
  readonly rule: string;
  readonly fix?: string;
  /** The other keys the verdict read (min-scale for max-scale, the class for the metric): a fault comes of their origins too. */
  readonly reads: readonly string[];
  /** Whether the verdict reads the cluster's config-autoscaler. */
  readonly ofCluster: boolean;
}

/**
 * The problems Knative reports for these revision annotations, as `<prop>.<key>` (a user's
 * `metadata.annotations`, or the `revisionAnnotations` an autoscaler of your own returns). The
 * rules that read the cluster's config-autoscaler are applied only with `config`.
 */
export function knativeAnnotationProblems(
  problems: Problems, annotations: Record<string, string>, config?: KnativeAnnotationConfig, prop: string = 'metadata.annotations',
): void {
  for (const fault of knativeAnnotationFaults(annotations, config)) report(problems, prop, fault);
}

/**
 * Only the problems that come of the cluster's config-autoscaler (max-scale-limit,
 * allow-zero-initial-scale): the others are reported where the annotations are checked alone.
 */
export function knativeClusterProblems(problems: Problems, annotations: Record<string, string>, config: KnativeAnnotationConfig, prop: string): void {
  for (const fault of knativeAnnotationFaults(annotations, config)) {
    if (fault.ofCluster) report(problems, prop, fault);
  }
}

/** The annotations of one origin on a revision, and the prop their problems are reported under. */
export interface AnnotationOrigin {
  /** For example `metadata.annotations`, or `autoscaling.revisionAnnotations`. */
  readonly prop: string;
  readonly annotations: Record<string, string>;
  /**
   * Whether these annotations are checked alone elsewhere: a problem of theirs that read no key
   * of another origin is then that check's, and not reported again.
   */
  readonly checkedAlone: boolean;
}

/**
 * The problems Knative reports for a revision whose annotations come from several origins, the
 * later over the earlier, each reported once under the origin of the key it rejects.
 */
export function revisionAnnotationProblems(problems: Problems, origins: readonly AnnotationOrigin[]): void {
  const merged: Record<string, string> = {};
  const originOf = new Map<string, AnnotationOrigin>();
  for (const origin of origins) {
    for (const [key, value] of Object.entries(origin.annotations)) {
      merged[key] = value;
      originOf.set(key, origin);
    }
  }
  for (const fault of knativeAnnotationFaults(merged)) {
    const origin = originOf.get(fault.key)!;
    if (origin.checkedAlone && fault.reads.every((key) => originOf.get(key) === origin)) continue;
    report(problems, origin.prop, fault);
  }
}

function report(problems: Problems, prop: string, fault: Fault): void {
  problems.add(memberPath(prop, fault.key), fault.value, `Knative ${fault.rule}`, fault.fix);
}

/** Every value Knative rejects in these annotations, in the order of its checks; the cluster's rules only with `config`. */
function knativeAnnotationFaults(annotations: Record<string, string>, config?: KnativeAnnotationConfig): Fault[] {
  const faults: Fault[] = [];
  const add: Add = (key, value, rule, fix, reads = [], ofCluster = false) => faults.push({ key, value, rule, fix, reads, ofCluster });
  const klass = get(annotations, KNATIVE_KEYS.class);
  const classRead = klass ? [klass[0]] : [];
  if (klass && klass[1].endsWith(AUTOSCALING_PREFIX) && klass[1] !== KPA && klass[1] !== HPA) {
    add(klass[0], klass[1], `knows the classes ${KPA} and ${HPA} of its domain`);
  }
  const min = int32AtLeast0(annotations, KNATIVE_KEYS.minScale, add);
  const max = int32AtLeast0(annotations, KNATIVE_KEYS.maxScale, add);
  const minKey = get(annotations, KNATIVE_KEYS.minScale);
  const maxKey = get(annotations, KNATIVE_KEYS.maxScale);
  const bounds: ScaleBounds = { min, max, minRead: minKey ? [minKey[0]] : [], maxRead: maxKey ? [maxKey[0]] : [] };
  if (maxKey && max !== undefined && min !== undefined && max !== 0 && max < min) {
    add(maxKey[0], maxKey[1], `rejects a max-scale below min-scale (${min})`, `Use ${min} or more, or 0 for no cap`, bounds.minRead);
  }
  if (config && maxKey && max !== undefined && config.maxScaleLimit > 0 && (max === 0 || max > config.maxScaleLimit)) {
    add(maxKey[0], maxKey[1], `rejects a max-scale outside 1 to the cluster's max-scale-limit (${config.maxScaleLimit})`,
      `Set maxReplicas from 1 to ${config.maxScaleLimit}, or raise maxScaleLimit on the KnativeAutoscalerConfig`, [], true);
  }
  checkActivationScale(annotations, bounds, add);
  checkFloat(annotations, KNATIVE_KEYS.panicWindow, add, (v) => !(v < 1 || v > 100), 'takes a panic-window-percentage from 1 to 100');
  checkFloat(annotations, KNATIVE_KEYS.panicThreshold, add, (v) => !(v < 110 || v > 1000), 'takes a panic-threshold-percentage from 110 to 1000');
  checkFloat(annotations, KNATIVE_KEYS.target, add, (v) => !(v < 0.01), 'takes a target of at least 0.01');
  checkFloat(annotations, KNATIVE_KEYS.targetUtilization, add, (v) => !(v < 1 || v > 100), 'takes a target-utilization-percentage from 1 to 100');
  checkFloat(annotations, KNATIVE_KEYS.targetBurstCapacity, add, (v) => !(v < 0 && v !== -1), 'takes a target-burst-capacity of -1 or at least 0');
  checkDuration(annotations, KNATIVE_KEYS.window, add, WINDOW_MIN, 'truncate', 'takes a window from 6s to 1h in whole seconds');
  checkDuration(annotations, KNATIVE_KEYS.retention, add, 0n, undefined, 'takes a scale-to-zero-pod-retention-period from 0s to 1h');
  checkDuration(annotations, KNATIVE_KEYS.scaleDownDelay, add, 0n, 'round', 'takes a scale-down-delay from 0s to 1h in whole seconds');
  const metric = get(annotations, KNATIVE_KEYS.metric);
  const classValue = klass?.[1] ?? KPA;
  if (metric && ((classValue === KPA && metric[1] !== 'concurrency' && metric[1] !== 'rps') || (classValue === HPA && metric[1] === ''))) {
    add(metric[0], metric[1], `takes the metrics ${classValue === KPA ? 'concurrency and rps with the KPA class' : 'of the HPA class, not an empty one'}`,
      undefined, classRead);
  }
  const algorithm = get(annotations, KNATIVE_KEYS.algorithm);
  if (klass?.[1] === KPA && algorithm && algorithm[1] !== '' && !['linear', 'weighted-exponential', 'weightedExponential'].includes(algorithm[1])) {
    add(algorithm[0], algorithm[1], 'takes the metric aggregation algorithms linear and weighted-exponential', undefined, classRead);
  }
  const initial = get(annotations, KNATIVE_KEYS.initialScale);
  if (initial) {
    const value = parseGoInt(initial[1], 64);
    if (value === undefined || value < 0n) {
      add(initial[0], initial[1], 'takes an initial-scale of 0 or more');
    } else if (config && value === 0n && !config.allowZeroInitialScale) {
      add(initial[0], initial[1], 'takes an initial-scale of 0 only when the cluster\'s config-autoscaler sets allow-zero-initial-scale',
        'Set allowZeroInitialScale: true on the KnativeAutoscalerConfig, or use 1', [], true);
    }
  }
  checkProgressDeadline(annotations, add);
  return faults;
}

type Add = (key: string, value: string, rule: string, fix?: string, reads?: readonly string[], ofCluster?: boolean) => void;

/** min-scale and max-scale as Knative reads them (undefined when invalid), and the keys read for each. */
interface ScaleBounds {
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly minRead: readonly string[];
  readonly maxRead: readonly string[];
}

/** Knative's `getIntGE0`: an int32 of 0 or more; undefined when absent or invalid. */
function int32AtLeast0(annotations: Record<string, string>, key: KeyPriority, add: Add): number | undefined {
  const found = get(annotations, key);
  if (!found) return 0;
  const value = parseGoInt(found[1], 32);
  if (value === undefined || value < 0n) {
    add(found[0], found[1], 'takes a whole number from 0 to 2147483647');
    return undefined;
  }
  return Number(value);
}

/** `validateMinMaxScale`'s activation-scale (Knative >= 1.7): an int32 from 2, within min-scale and max-scale (unless 0). */
function checkActivationScale(annotations: Record<string, string>, { min, max, minRead, maxRead }: ScaleBounds, add: Add): void {
  const found = get(annotations, KNATIVE_KEYS.activationScale);
  if (!found) return;
  const value = parseGoInt(found[1], 32);
  if (value === undefined) {
    add(found[0], found[1], 'takes an activation-scale that is a whole number from 2 to 2147483647');
  } else if (min !== undefined && value < BigInt(min)) {
    add(found[0], found[1], `rejects an activation-scale below min-scale (${min})`, undefined, minRead);
  } else if (max !== undefined && max !== 0 && value > BigInt(max)) {
    add(found[0], found[1], `rejects an activation-scale above max-scale (${max})`, undefined, maxRead);
  } else if (value < 2n) {
    add(found[0], found[1], 'takes an activation-scale of at least 2');
  }
}

/**
 * The longest progress deadline, in seconds. Knative's validation of the annotation
 * (pkg/apis/serving/metadata_validation.go, ValidateProgressDeadlineAnnotation, knative/serving#12751,
 * Knative 1.4; its text was not retrievable for this bound) asks a positive Go duration at second
 * precision and sets no upper bound that is known here; MakeDeployment
 * (pkg/reconciler/revision/resources/deploy.go) then converts it without a check, `int32(pd.Seconds())`,
 * into the Deployment's progressDeadlineSeconds, an int32 in Kubernetes apps/v1 DeploymentSpec: a
 * longer deadline overflows into a value nobody asked for, or one the API server refuses.
 */
export const PROGRESS_DEADLINE_MAX_SECONDS = INT32_MAX;

/** The upper bound of a progress deadline, for messages: the limit in seconds and as a Go duration, and why. */
export const PROGRESS_DEADLINE_MAX_RULE = `at most ${PROGRESS_DEADLINE_MAX_SECONDS}s (596523h14m7s), `
  + 'since it becomes the Deployment\'s progressDeadlineSeconds, an int32';

/** Whether a progress deadline of whole seconds is longer than Knative can write (PROGRESS_DEADLINE_MAX_SECONDS). */
export function isProgressDeadlineTooLong(seconds: number): boolean {
  return seconds > PROGRESS_DEADLINE_MAX_SECONDS;
}

/**
 * `serving.knative.dev/progress-deadline`: a Go duration at second precision and positive
 * (ValidateProgressDeadlineAnnotation), which Kubernetes also requires, since a
 * progressDeadlineSeconds of 0 is not above minReadySeconds, and no longer than
 * PROGRESS_DEADLINE_MAX_SECONDS.
 */
function checkProgressDeadline(annotations: Record<string, string>, add: Add): void {
  if (!Object.prototype.hasOwnProperty.call(annotations, PROGRESS_DEADLINE_KEY)) return;
  const value = annotations[PROGRESS_DEADLINE_KEY];
  const nanos = parseGoDuration(value);
  if (nanos === undefined || nanos <= 0n || nanos % SECOND !== 0n) {
    add(PROGRESS_DEADLINE_KEY, value, 'takes a progress-deadline of at least 1s in whole seconds', 'Write a Go duration such as "30m"');
  } else if (isProgressDeadlineTooLong(Number(nanos / SECOND))) {
    add(PROGRESS_DEADLINE_KEY, value, `takes a progress-deadline of ${PROGRESS_DEADLINE_MAX_RULE}`, 'Write a shorter Go duration such as "30m"');
  }
}

function checkFloat(annotations: Record<string, string>, key: KeyPriority, add: Add, valid: (value: number) => boolean, rule: string): void {
  const found = get(annotations, key);
  if (!found) return;
  const value = parseGoFloat(found[1]);
  if (value === undefined || !valid(value)) add(found[0], found[1], rule);
}

function checkDuration(annotations: Record<string, string>, key: KeyPriority, add: Add, min: bigint, precision: 'truncate' | 'round' | undefined,
  rule: string): void {
  const found = get(annotations, key);
  if (!found) return;
  const nanos = parseGoDuration(found[1]);
  // Truncate and Round to whole seconds both keep a duration exactly when it is whole seconds.
  if (nanos === undefined || nanos < min || nanos > WINDOW_MAX || (precision !== undefined && nanos % SECOND !== 0n)) {
    add(found[0], found[1], rule, 'Write a Go duration such as "90s"');
  }
}
