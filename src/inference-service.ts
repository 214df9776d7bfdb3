import { ApiObjectMetadata, Chart, Duration, Lazy, Names, Size } from 'cdk8s';
import { Cpu, ContainerResources, k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Problems } from './_errors';
import { isWholeSeconds, quantity } from './_format';
import {
  AffinityJson, ContainerJson, EnvVarJson, Mutable, NodeSelectorRequirementJson, ResourceRequirementsJson, TolerationJson, VolumeJson,
  VolumeMountJson,
} from './_k8s-json';
import { KnativeServiceL1, KnativeServiceSpecJson } from './_knative-l1';
import {
  InferenceServiceL1, KfservingV1alpha2ComponentJson, KfservingV1alpha2SpecJson, KServeComponentJson, KServeInferenceServiceSpecJson,
  KServeModelJson, KServePredictorJson,
} from './_kserve-l1';
import { checkObjectMetadata, isDnsSubdomain, isLabelValue, isQualifiedKey } from './_metadata-checks';
import { kibibytes } from './_model-cache-checks';
import { checkCpu, checkFiniteSize, cpuMillis } from './_unit-checks';
import { GpuOptions, GpuProvider } from './gpu';
import { AutoscalingRendering, AutoscalingTarget, GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { KnativeFeatureFlags } from './knative-feature-flags';
import { ModelCacheConsumer } from './model-cache';
import { ModelFormat, ProtocolVersion } from './model-format';
import { ModelSource, ModelSourceKind } from './model-source';
import { DeploymentMode, KServeVersion, ServingApi } from './serving-api';
import { ServingSecurity } from './serving-security';

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
   * Port the server listens on for HTTP.
   * @default 8080
   */
  readonly port?: number;
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
   * CPU and memory of the model server. Quantities are always written as strings.
   * @default - 1 CPU and 2Gi memory, requested and limited (KServe's own defaults, written explicitly)
   */
  readonly resources?: ContainerResources;
  /**
   * GPUs for each replica.
   * @default - no GPU
   */
  readonly gpu?: GpuOptions;
  /**
   * Autoscaling. A policy can be shared by many services.
   * @default - a GpuAutoscalingPolicy with the GPU-tuned defaults
   */
  readonly autoscaling?: GpuAutoscalingPolicy;
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
   * Security context of every container the construct defines.
   * @default ServingSecurity.restricted()
   */
  readonly security?: ServingSecurity;
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
}

const DEFAULT_PORT = 8080;
const DEFAULT_CPU = Cpu.units(1);
const DEFAULT_MEMORY = Size.gibibytes(2);
/** Immutable, so one instance serves every service that keeps the default. */
const DEFAULT_SECURITY = ServingSecurity.restricted();
const MODEL_MOUNT_PATH = '/mnt/models';
const REGION_LABEL = 'topology.kubernetes.io/region';
const GPU_RESOURCE = 'nvidia.com/gpu';
const INFERENCE_SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Knative: `{name}-predictor-00001-private` must be a DNS label (63). */
const KNATIVE_NAME_SUFFIX = { predictor: '-predictor-00001-private'.length, transformer: '-transformer-00001-private'.length };
/** Knative Service: `{name}-00001-private`. */
const KSVC_NAME_SUFFIX = '-00001-private'.length;
/** Standard mode: `{name}-predictor-{namespace}` is a host label (63). */
const STANDARD_NAME_SUFFIX = { predictor: '-predictor-'.length, transformer: '-transformer-'.length };

/** URI schemes each API's storage initializer understands. */
const SUPPORTED_SOURCES: Map<ServingApi, ModelSourceKind[]> = new Map([
  [ServingApi.KSERVE_V1BETA1, Object.values(ModelSourceKind)],
  [ServingApi.KFSERVING_V1BETA1, [ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.HTTP, ModelSourceKind.PVC]],
  [ServingApi.KFSERVING_V1ALPHA2, [ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.PVC]],
  [ServingApi.KNATIVE_SERVICE, [ModelSourceKind.PVC]],
]);
/** First KServe release whose storage initializer reads each scheme (older ones: always). */
const SOURCE_SINCE: Partial<Record<ModelSourceKind, KServeVersion>> = {
  [ModelSourceKind.OCI]: KServeVersion.V0_12,
  [ModelSourceKind.HUGGING_FACE]: KServeVersion.V0_15,
};
const V1ALPHA2_FRAMEWORKS = ['tensorflow', 'triton', 'pytorch', 'sklearn', 'xgboost', 'onnx'];

/**
 * A model server on GPUs, written for the serving API the cluster runs: KServe
 * `serving.kserve.io/v1beta1` (the default), legacy KFServing `serving.kubeflow.org/v1beta1`
 * and `v1alpha2`, or a plain Knative Service.
 *
 * Everything is validated when the construct is created, against the chosen API: the
 * settings each API silently drops are refused rather than emitted.
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
  /** The autoscaling policy in effect. */
  public readonly autoscaling: GpuAutoscalingPolicy;
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

  private readonly props: InferenceServiceProps;
  private readonly warningMessages: string[] = [];

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    this.props = props;
    this.api = props.api ?? ServingApi.KSERVE_V1BETA1;
    this.deploymentMode = props.deploymentMode ?? DeploymentMode.KNATIVE;
    this.kserveVersion = props.kserveVersion ?? KServeVersion.V0_20;
    this.security = props.security ?? DEFAULT_SECURITY;
    this.gpuCount = props.gpu ? props.gpu.count ?? 1 : 0;
    this.autoscaling = props.autoscaling ?? new GpuAutoscalingPolicy(this, 'Autoscaling');
    this.name = props.metadata?.name ?? Names.toDnsLabel(this, { maxLen: this.nameBudget(undefined) });

    const problems = new Problems();
    this.validateProps(problems);
    problems.throwIfAny(this, this.api.isInferenceService ? 'InferenceService' : 'Knative Service');

    this.requiredKnativeFeatures = this.knativeFeatures();
    this.serviceAccountName = props.serviceAccountName ?? this.createCredentialsServiceAccount();

    const annotations = { ...props.metadata?.annotations, ...this.objectAnnotations() };
    const metadata: ApiObjectMetadata = { ...props.metadata, name: this.name, annotations };
    const spec = Lazy.any({ produce: () => this.renderSpec() });
    if (this.api === ServingApi.KNATIVE_SERVICE) new KnativeServiceL1(this, 'Resource', { metadata, spec });
    else new InferenceServiceL1(this, 'Resource', this.api.apiVersion, { metadata, spec });
    this.collectWarnings();
    for (const warning of this.warningMessages) this.node.addMetadata('warning', warning);
    // cdk8s validates the whole app once for every chart it writes. What these checks read is fixed
    // once the app is built (readonly props and cache settings, the app's feature flags), so they
    // run once: an app of many charts would otherwise repeat them charts x services times.
    let crossConstructProblems: string[] | undefined;
    this.node.addValidation({ validate: () => (crossConstructProblems ??= [...this.validateCache(), ...this.validateKnativeFeatures()]) });
  }

  /**
   * Settings that are valid but need something outside this chart. Each is also added to the
   * construct's metadata with `node.addMetadata('warning', ...)`.
   */
  public get warnings(): string[] {
    return [...this.warningMessages];
  }

  /** The `storageUri` the model is read from, if the service has a model source. */
  public get storageUri(): string | undefined {
    return this.props.model?.uri;
  }

  // ---------------------------------------------------------------------------------------------
  // Validation

  private validateProps(problems: Problems): void {
    const { props, api } = this;
    const isKServe = api === ServingApi.KSERVE_V1BETA1;

    if (props.deploymentMode !== undefined && !isKServe) {
      problems.add('deploymentMode', props.deploymentMode, `only the KServe API has deployment modes; ${api} always runs on Knative`, 'Remove deploymentMode');
    }
    if (props.kserveVersion !== undefined && !isKServe) {
      problems.add('kserveVersion', props.kserveVersion.toString(), `applies to the KServe API only, not ${api}`, 'Remove kserveVersion');
    }
    this.validateName(problems);
    checkObjectMetadata(problems, props.metadata ?? {});
    this.validateServer(problems);
    this.validateModelSource(problems);
    this.validateGpu(problems);
    this.validateCanary(problems);
    if (props.timeout !== undefined) {
      if (!isWholeSeconds(props.timeout) || props.timeout.toMilliseconds() < 1000) {
        problems.add('timeout', props.timeout, 'must be a whole number of seconds, at least 1s', 'Use Duration.seconds(n)');
      } else if (api === ServingApi.KFSERVING_V1ALPHA2) {
        problems.add('timeout', props.timeout, 'serving.kubeflow.org/v1alpha2 has no request timeout field', 'Remove timeout or use ServingApi.KFSERVING_V1BETA1');
      }
    }
    if (props.transformer) validateContainer(problems, 'transformer.container', props.transformer.container);
    if (props.transformer && !api.isInferenceService) {
      problems.add('transformer', props.transformer.container.image, 'a plain Knative Service has no transformer component', 'Run the transformer as its own service, or use an InferenceService API');
    }
    if (props.serviceAccountName !== undefined && !isDnsSubdomain(props.serviceAccountName)) {
      problems.add('serviceAccountName', props.serviceAccountName, 'must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    this.validateEnv(problems);
    validateResources(problems, 'resources', props.resources);
    if (props.transformer) validateResources(problems, 'transformer.resources', props.transformer.resources);
    problems.addAll(this.autoscaling._problemsFor(this.autoscalingTarget()));
  }

  private nameBudget(namespace: string | undefined): number {
    const component = this.props.transformer ? 'transformer' : 'predictor';
    if (this.api === ServingApi.KNATIVE_SERVICE) return 63 - KSVC_NAME_SUFFIX;
    if (this.deploymentMode === DeploymentMode.STANDARD) {
      return 63 - STANDARD_NAME_SUFFIX[component] - (namespace?.length ?? 0);
    }
    return 63 - KNATIVE_NAME_SUFFIX[component];
  }

  private validateName(problems: Problems): void {
    const name = this.name;
    const namespace = this.props.metadata?.namespace;
    if (!INFERENCE_SERVICE_NAME.test(name)) {
      problems.add('metadata.name', name, 'must start with a letter and hold only lowercase letters, digits and \'-\', ending with a letter or digit (KServe refuses dots)',
        'Rename the service');
      return;
    }
    const budget = this.nameBudget(namespace);
    if (name.length > budget) {
      const children = this.api === ServingApi.KNATIVE_SERVICE ? `${name}-00001-private`
        : this.deploymentMode === DeploymentMode.STANDARD ? `${name}-${this.props.transformer ? 'transformer' : 'predictor'}-${namespace ?? ''}`
          : `${name}-${this.props.transformer ? 'transformer' : 'predictor'}-00001-private`;
      problems.add('metadata.name', name, `is ${name.length} characters; at most ${budget} fit, because the child name "${children}" must stay within 63`,
        'Use a shorter name');
    }
  }

  private validateServer(problems: Problems): void {
    const { props, api } = this;
    if (api === ServingApi.KNATIVE_SERVICE) {
      if (!props.container) problems.add('container', undefined, 'a plain Knative Service runs a custom container', 'Give container: { image }');
      for (const prop of ['modelFormat', 'runtime', 'runtimeVersion', 'protocolVersion'] as const) {
        if (props[prop] !== undefined) problems.add(prop, describe(props[prop]), 'a plain Knative Service has no ServingRuntime', `Remove ${prop}, or use ServingApi.KSERVE_V1BETA1`);
      }
    } else if (props.container && props.modelFormat) {
      problems.add('modelFormat', props.modelFormat.name, 'a predictor has exactly one implementation: a model format or a custom container', 'Give modelFormat or container, not both');
    } else if (!props.container && !props.modelFormat) {
      problems.add('modelFormat', undefined, 'a predictor needs a model format or a custom container', 'Give modelFormat (for example ModelFormat.HUGGINGFACE) or container');
    }
    if (props.container) {
      validateContainer(problems, 'container', props.container);
      for (const prop of ['runtime', 'runtimeVersion', 'protocolVersion'] as const) {
        if (props[prop] !== undefined && api !== ServingApi.KNATIVE_SERVICE) problems.add(prop, describe(props[prop]), 'applies to a runtime, not to a custom container', `Remove ${prop}`);
      }
    }
    const format = props.modelFormat;
    if (!format || props.container) return;
    if (api === ServingApi.KSERVE_V1BETA1) {
      if (format === ModelFormat.HUGGINGFACE && !this.kserveVersion.isAtLeast(KServeVersion.V0_12)) {
        problems.add('modelFormat', format.name, `the Hugging Face runtime exists from KServe 0.12; kserveVersion is ${this.kserveVersion}`, 'Use a custom container or a newer KServe');
      }
    } else {
      const frameworks = api === ServingApi.KFSERVING_V1ALPHA2 ? V1ALPHA2_FRAMEWORKS : V1ALPHA2_FRAMEWORKS.concat(['lightgbm']);
      if (!format.framework || !frameworks.includes(format.framework)) {
        problems.add('modelFormat', format.name, `${api} serves only the framework predictors ${frameworks.join(', ')}`, 'Use a custom container, or ServingApi.KSERVE_V1BETA1');
      }
      if (props.runtime !== undefined) problems.add('runtime', props.runtime, `${api} has no ServingRuntimes`, 'Remove runtime');
      if (api === ServingApi.KFSERVING_V1ALPHA2 && props.protocolVersion !== undefined) {
        problems.add('protocolVersion', props.protocolVersion, 'serving.kubeflow.org/v1alpha2 has no protocol field', 'Remove protocolVersion');
      }
      if (api === ServingApi.KFSERVING_V1BETA1 && props.protocolVersion && props.protocolVersion.startsWith('grpc')) {
        problems.add('protocolVersion', props.protocolVersion, 'KFServing knows only v1 and v2', 'Use ProtocolVersion.V1 or V2');
      }
      if (api === ServingApi.KFSERVING_V1ALPHA2 && (props.args || props.env || props.secretEnv)) {
        problems.add('args/env', describe(props.args ?? Object.keys({ ...props.env, ...props.secretEnv })),
          'a serving.kubeflow.org/v1alpha2 framework predictor takes only storageUri, runtimeVersion and resources', 'Use a custom container, or ServingApi.KFSERVING_V1BETA1');
      }
    }
    // tensorflow/pytorch runtime versions must carry "-gpu" exactly when a GPU is requested (KServe pitfall 17).
    if (props.runtimeVersion && (format.framework === 'tensorflow' || format.framework === 'pytorch') && api !== ServingApi.KSERVE_V1BETA1) {
      const gpuTag = props.runtimeVersion.includes('-gpu');
      if (gpuTag !== this.gpuCount > 0) {
        problems.add('runtimeVersion', props.runtimeVersion, this.gpuCount > 0 ? 'a GPU is requested, so the version must be a -gpu image' : 'no GPU is requested, so the version must not be a -gpu image',
          this.gpuCount > 0 ? `Use "${props.runtimeVersion}-gpu"` : 'Remove the -gpu suffix');
      }
    }
    if (!props.model && api !== ServingApi.KNATIVE_SERVICE) {
      problems.add('model', undefined, 'a runtime predictor needs a model source', 'Give model: ModelSource.fromS3(...) or another source');
    }
  }

  private validateModelSource(problems: Problems): void {
    const source = this.props.model;
    if (!source) return;
    const supported = SUPPORTED_SOURCES.get(this.api)!;
    if (!supported.includes(source.kind)) {
      problems.add('model', source.uri, `${this.api} reads only ${supported.map((k) => `${k}://`).join(', ')} model URIs`,
        this.api === ServingApi.KNATIVE_SERVICE ? 'Put the model on a PVC or a ModelCache, or pass the URI to your container in env' : 'Use ServingApi.KSERVE_V1BETA1, or another source');
    }
    const since = SOURCE_SINCE[source.kind];
    if (this.api === ServingApi.KSERVE_V1BETA1 && since && !this.kserveVersion.isAtLeast(since)) {
      problems.add('model', source.uri, `KServe reads ${source.kind}:// from ${since}; kserveVersion is ${this.kserveVersion}`, 'Use another source or a newer KServe');
    }
    const credentials = source.s3?.credentials ?? source.huggingFace?.token ?? source.gcs?.credentials;
    if (credentials && this.props.serviceAccountName !== undefined) {
      problems.add('serviceAccountName', this.props.serviceAccountName, 'source credentials are read through a ServiceAccount that the construct creates',
        'Remove serviceAccountName, or list the Secret in your own ServiceAccount and drop the credentials from the source');
    }
  }

  private validateGpu(problems: Problems): void {
    const gpu = this.props.gpu;
    if (!gpu) return;
    const provider = gpu.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY;
    if (!(Number.isInteger(this.gpuCount) && this.gpuCount >= 1 && this.gpuCount <= 16)) {
      problems.add('gpu.count', this.gpuCount, 'must be a whole number from 1 to 16', 'Give the GPUs of one replica');
    }
    if (gpu.types.length === 0) {
      problems.add('gpu.types', [], 'needs at least one GPU type', 'Give for example [GpuType.A100_80GB_SXM]');
    }
    for (const type of gpu.types) {
      const labelValue = type.labelValue(provider);
      if (labelValue === undefined) {
        problems.add('gpu.types', type.name, `has no ${provider.labelKey} value: the ${provider.kind} provider does not offer it`,
          'Choose a type the provider offers, or GpuType.custom() with the label value');
      } else if (!isLabelValue(labelValue)) {
        problems.add('gpu.types', type.name, `has the ${provider.labelKey} value ${JSON.stringify(labelValue)}, which no node label can hold`,
          'Give GpuType.custom() the label value of the GPU nodes');
      }
      checkFiniteSize(problems, 'gpu.types', type.memory);
    }
    for (const toleration of gpu.tolerations ?? []) {
      if (!isQualifiedKey(toleration.key)) problems.add('gpu.tolerations', toleration.key, 'must be a taint key ([prefix/]name, the name at most 63 characters)');
      if (toleration.value !== undefined && !isLabelValue(toleration.value)) {
        problems.add('gpu.tolerations', toleration.value, `the value of ${JSON.stringify(toleration.key)} must be a taint value (at most 63 alphanumerics, '-', '_' or '.')`);
      }
    }
    if (this.api === ServingApi.KFSERVING_V1ALPHA2) {
      if (gpu.types.length > 1) {
        problems.add('gpu.types', gpu.types.map((t) => t.name), 'serving.kubeflow.org/v1alpha2 selects a GPU only through the single-valued gke-accelerator annotation',
          'Give one GPU type, or use ServingApi.KFSERVING_V1BETA1 for node affinity');
      }
      if (gpu.regions && gpu.regions.length > 0) {
        problems.add('gpu.regions', gpu.regions, 'serving.kubeflow.org/v1alpha2 has no node affinity to pin a region', 'Remove regions, or use ServingApi.KFSERVING_V1BETA1');
      }
      if (gpu.tolerations && gpu.tolerations.length > 0) {
        problems.add('gpu.tolerations', gpu.tolerations.map((t) => t.key), 'serving.kubeflow.org/v1alpha2 has no tolerations', 'Remove tolerations, or use ServingApi.KFSERVING_V1BETA1');
      }
    }
    for (const region of gpu.regions ?? []) {
      if (region === '' || !isLabelValue(region)) {
        problems.add('gpu.regions', region, 'must be a label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')');
      }
    }
  }

  private validateCanary(problems: Problems): void {
    const canary = this.props.canary;
    if (!canary) return;
    const percent = canary.trafficPercent;
    if (!(Number.isInteger(percent) && percent >= 0 && percent <= 100)) {
      problems.add('canary.trafficPercent', percent, 'must be a whole percent from 0 to 100');
    }
    if (this.api === ServingApi.KFSERVING_V1ALPHA2) {
      problems.add('canary', percent, 'KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2', 'Use ServingApi.KFSERVING_V1BETA1 or ServingApi.KSERVE_V1BETA1');
    } else if (this.deploymentMode === DeploymentMode.STANDARD) {
      problems.add('canary', percent, 'KServe ignores canaryTrafficPercent in Standard mode (only Knative splits traffic between revisions)', 'Use DeploymentMode.KNATIVE');
    }
    if (this.api === ServingApi.KNATIVE_SERVICE) {
      if (canary.stableRevisionName === undefined) {
        problems.add('canary.stableRevisionName', undefined, 'a Knative Service needs the revision that keeps the rest of the traffic', 'Give the current revision name, for example "my-service-00001"');
      } else if (!isDnsSubdomain(canary.stableRevisionName) || canary.stableRevisionName.length > 63) {
        problems.add('canary.stableRevisionName', canary.stableRevisionName, 'must be a revision name (a DNS label)');
      }
    } else if (canary.stableRevisionName !== undefined) {
      problems.add('canary.stableRevisionName', canary.stableRevisionName, 'InferenceService APIs track the stable revision themselves', 'Remove stableRevisionName');
    }
    if (canary.tagRouting && !this.api.annotationPrefix) {
      problems.add('canary.tagRouting', true, 'a plain Knative Service has no tag-routing annotation; tags are set per traffic target', 'Remove tagRouting');
    }
  }

  private validateEnv(problems: Problems): void {
    const names = [...Object.keys(this.props.env ?? {}), ...Object.keys(this.props.secretEnv ?? {})];
    for (const name of names) {
      if (!ENV_NAME.test(name)) problems.add('env', name, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit');
      if (name === 'PYTHONPATH' && this.api.isInferenceService) {
        problems.add('env', name, 'KServe >= 0.18 refuses PYTHONPATH in model server containers', 'Set the path in the image');
      }
    }
    for (const name of Object.keys(this.props.secretEnv ?? {})) {
      if (name in (this.props.env ?? {})) problems.add('secretEnv', name, 'is also set in env', 'Set each variable once');
    }
  }

  private collectWarnings(): void {
    const s3 = this.props.model?.s3;
    const prefix = this.api.annotationPrefix;
    if (s3 && prefix && (s3.endpoint !== undefined || s3.region !== undefined || s3.useHttps !== undefined)) {
      const settings = [
        s3.endpoint !== undefined ? `${prefix}/s3-endpoint: "${s3.endpoint}"` : undefined,
        s3.useHttps !== undefined || s3.endpoint !== undefined ? `${prefix}/s3-usehttps: "${s3.useHttps === false ? '0' : '1'}"` : undefined,
        s3.region !== undefined ? `${prefix}/s3-region: "${s3.region}"` : undefined,
      ].filter((x) => x !== undefined).join(', ');
      const holder = s3.credentials ? `the Secret '${s3.credentials.secretName}'` : 'the cluster\'s inferenceservice-config (credentials.s3)';
      this.warningMessages.push('\'model\' reads S3 through settings KServe takes from annotations on the credentials Secret, which this chart does not own: '
        + `make ${holder} carry ${settings}`);
    }
    if (this.requiredKnativeFeatures.length > 0) this.warningMessages.push(knativeFeaturesWarning(this.requiredKnativeFeatures));
  }

  /** Cross-construct: KnativeFeatureFlags in the same app must enable what the pods use. */
  private validateKnativeFeatures(): string[] {
    const flags = this.featureFlagsInApp();
    if (!flags) return [];
    return this.requiredKnativeFeatures
      .filter((feature) => !flags.some((f) => f.data[feature] === 'enabled'))
      .map((feature) => `the pods need the Knative feature '${feature}', which ${flags.map((f) => `KnativeFeatureFlags '${f.node.path}'`).join(' and ')} `
        + 'does not enable: Knative would reject the revision. Enable it there, or remove what needs it');
  }

  private featureFlagsInApp(): readonly KnativeFeatureFlags[] | undefined {
    const flags = KnativeFeatureFlags._inApp(this);
    return flags.length > 0 ? flags : undefined;
  }

  /** Cross-construct: the cache must fit this service (replicas, GPU memory, region). */
  private validateCache(): string[] {
    const cache = this.props.model?.cache;
    if (!cache) return [];
    return cache.checkConsumer(this.cacheConsumer());
  }

  private cacheConsumer(): ModelCacheConsumer {
    const gpu = this.props.gpu;
    const smallest = gpu?.types.map((t) => kibibytes(t.memory)).reduce((a, b) => Math.min(a, b));
    return new ServiceAsCacheConsumer(this, {
      namespace: this.props.metadata?.namespace ?? Chart.of(this).namespace,
      servingApi: this.api,
      deploymentMode: this.api === ServingApi.KSERVE_V1BETA1 ? this.deploymentMode : undefined,
      maxReplicas: this.autoscaling.maxReplicas,
      gpuMemory: smallest !== undefined ? Size.kibibytes(smallest * this.gpuCount) : undefined,
      gpuRegions: gpu?.regions,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering (no validation here: everything was checked in the constructor)

  private autoscalingTarget(): AutoscalingTarget {
    return { api: this.api, deploymentMode: this.api === ServingApi.KSERVE_V1BETA1 ? this.deploymentMode : undefined };
  }

  private knativeFeatures(): string[] {
    const onKnative = this.api !== ServingApi.KSERVE_V1BETA1 || this.deploymentMode === DeploymentMode.KNATIVE;
    if (!onKnative || this.api === ServingApi.KFSERVING_V1ALPHA2) return [];
    const features: string[] = [];
    if (this.hasAffinity()) features.push('kubernetes.podspec-affinity');
    if (this.hasTolerations()) features.push('kubernetes.podspec-tolerations');
    if (this.api === ServingApi.KNATIVE_SERVICE && this.props.model) features.push('kubernetes.podspec-persistent-volume-claim');
    return features;
  }

  /**
   * KServe's storage initializer reads source credentials from the Secrets its ServiceAccount
   * lists, so a ServiceAccount listing the referenced Secret is created for sources that have one.
   */
  private createCredentialsServiceAccount(): string | undefined {
    const model = this.props.model;
    const secretName = model?.s3?.credentials?.secretName ?? model?.huggingFace?.token?.secretName ?? model?.gcs?.credentials?.secretName;
    if (!secretName) return undefined;
    const account = new k8s.KubeServiceAccount(this, 'StorageServiceAccount', {
      metadata: { name: `${this.name}-storage`, namespace: this.props.metadata?.namespace },
      secrets: [{ name: secretName }],
    });
    return account.name;
  }

  private objectAnnotations(): Record<string, string> {
    const annotations: Record<string, string> = {};
    const prefix = this.api.annotationPrefix;
    const rendering = this.autoscalingRendering();
    if (this.api === ServingApi.KSERVE_V1BETA1) {
      const modern = this.kserveVersion.isAtLeast(KServeVersion.V0_16);
      annotations['serving.kserve.io/deploymentMode'] = this.deploymentMode === DeploymentMode.KNATIVE
        ? (modern ? 'Knative' : 'Serverless') : (modern ? 'Standard' : 'RawDeployment');
    }
    if (prefix && this.props.canary?.tagRouting) annotations[`${prefix}/enable-tag-routing`] = 'true';
    if (this.api === ServingApi.KFSERVING_V1ALPHA2 && this.props.gpu) {
      const provider = this.props.gpu.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY;
      annotations[`${prefix}/gke-accelerator`] = this.props.gpu.types[0].labelValue(provider)!;
    }
    Object.assign(annotations, rendering.objectAnnotations);
    // InferenceService APIs copy their annotations onto the Knative revision template.
    if (this.api.isInferenceService) Object.assign(annotations, rendering.annotations);
    return annotations;
  }

  private autoscalingRendering(): AutoscalingRendering {
    return this.autoscaling._renderFor(this.autoscalingTarget());
  }

  private renderResources(): ResourceRequirementsJson {
    return renderResources(this.props.resources, this.gpuCount);
  }

  /** GPU types and regions are node affinity, except on v1alpha2 (the gke-accelerator annotation). */
  private hasAffinity(): boolean {
    return this.props.gpu !== undefined && this.api !== ServingApi.KFSERVING_V1ALPHA2;
  }

  private hasTolerations(): boolean {
    return (this.props.gpu?.tolerations?.length ?? 0) > 0;
  }

  private affinity(): AffinityJson | undefined {
    const gpu = this.props.gpu;
    if (!gpu || !this.hasAffinity()) return undefined;
    const provider = gpu.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY;
    const matchExpressions: NodeSelectorRequirementJson[] = [
      { key: provider.labelKey, operator: 'In', values: gpu.types.map((t) => t.labelValue(provider)!) },
    ];
    if (gpu.regions && gpu.regions.length > 0) matchExpressions.push({ key: REGION_LABEL, operator: 'In', values: [...gpu.regions] });
    return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } };
  }

  private tolerations(): TolerationJson[] | undefined {
    const tolerations = this.props.gpu?.tolerations;
    if (!tolerations || !this.hasTolerations()) return undefined;
    return tolerations.map((t) => ({ key: t.key, operator: t.value === undefined ? 'Exists' : 'Equal', value: t.value, effect: t.effect }));
  }

  private env(): EnvVarJson[] | undefined {
    const env: EnvVarJson[] = [
      ...Object.entries(this.props.env ?? {}).map(([name, value]) => ({ name, value })),
      ...Object.entries(this.props.secretEnv ?? {})
        .map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } })),
    ];
    return env.length > 0 ? env : undefined;
  }

  private customContainer(container: ServingContainer, name: string, extraEnv: EnvVarJson[] = []): ContainerJson {
    const env = [...(this.env() ?? []), ...extraEnv];
    return {
      name,
      image: container.image,
      command: container.command,
      args: container.args,
      env: env.length > 0 ? env : undefined,
      ports: [{ containerPort: container.port ?? DEFAULT_PORT, protocol: 'TCP' }],
      resources: this.renderResources(),
      securityContext: this.security._containerSecurityContext(),
    };
  }

  /**
   * Knative rejects pod-level security settings unless `kubernetes.podspec-securitycontext` is
   * on, so on Knative the complete profile is set per container and the pod level stays empty.
   */
  private podSecurityContext() {
    return this.api === ServingApi.KSERVE_V1BETA1 && this.deploymentMode === DeploymentMode.STANDARD
      ? this.security._podSecurityContext() : undefined;
  }

  private renderSpec(): unknown {
    switch (this.api) {
      case ServingApi.KNATIVE_SERVICE: return this.renderKnativeService();
      case ServingApi.KFSERVING_V1ALPHA2: return this.renderV1alpha2();
      default: return this.renderV1beta1();
    }
  }

  private renderV1beta1(): KServeInferenceServiceSpecJson {
    const { props } = this;
    const rendering = this.autoscalingRendering();
    const isKServe = this.api === ServingApi.KSERVE_V1BETA1;
    // Optional fields are set only when they have a value, field by field: cdk8s resolves and sorts
    // every key of a rendered object, undefined ones included, and this runs for every service.
    const predictor: Mutable<KServePredictorJson> = { minReplicas: rendering.minReplicas };
    if (rendering.maxReplicas !== undefined) predictor.maxReplicas = rendering.maxReplicas;
    if (rendering.scaleTarget !== undefined) predictor.scaleTarget = rendering.scaleTarget;
    if (rendering.scaleMetric !== undefined) predictor.scaleMetric = rendering.scaleMetric;
    if (rendering.containerConcurrency !== undefined) predictor.containerConcurrency = rendering.containerConcurrency;
    if (props.timeout) predictor.timeout = props.timeout.toSeconds();
    if (props.canary) predictor.canaryTrafficPercent = props.canary.trafficPercent;
    if (this.serviceAccountName !== undefined) predictor.serviceAccountName = this.serviceAccountName;
    const affinity = this.affinity();
    if (affinity) predictor.affinity = affinity;
    const tolerations = this.tolerations();
    if (tolerations) predictor.tolerations = tolerations;
    const podSecurityContext = this.podSecurityContext();
    if (podSecurityContext) predictor.securityContext = podSecurityContext;
    if (props.container) {
      const storageEnv = props.model ? [{ name: 'STORAGE_URI', value: props.model.uri }] : [];
      const container = { ...props.container, args: props.container.args ?? props.args };
      predictor.containers = [this.customContainer(container, this.api.containerName, storageEnv)];
    } else if (props.modelFormat) {
      const model = this.renderModel(props.modelFormat, isKServe);
      // KFServing names the predictor's implementation after its framework.
      if (isKServe) predictor.model = model;
      else Object.assign(predictor, { [props.modelFormat.framework!]: model });
    }
    const transformer = this.renderV1beta1Transformer();
    return transformer ? { predictor, transformer } : { predictor };
  }

  /** The predictor's model: its format (KServe only), runtime and storage. */
  private renderModel(format: ModelFormat, isKServe: boolean): KServeModelJson {
    const { props } = this;
    const model: Mutable<KServeModelJson> = { resources: this.renderResources() };
    if (isKServe) model.modelFormat = format.version !== undefined ? { name: format.name, version: format.version } : { name: format.name };
    if (props.runtime !== undefined) model.runtime = props.runtime;
    if (props.runtimeVersion !== undefined) model.runtimeVersion = props.runtimeVersion;
    if (props.protocolVersion !== undefined) model.protocolVersion = props.protocolVersion;
    if (props.model) model.storageUri = props.model.uri;
    if (props.args) model.args = props.args;
    const env = this.env();
    if (env) model.env = env;
    const securityContext = this.security._containerSecurityContext();
    if (securityContext) model.securityContext = securityContext;
    return model;
  }

  private renderV1beta1Transformer(): KServeComponentJson | undefined {
    const transformer = this.props.transformer;
    if (!transformer) return undefined;
    return {
      securityContext: this.podSecurityContext(),
      containers: [{
        name: this.api.containerName,
        image: transformer.container.image,
        command: transformer.container.command,
        args: transformer.container.args,
        env: transformer.env && Object.keys(transformer.env).length > 0
          ? Object.entries(transformer.env).map(([name, value]) => ({ name, value })) : undefined,
        ports: [{ containerPort: transformer.container.port ?? DEFAULT_PORT, protocol: 'TCP' }],
        resources: renderResources(transformer.resources, 0),
        securityContext: this.security._containerSecurityContext(),
      }],
    };
  }

  private renderV1alpha2(): KfservingV1alpha2SpecJson {
    const { props } = this;
    const rendering = this.autoscalingRendering();
    const storageEnv = props.model ? [{ name: 'STORAGE_URI', value: props.model.uri }] : [];
    const predictor: KfservingV1alpha2ComponentJson = {
      serviceAccountName: this.serviceAccountName,
      minReplicas: rendering.minReplicas,
      maxReplicas: rendering.maxReplicas,
      parallelism: rendering.containerConcurrency,
      ...(props.container
        ? { custom: { container: this.customContainer(props.container, this.api.containerName, storageEnv) } }
        : {
          [props.modelFormat!.framework!]: { storageUri: props.model!.uri, runtimeVersion: props.runtimeVersion, resources: this.renderResources() },
        }),
    };
    const transformer = props.transformer
      ? { custom: { container: this.renderV1beta1Transformer()!.containers![0] } }
      : undefined;
    return { default: { predictor, transformer } };
  }

  private renderKnativeService(): KnativeServiceSpecJson {
    const { props } = this;
    const rendering = this.autoscalingRendering();
    const volumes: VolumeJson[] = [];
    const mounts: VolumeMountJson[] = [];
    if (props.model) {
      const [claimName, ...path] = props.model.uri.slice('pvc://'.length).split('/');
      volumes.push({ name: 'model', persistentVolumeClaim: { claimName, readOnly: true } });
      mounts.push({ name: 'model', mountPath: MODEL_MOUNT_PATH, subPath: path.join('/') || undefined, readOnly: true });
    }
    const container = this.customContainer({ ...props.container!, args: props.container!.args ?? props.args }, this.api.containerName);
    return {
      template: {
        metadata: Object.keys(rendering.annotations).length > 0 ? { annotations: rendering.annotations } : undefined,
        spec: {
          containerConcurrency: rendering.containerConcurrency,
          timeoutSeconds: props.timeout?.toSeconds(),
          serviceAccountName: this.serviceAccountName,
          affinity: this.affinity(),
          tolerations: this.tolerations(),
          volumes: volumes.length > 0 ? volumes : undefined,
          containers: [{ ...container, volumeMounts: mounts.length > 0 ? mounts : undefined }],
        },
      },
      traffic: props.canary ? [
        { latestRevision: true, percent: props.canary.trafficPercent, tag: 'latest' },
        { latestRevision: false, revisionName: props.canary.stableRevisionName, percent: 100 - props.canary.trafficPercent, tag: 'prev' },
      ] : undefined,
    };
  }
}

