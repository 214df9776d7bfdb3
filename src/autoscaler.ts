import { DeploymentMode, KServeVersion, ServingApi } from './serving-api';

/**
 * How the KEDA OpenTelemetry add-on reduces a metric's samples over its time window
 * (kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/component.go, PodMetrics.OperationOverTime;
 * kedify/otel-add-on, operationOverTime).
 */
export enum OperationOverTime {
  /** The latest sample: the add-on's default. */
  LAST_ONE = 'last_one',
  /** The average over the window, which smooths a gauge such as a queue length. */
  AVG = 'avg',
  /** The highest sample in the window. */
  MAX = 'max',
  /** The lowest sample in the window. */
  MIN = 'min',
  /** The per-second rate, for a counter such as requests served. */
  RATE = 'rate',
  /** The number of samples in the window. */
  COUNT = 'count',
}

/** The component of an InferenceService an autoscaler scales. */
export enum ServingComponent {
  /** The model server. */
  PREDICTOR = 'predictor',
  /** The pre- and post-processing in front of it. */
  TRANSFORMER = 'transformer',
}

/** What a service tells its autoscaler when it binds it. */
export interface AutoscalerBindOptions {
  /** The serving API the service emits. */
  readonly api: ServingApi;
  /**
   * KServe deployment mode.
   * @default DeploymentMode.KNATIVE - the KFServing APIs and a plain Knative Service always run on Knative
   */
  readonly deploymentMode?: DeploymentMode;
  /**
   * The KServe release the cluster runs (KServe API only).
   * @default KServeVersion.V0_20
   */
  readonly kserveVersion?: KServeVersion;
  /**
   * The component scaled.
   * @default ServingComponent.PREDICTOR
   */
  readonly component?: ServingComponent;
  /**
   * The service's object name, for metric queries scoped to its pods.
   * @default - unknown
   */
  readonly serviceName?: string;
  /**
   * The service's namespace, for metric queries scoped to its pods.
   * @default - unknown (the namespace `kubectl apply` targets)
   */
  readonly namespace?: string;
}

/**
 * A metric of KServe's `autoScaling.metrics` of type `External` (Standard mode, KEDA): a query to a
 * metrics backend whose result KEDA divides by `target` to get the replicas.
 */
export interface ExternalScalingMetric {
  /** `prometheus` or `graphite` (the CRD's enum). */
  readonly backend: string;
  /** Address of the metrics server, for example `http://prometheus.monitoring:9090`. */
  readonly serverAddress: string;
  /** The query; its result must be one number. */
  readonly query: string;
  /** The value per replica, as a Kubernetes quantity (for example "2" or "0.8"): from 0.001 to 1e9 in steps of 0.001, as KEDA reads it. */
  readonly target: string;
  /**
   * A KEDA TriggerAuthentication for the metrics server.
   * @default - none
   */
  readonly authenticationRef?: string;
}

/**
 * A metric of KServe's `autoScaling.metrics` of type `Resource` (Standard mode, KEDA): the pods' CPU
 * or memory, against a utilization of their request or an amount per pod.
 */
export interface ResourceScalingMetric {
  /** `cpu` or `memory` (the CRD's enum). */
  readonly resource: string;
  /**
   * The average utilization in percent of the pods' request (a `Utilization` target).
   * @default - an amount per pod (`averageValue`)
   */
  readonly averageUtilization?: number;
  /**
   * The average amount per pod, as a Kubernetes quantity (an `AverageValue` target).
   * @default - a utilization (`averageUtilization`)
   */
  readonly averageValue?: string;
}

/**
 * A metric of KServe's `autoScaling.metrics` of type `PodMetric` (Standard mode, KEDA, KServe >=
 * 0.15): a gauge the component's pods export on their server's port (`container.port`, 8080 by
 * default, or a ServingRuntime's), scraped by an OpenTelemetry Collector
 * sidecar that KServe creates and pushed to the KEDA OpenTelemetry add-on, summed over the
 * component's pods; KEDA divides the sum by `target` to get the replicas.
 */
export interface PodScalingMetric {
  /**
   * The metric's name, as Prometheus' exposition format spells it (for example
   * `vllm:num_requests_waiting`): KServe filters the collector to it and queries
   * `sum(<name>{namespace="...",deployment="..."})`, so it carries no labels or functions.
   */
  readonly metricName: string;
  /** The value per replica, as a Kubernetes quantity (for example "2" or "0.8"): from 0.001 to 1e9 in steps of 0.001, as KEDA reads it. */
  readonly target: string;
  /**
   * How the add-on reduces the metric's samples over its window: `last_one`, `avg`, `max`, `min`, `rate` or `count`.
   * @default - not written: the add-on's last_one
   */
  readonly operationOverTime?: string;
  /**
   * The gRPC address (`host:port`) of the KEDA OpenTelemetry add-on's scaler.
   * @default - not written: KServe's `opentelemetryCollector.metricScalerEndpoint`
   */
  readonly serverAddress?: string;
}

