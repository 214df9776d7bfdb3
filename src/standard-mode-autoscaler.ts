/**
 * Autoscalers of KServe's Standard mode other than its HPA: KEDA on Prometheus queries (with
 * presets for vLLM's own metrics) or on the pods' OpenTelemetry metrics, an autoscaler the cluster brings (`external`), and fixed
 * replicas (`none`). KServe reads the class from `serving.kserve.io/autoscalerClass` and the
 * metrics from the component's `autoScaling.metrics` (kserve/kserve@v0.20.0
 * pkg/controller/v1beta1/inferenceservice/reconcilers/autoscaler/autoscaler_reconciler.go, keda/keda_reconciler.go).
 */
import { Duration, Size } from 'cdk8s';
import { Problems } from './_errors';
import { goDuration, quantity, wholeBytes } from './_format';
import { checkStabilizationWindow } from './_hpa-behavior';
import {
  checkPodMetricSource, isKedaThreshold, isTargetUtilization, KEDA_THRESHOLD_RULE, MEMORY_TARGET_RULE, MIN_MEMORY_TARGET_BYTES,
  TARGET_UTILIZATION_RULE,
} from './_keda-checks';
import { INT32_MAX } from './_knative-bounds';
import { AUTOSCALER_CLASS_ANNOTATION } from './_kserve-l1';
import { isDnsSubdomain } from './_metadata-checks';
import { checkArguments, DURATION, enumOf, FieldsOf, instanceOf, SIZE, struct } from './_public-types';
import { uriCredential } from './_secrets';
import { checkFiniteSize } from './_unit-checks';
import {
  AutoscalerBindOptions, AutoscalerConfig, ExternalScalingMetric, IServingAutoscaler, OperationOverTime, PodScalingMetric, ResourceScalingMetric,
  ServingComponent,
} from './autoscaler';
import { DeploymentMode, KServeVersion, ServingApi } from './serving-api';


/** KServe's Standard-mode autoscaler classes (`serving.kserve.io/autoscalerClass`, pkg/constants/constants.go). */
export enum StandardAutoscalerClass {
  /** KServe's HorizontalPodAutoscaler on cpu or memory (`GpuAutoscalingPolicy` with `ScalingMetric.CPU` or `MEMORY`). */
  HPA = 'hpa',
  /** A KEDA ScaledObject on `autoScaling.metrics` (KServe >= 0.15). */
  KEDA = 'keda',
  /** KServe creates no autoscaler: one the cluster brings scales the Deployment (KServe >= 0.12). */
  EXTERNAL = 'external',
  /** No autoscaler: the Deployment runs `minReplicas` pods (KServe >= 0.16). */
  NONE = 'none',
}

/** The first KServe release that accepts each class (the webhook's AutoscalerAllowedClassList). */
const CLASS_SINCE: Record<StandardAutoscalerClass, KServeVersion> = {
  [StandardAutoscalerClass.HPA]: KServeVersion.V0_9,
  [StandardAutoscalerClass.KEDA]: KServeVersion.V0_15,
  [StandardAutoscalerClass.EXTERNAL]: KServeVersion.V0_12,
  [StandardAutoscalerClass.NONE]: KServeVersion.V0_16,
};

/**
 * A gauge vLLM's OpenAI server exports on `/metrics`, summed over the service's pods when scaled on.
 * Names from vllm-project/vllm vllm/v1/metrics/loggers.py and docs/design/metrics.md.
 */
export class VllmMetric {
  /** `vllm:num_requests_running`: requests in the running batch. Every vLLM release. */
  public static readonly NUM_REQUESTS_RUNNING = new VllmMetric('vllm:num_requests_running', 'requests in model execution batches');
  /**
   * `vllm:num_requests_waiting`: requests queued because the batch or the KV cache is full. The
   * signal that the GPUs are saturated. Every vLLM release.
   */
  public static readonly NUM_REQUESTS_WAITING = new VllmMetric('vllm:num_requests_waiting', 'requests waiting to be processed');
  /**
   * `vllm:kv_cache_usage_perc`: the fraction (0 to 1) of KV-cache blocks in use. vLLM >= 0.9.2,
   * which renamed it from `vllm:gpu_cache_usage_perc`.
   */
  public static readonly KV_CACHE_USAGE = new VllmMetric('vllm:kv_cache_usage_perc', 'fraction of KV-cache blocks in use (0 to 1)');
  /**
   * `vllm:gpu_cache_usage_perc`: the KV-cache fraction under its old name, for vLLM < 0.9.2. Deprecated
   * in 0.9.2, hidden in 0.11 (unless `--show-hidden-metrics-for-version=0.10`), removed in 0.12.
   */
  public static readonly GPU_CACHE_USAGE_BEFORE_0_9_2 = new VllmMetric('vllm:gpu_cache_usage_perc', 'fraction of KV-cache blocks in use (0 to 1), vLLM < 0.9.2');

