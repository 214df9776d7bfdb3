/**
 * The Kubernetes Pod Security Standards "restricted" profile (Kubernetes >= 1.27, which includes
 * the baseline profile), checked on every pod template an object carries, the way the
 * PodSecurity admission controller checks the pods that object's controller creates.
 *
 * Objects hold pod templates in different places: workloads and Knative Services under
 * `spec.template.spec`, KServe and KFServing v1beta1 InferenceServices in each component (pod
 * fields at component level, containers in `containers[]` and in the model or framework field),
 * KFServing v1alpha2 only in `custom.container`, KServe LLMInferenceServices in each workload's
 * `template` and `worker` and the scheduler's `template`. A v1alpha2 framework predictor (`tensorflow`,
 * ...) has no field for a security context at all, so it cannot meet the profile whatever it
 * says: such components are reported as unexpressible, not as violations, and nothing else is
 * skipped.
 */

/** One container of a pod template. */
export interface ContainerAt {
  /** JSON pointer of the container in the object. */
  readonly path: string;
  readonly container: Record<string, any>;
}

/** A pod template: the pod-level fields and the containers that run with them. */
export interface PodTemplate {
  /** JSON pointer of the pod-level fields in the object. */
  readonly path: string;
  readonly pod: Record<string, any>;
  readonly containers: ContainerAt[];
  /** The annotations the pods get, with the JSON pointer of their map: the pod's, or its template's. */
  readonly annotations?: { readonly path: string; readonly values: Record<string, any> };
}

/** A component whose API has no field to express a security context. */
export interface UnexpressibleComponent {
  /** JSON pointer of the component in the object. */
  readonly path: string;
  readonly reason: string;
}

export interface PodTemplateScan {
  readonly templates: PodTemplate[];
  readonly unexpressible: UnexpressibleComponent[];
}

/**
 * Where each kind keeps its pod templates, by API group and kind: every served version of a kind
 * keeps them in the same place (CronJob in batch/v1 and batch/v1beta1, Deployment in apps/v1,
 * apps/v1beta2 and extensions/v1beta1, ...). A kind may hold several (a leader and its workers).
 */
const TEMPLATE_PATHS: Record<string, string[][]> = {
  'core/Pod': [['spec']],
  'core/PodTemplate': [['template', 'spec']],
  'core/ReplicationController': [['spec', 'template', 'spec']],
  'apps/Deployment': [['spec', 'template', 'spec']],
  'apps/StatefulSet': [['spec', 'template', 'spec']],
  'apps/DaemonSet': [['spec', 'template', 'spec']],
  'apps/ReplicaSet': [['spec', 'template', 'spec']],
  'extensions/Deployment': [['spec', 'template', 'spec']],
  'extensions/DaemonSet': [['spec', 'template', 'spec']],
  'extensions/ReplicaSet': [['spec', 'template', 'spec']],
  'batch/Job': [['spec', 'template', 'spec']],
  'batch/CronJob': [['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  'serving.knative.dev/Service': [['spec', 'template', 'spec']],
  'serving.knative.dev/Configuration': [['spec', 'template', 'spec']],
  'serving.knative.dev/Revision': [['spec']],
  // KServe's runtimes hold pod fields inline, without a pod security context (serving.kserve.io_servingruntimes.yaml, v0.20).
  'serving.kserve.io/ServingRuntime': [['spec'], ['spec', 'workerSpec']],
  'serving.kserve.io/ClusterServingRuntime': [['spec'], ['spec', 'workerSpec']],
  // LLMInferenceService (v1alpha1, v1alpha2): PodSpecs in each workload (decode, its workers, the same for prefill) and the scheduler's.
  'serving.kserve.io/LLMInferenceService': [
    ['spec', 'template'], ['spec', 'worker'], ['spec', 'prefill', 'template'], ['spec', 'prefill', 'worker'], ['spec', 'router', 'scheduler', 'template'],
  ],
};

const V1BETA1_INFERENCE_SERVICES = ['serving.kserve.io/v1beta1/InferenceService', 'serving.kubeflow.org/v1beta1/InferenceService'];
const V1ALPHA2_INFERENCE_SERVICE = 'serving.kubeflow.org/v1alpha2/InferenceService';
const COMPONENTS = ['predictor', 'transformer', 'explainer'];
/** Component fields that hold the serving container itself (the model, a framework, an explainer). */
const IMPLEMENTATIONS = [
  'model', 'huggingface', 'lightgbm', 'onnx', 'paddle', 'pmml', 'pytorch', 'sklearn', 'tensorflow', 'triton', 'xgboost', 'aix', 'alibi', 'art',
];
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];

/** A value for a message: JSON, or its type when it has none (YAML aliases can make a cycle). */
export function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON writes null for YAML's .nan and .inf
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`} without a JSON form`;
  }
}

