/**
 * The rules KServe enforces for an LLMInferenceService, checked at synth time with the library's
 * messages. Internal. Sources: the CRD's CEL rules (crds/kserve/serving.kserve.io_llminferenceservices.yaml,
 * v0.20.0) and the validating webhook (kserve pkg/apis/serving/v1alpha2/llm_inference_service_validation.go);
 * the GPU and pod counts come from KServe's worker presets (config/llmisvcconfig/config-llm-*-parallel.yaml).
 */
import { Duration } from 'cdk8s';
import { Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { checkStabilizationWindow } from './_hpa-behavior';
import { checkLabels, isDnsLabel, isDnsSubdomain, isQualifiedKey } from './_metadata-checks';
import { kibibytes } from './_model-cache-checks';
import { GPU_OPTIONS_TYPES, SECRET_ENV_TYPES } from './_prop-types';
import {
  API_OBJECT_METADATA, CONTAINER_RESOURCES, DURATION, enumOf, FieldsOf, instanceOf, SIZE, STRING_MAP, STRINGS, struct,
} from './_public-types';
import { isEnvVarName } from './_service-checks';
import { checkFiniteSize } from './_unit-checks';
import {
  ConfigMapKeyReference, GatewayReference, KvCacheEvictionPolicy, KvCacheOffloadingOptions, KvCacheTier, LLMInferenceServiceProps, LLMParallelism,
  LLMRouterOptions, LLMScalingOptions, LLMSchedulerOptions, LLMWorkerOptions, LLMWorkloadOptions, LoraAdapter, LoraOptions, WvaActuator,
} from './llm-inference-service-props';
import { ModelSource, ModelSourceKind } from './model-source';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';

const INT32_MAX = 2147483647;

/** Labels and annotations KServe copies onto the pods: written as an object by cdk8s. */
const POD_METADATA_MAP = { mapOf: 'string', writtenAsObject: true } as const;

/** The types of one workload's fields: the decode workload's (the props themselves) and `prefill`. */
const LLM_WORKLOAD_TYPES: FieldsOf<LLMWorkloadOptions> = {
  replicas: 'number',
  scaling: struct<LLMScalingOptions>({
    maxReplicas: 'number',
    minReplicas: 'number',
    actuator: enumOf('WvaActuator', WvaActuator, 'KEDA'),
    variantCost: 'number',
    idleReplicaCount: 'number',
    pollingInterval: DURATION,
    cooldownPeriod: DURATION,
    initialCooldownPeriod: DURATION,
    scaleDownStabilization: DURATION,
    scaleUpStabilization: DURATION,
  }, 'maxReplicas'),
  parallelism: struct<LLMParallelism>({ tensor: 'number', pipeline: 'number', data: 'number', dataLocal: 'number', dataRpcPort: 'number', expert: 'boolean' }),
  gpu: GPU_OPTIONS_TYPES,
  image: 'string',
  vllmArgs: STRINGS,
  env: STRING_MAP,
  secretEnv: SECRET_ENV_TYPES,
  fieldEnv: STRING_MAP,
  podLabels: POD_METADATA_MAP,
  podAnnotations: POD_METADATA_MAP,
  resources: CONTAINER_RESOURCES,
  worker: struct<LLMWorkerOptions>({ env: STRING_MAP, resources: CONTAINER_RESOURCES }),
  kvCacheOffloading: struct<KvCacheOffloadingOptions>({
    cpu: SIZE,
    evictionPolicy: enumOf('KvCacheEvictionPolicy', KvCacheEvictionPolicy),
    secondaryTiers: { arrayOf: instanceOf(KvCacheTier, 'KvCacheTier.emptyDir(Size.gibibytes(100))') },
  }, 'cpu'),
};

const MODEL_SOURCE = instanceOf(ModelSource, 'ModelSource.fromHuggingFace("Qwen/Qwen2.5-7B-Instruct")');

/** The types of `LLMInferenceServiceProps`, for callers without a type checker. */
export const LLM_INFERENCE_SERVICE_PROPS_TYPES = struct<LLMInferenceServiceProps>({
  ...LLM_WORKLOAD_TYPES,
  metadata: API_OBJECT_METADATA,
  model: MODEL_SOURCE,
  servedModelName: 'string',
  lora: struct<LoraOptions>({
    adapters: { arrayOf: struct<LoraAdapter>({ name: 'string', source: MODEL_SOURCE }, 'name', 'source') },
    maxRank: 'number',
    maxAdapters: 'number',
    maxCpuAdapters: 'number',
  }, 'adapters'),
  baseRefs: STRINGS,
  storageInitializer: 'boolean',
  prefill: struct<LLMWorkloadOptions>(LLM_WORKLOAD_TYPES),
  router: struct<LLMRouterOptions>({
    gatewayRoute: 'boolean',
    gateways: { arrayOf: struct<GatewayReference>({ name: 'string', namespace: 'string', sectionName: 'string' }, 'name') },
    httpRoutes: STRINGS,
    scheduler: struct<LLMSchedulerOptions>({
      enabled: 'boolean',
      replicas: 'number',
      config: struct<ConfigMapKeyReference>({ name: 'string', key: 'string' }, 'name', 'key'),
      inferencePoolName: 'string',
    }),
  }),
  servingProfile: instanceOf(ServingProfile, 'ServingProfile.llm()'),
  modelSize: SIZE,
  security: instanceOf(ServingSecurity, 'ServingSecurity.restricted()'),
  serviceAccountName: 'string',
}, 'model');

/** URI schemes the LLMInferenceService controller reads (pkg/controller/llmisvc attachModelArtifacts). */
export const LLM_MODEL_KINDS: readonly ModelSourceKind[] = [
  ModelSourceKind.HUGGING_FACE, ModelSourceKind.S3, ModelSourceKind.OCI, ModelSourceKind.PVC,
];
/** Schemes of LoRA adapters (LoRASpec: hf://, s3:// and pvc://). */
export const LORA_ADAPTER_KINDS: readonly ModelSourceKind[] = [ModelSourceKind.HUGGING_FACE, ModelSourceKind.S3, ModelSourceKind.PVC];

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= INT32_MAX;
}