  private constructor(
    /** The Prometheus metric name. */
    public readonly name: string,
    /** What it counts. */
    public readonly description: string,
  ) {}
}

/** Where KEDA reads a Prometheus metric. */
export interface PrometheusServerOptions {
  /** Address of the Prometheus HTTP API KEDA queries, for example `http://prometheus-operated.monitoring:9090`. */
  readonly serverAddress: string;
  /**
   * Name of a KEDA TriggerAuthentication in the service's namespace, for a Prometheus that needs credentials.
   * @default - no authentication
   */
  readonly authenticationRef?: string;
}

/** A Prometheus query to scale on. */
export interface PrometheusMetricProps extends PrometheusServerOptions {
  /**
   * The PromQL query. KEDA needs one number: aggregate with `sum(...)` over the service's pods
   * (KEDA's Prometheus scaler fails on a query that returns several series).
   */
  readonly query: string;
  /**
   * The query's value per replica: KEDA runs ceil(result / target) replicas (KServe sets no metric
   * type, so KEDA's default AverageValue applies). Multiples of 0.001.
   */
  readonly target: number;
}

/** A vLLM gauge to scale on. */
export interface VllmMetricProps extends PrometheusServerOptions {
  /**
   * The metric's value per replica: KEDA runs ceil(sum over the pods / target) replicas. For
   * example 2 waiting requests, or 0.8 for a KV cache 80 % full on average. Multiples of 0.001.
   */
  readonly target: number;
}

/** A metric of the pods, scraped by an OpenTelemetry Collector sidecar and pushed to KEDA's OpenTelemetry add-on. */
export interface OpenTelemetryMetricProps {
  /**
   * The metric's bare Prometheus name, as the pods export it on `/metrics` of their server's port, for example
   * `VllmMetric.NUM_REQUESTS_WAITING.name`. KServe filters the collector to it and KEDA scales on
   * `sum(<name>{namespace="<namespace>",deployment="<component>"})` over the component's pods.
   */
  readonly metricName: string;
  /**
   * The metric's sum per replica: KEDA runs ceil(sum / target) replicas. Multiples of 0.001.
   */
  readonly target: number;
  /**
   * How the add-on reduces the metric's samples over its window.
   * @default - not written: the add-on's OperationOverTime.LAST_ONE (KServe component.go, PodMetrics)
   */
  readonly operationOverTime?: OperationOverTime;
  /**
   * The gRPC `host:port` address of the add-on's scaler.
   * @default - not written: KServe's `opentelemetryCollector.metricScalerEndpoint` in inferenceservice-config
   * (keda-otel-scaler.keda.svc:4318 in KServe's docs; keda_reconciler.go, getKedaMetrics)
   */
  readonly serverAddress?: string;
}

/** What a metric renders for one service, with what it cannot express. */
interface MetricBinding {
  readonly external?: ExternalScalingMetric;
  readonly resource?: ResourceScalingMetric;
  readonly pod?: PodScalingMetric;
  readonly problems: string[];
  readonly warnings: string[];
}

/** What a `KedaMetric` holds: a Prometheus query, a vLLM gauge, or a resource of the pods. */
interface KedaMetricSpec {
  readonly serverAddress?: string;
  readonly target?: number;
  readonly authenticationRef?: string;
  readonly query?: string;
  readonly vllmMetric?: VllmMetric;
  readonly resource?: string;
  readonly averageValue?: Size;
  readonly metricName?: string;
  readonly operationOverTime?: OperationOverTime;
}

/**
 * A metric KEDA scales on in KServe's Standard mode: a Prometheus query or one of vLLM's gauges
 * (an `External` entry of `autoScaling.metrics` with the `prometheus` backend), a metric the pods
 * export, through OpenTelemetry (a `PodMetric` entry), or the CPU or memory of the pods (a
 * `Resource` entry, KEDA's cpu and memory scalers).
 */
