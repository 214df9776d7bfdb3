/**
 * The ranges of what an `IServingAutoscaler` of your own returns, as the cluster reads each field
 * where a serving API writes it, with the rules the library's own autoscalers apply to their props
 * (they check them when built, and are not checked again). Internal.
 */
import { Problems } from './_errors';
import { knativeAnnotationProblems } from './_knative-annotations';
import { checkContainerConcurrency, checkInteger, checkReplicaBounds, checkTarget, INT32_MAX } from './_knative-bounds';
import { AutoscalerConfig } from './autoscaler';

/**
 * KServe's `scaleTarget`: an int32 (the CRD), and at most 100 where KServe's webhook validates the
 * component as an HPA's, whatever the metric (kserve/kserve@v0.20.0
 * pkg/apis/serving/v1beta1/inference_service_validation.go, validateScalingHPACompExtension, whose
 * `target > 100` test applies to every metric). `hpaMetric` is the metric under an HPA, else undefined.
 */
export function checkKServeScaleTarget(
  problems: Problems, prop: string, target: number | undefined, hpaMetric: string | undefined, wholeFix: string,
): void {
  if (target === undefined) return;
  if (target > INT32_MAX) {
    problems.add(prop, target, `KServe's scaleTarget is an int32, at most ${INT32_MAX}`, 'Use a smaller target');
  } else if (!Number.isInteger(target)) {
    problems.add(prop, target, 'KServe\'s scaleTarget is a whole number', wholeFix);
  } else if (hpaMetric !== undefined && target > 100) {
    problems.add(prop, target, `KServe rejects a scaleTarget above 100 with the ${hpaMetric} metric`, 'Use 100 or less');
  }
}

/**
 * The fields every serving API writes as they are, for the component `prop` names
 * (`autoscaling`, `transformer.autoscaling`): the replicas as KServe's webhook and Knative take
 * them, `replicaLimit` as the library's own checks read it, and, on a Knative revision,
 * containerConcurrency and the revision annotations as Knative validates them
 * (knative/serving v1.23 pkg/apis/autoscaling/annotation_validation.go).
 */
export function checkAutoscalerConfigRanges(problems: Problems, prop: string, config: AutoscalerConfig, knativeRevision: boolean): void {
  const replicasValid = checkReplicaBounds(problems, `${prop}.`, config.minReplicas, config.maxReplicas);
  const limit = config.replicaLimit;
  const max = config.maxReplicas;
  if (checkInteger(problems, `${prop}.replicaLimit`, limit, 0, INT32_MAX, 'Return maxReplicas, or 0 when the autoscaler sets no limit')
    && replicasValid && max !== undefined && limit !== 0 && limit < max) {
    // A GPU budget and a ModelCache's access mode are checked against replicaLimit (0 is no limit).
    problems.add(`${prop}.replicaLimit`, limit, `is less than maxReplicas (${max}), and the checks of a GPU budget and a ModelCache would count fewer replicas than can run`,
      `Return ${max} (maxReplicas), or 0 for no limit`);
  }
  if (knativeRevision) {
    checkContainerConcurrency(problems, `${prop}.containerConcurrency`, config.containerConcurrency);
    knativeAnnotationProblems(problems, config.revisionAnnotations ?? {}, undefined, `${prop}.revisionAnnotations`);
  } else {
    // KServe's webhook refuses a negative containerConcurrency (component.go, validateContainerConcurrency); the CRD's int64.
    checkInteger(problems, `${prop}.containerConcurrency`, config.containerConcurrency, 0, Number.MAX_SAFE_INTEGER,
      'Return 0 for no limit, or the requests one pod serves at a time');
  }
}

/** A `scaleTarget` of your own, where the API writes it: Knative's smallest target, and KServe's int32. */
export function checkCustomScaleTarget(problems: Problems, prop: string, target: number | undefined, hpaMetric: string | undefined): void {
  checkTarget(problems, prop, target, 'Return a whole number of at least 1 from the autoscaler\'s bind()');
  checkKServeScaleTarget(problems, prop, target, hpaMetric, 'Return a whole number from the autoscaler\'s bind()');
}

