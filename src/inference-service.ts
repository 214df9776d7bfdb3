import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { FixedReplicas } from './_fixed-replicas';
import { bindModelSource } from './_model-source-binding';
import { LateProducer, plainObjectJson } from './_own-object';
import { checkArguments, checkPublicProps, instanceOf, struct } from './_public-types';
import { ResolvedService } from './_resolved-service';
import { checkAnnotationConflicts, checkServingApiTarget, credentialsWarning, INFERENCE_SERVICE_PROPS_TYPES } from './_service-checks';
import { ColdStartFacts, explainColdStart } from './_service-explain';
import { checkServiceProps } from './_service-props-checks';
import { DEFAULT_KSERVE_VERSION, objectHeader, resolveProfile, resolveWorkload, ServiceSettings } from './_service-workload';
import { IServingAutoscaler } from './autoscaler';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { ExplainOptions, GpuBudget, InferenceServiceProps } from './inference-service-props';
import { ModelFormat } from './model-format';
import { ModelReader } from './model-source';
import { DeploymentMode, KServeVersion, ServingApi } from './serving-api';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';
import { RequestTrace } from './simulator/request-trace';
import { targetFor } from './targets/registry';

/** Immutable, so one instance serves every service that keeps the default. */
const DEFAULT_SECURITY = ServingSecurity.restricted();
/** A value: one serves every service that keeps the default. */
const DEFAULT_AUTOSCALING = new GpuAutoscalingPolicy();
/** Immutable, so one instance of each serves every service that keeps its default. */
const LLM_PROFILE = ServingProfile.llm();
const NO_PROFILE = ServingProfile.none();

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
  private readonly spec: LateProducer;
  private jsonPatched = false;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    // The construct is its object (one construct per service: _own-object.ts), so the object's
    // name and type are settled before anything else. Wrong types are reported after super().
    const spec = new LateProducer();
    const header = objectHeader(scope, id, props);
    // Written out rather than spread: V8 gave every object spread into a literal here a map
    // (hidden class) of its own, 300 bytes more per service (heap snapshots of 2,000 services), and
    // a new shape for every reader of the object.
    super(scope, id, { apiVersion: header.apiVersion, kind: header.kind, metadata: header.metadata, spec: Lazy.any(spec) });
    this.spec = spec;
    try {
      this.warningMessages = [];
      props = checkPublicProps('InferenceService', this, props, INFERENCE_SERVICE_PROPS_TYPES);
      const api = props.api ?? ServingApi.KSERVE_V1BETA1;
      const target = targetFor(api);
      checkServingApiTarget(this, api, target);
      this.api = api;
      this.deploymentMode = props.deploymentMode ?? DeploymentMode.KNATIVE;
      this.kserveVersion = props.kserveVersion ?? DEFAULT_KSERVE_VERSION;
      this.security = props.security ?? DEFAULT_SECURITY;
      this.gpuCount = props.gpu ? props.gpu.count ?? 1 : 0;
      this.servingProfile = props.servingProfile
        ?? (props.modelFormat === ModelFormat.HUGGINGFACE && !props.container ? LLM_PROFILE : NO_PROFILE);
      const profile = resolveProfile(this, props);
      const transformerGpu = props.transformer?.gpu;
      this.transformerGpuCount = transformerGpu ? transformerGpu.count ?? 1 : 0;
      this.podsPerReplica = props.multiNode?.pipelineParallelSize ?? 1;
      // A multi-node predictor has no autoscaler (KServe); the target refuses one given with it.
      this.autoscaling = props.autoscaling
        ?? (props.multiNode ? new FixedReplicas(props.multiNode.replicas ?? 1) : profile?.autoscaling ?? DEFAULT_AUTOSCALING);
      const namespace = props.metadata?.namespace;
      this.storageUri = props.model?.uri;

      const settings: ServiceSettings = {
        construct: this,
        api,
        deploymentMode: this.deploymentMode,
        kserveVersion: this.kserveVersion,
        security: this.security,
        servingProfile: this.servingProfile,
        autoscaling: this.autoscaling,
        gpuCount: this.gpuCount,
        transformerGpuCount: this.transformerGpuCount,
        name: this.name,
        objectNamespace: namespace ?? Chart.of(this).namespace,
      };
      const workload = resolveWorkload(settings, target, props, namespace, profile);
      this.maxReplicas = workload.autoscaling.replicaLimit;
      this.transformerMaxReplicas = workload.transformerAutoscaling?.replicaLimit ?? 0;
      this.gpuBudget = props.gpuBudget;
      const problems = new Problems();
      checkServiceProps(settings, this.node.path, target, workload, props, problems);
      const ownAnnotations = target.objectAnnotations(workload);
      if (problems.isEmpty) checkAnnotationConflicts(props.metadata?.annotations ?? {}, ownAnnotations, problems);
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
      const binding = props.model && bindModelSource(this, api.isInferenceService ? 'InferenceService' : 'Knative Service', 'model', props.model,
        { reader: ModelReader.STORAGE_INITIALIZER, name: this.name, namespace });
      // The ServiceAccount is this object's child; the dependency keeps it first in the YAML, as
      // it must exist before KServe creates the pods that run as it.
      if (binding?.serviceAccount) this.addDependency(binding.serviceAccount);
      this.serviceAccountName = props.serviceAccountName ?? binding?.serviceAccountName;
      const bindings = { serviceAccountName: this.serviceAccountName };

      this.warningMessages.push(...workload.autoscaling.warnings ?? []);
      this.warningMessages.push(...(workload.transformerAutoscaling?.warnings ?? []).map((w) => `transformer.autoscaling: ${w}`));
      const prefix = target.credentialsAnnotationPrefix();
      if (binding?.credentialsAnnotations && prefix) {
        this.warningMessages.push(credentialsWarning(prefix, binding.credentialsSecretName, binding.credentialsAnnotations));
      }
      const featuresWarning = this.requiredKnativeFeatures.length > 0 ? knativeFeaturesWarning(this.requiredKnativeFeatures) : undefined;
      if (featuresWarning) this.warningMessages.push(featuresWarning);
      for (const warning of this.warningMessages) this.node.addMetadata('warning', warning);
      const resolved = new ResolvedService({
        scope: this,
        target,
        workload,
        bindings,
        requiredKnativeFeatures: this.requiredKnativeFeatures,
        gpuCount: this.gpuCount,
        podsPerReplica: this.podsPerReplica,
        userAnnotations: props.metadata?.annotations,
        namespace: settings.objectNamespace,
        warningMessages: this.warningMessages,
        featuresWarning,
      });
      spec.set(resolved);
      registerInApp(this, resolved);
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

  /**
   * Applies a set of RFC-6902 JSON-Patch operations to the manifest synthesized for this object.
   *
   * @example
   *   service.addJsonPatch(JsonPatch.add('/spec/predictor/priorityClassName', 'inference'));
   * @param ops The JSON-Patch operations to apply.
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * Renders the object to Kubernetes JSON, as any `ApiObject` does: keys sorted, unless the
   * `CDK8S_DISABLE_SORT` environment variable is set to a non-empty value.
   */
  public toJson(): any {
    return plainObjectJson(this, this.spec, this.jsonPatched, () => super.toJson());
  }
}

function knativeFeaturesWarning(features: string[]): string {
  return `the cluster must enable the Knative features ${features.join(', ')} in config-features, `
    + 'or Knative rejects the revision: a KnativeFeatureFlags in the same app is checked at synth';
}