export class KedaMetric {
  /** A PromQL query of your own. */
  public static prometheus(props: PrometheusMetricProps): KedaMetric {
    checkArguments('KedaMetric', [['props', props, PROMETHEUS_METRIC_PROPS_TYPES, true]]);
    const problems = checkServer(props);
    // Control characters (but line breaks and tabs) are no PromQL, and the query travels in a URL.
    if (props.query.trim() === '' || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(props.query)) {
      problems.add('query', props.query, 'must be a PromQL query', 'For example sum(vllm:num_requests_waiting{namespace="llm"})');
    }
    checkTarget(problems, props.target);
    problems.throwIfAny(undefined, 'KedaMetric');
    return new KedaMetric({ ...serverOf(props), query: props.query });
  }

  /**
   * One of vLLM's gauges, summed over the pods of the service's predictor: the query is
   * `sum(<metric>{namespace="<namespace>",pod=~"<name>-predictor-<replicaset>-<pod>"})`, which
   * matches the `namespace` and `pod` labels Prometheus' Kubernetes service discovery attaches.
   */
  public static vllm(metric: VllmMetric, props: VllmMetricProps): KedaMetric {
    checkArguments('KedaMetric', [
      ['metric', metric, instanceOf(VllmMetric, 'VllmMetric.NUM_REQUESTS_WAITING'), true], ['props', props, VLLM_METRIC_PROPS_TYPES, true],
    ]);
    const problems = checkServer(props);
    checkTarget(problems, props.target);
    problems.throwIfAny(undefined, 'KedaMetric');
    return new KedaMetric({ ...serverOf(props), vllmMetric: metric });
  }

  /**
   * A metric the component's pods export, for example one of vLLM's gauges, without Prometheus
   * (a `PodMetric` with the `opentelemetry` backend, KServe >= 0.15). KServe creates an
   * OpenTelemetryCollector named after the component (`<name>-predictor`) that scrapes `/metrics`
   * on the port of the component's `prometheus.kserve.io/port` annotation, 8080 without it, and
   * pushes the metric to the KEDA OpenTelemetry add-on, whose external scaler KEDA asks. The
   * library writes the component's annotations `sidecar.opentelemetry.io/inject: <name>-<component>`,
   * which runs the collector as a sidecar, and `prometheus.kserve.io/port: "<port>"` where the
   * component's container serves on another port than 8080 (`container.port`): KServe never reads
   * the port from the container (kserve/kserve@v0.20.0 reconcilers/otel/otel_reconciler.go,
   * createOtelCollector; components/predictor.go, buildObjectMeta; keda/keda_reconciler.go;
   * KServe's "Autoscale InferenceService with LLM metrics" guide). The cluster needs the
   * OpenTelemetry Operator and kedify/otel-add-on, whose validation webhook refuses names with a
   * colon such as vLLM's (KServe's guide installs it with the webhook off).
   */
  public static openTelemetry(props: OpenTelemetryMetricProps): KedaMetric {
    checkArguments('KedaMetric', [['props', props, OPEN_TELEMETRY_METRIC_PROPS_TYPES, true]]);
    const problems = new Problems();
    checkPodMetricSource(problems, '', props.metricName, props.serverAddress);
    checkTarget(problems, props.target);
    problems.throwIfAny(undefined, 'KedaMetric');
    return new KedaMetric({
      metricName: props.metricName, target: props.target, operationOverTime: props.operationOverTime, serverAddress: props.serverAddress,
    });
  }

  /**
   * The pods' CPU use, in percent of their CPU request on average (KEDA's cpu scaler, which reads
   * the metrics server). A poor signal for a GPU model server, whose CPUs idle while its GPUs work:
   * for vLLM, scale on its queue (`vllm()`). KServe's webhook takes a utilization of 1 to 100, and
   * KEDA scales to zero on it only beside a metric of another kind (KEDA's cpu scaler docs).
   * @param targetUtilizationPercent the average utilization KEDA keeps, for example 60
   */
  public static cpu(targetUtilizationPercent: number): KedaMetric {
    return KedaMetric.utilization('cpu', targetUtilizationPercent);
  }

  /**
   * The pods' memory use, in percent of their memory request on average (KEDA's memory scaler).
   * KServe's webhook takes a utilization of 1 to 100.
   * @param targetUtilizationPercent the average utilization KEDA keeps, for example 80
   */
  public static memoryUtilization(targetUtilizationPercent: number): KedaMetric {
    return KedaMetric.utilization('memory', targetUtilizationPercent);
  }