function checkCount(problems: Problems, prop: string, value: number | undefined, min: number): void {
  if (value !== undefined && !isCount(value, min)) problems.add(prop, value, `must be a whole number from ${min} to ${INT32_MAX}`);
}

function checkSeconds(problems: Problems, prop: string, duration: Duration | undefined, minSeconds: number): void {
  if (duration === undefined) return;
  if (!isWholeSeconds(duration) || duration.toSeconds() < minSeconds || duration.toSeconds() > INT32_MAX) {
    problems.add(prop, duration, `must be a whole number of seconds, at least ${minSeconds}s`, 'Use Duration.seconds(n)');
  }
}

/** `replicas` or `scaling` (the CRD's rule on WorkloadSpec, ScalingSpec, WVASpec and KEDAScalingSpec). */
export function checkReplicas(problems: Problems, prefix: string, workload: LLMWorkloadOptions): void {
  checkCount(problems, `${prefix}replicas`, workload.replicas, 0);
  const scaling = workload.scaling;
  if (!scaling) return;
  if (workload.replicas !== undefined) {
    problems.add(`${prefix}scaling`, `maxReplicas ${scaling.maxReplicas}`, 'replicas and scaling are mutually exclusive (KServe)',
      'Use scaling for an autoscaled workload or replicas for a fixed one');
  }
  checkScaling(problems, `${prefix}scaling`, scaling);
}

