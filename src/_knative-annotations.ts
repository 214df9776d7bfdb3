/**
 * Knative's validation of a revision's `autoscaling.knative.dev/*` annotations, ported from
 * knative/serving v1.23 pkg/apis/autoscaling/annotation_validation.go (`ValidateAnnotations`) with
 * the keys of pkg/apis/autoscaling/register.go, and parsed with Go's rules (_go-values.ts). It
 * checks the annotations a user writes by the same rules as the library's own, and the whole set
 * against a cluster's config-autoscaler at synth.
 */
import { memberPath, Problems } from './_errors';
import { parseGoDuration, parseGoFloat, parseGoInt } from './_go-values';

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

/**
 * The problems Knative reports for these revision annotations, as `<prop>.<key>` (a user's
 * `metadata.annotations`, or the `revisionAnnotations` an autoscaler of your own returns). The
 * rules that read the cluster's config-autoscaler are applied only with `config`.
 */
export function knativeAnnotationProblems(
  problems: Problems, annotations: Record<string, string>, config?: KnativeAnnotationConfig, prop: string = 'metadata.annotations',
): void {
  const add = (key: string, value: string, rule: string, fix?: string) => problems.add(memberPath(prop, key), value, `Knative ${rule}`, fix);
  const klass = get(annotations, KNATIVE_KEYS.class);
  if (klass && klass[1].endsWith(AUTOSCALING_PREFIX) && klass[1] !== KPA && klass[1] !== HPA) {
    add(klass[0], klass[1], `knows the classes ${KPA} and ${HPA} of its domain`);
  }
  const min = int32AtLeast0(annotations, KNATIVE_KEYS.minScale, add);
  const max = int32AtLeast0(annotations, KNATIVE_KEYS.maxScale, add);
  const maxKey = get(annotations, KNATIVE_KEYS.maxScale);
  if (maxKey && max !== undefined && min !== undefined && max !== 0 && max < min) {
    add(maxKey[0], maxKey[1], `rejects a max-scale below min-scale (${min})`, `Use ${min} or more, or 0 for no cap`);
  }
  if (config && maxKey && max !== undefined && config.maxScaleLimit > 0 && (max === 0 || max > config.maxScaleLimit)) {
    add(maxKey[0], maxKey[1], `rejects a max-scale outside 1 to the cluster's max-scale-limit (${config.maxScaleLimit})`,
      `Set maxReplicas from 1 to ${config.maxScaleLimit}, or raise maxScaleLimit on the KnativeAutoscalerConfig`);
  }
  checkActivationScale(annotations, min, max, add);
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
    add(metric[0], metric[1], `takes the metrics ${classValue === KPA ? 'concurrency and rps with the KPA class' : 'of the HPA class, not an empty one'}`);
  }
  const algorithm = get(annotations, KNATIVE_KEYS.algorithm);
  if (klass?.[1] === KPA && algorithm && algorithm[1] !== '' && !['linear', 'weighted-exponential', 'weightedExponential'].includes(algorithm[1])) {
    add(algorithm[0], algorithm[1], 'takes the metric aggregation algorithms linear and weighted-exponential');
  }
  const initial = get(annotations, KNATIVE_KEYS.initialScale);
  if (initial) {
    const value = parseGoInt(initial[1], 64);
    if (value === undefined || value < 0n) {
      add(initial[0], initial[1], 'takes an initial-scale of 0 or more');
    } else if (config && value === 0n && !config.allowZeroInitialScale) {
      add(initial[0], initial[1], 'takes an initial-scale of 0 only when the cluster\'s config-autoscaler sets allow-zero-initial-scale',
        'Set allowZeroInitialScale: true on the KnativeAutoscalerConfig, or use 1');
    }
  }
}

type Add = (key: string, value: string, rule: string, fix?: string) => void;

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
function checkActivationScale(annotations: Record<string, string>, min: number | undefined, max: number | undefined, add: Add): void {
  const found = get(annotations, KNATIVE_KEYS.activationScale);
  if (!found) return;
  const value = parseGoInt(found[1], 32);
  if (value === undefined) {
    add(found[0], found[1], 'takes an activation-scale that is a whole number from 2 to 2147483647');
  } else if (min !== undefined && value < BigInt(min)) {
    add(found[0], found[1], `rejects an activation-scale below min-scale (${min})`);
  } else if (max !== undefined && max !== 0 && value > BigInt(max)) {
    add(found[0], found[1], `rejects an activation-scale above max-scale (${max})`);
  } else if (value < 2n) {
    add(found[0], found[1], 'takes an activation-scale of at least 2');
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