  /**
   * The pods' memory use, as an amount per pod on average (KEDA's memory scaler with an
   * `AverageValue` target). KServe's webhook takes 1Mi or more.
   * @param averageValue the memory per pod KEDA keeps on average, for example Size.gibibytes(40)
   */
  public static memoryPerPod(averageValue: Size): KedaMetric {
    checkArguments('KedaMetric', [['averageValue', averageValue, SIZE, true]]);
    const problems = new Problems();
    checkFiniteSize(problems, 'averageValue', averageValue);
    // Compared as written, in whole bytes, as the webhook compares the quantity it reads.
    if (problems.isEmpty && wholeBytes(averageValue) < MIN_MEMORY_TARGET_BYTES) {
      problems.add('averageValue', averageValue, MEMORY_TARGET_RULE, 'For example Size.gibibytes(40)');
    }
    problems.throwIfAny(undefined, 'KedaMetric');
    return new KedaMetric({ resource: 'memory', averageValue });
  }

  /** A resource's utilization: KServe's webhook takes 1 to 100 percent (validateTargetUtilization), written as an int32. */
  private static utilization(resource: string, targetUtilizationPercent: number): KedaMetric {
    checkArguments('KedaMetric', [['targetUtilizationPercent', targetUtilizationPercent, 'number', true]]);
    const problems = new Problems();
    if (!isTargetUtilization(targetUtilizationPercent)) {
      problems.add('targetUtilizationPercent', targetUtilizationPercent, TARGET_UTILIZATION_RULE, 'For example 60');
    }
    problems.throwIfAny(undefined, 'KedaMetric');
    return new KedaMetric({ resource, target: targetUtilizationPercent });
  }

  /**
   * Address of the Prometheus HTTP API, or the gRPC address of the OpenTelemetry add-on's scaler.
   * @default - none: a resource of the pods (`resource`), or KServe's scaler address for an OpenTelemetry metric
   */
  public readonly serverAddress?: string;
  /**
   * The value per replica: the query's value, or a resource's utilization in percent.
   * @default - none: a memory amount per pod (`averageValue`)
   */
  public readonly target?: number;
  /**
   * The resource of the pods scaled on: `cpu` or `memory`.
   * @default - none: a Prometheus metric
   */
  public readonly resource?: string;
  /**
   * The memory per pod KEDA keeps on average.
   * @default - none: a utilization or a Prometheus metric
   */
  public readonly averageValue?: Size;
  /**
   * The query, for a metric of your own.
   * @default - built per service from `vllmMetric`
   */
  public readonly query?: string;
  /**
   * The vLLM gauge scaled on.
   * @default - a query of your own
   */
  public readonly vllmMetric?: VllmMetric;
  /**
   * The KEDA TriggerAuthentication.
   * @default - none
   */
  public readonly authenticationRef?: string;
  /**
   * The pods' metric scaled on through OpenTelemetry.
   * @default - none: a Prometheus metric or a resource of the pods
   */
  public readonly metricName?: string;
  /**
   * How the OpenTelemetry add-on reduces the metric's samples over time.
   * @default - not written (the add-on's last_one)
   */
  public readonly operationOverTime?: OperationOverTime;

  private constructor(spec: KedaMetricSpec) {
    this.serverAddress = spec.serverAddress;
    this.target = spec.target;
    this.authenticationRef = spec.authenticationRef;
    this.query = spec.query;
    this.vllmMetric = spec.vllmMetric;
    this.resource = spec.resource;
    this.averageValue = spec.averageValue;
    this.metricName = spec.metricName;
    this.operationOverTime = spec.operationOverTime;
  }

  /** @internal The metric for one service, its query scoped to the service's pods. */
  public _bind(options: AutoscalerBindOptions): MetricBinding {
    if (this.resource !== undefined) {
      const resource = this.averageValue
        ? { resource: this.resource, averageValue: quantity(this.averageValue) }
        : { resource: this.resource, averageUtilization: this.target };
      return { resource, problems: [], warnings: [] };
    }
    if (this.metricName !== undefined) {
      const pod = {
        metricName: this.metricName, target: thousandths(this.target!), operationOverTime: this.operationOverTime, serverAddress: this.serverAddress,
      };
      return { pod, problems: [], warnings: [] };
    }
    const problems = new Problems();
    const warnings: string[] = [];
    let query = this.query ?? '';
    if (this.vllmMetric) {
      const component = options.component ?? ServingComponent.PREDICTOR;
      if (component !== ServingComponent.PREDICTOR) {
        problems.add('metrics', this.vllmMetric.name, `vLLM runs in the predictor, so the ${component}'s pods export none of its metrics`,
          `Scale the ${component} on a query of its own (KedaMetric.prometheus)`);
      }
      const selectors = [`pod=~"${options.serviceName ?? ''}-${component}-[a-z0-9]+-[a-z0-9]+"`];
      if (options.namespace !== undefined) {
        selectors.unshift(`namespace="${options.namespace}"`);
      } else {
        warnings.push(`'autoscaling' sums ${this.vllmMetric.name} over the pods named like this service in every namespace, because the service has no namespace: `
          + 'give metadata.namespace or the chart\'s namespace to scope the query to it');
      }
      query = `sum(${this.vllmMetric.name}{${selectors.join(',')}})`;
    }
    return {
      external: {
        backend: 'prometheus',
        serverAddress: this.serverAddress!,
        query,
        target: thousandths(this.target!),
        authenticationRef: this.authenticationRef,
      },
      problems: problems.toArray(),
      warnings,
    };
  }

