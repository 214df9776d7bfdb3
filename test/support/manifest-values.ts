/**
 * What the schemas do not say about a manifest, checked where the cluster reads each value: integer
 * fields within int32 or int64 (and whole, finite JSON numbers), Go durations that Go's
 * `time.ParseDuration` reads, Knative's rules for revision annotations, container, volume, env and
 * Secret names, requests within limits, and Knative's reserved ports and variables on the objects
 * that run as Knative revisions.
 */
import { Problems } from '../../src/_errors';
import { parseGoDuration } from '../../src/_go-values';
import { knativeAnnotationProblems } from '../../src/_knative-annotations';
import { quantityValue } from '../../src/_metadata-checks';

const INT32_FIELDS = new Set([
  'backoffLimit', 'ttlSecondsAfterFinished', 'containerPort', 'weight', 'minReplicas', 'maxReplicas', 'scaleTarget', 'parallelism', 'completions',
]);
const INT64_MAX = 2n ** 63n - 1n;
/** Annotations and ConfigMap keys Knative reads with time.ParseDuration. */
const GO_DURATION_KEYS = new Set([
  'autoscaling.knative.dev/window', 'autoscaling.knative.dev/scale-down-delay', 'autoscaling.knative.dev/scaleDownDelay',
  'autoscaling.knative.dev/scale-to-zero-pod-retention-period', 'autoscaling.knative.dev/scaleToZeroPodRetentionPeriod',
  'serving.knative.dev/progress-deadline',
  'stable-window', 'scale-to-zero-grace-period', 'scale-to-zero-pod-retention-period', 'scale-down-delay',
]);
/** knative/serving pkg/apis/serving/k8s_validation.go `reservedEnvVars` and `reservedPorts`. */
const KNATIVE_RESERVED_ENV = new Set(['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
const KNATIVE_RESERVED_PORTS = new Set([8008, 8012, 8013, 8022, 8112, 9090, 9091]);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

const isDnsLabel = (name: unknown) => typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
const isDnsSubdomain = (name: unknown) => typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);

/** A quantity's value, by the library's parser (_metadata-checks.ts); what is none is an error here. */
function quantityOf(text: string): number {
  const value = quantityValue(text);
  if (Number.isNaN(value)) throw new Error(`not a quantity: ${text}`);
  return value;
}

/** Whether the object's pods run as Knative revisions. */
function runsOnKnative(manifest: any): boolean {
  if (manifest.apiVersion === 'serving.knative.dev/v1') return true;
  if (manifest.kind !== 'InferenceService') return false;
  const mode = manifest.metadata?.annotations?.['serving.kserve.io/deploymentMode'];
  return mode === undefined || mode === 'Knative' || mode === 'Serverless';
}

/** Every problem of one manifest; empty when the cluster reads every value as meant. */
export function manifestValueProblems(manifest: any): string[] {
  const problems: string[] = [];
  const where = `${manifest.kind} ${manifest.metadata?.name}`;
  checkNumbers(manifest, '', problems);
  checkDurations(manifest, problems);
  checkRevisionAnnotations(manifest, problems);
  const knative = runsOnKnative(manifest);
  for (const pod of podSpecs(manifest)) checkPod(pod, knative, problems);
  return problems.map((problem) => `${where}: ${problem}`);
}

function checkNumbers(node: unknown, path: string, problems: string[]): void {
  if (typeof node === 'number') {
    const field = path.slice(path.lastIndexOf('/') + 1);
    if (!Number.isFinite(node)) problems.push(`${path}: ${node} is not a JSON number`);
    else if (Number.isInteger(node) && !Number.isSafeInteger(node)) problems.push(`${path}: ${node} is not exact in JSON`);
    else if (INT32_FIELDS.has(field) && !(Number.isInteger(node) && node >= -(2 ** 31) && node < 2 ** 31)) problems.push(`${path}: ${node} is not an int32`);
    else if (Number.isInteger(node) && BigInt(node) > INT64_MAX) problems.push(`${path}: ${node} is not an int64`);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) => checkNumbers(item, `${path}/${index}`, problems));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) checkNumbers(value, `${path}/${key}`, problems);
  }
}

