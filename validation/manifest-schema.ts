/**
 * Validates synthesized Kubernetes objects against the real API schemas, the way an API server
 * would, before anything reaches a cluster:
 *
 * - custom resources (KServe, legacy KFServing, Knative) against the `openAPIV3Schema` of the CRD
 *   vendored under `crds/`;
 * - core objects (ConfigMap, PersistentVolumeClaim, Job, ...) against `crds/kubernetes/k8s-core.json`,
 *   generated from the Kubernetes OpenAPI (see scripts/generate-core-schema.mjs);
 * - object metadata against the apimachinery rules for names, labels and annotations, and the
 *   label keys of node selector requirements and tolerations inside pod specs.
 *
 * Differences from a plain JSON Schema check, on purpose:
 * - Every object schema that declares properties and does not set
 *   `x-kubernetes-preserve-unknown-fields` is closed. An API server prunes unknown fields silently;
 *   here a misspelled field is an error.
 * - Resource quantities must be strings. The API accepts a bare number, but YAML turns `0.5` or
 *   `1e3` into surprising values; the library always renders quantities as strings. KServe's and
 *   KFServing's CRDs check their grammar with a pattern; for every other kind (core kinds type them
 *   only as strings, Knative keeps its pod template open) `quantityProblems` (serving-rules.ts) does.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parseAllDocuments } from 'yaml';
import { groupKind, isObject, shown } from './pod-security';
import { QUANTITY_GRAMMAR, quantityProblems } from './serving-rules';
// The same rules the constructs apply before writing (one definition for both).
import {
  CONFIG_KEY_CHARACTERS, generatedNameOf, isDns1035Label, isDnsLabel, isDnsSubdomain, isLabelValue, isQualifiedName, isSecretKey,
  maskTrailingDash, splitQualifiedKey, TOTAL_ANNOTATION_BYTES,
} from '../src/_metadata-checks';

/**
 * The repository, or the installed package: this module is validation/manifest-schema.ts in one and
 * part of lib/validation.js in the other (scripts/bundle-validation.mjs), both a folder below.
 */
const ROOT = join(__dirname, '..');

/** The vendored CRD that defines each custom resource group. */
const CRD_FILES: Record<string, string> = {
  'serving.kserve.io/InferenceService': 'crds/kserve/serving.kserve.io_inferenceservices.yaml',
  'serving.kserve.io/LLMInferenceService': 'crds/kserve/serving.kserve.io_llminferenceservices.yaml',
  'serving.kserve.io/LocalModelCache': 'crds/kserve/serving.kserve.io_localmodelcaches.yaml',
  'serving.kserve.io/LocalModelNodeGroup': 'crds/kserve/serving.kserve.io_localmodelnodegroups.yaml',
  'serving.kubeflow.org/InferenceService': 'crds/kfserving/serving.kubeflow.org_inferenceservices.yaml',
  'serving.knative.dev/Service': 'crds/knative/service.yaml',
};

/**
 * Kinds whose CRD is not vendored, checked against the part of their schema the library writes.
 * KnativeServing (Knative Operator): `spec.config` maps a ConfigMap name (without `config-`) to
 * its string data, as in the operator's CRD; the rest of `spec` is not checked.
 */
const PARTIAL_SCHEMAS: Record<string, object> = {
  'operator.knative.dev/v1beta1/KnativeServing': {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    properties: {
      spec: {
        type: 'object',
        properties: {
          config: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
        },
      },
    },
  },
};

const CORE_SCHEMA_ID = 'k8s-core';
const coreSchema = JSON.parse(readFileSync(join(ROOT, 'crds', 'kubernetes', 'k8s-core.json'), 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true } });
ajv.addSchema({ $id: CORE_SCHEMA_ID, definitions: coreSchema.definitions });