  /** @internal One line of the autoscaler's `explain()`. */
  public _describe(): string {
    if (this.resource !== undefined) {
      return this.averageValue
        ? `- ${this.resource} at ${quantity(this.averageValue)} per pod on average.`
        : `- ${this.resource} at ${this.target} % of the pods' request on average.`;
    }
    if (this.metricName !== undefined) {
      return `- ${this.metricName} summed over the pods through OpenTelemetry${this.operationOverTime ? ` (${this.operationOverTime} over time)` : ''}: `
        + `ceil(value / ${thousandths(this.target!)}) replicas.`;
    }
    return `- ${this.vllmMetric ? `${this.vllmMetric.name} summed over the predictor's pods` : this.query}: ceil(value / ${thousandths(this.target!)}) replicas.`;
  }
}

/** Bounds of a KEDA autoscaler. */
export interface KedaAutoscalerProps {
  /**
   * Fewest replicas. 0 lets KEDA scale the Deployment to zero, but nothing in Standard mode holds
   * a request while no pod runs (there is no activator): it fails. Not allowed with vLLM's metrics,
   * which vanish with the last pod, so KEDA would never scale up again.
   * @default 1 - KServe's default (constants.DefaultMinReplicas)
   */
  readonly minReplicas?: number;
  /** Most replicas (KServe raises a smaller value to minReplicas). */
  readonly maxReplicas: number;
  /** What KEDA scales on: one trigger each, and KEDA follows the metric that asks for the most replicas. */
  readonly metrics: KedaMetric[];
  /**
   * How long the HPA that KEDA drives waits before it removes pods: it runs the highest replica
   * count the metrics asked for within this window. A vLLM server takes minutes to load its model
   * again, so a window longer than a lull between bursts keeps warm replicas for the next one.
   * Whole seconds, at most an hour (the HPA's `MaxStabilizationWindowSeconds`). KServe >= 0.16
   * copies it into the ScaledObject (`autoScaling.behavior.scaleDown.stabilizationWindowSeconds`).
   * @default - not written: the HPA's default, 5 minutes (Kubernetes, HorizontalPodAutoscaler default behavior)
   */
  readonly scaleDownStabilization?: Duration;
  /**
   * How long the HPA that KEDA drives waits before it adds pods: it runs the lowest replica count
   * the metrics asked for within this window, so a spike shorter than the window starts no pod.
   * Whole seconds, at most an hour. KServe >= 0.16 (`autoScaling.behavior.scaleUp.stabilizationWindowSeconds`).
   * @default - not written: the HPA's default, 0 (Kubernetes, HorizontalPodAutoscaler default behavior)
   */
  readonly scaleUpStabilization?: Duration;
}

/** Bounds of an autoscaler the cluster brings. */
export interface ExternalAutoscalerProps {
  /**
   * `minReplicas` of the component (the Deployment's initial replicas).
   * @default - not written: KServe's default, 1
   */
  readonly minReplicas?: number;
  /**
   * The most replicas your autoscaler will run, for the checks of a budget or a cache.
   * @default - not written, and unlimited for the checks
   */
  readonly maxReplicas?: number;
}

/**
 * Scales a KServe InferenceService in Standard mode with an autoscaler other than KServe's HPA:
 * KEDA on Prometheus metrics (for example vLLM's queue), an autoscaler the cluster brings, or a
 * fixed number of replicas. It writes `serving.kserve.io/autoscalerClass`, and a user annotation
 * that says otherwise is an error. Other APIs and Knative mode refuse it: Knative scales there
 * (use `GpuAutoscalingPolicy`). A value: one instance can scale many services.
 */
