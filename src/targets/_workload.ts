/**
 * The model server an `InferenceService` describes, resolved once from its props with every
 * default applied and independent of the serving API. Internal: each target (serving-target.ts)
 * checks what its API accepts against it and renders it into its own object.
 */
import { Duration, Size } from 'cdk8s';
import { GpuPlacement } from '../_gpu-placement';
import { AutoscalerConfig } from '../autoscaler';
import { InferenceServiceProps, SecretEnvSource } from '../inference-service-props';
import { ModelCacheCompletionMarker } from '../model-cache-contract';
import { ModelSource } from '../model-source';
import { DeploymentMode, KfservingVersion, KServeVersion, ServingApi } from '../serving-api';
import { ServingProbes } from '../serving-probe';
import { ServingSecurity } from '../serving-security';

/** A wait for a ModelCache's completion marker before the server starts. */
export interface CacheWait {
  readonly marker: ModelCacheCompletionMarker;
  readonly timeout: Duration;
  /** Whether the user asked for the wait (`modelCacheWait.enabled: true`). */
  readonly requested: boolean;
}

/** The props that pass through unchanged. */
type PassedThrough = Pick<InferenceServiceProps, 'modelFormat' | 'runtime' | 'runtimeVersion' | 'protocolVersion' | 'container' | 'args' | 'resources'
| 'timeout' | 'canary' | 'transformer' | 'multiNode'>;

export interface Workload extends PassedThrough {
  readonly api: ServingApi;
  /** KNATIVE for the APIs that always run on Knative. */
  readonly deploymentMode: DeploymentMode;
  readonly kserveVersion: KServeVersion;
  /** The deploymentMode the user chose (only the KServe API has a choice); undefined when left out. */
  readonly givenDeploymentMode?: DeploymentMode;
  readonly kserveVersionGiven: boolean;
  readonly kfservingVersion: KfservingVersion;
  readonly kfservingVersionGiven: boolean;
  readonly name: string;
  readonly namespace?: string;
  readonly env: { [name: string]: string };
  readonly secretEnv: { [name: string]: SecretEnvSource };
  readonly gpu?: GpuPlacement;
  readonly security: ServingSecurity;
  readonly model?: ModelSource;
  /** The user's; a ServiceAccount the model source creates is a binding (`Bindings`). */
  readonly serviceAccountName?: string;
  readonly autoscaling: AutoscalerConfig;
  /**
   * Whether `autoscaling` came from an autoscaler of the user's own, whose settings the target
   * range-checks (the library's own check theirs when built).
   */
  readonly customAutoscaling: boolean;
  /** The user's probes, with the serving profile's startup probe when the user gave none. */
  readonly probes: ServingProbes;
  /** A memory-backed /dev/shm (the LLM profile with tensor parallelism). */
  readonly sharedMemory?: Size;
  /** The wait for a ModelCache, when the model is read from one with a loader and the wait is on. */
  readonly cacheWait?: CacheWait;
  /** The transformer's GPUs, placed on its own pods. */
  readonly transformerGpu?: GpuPlacement;
  /** The transformer's own autoscaler, bound for the transformer; undefined without one. */
  readonly transformerAutoscaling?: AutoscalerConfig;
  /** Whether `transformerAutoscaling` came from an autoscaler of the user's own. */
  readonly customTransformerAutoscaling: boolean;
}

/** What rendering needs beyond the workload: what was bound once the checks passed. */
export interface Bindings {
  /** The pods' ServiceAccount: the user's, or the one the model source created. */
  readonly serviceAccountName?: string;
}

/** What a service's name budget depends on: where its objects land and which names its controllers derive. */
export type NamePlacement = Pick<Workload, 'deploymentMode' | 'namespace' | 'transformer' | 'kserveVersion'>;