/** The warning about the Knative features a service needs, one string per set of features. */
const KNATIVE_FEATURES_WARNINGS = new Map<string, string>();

function knativeFeaturesWarning(features: string[]): string {
  const list = features.join(', ');
  let warning = KNATIVE_FEATURES_WARNINGS.get(list);
  if (!warning) {
    warning = `the cluster must enable the Knative features ${list} in config-features, `
      + 'or Knative rejects the revision: a KnativeFeatureFlags in the same app is checked at synth';
    KNATIVE_FEATURES_WARNINGS.set(list, warning);
  }
  return warning;
}

/**
 * A service as the reader of a model cache. Its path is read only by error messages, and
 * computing it walks up the tree, so it is computed when read.
 */
class ServiceAsCacheConsumer implements ModelCacheConsumer {
  public readonly namespace?: string;
  public readonly servingApi: ServingApi;
  public readonly deploymentMode?: DeploymentMode;
  public readonly maxReplicas: number;
  public readonly gpuMemory?: Size;
  public readonly gpuRegions?: string[];

  constructor(private readonly service: IConstruct, facts: Omit<ModelCacheConsumer, 'path'>) {
    this.namespace = facts.namespace;
    this.servingApi = facts.servingApi;
    this.deploymentMode = facts.deploymentMode;
    this.maxReplicas = facts.maxReplicas;
    this.gpuMemory = facts.gpuMemory;
    this.gpuRegions = facts.gpuRegions;
  }