export class StandardModeAutoscaler implements IServingAutoscaler {
  /**
   * KEDA (`autoscalerClass: keda`, KServe >= 0.15): a ScaledObject with one trigger per metric. KServe's webhook accepts no `scaleMetric` with KEDA, so none is written
   * (inference_service_validation.go, validateScalingKedaCompExtension).
   */
  public static keda(props: KedaAutoscalerProps): StandardModeAutoscaler {
    checkArguments('StandardModeAutoscaler', [['props', props, KEDA_AUTOSCALER_PROPS_TYPES, true]]);
    const problems = new Problems();
    const minReplicas = props.minReplicas ?? 1;
    checkReplicas(problems, minReplicas, props.maxReplicas, true);
    if (props.metrics.length === 0) {
      problems.add('metrics', '0 metrics',
        'must list at least one KedaMetric (a KEDA ScaledObject needs a trigger)', 'For example [KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress, target: 2 })]');
    } else if (minReplicas === 0) {
      for (const metric of props.metrics.filter((m) => m.vllmMetric)) {
        problems.add('minReplicas', 0, `${metric.vllmMetric!.name} vanishes with the last vLLM pod, so KEDA would never scale up from zero`,
          'Use 1 or more, or scale on a metric measured outside the pods (for example at the gateway)');
      }
      for (const metric of props.metrics.filter((m) => m.metricName !== undefined)) {
        problems.add('minReplicas', 0, `${metric.metricName} is scraped from the pods by their OpenTelemetry sidecar and vanishes with the last pod, `
          + 'so KEDA would never scale up from zero', 'Use 1 or more, or scale on a metric measured outside the pods (for example at the gateway)');
      }
      if (props.metrics.every((m) => m.resource !== undefined)) {
        // KEDA's cpu and memory scalers (keda.sh/docs/2.13/scalers/cpu): to zero only beside a scaler of another kind.
        problems.add('minReplicas', 0, 'KEDA scales to zero on cpu or memory only beside a metric of another kind: no pod reports them while none runs',
          'Use 1 or more, or add a metric measured outside the pods (KedaMetric.prometheus)');
      }
    }
    checkStabilizationWindow(problems, 'scaleDownStabilization', props.scaleDownStabilization, 'Duration.minutes(10)');
    checkStabilizationWindow(problems, 'scaleUpStabilization', props.scaleUpStabilization, 'Duration.seconds(30)');
    problems.throwIfAny(undefined, 'StandardModeAutoscaler');
    return new StandardModeAutoscaler(StandardAutoscalerClass.KEDA, minReplicas, props.maxReplicas, [...props.metrics], {
      scaleUp: props.scaleUpStabilization, scaleDown: props.scaleDownStabilization,
    });
  }

  /**
   * An autoscaler the cluster brings (`autoscalerClass: external`, KServe >= 0.12): KServe creates
   * none, and yours scales the component's Deployment.
   */
  public static external(props: ExternalAutoscalerProps = {}): StandardModeAutoscaler {
    checkArguments('StandardModeAutoscaler', [['props', props, EXTERNAL_AUTOSCALER_PROPS_TYPES]]);
    const problems = new Problems();
    checkReplicas(problems, props.minReplicas, props.maxReplicas, false);
    problems.throwIfAny(undefined, 'StandardModeAutoscaler');
    return new StandardModeAutoscaler(StandardAutoscalerClass.EXTERNAL, props.minReplicas, props.maxReplicas, [], {});
  }

  /**
   * A fixed number of replicas and no autoscaler (`autoscalerClass: none`, KServe >= 0.16), as
   * KServe requires for multi-node serving.
   */
  public static fixedReplicas(replicas: number): StandardModeAutoscaler {
    checkArguments('StandardModeAutoscaler', [['replicas', replicas, 'number', true]]);
    const problems = new Problems();
    if (!(Number.isInteger(replicas) && replicas >= 1 && replicas <= INT32_MAX)) {
      problems.add('replicas', replicas, `must be a whole number from 1 to ${INT32_MAX}`);
    }
    problems.throwIfAny(undefined, 'StandardModeAutoscaler');
    return new StandardModeAutoscaler(StandardAutoscalerClass.NONE, replicas, replicas, [], {});
  }

  /** The class written to `serving.kserve.io/autoscalerClass`. */
  public readonly autoscalerClass: StandardAutoscalerClass;
  /**
   * Fewest replicas.
   * @default - not written (external only)
   */
  public readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default - not written, unlimited (external only)
   */
  public readonly maxReplicas?: number;
  /** The metrics KEDA scales on (empty for the other classes). */
  public readonly metrics: KedaMetric[];
  /**
   * The scale-down stabilization window of KEDA's HPA.
   * @default - not written (the HPA's 5 minutes)
   */
  public readonly scaleDownStabilization?: Duration;
  /**
   * The scale-up stabilization window of KEDA's HPA.
   * @default - not written (the HPA's 0)
   */
  public readonly scaleUpStabilization?: Duration;

