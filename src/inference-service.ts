import { ApiObject, Chart, Names, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { knativeAnnotationProblems, KNATIVE_KEYS } from './_knative-annotations';
import { checkObjectMetadata, isDns1035Label, isDnsSubdomain } from './_metadata-checks';
import { kibibytes } from './_model-cache-checks';
import { checkArguments, checkPublicProps, instanceOf, struct } from './_public-types';
import {
  checkAnnotationConflicts, checkGpuBudget, INFERENCE_SERVICE_PROPS_TYPES, validateContainer, validateEnv, validateGpu, validateResources,
} from './_service-checks';
import { ColdStartFacts, explainColdStart } from './_service-explain';
import { MAX_SAFE_SECONDS } from './_unit-checks';
import { AutoscalerConfig, IServingAutoscaler } from './autoscaler';
import { GpuProvider } from './gpu';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { ExplainOptions, GpuBudget, InferenceServiceProps } from './inference-service-props';
import { KnativeAutoscalerConfig } from './knative-autoscaler-config';
import { KnativeDefaultsConfig } from './knative-defaults-config';
import { KnativeFeatureFlags } from './knative-feature-flags';
import { ModelReader } from './model-source';
import { DeploymentMode, KServeVersion, ServingApi } from './serving-api';
import { ServingSecurity } from './serving-security';
import { RequestTrace } from './simulator/request-trace';
import { Workload } from './targets/_workload';
import { targetFor } from './targets/registry';
import { autoscalingAnnotations, ServingTarget } from './targets/serving-target';

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
export class InferenceService extends Construct {
  /** The serving API emitted. */
  public readonly api: ServingApi;
  /** The KServe deployment mode (Knative for the KFServing and Knative Service APIs). */
  public readonly deploymentMode: DeploymentMode;
  /** The KServe release targeted. */
  public readonly kserveVersion: KServeVersion;
  /** The object's name. */
  public readonly name: string;
  /** The autoscaler in effect. */
  public readonly autoscaling: IServingAutoscaler;
  /** The security context applied to the containers. */
  public readonly security: ServingSecurity;
  /** GPUs per replica (0 without a GPU). */
  public readonly gpuCount: number;
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
  /**
   * The service's monthly GPU budget.
   * @default - no budget
   */
  public readonly gpuBudget?: GpuBudget;

  private readonly warningMessages: string[] = [];
  private readonly coldStartFacts: ColdStartFacts;
  /** The namespace the object lands in: its own, or the chart's. */
  private readonly objectNamespace?: string;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    checkPublicProps('InferenceService', this, props, INFERENCE_SERVICE_PROPS_TYPES);
    const api = props.api ?? ServingApi.KSERVE_V1BETA1;
    const target = targetFor(api)!;
    this.api = api;
    this.deploymentMode = props.deploymentMode ?? DeploymentMode.KNATIVE;
    this.kserveVersion = props.kserveVersion ?? KServeVersion.V0_20;
    this.security = props.security ?? DEFAULT_SECURITY;
    this.gpuCount = props.gpu ? props.gpu.count ?? 1 : 0;
    this.autoscaling = props.autoscaling ?? DEFAULT_AUTOSCALING;
    const namespace = props.metadata?.namespace;
    const transformer = props.transformer;
    // A derived name fits the budget of its namespace (the chart's when the service sets none: KServe
    // Standard mode's host label holds it); cdk8s needs 8 characters for the hash, and a namespace that
    // leaves fewer is reported by the name check.
    this.objectNamespace = namespace ?? Chart.of(this).namespace;
    const budget = target.nameBudget({ deploymentMode: this.deploymentMode, namespace: this.objectNamespace, transformer });
    this.name = props.metadata?.name ?? Names.toDnsLabel(this, { maxLen: Math.max(8, budget) });
    this.storageUri = props.model?.uri;

    const workload = this.resolve(target, props, namespace);
    this.maxReplicas = workload.autoscaling.replicaLimit;
    this.gpuBudget = props.gpuBudget;
    this.coldStartFacts = {
      model: props.model, modelSize: props.modelSize, timeout: props.timeout, knative: target.runsOnKnative(workload), canary: props.canary,
    };
    const problems = new Problems();
    this.checkProps(target, workload, props, problems);
    const annotations = { ...props.metadata?.annotations };
    if (problems.isEmpty) checkAnnotationConflicts(annotations, target.objectAnnotations(workload), problems);
    problems.throwIfAny(this, api.isInferenceService ? 'InferenceService' : 'Knative Service');

    this.requiredKnativeFeatures = target.knativeFeatures(workload);
    const binding = props.model?.bind(this, { reader: ModelReader.STORAGE_INITIALIZER, name: this.name, namespace });
    this.serviceAccountName = props.serviceAccountName ?? binding?.serviceAccountName;
    target.render(this, workload, { serviceAccountName: this.serviceAccountName }, { ...props.metadata, name: this.name, annotations });

    this.warningMessages.push(...workload.autoscaling.warnings ?? []);
    const prefix = target.credentialsAnnotationPrefix();
    if (binding?.credentialsAnnotations && prefix) {
      this.warningMessages.push(credentialsWarning(prefix, binding.credentialsSecretName, binding.credentialsAnnotations));
    }
    if (this.requiredKnativeFeatures.length > 0) this.warningMessages.push(knativeFeaturesWarning(this.requiredKnativeFeatures));
    for (const warning of this.warningMessages) this.node.addMetadata('warning', warning);
    // cdk8s validates the whole app once for every chart it writes. What these checks read is fixed
    // once the app is built, so they run once.
    let crossConstructProblems: string[] | undefined;
    this.node.addValidation({
      validate: () => (crossConstructProblems ??= [
        ...this.validateCache(workload),
        ...this.validateKnativeFeatures(),
        ...this.validateKnativeConfig(target, workload, props.metadata?.annotations ?? {}),
      ]),
    });
  }

  /** Settings that are valid but need something outside this chart; also in the construct's metadata. */
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

  /** The object this construct writes, for escape hatches (`ApiObject.of(service)`). */
  public get apiObject(): ApiObject {
    return ApiObject.of(this);
  }

  private resolve(target: ServingTarget, props: InferenceServiceProps, namespace: string | undefined): Workload {
    const gpu = props.gpu;
    const gpuTypes = gpu?.types ?? [];
    const provider = gpu?.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY;
    const regions = gpu?.regions ?? [];
    return {
      api: this.api,
      deploymentMode: this.api === ServingApi.KSERVE_V1BETA1 ? this.deploymentMode : DeploymentMode.KNATIVE,
      kserveVersion: this.kserveVersion,
      deploymentModeGiven: props.deploymentMode !== undefined,
      kserveVersionGiven: props.kserveVersion !== undefined,
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
      resources: props.resources,
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
      autoscaling: this.bindAutoscaler(),
    };
  }

  private bindAutoscaler(): AutoscalerConfig {
    const mode = this.api === ServingApi.KSERVE_V1BETA1 ? this.deploymentMode : undefined;
    return this.autoscaling.bind({ api: this.api, deploymentMode: mode });
  }

  /** The rules every API shares, in the order a user reads the props; the target adds its own. */
  private checkProps(target: ServingTarget, workload: Workload, props: InferenceServiceProps, problems: Problems): void {
    target.checkApiOptions(workload, problems);
    this.validateName(target, workload, problems);
    checkObjectMetadata(problems, props.metadata ?? {});
    target.checkUserAnnotations(workload, props.metadata?.annotations ?? {}, problems);
    if (workload.container) validateContainer(problems, 'container', workload.container);
    target.checkServer(workload, problems);
    this.validateModelSource(target, workload, problems);
    if (workload.gpu) {
      validateGpu(workload, props.gpu?.types !== undefined, problems);
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
      target.checkTransformer(workload, problems);
    }
    if (props.serviceAccountName !== undefined && !isDnsSubdomain(props.serviceAccountName)) {
      problems.add('serviceAccountName', props.serviceAccountName, 'must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    validateEnv(target, workload, problems);
    target.checkKnativeContract(workload, problems);
    validateResources(problems, 'resources', props.resources);
    if (workload.transformer) validateResources(problems, 'transformer.resources', workload.transformer.resources);
    problems.addAll(workload.autoscaling.problems ?? []);
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

  /** Cross-construct: KnativeFeatureFlags in the same app must enable what the pods use. */
  private validateKnativeFeatures(): string[] {
    const flags = KnativeFeatureFlags._inApp(this);
    if (flags.length === 0) return [];
    return this.requiredKnativeFeatures
      .filter((feature) => !flags.some((f) => f.data[feature] === 'enabled'))
      .map((feature) => `the pods need the Knative feature '${feature}', which ${flags.map((f) => `KnativeFeatureFlags '${f.node.path}'`).join(' and ')} `
        + 'does not enable: Knative would reject the revision. Enable it there, or remove what needs it');
  }

  /**
   * Cross-construct: the revision must pass what a KnativeAutoscalerConfig or KnativeDefaultsConfig
   * in the same app sets, as Knative checks it when the revision is created: max-scale within
   * max-scale-limit and initial-scale 0 only when allowed (pkg/apis/autoscaling/annotation_validation.go),
   * containerConcurrency within container-concurrency-max-limit and 0 only when allowed, the timeout
   * within max-revision-timeout-seconds (pkg/apis/serving/k8s_validation.go, revision_validation.go).
   */
  private validateKnativeConfig(target: ServingTarget, workload: Workload, userAnnotations: Record<string, string>): string[] {
    if (!target.runsOnKnative(workload)) return [];
    const problems = new Problems();
    const scaling = workload.autoscaling;
    const revision = scaling.revisionAnnotations ?? {};
    const maxReplicas = scaling.replicaLimit;
    const initialScale = KNATIVE_KEYS.initialScale.map((key) => revision[key]).find((value) => value !== undefined);
    // A user's autoscaling annotations reach the revision on the InferenceService APIs (checkUserAnnotations refuses the others).
    const userAutoscaling = this.api.isInferenceService ? Object.fromEntries(autoscalingAnnotations(userAnnotations)) : {};
    for (const config of KnativeAutoscalerConfig._inApp(this)) {
      const where = `KnativeAutoscalerConfig '${config.node.path}'`;
      const limit = config._settings.maxScaleLimit ?? 0;
      if (limit > 0 && maxReplicas > limit) {
        problems.add('autoscaling.maxReplicas', maxReplicas, `${where} sets max-scale-limit ${limit}, and Knative rejects a revision whose max-scale is above it`,
          `Set maxReplicas from 1 to ${limit}, or raise maxScaleLimit`);
      }
      const allowZero = config._settings.allowZeroInitialScale ?? false;
      if (initialScale === '0' && !allowZero) {
        problems.add('autoscaling.initialScale', 0, `${where} does not set allow-zero-initial-scale, and Knative rejects an initial-scale of 0 without it`,
          'Set allowZeroInitialScale: true there, or use 1');
      }
      const withoutConfig = new Problems();
      knativeAnnotationProblems(withoutConfig, userAutoscaling);
      const withConfig = new Problems();
      knativeAnnotationProblems(withConfig, userAutoscaling, { maxScaleLimit: limit, allowZeroInitialScale: allowZero });
      const known = new Set(withoutConfig.toArray());
      problems.addAll(withConfig.toArray().filter((problem) => !known.has(problem)).map((problem) => `${problem} (${where})`));
    }
    for (const config of KnativeDefaultsConfig._inApp(this)) {
      const where = `KnativeDefaultsConfig '${config.node.path}'`;
      const concurrency = scaling.containerConcurrency;
      if (concurrency !== undefined && concurrency > config.containerConcurrencyMaxLimit) {
        problems.add('autoscaling.containerConcurrency', concurrency,
          `${where} sets container-concurrency-max-limit ${config.containerConcurrencyMaxLimit}, and Knative rejects a revision above it`,
          `Use ${config.containerConcurrencyMaxLimit} or less, or raise containerConcurrencyMaxLimit`);
      }
      if (concurrency === 0 && !config.allowContainerConcurrencyZero) {
        problems.add('autoscaling.containerConcurrency', 0, `${where} sets allow-container-concurrency-zero: false, and Knative rejects a revision with 0 (unlimited)`,
          'Set a limit such as 1, or allow zero there');
      }
      const timeout = workload.timeout;
      if (timeout && timeout.toSeconds() > config.maxRevisionTimeout.toSeconds()) {
        problems.add('timeout', timeout, `${where} allows at most ${config.maxRevisionTimeout.toSeconds()}s (max-revision-timeout-seconds), and Knative rejects a longer revision timeout`,
          'Shorten the timeout, or raise maxRevisionTimeout');
      }
    }
    return problems.toArray();
  }

  /** Cross-construct: the cache must fit this service (replicas, GPU memory, region). */
  private validateCache(workload: Workload): string[] {
    const cache = workload.model?.cache;
    if (!cache) return [];
    const gpu = workload.gpu;
    const smallest = gpu && gpu.types.length > 0 ? Math.min(...gpu.types.map((t) => kibibytes(t.memory))) : undefined;
    return cache.checkConsumer({
      path: this.node.path,
      namespace: workload.namespace ?? Chart.of(this).namespace,
      servingApi: this.api,
      deploymentMode: this.api === ServingApi.KSERVE_V1BETA1 ? this.deploymentMode : undefined,
      maxReplicas: workload.autoscaling.replicaLimit,
      gpuMemory: smallest !== undefined ? Size.kibibytes(smallest * this.gpuCount) : undefined,
      gpuRegions: gpu?.regions.length ? gpu.regions : undefined,
    });
  }
}

function credentialsWarning(prefix: string, secretName: string | undefined, settings: { [key: string]: string }): string {
  const list = Object.entries(settings).map(([key, value]) => `${prefix}/${key}: "${value}"`).join(', ');
  const holder = secretName ? `the Secret '${secretName}'` : 'the cluster\'s inferenceservice-config (credentials.s3)';
  return '\'model\' reads S3 through settings KServe takes from annotations on the credentials Secret, which this chart does not own: '
    + `make ${holder} carry ${list}`;
}

function knativeFeaturesWarning(features: string[]): string {
  return `the cluster must enable the Knative features ${features.join(', ')} in config-features, `
    + 'or Knative rejects the revision: a KnativeFeatureFlags in the same app is checked at synth';
}