/** A map of a manifest (not a list, not null): what every check of the folder reads a field of. */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function containersOf(pod: Record<string, any>, path: string): ContainerAt[] {
  return CONTAINER_LISTS.flatMap((list) => (Array.isArray(pod[list]) ? pod[list] : [])
    .map((container: unknown, i: number) => ({ path: `${path}/${list}/${i}`, container: isObject(container) ? container : {} })));
}

function podTemplate(pod: Record<string, any>, path: string, metadata?: unknown, metadataPath?: string): PodTemplate {
  const annotations = isObject(metadata) && isObject(metadata.annotations) ? { path: `${metadataPath}/annotations`, values: metadata.annotations } : undefined;
  return { path, pod, containers: containersOf(pod, path), annotations };
}

/** A KServe or KFServing v1beta1 component: pod fields, `containers[]` and the implementation field. */
function v1beta1Component(component: Record<string, any>, path: string): PodTemplate[] {
  const implementations = IMPLEMENTATIONS.filter((field) => isObject(component[field]))
    .map((field) => ({ path: `${path}/${field}`, container: component[field] }));
  const templates = [{ path, pod: component, containers: [...containersOf(component, path), ...implementations] }];
  if (isObject(component.workerSpec)) templates.push(podTemplate(component.workerSpec, `${path}/workerSpec`));
  return templates;
}

function v1beta1Templates(spec: Record<string, any>): PodTemplate[] {
  const components = COMPONENTS.filter((name) => isObject(spec[name])).flatMap((name) => v1beta1Component(spec[name], `/spec/${name}`));
  const canaries = (Array.isArray(spec.canary) ? spec.canary : [])
    .flatMap((canary: any, i: number) => (isObject(canary?.predictor) ? v1beta1Component(canary.predictor, `/spec/canary/${i}/predictor`) : []));
  return [...components, ...canaries];
}

/** KFServing v1alpha2: `spec.{default,canary}.{predictor,transformer,explainer}`, one container at most. */
function v1alpha2Scan(spec: Record<string, any>): PodTemplateScan {
  const templates: PodTemplate[] = [];
  const unexpressible: UnexpressibleComponent[] = [];
  for (const endpoint of ['default', 'canary']) {
    for (const name of COMPONENTS) {
      const component = spec[endpoint]?.[name];
      if (!isObject(component)) continue;
      const path = `/spec/${endpoint}/${name}`;
      if (isObject(component.custom)) {
        const container = isObject(component.custom.container) ? component.custom.container : {};
        templates.push({ path: `${path}/custom`, pod: {}, containers: [{ path: `${path}/custom/container`, container }] });
      }
      for (const field of IMPLEMENTATIONS.filter((key) => isObject(component[key]))) {
        unexpressible.push({
          path: `${path}/${field}`,
          reason: 'v1alpha2 framework predictors have no security context field (only a custom container can run restricted)',
        });
      }
    }
  }
  return { templates, unexpressible };
}

/** `group/kind` of an object (`core` for the core group), or undefined when either is not a string. */
export function groupKind(manifest: any): string | undefined {
  const apiVersion = manifest?.apiVersion;
  const kind = manifest?.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return `${slash < 0 ? 'core' : apiVersion.slice(0, slash)}/${kind}`;
}