  private constructor(
    autoscalerClass: StandardAutoscalerClass, minReplicas: number | undefined, maxReplicas: number | undefined, metrics: KedaMetric[],
    stabilization: { readonly scaleUp?: Duration; readonly scaleDown?: Duration },
  ) {
    this.autoscalerClass = autoscalerClass;
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
    this.metrics = metrics;
    this.scaleUpStabilization = stabilization.scaleUp;
    this.scaleDownStabilization = stabilization.scaleDown;
  }

  /** A short account of what the autoscaler does. */
  public explain(): string {
    const pods = `- Pods: ${this.minReplicas ?? 'KServe\'s default (1)'} to ${this.maxReplicas ?? 'what your autoscaler allows'}.`;
    switch (this.autoscalerClass) {
      case StandardAutoscalerClass.KEDA:
        return [
          `KEDA (KServe Standard mode, autoscalerClass keda) on ${this.metrics.length} metric${this.metrics.length === 1 ? '' : 's'}.`,
          ...this.metrics.map((m) => m._describe()),
          '- KEDA follows the metric that asks for the most replicas.',
          // A zero window is the HPA's default: pods are added as soon as the metrics ask.
          ...(this.scaleUpStabilization && this.scaleUpStabilization.toSeconds() > 0
            ? [`- It adds pods for the lowest count asked for over the last ${goDuration(this.scaleUpStabilization)}.`] : []),
          pods,
          this.minReplicas === 0
            ? '- When traffic stops: KEDA scales to zero after its cooldownPeriod (300s by default); a request that arrives while no pod runs fails, '
              + 'since Standard mode has no activator.'
            : '- When traffic stops: the HPA KEDA drives scales down to minReplicas after its scale-down stabilization window '
              + `(${this.scaleDownStabilization ? goDuration(this.scaleDownStabilization) : '5m by default'}).`,
        ].join('\n');
      case StandardAutoscalerClass.EXTERNAL:
        return ['An autoscaler the cluster brings (KServe Standard mode, autoscalerClass external): KServe creates none.', pods].join('\n');
      default:
        return `A fixed ${this.minReplicas} replica${this.minReplicas === 1 ? '' : 's'} (KServe Standard mode, autoscalerClass none): no autoscaler.`;
    }
  }

  /** The class and bounds, refused everywhere but KServe's Standard mode. */
  public bind(options: AutoscalerBindOptions): AutoscalerConfig {
    const problems = new Problems();
    const warnings: string[] = [];
    const standard = options.api === ServingApi.KSERVE_V1BETA1 && options.deploymentMode === DeploymentMode.STANDARD;
    if (!standard) {
      const where = options.api === ServingApi.KSERVE_V1BETA1 ? 'Knative mode, where Knative scales the revisions' : options.api.toString();
      problems.add('autoscalerClass', this.autoscalerClass, `KServe reads serving.kserve.io/autoscalerClass only in Standard mode, not in ${where}`,
        options.api === ServingApi.KSERVE_V1BETA1 ? 'Use deploymentMode: DeploymentMode.STANDARD, or a GpuAutoscalingPolicy' : 'Use a GpuAutoscalingPolicy');
    }
    const version = options.kserveVersion ?? KServeVersion.V0_20;
    const since = CLASS_SINCE[this.autoscalerClass];
    if (standard && !version.isAtLeast(since)) {
      problems.add('autoscalerClass', this.autoscalerClass, `KServe accepts it from ${since}; kserveVersion is ${version}`, 'Use another autoscaler or a newer KServe');
    }
    // Metrics only where the class applies: otherwise the class's problem says it all.
    const externalMetrics: ExternalScalingMetric[] = [];
    const resourceMetrics: ResourceScalingMetric[] = [];
    const podMetrics: PodScalingMetric[] = [];
    for (const metric of problems.isEmpty ? this.metrics : []) {
      const binding = metric._bind(options);
      if (binding.external) externalMetrics.push(binding.external);
      if (binding.resource) resourceMetrics.push(binding.resource);
      if (binding.pod) podMetrics.push(binding.pod);
      problems.addAll(binding.problems);
      warnings.push(...binding.warnings);
    }
    // The windows, like the metrics, only where the class applies; the target says which KServe reads them.
    const windows = problems.isEmpty ? { up: this.scaleUpStabilization, down: this.scaleDownStabilization } : {};
    return {
      objectAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: this.autoscalerClass },
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      externalMetrics: externalMetrics.length > 0 ? externalMetrics : undefined,
      resourceMetrics: resourceMetrics.length > 0 ? resourceMetrics : undefined,
      podMetrics: podMetrics.length > 0 ? podMetrics : undefined,
      scaleUpStabilizationSeconds: windows.up?.toSeconds(),
      scaleDownStabilizationSeconds: windows.down?.toSeconds(),
      replicaLimit: this.maxReplicas ?? 0,
      problems: problems.isEmpty ? undefined : problems.toArray(),
      warnings: warnings.length > 0 ? warnings : undefined,
    };
  }
}

