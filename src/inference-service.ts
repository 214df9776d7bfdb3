import { ApiObject, ApiObjectProps, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { FixedReplicas } from './_fixed-replicas';
import { isWholeSeconds } from './_format';
import { transformerPlacement } from './_gpu-placement';
import { ResolvedProfile } from './_llm-profile';
import { checkObjectMetadata, isDns1035Label, isDnsSubdomain } from './_metadata-checks';
import { dnsLabelAt, LateProducer } from './_own-object';
import { checkArguments, checkPublicProps, instanceOf, struct } from './_public-types';
import {
  cacheWaitOf, checkAnnotationConflicts, checkCacheWait, checkGpuBudget, checkNoPlainCredential, checkProbes, checkServingApiTarget,
  credentialsWarning, INFERENCE_SERVICE_PROPS_TYPES, validateContainer, validateEnv, validateGpu, validateResources,
} from './_service-checks';
import { ColdStartFacts, estimatedColdStart, explainColdStart, usableModelSize } from './_service-explain';
import { problemsInApp } from './_service-in-app';
import { MAX_SAFE_SECONDS } from './_unit-checks';
import { AutoscalerConfig, IServingAutoscaler, ServingComponent } from './autoscaler';
import { GpuProvider } from './gpu';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { ExplainOptions, GpuBudget, InferenceServiceProps } from './inference-service-props';
import { KnativeFeatureFlags } from './knative-feature-flags';
import { ModelFormat } from './model-format';
import { ModelReader } from './model-source';
import { DeploymentMode, KfservingVersion, KServeVersion, ServingApi } from './serving-api';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';
import { RequestTrace } from './simulator/request-trace';
import { Workload } from './targets/_workload';
import { targetFor } from './targets/registry';
import { ServingTarget } from './targets/serving-target';

/** Immutable, so one instance serves every service that keeps the default. */
const DEFAULT_SECURITY = ServingSecurity.restricted();
/** A value: one serves every service that keeps the default. */
const DEFAULT_AUTOSCALING = new GpuAutoscalingPolicy();

/**
 * A model server on GPUs, written for the serving API the cluster runs: KServe
 * `serving.kserve.io/v1beta1` (the default), legacy KFServing `serving.kubeflow.org/v1beta1`
 * and `v1alpha2`, or a plain Knative Service.
 *
 * The props are resolved once into an API-neutral workload; the target of the chosen API checks
 * what that API accepts and renders it (src/targets/, docs/architecture.md). Everything is
 * validated when the construct is created: the settings an API silently drops are refused
 * rather than emitted.
 */
export class InferenceService extends ApiObject {
  /** The serving API emitted. */
  public readonly api: ServingApi;
  /** The KServe deployment mode (Knative for the KFServing and Knative Service APIs). */
  public readonly deploymentMode: DeploymentMode;
  /** The KServe release targeted. */
  public readonly kserveVersion: KServeVersion;
  /** The autoscaler in effect. */
  public readonly autoscaling: IServingAutoscaler;
  /** The serving profile in effect. */
  public readonly servingProfile: ServingProfile;
  /** The security context applied to the containers. */
  public readonly security: ServingSecurity;
  /** GPUs per pod (0 without a GPU). */
  public readonly gpuCount: number;
  /** GPUs per transformer replica (0 without a transformer GPU). */
  public readonly transformerGpuCount: number;
  /** Pods of one replica: 1, or the head and workers of a multi-node predictor. */
  public readonly podsPerReplica: number;
  /**
   * Knative `config-features` flags the cluster must enable for this service's pods
   * (node affinity, tolerations, PVC volumes in a Knative revision). Empty for Standard mode.
   */
  public readonly requiredKnativeFeatures: string[];
  /**
   * ServiceAccount the pods run as.
   * @default - the namespace's default ServiceAccount
   */
  public readonly serviceAccountName?: string;
  /**
   * The `storageUri` the model is read from.
   * @default - no model source
   */
  public readonly storageUri?: string;
  /** The most replicas the autoscaler allows; 0 means unlimited. */
  public readonly maxReplicas: number;
  /** The most transformer replicas its own autoscaler allows; 0 means unlimited (or no transformer autoscaler). */
  public readonly transformerMaxReplicas: number;
  /**
   * The service's monthly GPU budget.
   * @default - no budget
   */
  public readonly gpuBudget?: GpuBudget;

  private readonly warningMessages: string[];
  private readonly coldStartFacts: ColdStartFacts;
  /** The namespace the object lands in: its own, or the chart's. */
  private readonly objectNamespace?: string;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    // The construct is its object (one construct per service: _own-object.ts), so the object's
    // name and type are settled before anything else. Wrong types are reported after super().
    const spec = new LateProducer();
    super(scope, id, { ...objectHeader(scope, id, props), spec: Lazy.any(spec) });
    try {
      this.warningMessages = [];
      checkPublicProps('InferenceService', this, props, INFERENCE_SERVICE_PROPS_TYPES);
      const api = props.api ?? ServingApi.KSERVE_V1BETA1;
      const target = targetFor(api);
      checkServingApiTarget(this, api, target);
      this.api = api;
      this.deploymentMode = props.deploymentMode ?? DeploymentMode.KNATIVE;
      this.kserveVersion = props.kserveVersion ?? KServeVersion.V0_20;
      this.security = props.security ?? DEFAULT_SECURITY;
      this.gpuCount = props.gpu ? props.gpu.count ?? 1 : 0;
      this.servingProfile = props.servingProfile
        ?? (props.modelFormat === ModelFormat.HUGGINGFACE && !props.container ? ServingProfile.llm() : ServingProfile.none());
      const profile = this.resolveProfile(props);
      const transformerGpu = props.transformer?.gpu;
      this.transformerGpuCount = transformerGpu ? transformerGpu.count ?? 1 : 0;
      this.podsPerReplica = props.multiNode?.pipelineParallelSize ?? 1;
      // A multi-node predictor has no autoscaler (KServe); the target refuses one given with it.
      this.autoscaling = props.autoscaling
        ?? (props.multiNode ? new FixedReplicas(props.multiNode.replicas ?? 1) : profile?.autoscaling ?? DEFAULT_AUTOSCALING);
      const namespace = props.metadata?.namespace;
      this.objectNamespace = namespace ?? Chart.of(this).namespace;
      this.storageUri = props.model?.uri;

      const workload = this.resolve(target, props, namespace, profile);
      this.maxReplicas = workload.autoscaling.replicaLimit;
      this.transformerMaxReplicas = workload.transformerAutoscaling?.replicaLimit ?? 0;
      this.gpuBudget = props.gpuBudget;
      const problems = new Problems();
      this.checkProps(target, workload, props, problems);
      const ownAnnotations = target.objectAnnotations(workload);
      if (problems.isEmpty) checkAnnotationConflicts({ ...props.metadata?.annotations }, ownAnnotations, problems);
      problems.throwIfAny(this, api.isInferenceService ? 'InferenceService' : 'Knative Service');
      for (const [key, value] of Object.entries(ownAnnotations)) this.metadata.addAnnotation(key, value);
      // After the checks: a probe's budget converts its durations.
      this.coldStartFacts = {
        model: props.model,
        modelSize: props.modelSize,
        timeout: props.timeout,
        startupProbeBudget: workload.probes.startup?.budget,
        knative: target.runsOnKnative(workload),
        canary: props.canary,
      };

      this.requiredKnativeFeatures = target.knativeFeatures(workload);
      const cacheWarning = target.cacheWaitWarning(workload);
      if (cacheWarning) this.warningMessages.push(cacheWarning);
      const binding = props.model?.bind(this, { reader: ModelReader.STORAGE_INITIALIZER, name: this.name, namespace });
      // The ServiceAccount is this object's child; the dependency keeps it first in the YAML, as
      // it must exist before KServe creates the pods that run as it.
      if (binding?.serviceAccount) this.addDependency(binding.serviceAccount);
      this.serviceAccountName = props.serviceAccountName ?? binding?.serviceAccountName;
      const bindings = { serviceAccountName: this.serviceAccountName };
      spec.set(() => target.renderSpec(workload, bindings));

      this.warningMessages.push(...workload.autoscaling.warnings ?? []);
      this.warningMessages.push(...(workload.transformerAutoscaling?.warnings ?? []).map((w) => `transformer.autoscaling: ${w}`));
      const prefix = target.credentialsAnnotationPrefix();
      if (binding?.credentialsAnnotations && prefix) {
        this.warningMessages.push(credentialsWarning(prefix, binding.credentialsSecretName, binding.credentialsAnnotations));
      }
      const featuresWarning = this.requiredKnativeFeatures.length > 0 ? knativeFeaturesWarning(this.requiredKnativeFeatures) : undefined;
      if (featuresWarning) this.warningMessages.push(featuresWarning);
      for (const warning of this.warningMessages) this.node.addMetadata('warning', warning);
      registerInApp(this, {
        reserved: () => ({ namespace: namespace ?? Chart.of(this).namespace, objects: target.reservedObjects(workload) }),
        // With a KnativeFeatureFlags in the app, the feature check below settles the features warning.
        warnings: () => (featuresWarning && KnativeFeatureFlags._inApp(this).length > 0
          ? this.warningMessages.filter((warning) => warning !== featuresWarning) : this.warningMessages),
      });
      // cdk8s validates the whole app once for every chart it writes. What these checks read is fixed
      // once the app is built, so they run once.
      let crossConstructProblems: string[] | undefined;
      const inApp = {
        scope: this,
        target,
        workload,
        requiredKnativeFeatures: this.requiredKnativeFeatures,
        gpuCount: this.gpuCount,
        podsPerReplica: this.podsPerReplica,
        userAnnotations: props.metadata?.annotations ?? {},
      };
      this.node.addValidation({ validate: () => (crossConstructProblems ??= problemsInApp(inApp)) });
    } catch (error) {
      // A refused service leaves nothing in the app, as a construct that never existed.
      scope.node.tryRemoveChild(id);
      throw error;
    }
  }

  /**
   * Settings that are valid but need something outside this chart; also in the construct's
   * metadata, and printed at synth (`SynthWarnings`).
   */
  public get warnings(): string[] {
    return [...this.warningMessages];
  }

  /**
   * How the service scales and what a cold start costs: the autoscaler's own account (for a
   * `GpuAutoscalingPolicy`), the cold start estimated from the model's size and store, and the
   * settings that cold start makes unsafe.
   */
  public explain(options: ExplainOptions = {}): string {
    checkArguments('InferenceService', [['options', options, struct<ExplainOptions>({ trace: instanceOf(RequestTrace) })]]);
    return explainColdStart(this, this.autoscaling, this.coldStartFacts, options);
  }

  /**
   * The object this construct writes, for escape hatches: the construct itself, since it is its
   * `ApiObject` (`service.addJsonPatch(...)` works too).
   */
  public get apiObject(): ApiObject {
    return this;
  }

  /** The profile's settings, from the model's size and the cold start it implies. */
  private resolveProfile(props: InferenceServiceProps): ResolvedProfile | undefined {
    // Invalid options are reported with the other problems; nothing is derived from them.
    const problems = new Problems();
    this.servingProfile._check(problems);
    const modelSize = usableModelSize(props);
    const gpuCountValid = props.gpu === undefined || (Number.isInteger(this.gpuCount) && this.gpuCount >= 1 && this.gpuCount <= 16);
    if (!problems.isEmpty || !gpuCountValid) return undefined;
    const cold = modelSize && props.model ? estimatedColdStart(props.model, modelSize) : undefined;
    return this.servingProfile._resolve({
      gpuCount: this.gpuCount,
      modelSize,
      estimatedColdStart: cold,
      args: props.args,
      resources: props.resources,
      autoscalingGiven: props.autoscaling !== undefined,
    });
  }

  private resolve(
    target: ServingTarget, props: InferenceServiceProps, namespace: string | undefined, profile: ResolvedProfile | undefined,
  ): Workload {
    const gpu = props.gpu;
    const gpuTypes = gpu?.types ?? [];
    const provider = gpu?.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY;
    const regions = gpu?.regions ?? [];
    const transformerGpu = props.transformer?.gpu;
    return {
      api: this.api,
      deploymentMode: this.api === ServingApi.KSERVE_V1BETA1 ? this.deploymentMode : DeploymentMode.KNATIVE,
      kserveVersion: this.kserveVersion,
      deploymentModeGiven: props.deploymentMode !== undefined,
      kserveVersionGiven: props.kserveVersion !== undefined,
      kfservingVersion: props.kfservingVersion ?? KfservingVersion.V0_6,
      kfservingVersionGiven: props.kfservingVersion !== undefined,
      name: this.name,
      namespace,
      modelFormat: props.modelFormat,
      runtime: props.runtime,
      runtimeVersion: props.runtimeVersion,
      protocolVersion: props.protocolVersion,
      container: props.container,
      args: props.args,
      env: props.env ?? {},
      secretEnv: props.secretEnv ?? {},
      resources: profile?.resources ?? props.resources,
      gpu: gpu && {
        count: this.gpuCount,
        types: gpuTypes,
        nodeSelection: gpu.nodeSelection ?? target.defaultNodeSelection(gpuTypes, provider, regions, this.deploymentMode),
        nodeSelectionGiven: gpu.nodeSelection !== undefined,
        provider,
        regions,
        tolerations: gpu.tolerations ?? [],
      },
      security: this.security,
      model: props.model,
      serviceAccountName: props.serviceAccountName,
      timeout: props.timeout,
      canary: props.canary,
      transformer: props.transformer,
      transformerGpu: transformerGpu && transformerPlacement(transformerGpu, this.transformerGpuCount),
      multiNode: props.multiNode,
      autoscaling: this.bindAutoscaler(this.autoscaling, ServingComponent.PREDICTOR, namespace),
      transformerAutoscaling: props.transformer?.autoscaling
        && this.bindAutoscaler(props.transformer.autoscaling, ServingComponent.TRANSFORMER, namespace),
      probes: { ...props.probes, startup: props.probes?.startup ?? profile?.startupProbe },
      sharedMemory: profile?.sharedMemory,
      cacheWait: cacheWaitOf(props),
    };
  }

  private bindAutoscaler(autoscaler: IServingAutoscaler, component: ServingComponent, namespace: string | undefined): AutoscalerConfig {
    const kserve = this.api === ServingApi.KSERVE_V1BETA1;
    return autoscaler.bind({
      api: this.api,
      deploymentMode: kserve ? this.deploymentMode : undefined,
      kserveVersion: kserve ? this.kserveVersion : undefined,
      component,
      serviceName: this.name,
      namespace: namespace ?? Chart.of(this).namespace,
    });
  }

  /** The rules every API shares, in the order a user reads the props; the target adds its own. */
  private checkProps(target: ServingTarget, workload: Workload, props: InferenceServiceProps, problems: Problems): void {
    target.checkApiOptions(workload, problems);
    this.validateName(target, workload, problems);
    checkObjectMetadata(problems, props.metadata ?? {});
    target.checkUserAnnotations(workload, props.metadata?.annotations ?? {}, problems);
    checkNoPlainCredential(problems, 'args', workload.args ?? [], 'secretEnv (an argument can read it as $(NAME))');
    if (workload.container) {
      validateContainer(problems, 'container', workload.container);
      target.checkContainerName(problems, 'container.name', workload.container.name);
    }
    target.checkServer(workload, problems);
    this.servingProfile._check(problems);
    checkProbes(workload, problems);
    target.checkPodExtras(workload, problems);
    this.validateModelSource(target, workload, problems);
    if (workload.gpu) {
      validateGpu(workload.gpu, 'gpu', props.gpu?.types !== undefined, problems);
      target.checkGpu(workload, problems);
    }
    if (workload.canary) {
      const percent = workload.canary.trafficPercent;
      if (!(Number.isInteger(percent) && percent >= 0 && percent <= 100)) problems.add('canary.trafficPercent', percent, 'must be a whole percent from 0 to 100');
      target.checkCanary(workload, problems);
    }
    if (workload.timeout !== undefined) {
      if (!isWholeSeconds(workload.timeout) || workload.timeout.toMilliseconds() < 1000 || workload.timeout.toSeconds() > MAX_SAFE_SECONDS) {
        problems.add('timeout', workload.timeout, `must be a whole number of seconds, from 1s to ${MAX_SAFE_SECONDS}s (an int64 of seconds)`, 'Use Duration.seconds(n)');
      } else {
        target.checkTimeout(workload, problems);
      }
    }
    if (workload.transformer) {
      validateContainer(problems, 'transformer.container', workload.transformer.container);
      target.checkContainerName(problems, 'transformer.container.name', workload.transformer.container.name);
      if (workload.transformerGpu) validateGpu(workload.transformerGpu, 'transformer.gpu', workload.transformer.gpu?.types !== undefined, problems);
      target.checkTransformer(workload, problems);
    }
    checkCacheWait(props.modelCacheWait, problems);
    if (workload.multiNode) target.checkMultiNode(workload, problems);
    if (props.serviceAccountName !== undefined && !isDnsSubdomain(props.serviceAccountName)) {
      problems.add('serviceAccountName', props.serviceAccountName, 'must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    validateEnv(target, workload, problems);
    target.checkKnativeContract(workload, problems);
    validateResources(problems, 'resources', props.resources);
    if (workload.transformer) validateResources(problems, 'transformer.resources', workload.transformer.resources);
    if (workload.multiNode) validateResources(problems, 'multiNode.workerResources', workload.multiNode.workerResources);
    problems.addAll(workload.autoscaling.problems ?? []);
    problems.addAll((workload.transformerAutoscaling?.problems ?? []).map(transformerProblem));
    target.checkAutoscaling(workload, problems);
    if (props.gpuBudget) checkGpuBudget(this.node.path, props.gpuBudget, workload, problems);
  }

  private validateName(target: ServingTarget, workload: Workload, problems: Problems): void {
    const name = this.name;
    if (!isDns1035Label(name)) {
      problems.add('metadata.name', name, 'must start with a letter and hold only lowercase letters, digits and \'-\', ending with a letter or digit (KServe refuses dots)',
        'Rename the service');
      return;
    }
    const placed = { ...workload, namespace: this.objectNamespace };
    const budget = target.nameBudget(placed);
    if (name.length > budget) {
      problems.add('metadata.name', name, `is ${name.length} characters; at most ${budget} fit, because the child name "${target.longestChildName(placed)}" must stay within 63`,
        'Use a shorter name');
    }
  }

  private validateModelSource(target: ServingTarget, workload: Workload, problems: Problems): void {
    const source = workload.model;
    if (!source) return;
    if (!target.sourceKinds.includes(source.kind)) {
      problems.add('model', source.uri, `${this.api} reads only ${target.sourceKinds.map((k) => `${k}://`).join(', ')} model URIs`,
        this.api === ServingApi.KNATIVE_SERVICE ? 'Put the model on a PVC or a ModelCache, or pass the URI to your container in env' : 'Use ServingApi.KSERVE_V1BETA1, or another source');
    }
    target.checkSourceVersion(workload, problems);
    problems.addAll(source.readerProblems(ModelReader.STORAGE_INITIALIZER));
    if (source.credentialsSecretName && workload.serviceAccountName !== undefined) {
      problems.add('serviceAccountName', workload.serviceAccountName, 'source credentials are read through a ServiceAccount that the construct creates',
        'Remove serviceAccountName, or list the Secret in your own ServiceAccount and drop the credentials from the source');
    }
  }
}

/** An autoscaler's problem about its own prop (`'minReplicas' is 0: ...`), named as the transformer's (`'transformer.autoscaling.minReplicas'`). */
function transformerProblem(problem: string): string {
  return problem.startsWith('\'') ? `'transformer.autoscaling.${problem.slice(1)}` : `transformer.autoscaling.${problem}`;
}

/**
 * The object's apiVersion, kind and metadata, before the construct exists. A wrong-typed `api`
 * or `metadata` gets a stand-in here and the library's own error from the checks after super().
 */
function objectHeader(scope: Construct, id: string, props: InferenceServiceProps): ApiObjectProps {
  const target = targetFor(props?.api ?? ServingApi.KSERVE_V1BETA1);
  const metadata = typeof props?.metadata === 'object' && props.metadata !== null ? props.metadata : {};
  if (!target) return { apiVersion: 'v1', kind: 'Unknown', metadata: { name: 'refused' } };
  // A derived name fits the budget of its namespace; cdk8s needs 8 characters for the hash, and a
  // namespace that leaves fewer is reported by the name check.
  const deploymentMode = props.deploymentMode ?? DeploymentMode.KNATIVE;
  // The chart's namespace when the service sets none: KServe Standard mode's host label holds it.
  const namespace = metadata.namespace ?? Chart.of(scope).namespace;
  const budget = target.nameBudget({ deploymentMode, namespace, transformer: props.transformer });
  const name = metadata.name ?? dnsLabelAt(scope, id, { maxLen: Math.max(8, Number.isFinite(budget) ? budget : 63) });
  return { apiVersion: target.api.apiVersion, kind: target.api.kind, metadata: { ...metadata, name } };
}

function knativeFeaturesWarning(features: string[]): string {
  return `the cluster must enable the Knative features ${features.join(', ')} in config-features, `
    + 'or Knative rejects the revision: a KnativeFeatureFlags in the same app is checked at synth';
}