function checkScaling(problems: Problems, prop: string, scaling: LLMScalingOptions): void {
  const actuator = scaling.actuator ?? WvaActuator.KEDA;
  checkCount(problems, `${prop}.maxReplicas`, scaling.maxReplicas, 1);
  checkCount(problems, `${prop}.minReplicas`, scaling.minReplicas, 1);
  const min = scaling.minReplicas ?? 1;
  if (isCount(min, 1) && isCount(scaling.maxReplicas, 1) && min > scaling.maxReplicas) {
    problems.add(`${prop}.minReplicas`, min, `must not exceed maxReplicas (${scaling.maxReplicas})`, 'Raise maxReplicas or lower minReplicas');
  }
  const cost = scaling.variantCost;
  if (cost !== undefined && !(cost >= 0 && cost <= 1e6)) {
    problems.add(`${prop}.variantCost`, cost, 'must be a number from 0 to 1000000 (KServe reads it as a non-negative decimal)');
  }
  checkStabilizationWindow(problems, `${prop}.scaleDownStabilization`, scaling.scaleDownStabilization, 'Duration.minutes(10)');
  checkStabilizationWindow(problems, `${prop}.scaleUpStabilization`, scaling.scaleUpStabilization, 'Duration.seconds(30)');
  const kedaOnly = [
    ['idleReplicaCount', scaling.idleReplicaCount], ['pollingInterval', scaling.pollingInterval],
    ['cooldownPeriod', scaling.cooldownPeriod], ['initialCooldownPeriod', scaling.initialCooldownPeriod],
  ] as const;
  if (actuator === WvaActuator.HPA) {
    for (const [knob, value] of kedaOnly) {
      if (value !== undefined) problems.add(`${prop}.${knob}`, value, 'applies to the KEDA actuator only', 'Remove it, or use WvaActuator.KEDA');
    }
    return;
  }
  checkSeconds(problems, `${prop}.pollingInterval`, scaling.pollingInterval, 1);
  checkSeconds(problems, `${prop}.cooldownPeriod`, scaling.cooldownPeriod, 0);
  checkSeconds(problems, `${prop}.initialCooldownPeriod`, scaling.initialCooldownPeriod, 0);
  const idle = scaling.idleReplicaCount;
  if (idle === undefined) return;
  if (!isCount(idle, 1)) {
    problems.add(`${prop}.idleReplicaCount`, idle, `must be a whole number from 1 to ${INT32_MAX}`);
  } else if (scaling.minReplicas === undefined || idle >= min) {
    problems.add(`${prop}.idleReplicaCount`, idle, `must be less than minReplicas (${scaling.minReplicas ?? 'not set'}), which KServe requires with it: it is the floor while no trigger is active`,
      `Set minReplicas to at least ${idle + 1}, or remove idleReplicaCount`);
  }
}

/** Decode and prefill scale through one metrics pipeline (ValidateActuatorConsistency). */
export function checkActuatorConsistency(problems: Problems, decode: LLMWorkloadOptions, prefill: LLMWorkloadOptions | undefined): void {
  if (!decode.scaling || !prefill?.scaling) return;
  const decodeActuator = decode.scaling.actuator ?? WvaActuator.KEDA;
  const prefillActuator = prefill.scaling.actuator ?? WvaActuator.KEDA;
  if (decodeActuator !== prefillActuator) {
    problems.add('prefill.scaling.actuator', prefillActuator,
      `decode and prefill must use the same actuator, and the decode workload uses ${decodeActuator}: two backends would make independent, unsynchronised scaling decisions (KServe)`,
      `Use WvaActuator.${decodeActuator.toUpperCase()} for both`);
  }
}

/** What one replica of a workload runs: its pods, and the GPUs each pod needs. */
export interface ParallelLayout {
  /** Pods of one replica (a LeaderWorkerSet group): `pipeline`, or `data / dataLocal`. */
  readonly podsPerReplica: number;
  /** GPUs each pod's ranks use: `tensor` x `dataLocal` under data parallelism, `tensor` otherwise. */
  readonly gpusPerPod: number;
}

/** The layout KServe's presets derive from the parallelism (ParallelismSpec.GetSize, the worker presets). */
export function parallelLayout(parallelism: LLMParallelism | undefined): ParallelLayout {
  const tensor = parallelism?.tensor ?? 1;
  const dataLocal = parallelism?.dataLocal;
  if (parallelism?.data !== undefined && dataLocal !== undefined) {
    return { podsPerReplica: Math.max(1, Math.floor(parallelism.data / dataLocal)), gpusPerPod: tensor * dataLocal };
  }
  return { podsPerReplica: parallelism?.pipeline ?? 1, gpusPerPod: tensor };
}

/**
 * The webhook's parallelism rules (validateWorkloadParallelism), and the consistency of the
 * parallelism with the worker pods and the GPUs of each pod.
 */
export function checkParallelism(all: Problems, prefix: string, workload: LLMWorkloadOptions, gpuCount: number | undefined): void {
  const problems = new Problems();
  checkParallelLayout(problems, prefix, workload, gpuCount);
  all.addAll(problems.toArray());
}