/**
 * Compiling the 2 MB KServe schema takes seconds, and jest loads this module once per test file,
 * so compiled validators are kept as standalone code, keyed by everything that shapes them.
 */
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'cdk8s-inference-schemas');
const HELPER_SOURCE = readFileSync(__filename, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- wherever npm placed ajv (hoisted or bundled)
const AJV_VERSION: string = require('ajv/package.json').version;

function cachedValidator(key: string, compile: () => ValidateFunction): ValidateFunction {
  const digest = createHash('sha256').update(HELPER_SOURCE).update(key).update(AJV_VERSION).digest('hex').slice(0, 20);
  const file = join(CACHE_DIR, `${digest}.js`);
  if (!existsSync(file)) {
    const validator = compile();
    try {
      const code = standaloneCode(ajv, validator);
      mkdirSync(CACHE_DIR, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, file); // atomic: parallel jest workers never read half a file
    } catch {
      return validator; // a read-only install: compiled again on each run, still correct
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the cached code is CommonJS written at run time
  return require(file);
}

const validators = new Map<string, ValidateFunction>();

function isQuantity(node: any): boolean {
  return node['x-kubernetes-int-or-string'] === true && typeof node.pattern === 'string' && node.pattern.includes('[KMGTPE]');
}

/** Closes object schemas and tightens quantities, in place. */
function closeSchema(node: any): void {
  if (Array.isArray(node)) {
    node.forEach(closeSchema);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (isQuantity(node)) {
    delete node.anyOf;
    node.type = 'string';
    return;
  }
  if (node.type === 'object' && node.properties && node['x-kubernetes-preserve-unknown-fields'] !== true
    && node.additionalProperties === undefined) {
    node.additionalProperties = false;
  }
  for (const value of Object.values(node)) closeSchema(value);
}

function crdValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const [group, version] = apiVersion.split('/');
  const file = CRD_FILES[`${group}/${kind}`];
  if (!file) return undefined;
  const text = readFileSync(join(ROOT, file), 'utf8');
  const crd = () => parseAllDocuments(text).map(d => d.toJS()).find(Boolean);
  // A version of the CRD, found without parsing it; the version comes from the manifest, so it is a literal, not a pattern.
  const served = version !== undefined && new RegExp(`^\\s*(- )?name: ${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').test(text);
  if (!served) return undefined;
  return cachedValidator(`${text}\0${apiVersion}\0${kind}`, () => {
    const schema = crd().spec.versions.find((v: any) => v.name === version).schema.openAPIV3Schema;
    closeSchema(schema);
    // The CRD only says `metadata: {type: object}`; the API server checks it as ObjectMeta.
    schema.properties.metadata = { $ref: `${CORE_SCHEMA_ID}#/definitions/V1ObjectMeta` };
    schema.properties.apiVersion = { const: apiVersion };
    schema.properties.kind = { const: kind };
    schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata'])];
    return ajv.compile(schema);
  });
}

function coreValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const schema = coreSchema.kinds[`${apiVersion}/${kind}`];
  if (!schema) return undefined;
  return cachedValidator(`${JSON.stringify(coreSchema)}\0${apiVersion}\0${kind}`, () => ajv.compile({
    allOf: schema.allOf.map((s: any) => (s.$ref ? { $ref: `${CORE_SCHEMA_ID}${s.$ref}` } : s)),
  }));
}

function partialValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const schema: any = PARTIAL_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) return undefined;
  return ajv.compile({
    ...schema,
    properties: {
      ...schema.properties,
      apiVersion: { const: apiVersion },
      kind: { const: kind },
      metadata: { $ref: `${CORE_SCHEMA_ID}#/definitions/V1ObjectMeta` },
    },
    additionalProperties: false,
  });
}

function validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!validators.has(key)) {
    const validator = crdValidator(apiVersion, kind) ?? coreValidator(apiVersion, kind) ?? partialValidator(apiVersion, kind);
    if (!validator) return undefined;
    validators.set(key, validator);
  }
  return validators.get(key);
}

/** The value at a JSON pointer (RFC 6901) of an object. */
function valueAtPointer(root: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, segment) => (typeof node === 'object' && node !== null ? node[segment] : undefined), root);
}