/** Every pod template of an object, and the components that cannot express a security context. */
export function findPodTemplates(manifest: any): PodTemplateScan {
  const none = { templates: [], unexpressible: [] };
  const kind = groupKind(manifest);
  if (kind === undefined) return none;
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  if (V1BETA1_INFERENCE_SERVICES.includes(key)) return { templates: v1beta1Templates(spec), unexpressible: [] };
  if (key === V1ALPHA2_INFERENCE_SERVICE) return v1alpha2Scan(spec);
  if (!Object.prototype.hasOwnProperty.call(TEMPLATE_PATHS, kind)) return none;
  const templates = TEMPLATE_PATHS[kind].flatMap((path) => {
    const at = (segments: string[]) => segments.reduce<any>((node, segment) => (isObject(node) ? node[segment] : undefined), manifest);
    const pod = at(path);
    // The pods' metadata stands beside their spec: the object's own for a Pod, the template's otherwise.
    const metadataPath = [...path.slice(0, -1), 'metadata'];
    return isObject(pod) ? [podTemplate(pod, `/${path.join('/')}`, at(metadataPath), `/${metadataPath.join('/')}`)] : [];
  });
  return { templates, unexpressible: [] };
}

/** Baseline checks shared by pod- and container-level security contexts. */
function securityContextViolations(path: string, context: Record<string, any>): string[] {
  const violations: string[] = [];
  if (context.windowsOptions?.hostProcess === true) violations.push(`${path}: securityContext.windowsOptions.hostProcess must not be true`);
  const seLinux = context.seLinuxOptions;
  if (isObject(seLinux)) {
    if (!ALLOWED_SELINUX_TYPES.includes(seLinux.type ?? '')) {
      violations.push(`${path}: securityContext.seLinuxOptions.type must be one of container_t, container_init_t, container_kvm_t, container_engine_t, not ${shown(seLinux.type)}`);
    }
    // Baseline: user and role Undefined or "" (kubernetes.io, Pod Security Standards, SELinux).
    if ((seLinux.user ?? '') !== '' || (seLinux.role ?? '') !== '') violations.push(`${path}: securityContext.seLinuxOptions must not set user or role`);
  }
  const appArmor = context.appArmorProfile?.type;
  if (appArmor !== undefined && !ALLOWED_SECCOMP.includes(appArmor)) {
    violations.push(`${path}: securityContext.appArmorProfile.type must be RuntimeDefault or Localhost, not ${shown(appArmor)}`);
  }
  if (context.seccompProfile?.type !== undefined && !ALLOWED_SECCOMP.includes(context.seccompProfile.type)) {
    violations.push(`${path}: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, not ${shown(context.seccompProfile.type)}`);
  }
  if (context.runAsUser === 0) violations.push(`${path}: securityContext.runAsUser must not be 0 (root)`);
  return violations;
}

function podViolations(template: PodTemplate): string[] {
  const { pod, path } = template;
  const violations: string[] = [];
  for (const namespace of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod[namespace] === true) violations.push(`${path}: ${namespace} must not be true`);
  }
  (Array.isArray(pod.volumes) ? pod.volumes : []).forEach((volume: any, i: number) => {
    const sources = Object.keys(isObject(volume) ? volume : {}).filter((key) => key !== 'name');
    const forbidden = sources.filter((source) => !ALLOWED_VOLUME_SOURCES.includes(source));
    if (forbidden.length > 0) {
      violations.push(`${path}/volumes/${i}: ${forbidden.join(', ')} volumes are not allowed; use configMap, csi, downwardAPI, emptyDir, ephemeral, `
        + 'persistentVolumeClaim, projected or secret');
    }
  });
  const context = isObject(pod.securityContext) ? pod.securityContext : {};
  for (const sysctl of Array.isArray(context.sysctls) ? context.sysctls : []) {
    if (!SAFE_SYSCTLS.includes(sysctl?.name)) violations.push(`${path}: securityContext.sysctls must not set the unsafe sysctl ${shown(sysctl?.name)}`);
  }
  violations.push(...securityContextViolations(path, context));
  return violations;
}

