/**
 * How an `InferenceService` resolves its props, once, into the API-neutral `Workload` its target
 * checks and renders (targets/_workload.ts). Internal.
 */
import { ApiObjectProps, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from './_errors';
import { FixedReplicas } from './_fixed-replicas';
import { transformerPlacement } from './_gpu-placement';
import { ResolvedProfile } from './_llm-profile';
import { acceptedName, dnsLabelAt } from './_own-object';
import { AUTOSCALER_CONFIG_TYPES } from './_prop-types';
import { checkPublicProps } from './_public-types';
import { cacheWaitOf } from './_service-checks';
import { estimatedColdStart, usableModelSize } from './_service-explain';
import { AutoscalerConfig, IServingAutoscaler, ServingComponent } from './autoscaler';
import { GpuProvider } from './gpu';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { InferenceServiceProps } from './inference-service-props';
import { DeploymentMode, KfservingVersion, KServeVersion, ServingApi } from './serving-api';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';
import { StandardModeAutoscaler } from './standard-mode-autoscaler';
import { Workload } from './targets/_workload';
import { targetFor } from './targets/registry';
import { ServingTarget } from './targets/serving-target';

/** Shared by every service without variables of its own: the workload is read, never written. */
const NO_VARIABLES: Workload['env'] = Object.freeze({});
const NO_SECRET_VARIABLES: Workload['secretEnv'] = Object.freeze({});

/** `InferenceServiceProps.kserveVersion`'s default: the release whose CRDs the library is checked against. */
export const DEFAULT_KSERVE_VERSION = KServeVersion.V0_20;

/** What the service settled before resolving the rest: its API, its defaults and its name. */
export interface ServiceSettings {
  /** The service, for the messages of what its autoscalers return. */
  readonly construct: Construct;
  readonly api: ServingApi;
  readonly deploymentMode: DeploymentMode;
  readonly kserveVersion: KServeVersion;
  readonly security: ServingSecurity;
  readonly servingProfile: ServingProfile;
  readonly autoscaling: IServingAutoscaler;
  readonly gpuCount: number;
  readonly transformerGpuCount: number;
  /** The object's name. */
  readonly name: string;
  /** The namespace the object lands in: its own, or the chart's. */
  readonly objectNamespace?: string;
}

/**
 * The object's apiVersion, kind and metadata, before the construct exists. A wrong-typed `api`
 * or `metadata` gets a stand-in here and the library's own error from the checks after super().
 */
export function objectHeader(scope: Construct, id: string, props: InferenceServiceProps): ApiObjectProps {
  const target = targetFor(props?.api ?? ServingApi.KSERVE_V1BETA1);
  const metadata = typeof props?.metadata === 'object' && props.metadata !== null ? props.metadata : {};
  if (!target) return { apiVersion: 'v1', kind: 'Unknown', metadata: { name: 'refused' } };
  // A derived name fits the budget of its namespace; cdk8s needs 8 characters for the hash, and a
  // namespace that leaves fewer is reported by the name check.
  // Only the KServe API has deployment modes: on another, a deploymentMode is refused, and names are budgeted as the workload runs.
  const deploymentMode = target.hasDeploymentModes ? props.deploymentMode ?? DeploymentMode.KNATIVE : DeploymentMode.KNATIVE;
  // The chart's namespace when the service sets none: KServe Standard mode's host label holds it.
  const namespace = metadata.namespace ?? Chart.of(scope).namespace;
  // A wrong-typed kserveVersion is reported by the checks after super().
  const kserveVersion = props.kserveVersion instanceof KServeVersion ? props.kserveVersion : DEFAULT_KSERVE_VERSION;
  const budget = target.nameBudget({ deploymentMode, namespace, transformer: props.transformer, kserveVersion });
  const name = metadata.name ?? acceptedName(dnsLabelAt(scope, id, { maxLen: Math.max(8, Number.isFinite(budget) ? budget : 63) }), true);
  return { apiVersion: target.api.apiVersion, kind: target.api.kind, metadata: { ...metadata, name } };
}

/**
 * The profile's settings, from the model's size and the cold start it implies; undefined when the
 * profile's options or the GPU count are invalid (reported with the other problems).
 */
export function resolveProfile(
  settings: Pick<ServiceSettings, 'servingProfile' | 'gpuCount'>, props: InferenceServiceProps,
): ResolvedProfile | undefined {
  const problems = new Problems();
  settings.servingProfile._check(problems);
  const modelSize = usableModelSize(props);
  const gpuCount = settings.gpuCount;
  const gpuCountValid = props.gpu === undefined || (Number.isInteger(gpuCount) && gpuCount >= 1 && gpuCount <= 16);
  if (!problems.isEmpty || !gpuCountValid) return undefined;
  const cold = modelSize && props.model ? estimatedColdStart(props.model, modelSize) : undefined;
  return settings.servingProfile._resolve({
    gpuCount,
    modelSize,
    estimatedColdStart: cold,
    args: props.args,
    resources: props.resources,
    autoscalingGiven: props.autoscaling !== undefined,
  });
}

/** The props with every default applied, for `target`. `namespace` is the one the props set. */
export function resolveWorkload(
  settings: ServiceSettings, target: ServingTarget, props: InferenceServiceProps, namespace: string | undefined,
  profile: ResolvedProfile | undefined,
): Workload {
  const { api, deploymentMode, kserveVersion } = settings;
  const gpu = props.gpu;
  const gpuTypes = gpu?.types ?? [];
  const provider = gpu?.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY;
  const regions = gpu?.regions ?? [];
  const transformerGpu = props.transformer?.gpu;
  const customAutoscaling = isCustomAutoscaler(settings.autoscaling);
  const transformerAutoscaler = props.transformer?.autoscaling;
  const customTransformerAutoscaling = transformerAutoscaler !== undefined && isCustomAutoscaler(transformerAutoscaler);
  return {
    api,
    deploymentMode: api === ServingApi.KSERVE_V1BETA1 ? deploymentMode : DeploymentMode.KNATIVE,
    kserveVersion,
    givenDeploymentMode: props.deploymentMode,
    kserveVersionGiven: props.kserveVersion !== undefined,
    kfservingVersion: props.kfservingVersion ?? KfservingVersion.V0_6,
    kfservingVersionGiven: props.kfservingVersion !== undefined,
    name: settings.name,
    namespace,
    modelFormat: props.modelFormat,
    runtime: props.runtime,
    runtimeVersion: props.runtimeVersion,
    protocolVersion: props.protocolVersion,
    container: props.container,
    args: props.args,
    env: props.env ?? NO_VARIABLES,
    secretEnv: props.secretEnv ?? NO_SECRET_VARIABLES,
    resources: profile?.resources ?? props.resources,
    gpu: gpu && {
      count: settings.gpuCount,
      types: gpuTypes,
      nodeSelection: gpu.nodeSelection ?? target.defaultNodeSelection(gpuTypes, provider, regions, deploymentMode),
      nodeSelectionGiven: gpu.nodeSelection !== undefined,
      provider,
      regions,
      tolerations: gpu.tolerations ?? [],
    },
    security: settings.security,
    model: props.model,
    serviceAccountName: props.serviceAccountName,
    timeout: props.timeout,
    canary: props.canary,
    transformer: props.transformer,
    transformerGpu: transformerGpu && transformerPlacement(transformerGpu, settings.transformerGpuCount),
    multiNode: props.multiNode,
    autoscaling: bindAutoscaler(settings, settings.autoscaling, ServingComponent.PREDICTOR, customAutoscaling),
    customAutoscaling,
    transformerAutoscaling: transformerAutoscaler
      && bindAutoscaler(settings, transformerAutoscaler, ServingComponent.TRANSFORMER, customTransformerAutoscaling),
    customTransformerAutoscaling,
    probes: { ...props.probes, startup: props.probes?.startup ?? profile?.startupProbe },
    sharedMemory: profile?.sharedMemory,
    cacheWait: cacheWaitOf(props),
  };
}

/**
 * The library's own autoscalers, whose settings are well typed as built: checking them again made
 * the benchmark's fleet 56 % more function calls per service while building (779 to 1,218).
 */
const LIBRARY_AUTOSCALERS: readonly Function[] = [GpuAutoscalingPolicy, StandardModeAutoscaler, FixedReplicas];

/** Whether an autoscaler is the user's own: what it returns is type-checked here, and range-checked by the target. */
function isCustomAutoscaler(autoscaler: IServingAutoscaler): boolean {
  return !LIBRARY_AUTOSCALERS.some((type) => autoscaler instanceof type);
}

/**
 * The autoscaler's settings for the component. An `IServingAutoscaler` may be the user's own, so
 * what one returns is type-checked as props are, and copied: a wrong type gets the library's error
 * naming the field (`autoscaling.minReplicas`, as the other checks of what it returns), not a TypeError in
 * a check that reads it.
 */
function bindAutoscaler(settings: ServiceSettings, autoscaler: IServingAutoscaler, component: ServingComponent, custom: boolean): AutoscalerConfig {
  const kserve = settings.api === ServingApi.KSERVE_V1BETA1;
  const config = autoscaler.bind({
    api: settings.api,
    deploymentMode: kserve ? settings.deploymentMode : undefined,
    kserveVersion: kserve ? settings.kserveVersion : undefined,
    component,
    serviceName: settings.name,
    namespace: settings.objectNamespace,
  });
  if (!custom) return config;
  const prop = component === ServingComponent.PREDICTOR ? 'autoscaling' : `${component}.autoscaling`;
  return checkPublicProps(settings.api.isInferenceService ? 'InferenceService' : 'Knative Service', settings.construct, config,
    AUTOSCALER_CONFIG_TYPES, prop);
}