function formatError(error: ErrorObject, manifest: unknown): string {
  const at = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field '${error.params.additionalProperty}'`;
    case 'enum':
      return `${at}: must be one of ${JSON.stringify(error.params.allowedValues)}`;
    case 'pattern':
      return String(error.params.pattern).includes('[KMGTPE]i')
        ? `${at}: ${shown(valueAtPointer(manifest, error.instancePath))} ${QUANTITY_GRAMMAR}` : `${at}: ${error.message}`;
    default:
      return `${at}: ${error.message}`;
  }
}

function qualifiedKeyProblems(where: string, key: string): string[] {
  const { prefix, name } = splitQualifiedKey(key);
  const problems: string[] = [];
  if (prefix !== undefined && !isDnsSubdomain(prefix)) {
    problems.push(`${where}: key '${key}' has an invalid prefix (a DNS-1123 subdomain of at most 253 characters)`);
  }
  if (!isQualifiedName(name)) {
    problems.push(`${where}: key '${key}' has an invalid name (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`);
  }
  return problems;
}

interface NameRule {
  /** What the name must be, naming the kind where the rule is the kind's own, for messages. */
  readonly description: string;
  /** The rule's own check of a generateName (its ValidateNameFunc with prefix=true), where it is not maskTrailingDash's. */
  readonly prefix?: { readonly description: string; allows(generateName: string): boolean };
  /** The kind's name rule (its ValidateNameFunc); a generateName is checked after `maskTrailingDash`, unless the rule has `prefix`. */
  allows(name: string): boolean;
}

const SUBDOMAIN_CHARACTERS = '(lowercase alphanumerics, \'-\' and \'.\', at most 253 characters)';
const DNS1035_CHARACTERS = '(lowercase alphanumerics and \'-\', starting with a letter and ending with a letter or digit, at most 63 characters)';
const DNS1123_LABEL_CHARACTERS = '(lowercase alphanumerics and \'-\', starting and ending alphanumeric, at most 63 characters)';

/** What most kinds take as a name (apimachinery NameIsDNSSubdomain). */
const SUBDOMAIN_NAME: NameRule = { allows: isDnsSubdomain, description: `a DNS-1123 subdomain ${SUBDOMAIN_CHARACTERS}` };

function subdomainName(kind: string): NameRule {
  return { allows: isDnsSubdomain, description: `a DNS-1123 subdomain, which a ${kind} name must be ${SUBDOMAIN_CHARACTERS}` };
}

function dns1035Name(kind: string): NameRule {
  return {
    allows: (name) => name.length <= 63 && isDns1035Label(name),
    description: `a DNS-1035 label, which a ${kind} name must be ${DNS1035_CHARACTERS}`,
  };
}

/**
 * What a Role's, a ClusterRole's or their bindings' name must be (kubernetes pkg/apis/rbac/validation
 * `ValidateRBACName`, apimachinery pkg/api/validation/path `IsValidPathSegmentName`): a name is part
 * of the object's URL path, and nothing more, so `system:aggregate-to-view` is one. A generateName
 * (`IsValidPathSegmentPrefix`) may be '.' or '..', which the characters appended make a name.
 */
function pathSegmentName(kind: string): NameRule {
  const inPathSegment = (name: string) => !name.includes('/') && !name.includes('%');
  return {
    allows: (name) => name !== '.' && name !== '..' && inPathSegment(name),
    description: `a path segment name, which a ${kind} name must be (not '.' or '..', without '/' or '%')`,
    prefix: { allows: inPathSegment, description: `a prefix of a path segment name, which a ${kind} name must be (without '/' or '%')` },
  };
}

/**
 * The name rule of each kind the library or its users write, as its validation passes it to
 * ValidateObjectMeta:
 * - kubernetes pkg/apis/core/validation/validation.go: `ValidateServiceName` is apimachinery's
 *   NameIsDNS1035Label, as a Service name becomes a DNS label and the prefix of environment
 *   variables (the RelaxedServiceNameValidation gate, alpha and off by default, would allow DNS-1123
 *   labels); `ValidateNamespaceName` is NameIsDNSLabel; `ValidateConfigMapName`, `ValidateSecretName`,
 *   `ValidateServiceAccountName` and `ValidatePersistentVolumeName` (which ValidatePersistentVolumeClaim
 *   uses) are NameIsDNSSubdomain;
 * - pkg/apis/apps/validation `ValidateDeploymentName` and pkg/apis/batch/validation `ValidateJob`
 *   (`ValidateReplicationControllerName`) are NameIsDNSSubdomain; a Job has more (jobNameProblems);
 * - Knative Service and Configuration (knative/serving pkg/apis/serving/v1 service_validation.go and
 *   configuration_validation.go call serving.ValidateObjectMetadata, which calls knative.dev/pkg
 *   apis.ValidateObjectMetadata): NameIsDNS1035Label for the name and the generateName;
 * - the RBAC kinds (pathSegmentName).
 * Other kinds keep the subdomain rule, which the API server applies to every custom resource.
 */
const NAME_RULES = new Map<string, NameRule>([
  ['core/Service', dns1035Name('Service')],
  ['core/Namespace', { allows: isDnsLabel, description: `a DNS-1123 label, which a Namespace name must be ${DNS1123_LABEL_CHARACTERS}` }],
  ...['ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim'].map((kind): [string, NameRule] => [`core/${kind}`, subdomainName(kind)]),
  ['apps/Deployment', subdomainName('Deployment')],
  ['batch/Job', subdomainName('Job')],
  ['serving.knative.dev/Service', dns1035Name('Knative Service')],
  ['serving.knative.dev/Configuration', dns1035Name('Knative Configuration')],
  ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']
    .map((kind): [string, NameRule] => [`rbac.authorization.k8s.io/${kind}`, pathSegmentName(kind)]),
]);

/**
 * A Job name's limits beyond its name rule (kubernetes pkg/apis/batch/validation/validation.go and
 * pkg/registry/batch/job/strategy.go). Unless `spec.manualSelector` is true, the API server writes
 * the name into the pod template's `job-name` and `batch.kubernetes.io/job-name` labels
 * (generateSelector), so it must be a label value: at most 63 characters. `ValidateJob` also refuses
 * an Indexed Job whose last pod hostname, `<name>-<completions - 1>`, is not a DNS-1123 label.
 */
function jobNameProblems(manifest: any, name: string): string[] {
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  const problems: string[] = [];
  // For a valid subdomain, only its length can keep it from being a label value.
  if (spec.manualSelector !== true && !isLabelValue(name)) {
    problems.push(`/metadata/name: '${name}' is longer than 63 characters: the API server writes a Job's name into its pods' job-name `
      + 'and batch.kubernetes.io/job-name labels; shorten it');
  }
  const hostname = lastIndexedHostname(spec, name);
  if (hostname !== undefined) {
    problems.push(`/metadata/name: '${name}' makes '${hostname}' the hostname of the Indexed Job's last pod, which must be a DNS-1123 label `
      + DNS1123_LABEL_CHARACTERS);
  }
  return problems;
}

