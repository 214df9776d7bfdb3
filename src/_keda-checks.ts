/**
 * KServe's webhook rules for the `Resource` metrics of `autoScaling.metrics` under KEDA
 * (kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/inference_service_validation.go,
 * validateScalingKedaCompExtension and validateTargetUtilization), and what its KEDA and
 * OpenTelemetry reconcilers need of a `PodMetric`. Internal. The validation plugin checks
 * hand-written `autoScaling.metrics` by the same rules (validation/serving-rules.ts).
 */
import { Problems } from './_errors';
import { INT32_MAX } from './_knative-bounds';
import { isQuantity, quantityValue } from './_metadata-checks';
import { ExternalScalingMetric, OperationOverTime, PodScalingMetric, ResourceScalingMetric } from './autoscaler';

/** The least memory per pod the webhook accepts as a target: 1Mi. */
export const MIN_MEMORY_TARGET_BYTES = 1024 * 1024;

/** A utilization target the webhook accepts: a whole percentage from 1 to 100. */
export function isTargetUtilization(percent: unknown): boolean {
  return Number.isInteger(percent) && (percent as number) >= 1 && (percent as number) <= 100;
}

/** What the webhook takes as a utilization (validateTargetUtilization). */
export const TARGET_UTILIZATION_RULE = 'must be a whole percentage from 1 to 100 (KServe\'s webhook)';

/** What the webhook takes as the memory per pod (`quantity.Cmp(resource.MustParse("1Mi")) < 0` is refused). */
export const MEMORY_TARGET_RULE = 'must be at least 1Mi, the least KServe\'s webhook accepts for a memory target';

/** A quantity of memory per pod the webhook accepts as an AverageValue target under KEDA: 1Mi or more. */
export function isKedaMemoryTarget(averageValue: string): boolean {
  // The tolerance absorbs floating point in decimal spellings such as 1.048576M; Go compares exactly.
  return quantityValue(averageValue) >= MIN_MEMORY_TARGET_BYTES * (1 - 1e-12);
}

/**
 * The target types the webhook accepts for each resource of a `Resource` metric under KEDA: cpu
 * as a Utilization only, memory as a Utilization or an AverageValue. A map, so that a hostile
 * name (`constructor`) finds nothing.
 */
export const KEDA_RESOURCE_TARGET_TYPES: ReadonlyMap<unknown, readonly string[]> = new Map([
  ['cpu', ['Utilization']],
  ['memory', ['AverageValue', 'Utilization']],
]);

/** What KEDA and the CRD take as the threshold of a metric. */
export const KEDA_THRESHOLD_RULE = 'must be a number from 0.001 to 1e9 in steps of 0.001 (KEDA reads thresholds in thousandths)';

/** A threshold KEDA reads as it is meant: KEDA reads it with milli precision (GetMetricTargetMili), and the CRD needs a quantity. */
export function isKedaThreshold(target: number): boolean {
  const millis = target * 1000;
  return target >= 0.001 && target <= 1e9 && Math.abs(millis - Math.round(millis)) <= 1e-6;
}

/**
 * The backends of an External metric: the CRD's enum of KServe's MetricsBackend
 * (kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/component.go, ExternalMetrics.Backend;
 * pkg/constants/constants.go, AutoScalerMetricsSourcePrometheus and AutoScalerMetricsSourceGraphite),
 * which KServe names the KEDA trigger after (keda_reconciler.go, getKedaMetrics). opentelemetry is a PodMetric's.
 */
const EXTERNAL_METRIC_BACKENDS: readonly string[] = ['prometheus', 'graphite'];

/** An External metric of an autoscaler of your own: its backend, and its target as KedaMetric's factories check theirs. */
export function checkExternalMetric(problems: Problems, prop: string, metric: ExternalScalingMetric): void {
  if (!EXTERNAL_METRIC_BACKENDS.includes(metric.backend)) {
    problems.add(`${prop}.backend`, metric.backend, `must be ${EXTERNAL_METRIC_BACKENDS.join(' or ')} (the CRD's enum of KServe's MetricsBackend)`,
      'Return "prometheus" from the autoscaler\'s bind(), or give a metric the pods export as a podMetric (the opentelemetry backend)');
  }
  checkExternalMetricTarget(problems, `${prop}.target`, metric.target);
}