const PROMETHEUS_SERVER_TYPES: FieldsOf<PrometheusServerOptions> = { serverAddress: 'string', authenticationRef: 'string' };
const VLLM_METRIC_PROPS_TYPES = struct<VllmMetricProps>({ ...PROMETHEUS_SERVER_TYPES, target: 'number' }, 'serverAddress', 'target');
const PROMETHEUS_METRIC_PROPS_TYPES = struct<PrometheusMetricProps>({ ...PROMETHEUS_SERVER_TYPES, query: 'string', target: 'number' },
  'serverAddress', 'query', 'target');
const OPEN_TELEMETRY_METRIC_PROPS_TYPES = struct<OpenTelemetryMetricProps>({
  metricName: 'string', target: 'number', operationOverTime: enumOf('OperationOverTime', OperationOverTime, 'AVG'), serverAddress: 'string',
}, 'metricName', 'target');
const KEDA_AUTOSCALER_PROPS_TYPES = struct<KedaAutoscalerProps>({
  minReplicas: 'number',
  maxReplicas: 'number',
  metrics: { arrayOf: instanceOf(KedaMetric, 'KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress, target: 2 })') },
  scaleDownStabilization: DURATION,
  scaleUpStabilization: DURATION,
}, 'maxReplicas', 'metrics');
const EXTERNAL_AUTOSCALER_PROPS_TYPES = struct<ExternalAutoscalerProps>({ minReplicas: 'number', maxReplicas: 'number' });

function checkServer(props: PrometheusServerOptions): Problems {
  const problems = new Problems();
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(props.serverAddress)) {
    problems.add('serverAddress', props.serverAddress, 'must be the http:// or https:// address of the Prometheus HTTP API', 'For example http://prometheus-operated.monitoring:9090');
  }
  const credential = uriCredential(props.serverAddress);
  if (credential) {
    problems.add('serverAddress', props.serverAddress, `carries a credential (${credential}), which would stand in plain text in the ScaledObject`,
      'Leave it out of the address, and give authenticationRef: a KEDA TriggerAuthentication that reads it from a Secret');
  }
  if (props.authenticationRef !== undefined && !isDnsSubdomain(props.authenticationRef)) {
    problems.add('authenticationRef', props.authenticationRef, 'must be the name of a KEDA TriggerAuthentication');
  }
  return problems;
}

/** The fields of a Prometheus metric's props that a KedaMetric keeps (the caller's props object may hold more). */
function serverOf(props: VllmMetricProps): KedaMetricSpec {
  return { serverAddress: props.serverAddress, target: props.target, authenticationRef: props.authenticationRef };
}

function checkTarget(problems: Problems, target: number): void {
  if (!isKedaThreshold(target)) problems.add('target', target, KEDA_THRESHOLD_RULE, 'For example 2, or 0.8 for a fraction');
}

/** A target in thousandths, as KEDA reads it and as written: 0.1 + 0.2 is "0.3". */
function thousandths(target: number): string {
  return String(Math.round(target * 1000) / 1000);
}

function checkReplicas(problems: Problems, min: number | undefined, max: number | undefined, maxRequired: boolean): void {
  const minValid = min === undefined || (Number.isInteger(min) && min >= 0 && min <= INT32_MAX);
  if (!minValid) problems.add('minReplicas', min, `must be a whole number from 0 to ${INT32_MAX}`);
  const maxValid = max === undefined ? !maxRequired : Number.isInteger(max) && max >= 1 && max <= INT32_MAX;
  if (!maxValid) problems.add('maxReplicas', max, `must be a whole number from 1 to ${INT32_MAX}`, 'Give the most replicas the GPUs allow');
  if (minValid && maxValid && min !== undefined && max !== undefined && max < min) {
    problems.add('maxReplicas', max, `is less than minReplicas (${min}), and KServe would quietly raise it`, `Use ${min} or more`);
  }
}