/**
 * A generateName: ValidateObjectMeta checks it with the kind's name rule in its prefix mode, and,
 * since the API server generates the name before it validates the object ("The NameGenerator will
 * be invoked prior to validation", k8s.io/apiserver/pkg/registry/rest/create.go), checks the name
 * generated from it as any name: of 'svc.-', the prefix check sees 'svca', and the name rule 'svc.-xxxxx'.
 * A Job's generated name is checked as its name (its label values are, at 63 characters, short enough).
 */
function generateNameProblems(manifest: any, kind: string, nameRule: NameRule, generateName: string): string[] {
  if (nameRule.prefix && !nameRule.prefix.allows(generateName)) {
    return [`/metadata/generateName: '${generateName}' must be ${nameRule.prefix.description}`];
  }
  if (!nameRule.prefix && !nameRule.allows(maskTrailingDash(generateName))) {
    return [`/metadata/generateName: '${generateName}' must be ${nameRule.description}, but for a trailing '-' (the API server appends 5 random characters)`];
  }
  // With a name, the API server generates none.
  if (isSet(manifest.metadata.name)) return [];
  const generated = generatedNameOf(generateName);
  if (!nameRule.allows(generated)) return [`/metadata/generateName: '${generateName}' makes names like '${generated}', which is not ${nameRule.description}`];
  const hostname = kind === 'batch/Job' ? lastIndexedHostname(isObject(manifest.spec) ? manifest.spec : {}, generated) : undefined;
  return hostname === undefined ? [] : [`/metadata/generateName: '${generateName}' makes names like '${hostname}' the hostname of the Indexed Job's `
    + `last pod, which must be a DNS-1123 label ${DNS1123_LABEL_CHARACTERS}`];
}

