/**
 * The model server an `InferenceService` describes, resolved once from its props with every
 * default applied and independent of the serving API. Internal: each target (serving-target.ts)
 * checks what its API accepts against it and renders it into its own object.
 */
import { Duration } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { AutoscalerConfig } from '../autoscaler';
import { GpuProvider, GpuType } from '../gpu';
import { CanaryOptions, ServingContainer, TransformerOptions } from '../inference-service-props';
import { ModelFormat, ProtocolVersion } from '../model-format';
import { ModelSource } from '../model-source';
import { NodeToleration } from '../scheduling';
import { DeploymentMode, KServeVersion, ServingApi } from '../serving-api';
import { ServingSecurity } from '../serving-security';

/** GPUs of one replica and where they are. */
export interface GpuPlacement {
  readonly count: number;
  readonly types: GpuType[];
  readonly provider: GpuProvider;
  readonly regions: string[];
  readonly tolerations: NodeToleration[];
}

export interface Workload {
  readonly api: ServingApi;
  /** KNATIVE for the APIs that always run on Knative. */
  readonly deploymentMode: DeploymentMode;
  readonly kserveVersion: KServeVersion;
  /** Whether deploymentMode was chosen by the user (only the KServe API has a choice). */
  readonly deploymentModeGiven: boolean;
  readonly kserveVersionGiven: boolean;
  readonly name: string;
  readonly namespace?: string;
  /** A runtime by format, or a custom container (its args already defaulted from `args`). */
  readonly modelFormat?: ModelFormat;
  readonly runtime?: string;
  readonly runtimeVersion?: string;
  readonly protocolVersion?: ProtocolVersion;
  readonly container?: ServingContainer;
  readonly args?: string[];
  readonly env: { [name: string]: string };
  readonly secretEnv: { [name: string]: { readonly secretName: string; readonly key: string } };
  readonly resources?: ContainerResources;
  readonly gpu?: GpuPlacement;
  readonly security: ServingSecurity;
  readonly model?: ModelSource;
  /** Set by the user; a created storage ServiceAccount is added at binding. */
  readonly serviceAccountName?: string;
  readonly timeout?: Duration;
  readonly canary?: CanaryOptions;
  readonly transformer?: TransformerOptions;
  readonly autoscaling: AutoscalerConfig;
}

/** What rendering needs beyond the workload: what was bound once the checks passed. */
export interface Bindings {
  /** The pods' ServiceAccount: the user's, or the one the model source created. */
  readonly serviceAccountName?: string;
}
