import { ApiObjectMetadata, Duration, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { IServingAutoscaler } from './autoscaler';
import { GpuOptions } from './gpu';
import { ModelFormat, ProtocolVersion } from './model-format';
import { ModelSource } from './model-source';
import { DeploymentMode, KfservingVersion, KServeVersion, ServingApi } from './serving-api';
import { ServingProbes } from './serving-probe';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';
import { RequestTrace } from './simulator/request-trace';

/** A custom container that serves the model (instead of a KServe ServingRuntime). */
export interface ServingContainer {
  /** Container image, pinned by tag or digest. */
  readonly image: string;
  /**
   * Entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's arguments
   */
  readonly args?: string[];
  /**
   * Port the server listens on for HTTP. On a KServe component that scales on
   * `KedaMetric.openTelemetry()`, a port other than 8080 is also written as the component's
   * `prometheus.kserve.io/port`, the port KServe's OpenTelemetryCollector scrapes.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Name of the container (plain Knative Service only: KServe and KFServing rename a predictor's
   * container to `kserve-container`, predictor_custom.go `Default`).
   * @default - `user-container` on a Knative Service, as Knative names it; `kserve-container` on the InferenceService APIs
   */
  readonly name?: string;
}

/** A transformer: pre- and post-processing in front of the predictor (InferenceService APIs only). */
export interface TransformerOptions {
  /** The transformer's container. */
  readonly container: ServingContainer;
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * CPU and memory.
   * @default - 1 CPU and 2Gi memory, requested and limited
   */
  readonly resources?: ContainerResources;
  /**
   * The transformer's own replicas, scaling and concurrency: for example a
   * `GpuAutoscalingPolicy` with `minReplicas: 0` scales it to zero on its own bounds. The typed
   * fields go on the transformer component (`minReplicas`, `maxReplicas`, `containerConcurrency`,
   * v1alpha2 `parallelism`, `scaleMetric`, `autoScaling`); its Knative annotations go into the
   * transformer's `annotations` on KServe >= 0.11, and must equal the predictor's on the
   * KFServing APIs, which have no per-component annotations. The predictor's Knative annotations
   * reach the transformer's revision for every key this one does not set (KServe's
   * components/transformer.go: component annotations over the InferenceService's). A
   * `GpuAutoscalingPolicy` brings its preset, and GPU_TUNED serves one request per pod: give a
   * CPU transformer its own `containerConcurrency`.
   * @default - none of its own: KServe's defaults for the transformer (at least one replica, no limit)
   */
  readonly autoscaling?: IServingAutoscaler;
  /**
   * GPUs of each transformer replica, placed on the transformer's own pods (serving.kserve.io and
   * serving.kubeflow.org v1beta1: node selector, affinity and tolerations of the transformer).
   * The accelerator annotation belongs to the InferenceService, so the transformer cannot choose
   * it; on `serving.kubeflow.org/v1alpha2` it places every GPU pod, so the transformer takes only
   * a `count` there and lands on the predictor's GPU type.
   * @default - no GPU
   */
  readonly gpu?: GpuOptions;
  /**
   * Readiness, liveness and startup probes of the transformer's container, each probing the
   * container's port unless it names its own: a transformer that loads a tokenizer or a feature
   * store client before it listens needs a startup probe as the server does.
   * @default - none: Kubernetes' defaults, and on Knative the TCP readiness probe Knative adds
   */
  readonly probes?: ServingProbes;
}

/**
 * Multi-node serving of a model larger than one node (KServe `predictor.workerSpec`): a head pod
 * and worker pods, `pipelineParallelSize` pods in all, each with `tensorParallelSize` GPUs. KServe
 * runs it in Standard mode only, from a ServingRuntime with a worker spec (the Hugging Face vLLM
 * runtime), with no autoscaler, reading the model from a PVC or an OCI image.
 */
export interface MultiNodeOptions {
  /** Pipeline parallel size: the pods of one replica, the head and its workers (at least 2). */
  readonly pipelineParallelSize: number;
  /**
   * Tensor parallel size: the GPUs of each pod.
   * @default - `gpu.count`
   */
  readonly tensorParallelSize?: number;
  /**
   * CPU and memory of each worker pod; its GPUs are the head's.
   * @default - the head's `resources`
   */
  readonly workerResources?: ContainerResources;
  /**
   * Replicas of the whole group (KServe runs multi-node services without an autoscaler).
   * @default 1
   */
  readonly replicas?: number;
}

/** A canary rollout: a share of the traffic goes to the newest revision. */
export interface CanaryOptions {
  /** Percent of requests sent to the newest revision, 0 to 100. */
  readonly trafficPercent: number;
  /**
   * Name of the revision that keeps the rest of the traffic. Required on a plain Knative
   * Service; InferenceService APIs track the last rolled-out revision themselves.
   * @default - the last rolled-out revision (InferenceService APIs only)
   */
  readonly stableRevisionName?: string;
  /**
   * Expose `latest-` and `prev-` tagged URLs to reach each revision directly.
   * @default false
   */
  readonly tagRouting?: boolean;
  /**
   * The model the rest of the traffic keeps being served from (serving.kubeflow.org/v1alpha2 on
   * KFServing <= 0.4 only, whose `spec.default` is the stable endpoint and `spec.canary` the new
   * one: the service's own props describe the canary, this the default).
   * @default - required on v1alpha2 with KfservingVersion.V0_4; refused elsewhere
   */
  readonly stableModel?: ModelSource;
}

/** Whether a service waits for its ModelCache's loader before it serves. */
export interface ModelCacheWaitOptions {
  /**
   * Add the wait. Without it a pod may start on a half-filled volume and serve a broken model.
   * @default true - for a ModelCache with a loader, on the APIs with init containers (KServe
   * v1beta1, Knative Service); KFServing has none and gets a warning
   */
  readonly enabled?: boolean;
  /**
   * Longest wait before the init container fails (its message names the loader Job to check);
   * the pod then retries with the kubelet's back-off.
   * @default Duration.minutes(30) - GPU_TUNED's progress deadline: Knative fails a revision that
   * is not ready by then anyway
   */
  readonly timeout?: Duration;
}

/** Properties of an `InferenceService`. */
export interface InferenceServiceProps {
  /**
   * Object metadata: name, namespace, labels, annotations.
   * @default - a name derived from the construct path, within the length the serving API allows
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The serving API to emit.
   * @default ServingApi.KSERVE_V1BETA1
   */
  readonly api?: ServingApi;
  /**
   * KServe deployment mode. Knative scales GPUs to zero and rolls out canaries; Standard runs a
   * Deployment with an HPA. Written explicitly, because KServe's built-in default changed.
   * @default DeploymentMode.KNATIVE
   */
  readonly deploymentMode?: DeploymentMode;
  /**
   * The KServe release the cluster runs (KServe API only): decides value spellings and which
   * fields and URI schemes are allowed.
   * @default KServeVersion.V0_20
   */
  readonly kserveVersion?: KServeVersion;
  /**
   * The KFServing release the cluster runs (serving.kubeflow.org/v1alpha2 only): KFServing <= 0.4
   * still served `spec.canary` with `canaryTrafficPercent`.
   * @default KfservingVersion.V0_6
   */
  readonly kfservingVersion?: KfservingVersion;
  /**
   * Where the model comes from.
   * @default - none: the container brings or downloads its own model (custom containers only)
   */
  readonly model?: ModelSource;
  /**
   * The model's format: selects the ServingRuntime (KServe) or the framework predictor
   * (KFServing). Required unless `container` is given.
   * @default - none: `container` serves the model
   */
  readonly modelFormat?: ModelFormat;
  /**
   * Name of the ServingRuntime or ClusterServingRuntime to use (KServe only).
   * @default - KServe picks a runtime that supports the format
   */
  readonly runtime?: string;
  /**
   * Version (image tag) of the runtime or framework server.
   * @default - the runtime's default
   */
  readonly runtimeVersion?: string;
  /**
   * Inference protocol.
   * @default - the runtime's default
   */
  readonly protocolVersion?: ProtocolVersion;
  /**
   * A custom container that serves the model. Required on a plain Knative Service.
   * @default - a runtime chosen by `modelFormat`
   */
  readonly container?: ServingContainer;
  /**
   * Arguments to the model server, appended to the runtime's (for example vLLM flags).
   * @default - none
   */
  readonly args?: string[];
  /**
   * Environment variables of the model server.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Environment variables read from keys of existing Secrets (tokens, keys): only the reference
   * is written, never the value.
   * @default - none
   */
  readonly secretEnv?: { [name: string]: SecretEnvSource };
  /**
   * CPU and memory of the model server. Quantities are always written as strings. `cpu` and
   * `memory` each replace the serving profile's.
   * @default - the serving profile's (LLM profile: CPU from the GPU count, memory from the model
   * size); otherwise 1 CPU and 2Gi memory, requested and limited (KServe's own defaults, written explicitly)
   */
  readonly resources?: ContainerResources;
  /**
   * How the server is sized and scaled: `ServingProfile.llm()` for a batching LLM server,
   * `ServingProfile.none()` for one request per GPU with KServe's default resources.
   * @default - ServingProfile.llm() for ModelFormat.HUGGINGFACE (KServe's vLLM runtime),
   * ServingProfile.none() otherwise
   */
  readonly servingProfile?: ServingProfile;
  /**
   * Readiness, liveness and startup probes of the model server's container.
   * @default - none, except the serving profile's startup probe
   */
  readonly probes?: ServingProbes;
  /**
   * Whether the service waits for its ModelCache's completion marker before serving.
   * @default - the defaults of each ModelCacheWaitOptions prop
   */
  readonly modelCacheWait?: ModelCacheWaitOptions;
  /**
   * GPUs for each replica.
   * @default - no GPU
   */
  readonly gpu?: GpuOptions;
  /**
   * Autoscaling. A policy is a value: one can be shared by many services. A policy given here
   * replaces the serving profile's whole.
   * @default - the serving profile's (LLM profile: containerConcurrency 0 with a target of the
   * server's batch size, a progress deadline from the load time); otherwise a GpuAutoscalingPolicy
   * with the GPU-tuned defaults (AutoscalingPreset.GPU_TUNED)
   */
  readonly autoscaling?: IServingAutoscaler;
  /**
   * Longest time a request may take.
   * @default - the platform's default (300s on KServe and Knative)
   */
  readonly timeout?: Duration;
  /**
   * A canary rollout (Knative deployment only).
   * @default - no canary: the newest revision takes all traffic
   */
  readonly canary?: CanaryOptions;
  /**
   * A transformer in front of the predictor.
   * @default - none
   */
  readonly transformer?: TransformerOptions;
  /**
   * Multi-node serving: the predictor spans a head and worker pods (KServe API, Standard mode).
   * The service then has a fixed number of replicas and takes no `autoscaling`.
   * @default - a single-node predictor
   */
  readonly multiNode?: MultiNodeOptions;
  /**
   * Security context of every container the construct defines.
   * @default ServingSecurity.restricted()
   */
  readonly security?: ServingSecurity;
  /**
   * A monthly GPU budget. The construct fails when the worst case (maxReplicas x GPUs per replica
   * x price per GPU-hour x hours in a month) exceeds it, and a service under a budget must set
   * maxReplicas. For a budget over several services, use `AppGpuBudget`.
   * @default - no budget
   */
  readonly gpuBudget?: GpuBudget;
  /**
   * Size of the model's files, for the cold-start estimate of `explain()`.
   * @default - the `modelSize` of the ModelCache or LocalModelCache the model is read from; otherwise unknown
   */
  readonly modelSize?: Size;
  /**
   * An existing ServiceAccount for the pods. When the model source references a credentials
   * Secret, a ServiceAccount listing it is created instead, as KServe reads credentials through it.
   * @default - the namespace's default ServiceAccount, or the created one
   */
  readonly serviceAccountName?: string;
}

/** A key of an existing Secret, exposed to a container as an environment variable. */
export interface SecretEnvSource {
  /** Name of the Secret. */
  readonly secretName: string;
  /** Key within the Secret. */
  readonly key: string;
  /**
   * Start the container even when the Secret or the key is missing (the variable is then unset).
   * @default false - Kubernetes' default: the pod does not start without it
   */
  readonly optional?: boolean;
}

/** A monthly GPU budget and the price it is counted in. */
export interface GpuBudget {
  /** The most the GPUs may cost in a month, in the currency of `pricePerGpuHour`. */
  readonly monthlyBudget: number;
  /** Price of one GPU for one hour. */
  readonly pricePerGpuHour: number;
  /**
   * Hours in a month.
   * @default 730 - 8,760 hours a year / 12, the figure cloud price lists use
   */
  readonly hoursPerMonth?: number;
}

/** Options of `InferenceService.explain()`. */
export interface ExplainOptions {
  /**
   * The traffic the service expects: its usual idle gap is held against the scale-to-zero retention.
   * @default - no trace: the retention is not checked against idle gaps
   */
  readonly trace?: RequestTrace;
}
