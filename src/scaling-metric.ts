/**
 * The signal an autoscaler follows. The metric also picks Knative's autoscaler class: concurrency
 * and rps are read by the KPA, cpu and memory need the HPA class.
 */
export enum ScalingMetric {
  /**
   * In-flight requests per pod (KPA). The right signal for GPU models: a GPU serves a fixed
   * number of requests at a time, however long each one takes.
   */
  CONCURRENCY = 'concurrency',
  /** Requests per second per pod (KPA). Only for short requests of uniform cost. */
  RPS = 'rps',
  /** CPU utilization in percent of the request (HPA). A poor signal for GPU work. */
  CPU = 'cpu',
  /**
   * Memory (HPA): MiB per pod under Knative's HPA class, percent utilization in KServe Standard
   * mode. A poor signal for GPU work.
   */
  MEMORY = 'memory',
}

/** Knative's pod autoscaler classes (`autoscaling.knative.dev/class`, `pod-autoscaler-class`). */
export enum AutoscalerClass {
  /** Knative Pod Autoscaler: concurrency or rps, panic mode, scale to zero. Knative's default. */
  KPA = 'kpa.autoscaling.knative.dev',
  /**
   * A Kubernetes HorizontalPodAutoscaler managed by Knative (needs Knative's optional HPA
   * controller): cpu or memory, no scale to zero, no panic mode.
   */
  HPA = 'hpa.autoscaling.knative.dev',
}