/** The hostname of an Indexed Job's last pod, `<name>-<completions - 1>`, when it is not a DNS-1123 label. */
function lastIndexedHostname(spec: Record<string, any>, name: string): string | undefined {
  if (spec.completionMode !== 'Indexed' || !Number.isSafeInteger(spec.completions) || spec.completions <= 0) return undefined;
  const hostname = `${name}-${spec.completions - 1}`;
  return isDnsLabel(hostname) ? undefined : hostname;
}

/** Whether a name field is set: the API server reads an empty string as absent. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== '';
}

/**
 * Checks apimachinery's ObjectMeta rules (k8s.io/apimachinery/pkg/api/validation/objectmeta.go) for
 * an object: `ValidateObjectMeta` requires a name or a generateName ("name or generateName is
 * required"), and checks a generateName with the kind's name rule in its prefix mode.
 */
export function metadataProblems(manifest: any): string[] {
  const metadata = manifest?.metadata;
  if (metadata === undefined || (isObject(metadata) && !isSet(metadata.name) && !isSet(metadata.generateName))) {
    return ['/metadata/name: missing; the API server refuses an object without metadata.name or metadata.generateName: give the object a name'];
  }
  // Wrong types (a list of labels, a number for an annotation) are the schema's to report.
  if (!isObject(metadata)) return [];
  const problems: string[] = [];
  const { name, generateName } = metadata;
  const kind = groupKind(manifest) ?? '';
  const nameRule = NAME_RULES.get(kind) ?? SUBDOMAIN_NAME;
  if (typeof name === 'string' && name !== '') {
    if (!nameRule.allows(name)) problems.push(`/metadata/name: '${name}' is not ${nameRule.description}`);
    else if (kind === 'batch/Job') problems.push(...jobNameProblems(manifest, name));
  }
  if (typeof generateName === 'string' && generateName !== '') problems.push(...generateNameProblems(manifest, kind, nameRule, generateName));
  const namespace = metadata.namespace;
  if (typeof namespace === 'string' && !isDnsLabel(namespace)) {
    problems.push(`/metadata/namespace: '${namespace}' is not a DNS-1123 label`);
  }
  for (const [key, value] of Object.entries<unknown>(isObject(metadata.labels) ? metadata.labels : {})) {
    problems.push(...qualifiedKeyProblems('/metadata/labels', key));
    if (typeof value === 'string' && !isLabelValue(value)) {
      problems.push(`/metadata/labels: value '${value}' of '${key}' is invalid (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`);
    }
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries<unknown>(isObject(metadata.annotations) ? metadata.annotations : {})) {
    problems.push(...qualifiedKeyProblems('/metadata/annotations', key));
    annotationBytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) {
    problems.push(`/metadata/annotations: ${annotationBytes} bytes in total, more than the ${TOTAL_ANNOTATION_BYTES} allowed`);
  }
  return problems;
}

/**
 * Checks the label keys inside pod specs, which apimachinery validates as qualified names too:
 * node selector requirements (`matchExpressions[].key`) and toleration keys, wherever they sit.
 */
function nestedKeyProblems(node: any, path: string, seen = new Set<object>()): string[] {
  if (node === null || typeof node !== 'object' || seen.has(node)) return []; // YAML aliases can make a cycle
  seen.add(node);
  if (Array.isArray(node)) return node.flatMap((item, i) => nestedKeyProblems(item, `${path}/${i}`, seen));
  const problems: string[] = [];
  for (const [field, value] of Object.entries<any>(node)) {
    const at = `${path}/${field}`;
    if ((field === 'matchExpressions' || field === 'tolerations') && Array.isArray(value)) {
      value.forEach((item: any, i: number) => {
        if (typeof item?.key === 'string' && (field === 'matchExpressions' || item.key !== '')) problems.push(...qualifiedKeyProblems(`${at}/${i}/key`, item.key));
      });
    } else {
      problems.push(...nestedKeyProblems(value, at, seen));
    }
  }
  return problems;
}

/**
 * The most bytes a ConfigMap's or a Secret's data may hold: kubernetes pkg/apis/core/types.go
 * `MaxSecretSize`, which both `ValidateConfigMap` and `ValidateSecret` (pkg/apis/core/validation/
 * validation.go) compare with the total length of their values.
 */
const MAX_DATA_BYTES = 1024 * 1024;