function checkParallelLayout(problems: Problems, prefix: string, workload: LLMWorkloadOptions, gpuCount: number | undefined): void {
  const parallelism = workload.parallelism;
  const worker = workload.worker !== undefined;
  const prop = `${prefix}parallelism`;
  if (!parallelism) {
    if (worker) {
      problems.add(`${prefix}worker`, 'set', 'a worker needs parallelism: pipeline, or data with dataLocal (KServe)', 'Give parallelism, or remove worker');
    }
    if (gpuCount !== undefined && gpuCount > 1) {
      problems.add(`${prefix}gpu.count`, gpuCount, 'without parallelism vLLM runs on one GPU of the pod (KServe\'s presets pass no --tensor-parallel-size)',
        `Set ${prefix}parallelism.tensor to ${gpuCount}, or request one GPU`);
    }
    return;
  }
  for (const field of ['tensor', 'pipeline', 'data', 'dataLocal'] as const) checkCount(problems, `${prop}.${field}`, parallelism[field], 1);
  const port = parallelism.dataRpcPort;
  if (port !== undefined && !(isCount(port, 1) && port <= 65535)) problems.add(`${prop}.dataRpcPort`, port, 'must be a port number from 1 to 65535');
  const pipeline = parallelism.pipeline !== undefined;
  const data = parallelism.data !== undefined || parallelism.dataLocal !== undefined;
  if (pipeline && data) {
    problems.add(`${prop}.pipeline`, parallelism.pipeline, 'cannot be combined with data parallelism (data or dataLocal) (KServe)', 'Give pipeline, or data with dataLocal');
  }
  if (parallelism.data !== undefined && parallelism.dataLocal === undefined) {
    problems.add(`${prop}.dataLocal`, undefined, 'must be set when data is set (KServe)', 'Give the data parallel ranks of one pod');
  }
  if (parallelism.dataLocal !== undefined && parallelism.data === undefined) {
    problems.add(`${prop}.data`, undefined, 'must be set when dataLocal is set (KServe)', 'Give the data parallel ranks of the whole replica');
  }
  if (worker && !pipeline && !data) {
    problems.add(`${prefix}worker`, 'set', 'a worker needs pipeline or data parallelism to spread over its pods (KServe)', 'Give parallelism.pipeline, or data with dataLocal');
  }
  if (!problems.isEmpty) return;
  if (isCount(parallelism.data, 1) && isCount(parallelism.dataLocal, 1) && parallelism.data % parallelism.dataLocal !== 0) {
    problems.add(`${prop}.data`, parallelism.data, `must be a multiple of dataLocal (${parallelism.dataLocal}): each pod runs dataLocal ranks`,
      `Use a multiple of ${parallelism.dataLocal}`);
    return;
  }
  const layout = parallelLayout(parallelism);
  if (worker && layout.podsPerReplica < 2) {
    problems.add(`${prefix}worker`, 'set', `the parallelism spreads over ${layout.podsPerReplica} pod, so no worker pod would run`,
      'Remove worker, or raise pipeline (or data over dataLocal) to the number of pods');
  }
  if (!worker && layout.podsPerReplica > 1) {
    problems.add(prop, `${layout.podsPerReplica} pods`, `spreads one replica over ${layout.podsPerReplica} pods, which needs worker pods`,
      'Add worker: {} for a multi-node workload');
  }
  if (gpuCount !== undefined && gpuCount !== layout.gpusPerPod) {
    const formula = parallelism.dataLocal !== undefined ? `tensor (${parallelism.tensor ?? 1}) x dataLocal (${parallelism.dataLocal})` : `tensor (${parallelism.tensor ?? 1})`;
    problems.add(`${prefix}gpu.count`, gpuCount, `each pod runs ${formula} = ${layout.gpusPerPod} GPU rank(s), so it needs exactly that many GPUs`,
      `Set gpu.count to ${layout.gpusPerPod}, or change the parallelism`);
  }
}