/** Annotations anywhere, and the data of Knative's ConfigMaps and KnativeServing sections. */
function checkDurations(manifest: any, problems: string[]): void {
  const maps: Record<string, unknown>[] = [...annotationMaps(manifest)];
  if (manifest.kind === 'ConfigMap') maps.push(manifest.data ?? {});
  if (manifest.kind === 'KnativeServing') maps.push(...Object.values<Record<string, unknown>>(manifest.spec?.config ?? {}));
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      if (GO_DURATION_KEYS.has(key) && (typeof value !== 'string' || parseGoDuration(value) === undefined)) {
        problems.push(`${key}: ${JSON.stringify(value)} is not a Go duration`);
      }
    }
  }
}

function annotationMaps(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(annotationMaps);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'annotations' && value && typeof value === 'object'
    ? [value as Record<string, unknown>, ...annotationMaps(value)] : annotationMaps(value)));
}

/** InferenceService APIs copy their annotations onto the revision; a Knative Service has them on its template. */
function checkRevisionAnnotations(manifest: any, problems: string[]): void {
  const revision = manifest.kind === 'InferenceService' && runsOnKnative(manifest) ? manifest.metadata?.annotations
    : manifest.apiVersion === 'serving.knative.dev/v1' ? manifest.spec?.template?.metadata?.annotations : undefined;
  if (revision) {
    const found = new Problems();
    knativeAnnotationProblems(found, revision);
    problems.push(...found.toArray());
  }
  if (manifest.apiVersion === 'serving.knative.dev/v1') {
    for (const key of Object.keys(manifest.metadata?.annotations ?? {})) {
      if (key.startsWith('autoscaling.knative.dev/')) problems.push(`metadata.annotations: Knative refuses ${key} on a Service`);
    }
  }
}

/** Every object holding `containers`: pod specs, and KServe's components and custom containers. */
function podSpecs(node: unknown): any[] {
  if (Array.isArray(node)) return node.flatMap(podSpecs);
  if (node === null || typeof node !== 'object') return [];
  const own = Array.isArray((node as any).containers) || (node as any).container || (node as any).model?.modelFormat ? [node] : [];
  return [...own, ...Object.values(node).flatMap(podSpecs)];
}

function checkPod(pod: any, knative: boolean, problems: string[]): void {
  const volumes: any[] = pod.volumes ?? [];
  const volumeNames = new Set<string>();
  for (const volume of volumes) {
    if (!isDnsLabel(volume.name)) problems.push(`volume name ${JSON.stringify(volume.name)} is not a DNS label`);
    if (volumeNames.has(volume.name)) problems.push(`volume name ${volume.name} is not unique`);
    volumeNames.add(volume.name);
    if (volume.secret && !isDnsSubdomain(volume.secret.secretName)) problems.push(`Secret ${JSON.stringify(volume.secret.secretName)} is not a Secret name`);
    if (volume.persistentVolumeClaim && !isDnsSubdomain(volume.persistentVolumeClaim.claimName)) {
      problems.push(`claim ${JSON.stringify(volume.persistentVolumeClaim.claimName)} is not a claim name`);
    }
  }
  // KServe's runtime predictor keeps its container's fields in `model`; v1alpha2's custom one in `container`.
  const containers: any[] = [...pod.containers ?? [], ...pod.container ? [pod.container] : [], ...pod.model?.modelFormat ? [pod.model] : []];
  for (const container of containers) {
    for (const variable of container.env ?? []) {
      if (!ENV_NAME.test(variable.name)) problems.push(`env ${JSON.stringify(variable.name)} is not a variable name`);
      if (knative && KNATIVE_RESERVED_ENV.has(variable.name)) problems.push(`env ${variable.name} is reserved by Knative`);
      const reference = variable.valueFrom?.secretKeyRef;
      if (reference && !(isDnsSubdomain(reference.name) && SECRET_KEY.test(reference.key) && reference.key.length <= 253)) {
        problems.push(`env ${variable.name} references ${JSON.stringify(reference)}, not a Secret key`);
      }
    }
    for (const port of container.ports ?? []) {
      if (knative && KNATIVE_RESERVED_PORTS.has(port.containerPort)) problems.push(`port ${port.containerPort} is reserved by Knative`);
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!volumeNames.has(mount.name)) problems.push(`volume mount ${JSON.stringify(mount.name)} names no volume of the pod`);
    }
    const { requests = {}, limits = {} } = container.resources ?? {};
    for (const [resource, request] of Object.entries<string>(requests)) {
      const limit = limits[resource];
      if (limit !== undefined && quantityOf(request) > quantityOf(limit)) problems.push(`${resource} request ${request} is above its limit ${limit}`);
    }
  }
}