/**
 * An autoscaler's settings for one serving API. The service decides where each goes: typed
 * fields where the API has them, revision annotations otherwise.
 */
export interface AutoscalerConfig {
  /**
   * Annotations for the revision (`autoscaling.knative.dev/*`, `serving.knative.dev/progress-deadline`),
   * already spelled and stringified. InferenceService APIs carry them on the object, which KServe
   * copies to the revision; a Knative Service on its revision template. Checked by Knative's rules,
   * and against a `KnativeAutoscalerConfig` in the app at synth. On KServe, which drops min-scale and
   * max-scale and writes its own from `minReplicas` and `maxReplicas`, those keys are refused; in
   * KServe's Standard mode, where no revision exists, `autoscaling.knative.dev/*` keys are refused.
   * @default - none
   */
  readonly revisionAnnotations?: { [key: string]: string };
  /**
   * Annotations for the serving object itself (for example `serving.kserve.io/autoscalerClass`).
   * @default - none
   */
  readonly objectAnnotations?: { [key: string]: string };
  /**
   * Typed `minReplicas`: a whole number from 0 to 2147483647. A Knative Service has no such field
   * (return `autoscaling.knative.dev/min-scale` instead).
   * @default - not written
   */
  readonly minReplicas?: number;
  /**
   * Typed `maxReplicas`: a whole number from 0 (no limit) to 2147483647, not below `minReplicas`
   * unless 0. A Knative Service has no such field (return `autoscaling.knative.dev/max-scale` instead).
   * @default - not written
   */
  readonly maxReplicas?: number;
  /**
   * Typed `scaleTarget` (KServe's v1beta1 API only): a whole number from 1 to 2147483647, at most
   * 100 under KServe's HPA.
   * @default - not written
   */
  readonly scaleTarget?: number;
  /**
   * Typed `scaleMetric` (KServe's v1beta1 API only): cpu, memory, concurrency or rps (the CRD's enum).
   * KServe's webhook takes concurrency or rps on Knative under its KPA class, cpu or memory under an
   * HPA class (Knative's or KServe's), and none under KEDA.
   * @default - not written
   */
  readonly scaleMetric?: string;
  /**
   * Requests one pod serves at a time (`containerConcurrency`, v1alpha2 `parallelism`): from 0
   * (no limit) to 1000 on a Knative revision (Knative's default container-concurrency-max-limit).
   * @default - not written
   */
  readonly containerConcurrency?: number;
  /**
   * External metrics (KServe's `autoScaling.metrics`, Standard mode).
   * @default - none
   */
  readonly externalMetrics?: ExternalScalingMetric[];
  /**
   * Resource metrics (KServe's `autoScaling.metrics`, Standard mode).
   * @default - none
   */
  readonly resourceMetrics?: ResourceScalingMetric[];
  /**
   * OpenTelemetry metrics of the pods (KServe's `autoScaling.metrics`, Standard mode, KServe >=
   * 0.15). Each component that has them gets the pod annotation `sidecar.opentelemetry.io/inject`
   * naming the collector KServe creates for it, and `prometheus.kserve.io/port`, the port the
   * collector scrapes, where its container serves on another port than 8080.
   * @default - none
   */
  readonly podMetrics?: PodScalingMetric[];
  /**
   * Scale-up stabilization window of the HPA that KEDA drives, in seconds (KServe's
   * `autoScaling.behavior.scaleUp.stabilizationWindowSeconds`, Standard mode, KServe >= 0.16):
   * whole seconds from 0 to 3600.
   * @default - not written
   */
  readonly scaleUpStabilizationSeconds?: number;
  /**
   * Scale-down stabilization window of the HPA that KEDA drives, in seconds (KServe's
   * `autoScaling.behavior.scaleDown.stabilizationWindowSeconds`, Standard mode, KServe >= 0.16):
   * whole seconds from 0 to 3600.
   * @default - not written
   */
  readonly scaleDownStabilizationSeconds?: number;
  /**
   * The most replicas the service can run, for checks (a cache's access mode, a budget); 0 means
   * unlimited. A whole number, not below `maxReplicas`. The cluster never reads it: a
   * `KnativeAutoscalerConfig`'s max-scale-limit is checked against the max-scale the revision gets.
   */
  readonly replicaLimit: number;
  /**
   * What this serving API cannot express or would silently ignore: the service refuses them.
   * @default - none
   */
  readonly problems?: string[];
  /**
   * Settings that are valid but probably not what was meant: the service reports them.
   * @default - none
   */
  readonly warnings?: string[];
}

/**
 * Scales a model server. `GpuAutoscalingPolicy` (Knative's KPA, or its HPA class) is one
 * implementation; an autoscaler of another kind (KServe's HPA or KEDA in Standard mode)
 * implements the same method, and the service needs no change. What an autoscaler of your own
 * returns is checked as the cluster reads each field where the serving API writes it, and a typed
 * field the API has no place for is refused.
 */
export interface IServingAutoscaler {
  /** Renders the settings this autoscaler owns for the serving API of one service. */
  bind(options: AutoscalerBindOptions): AutoscalerConfig;
}
