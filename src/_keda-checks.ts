/**
 * KServe's webhook rules for the `Resource` metrics of `autoScaling.metrics` under KEDA
 * (kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/inference_service_validation.go,
 * validateScalingKedaCompExtension and validateTargetUtilization). Internal.
 */
import { Problems } from './_errors';
import { INT32_MAX } from './_knative-bounds';
import { isQuantity, quantityValue } from './_metadata-checks';
import { ResourceScalingMetric } from './autoscaler';

/** The least memory per pod the webhook accepts as a target: 1Mi. */
export const MIN_MEMORY_TARGET_BYTES = 1024 * 1024;

/** A utilization target the webhook accepts: a whole percentage from 1 to 100. */
export function isTargetUtilization(percent: unknown): boolean {
  return Number.isInteger(percent) && (percent as number) >= 1 && (percent as number) <= 100;
}

/** What KEDA and the CRD take as the threshold of a metric. */
export const KEDA_THRESHOLD_RULE = 'must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths)';

/** A threshold KEDA reads as it is meant: KEDA reads it with milli precision (GetMetricTargetMili), and the CRD needs a quantity. */
export function isKedaThreshold(target: number): boolean {
  const millis = target * 1000;
  return target >= 0.001 && target <= 1e9 && Math.abs(millis - Math.round(millis)) <= 1e-6;
}

/**
 * The target of an External metric of an autoscaler of your own: a quantity (the CRD's
 * `target.value`) that KEDA reads as its threshold, as KedaMetric's factories check theirs.
 */
export function checkExternalMetricTarget(problems: Problems, prop: string, target: string): void {
  const fix = 'Return for example "2", or "0.8" for a fraction, from the autoscaler\'s bind()';
  if (!isQuantity(target)) {
    problems.add(prop, target, 'must be a Kubernetes quantity (the CRD\'s target.value)', fix);
  } else if (!isKedaThreshold(quantityValue(target))) {
    problems.add(prop, target, KEDA_THRESHOLD_RULE, fix);
  }
}

/**
 * A Resource metric of an autoscaler of your own, as the CRD takes it (cpu or memory, one target)
 * and, under KEDA, the webhook (cpu as a utilization, memory as a utilization or 1Mi or more per pod).
 * KedaMetric's factories check the same rules on their arguments.
 */
export function checkResourceMetric(problems: Problems, prop: string, metric: ResourceScalingMetric, keda: boolean): void {
  if (metric.resource !== 'cpu' && metric.resource !== 'memory') {
    problems.add(`${prop}.resource`, metric.resource, 'must be cpu or memory (the CRD\'s enum)', 'Return "cpu" or "memory" from the autoscaler\'s bind()');
  }
  const utilization = metric.averageUtilization !== undefined;
  if (utilization === (metric.averageValue !== undefined)) {
    const targets = utilization ? ['averageUtilization', 'averageValue'] : [];
    problems.add(prop, targets, 'must give one target, averageUtilization or averageValue',
      'Return averageUtilization for a percentage of the pods\' request, or averageValue for an amount per pod');
  } else if (utilization) {
    const percent = metric.averageUtilization;
    if (keda && !isTargetUtilization(percent)) {
      problems.add(`${prop}.averageUtilization`, percent, 'must be a whole percentage from 1 to 100 (KServe\'s webhook)', 'For example 60');
    } else if (!(Number.isInteger(percent) && percent! >= 1 && percent! <= INT32_MAX)) {
      // The HPA's rule (averageUtilization must be greater than 0), written as an int32.
      problems.add(`${prop}.averageUtilization`, percent, `must be a whole percentage from 1 to ${INT32_MAX}`, 'For example 60');
    }
  } else if (!(typeof metric.averageValue === 'string' && isQuantity(metric.averageValue))) {
    problems.add(`${prop}.averageValue`, metric.averageValue, 'must be a Kubernetes quantity', 'For example "40Gi"');
  } else if (keda && metric.resource === 'cpu') {
    problems.add(`${prop}.averageValue`, metric.averageValue, 'KServe\'s webhook takes cpu under KEDA as a utilization only', 'Give averageUtilization');
  } else if (keda && quantityValue(metric.averageValue) < MIN_MEMORY_TARGET_BYTES * (1 - 1e-12)) {
    // The tolerance absorbs floating point in decimal spellings such as 1.048576M; Go compares exactly.
    problems.add(`${prop}.averageValue`, metric.averageValue, 'must be at least 1Mi, the least KServe\'s webhook accepts for a memory target', 'For example "40Gi"');
  }
}