  public get path(): string {
    return this.service.node.path;
  }
}

/**
 * Requests and limits are both always written: KServe's webhook fills a missing one from its
 * cluster defaults (1 CPU, 2Gi), which can leave a limit below the request.
 */
function renderResources(resources: ContainerResources | undefined, gpuCount: number): ResourceRequirementsJson {
  const cpu = resources?.cpu;
  const memory = resources?.memory;
  const requests: Record<string, string> = {
    cpu: (cpu?.request ?? cpu?.limit ?? DEFAULT_CPU).amount,
    memory: quantity(memory?.request ?? memory?.limit ?? DEFAULT_MEMORY),
  };
  const limits: Record<string, string> = {
    cpu: (cpu?.limit ?? cpu?.request ?? DEFAULT_CPU).amount,
    memory: quantity(memory?.limit ?? memory?.request ?? DEFAULT_MEMORY),
  };
  if (resources?.ephemeralStorage?.request) requests['ephemeral-storage'] = quantity(resources.ephemeralStorage.request);
  if (resources?.ephemeralStorage?.limit) limits['ephemeral-storage'] = quantity(resources.ephemeralStorage.limit);
  if (gpuCount > 0) {
    // GPUs are an extended resource: limits decide, and requests must equal them.
    requests[GPU_RESOURCE] = String(gpuCount);
    limits[GPU_RESOURCE] = String(gpuCount);
  }
  return { requests, limits };
}

