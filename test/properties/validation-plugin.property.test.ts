/**
 * The validation plugin reads YAML it did not write: whatever shape a manifest takes (numbers,
 * lists, maps or null where strings belong, `__proto__`, `constructor` or `toString` keys, NaN,
 * a cycle through an alias), it reports violations and never throws. Each run takes a valid
 * manifest of one kind, puts a hostile value at one of its paths, and checks it the way cdk8s-cli
 * does: from objects, and, for some runs, from a YAML file written and parsed back.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { hostileNumber, hostileString } from './hostile';
import { PROPERTY_TIMEOUT, runs } from './settings';
import { InferenceManifestValidation, ManifestDocument } from '../../validation/cdk8s-plugin';

const RESTRICTED = {
  allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] },
};
const CONTAINER = {
  name: 'server',
  image: 'vllm/vllm-openai:v0.6.3',
  args: ['--port=8080'],
  ports: [{ containerPort: 8080 }],
  resources: { limits: { 'cpu': '4', 'memory': '16Gi', 'nvidia.com/gpu': '1' }, requests: { cpu: '500m', memory: '8Gi' } },
  securityContext: RESTRICTED,
};
const METADATA = { name: 'llama', namespace: 'ml', labels: { app: 'llama' }, annotations: { 'example.com/owner': 'ml-platform' } };

/**
 * One valid manifest per family the plugin treats differently: with a strict CRD, with a core
 * schema, with a CRD that keeps the pod template open, and without a schema.
 */
const VALID: Record<string, object> = {
  'serving.kserve.io/v1beta1 InferenceService': {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: METADATA,
    spec: { predictor: { minReplicas: 1, model: { modelFormat: { name: 'huggingface' }, storageUri: 'hf://meta-llama/Llama-3.1-8B', ...CONTAINER, name: undefined } } },
  },
  'apps/v1 Deployment': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: METADATA,
    spec: { selector: { matchLabels: { app: 'llama' } }, template: { metadata: { labels: { app: 'llama' } }, spec: { containers: [CONTAINER] } } },
  },
  'v1 PersistentVolumeClaim': {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: METADATA,
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } } },
  },
  'serving.knative.dev/v1 Service': {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: METADATA,
    spec: { template: { metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, spec: { containers: [CONTAINER] } } },
  },
  'serving.kserve.io/v1alpha1 ServingRuntime': {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'ServingRuntime',
    metadata: METADATA,
    spec: { supportedModelFormats: [{ name: 'huggingface' }], containers: [{ ...CONTAINER, name: 'kserve-container' }] },
  },
  'batch/v1beta1 CronJob': {
    apiVersion: 'batch/v1beta1',
    kind: 'CronJob',
    metadata: METADATA,
    spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [CONTAINER] } } } } },
  },
};
/** Kinds whose schema types every string field of the valid manifest above. */
const STRICT = ['serving.kserve.io/v1beta1 InferenceService', 'apps/v1 Deployment', 'v1 PersistentVolumeClaim'];

/** Keys that collide with Object.prototype, or that need escaping in a JSON pointer. */
const HOSTILE_KEY = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'a/b', '~0', ''),
  hostileString,
);

/** An object with own keys, `__proto__` included (as YAML parsers give it), never a changed prototype. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Objects that break code which turns values into strings or looks keys up with `in`. */
const TRAPS = fc.constantFrom(
  () => objectOf([['toString', 'x']]),
  () => objectOf([['toString', 1], ['valueOf', 1]]),
  () => objectOf([['__proto__', { polluted: true }]]),
  () => objectOf([['constructor', null], ['hasOwnProperty', 'no']]),
).map((make) => make());

const { value: HOSTILE_VALUE } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), hostileNumber, hostileString, TRAPS,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(HOSTILE_KEY, tie('value')), { maxLength: 3 }).map(objectOf),
  ),
}));