/** The entries of a map of the object (none when it is not a map; wrong types are the schema's to report). */
function mapEntries(map: unknown): [string, unknown][] {
  return isObject(map) ? Object.entries(map) : [];
}

/** What a value of `data` or `binaryData` holds: the API server stores a base64 value as the bytes it decodes to. */
function decodedBytes(value: string): number {
  return Buffer.from(value, 'base64').length;
}

/**
 * Standard base64 with its padding, as Go's encoding/json reads a `[]byte` (base64.StdEncoding): the
 * API server cannot decode anything else into `binaryData` or a Secret's `data`, and refuses the
 * object. Node's decoder skips what it cannot read, so the size check alone would pass it.
 */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64Problems(manifest: any, field: string): string[] {
  return mapEntries(manifest[field])
    .filter(([, value]) => typeof value === 'string' && !STANDARD_BASE64.test(value))
    .map(([key]) => `/${field}: the value of ${shown(key)} is not base64 (A-Z, a-z, 0-9, '+' and '/', padded with '='), which the API server `
      + `decodes it from; encode it, or give it as ${field === 'binaryData' ? 'data' : 'stringData'}`);
}

function configKeyProblems(manifest: any, fields: string[]): string[] {
  return fields.flatMap((field) => mapEntries(manifest[field])
    .filter(([key]) => !isSecretKey(key))
    .map(([key]) => `/${field}: key ${shown(key)} is invalid (${CONFIG_KEY_CHARACTERS}); rename it`));
}

/**
 * A ConfigMap's keys (apimachinery IsConfigMapKey: each becomes a file name where it is mounted), a
 * key in both `data` and `binaryData` ("duplicate of key present in binaryData"), and the size of
 * both together, a `data` value counted in UTF-8 bytes and a `binaryData` value decoded
 * (kubernetes pkg/apis/core/validation/validation.go ValidateConfigMap).
 */
function configMapProblems(manifest: any): string[] {
  const problems = [...configKeyProblems(manifest, ['data', 'binaryData']), ...base64Problems(manifest, 'binaryData')];
  const binaryData = isObject(manifest.binaryData) ? manifest.binaryData : {};
  let bytes = 0;
  for (const [key, value] of mapEntries(manifest.data)) {
    if (Object.prototype.hasOwnProperty.call(binaryData, key)) {
      problems.push(`/data: key ${shown(key)} is also a key of binaryData; the API server refuses a key in both: keep one`);
    }
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
  }
  for (const [, value] of mapEntries(binaryData)) if (typeof value === 'string') bytes += decodedBytes(value);
  if (bytes > MAX_DATA_BYTES) {
    problems.push(`/: data and binaryData hold ${bytes} bytes, more than the ${MAX_DATA_BYTES} (1 MiB) a ConfigMap may hold; mount larger files from a volume`);
  }
  return problems;
}

/**
 * A Secret's keys and size (ValidateSecret). The API server reads `stringData` into `data`, each
 * value replacing the `data` value of its key (kubernetes pkg/apis/core/v1/conversion.go
 * Convert_v1_Secret_To_core_Secret: "StringData overwrites Data"), and checks the size of the result.
 */
function secretProblems(manifest: any): string[] {
  const problems = [...configKeyProblems(manifest, ['data', 'stringData']), ...base64Problems(manifest, 'data')];
  const bytesByKey = new Map<string, number>();
  for (const [key, value] of mapEntries(manifest.data)) if (typeof value === 'string') bytesByKey.set(key, decodedBytes(value));
  for (const [key, value] of mapEntries(manifest.stringData)) if (typeof value === 'string') bytesByKey.set(key, Buffer.byteLength(value));
  const bytes = [...bytesByKey.values()].reduce((sum, size) => sum + size, 0);
  if (bytes > MAX_DATA_BYTES) {
    problems.push(`/data: data and stringData hold ${bytes} bytes, more than the ${MAX_DATA_BYTES} (1 MiB) a Secret may hold; split it into several Secrets`);
  }
  return problems;
}

function configDataProblems(manifest: any): string[] {
  switch (groupKind(manifest)) {
    case 'core/ConfigMap': return configMapProblems(manifest);
    case 'core/Secret': return secretProblems(manifest);
    default: return [];
  }
}