function validateContainer(problems: Problems, prop: string, container: ServingContainer): void {
  if (!/^[^\s]+$/.test(container.image)) problems.add(`${prop}.image`, container.image, 'must be an image reference without white space');
  const port = container.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    problems.add(`${prop}.port`, port, 'must be a port number from 1 to 65535');
  }
}

function validateResources(problems: Problems, prop: string, resources: ContainerResources | undefined): void {
  const cpu = resources?.cpu;
  if (cpu?.request && cpu.limit && cpuMillis(cpu.request) > cpuMillis(cpu.limit)) {
    problems.add(`${prop}.cpu.request`, cpu.request.amount, `must not exceed the limit ${cpu.limit.amount}`, 'Raise the limit or lower the request');
  }
  if (cpu?.request) checkCpu(problems, `${prop}.cpu.request`, cpu.request);
  if (cpu?.limit) checkCpu(problems, `${prop}.cpu.limit`, cpu.limit);
  const memory = resources?.memory;
  const storage = resources?.ephemeralStorage;
  if (memory?.request) checkFiniteSize(problems, `${prop}.memory.request`, memory.request);
  if (memory?.limit) checkFiniteSize(problems, `${prop}.memory.limit`, memory.limit);
  if (storage?.request) checkFiniteSize(problems, `${prop}.ephemeralStorage.request`, storage.request);
  if (storage?.limit) checkFiniteSize(problems, `${prop}.ephemeralStorage.limit`, storage.limit);
  if (memory?.request && memory.limit && kibibytes(memory.request) > kibibytes(memory.limit)) {
    problems.add(`${prop}.memory.request`, quantity(memory.request), `must not exceed the limit ${quantity(memory.limit)}`, 'Raise the limit or lower the request');
  }
}

function describe(value: unknown): unknown {
  if (value instanceof ModelFormat) return value.name;
  return value;
}
