/**
 * The rules every serving API shares for an `InferenceService`'s props: GPUs, environment,
 * containers, resources, and the user's annotations against the construct's own. Internal: the
 * construct calls them in the order a user reads the props, and each target adds its own rules.
 */
import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isDuration } from './_cdk8s-values';
import { checkNoPlainCredential, checkNoPlainCredentialInEnv } from './_credential-checks';
import { memberPath, Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { GpuPlacement } from './_gpu-placement';
import { otherSpellings } from './_knative-annotations';
import { isDnsSubdomain, isLabelValue, isSecretKey, SECRET_KEY_RULE } from './_metadata-checks';
import { GPU_OPTIONS_TYPES, SECRET_ENV_TYPES } from './_prop-types';
import {
  API_OBJECT_METADATA, checkPublicProps, CONTAINER_RESOURCES, DURATION, enumOf, instanceOf, SIZE, STRING_MAP, STRINGS, struct, withMembers,
} from './_public-types';
import { redactSecrets } from './_secrets';
import { usableModelSize } from './_service-explain';
import { checkCpu, checkFiniteSize, checkRequestsWithinLimits } from './_unit-checks';
import { GpuNodeSelection } from './gpu';
import {
  CanaryOptions, GpuBudget, InferenceServiceProps, ModelCacheWaitOptions, MultiNodeOptions, SecretEnvSource, ServingContainer, TransformerOptions,
} from './inference-service-props';
import { ModelFormat, ProtocolVersion } from './model-format';
import { ModelSource } from './model-source';
import { checkTolerations } from './scheduling';
import { DeploymentMode, KfservingVersion, KServeVersion, ServingApi } from './serving-api';
import { ServingProbe, ServingProbes } from './serving-probe';
import { ServingProfile } from './serving-profile';
import { ServingSecurity } from './serving-security';
import { GpuSpend } from './simulator/gpu-spend';
import { CacheWait, Workload } from './targets/_workload';
import { ServingTarget } from './targets/serving-target';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** ModelCacheWaitOptions.timeout's default: GPU_TUNED's progress deadline. */
const DEFAULT_CACHE_WAIT_TIMEOUT = Duration.minutes(30);

/** A user's annotation may repeat the library's, never contradict it. */
export function checkAnnotationConflicts(user: Readonly<Record<string, string>>, own: Record<string, string>, problems: Problems): void {
  for (const [key, value] of Object.entries(own)) {
    if (Object.prototype.hasOwnProperty.call(user, key) && user[key] !== value) {
      problems.add(memberPath('metadata.annotations', key), user[key], `the construct writes ${JSON.stringify(value)} for this key from its own props`,
        'Remove the annotation and set the prop instead, or give the same value');
    }
    // Knative reads one spelling of a key and ignores the other: a user's other spelling would be lost or win.
    for (const other of otherSpellings(key)) {
      if (!Object.prototype.hasOwnProperty.call(user, other)) continue;
      problems.add(memberPath('metadata.annotations', other), user[other], `is another spelling of ${key}, which the construct writes from its own props`,
        'Remove the annotation and set the prop instead');
    }
  }
}

/** GPUs of one replica: 1 to 16, the most one node holds. */
function isGpuCount(count: number): boolean {
  return Number.isInteger(count) && count >= 1 && count <= 16;
}

/** GPUs of one component, as `<prop>.count`, `<prop>.types`, ... (`gpu`, `transformer.gpu`). */
export function validateGpu(gpu: GpuPlacement, prop: string, typesGiven: boolean, problems: Problems): void {
  if (!isGpuCount(gpu.count)) problems.add(`${prop}.count`, gpu.count, 'must be a whole number from 1 to 16', 'Give the GPUs of one replica');
  if (typesGiven && gpu.types.length === 0) {
    problems.add(`${prop}.types`, [], 'needs at least one GPU type', 'Give for example [GpuType.A100_80GB_SXM], or leave types out for any GPU type');
  }
  checkNodeSelection(gpu, prop, typesGiven, problems);
  const provider = gpu.provider;
  for (const type of gpu.types) {
    const labelValue = provider.labelValueOf(type);
    if (labelValue === undefined) {
      problems.add(`${prop}.types`, type.name, `has no ${provider.labelKey} value: the ${provider.kind} provider does not offer it`,
        'Choose a type the provider offers, or GpuType.custom() with the label value');
    } else if (!isLabelValue(labelValue)) {
      problems.add(`${prop}.types`, type.name, `has the ${provider.labelKey} value ${JSON.stringify(labelValue)}, which no node label can hold`,
        'Give GpuType.custom() the label value of the GPU nodes');
    }
    checkFiniteSize(problems, `${prop}.types`, type.memory);
  }
  const resources = new Set(gpu.types.map((t) => t.resourceName));
  if (resources.size > 1) {
    problems.add(`${prop}.types`, gpu.types.map((t) => t.name), `request different extended resources (${[...resources].join(', ')}), and a pod requests one`,
      'Give GPU types of one vendor and MIG profile');
  }
  checkTolerations(problems, `${prop}.tolerations`, gpu.tolerations);
  for (const region of gpu.regions) {
    if (region === '' || !isLabelValue(region)) problems.add(`${prop}.regions`, region, 'must be a label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')');
  }
}

export function validateEnv(target: ServingTarget, workload: Workload, problems: Problems): void {
  checkEnvNames(problems, '', workload.env, workload.secretEnv, target.refusesPythonPath);
  if (workload.transformer?.env) checkEnvNames(problems, 'transformer.', workload.transformer.env, {}, target.refusesPythonPath);
}

/** A name a container's environment variable may have. */
export function isEnvVarName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Names a container accepts, each set once; the props are `<prefix>env` and `<prefix>secretEnv`. */
export function checkEnvNames(
  problems: Problems, prefix: string, env: { [name: string]: string }, secretEnv: { [name: string]: SecretEnvSource },
  refusesPythonPath: boolean = false,
): void {
  for (const name of [...Object.keys(env), ...Object.keys(secretEnv)]) {
    if (!ENV_NAME.test(name)) problems.add(`${prefix}env`, name, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit');
    if (name === 'PYTHONPATH' && refusesPythonPath) problems.add(`${prefix}env`, name, 'KServe >= 0.18 refuses PYTHONPATH in model server containers', 'Set the path in the image');
  }
  for (const [name, value] of Object.entries(env)) checkNoPlainCredentialInEnv(problems, memberPath(`${prefix}env`, name), name, value, 'secretEnv');
  for (const [name, source] of Object.entries(secretEnv)) {
    if (Object.prototype.hasOwnProperty.call(env, name)) problems.add(`${prefix}secretEnv`, name, 'is also set in env', 'Set each variable once');
    if (!isDnsSubdomain(source.secretName)) {
      problems.add(`${memberPath(`${prefix}secretEnv`, name)}.secretName`, source.secretName, 'must be a Secret name (lowercase alphanumerics, \'-\' and \'.\', at most 253)');
    }
    if (!isSecretKey(source.key)) problems.add(`${memberPath(`${prefix}secretEnv`, name)}.key`, source.key, SECRET_KEY_RULE);
  }
}

/**
 * A service name the API refuses: the one given, or the one derived from the construct path,
 * whose only flaw can be a leading digit (`acceptedName` replaces the rest).
 */
export function addNameProblem(problems: Problems, name: string, derived: boolean, rule: string): void {
  if (derived) {
    problems.add('metadata.name', undefined, `the name derived from the construct path, ${JSON.stringify(name)}, ${rule}`,
      'Set metadata.name, or rename the construct whose id starts the derived name');
  } else {
    problems.add('metadata.name', name, rule, 'Rename the service');
  }
}

/**
 * A service's own `modelSize`: the profile's memory and the startup probe are sized from it, and
 * a size `usableModelSize` cannot use would read as no size at all.
 */
export function checkModelSize(problems: Problems, modelSize: Size | undefined): void {
  if (modelSize !== undefined && usableModelSize({ model: undefined, modelSize }) === undefined) {
    problems.add('modelSize', modelSize, 'must be a size of more than zero and at most 1 PiB', 'For example Size.gibibytes(16)');
  }
}

export function validateContainer(problems: Problems, prop: string, container: ServingContainer): void {
  if (!/^[^\s]+$/.test(container.image)) problems.add(`${prop}.image`, container.image, 'must be an image reference without white space');
  checkNoPlainCredential(problems, `${prop}.command`, container.command ?? [], 'secretEnv (an argument can read it as $(NAME))');
  checkNoPlainCredential(problems, `${prop}.args`, container.args ?? [], 'secretEnv (an argument can read it as $(NAME))', container.command);
  const port = container.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) problems.add(`${prop}.port`, port, 'must be a port number from 1 to 65535');
}

export function validateResources(problems: Problems, prop: string, resources: InferenceServiceProps['resources']): void {
  const cpu = resources?.cpu;
  if (cpu?.request) checkCpu(problems, `${prop}.cpu.request`, cpu.request);
  if (cpu?.limit) checkCpu(problems, `${prop}.cpu.limit`, cpu.limit);
  const memory = resources?.memory;
  const storage = resources?.ephemeralStorage;
  for (const [name, size] of [['memory.request', memory?.request], ['memory.limit', memory?.limit], ['ephemeralStorage.request', storage?.request],
    ['ephemeralStorage.limit', storage?.limit]] as const) {
    if (size) checkFiniteSize(problems, `${prop}.${name}`, size);
  }
  checkRequestsWithinLimits(problems, prop, resources);
}

/** A budget's own values, as `prop.<field>`: finite amounts, and the hours of a month. */
export function checkGpuBudgetValues(problems: Problems, prop: string, budget: GpuBudget): boolean {
  let valid = true;
  for (const [field, value, max] of [['monthlyBudget', budget.monthlyBudget, 1e12], ['pricePerGpuHour', budget.pricePerGpuHour, 1e6]] as const) {
    if (typeof value !== 'number' || !(value >= 0 && value <= max)) {
      problems.add(`${prop}.${field}`, value, `must be a number from 0 to ${max}`, 'Give the amount as a number, in the currency of the price');
      valid = false;
    }
  }
  const hours = budget.hoursPerMonth;
  if (hours !== undefined && (typeof hours !== 'number' || !(hours >= 1 && hours <= 744))) {
    problems.add(`${prop}.hoursPerMonth`, hours, 'must be a number of hours from 1 to 744 (31 days)', 'Leave it out for 730');
    valid = false;
  }
  return valid;
}

/**
 * The worst case of a service with a budget: every replica it may run, all month; the
 * transformer's GPUs count as a second share (its replicas from its own autoscaler).
 */
export function checkGpuBudget(subject: string, budget: GpuBudget, workload: Workload, problems: Problems): void {
  if (!checkGpuBudgetValues(problems, 'gpuBudget', budget)) return;
  const transformerGpu = workload.transformerGpu;
  if (!workload.gpu && !transformerGpu) {
    problems.add('gpuBudget', budget.monthlyBudget, 'a service without GPUs spends nothing on them', 'Remove gpuBudget, or give gpu');
    return;
  }
  // A GPU count out of range is reported by validateGpu.
  if ((workload.gpu && !isGpuCount(workload.gpu.count)) || (transformerGpu && !isGpuCount(transformerGpu.count))) return;
  const maxReplicas = workload.autoscaling.replicaLimit;
  // A multi-node replica runs a head and workers, each with the GPUs of one pod.
  const pods = workload.multiNode?.pipelineParallelSize ?? 1;
  if (!transformerGpu) {
    problems.addAll(GpuSpend.budgetProblems({ subject, maxReplicas, gpusPerReplica: workload.gpu!.count * pods, ...budget }));
    return;
  }
  const price = budget.pricePerGpuHour;
  const services = [{ subject: `${subject}/transformer`, maxReplicas: workload.transformerAutoscaling?.replicaLimit ?? 0, gpusPerReplica: transformerGpu.count, pricePerGpuHour: price }];
  if (workload.gpu) services.unshift({ subject: `${subject}/predictor`, maxReplicas, gpusPerReplica: workload.gpu.count * pods, pricePerGpuHour: price });
  problems.addAll(GpuSpend.appBudgetProblems({ subject, services, monthlyBudget: budget.monthlyBudget, hoursPerMonth: budget.hoursPerMonth }));
}

const NODE_SELECTIONS: readonly string[] = Object.values(GpuNodeSelection);

/** What each node selection can express: how many types and regions. */
function checkNodeSelection(gpu: GpuPlacement, prop: string, typesGiven: boolean, problems: Problems): void {
  const selection = gpu.nodeSelection;
  if (!NODE_SELECTIONS.includes(selection)) {
    problems.add(`${prop}.nodeSelection`, selection, `must be a GpuNodeSelection: ${NODE_SELECTIONS.map((s) => JSON.stringify(s)).join(', ')}`, 'For example GpuNodeSelection.NODE_SELECTOR');
    return;
  }
  if (selection === GpuNodeSelection.NONE) {
    if (gpu.types.length > 0) {
      problems.add(`${prop}.nodeSelection`, selection, `the types ${gpu.types.map((t) => t.name).join(', ')} would not be selected`, 'Remove types for any GPU type, or choose how to select them');
    }
    if (gpu.regions.length > 0 && !typesGiven) problems.add(`${prop}.regions`, gpu.regions, 'need node selection, and there is none without GPU types', 'Give types, or remove regions');
    return;
  }
  if (gpu.types.length === 0 && !typesGiven) {
    problems.add(`${prop}.nodeSelection`, selection, 'selects GPU types, and none are given', 'Give types, or leave nodeSelection out');
  }
  const single = selection === GpuNodeSelection.NODE_SELECTOR || selection === GpuNodeSelection.ACCELERATOR_ANNOTATION;
  // A default selection takes one type when it is one of these; a target that has no other form says so itself.
  if (single && gpu.types.length > 1 && gpu.nodeSelectionGiven) {
    problems.add(`${prop}.types`, gpu.types.map((t) => t.name), `${selection} selects one type`, 'Give one type, or use GpuNodeSelection.REQUIRED_AFFINITY for several');
  }
  if (selection === GpuNodeSelection.NODE_SELECTOR && gpu.regions.length > 1) {
    problems.add(`${prop}.regions`, gpu.regions, 'a node selector holds one region', 'Give one region, or use GpuNodeSelection.REQUIRED_AFFINITY for several');
  }
}

const SERVING_CONTAINER_TYPES = struct<ServingContainer>({ image: 'string', command: STRINGS, args: STRINGS, port: 'number', name: 'string' }, 'image');
const AUTOSCALER_TYPE = withMembers('an IServingAutoscaler, such as a GpuAutoscalingPolicy', { bind: 'function' }, 'new GpuAutoscalingPolicy({ maxReplicas: 4 })');
const PROBE_TYPE = instanceOf(ServingProbe, 'ServingProbe.httpGet("/health")');
const PROBES_TYPES = struct<ServingProbes>({ readiness: PROBE_TYPE, liveness: PROBE_TYPE, startup: PROBE_TYPE });
const GPU_BUDGET_TYPES = struct<GpuBudget>({ monthlyBudget: 'number', pricePerGpuHour: 'number', hoursPerMonth: 'number' }, 'monthlyBudget', 'pricePerGpuHour');

/** The types of `InferenceServiceProps`, for callers without a type checker. */
export const INFERENCE_SERVICE_PROPS_TYPES = struct<InferenceServiceProps>({
  metadata: API_OBJECT_METADATA,
  api: instanceOf(ServingApi, 'ServingApi.KSERVE_V1BETA1'),
  deploymentMode: enumOf('DeploymentMode', DeploymentMode),
  kserveVersion: instanceOf(KServeVersion, 'KServeVersion.V0_20'),
  model: instanceOf(ModelSource, 'ModelSource.fromHuggingFace("org/model")'),
  modelFormat: instanceOf(ModelFormat, 'ModelFormat.HUGGINGFACE'),
  runtime: 'string',
  runtimeVersion: 'string',
  protocolVersion: enumOf('ProtocolVersion', ProtocolVersion),
  container: SERVING_CONTAINER_TYPES,
  args: STRINGS,
  env: STRING_MAP,
  secretEnv: SECRET_ENV_TYPES,
  resources: CONTAINER_RESOURCES,
  gpu: GPU_OPTIONS_TYPES,
  autoscaling: AUTOSCALER_TYPE,
  timeout: DURATION,
  canary: struct<CanaryOptions>({
    trafficPercent: 'number', stableRevisionName: 'string', tagRouting: 'boolean', stableModel: instanceOf(ModelSource, 'ModelSource.fromPvc("models", "v1")'),
  }, 'trafficPercent'),
  transformer: struct<TransformerOptions>({
    container: SERVING_CONTAINER_TYPES,
    env: STRING_MAP,
    resources: CONTAINER_RESOURCES,
    autoscaling: AUTOSCALER_TYPE,
    gpu: GPU_OPTIONS_TYPES,
    probes: PROBES_TYPES,
  }, 'container'),
  kfservingVersion: instanceOf(KfservingVersion, 'KfservingVersion.V0_6'),
  servingProfile: instanceOf(ServingProfile, 'ServingProfile.llm()'),
  probes: PROBES_TYPES,
  modelCacheWait: struct<ModelCacheWaitOptions>({ enabled: 'boolean', timeout: DURATION }),
  multiNode: struct<MultiNodeOptions>({
    pipelineParallelSize: 'number', tensorParallelSize: 'number', workerResources: CONTAINER_RESOURCES, replicas: 'number',
  }, 'pipelineParallelSize'),
  security: instanceOf(ServingSecurity, 'ServingSecurity.restricted()'),
  gpuBudget: GPU_BUDGET_TYPES,
  modelSize: SIZE,
  serviceAccountName: 'string',
});

/** The one ServingApi without a target here: LLMInferenceService is its own construct. */
export function checkServingApiTarget(service: IConstruct, api: ServingApi, target: ServingTarget | undefined): asserts target is ServingTarget {
  if (target) return;
  const problems = new Problems();
  problems.add('api', String(api), 'is written by the LLMInferenceService construct, whose spec (router, prefill, parallelism) InferenceService does not have',
    'Use new LLMInferenceService(...)');
  problems.throwIfAny(service, 'InferenceService');
}

/** A budget's values for a caller without a type checker (`AppGpuBudget`); returns the budget to keep, a copy. */
export function checkGpuBudgetTypes(scope: IConstruct, props: GpuBudget): GpuBudget {
  return checkPublicProps('AppGpuBudget', scope, props, GPU_BUDGET_TYPES, 'props');
}

/**
 * Each probe's own rules, and Knative's readiness rule where the pods run on Knative: the server's
 * (`probes`) and the transformer's (`transformer.probes`).
 */
export function checkProbes(workload: Workload, problems: Problems): void {
  const knative = workload.deploymentMode === DeploymentMode.KNATIVE;
  const sets: [string, ServingProbes][] = [['probes', workload.probes], ['transformer.probes', workload.transformer?.probes ?? {}]];
  for (const [prefix, probes] of sets) {
    for (const kind of ['readiness', 'liveness', 'startup'] as const) {
      const probe = probes[kind];
      if (probe === undefined) continue;
      if (!(probe instanceof ServingProbe)) {
        problems.add(`${prefix}.${kind}`, probe, 'must be a ServingProbe', 'Use ServingProbe.httpGet(), tcpSocket() or exec()');
        continue;
      }
      probe._check(problems, `${prefix}.${kind}`, { readiness: kind === 'readiness', knative });
    }
  }
}

/** The wait for a ModelCache's marker: when the model is read from a cache whose loader writes one. */
export function cacheWaitOf(props: InferenceServiceProps): CacheWait | undefined {
  const options = props.modelCacheWait ?? {};
  const marker = props.model?.cache?.completionMarker;
  if (!marker || options.enabled === false) return undefined;
  return { marker, timeout: options.timeout ?? DEFAULT_CACHE_WAIT_TIMEOUT, requested: options.enabled === true };
}

/** The wait's own options. */
export function checkCacheWait(options: ModelCacheWaitOptions | undefined, problems: Problems): void {
  if (options?.timeout === undefined) return;
  const timeout = options.timeout;
  if (!isDuration(timeout) || !isWholeSeconds(timeout) || timeout.toSeconds() < 1) {
    problems.add('modelCacheWait.timeout', timeout, 'must be a whole number of seconds, at least 1s', 'For example Duration.minutes(30)');
  }
}

/**
 * The warning for S3 settings (endpoint, HTTPS, region) that KServe's storage initializer reads
 * from annotations on the credentials Secret, which the chart does not own. `prefix` is the
 * serving API's annotation prefix.
 */
export function credentialsWarning(prefix: string, secretName: string | undefined, settings: { [key: string]: string }): string {
  const list = Object.entries(settings).map(([key, value]) => `${prefix}/${key}: "${value}"`).join(', ');
  const holder = secretName ? `the Secret '${secretName}'` : 'the cluster\'s inferenceservice-config (credentials.s3)';
  return redactSecrets('\'model\' reads S3 through settings KServe takes from annotations on the credentials Secret, which this chart does not own: '
    + `make ${holder} carry ${list}`);
}