/** LoRA limits and adapter names (ValidateLoRAAdapters); the adapters' stores. */
export function checkLora(problems: Problems, lora: LoraOptions, baseModelName: string): void {
  for (const field of ['maxRank', 'maxAdapters', 'maxCpuAdapters'] as const) checkCount(problems, `lora.${field}`, lora[field], 1);
  if (lora.adapters.length === 0) problems.add('lora.adapters', [], 'needs at least one adapter', 'Give adapters, or leave lora out');
  const seen = new Map<string, number>();
  lora.adapters.forEach((adapter, i) => {
    const prop = `lora.adapters[${i}].name`;
    const name = adapter.name;
    if (!/^[A-Za-z0-9][\w.:/-]{0,252}$/.test(name) || name.split('/').some((s) => s === '.' || s === '..')) {
      problems.add(prop, name, 'must be a model name: letters, digits, \'_\', \'.\', \':\', \'/\' and \'-\', without \'.\' or \'..\' segments (KServe: path traversal)');
    } else if (seen.has(name)) {
      problems.add(prop, name, `is the name of adapters[${seen.get(name)}] too (KServe)`, 'Give each adapter its own name');
    } else {
      seen.set(name, i);
    }
    if (name === baseModelName) problems.add(prop, name, 'is the base model\'s name, and requests could not tell them apart (KServe)', 'Rename the adapter');
    if (!LORA_ADAPTER_KINDS.includes(adapter.source.kind)) {
      problems.add(`lora.adapters[${i}].source`, adapter.source.uri, `KServe downloads LoRA adapters from ${LORA_ADAPTER_KINDS.map((k) => `${k}://`).join(', ')} only`,
        'Use ModelSource.fromHuggingFace, fromS3 or fromPvc');
    }
  });
}

/** Gateway, route and scheduler references (validateRouterCrossFieldConstraints, validateSchedulerConfig, the CRD). */
export function checkRouter(problems: Problems, router: LLMRouterOptions): void {
  if (router.gatewayRoute === false) {
    for (const [field, value] of [['gateways', router.gateways], ['httpRoutes', router.httpRoutes]] as const) {
      if (value !== undefined) problems.add(`router.${field}`, value.map((v) => (typeof v === 'string' ? v : v.name)), 'belongs to a Gateway API route, and gatewayRoute is false', `Remove ${field}, or the gatewayRoute setting`);
    }
  }
  (router.gateways ?? []).forEach((gateway, i) => {
    const prop = `router.gateways[${i}]`;
    if (!isDnsSubdomain(gateway.name)) problems.add(`${prop}.name`, gateway.name, 'must be a Gateway name (lowercase alphanumerics, \'-\' and \'.\')');
    if (gateway.namespace !== undefined && !isDnsLabel(gateway.namespace)) problems.add(`${prop}.namespace`, gateway.namespace, 'must be a namespace name');
    if (gateway.sectionName !== undefined && !isDnsSubdomain(gateway.sectionName)) {
      problems.add(`${prop}.sectionName`, gateway.sectionName, 'must be a listener name (lowercase alphanumerics, \'-\' and \'.\')');
    }
  });
  if (router.gateways !== undefined && router.gateways.length === 0) problems.add('router.gateways', [], 'needs at least one Gateway', 'Leave gateways out for KServe\'s Gateway');
  const routes = router.httpRoutes;
  if (routes !== undefined) {
    for (const route of routes) if (!isDnsSubdomain(route)) problems.add('router.httpRoutes', route, 'must be an HTTPRoute name (lowercase alphanumerics, \'-\' and \'.\')');
    if (routes.length === 0) problems.add('router.httpRoutes', [], 'needs at least one HTTPRoute', 'Leave httpRoutes out for a route KServe manages');
    if (!router.gateways?.length) {
      problems.add('router.httpRoutes', routes, 'your own HTTPRoutes cannot be used with the Gateway KServe manages (KServe)', 'Give the Gateways they attach to in router.gateways');
    }
  }
  const scheduler = router.scheduler;
  if (!scheduler) return;
  if (scheduler.enabled === false) {
    for (const [field, value] of [['replicas', scheduler.replicas], ['config', scheduler.config?.name], ['inferencePoolName', scheduler.inferencePoolName]] as const) {
      if (value !== undefined) problems.add(`router.scheduler.${field}`, value, 'configures a scheduler that is disabled', `Remove ${field}, or enable the scheduler`);
    }
  }
  checkCount(problems, 'router.scheduler.replicas', scheduler.replicas, 1);
  if (scheduler.config) {
    if (!isDnsSubdomain(scheduler.config.name)) problems.add('router.scheduler.config.name', scheduler.config.name, 'must be a ConfigMap name (lowercase alphanumerics, \'-\' and \'.\')');
    if (!/^[-._a-zA-Z0-9]{1,253}$/.test(scheduler.config.key)) problems.add('router.scheduler.config.key', scheduler.config.key, 'must be a ConfigMap key (alphanumerics, \'-\', \'_\' and \'.\')');
  }
  if (scheduler.inferencePoolName !== undefined && !isDnsSubdomain(scheduler.inferencePoolName)) {
    problems.add('router.scheduler.inferencePoolName', scheduler.inferencePoolName, 'must be an InferencePool name (lowercase alphanumerics, \'-\' and \'.\')');
  }
}