/** Every path of a manifest: to each object, list and leaf (the root aside). */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const children = Array.isArray(node) ? node.map((child, i): [number, unknown] => [i, child])
    : typeof node === 'object' && node !== null ? Object.entries(node) : [];
  return [...(prefix.length > 0 ? [prefix] : []), ...children.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

function valueAt(node: any, path: (string | number)[]): unknown {
  return path.reduce((at, key) => at?.[key], node);
}

/** A deep copy of the manifest with `value` at `path`. */
function withValue(manifest: object, path: (string | number)[], value: unknown): any {
  const copy = structuredClone(manifest);
  const parent: any = valueAt(copy, path.slice(0, -1));
  Object.defineProperty(parent, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A path of the manifest, more often to a string (where a wrong type must be a violation). */
function pathIn(manifest: object): fc.Arbitrary<(string | number)[]> {
  const all = paths(manifest);
  const strings = all.filter((path) => typeof valueAt(manifest, path) === 'string');
  return fc.oneof({ arbitrary: fc.constantFrom(...strings), weight: 3 }, { arbitrary: fc.constantFrom(...all), weight: 1 });
}

const MUTATION = fc.constantFrom(...Object.keys(VALID)).chain((kind) => fc.record({
  kind: fc.constant(kind),
  path: pathIn(JSON.parse(JSON.stringify(VALID[kind]))),
  value: HOSTILE_VALUE,
  viaYaml: fc.boolean(),
  cycle: fc.boolean(),
}));

type Report = ReturnType<ValidationContext['report']['toJson']>;

/** The plugin, handed the object as it is instead of reading it from the file. */
class ObjectValidation extends InferenceManifestValidation {
  constructor(private readonly manifest: unknown) {
    super();
  }

  protected documents(): ManifestDocument[] {
    return [{ value: this.manifest, yamlErrors: [] }];
  }
}

/** Validates objects as cdk8s-cli does: parsed from a file, or handed over as they are. */
async function validate(manifest: unknown, viaYaml: boolean): Promise<Report> {
  let file = 'manifest.yaml';
  if (viaYaml) {
    file = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'manifest.yaml');
    writeFileSync(file, stringify(manifest));
  }
  const context = new ValidationContext([file], 'cdk8s-inference', '0.0.0');
  await (viaYaml ? new InferenceManifestValidation() : new ObjectValidation(manifest)).validate(context);
  return context.report.toJson();
}

function locations(report: Report): string[] {
  return report.violations.flatMap((violation) => violation.violatingConstructs.flatMap((resource) => resource.locations));
}

test('every valid manifest the property starts from passes', async () => {
  // GIVEN / WHEN
  const reports = await Promise.all(Object.values(VALID).map((manifest) => validate(JSON.parse(JSON.stringify(manifest)), false)));

  // THEN
  expect(reports.map(locations)).toEqual(Object.keys(VALID).map(() => []));
});

test('any value anywhere in a manifest gets violations or none, never an exception; a non-string where a string belongs is a violation', async () => {
  await fc.assert(fc.asyncProperty(MUTATION, async ({ kind, path, value, viaYaml, cycle }) => {
    // GIVEN
    const valid = JSON.parse(JSON.stringify(VALID[kind]));
    const manifest = withValue(valid, path, value);
    if (cycle && typeof value === 'object' && value !== null) (value as any).self = manifest; // what an alias to an ancestor parses to

    // WHEN
    const report = await validate(manifest, viaYaml);

    // THEN
    expect(locations(report).filter((location) => location.includes('could not be checked'))).toEqual([]);
    expect(({} as any).polluted).toBeUndefined();
    const wasString = typeof valueAt(valid, path) === 'string';
    const checked = STRICT.includes(kind) || path[0] === 'metadata';
    // null is an absent field to the API server: a violation only where the field is required
    if (wasString && checked && typeof value !== 'string' && value !== null) expect(report.summary.status).toBe('failure');
  }), { numRuns: runs(250) });
}, PROPERTY_TIMEOUT);

test('a name every kind accepts, followed by \'-\', is a generateName every kind accepts: the API server appends random characters to it', async () => {
  // GIVEN: DNS-1035 labels, which meet the strictest name rule the plugin knows (Service, Knative Service, InferenceService)
  const name = fc.stringMatching(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
  const kinds = Object.keys(VALID);

  await fc.assert(fc.asyncProperty(name, fc.constantFrom(...kinds), fc.boolean(), async (prefix, kind, trailingDash) => {
    // WHEN
    const manifest = JSON.parse(JSON.stringify(VALID[kind]));
    manifest.metadata = { ...manifest.metadata, name: undefined, generateName: trailingDash ? `${prefix}-` : prefix };
    const report = await validate(manifest, false);

    // THEN
    expect(locations(report)).toEqual([]);
  }), { numRuns: runs(200) });
}, PROPERTY_TIMEOUT);
