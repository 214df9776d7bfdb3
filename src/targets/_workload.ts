/**
 * The model server an `InferenceService` describes, resolved once from its props with every
 * default applied and independent of the serving API. Internal: each target (serving-target.ts)
 * checks what its API accepts against it and renders it into its own object.
 */
import { GpuPlacement } from '../_gpu-placement';
import { AutoscalerConfig } from '../autoscaler';
import { InferenceServiceProps, SecretEnvSource } from '../inference-service-props';
import { ModelSource } from '../model-source';
import { DeploymentMode, KServeVersion, ServingApi } from '../serving-api';
import { ServingSecurity } from '../serving-security';

/** The props that pass through unchanged. */
type PassedThrough = Pick<InferenceServiceProps, 'modelFormat' | 'runtime' | 'runtimeVersion' | 'protocolVersion' | 'container' | 'args' | 'resources'
| 'timeout' | 'canary' | 'transformer' | 'multiNode'>;

export interface Workload extends PassedThrough {
  readonly api: ServingApi;
  /** KNATIVE for the APIs that always run on Knative. */
  readonly deploymentMode: DeploymentMode;
  readonly kserveVersion: KServeVersion;
  /** Whether deploymentMode was chosen by the user (only the KServe API has a choice). */
  readonly deploymentModeGiven: boolean;
  readonly kserveVersionGiven: boolean;
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
}

/** What rendering needs beyond the workload: what was bound once the checks passed. */
export interface Bindings {
  /** The pods' ServiceAccount: the user's, or the one the model source created. */
  readonly serviceAccountName?: string;
}