/**
 * How KServe's webhook validates a component's scaleMetric and scaleTarget, by the
 * InferenceService's class (inference_service_validation.go, validateAutoScalingCompExtension): on
 * Knative the KPA unless the class annotation is Knative's HPA; in Standard mode KServe's HPA or KEDA
 * (another class, or none, is not validated).
 */
export type KServeScaler = 'kpa' | 'knative-hpa' | 'hpa' | 'keda';

/** KServe's scaleMetric values: the CRD's enum (pkg/apis/serving/v1beta1/component.go, ScaleMetric). */
const SCALE_METRICS: readonly string[] = ['cpu', 'memory', 'concurrency', 'rps'];

/**
 * The metrics the webhook takes per scaler: the KPA's AutoscalerAllowedKPAMetricsList and the HPA's
 * AutoscalerAllowedHPAMetricsList (kserve/kserve@v0.20.0 pkg/constants/constants.go), which Knative's
 * own rule agrees with on the revision KServe writes the metric to (knative/serving
 * pkg/apis/autoscaling/annotation_validation.go, validateMetric: concurrency and rps with the KPA).
 */
const SCALE_METRIC_RULES: Record<Exclude<KServeScaler, 'keda'>, { readonly allowed: readonly string[]; readonly under: string; readonly fix: string }> = {
  'kpa': {
    allowed: ['concurrency', 'rps'],
    under: 'Knative\'s KPA class (validateScalingKPACompExtension)',
    fix: 'Return "concurrency" or "rps", or for cpu or memory the revision annotation autoscaling.knative.dev/class: hpa.autoscaling.knative.dev',
  },
  'knative-hpa': {
    allowed: ['cpu', 'memory'],
    under: 'Knative\'s HPA class hpa.autoscaling.knative.dev (validateScalingHPACompExtension)',
    fix: 'Return "cpu" or "memory", or leave out the HPA class for concurrency or rps',
  },
  'hpa': {
    allowed: ['cpu', 'memory'],
    under: 'KServe\'s HPA, serving.kserve.io/autoscalerClass: hpa (validateScalingHPACompExtension)',
    fix: 'Return "cpu" or "memory", or use DeploymentMode.KNATIVE for concurrency or rps',
  },
};

/**
 * A `scaleMetric` of your own on KServe's v1beta1 API: the CRD's enum, and what KServe's webhook
 * takes under the InferenceService's `scaler` (validateScalingKPACompExtension, validateScalingHPACompExtension,
 * and validateScalingKedaCompExtension, which refuses any).
 */
export function checkKServeScaleMetric(problems: Problems, prop: string, metric: string | undefined, scaler: KServeScaler | undefined): void {
  if (metric === undefined) return;
  if (scaler === 'keda') {
    problems.add(prop, metric, 'KServe\'s webhook refuses a scaleMetric under KEDA, serving.kserve.io/autoscalerClass: keda (validateScalingKedaCompExtension)',
      'Leave scaleMetric out, and return the metric in resourceMetrics, externalMetrics or podMetrics');
    return;
  }
  const rule = scaler && SCALE_METRIC_RULES[scaler];
  if (!SCALE_METRICS.includes(metric)) {
    problems.add(prop, metric, `must be ${SCALE_METRICS.slice(0, -1).join(', ')} or ${SCALE_METRICS[SCALE_METRICS.length - 1]} (the CRD's enum)`,
      rule?.fix ?? 'Return one of them from the autoscaler\'s bind()');
  } else if (rule && !rule.allowed.includes(metric)) {
    problems.add(prop, metric, `KServe's webhook takes ${rule.allowed.join(' or ')} under ${rule.under}`, rule.fix);
  }
}