function containerViolations(at: ContainerAt, podContext: Record<string, any>, windows: boolean): string[] {
  const context = isObject(at.container.securityContext) ? at.container.securityContext : {};
  const violations: string[] = [];
  if (context.privileged === true) violations.push(`${at.path}: securityContext.privileged must not be true`);
  // Restricted's privilege escalation, seccomp and capabilities rules are Linux only since Kubernetes 1.25:
  // a pod with spec.os.name windows is exempt (kubernetes.io, Pod Security Standards).
  if (!windows && context.allowPrivilegeEscalation !== false) violations.push(`${at.path}: securityContext.allowPrivilegeEscalation must be false`);
  if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) {
    violations.push(`${at.path}: securityContext.runAsNonRoot must be true, on the container or the pod`);
  }
  if (!windows && !ALLOWED_SECCOMP.includes(context.seccompProfile?.type ?? podContext.seccompProfile?.type)) {
    violations.push(`${at.path}: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, on the container or the pod`);
  }
  const drop: unknown[] = Array.isArray(context.capabilities?.drop) ? context.capabilities.drop : [];
  if (!windows && !drop.includes('ALL')) violations.push(`${at.path}: securityContext.capabilities.drop must include ALL`);
  const added = (Array.isArray(context.capabilities?.add) ? context.capabilities.add : []).filter((c: unknown) => c !== 'NET_BIND_SERVICE');
  if (added.length > 0) {
    violations.push(`${at.path}: securityContext.capabilities.add may hold only NET_BIND_SERVICE, not ${added.map((c: unknown) => (typeof c === 'string' ? c : shown(c))).join(', ')}`);
  }
  if (context.procMount !== undefined && context.procMount !== 'Default') violations.push(`${at.path}: securityContext.procMount must be Default`);
  (Array.isArray(at.container.ports) ? at.container.ports : []).forEach((port: any, i: number) => {
    if (port?.hostPort) violations.push(`${at.path}/ports/${i}: hostPort must not be set`);
  });
  violations.push(...securityContextViolations(at.path, context));
  return violations;
}

/**
 * Baseline's AppArmor rule for the annotation form, which the kubelet still reads: unset,
 * `runtime/default` or `localhost/<profile>` (kubernetes.io, Pod Security Standards, AppArmor).
 */
function annotationViolations(template: PodTemplate): string[] {
  const annotations = template.annotations;
  if (!annotations) return [];
  return Object.entries(annotations.values)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX)
      && !(value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'))))
    .map(([key, value]) => `${annotations.path}: ${key} must be runtime/default or localhost/<profile>, not ${shown(value)}`);
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

// The deprecated seccomp annotations (`seccomp.security.alpha.kubernetes.io/pod`,
// `container.seccomp.security.alpha.kubernetes.io/<name>`) are not checked, on purpose: in
// k8s.io/pod-security-admission/policy only check_seccompProfile_baseline.go reads them
// (seccompProfileBaseline_1_0, for policy versions 1.0 to 1.18); from 1.19 the baseline check
// (seccompProfileBaseline_1_19) and the restricted one (check_seccompProfile_restricted.go,
// seccompProfileRestricted_1_19, its only version) read the seccompProfile fields alone, so
// restricted at `latest` neither requires nor refuses the annotations.

/** Every way the object's pod templates break the restricted profile (empty when they meet it). */
export function restrictedProfileViolations(manifest: any): string[] {
  return findPodTemplates(manifest).templates.flatMap((template) => {
    const podContext = isObject(template.pod.securityContext) ? template.pod.securityContext : {};
    const windows = template.pod.os?.name === 'windows';
    const containers = template.containers.flatMap((at) => containerViolations(at, podContext, windows));
    return [...podViolations(template), ...annotationViolations(template), ...containers];
  });
}
