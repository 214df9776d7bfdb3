import { ApiObject, Chart, Lazy, Names, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerInApp } from './_app-checks';
import { checkNoPlainCredential } from './_credential-checks';
import { Problems } from './_errors';
import { decimal, quantity } from './_format';
import { defaultGpuNodeSelection, GpuPlacement, gpuAffinity, gpuNodeSelector, gpuTolerations } from './_gpu-placement';
import { NVIDIA_GPU_RESOURCE } from './_gpu-resources';
import { renderHpaBehavior } from './_hpa-behavior';
import { ContainerJson, EnvVarJson, PodFieldsJson, ResourceRequirementsJson } from './_k8s-json';
import { llmReservedObjects } from './_kserve-llm-children';
import {
  LLMInferenceServiceL1, LLMInferenceServiceSpecJson, LLMKvCacheOffloadingJson, LLMRouterJson, LLMScalingJson, LLMWorkloadJson,
} from './_kserve-llm-l1';
import {
  checkActuatorConsistency, checkBaseRefs, checkFieldEnv, checkKvCacheOffloading, checkLora, checkParallelism, checkPodMetadata, checkReplicas,
  checkRouter, LLM_INFERENCE_SERVICE_PROPS_TYPES, LLM_MODEL_KINDS, parallelLayout,
} from './_llm-checks';
import { checkObjectMetadata, isDns1035Label, isDnsSubdomain } from './_metadata-checks';
import { kibibytes } from './_model-cache-checks';
import { bindModelSource } from './_model-source-binding';
import { acceptedName } from './_own-object';
import { checkPublicProps } from './_public-types';
import { addNameProblem, checkEnvNames, checkModelSize, credentialsWarning, validateGpu, validateResources } from './_service-checks';
import { usableModelSize } from './_service-explain';
import { GpuNodeSelection, GpuOptions, GpuProvider } from './gpu';
import { SecretEnvSource } from './inference-service-props';
import {
  KvCacheEvictionPolicy, KvCacheOffloadingOptions, LLMInferenceServiceProps, LLMRouterOptions, LLMScalingOptions, LLMWorkloadOptions, WvaActuator,
} from './llm-inference-service-props';
import { ModelReader } from './model-source';
import { ServingApi } from './serving-api';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';

/** Immutable, so one instance serves every service that keeps the default. */
const DEFAULT_SECURITY = ServingSecurity.restricted();
/** A value: one serves every service that keeps the default. */
const DEFAULT_PROFILE = ServingProfile.llm();
/**
 * Options of the LLM profile that KServe's presets or autoscaler settle for an LLMInferenceService,
 * with why: the presets mount the memory-backed /dev/shm and set the startup probe
 * (config/llmisvcconfig/config-llm-template.yaml and the worker presets), and the Workload Variant
 * Autoscaler scales on saturation rather than on a per-pod concurrency target.
 */
const PRESET_FIX = 'Remove the option, or set the field in an LLMInferenceServiceConfig of yours listed in baseRefs';
const PRESET_PROFILE_OPTIONS = {
  sharedMemory: ['KServe\'s presets mount the memory-backed /dev/shm (1Gi, 8Gi with workers)', PRESET_FIX],
  loadTime: ['KServe\'s presets set the startup probe (60 x 10s)', PRESET_FIX],
  maxBatchSize: ['the Workload Variant Autoscaler scales on saturation, not on a concurrency target',
    'Remove the option; vLLM\'s batch size is --max-num-seqs in vllmArgs'],
} as const;
/** Name of the main container in KServe's presets (config/llmisvcconfig): the template's container merges with it by name. */
const MAIN_CONTAINER = 'main';
/** KServe's presets append this variable to `vllm serve` (config/llmisvcconfig, docs/samples/llmisvc). */
const VLLM_ARGS_ENV = 'VLLM_ADDITIONAL_ARGS';
/** Characters a shell word may hold unquoted. */
const SHELL_SAFE = /^[\w./:=,@+-]+$/;
/** A served model name, passed quoted to `vllm serve --served-model-name` by the presets. */
const SERVED_MODEL_NAME = /^[A-Za-z0-9][\w.:/@+-]{0,252}$/;

