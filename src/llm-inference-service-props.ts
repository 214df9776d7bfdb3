import { ApiObjectMetadata, Duration, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { checkArguments, SIZE } from './_public-types';
import { GpuOptions } from './gpu';
import { SecretEnvSource } from './inference-service-props';
import { ModelSource } from './model-source';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';

// The props of `LLMInferenceService` (KServe serving.kserve.io/v1alpha2): the fields follow
// pkg/apis/serving/v1alpha2/llm_inference_service_types.go and the vendored CRD
// (crds/kserve/serving.kserve.io_llminferenceservices.yaml, KServe v0.20.0).

/**
 * The actuator that applies the replica count the Workload Variant Autoscaler (WVA) computes
 * (`scaling.wva.hpa` or `scaling.wva.keda`).
 */
export enum WvaActuator {
  /**
   * A HorizontalPodAutoscaler reading `wva_desired_replicas` through the external metrics API.
   * Needs a Prometheus Adapter in the cluster; without it the HPA stops scaling silently
   * (KServe's HPAScalingSpec doc).
   */
  HPA = 'hpa',
  /** A KEDA ScaledObject querying Prometheus directly: no Prometheus Adapter needed. */
  KEDA = 'keda',
}

/** Autoscaling of one workload by KServe's Workload Variant Autoscaler (`scaling`). */
export interface LLMScalingOptions {
  /** The most replicas (KServe: at least 1). */
  readonly maxReplicas: number;
  /**
   * The fewest replicas while the autoscaler's triggers are active.
   * @default 1 - KServe's default
   */
  readonly minReplicas?: number;
  /**
   * The actuator that applies WVA's replica count.
   * @default WvaActuator.KEDA - needs no Prometheus Adapter (KServe's ActuatorSpec doc)
   */
  readonly actuator?: WvaActuator;
  /**
   * Cost of one replica of this variant, for WVA's saturation analysis.
   * @default - KServe's 10.0
   */
  readonly variantCost?: number;
  /**
   * Replicas KEDA keeps while no trigger is active; must be below `minReplicas` (KEDA only).
   * @default - KEDA never scales below minReplicas
   */
  readonly idleReplicaCount?: number;
  /**
   * How often KEDA checks its trigger, in whole seconds (KEDA only).
   * @default - KEDA's 30s
   */
  readonly pollingInterval?: Duration;
  /**
   * How long KEDA waits after the last active trigger before scaling down, in whole seconds (KEDA only).
   * @default - KEDA's 300s
   */
  readonly cooldownPeriod?: Duration;
  /**
   * How long KEDA waits after it is created before it evaluates the trigger, so that a model
   * still loading is not scaled on (KEDA only).
   * @default - KEDA's 0s
   */
  readonly initialCooldownPeriod?: Duration;
  /**
   * How long the HPA waits before it removes pods: it runs the highest replica count asked for
   * within this window, so warm vLLM replicas outlast a lull shorter than it. Whole seconds, at
   * most an hour (the HPA's limit). Written to `scaling.wva.hpa.behavior`, or under KEDA to
   * `scaling.wva.keda.advanced.horizontalPodAutoscalerConfig.behavior`, which KServe copies into
   * the HPA or ScaledObject it creates.
   * @default - not written: the HPA's default, 5 minutes (Kubernetes, HorizontalPodAutoscaler default behavior)
   */
  readonly scaleDownStabilization?: Duration;
  /**
   * How long the HPA waits before it adds pods: it runs the lowest replica count asked for within
   * this window, so a spike shorter than it starts no pod. Whole seconds, at most an hour.
   * @default - not written: the HPA's default, 0 (Kubernetes, HorizontalPodAutoscaler default behavior)
   */
  readonly scaleUpStabilization?: Duration;
}

/**
 * How vLLM splits the model (`parallelism`). The GPUs of one pod are `tensor` x `dataLocal`
 * (data parallelism) or `tensor` (pipeline parallelism); the pods of one replica are `pipeline`
 * or `data / dataLocal` (KServe's worker presets, config/llmisvcconfig).
 */
export interface LLMParallelism {
  /**
   * Tensor parallel size: the GPUs one model copy is split across within a pod.
   * @default - vLLM's 1
   */
  readonly tensor?: number;
  /**
   * Pipeline parallel size: the pods (nodes) one model copy is split across by layers. Needs a
   * `worker` when above 1, and excludes data parallelism.
   * @default - no pipeline parallelism
   */
  readonly pipeline?: number;
  /**
   * Data parallel size: the model copies across all pods of a replica. Set together with `dataLocal`.
   * @default - no data parallelism
   */
  readonly data?: number;
  /**
   * Data parallel ranks per pod. Set together with `data`.
   * @default - no data parallelism
   */
  readonly dataLocal?: number;
  /**
   * Port of the data parallel RPC between pods.
   * @default - the preset's 5555
   */
  readonly dataRpcPort?: number;
  /**
   * Expert parallelism for mixture-of-experts models (vLLM `--enable-expert-parallel`).
   * @default false
   */
  readonly expert?: boolean;
}

/** The worker pods of a multi-node workload (`worker`): the main container's settings for them. */
export interface LLMWorkerOptions {
  /**
   * Environment variables of the worker's main container.
   * @default - the head's `env`
   */
  readonly env?: { [name: string]: string };
  /**
   * CPU and memory of the worker's main container; its GPUs are the head's (`gpu`).
   * @default - the head's `resources`
   */
  readonly resources?: ContainerResources;
}

/** Eviction policy of the CPU tier of the KV cache. */
export enum KvCacheEvictionPolicy {
  /** Least recently used (KServe's default). */
  LRU = 'lru',
  /** Adaptive replacement cache. */
  ARC = 'arc',
}

/** A file-system tier below the CPU tier of an offloaded KV cache. */
export class KvCacheTier {
  /**
   * A per-pod `emptyDir` of this size.
   * @param size the size of the directory
   */
  public static emptyDir(size: Size): KvCacheTier {
    checkArguments('KvCacheTier', [['size', size, SIZE, true]]);
    return new KvCacheTier(size, undefined, undefined);
  }

  /**
   * An existing PersistentVolumeClaim, for example a shared file system that several replicas reuse.
   * @param claimName name of the claim, in the service's namespace
   * @param path directory within the volume
   */
  public static persistentVolumeClaim(claimName: string, path?: string): KvCacheTier {
    checkArguments('KvCacheTier', [['claimName', claimName, 'string', true], ['path', path, 'string']]);
    return new KvCacheTier(undefined, claimName, path);
  }

  /**
   * Size of an `emptyDir` tier.
   * @default - a claim tier
   */
  public readonly size?: Size;
  /**
   * Claim of a PersistentVolumeClaim tier.
   * @default - an emptyDir tier
   */
  public readonly claimName?: string;
  /**
   * Directory within the claim.
   * @default - the volume root
   */
  public readonly path?: string;

  private constructor(size: Size | undefined, claimName: string | undefined, path: string | undefined) {
    this.size = size;
    this.claimName = claimName;
    this.path = path;
  }
}

/**
 * KV cache offloading to CPU memory and further tiers (`kvCacheOffloading`): KServe turns it into
 * vLLM's `--kv-transfer-config` with the OffloadingConnector.
 */
export interface KvCacheOffloadingOptions {
  /** CPU memory for the primary offloading tier. */
  readonly cpu: Size;
  /**
   * Eviction policy of the CPU tier.
   * @default KvCacheEvictionPolicy.LRU - KServe's default
   */
  readonly evictionPolicy?: KvCacheEvictionPolicy;
  /**
   * File-system tiers below the CPU tier, in order.
   * @default - the CPU tier only
   */
  readonly secondaryTiers?: KvCacheTier[];
}

/**
 * One workload of an LLMInferenceService: the decode workload (or the only one) at the top level,
 * the prefill workload in `prefill`.
 */
export interface LLMWorkloadOptions {
  /**
   * A fixed number of replicas. Excludes `scaling`.
   * @default - not written: one replica (the Deployment's default), or `scaling`'s
   */
  readonly replicas?: number;
  /**
   * Autoscaling by KServe's Workload Variant Autoscaler. Excludes `replicas`.
   * @default - no autoscaling
   */
  readonly scaling?: LLMScalingOptions;
  /**
   * How vLLM splits the model over GPUs and pods.
   * @default - no parallelism settings: the preset's (one GPU)
   */
  readonly parallelism?: LLMParallelism;
  /**
   * GPUs of each pod (the head and every worker). The count must match the parallelism.
   * @default - no GPU for the decode workload; the decode workload's GPUs for `prefill`
   */
  readonly gpu?: GpuOptions;
  /**
   * Image of the main container.
   * @default - the image of KServe's preset (llm-d's vLLM); the decode workload's for `prefill`
   */
  readonly image?: string;
  /**
   * Extra vLLM arguments, appended by KServe's presets to `vllm serve` through
   * `VLLM_ADDITIONAL_ARGS`. An argument that holds anything but letters, digits and `_./:=,@+-`
   * is single-quoted for the shell.
   * @default - none
   */
  readonly vllmArgs?: string[];
  /**
   * Environment variables of the main container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Environment variables read from keys of existing Secrets: only the reference is written.
   * @default - none
   */
  readonly secretEnv?: { [name: string]: SecretEnvSource };
  /**
   * Environment variables read from the pod's own fields (the downward API), by field path:
   * `status.podIP`, `status.hostIP`, `spec.nodeName`, `metadata.name`, `metadata.namespace`, ...
   * For example `{ VLLM_NIXL_SIDE_CHANNEL_HOST: 'status.podIP' }` for NIXL's KV transfer.
   * @default - none
   */
  readonly fieldEnv?: { [name: string]: string };
  /**
   * Labels of the workload's pods (KServe adds its own).
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Annotations of the workload's pods, for example a secondary network
   * (`k8s.v1.cni.cncf.io/networks`).
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * CPU and memory of the main container, written as both request and limit where only one is
   * given. GPUs come from `gpu`. What is left out is sized by `servingProfile`.
   * @default - sized by `servingProfile` from the GPUs and the model's size (none without GPUs,
   * or with `ServingProfile.none()`: KServe's presets set none); the decode workload's for `prefill`
   */
  readonly resources?: ContainerResources;
  /**
   * Worker pods: a multi-node workload (a LeaderWorkerSet) whose pods are counted by
   * `parallelism` (`pipeline`, or `data / dataLocal`).
   * @default - a single-node workload
   */
  readonly worker?: LLMWorkerOptions;
  /**
   * KV cache offloading to CPU memory and file-system tiers.
   * @default - no offloading
   */
  readonly kvCacheOffloading?: KvCacheOffloadingOptions;
}

/** An existing Gateway API Gateway the service's route attaches to. */
export interface GatewayReference {
  /** Name of the Gateway. */
  readonly name: string;
  /**
   * Namespace of the Gateway.
   * @default - the service's namespace
   */
  readonly namespace?: string;
  /**
   * A listener of the Gateway.
   * @default - every listener that accepts HTTP routes
   */
  readonly sectionName?: string;
}

/** A key of an existing ConfigMap. */
export interface ConfigMapKeyReference {
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Key within the ConfigMap. */
  readonly key: string;
}

/**
 * The inference scheduler (llm-d's Endpoint Picker): picks the replica for each request behind
 * the Gateway API Inference Extension.
 */
export interface LLMSchedulerOptions {
  /**
   * Whether the scheduler runs.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Replicas of the scheduler.
   * @default - KServe's preset (1)
   */
  readonly replicas?: number;
  /**
   * The scheduler's EndpointPickerConfig, from a ConfigMap key.
   * @default - the preset's configuration
   */
  readonly config?: ConfigMapKeyReference;
  /**
   * An existing InferencePool to use.
   * @default - KServe creates `<name>-inference-pool`
   */
  readonly inferencePoolName?: string;
}

/** How the service is exposed through the Gateway API (`router`). */
export interface LLMRouterOptions {
  /**
   * Whether KServe exposes the service through the Gateway API (an HTTPRoute on a Gateway). Turn it
   * off for a router with the scheduler only, for example pods that join another service's
   * InferencePool (`scheduler.inferencePoolName`).
   * @default true
   */
  readonly gatewayRoute?: boolean;
  /**
   * Existing Gateways to attach to.
   * @default - the Gateway KServe is configured with (`gateway: {}`)
   */
  readonly gateways?: GatewayReference[];
  /**
   * Existing HTTPRoutes to use ("bring your own"); they need `gateways`.
   * @default - an HTTPRoute KServe creates and manages (`route: {}`)
   */
  readonly httpRoutes?: string[];
  /**
   * The inference scheduler.
   * @default - the scheduler with KServe's preset configuration (`scheduler: {}`)
   */
  readonly scheduler?: LLMSchedulerOptions;
}

/** A LoRA adapter served on top of the base model. */
export interface LoraAdapter {
  /** The name requests use in their `model` field; not the base model's name. */
  readonly name: string;
  /** Where the adapter comes from: Hugging Face, S3 or a PVC. */
  readonly source: ModelSource;
}

/** LoRA adapters and vLLM's LoRA limits (`model.lora`). */
export interface LoraOptions {
  /** The adapters. */
  readonly adapters: LoraAdapter[];
  /**
   * The highest adapter rank (vLLM `--max-lora-rank`).
   * @default - vLLM's 16
   */
  readonly maxRank?: number;
  /**
   * Adapters loaded on the GPU at once (vLLM `--max-loras`).
   * @default - the number of adapters (KServe)
   */
  readonly maxAdapters?: number;
  /**
   * Adapters kept in CPU memory (vLLM `--max-cpu-loras`).
   * @default - the number of adapters (KServe)
   */
  readonly maxCpuAdapters?: number;
}

/** Properties of an `LLMInferenceService`. */
export interface LLMInferenceServiceProps extends LLMWorkloadOptions {
  /**
   * Object metadata: name, namespace, labels, annotations.
   * @default - a name derived from the construct path, at most 63 characters
   */
  readonly metadata?: ApiObjectMetadata;
  /** The model: Hugging Face, S3, OCI or a PVC (a `ModelCache` or `LocalModelCache` included). */
  readonly model: ModelSource;
  /**
   * The name requests use in their `model` field (`model.name`).
   * @default - the object's name (KServe)
   */
  readonly servedModelName?: string;
  /**
   * LoRA adapters.
   * @default - none
   */
  readonly lora?: LoraOptions;
  /**
   * LLMInferenceServiceConfig presets to start from, in order; later ones and this spec override
   * earlier ones (`baseRefs`).
   * @default - KServe's well-known presets for the chosen layout
   */
  readonly baseRefs?: string[];
  /**
   * Whether KServe's storage initializer downloads the model. Switch it off when the model is
   * already in the image or loaded by other means.
   * @default true - KServe's default
   */
  readonly storageInitializer?: boolean;
  /**
   * A separate prefill workload: prefill/decode disaggregation, the top-level workload decoding.
   * @default - one workload does both
   */
  readonly prefill?: LLMWorkloadOptions;
  /**
   * Exposure through the Gateway API, with the inference scheduler.
   * @default - no router: only the in-cluster Service of the workload
   */
  readonly router?: LLMRouterOptions;
  /**
   * The CPU and memory of each workload's main container when `resources` leaves them out,
   * sized by `ServingProfile.llm()` from the workload's GPU count and the model's size (6 CPUs per
   * GPU; 1.5 times the model's size, else 24Gi per GPU: KServe's Hugging Face runtime example,
   * see `LlmProfileOptions`), requested and limited. KServe's presets set no resources
   * (config/llmisvcconfig/config-llm-template.yaml and the worker and prefill presets), so without
   * them the pods would run in the namespace's defaults. A workload without GPUs is left to
   * KServe. The profile's other defaults come from the presets instead and are not written: the
   * memory-backed `/dev/shm` (1Gi single-node, 8Gi in the worker presets) and the startup probe
   * (60 x 10s); a profile that sets `sharedMemory`, `loadTime` or `maxBatchSize` is refused.
   * `ServingProfile.none()` writes no resources.
   * @default ServingProfile.llm()
   */
  readonly servingProfile?: ServingProfile;
  /**
   * The model's size in memory (its weights), which the serving profile sizes host memory from.
   * @default - the `modelSize` of the ModelCache or LocalModelCache the model is read from; otherwise unknown
   */
  readonly modelSize?: Size;
  /**
   * Security context of every pod and main container the construct defines.
   * @default ServingSecurity.restricted()
   */
  readonly security?: ServingSecurity;
  /**
   * An existing ServiceAccount for the pods. When the model source references a credentials
   * Secret, a ServiceAccount listing it is created instead.
   * @default - the namespace's default ServiceAccount, or the created one
   */
  readonly serviceAccountName?: string;
}
