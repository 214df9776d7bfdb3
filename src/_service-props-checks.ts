/**
 * The rules every serving API shares for an `InferenceService`'s props, checked against its
 * resolved workload; each target adds its own (targets/serving-target.ts). Internal.
 */
import { checkNoPlainCredential } from './_credential-checks';
import { Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { checkObjectMetadata, isDns1035Label, isDnsSubdomain } from './_metadata-checks';
import { addReaderProblems } from './_model-source-binding';
import {
  addNameProblem, checkCacheWait, checkGpuBudget, checkModelSize, checkProbes, validateContainer, validateEnv, validateGpu, validateResources,
} from './_service-checks';
import { ServiceSettings } from './_service-workload';
import { MAX_SAFE_SECONDS } from './_unit-checks';
import { InferenceServiceProps } from './inference-service-props';
import { ModelReader } from './model-source';
import { ServingApi } from './serving-api';
import { Workload } from './targets/_workload';
import { ServingTarget } from './targets/serving-target';

/** Adds the problems of the props, in the order a user reads them. `path` is the construct's. */
export function checkServiceProps(
  settings: ServiceSettings, path: string, target: ServingTarget, workload: Workload, props: InferenceServiceProps, problems: Problems,
): void {
  target.checkApiOptions(workload, problems);
  checkName(settings, target, workload, props.metadata?.name === undefined, problems);
  checkObjectMetadata(problems, props.metadata ?? {});
  target.checkUserAnnotations(workload, props.metadata?.annotations ?? {}, problems);
  checkNoPlainCredential(problems, 'args', workload.args ?? [], 'secretEnv (an argument can read it as $(NAME))', workload.container?.command);
  if (workload.container) {
    validateContainer(problems, 'container', workload.container);
    target.checkContainerName(problems, 'container.name', workload.container.name);
  }
  target.checkServer(workload, problems);
  settings.servingProfile._check(problems);
  checkProbes(workload, problems);
  target.checkPodExtras(workload, problems);
  checkModelSource(settings, target, workload, problems);
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
  checkModelSize(problems, props.modelSize);
  if (props.runtime !== undefined && !isDnsSubdomain(props.runtime)) {
    problems.add('runtime', props.runtime, 'must be the name of a ServingRuntime or ClusterServingRuntime (lowercase alphanumerics, \'-\' and \'.\', at most 253)',
      'For example "kserve-huggingfaceserver"');
  }
  // KServe writes runtimeVersion as the tag of the server's image (distribution/reference's tag grammar).
  if (props.runtimeVersion !== undefined && !/^\w[\w.-]{0,127}$/.test(props.runtimeVersion)) {
    problems.add('runtimeVersion', props.runtimeVersion, 'must be an image tag: letters, digits, \'_\', \'.\' and \'-\', not starting with \'.\' or \'-\', at most 128',
      'For example "v0.15.2-gpu"');
  }
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
  if (props.gpuBudget) checkGpuBudget(path, props.gpuBudget, workload, problems);
}

function checkName(settings: ServiceSettings, target: ServingTarget, workload: Workload, derived: boolean, problems: Problems): void {
  const name = settings.name;
  if (!isDns1035Label(name)) {
    addNameProblem(problems, name, derived,
      'must start with a letter and hold only lowercase letters, digits and \'-\', ending with a letter or digit (KServe refuses dots)');
    return;
  }
  const namespace = settings.objectNamespace;
  const { deploymentMode, transformer, kserveVersion } = workload;
  const budget = target.nameBudget({ deploymentMode, namespace, transformer, kserveVersion });
  if (name.length <= budget) return;
  const because = `because the child name "${target.longestChildName({ ...workload, namespace })}" must stay within 63`;
  // Where the namespace is part of a child's name (KServe Standard mode), a shorter one makes room.
  const namespaceCounts = target.nameBudget({ deploymentMode, namespace: undefined, transformer, kserveVersion }) !== budget;
  const namespaceFix = namespace !== undefined && namespaceCounts ? `a namespace of at most ${namespace.length + budget - name.length} characters` : undefined;
  if (namespace !== undefined && namespaceFix && budget < 1) {
    // No name fits: shortening the name (which a derived name cannot even be) does not help.
    problems.add('metadata.namespace', namespace, `is ${namespace.length} characters and leaves no room for the service's name, ${because}`, `Use ${namespaceFix}`);
  } else if (derived) {
    // A derived name is cdk8s's hash at its shortest: the name the user never gave is no value of theirs.
    problems.add('metadata.name', undefined, `the name derived from the construct path, ${JSON.stringify(name)}, is ${name.length} characters; at most ${budget} fit, ${because}`,
      `Set a metadata.name of at most ${budget} characters${namespaceFix ? `, or use ${namespaceFix}` : ''}`);
  } else {
    problems.add('metadata.name', name, `is ${name.length} characters; at most ${budget} fit, ${because}`, 'Use a shorter name');
  }
}

function checkModelSource(settings: ServiceSettings, target: ServingTarget, workload: Workload, problems: Problems): void {
  const source = workload.model;
  if (!source) return;
  if (!target.sourceKinds.includes(source.kind)) {
    problems.add('model', source.uri, `${settings.api} reads only ${target.sourceKinds.map((k) => `${k}://`).join(', ')} model URIs`,
      settings.api === ServingApi.KNATIVE_SERVICE ? 'Put the model on a PVC or a ModelCache, or pass the URI to your container in env' : 'Use ServingApi.KSERVE_V1BETA1, or another source');
  }
  target.checkSourceVersion(workload, problems);
  addReaderProblems(problems, source, ModelReader.STORAGE_INITIALIZER, 'model');
  if (source.credentialsSecretName && workload.serviceAccountName !== undefined) {
    problems.add('serviceAccountName', workload.serviceAccountName, 'source credentials are read through a ServiceAccount that the construct creates',
      'Remove serviceAccountName, or list the Secret in your own ServiceAccount and drop the credentials from the source');
  }
}

/** An autoscaler's problem about its own prop (`'minReplicas' is 0: ...`), named as the transformer's (`'transformer.autoscaling.minReplicas'`). */
function transformerProblem(problem: string): string {
  return problem.startsWith('\'') ? `'transformer.autoscaling.${problem.slice(1)}` : `transformer.autoscaling.${problem}`;
}