/** One workload resolved: the decode one (prop prefix '') or the prefill one ('prefill.'). */
interface ResolvedWorkload {
  readonly prefix: string;
  readonly options: LLMWorkloadOptions;
  readonly gpu?: GpuPlacement;
  readonly image?: string;
  /** The resources the user gave (the decode workload's for a prefill workload without its own). */
  readonly userResources?: ContainerResources;
  /** The resources written: the user's, completed by the serving profile. */
  readonly resources?: ContainerResources;
}

/**
 * A large language model on KServe's LLMInferenceService (`serving.kserve.io/v1alpha2`, KServe
 * >= 0.16): vLLM (llm-d) with tensor, pipeline, data and expert parallelism, multi-node workers,
 * prefill/decode disaggregation, the inference scheduler behind the Gateway API, LoRA adapters,
 * KV-cache offloading and autoscaling by the Workload Variant Autoscaler. KServe fills everything
 * this construct leaves out from its LLMInferenceServiceConfig presets (`baseRefs`), except the
 * CPU and memory, which the serving profile sizes (`servingProfile`).
 *
 * A sibling of `InferenceService` rather than one of its serving APIs: its spec (a router, a
 * prefill workload, worker pods, parallelism, presets) has no counterpart in InferenceService's
 * props (docs/architecture.md). It shares the model sources, the GPU catalogue and placement,
 * the security profile and the model caches. Everything KServe would refuse is refused when the
 * construct is created.
 */
export class LLMInferenceService extends Construct {
  /** The serving API emitted. */
  public readonly api: ServingApi = ServingApi.KSERVE_LLM_V1ALPHA2;
  /** The object's name. */
  public readonly name: string;
  /** The name requests use in their `model` field. */
  public readonly servedModelName: string;
  /** The model's URI. */
  public readonly storageUri: string;
  /** The security context applied to the pods and main containers. */
  public readonly security: ServingSecurity;
  /** The serving profile in effect. */
  public readonly servingProfile: ServingProfile;
  /** GPUs of each pod of the decode (or only) workload (0 without a GPU). */
  public readonly gpuCount: number;
  /** Pods of one replica of the decode (or only) workload: the head and its workers. */
  public readonly podsPerReplica: number;
  /** The most replicas of the decode (or only) workload. */
  public readonly maxReplicas: number;
  /**
   * ServiceAccount the pods run as.
   * @default - the namespace's default ServiceAccount
   */
  public readonly serviceAccountName?: string;

  private readonly warningMessages: string[] = [];