/**
 * A copy of an object without its null fields, which the API server reads as absent: core kinds
 * decode a JSON null as the field's zero value, and for a custom resource "null values for fields
 * that either don't specify the nullable flag, or give it a false value, will be pruned before
 * defaulting happens" (Kubernetes docs, Extend the Kubernetes API with CustomResourceDefinitions,
 * "Defaulting and Nullable"); no vendored CRD marks a field `nullable`. A null item of a list is
 * kept: it is no absent field. Aliases that make a cycle make the same cycle in the copy.
 */
function withoutNullFields(node: unknown, copies = new Map<object, unknown>()): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (copies.has(node)) return copies.get(node);
  if (Array.isArray(node)) {
    const items: unknown[] = [];
    copies.set(node, items);
    for (const item of node) items.push(withoutNullFields(item, copies));
    return items;
  }
  const fields: Record<string, unknown> = {};
  copies.set(node, fields);
  for (const [key, value] of Object.entries(node)) {
    // defineProperty: a `__proto__` key stays a field, as the YAML parser gave it, and changes no prototype
    if (value === null) continue;
    Object.defineProperty(fields, key, { value: withoutNullFields(value, copies), enumerable: true, writable: true, configurable: true });
  }
  return fields;
}

let objectMetaValidator: ValidateFunction | undefined;

/**
 * The problems of an object's metadata alone, for kinds without a schema: every object carries
 * an ObjectMeta, which the API server checks whatever the kind.
 */
export function metadataSchemaProblems(manifest: any): string[] {
  objectMetaValidator ??= ajv.compile({ type: 'object', properties: { metadata: { $ref: `${CORE_SCHEMA_ID}#/definitions/V1ObjectMeta` } } });
  const object: any = withoutNullFields(manifest);
  const problems = objectMetaValidator(object) ? [] : (objectMetaValidator.errors ?? []).map((error) => formatError(error, object));
  return [...problems, ...metadataProblems(object)];
}

/** The CRDs whose every quantity carries Kubernetes' grammar as a pattern (Knative's pod template is open). */
const CRDS_CHECKING_QUANTITIES = ['serving.kserve.io', 'serving.kubeflow.org'];

/** Whether the schema of a kind checks the grammar of its quantities, so that `quantityProblems` need not. */
export function schemaChecksQuantities(manifest: any): boolean {
  const group = typeof manifest?.apiVersion === 'string' ? manifest.apiVersion.split('/')[0] : undefined;
  return CRDS_CHECKING_QUANTITIES.includes(group) && typeof manifest.kind === 'string' && hasSchema(manifest.apiVersion, manifest.kind);
}

/** Whether this helper has a schema for a kind: a vendored CRD or the core schema. */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return validatorFor(apiVersion, kind) !== undefined;
}

/**
 * Every problem the API server would report for one object (empty when valid), quantities aside.
 * A kind this helper has no schema for is itself a problem, so that no emitted object goes unchecked.
 */
export function schemaProblems(manifest: any): string[] {
  const apiVersion = manifest?.apiVersion;
  const kind = manifest?.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return ['/: apiVersion and kind must be strings'];
  }
  const validator = validatorFor(apiVersion, kind);
  if (!validator) return [`/: no schema for ${apiVersion} ${kind}`];
  const object: any = withoutNullFields(manifest);
  const problems = validator(object) ? [] : (validator.errors ?? []).map((error) => formatError(error, object));
  return [...problems, ...metadataProblems(object), ...configDataProblems(object), ...nestedKeyProblems(object.spec, '/spec')];
}

/** Every problem the API server would report for one object (empty when valid): its schema and its quantities. */
export function validateManifest(manifest: any): string[] {
  return [...schemaProblems(manifest), ...quantityProblems(manifest, schemaChecksQuantities(manifest))];
}

/** Throws one error listing every problem of every object. */
export function expectValidManifests(manifests: any[]): void {
  const report = manifests.flatMap((manifest) => validateManifest(manifest)
    .map((problem) => `${manifest?.kind ?? '?'} ${manifest?.metadata?.name ?? '?'}: ${problem}`));
  if (report.length > 0) {
    throw new Error(`${report.length} schema problem(s):\n  ${report.join('\n  ')}`);
  }
}
