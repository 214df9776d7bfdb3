/**
 * apimachinery's rules for object metadata (k8s.io/apimachinery/pkg/api/validation/objectmeta.go):
 * the API server refuses an object whose namespace, labels or annotations break them.
 */
import { Problems } from './_errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** The most bytes of annotation keys and values one object may carry. */
export const TOTAL_ANNOTATION_BYTES = 256 * 1024;
/** KServe's rule for InferenceService names: DNS-1035 labels, since each becomes a Knative Service and a host. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A resource quantity in Kubernetes' grammar (k8s.io/apimachinery/pkg/api/resource/quantity.go:
 * a signed decimal number, then a binary suffix Ki..Ei, a decimal suffix n, u, m, k, M..E, or an
 * exponent): `1.5`, `500m`, `16Gi`, `1e3`; never `1.5.5`, `16GB` or `Gi`. The exponent is a whole
 * number: `ParseQuantity` reads only digits after the sign of an exponent (parseQuantityString, then
 * strconv.ParseInt in the suffixer), so `1e3.5` is refused, although the pattern the CRDs carry for
 * quantities allows a fraction there.
 */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Whether a string is a Kubernetes resource quantity. */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** What each suffix of a quantity multiplies by (apimachinery resource suffixes). */
const QUANTITY_SCALE: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** The value of a Kubernetes quantity as a number (NaN when it is none), for comparisons. */
export function quantityValue(value: string): number {
  const match = QUANTITY.exec(value);
  if (!match) return NaN;
  const suffix = match[3] ?? '';
  if (/^[eE]/.test(suffix)) return Number(value);
  return Number(value.slice(0, value.length - suffix.length)) * QUANTITY_SCALE[suffix];
}

/**
 * Ports Knative Serving keeps for its queue-proxy sidecar and profiling; its webhook refuses a user
 * container that declares one (knative/serving pkg/apis/serving/k8s_validation.go `reservedPorts`:
 * networking.BackendHTTPPort 8012, BackendHTTP2Port 8013, QueueAdminPort 8022,
 * AutoscalingQueueMetricsPort 9090, UserQueueMetricsPort 9091, knative.dev/pkg/profiling.ProfilingPort 8008).
 * 8112 is the queue-proxy's BackendHTTPSPort (pkg/reconciler/revision/resources/queue.go
 * `queueHTTPSPort`): a user container on it collides with the sidecar in the same pod.
 */
export const KNATIVE_RESERVED_PORTS: readonly number[] = [8008, 8012, 8013, 8022, 8112, 9090, 9091];

/**
 * The variables of Knative's runtime contract, which it sets and rejects in a revision's containers
 * (knative/serving pkg/apis/serving/k8s_validation.go, `reservedEnvVars`).
 */
export const KNATIVE_RESERVED_ENV: readonly string[] = ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];

/** An object name: a DNS-1123 subdomain. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * The form of a `generateName` that a name rule checks (apimachinery's maskTrailingDash,
 * k8s.io/apimachinery/pkg/api/validation/generic.go): each ValidateNameFunc called with
 * prefix=true replaces a trailing '-' and the character before it with 'a', since the API server
 * appends random characters, then applies the rule and its length limit to what is left.
 */
export function maskTrailingDash(name: string): string {
  if (name.length <= 1 || !name.endsWith('-')) return name;
  // Go cuts bytes: a character of several UTF-8 bytes before the '-' leaves a stray byte (here a non-ASCII
  // character, as latin1 reads each byte), which no name rule allows, as in the API server.
  return `${Buffer.from(name, 'utf8').subarray(0, -2).toString('latin1')}a`;
}

/**
 * A name the API server may generate from a generateName: its first 58 characters, then 5 random
 * lowercase alphanumerics, 63 at most (k8s.io/apiserver/pkg/storage/names/generate.go,
 * maxGeneratedNameLength), with 'x' for each random one (`utilrand.String`). Checks that run after
 * the name is generated (a webhook, a kind's own validation) see such a name.
 */
export function generatedNameOf(generateName: string): string {
  return `${generateName.slice(0, 63 - 5)}xxxxx`;
}

/** A namespace name: a DNS-1123 label. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A DNS-1035 label: a letter first, then lowercase alphanumerics and '-' (length checked by the caller). */
export function isDns1035Label(value: string): boolean {
  return DNS1035_LABEL.test(value);
}

/** The name part of a qualified key, or a label value: at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric. */
export function isQualifiedName(name: string): boolean {
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A key split at its first '/': the prefix (undefined without one) and the name. */
export function splitQualifiedKey(key: string): { readonly prefix?: string; readonly name: string } {
  const slash = key.indexOf('/');
  return slash >= 0 ? { prefix: key.slice(0, slash), name: key.slice(slash + 1) } : { name: key };
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS-1123 subdomain. */
export function isQualifiedKey(key: string): boolean {
  const { prefix, name } = splitQualifiedKey(key);
  return (prefix === undefined || isDnsSubdomain(prefix)) && isQualifiedName(name);
}

/** A label value: empty, or at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value === '' || isQualifiedName(value);
}

/** A key of a Secret or ConfigMap (apimachinery IsConfigMapKey): alphanumerics, '-', '_' and '.', at most 253, not '.' or '..'. */
export function isSecretKey(key: string): boolean {
  return key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) && key !== '.' && key !== '..';
}

/** What a key of a Secret or ConfigMap may be (isSecretKey), for messages. */
export const CONFIG_KEY_CHARACTERS = 'at most 253 alphanumerics, \'-\', \'_\' and \'.\', not \'.\' or \'..\'';

export const SECRET_KEY_RULE = `must be a Secret key (${CONFIG_KEY_CHARACTERS})`;

/** Metadata a construct takes from its props. */
export interface MetadataJson {
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

const KEY_RULE = 'must be a key of the form [prefix/]name: the name at most 63 alphanumerics, \'-\', \'_\' or \'.\', starting and ending alphanumeric, '
  + 'the prefix a DNS subdomain';

/** Reports a namespace, label or annotation the API server would refuse, as `metadata.<field>`. */
export function checkObjectMetadata(problems: Problems, metadata: MetadataJson): void {
  if (metadata.namespace !== undefined && !isDnsLabel(metadata.namespace)) {
    problems.add('metadata.namespace', metadata.namespace, 'must be a namespace name (at most 63 lowercase alphanumerics and \'-\')');
  }
  checkLabels(problems, 'metadata.labels', metadata.labels ?? {});
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    if (!isQualifiedKey(key)) problems.add('metadata.annotations', key, KEY_RULE);
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) {
    problems.add('metadata.annotations', `${annotationBytes} bytes`, `must total at most ${TOTAL_ANNOTATION_BYTES} bytes`);
  }
}

/** Reports labels that no object can carry (metadata labels, or the node labels of a node selector). */
export function checkLabels(problems: Problems, prop: string, labels: { [key: string]: string }): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedKey(key)) problems.add(prop, key, KEY_RULE);
    if (!isLabelValue(value)) {
      problems.add(prop, value, `the value of ${JSON.stringify(key)} must be empty or at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`);
    }
  }
}