  constructor(scope: Construct, id: string, props: LLMInferenceServiceProps) {
    super(scope, id);
    try {
      // Wrong types and strings that would not read back as strings, before anything reads them.
      props = checkPublicProps('LLMInferenceService', this, props, LLM_INFERENCE_SERVICE_PROPS_TYPES);
      this.name = props.metadata?.name ?? acceptedName(Names.toDnsLabel(this, { maxLen: 63 }), true);
      this.servedModelName = props.servedModelName ?? this.name;
      this.security = props.security ?? DEFAULT_SECURITY;
      const problems = new Problems();
      this.servingProfile = props.servingProfile ?? DEFAULT_PROFILE;
      this.storageUri = props.model.uri;
      // Invalid profile options are reported with the other problems; nothing is sized from them.
      const profileProblems = new Problems();
      this.servingProfile._check(profileProblems);
      const sizing = profileProblems.isEmpty ? { profile: this.servingProfile, modelSize: usableModelSize(props) } : undefined;
      const decode = resolveWorkload('', props, undefined, sizing);
      const prefill = props.prefill && resolveWorkload('prefill.', props.prefill, decode, sizing);
      this.gpuCount = decode.gpu?.count ?? 0;
      this.podsPerReplica = parallelLayout(props.parallelism).podsPerReplica;
      this.maxReplicas = props.scaling?.maxReplicas ?? props.replicas ?? 1;

      this.checkProps(props, decode, prefill, problems);
      problems.throwIfAny(this, 'LLMInferenceService');

      const namespace = props.metadata?.namespace;
      const binding = bindModelSource(this, 'LLMInferenceService', 'model', props.model, { reader: ModelReader.STORAGE_INITIALIZER, name: this.name, namespace });
      this.serviceAccountName = props.serviceAccountName ?? binding.serviceAccountName;
      // The controller's storage initializer reads S3 settings as InferenceService's does
      // (pkg/controller/v1alpha2/llmisvc attachS3ModelArtifact: credentials.CreateSecretVolumeAndEnv).
      if (binding.credentialsAnnotations && this.api.annotationPrefix) {
        this.warningMessages.push(credentialsWarning(this.api.annotationPrefix, binding.credentialsSecretName, binding.credentialsAnnotations));
      }
      for (const warning of this.warningMessages) this.node.addMetadata('warning', warning);
      new LLMInferenceServiceL1(this, 'Resource', {
        metadata: { ...props.metadata, name: this.name },
        spec: Lazy.any({ produce: () => this.renderSpec(props, decode, prefill) }),
      });
      const router = props.router;
      const layout = {
        multiNode: props.worker !== undefined,
        prefill: props.prefill && { multiNode: props.prefill.worker !== undefined },
        managedRoute: router !== undefined && router.gatewayRoute !== false && router.httpRoutes === undefined,
        managedScheduler: router !== undefined && router.scheduler?.enabled !== false && router.scheduler?.inferencePoolName === undefined,
      };
      registerInApp(this, {
        reserved: () => ({ namespace: namespace ?? Chart.of(this).namespace, objects: llmReservedObjects(this.name, layout) }),
        warnings: () => this.warningMessages,
        problems: () => this.validateCache(props, decode, namespace),
      });
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

  /** The object this construct writes, for escape hatches (`ApiObject.of(service)`). */
  public get apiObject(): ApiObject {
    return ApiObject.of(this);
  }

  private checkProps(props: LLMInferenceServiceProps, decode: ResolvedWorkload, prefill: ResolvedWorkload | undefined, problems: Problems): void {
    if (!isDns1035Label(this.name) || this.name.length > 63) {
      addNameProblem(problems, this.name, props.metadata?.name === undefined,
        'must be at most 63 lowercase letters, digits and \'-\', starting with a letter: KServe names Services after it');
    }
    checkObjectMetadata(problems, props.metadata ?? {});
    checkModelSize(problems, props.modelSize);
    const source = props.model;
    if (!LLM_MODEL_KINDS.includes(source.kind)) {
      problems.add('model', source.uri, `KServe's LLMInferenceService reads only ${LLM_MODEL_KINDS.map((k) => `${k}://`).join(', ')} models`,
        'Use ModelSource.fromHuggingFace, fromS3, fromOci or fromPvc (a ModelCache included)');
    }
    if (source.credentialsSecretName && props.serviceAccountName !== undefined) {
      problems.add('serviceAccountName', props.serviceAccountName, 'source credentials are read through a ServiceAccount that the construct creates',
        'Remove serviceAccountName, or list the Secret in your own ServiceAccount and drop the credentials from the source');
    }
    if (props.serviceAccountName !== undefined && !isDnsSubdomain(props.serviceAccountName)) {
      problems.add('serviceAccountName', props.serviceAccountName, 'must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    if (props.servedModelName !== undefined && !SERVED_MODEL_NAME.test(props.servedModelName)) {
      problems.add('servedModelName', props.servedModelName, 'must be a model name: letters, digits, \'_\', \'.\', \':\', \'/\', \'@\', \'+\' and \'-\'',
        'For example "Qwen/Qwen2.5-7B-Instruct"');
    }
    if (props.lora) checkLora(problems, props.lora, this.servedModelName);
    if (props.baseRefs) checkBaseRefs(problems, props.baseRefs);
    this.checkWorkload(decode, problems);
    if (prefill) this.checkWorkload(prefill, problems);
    checkActuatorConsistency(problems, props, props.prefill);
    if (props.router) checkRouter(problems, props.router);
    this.servingProfile._check(problems);
    for (const [option, [reason, fix]] of Object.entries(PRESET_PROFILE_OPTIONS)) {
      const value = this.servingProfile.options[option as keyof typeof PRESET_PROFILE_OPTIONS];
      if (value !== undefined) {
        problems.add(`servingProfile.${option}`, value, `is not read by LLMInferenceService: ${reason}`, fix);
      }
    }
  }

  private checkWorkload(workload: ResolvedWorkload, problems: Problems): void {
    const { prefix, options } = workload;
    checkReplicas(problems, prefix, options);
    checkParallelism(problems, prefix, options, workload.gpu?.count);
    // A prefill workload without its own GPUs has the decode workload's, checked there.
    if (options.gpu && workload.gpu) {
      const gpuProblems = new Problems();
      validateGpu(workload.gpu, 'gpu', options.gpu.types !== undefined, gpuProblems);
      if (workload.gpu.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) {
        gpuProblems.add('gpu.nodeSelection', GpuNodeSelection.ACCELERATOR_ANNOTATION, 'LLMInferenceService has no accelerator annotation: only the InferenceService webhook reads it',
          'Use GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY');
      }
      problems.addAll(gpuProblems.toArray().map((message) => message.replace(/^'gpu\./, `'${prefix}gpu.`)));
    }
    if (options.image !== undefined && !/^[^\s]+$/.test(options.image)) problems.add(`${prefix}image`, options.image, 'must be an image reference without white space');
    checkEnvNames(problems, prefix, options.env ?? {}, options.secretEnv ?? {});
    if (options.env?.[VLLM_ARGS_ENV] !== undefined && options.vllmArgs) {
      problems.add(`${prefix}env`, VLLM_ARGS_ENV, 'is written from vllmArgs', 'Give the arguments in vllmArgs only');
    }
    for (const arg of options.vllmArgs ?? []) {
      if (arg === '') problems.add(`${prefix}vllmArgs`, arg, 'must be non-empty strings');
    }
    checkNoPlainCredential(problems, `${prefix}vllmArgs`, options.vllmArgs ?? [], 'secretEnv (vLLM reads VLLM_API_KEY for --api-key)');
    checkFieldEnv(problems, prefix, options);
    checkPodMetadata(problems, prefix, options);
    validateResources(problems, `${prefix}resources`, options.resources);
    if (options.worker) {
      checkEnvNames(problems, `${prefix}worker.`, options.worker.env ?? {}, {});
      validateResources(problems, `${prefix}worker.resources`, options.worker.resources);
    }
    if (options.kvCacheOffloading) checkKvCacheOffloading(problems, `${prefix}kvCacheOffloading`, options.kvCacheOffloading);
  }

  /** Cross-construct: the cache must fit the decode workload (replicas, GPU memory, region). */
  private validateCache(props: LLMInferenceServiceProps, decode: ResolvedWorkload, namespace: string | undefined): string[] {
    const cache = props.model.cache;
    if (!cache) return [];
    const gpu = decode.gpu;
    const smallest = gpu && gpu.types.length > 0 ? Math.min(...gpu.types.map((t) => kibibytes(t.memory))) : undefined;
    return cache.checkConsumer({
      path: this.node.path,
      namespace: namespace ?? Chart.of(this).namespace,
      servingApi: this.api,
      // Every pod of every replica mounts the model.
      maxReplicas: this.maxReplicas * this.podsPerReplica,
      gpuMemory: smallest !== undefined ? Size.kibibytes(smallest * gpu!.count * this.podsPerReplica) : undefined,
      gpuRegions: gpu?.regions.length ? gpu.regions : undefined,
    });
  }

  private renderSpec(props: LLMInferenceServiceProps, decode: ResolvedWorkload, prefill: ResolvedWorkload | undefined): LLMInferenceServiceSpecJson {
    const lora = props.lora;
    return {
      model: {
        uri: props.model.uri,
        name: props.servedModelName,
        lora: lora && {
          adapters: lora.adapters.map((adapter) => ({ name: adapter.name, uri: adapter.source.uri })),
          maxRank: lora.maxRank,
          maxAdapters: lora.maxAdapters,
          maxCpuAdapters: lora.maxCpuAdapters,
        },
      },
      baseRefs: props.baseRefs?.map((name) => ({ name })),
      storageInitializer: props.storageInitializer === false ? { enabled: false } : undefined,
      ...this.renderWorkload(decode),
      prefill: prefill && this.renderWorkload(prefill),
      router: props.router && renderRouter(props.router),
    };
  }

  private renderWorkload(workload: ResolvedWorkload): LLMWorkloadJson {
    const options = workload.options;
    const parallelism = options.parallelism;
    const worker = options.worker;
    return {
      replicas: options.replicas,
      // Copied into plain objects: cdk8s cannot serialize a map without a prototype (Object.create(null)).
      labels: options.podLabels && { ...options.podLabels },
      annotations: options.podAnnotations && { ...options.podAnnotations },
      scaling: options.scaling && renderScaling(options.scaling),
      parallelism: parallelism && {
        tensor: parallelism.tensor,
        pipeline: parallelism.pipeline,
        data: parallelism.data,
        dataLocal: parallelism.dataLocal,
        dataRPCPort: parallelism.dataRpcPort,
        expert: parallelism.expert,
      },
      template: this.renderPod(workload, options.env ?? {}, workload.resources, workload.image),
      worker: worker && this.renderPod(workload, worker.env ?? options.env ?? {}, worker.resources ?? workload.resources, workload.image),
      kvCacheOffloading: options.kvCacheOffloading && renderKvCacheOffloading(options.kvCacheOffloading),
    };
  }

  /** A pod of the workload: KServe merges it over the preset's by container name. */
  private renderPod(
    workload: ResolvedWorkload, env: { [name: string]: string }, resources: ContainerResources | undefined, image: string | undefined,
  ): PodFieldsJson {
    const options = workload.options;
    const container: ContainerJson = {
      name: MAIN_CONTAINER,
      image,
      env: renderEnv(env, options.secretEnv ?? {}, options.fieldEnv ?? {}, options.vllmArgs),
      resources: renderResources(resources, workload.gpu),
      securityContext: this.security._containerSecurityContext(),
    };
    return {
      serviceAccountName: this.serviceAccountName,
      nodeSelector: gpuNodeSelector(workload.gpu),
      affinity: gpuAffinity(workload.gpu),
      tolerations: gpuTolerations(workload.gpu),
      securityContext: this.security._podSecurityContext(),
      containers: [container],
    };
  }
}

/** How the serving profile sizes the workloads, when its options are valid. */
interface Sizing {
  readonly profile: ServingProfile;
  readonly modelSize?: Size;
}

/**
 * The workload's GPUs with their default placement, and its resources completed by the serving
 * profile; `prefill` falls back on the decode workload's GPUs, image and resources.
 */
function resolveWorkload(
  prefix: string, options: LLMWorkloadOptions, decode: ResolvedWorkload | undefined, sizing: Sizing | undefined,
): ResolvedWorkload {
  const gpuOptions: GpuOptions | undefined = options.gpu;
  const types = gpuOptions?.types ?? [];
  const gpu: GpuPlacement | undefined = gpuOptions ? {
    count: gpuOptions.count ?? 1,
    types,
    nodeSelection: gpuOptions.nodeSelection ?? defaultGpuNodeSelection(types),
    nodeSelectionGiven: gpuOptions.nodeSelection !== undefined,
    provider: gpuOptions.provider ?? GpuProvider.GPU_FEATURE_DISCOVERY,
    regions: gpuOptions.regions ?? [],
    tolerations: gpuOptions.tolerations ?? [],
  } : decode?.gpu;
  const userResources = options.resources ?? decode?.userResources;
  // Sized only from a valid GPU count: a wrong one is reported by the checks.
  const sized = sizing && gpu && Number.isInteger(gpu.count) && gpu.count >= 1 && gpu.count <= 16
    ? sizing.profile._resources(gpu.count, sizing.modelSize, userResources) : undefined;
  return {
    prefix,
    options,
    gpu,
    image: options.image ?? decode?.image,
    userResources,
    resources: sized ?? userResources,
  };
}

function renderScaling(scaling: LLMScalingOptions): LLMScalingJson {
  const keda = (scaling.actuator ?? WvaActuator.KEDA) === WvaActuator.KEDA;
  const behavior = renderHpaBehavior(scaling.scaleUpStabilization?.toSeconds(), scaling.scaleDownStabilization?.toSeconds());
  return {
    minReplicas: scaling.minReplicas,
    maxReplicas: scaling.maxReplicas,
    wva: {
      // KServe's pattern is a plain decimal (^\d+(\.\d+)?$): no exponent.
      variantCost: scaling.variantCost !== undefined ? decimal(scaling.variantCost) : undefined,
      hpa: keda ? undefined : { behavior },
      keda: keda ? {
        pollingInterval: scaling.pollingInterval?.toSeconds(),
        cooldownPeriod: scaling.cooldownPeriod?.toSeconds(),
        initialCooldownPeriod: scaling.initialCooldownPeriod?.toSeconds(),
        idleReplicaCount: scaling.idleReplicaCount,
        advanced: behavior && { horizontalPodAutoscalerConfig: { behavior } },
      } : undefined,
    },
  };
}

function renderKvCacheOffloading(kv: KvCacheOffloadingOptions): LLMKvCacheOffloadingJson {
  const tiers = kv.secondaryTiers ?? [];
  return {
    cpu: quantity(kv.cpu),
    evictionPolicy: kv.evictionPolicy === KvCacheEvictionPolicy.ARC ? kv.evictionPolicy : undefined,
    secondary: tiers.length > 0 ? tiers.map((tier) => ({
      fileSystem: tier.size !== undefined
        ? { emptyDir: { size: quantity(tier.size) } }
        : { pvc: { ref: { name: tier.claimName!, path: tier.path } } },
    })) : undefined,
  };
}

function renderRouter(router: LLMRouterOptions): LLMRouterJson {
  const scheduler = router.scheduler;
  const gatewayRoute = router.gatewayRoute !== false;
  return {
    gateway: !gatewayRoute ? undefined
      : router.gateways ? { refs: router.gateways.map((g) => ({ name: g.name, namespace: g.namespace, sectionName: g.sectionName })) } : {},
    route: !gatewayRoute ? undefined : router.httpRoutes ? { http: { refs: router.httpRoutes.map((name) => ({ name })) } } : {},
    scheduler: scheduler?.enabled === false ? undefined : {
      replicas: scheduler?.replicas,
      config: scheduler?.config && { ref: { name: scheduler.config.name, key: scheduler.config.key } },
      pool: scheduler?.inferencePoolName !== undefined ? { ref: { name: scheduler.inferencePoolName } } : undefined,
    },
  };
}

/** An argument the presets' shell reads as one word. */
function shellWord(arg: string): string {
  return SHELL_SAFE.test(arg) ? arg : `'${arg.replace(/'/g, '\'\\\'\'')}'`;
}

function renderEnv(
  env: { [name: string]: string }, secretEnv: { [name: string]: SecretEnvSource }, fieldEnv: { [name: string]: string },
  vllmArgs: string[] | undefined,
): EnvVarJson[] | undefined {
  const vars: EnvVarJson[] = [
    ...Object.entries(env).map(([name, value]) => ({ name, value })),
    ...Object.entries(secretEnv)
      .map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key, optional: ref.optional } } })),
    ...Object.entries(fieldEnv).map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { fieldPath } } })),
  ];
  if (vllmArgs && vllmArgs.length > 0) vars.push({ name: VLLM_ARGS_ENV, value: vllmArgs.map(shellWord).join(' ') });
  return vars.length > 0 ? vars : undefined;
}

