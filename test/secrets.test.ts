import { Chart, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { EXAMPLES } from '../examples';
import { InferenceService, InferenceServiceProps, ModelCache, ModelFormat, ModelSource, ServingApi } from '../src';
import { PROPERTY_TIMEOUT, runs } from './properties/settings';

/**
 * Credentials enter the library only as references to Secrets that already exist: a Secret name
 * and a key. These tests pass sentinel names and keys and check that they reach the output only
 * where Kubernetes reads a reference, never as a value, and that no Secret is ever written.
 */

const SECRET = 'zz-sentinel-secret';
const KEY = 'ZZ_SENTINEL_KEY';

/** JSON pointers where a Secret reference may appear. */
const REFERENCE_PATHS = [
  /\/env\/\d+\/valueFrom\/secretKeyRef\/(name|key)$/,
  /^\/secrets\/\d+\/name$/,
  /\/volumes\/\d+\/secret\/secretName$/,
  /\/volumes\/\d+\/secret\/items\/\d+\/key$/,
  // the Secret volume of the loader is named after the Secret, and mounted by that name
  /\/(volumes|volumeMounts)\/\d+\/name$/,
];

/** Every string (value or key) of an object that contains a sentinel, with its JSON pointer. */
function sentinelsIn(node: unknown, sentinels: string[], path = ''): [string, string][] {
  if (typeof node === 'string') return sentinels.some((s) => node.includes(s)) ? [[path, node]] : [];
  if (Array.isArray(node)) return node.flatMap((item, i) => sentinelsIn(item, sentinels, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(sentinels.some((s) => key.includes(s)) ? [[`${path}/${key}`, `key ${key}`] as [string, string]] : []),
    ...sentinelsIn(value, sentinels, `${path}/${key}`),
  ]);
}

/** Every environment variable of every container, wherever the object keeps its containers. */
function envVariables(node: unknown): any[] {
  if (Array.isArray(node)) return node.flatMap(envVariables);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'env' && Array.isArray(value) ? value : envVariables(value)));
}

/** Where a sentinel appears outside a Secret reference (empty when it never does). */
function leaks(manifests: any[], sentinels: string[]): string[] {
  return manifests.flatMap((manifest) => sentinelsIn(manifest, sentinels)
    .filter(([path]) => !REFERENCE_PATHS.some((allowed) => allowed.test(path)))
    .map(([path, value]) => `${manifest.kind} ${manifest.metadata?.name}: ${path} = ${JSON.stringify(value)}`));
}

/** Every way a credential reaches the library. */
const CREDENTIAL_SOURCES: Record<string, (secretName: string, key: string) => ModelSource> = {
  'S3 access keys': (secretName, key) => ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName, accessKeyIdKey: `${key}_ID`, secretAccessKeyKey: key } }),
  'GCS key file': (secretName, key) => ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName, key } }),
  'Hugging Face token': (secretName, key) => ModelSource.fromHuggingFace('openai-community/gpt2', { token: { secretName, key } }),
};

/** The same sources with the key names KServe's storage initializer reads (it refuses others). */
const KSERVE_CREDENTIAL_SOURCES: Record<string, (secretName: string) => ModelSource> = {
  'S3 access keys': (secretName) => ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName } }),
  'GCS key file': (secretName) => ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName, key: 'gcloud-application-credentials.json' } }),
  'Hugging Face token': (secretName) => ModelSource.fromHuggingFace('openai-community/gpt2', { token: { secretName, key: 'HF_TOKEN' } }),
};

/** The service reads the source with KServe's key names, the ModelCache loader with any key. */
function synthWithCredentials(kind: string, service: InferenceServiceProps, secretName: string, key: string): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new InferenceService(chart, 'Service', { ...service, model: KSERVE_CREDENTIAL_SOURCES[kind](secretName), secretEnv: { API_TOKEN: { secretName, key } } });
  new ModelCache(chart, 'Cache', { source: CREDENTIAL_SOURCES[kind](secretName, key), modelSize: Size.gibibytes(1) });
  return Testing.synth(chart);
}

describe('credentials appear only as references to Secrets', () => {
  test.each(Object.keys(CREDENTIAL_SOURCES))('%s, in the InferenceService and the ModelCache loader', (name) => {
    // GIVEN / WHEN
    const manifests = synthWithCredentials(name, { metadata: { name: 'gpt2' }, modelFormat: ModelFormat.HUGGINGFACE }, SECRET, KEY);

    // THEN
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(sentinelsIn(manifests, [SECRET, KEY]).length).toBeGreaterThan(0);
    expect(leaks(manifests, [SECRET, KEY])).toEqual([]);
  });

  test('for any Secret name and key, any credential source and any serving API (property)', () => {
    const secretName = fc.stringMatching(/^[a-z0-9]{1,8}$/).map((suffix) => `${SECRET}-${suffix}`);
    const key = fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/).map((suffix) => `${KEY}${suffix}`);
    const api = fc.constantFrom(ServingApi.KSERVE_V1BETA1, ServingApi.KFSERVING_V1BETA1, ServingApi.KFSERVING_V1ALPHA2);
    fc.assert(fc.property(secretName, key, fc.constantFrom('S3 access keys', 'GCS key file'), api, (secret, secretKey, kind, servingApi) => {
      // GIVEN
      const service: InferenceServiceProps = { metadata: { name: 'gpt2' }, api: servingApi, container: { image: 'ghcr.io/example/server:1.0.0' } };

      // WHEN
      const manifests = synthWithCredentials(kind, service, secret, secretKey);

      // THEN
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      expect(leaks(manifests, [secret, secretKey])).toEqual([]);
    }), { numRuns: runs(200) });
  }, PROPERTY_TIMEOUT);
});

describe('the examples hold no secret material', () => {
  /** Variables that would carry a credential if they held a literal value. */
  const CREDENTIAL_VARIABLE = /TOKEN|SECRET|PASSWORD|ACCESS_KEY/i;
  /** Shapes of real credentials: AWS key ids, Hugging Face and GitHub tokens, PEM private keys. */
  const CREDENTIAL_VALUE = /AKIA[0-9A-Z]{16}|hf_[A-Za-z0-9]{30,}|ghp_[A-Za-z0-9]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

  test.each(Object.keys(EXAMPLES))('%s', (name) => {
    // GIVEN / WHEN
    const manifests = Testing.synth(EXAMPLES[name](Testing.app(), name));
    const env = envVariables(manifests);

    // THEN
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(env.filter((variable) => CREDENTIAL_VARIABLE.test(variable.name) && variable.value !== undefined)).toEqual([]);
    expect(JSON.stringify(manifests)).not.toMatch(CREDENTIAL_VALUE);
  });
});