/** The CPU tier and the file-system tiers (validateKVCacheOffloadingSpec; tiers are one kind each by construction). */
export function checkKvCacheOffloading(problems: Problems, prop: string, kv: KvCacheOffloadingOptions): void {
  checkFiniteSize(problems, `${prop}.cpu`, kv.cpu);
  if (!(kibibytes(kv.cpu) > 0)) problems.add(`${prop}.cpu`, kv.cpu, 'must be more than zero: it is the primary tier (KServe)', 'For example Size.gibibytes(10)');
  (kv.secondaryTiers ?? []).forEach((tier, i) => {
    const tierProp = `${prop}.secondaryTiers[${i}]`;
    if (tier.size !== undefined) {
      checkFiniteSize(problems, tierProp, tier.size);
      if (!(kibibytes(tier.size) > 0)) problems.add(tierProp, tier.size, 'an emptyDir tier needs a size of more than zero');
    }
    if (tier.claimName !== undefined && !isDnsSubdomain(tier.claimName)) {
      problems.add(tierProp, tier.claimName, 'must name a PersistentVolumeClaim (lowercase alphanumerics, \'-\' and \'.\')');
    }
    if (tier.path !== undefined && (tier.path.split('/').includes('..') || /\s/.test(tier.path))) {
      problems.add(tierProp, tier.path, 'a path within the volume must not contain \'..\' or white space');
    }
  });
}

/** Pod fields the downward API gives a container's environment (Kubernetes' validation of `fieldRef`). */
const FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const LABEL_OR_ANNOTATION_PATH = /^metadata\.(labels|annotations)\['([^']+)'\]$/;

/** Downward-API variables: names not used by env or secretEnv, and field paths Kubernetes resolves. */
export function checkFieldEnv(problems: Problems, prefix: string, workload: LLMWorkloadOptions): void {
  for (const [name, fieldPath] of Object.entries(workload.fieldEnv ?? {})) {
    if (!isEnvVarName(name)) {
      problems.add(`${prefix}fieldEnv`, name, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit');
    }
    if (Object.prototype.hasOwnProperty.call(workload.env ?? {}, name) || Object.prototype.hasOwnProperty.call(workload.secretEnv ?? {}, name)) {
      problems.add(`${prefix}fieldEnv`, name, 'is also set in env or secretEnv', 'Set each variable once');
    }
    const keyPath = LABEL_OR_ANNOTATION_PATH.exec(fieldPath);
    if (!FIELD_PATHS.includes(fieldPath) && !(keyPath && isQualifiedKey(keyPath[2]))) {
      problems.add(`${prefix}fieldEnv`, fieldPath,
        `the field of ${JSON.stringify(name)} must be one the downward API gives: ${FIELD_PATHS.join(', ')}, or metadata.labels['<key>'] or metadata.annotations['<key>']`,
        'For example \'status.podIP\'');
    }
  }
}

/** Labels and annotations of a workload's pods. */
export function checkPodMetadata(problems: Problems, prefix: string, workload: LLMWorkloadOptions): void {
  checkLabels(problems, `${prefix}podLabels`, workload.podLabels ?? {});
  for (const key of Object.keys(workload.podAnnotations ?? {})) {
    if (!isQualifiedKey(key)) problems.add(`${prefix}podAnnotations`, key, 'must be a key of the form [prefix/]name (a DNS subdomain prefix, a name of at most 63 characters)');
  }
}

/** Names of LLMInferenceServiceConfig presets, each once. */
export function checkBaseRefs(problems: Problems, baseRefs: string[]): void {
  const seen = new Set<string>();
  for (const name of baseRefs) {
    if (!isDnsSubdomain(name)) problems.add('baseRefs', name, 'must be an LLMInferenceServiceConfig name (lowercase alphanumerics, \'-\' and \'.\')');
    else if (seen.has(name)) problems.add('baseRefs', name, 'is listed twice', 'List each preset once');
    seen.add(name);
  }
}
