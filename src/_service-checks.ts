/**
 * The rules every serving API shares for an `InferenceService`'s props: GPUs, environment,
 * containers, resources, and the user's annotations against the construct's own. Internal: the
 * construct calls them in the order a user reads the props, and each target adds its own rules.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problems } from './_errors';
import { isWholeSeconds, quantity } from './_format';
import { GpuPlacement } from './_gpu-placement';
import { isLabelValue } from './_metadata-checks';
import { kibibytes } from './_model-cache-checks';
import { checkCpu, checkFiniteSize, cpuMillis } from './_unit-checks';
import { IServingAutoscaler } from './autoscaler';
import { GpuNodeSelection } from './gpu';
import { GpuBudget, InferenceServiceProps, ModelCacheWaitOptions, ServingContainer } from './inference-service-props';
import { checkTolerations } from './scheduling';
import { DeploymentMode, ServingApi } from './serving-api';
import { ServingProbe } from './serving-probe';
import { ServingProfile } from './serving-profile';
import { GpuSpend } from './simulator/gpu-spend';
import { CacheWait, Workload } from './targets/_workload';
import { ServingTarget } from './targets/serving-target';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** ModelCacheWaitOptions.timeout's default: GPU_TUNED's progress deadline. */
const DEFAULT_CACHE_WAIT_TIMEOUT = Duration.minutes(30);

/** A user's annotation may repeat the library's, never contradict it. */
export function checkAnnotationConflicts(user: Record<string, string>, own: Record<string, string>, problems: Problems): void {
  for (const [key, value] of Object.entries(own)) {
    if (Object.prototype.hasOwnProperty.call(user, key) && user[key] !== value) {
      problems.add(`metadata.annotations.${key}`, user[key], `the construct writes ${JSON.stringify(value)} for this key from its own props`,
        'Remove the annotation and set the prop instead, or give the same value');
    }
    user[key] = value;
  }
}

/** GPUs of one component, as `<prop>.count`, `<prop>.types`, ... (`gpu`, `transformer.gpu`). */
export function validateGpu(gpu: GpuPlacement, prop: string, typesGiven: boolean, problems: Problems): void {
  if (!(Number.isInteger(gpu.count) && gpu.count >= 1 && gpu.count <= 16)) problems.add(`${prop}.count`, gpu.count, 'must be a whole number from 1 to 16', 'Give the GPUs of one replica');
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
}

/** A name a container's environment variable may have. */
export function isEnvVarName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Names a container accepts, each set once; the props are `<prefix>env` and `<prefix>secretEnv`. */
export function checkEnvNames(
  problems: Problems, prefix: string, env: { [name: string]: string }, secretEnv: { [name: string]: unknown }, refusesPythonPath: boolean = false,
): void {
  for (const name of [...Object.keys(env), ...Object.keys(secretEnv)]) {
    if (!ENV_NAME.test(name)) problems.add(`${prefix}env`, name, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit');
    if (name === 'PYTHONPATH' && refusesPythonPath) problems.add(`${prefix}env`, name, 'KServe >= 0.18 refuses PYTHONPATH in model server containers', 'Set the path in the image');
  }
  for (const name of Object.keys(secretEnv)) {
    if (Object.prototype.hasOwnProperty.call(env, name)) problems.add(`${prefix}secretEnv`, name, 'is also set in env', 'Set each variable once');
  }
}

export function validateContainer(problems: Problems, prop: string, container: ServingContainer): void {
  if (!/^[^\s]+$/.test(container.image)) problems.add(`${prop}.image`, container.image, 'must be an image reference without white space');
  const port = container.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) problems.add(`${prop}.port`, port, 'must be a port number from 1 to 65535');
}

export function validateResources(problems: Problems, prop: string, resources: InferenceServiceProps['resources']): void {
  const cpu = resources?.cpu;
  if (cpu?.request && cpu.limit && cpuMillis(cpu.request) > cpuMillis(cpu.limit)) {
    problems.add(`${prop}.cpu.request`, cpu.request.amount, `must not exceed the limit ${cpu.limit.amount}`, 'Raise the limit or lower the request');
  }
  if (cpu?.request) checkCpu(problems, `${prop}.cpu.request`, cpu.request);
  if (cpu?.limit) checkCpu(problems, `${prop}.cpu.limit`, cpu.limit);
  const memory = resources?.memory;
  const storage = resources?.ephemeralStorage;
  for (const [name, size] of [['memory.request', memory?.request], ['memory.limit', memory?.limit], ['ephemeralStorage.request', storage?.request],
    ['ephemeralStorage.limit', storage?.limit]] as const) {
    if (size) checkFiniteSize(problems, `${prop}.${name}`, size);
  }
  if (memory?.request && memory.limit && kibibytes(memory.request) > kibibytes(memory.limit)) {
    problems.add(`${prop}.memory.request`, quantity(memory.request), `must not exceed the limit ${quantity(memory.limit)}`, 'Raise the limit or lower the request');
  }
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

/**
 * Values of the wrong type from a JavaScript caller, reported before anything reads them: the API
 * picks the target, and the autoscaler is bound right away.
 */
export function checkPublicTypes(
  service: IConstruct, api: ServingApi, target: ServingTarget | undefined,
  autoscaling: unknown, transformerAutoscaling: unknown, servingProfile: unknown,
): asserts target is ServingTarget {
  const problems = new Problems();
  if (servingProfile !== undefined && !(servingProfile instanceof ServingProfile)) {
    problems.add('servingProfile', String(servingProfile), 'must be a ServingProfile', 'Use ServingProfile.llm() or ServingProfile.none()');
  }
  if (api === ServingApi.KSERVE_LLM_V1ALPHA2) {
    problems.add('api', String(api), 'is written by the LLMInferenceService construct, whose spec (router, prefill, parallelism) InferenceService does not have',
      'Use new LLMInferenceService(...)');
  } else if (!target) {
    problems.add('api', String(api), 'must be a ServingApi', 'For example ServingApi.KSERVE_V1BETA1');
  }
  for (const [prop, value] of [['autoscaling', autoscaling], ['transformer.autoscaling', transformerAutoscaling]] as const) {
    if (value !== undefined && typeof (value as Partial<IServingAutoscaler> | null)?.bind !== 'function') {
      problems.add(prop, String(value), 'must be an IServingAutoscaler, such as a GpuAutoscalingPolicy',
        'For example new GpuAutoscalingPolicy({ maxReplicas: 4 })');
    }
  }
  problems.throwIfAny(service, 'InferenceService');
}

/** Each probe's own rules, and Knative's readiness rule where the pods run on Knative. */
export function checkProbes(workload: Workload, problems: Problems): void {
  const knative = workload.deploymentMode === DeploymentMode.KNATIVE;
  const probes = workload.probes;
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const probe = probes[kind];
    if (probe === undefined) continue;
    if (!(probe instanceof ServingProbe)) {
      problems.add(`probes.${kind}`, probe, 'must be a ServingProbe', 'Use ServingProbe.httpGet(), tcpSocket() or exec()');
      continue;
    }
    probe._check(problems, `probes.${kind}`, { readiness: kind === 'readiness', knative });
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
  if (!(timeout instanceof Duration) || !isWholeSeconds(timeout) || timeout.toSeconds() < 1) {
    problems.add('modelCacheWait.timeout', timeout, 'must be a whole number of seconds, at least 1s', 'For example Duration.minutes(30)');
  }
}