/**
 * CPU and memory as resolved (one of request and limit stands for both), and the GPUs as their
 * extended resource in requests and limits alike.
 */
function renderResources(resources: ContainerResources | undefined, gpu: GpuPlacement | undefined): ResourceRequirementsJson | undefined {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const cpu = resources?.cpu;
  const memory = resources?.memory;
  const storage = resources?.ephemeralStorage;
  const cpuRequest = cpu?.request ?? cpu?.limit;
  const cpuLimit = cpu?.limit ?? cpu?.request;
  if (cpuRequest && cpuLimit) {
    requests.cpu = cpuRequest.amount;
    limits.cpu = cpuLimit.amount;
  }
  for (const [key, size] of [['memory', memory], ['ephemeral-storage', storage]] as const) {
    const request = size?.request ?? size?.limit;
    const limit = size?.limit ?? size?.request;
    if (request && limit) {
      requests[key] = quantity(request);
      limits[key] = quantity(limit);
    }
  }
  if (gpu) {
    const resourceName = gpu.types[0]?.resourceName ?? NVIDIA_GPU_RESOURCE;
    requests[resourceName] = String(gpu.count);
    limits[resourceName] = String(gpu.count);
  }
  return Object.keys(limits).length > 0 ? { requests, limits } : undefined;
}