/**
 * The target of an External metric or a PodMetric of an autoscaler of your own: a quantity (the CRD's
 * `target.value`) that KEDA reads as its threshold, as KedaMetric's factories check theirs.
 */
function checkExternalMetricTarget(problems: Problems, prop: string, target: string): void {
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
      problems.add(`${prop}.averageUtilization`, percent, TARGET_UTILIZATION_RULE, 'For example 60');
    } else if (!(Number.isInteger(percent) && percent! >= 1 && percent! <= INT32_MAX)) {
      // The HPA's rule (averageUtilization must be greater than 0), written as an int32.
      problems.add(`${prop}.averageUtilization`, percent, `must be a whole percentage from 1 to ${INT32_MAX}`, 'For example 60');
    }
  } else if (!(typeof metric.averageValue === 'string' && isQuantity(metric.averageValue))) {
    problems.add(`${prop}.averageValue`, metric.averageValue, 'must be a Kubernetes quantity', 'For example "40Gi"');
  } else if (keda && KEDA_RESOURCE_TARGET_TYPES.get(metric.resource)?.includes('AverageValue') === false) {
    problems.add(`${prop}.averageValue`, metric.averageValue, `KServe's webhook takes ${metric.resource} under KEDA as a utilization only`, 'Give averageUtilization');
  } else if (keda && !isKedaMemoryTarget(metric.averageValue)) {
    problems.add(`${prop}.averageValue`, metric.averageValue, MEMORY_TARGET_RULE, 'For example "40Gi"');
  }
}

/** The operations over time the KEDA OpenTelemetry add-on applies to a metric's samples. */
const OPERATIONS_OVER_TIME: readonly string[] = Object.values(OperationOverTime);

/**
 * A metric name as Prometheus' exposition format spells it, which the collector's Prometheus
 * receiver scrapes and its strict filter matches. KServe pastes it into
 * `sum(<name>{namespace="...",deployment="..."})` (keda_reconciler.go, getKedaMetrics), so labels,
 * functions or spaces would break the add-on's query.
 */
const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A gRPC `host:port` address (KEDA's external scaler dials `scalerAddress`), port 1 to 65535. */
const SCALER_ADDRESS = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?:([0-9]{1,5})$/;

/**
 * The metric name and scaler address of a PodMetric, for `KedaMetric.openTelemetry()` (props
 * named as they are) and an autoscaler of your own (`prefix` is `autoscaling.podMetrics[0].`).
 */
export function checkPodMetricSource(problems: Problems, prefix: string, metricName: string, serverAddress: string | undefined): void {
  if (!PROMETHEUS_METRIC_NAME.test(metricName)) {
    problems.add(`${prefix}metricName`, metricName, 'must be a bare Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): KServe wraps it in '
      + 'sum(<name>{namespace="...",deployment="..."}) and filters the collector to it', 'For example vllm:num_requests_waiting');
  }
  const port = serverAddress === undefined ? undefined : SCALER_ADDRESS.exec(serverAddress)?.[2];
  if (serverAddress !== undefined && !(port !== undefined && Number(port) >= 1 && Number(port) <= 65535)) {
    problems.add(`${prefix}serverAddress`, serverAddress, 'must be the host:port gRPC address of the KEDA OpenTelemetry add-on\'s scaler, without a scheme',
      'For example keda-otel-scaler.keda.svc:4318, or leave it out for KServe\'s opentelemetryCollector.metricScalerEndpoint');
  }
}

/** A PodMetric of an autoscaler of your own, as KedaMetric.openTelemetry() checks its props. */
export function checkPodMetric(problems: Problems, prop: string, metric: PodScalingMetric): void {
  checkPodMetricSource(problems, `${prop}.`, metric.metricName, metric.serverAddress);
  checkExternalMetricTarget(problems, `${prop}.target`, metric.target);
  if (metric.operationOverTime !== undefined && !OPERATIONS_OVER_TIME.includes(metric.operationOverTime)) {
    problems.add(`${prop}.operationOverTime`, metric.operationOverTime, `must be one of ${OPERATIONS_OVER_TIME.join(', ')} (the KEDA OpenTelemetry add-on's operations)`,
      'Return "avg", or leave it out for last_one');
  }
}
