import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { EXAMPLES } from '../examples';
import {
  InferenceService, InferenceServiceProps, LLMInferenceService, ModelCache, ModelFormat, ModelSource, ModelSourceKind, ServingApi, ServingProbe,
} from '../src';
import { describeValue } from '../src/_errors';
import { loaderScript } from '../src/_model-cache-loader';
import { PROPERTY_TIMEOUT, runs } from './properties/settings';
import { serviceProblems } from './support/synth';

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

describe('a model URI that carries a credential is refused', () => {
  const FIX = 'which would be written in plain text to storageUri, the loader\'s environment and log, and the cache\'s completion marker. '
    + 'Remove it from the URI and keep it in a Secret: `credentials` of ModelSource.fromS3 or fromGcs, `token` of fromHuggingFace '
    + '(fromHttp takes none: serve the model from one of those stores)';
  const SIGNATURE = 'zzsig0123456789abcdef';

  test.each([
    ['user-info', () => ModelSource.fromHttp(`https://loader:${SIGNATURE}@models.example.com/gpt2.tar.gz`),
      '\'url\' is "https://***@models.example.com/gpt2.tar.gz": carries a credential (user-info (user:password@))'],
    ['an S3 presigned URL', () => ModelSource.fromHttp(`https://b.s3.amazonaws.com/gpt2.tar?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${SIGNATURE}`),
      '\'url\' is "https://b.s3.amazonaws.com/gpt2.tar?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=***": carries a credential '
      + '(the query parameter \'X-Amz-Signature\')'],
    ['a GCS signed URL', () => ModelSource.fromHttp(`https://storage.googleapis.com/b/gpt2.tar?X-Goog-Signature=${SIGNATURE}`),
      'carries a credential (the query parameter \'X-Goog-Signature\')'],
    ['an Azure SAS', () => ModelSource.fromHttp(`https://a.blob.core.windows.net/c/gpt2.tar?sv=2022-11-02&sig=${SIGNATURE}`),
      'carries a credential (the query parameter \'sig\')'],
    ['an access token', () => ModelSource.fromHttp(`https://models.example.com/gpt2.tar?access_token=${SIGNATURE}`),
      'carries a credential (the query parameter \'access_token\')'],
    ['a token', () => ModelSource.fromHttp(`https://models.example.com/gpt2.tar?token=${SIGNATURE}`), 'carries a credential (the query parameter \'token\')'],
    ['an S3 URI with keys', () => ModelSource.fromS3(`s3://AKIAZZZZZZZZZZZZZZZZ:${SIGNATURE}@models/gpt2`), '\'uri\' is "s3://***@models/gpt2"'],
    ['an S3 URI with a signature', () => ModelSource.fromS3(`s3://models/gpt2?X-Amz-Signature=${SIGNATURE}`),
      'carries a credential (the query parameter \'X-Amz-Signature\')'],
    ['a GCS URI with a signature', () => ModelSource.fromGcs(`gs://models/gpt2?X-Goog-Signature=${SIGNATURE}`),
      'carries a credential (the query parameter \'X-Goog-Signature\')'],
    ['an OCI URI with user-info', () => ModelSource.fromOci(`oci://robot:${SIGNATURE}@registry.example.com/models/gpt2:1`),
      'carries a credential (user-info (user:password@))'],
    // A URL parser ends the user-info at the last '@', so all of the password is hidden.
    ['a password that holds an @', () => ModelSource.fromHttp(`https://loader:p@${SIGNATURE}@models.example.com/gpt2.tar.gz`),
      '\'url\' is "https://***@models.example.com/gpt2.tar.gz": carries a credential (user-info (user:password@))'],
  ] as [string, () => ModelSource, string][])('%s', (_case, create, message) => {
    // GIVEN / WHEN
    let error = '';
    try {
      create();
    } catch (e) {
      error = (e as Error).message;
    }

    // THEN: refused with the fix, and the credential is not in the message
    expect(error).toContain(message);
    expect(error).toContain(FIX);
    expect(error).not.toContain(SIGNATURE);
  });

  test('a credential-named query parameter is refused whatever its value, unlike in args and env values', () => {
    // A URI is written to storageUri, the loader's log line and the completion marker: no room for a heuristic
    expect(() => ModelSource.fromHttp('https://models.example.com/o?key=model.bin')).toThrow('carries a credential (the query parameter \'key\')');
    expect(() => ModelSource.fromS3('s3://models/gpt2;secret_dir=/etc/secret')).toThrow('\'uri\' is "s3://models/gpt2;secret_dir=***": carries a credential (a token)');
  });

  test('query parameters that are not credentials are accepted', () => {
    for (const url of ['https://models.example.com/gpt2.tar.gz?download=true', 'https://models.example.com/gpt2.tar?tokenizer=fast&keyword=gpt']) {
      expect(ModelSource.fromHttp(url).uri).toBe(url);
    }
  });
});

describe('the loader never prints the source URI with its query string', () => {
  test('an HTTP loader logs the URL without it, whether it downloads or finds the model cached', () => {
    // GIVEN: the HTTP loader's script, a cache volume in a temporary directory, and a curl that writes a file
    const root = mkdtempSync(join(tmpdir(), 'loader-'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'curl'), '#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = -o ]; then shift; echo weights > "$1"; fi; shift; done\n', { mode: 0o755 });
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      CACHE_ROOT: join(root, 'cache'),
      MODEL_DIRECTORY: 'model',
      MODEL_SOURCE: 'https://models.example.com/gpt2.bin?download=1&revision=main',
    };
    const run = () => execFileSync('/bin/sh', ['-c', loaderScript(ModelSourceKind.HTTP)], { env, encoding: 'utf8' });

    try {
      // WHEN
      const downloaded = run();
      const cached = run();

      // THEN
      expect(downloaded).toBe(`cached https://models.example.com/gpt2.bin in ${join(root, 'cache')}/model\n`);
      expect(cached).toBe(`https://models.example.com/gpt2.bin is already cached in ${join(root, 'cache')}/model\n`);
      expect(readFileSync(join(root, 'cache', 'model', 'gpt2.bin'), 'utf8')).toBe('weights\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('errors and warnings never echo a value that looks like a secret', () => {
  /** A secret of a provider's shape, or in a URL, and the text that must never be shown. */
  const secretForms = fc.stringMatching(/^[A-Za-z0-9]{24,40}$/).chain((body) => fc.constantFrom(
    { value: `hf_${body}`, secret: body },
    { value: `https://user:zz${body}@host.example.com/m`, secret: `zz${body}` },
    { value: `https://host.example.com/m?X-Amz-Signature=zz${body}`, secret: `zz${body}` },
    { value: `https://host.example.com/m?sig=zz${body}&sv=1`, secret: `zz${body}` },
    { value: `ghp_${body}`, secret: body },
  ));

  /** Every place a string reaches the library, and what it builds with it. */
  const USES: Record<string, (value: string) => void> = {
    'metadata.name': (value) => new InferenceService(new Chart(Testing.app(), 'c'), 'S', { metadata: { name: value }, container: { image: 'i' } }),
    'a label value': (value) => new InferenceService(new Chart(Testing.app(), 'c'), 'S', { metadata: { labels: { a: value } }, container: { image: 'i' } }),
    'an env name': (value) => new InferenceService(new Chart(Testing.app(), 'c'), 'S', { env: { [value]: 'x' }, container: { image: 'i' } }),
    'a container image': (value) => new InferenceService(new Chart(Testing.app(), 'c'), 'S', { container: { image: `${value} latest` } }),
    'a serviceAccountName': (value) => new InferenceService(new Chart(Testing.app(), 'c'), 'S', { serviceAccountName: value, container: { image: 'i' } }),
    'an HTTP model URL': (value) => ModelSource.fromHttp(value),
    'an S3 model URI': (value) => ModelSource.fromS3(value),
    'a Hugging Face repository': (value) => ModelSource.fromHuggingFace(value),
    'a claim name': (value) => new ModelCache(new Chart(Testing.app(), 'c'), 'Cache', { claimName: value, size: Size.gibibytes(1) }),
  };

  test('in the errors of every prop that shows its value (property)', () => {
    fc.assert(fc.property(secretForms, fc.constantFrom(...Object.keys(USES)), ({ value, secret }, use) => {
      try {
        USES[use](value);
      } catch (e) {
        expect((e as Error).message).not.toContain(secret);
      }
    }), { numRuns: runs(300) });
  }, PROPERTY_TIMEOUT);

  test('in the warnings printed at synth and listed by the construct', () => {
    // GIVEN: a region that looks like a token, shown in the warning about the S3 Secret's annotations
    const app = Testing.app();
    const service = new InferenceService(new Chart(app, 'c'), 'Service', {
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3' }, region: 'hf_abcdefghijklmnopqrstuvwxyz012345' }),
    });
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => {
      written.push(String(text));
      return true;
    });

    // WHEN
    try {
      app.synthYaml();
    } finally {
      spy.mockRestore();
    }

    // THEN
    expect(written.join('')).toContain('serving.kserve.io/s3-region: "***"');
    expect(written.join('')).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(service.warnings.join('\n')).toContain('serving.kserve.io/s3-region: "***"');
  });
});

describe('env values and arguments that look like a credential are refused', () => {
  const TOKEN = 'hf_abcdefghijklmnopqrstuvwxyz012345';
  const CUSTOM = { api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.6.3' } };
  const RULE = 'holds what looks like a credential, which would stand in plain text in the manifest';
  const IN_ARGS = 'Put it in a Secret and read it through secretEnv (an argument can read it as $(NAME))';

  test.each([
    ['an env value', { ...CUSTOM, env: { HF_TOKEN: TOKEN } }, `'env.HF_TOKEN' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`],
    ['a transformer env value', { ...CUSTOM, api: ServingApi.KSERVE_V1BETA1, transformer: { container: { image: 't:1' }, env: { KEY: `sk-${'a'.repeat(24)}` } } },
      `'transformer.env.KEY' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`],
    ['an argument', { ...CUSTOM, args: [`--api-key=sk-${'a'.repeat(24)}`] }, `'args' is "--api-key=***": ${RULE}. ${IN_ARGS}`],
    ['a container argument', { ...CUSTOM, container: { image: 'v:1', args: ['--download-dir', 'https://robot:p4ssw0rd@models.example.com/w'] } },
      `'container.args' is "https://***@models.example.com/w": ${RULE}. ${IN_ARGS}`],
  ] as [string, InferenceServiceProps, string][])('%s', (_case, props, message) => {
    expect(serviceProblems(props)).toEqual([message]);
  });

  test('an exec probe\'s command', () => {
    expect(serviceProblems({ ...CUSTOM, probes: { readiness: ServingProbe.exec(['python', 'probe.py', `--token=${TOKEN}`]) } })).toEqual([
      `'probes.readiness.command' is "--token=***": ${RULE}. Put it in a Secret and read it through secretEnv (a command run through sh -c reads it as $NAME)`,
    ]);
  });

  test('an LLMInferenceService\'s vLLM arguments', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new LLMInferenceService(chart, 'Llm', {
      model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct'),
      vllmArgs: [`--api-key=sk-${'a'.repeat(24)}`],
    })).toThrow(`'vllmArgs' is "--api-key=***": ${RULE}. Put it in a Secret and read it through secretEnv (vLLM reads VLLM_API_KEY for --api-key)`);
  });

  test('ordinary values are accepted', () => {
    expect(serviceProblems({ ...CUSTOM, env: { HF_HOME: '/models', URL: 'https://models.example.com/a?download=true' }, args: ['--port=8080'] })).toEqual([]);
  });

  test('a literal under an env variable named for a credential is refused, its value shown as ***', () => {
    // Nothing in 'abc' or in AWS's example secret key says credential: the variable's name does.
    expect(serviceProblems({
      ...CUSTOM,
      env: { HF_TOKEN: 'abc', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', DB_PASSWORD: 'hunter2' },
    })).toEqual([
      `'env.HF_TOKEN' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`,
      `'env.AWS_SECRET_ACCESS_KEY' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`,
      `'env.DB_PASSWORD' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`,
    ]);
    expect(serviceProblems({
      ...CUSTOM, api: ServingApi.KSERVE_V1BETA1, transformer: { container: { image: 't:1' }, env: { OPENAI_API_KEY: 'my-key' } },
    })).toEqual([`'transformer.env.OPENAI_API_KEY' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`]);
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new LLMInferenceService(chart, 'Llm', { model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct'), env: { HF_TOKEN: 'abc' } }))
      .toThrow(`'env.HF_TOKEN' is "***": ${RULE}. Put it in a Secret and read it through secretEnv`);
  });

  test('paths, placeholders, settings and references under an env variable named for a credential are accepted', () => {
    expect(serviceProblems({
      ...CUSTOM,
      env: {
        HF_TOKEN_PATH: '/var/run/secrets/hf/token',
        GOOGLE_APPLICATION_CREDENTIALS: '/secrets/gcs/key.json',
        VLLM_API_KEY: 'EMPTY',
        HF_HUB_DISABLE_IMPLICIT_TOKEN: '1',
        TOKEN_TTL: '3600',
        SECRET_DIR: '/etc/secret',
        API_KEY: '$(VLLM_API_KEY)',
        MAX_NUM_BATCHED_TOKENS: '8192',
      },
    })).toEqual([]);
  });

  /** Literal credentials as vLLM, KServe and Hugging Face manifests pass them, and how the message shows each. */
  const HEX_SIGNATURE = '4f2a6c0e9b8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f';
  const SAS_SIGNATURE = 'Xy7%2BaBcDeF0123GhIjKlMn%3D';
  const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const LITERAL_CREDENTIALS: [string, string, string][] = [
    // vLLM's own example of --api-key: any literal is the key
    ['vLLM\'s --api-key', '--api-key=token-abc123', '--api-key=***'],
    ['--hf-token with a token of any shape', '--hf-token=my-read-token', '--hf-token=***'],
    ['HF_TOKEN set in a shell line', `HF_TOKEN=${TOKEN} python serve.py`, 'HF_TOKEN=*** python serve.py'],
    ['an S3 presigned URL', `--model-url=https://b.s3.amazonaws.com/m.tar?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${HEX_SIGNATURE}`,
      '--model-url=https://b.s3.amazonaws.com/m.tar?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=***'],
    ['an Azure SAS URL', `https://a.blob.core.windows.net/c/m.bin?sv=2022-11-02&sr=b&sig=${SAS_SIGNATURE}`,
      'https://a.blob.core.windows.net/c/m.bin?sv=2022-11-02&sr=b&sig=***'],
    ['a token query parameter', 'https://models.example.com/m.bin?token=abc123', 'https://models.example.com/m.bin?token=***'],
    ['a password', 'PASSWORD=\'hunter2\' ./serve', 'PASSWORD=*** ./serve'],
    ['an AWS secret access key', `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, 'AWS_SECRET_ACCESS_KEY=***'],
    ['a generated value under key', '--url=https://h/m?key=Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB', '--url=https://h/m?key=***'],
    ['a UUID token', '--auth-token=550e8400-e29b-41d4-a716-446655440000', '--auth-token=***'],
    ['a quoted token in a flag\'s URL', `--url="https://h/m?access_token=${HEX_SIGNATURE}"`, '--url="https://h/m?access_token=***"'],
    // curl and wget send a header as given; a token of any shape after the scheme is the credential (RFC 6750, RFC 7617)
    ['curl\'s bearer token header', 'curl -fsS -H \'Authorization: Bearer abc123\' http://localhost:8080/health',
      'curl -fsS -H \'Authorization: Bearer ***\' http://localhost:8080/health'],
    ['wget\'s basic credentials header', '--header=Authorization: Basic dXNlcjpwYXNz', '--header=Authorization: Basic ***'],
    ['a bearer token in a Python client\'s headers', 'requests.get(url, headers={"Authorization": "bearer my-token"})',
      'requests.get(url, headers={"Authorization": "bearer ***"})'],
    ['a proxy\'s credentials header', '-H "Proxy-Authorization: Basic cm9ib3Q6aHVudGVyMg=="', '-H "Proxy-Authorization: Basic ***"'],
    // curl sends the password after the first colon of -u/--user as given (curl's tool_paramhlp.c, checkpasswd)
    ['curl\'s -u user:password', 'curl -fsS -u robot:hunter2 https://models.example.com/m.tar', 'curl -fsS -u robot:*** https://models.example.com/m.tar'],
    ['curl\'s --user=user:password, quoted', 'curl --user=\'robot:s3cr3t\' -o m.tar https://h/m.tar', 'curl --user=\'robot:***\' -o m.tar https://h/m.tar'],
    ['curl\'s --user user:password after other options', '/usr/bin/curl -L --user "robot:hunter2" https://h/m', '/usr/bin/curl -L --user "robot:***" https://h/m'],
    ['curl\'s -u with its value attached', 'curl -urobot:hunter2 https://h/m', 'curl -urobot:*** https://h/m'],
  ];

  test.each(LITERAL_CREDENTIALS)('%s is refused in args, with the value redacted', (_case, value, shown) => {
    expect(serviceProblems({ ...CUSTOM, args: [value] })).toEqual([`'args' is ${JSON.stringify(shown)}: ${RULE}. ${IN_ARGS}`]);
  });

  test.each(LITERAL_CREDENTIALS)('%s is refused in an env value, a container command and an exec probe', (_case, value, shown) => {
    const problems = serviceProblems({
      ...CUSTOM, container: { image: 'v:1', command: ['sh', '-c', value] }, env: { SETTING: value }, probes: { liveness: ServingProbe.exec(['sh', '-c', value]) },
    });
    expect(problems).toEqual([
      `'container.command' is ${JSON.stringify(shown)}: ${RULE}. ${IN_ARGS}`,
      `'probes.liveness.command' is ${JSON.stringify(shown)}: ${RULE}. Put it in a Secret and read it through secretEnv (a command run through sh -c reads it as $NAME)`,
      `'env.SETTING' is ${JSON.stringify(shown)}: ${RULE}. Put it in a Secret and read it through secretEnv`,
    ]);
  });

  /** Values under a credential name that are no secret, which earlier releases refused: what a message shows of each. */
  const NO_SECRETS: [string, string, string][] = [
    ['a path after ;', 'test -f x;SECRET_DIR=/etc/secret ./serve', 'test -f x;SECRET_DIR=*** ./serve'],
    ['an object key that is a file name', '--url=http://host/x?key=model.bin', '--url=http://host/x?key=***'],
    ['a short object key', 'https://bucket.example.com/o?key=abc', 'https://bucket.example.com/o?key=***'],
    ['an object key that is a path', '--url=https://h/o?key=models/llama/model-00001-of-00002.safetensors', '--url=https://h/o?key=***'],
    ['a model name', 'https://h/o?key=Meta-Llama-3.1-8B-Instruct&auth=basic', 'https://h/o?key=***&auth=***'],
    ['a directory of tokens', 'https://h/o;token_dir=/var/run/secrets', 'https://h/o;token_dir=***'],
  ];

  /**
   * -u and --user are a user (and group) in other programs: refused only where curl reads them
   * (the test of curl's -u and --user below), hidden by a message anywhere.
   */
  const USER_GROUPS: [string, string, string][] = [
    ['docker\'s user:group', 'docker run -u nobody:nogroup img', 'docker run -u nobody:*** img'],
    ['a user:group after another command than curl\'s', 'curl -fsS http://h/health && sudo -u app:staff ./serve', 'curl -fsS http://h/health && sudo -u app:*** ./serve'],
  ];

  test.each(NO_SECRETS)('%s is accepted', (_case, value) => {
    expect(serviceProblems({
      ...CUSTOM, args: [value], container: { image: 'v:1', command: ['sh', '-c', value] }, env: { SETTING: value }, probes: { liveness: ServingProbe.exec(['sh', '-c', value]) },
    })).toEqual([]);
  });

  test('placeholders, booleans, file names and references under a credential name are accepted', () => {
    // vLLM's --hf-token=true reads the token that `hf auth login` stored; EMPTY is the key OpenAI clients send to a server without one
    expect(serviceProblems({
      ...CUSTOM,
      args: ['--hf-token=true', '--api-key=EMPTY', '--api-key=$(VLLM_API_KEY)', '--max-num-batched-tokens=8192', '--ssl-keyfile=/etc/tls/key.pem'],
      env: { SETTING: 'GOOGLE_APPLICATION_CREDENTIALS=key.json', OTHER: 'TOKEN_TTL=3600' },
    })).toEqual([]);
  });

  test.each([...LITERAL_CREDENTIALS, ...NO_SECRETS, ...USER_GROUPS])('a message that shows %s hides the value (redaction is broader than refusal)', (_case, value, shown) => {
    const problems = serviceProblems({ ...CUSTOM, metadata: { name: value } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^'metadata\\.name' is ${escape(JSON.stringify(shown))}: must start with a letter`));
  });

  test('a --flag followed by its value, as two items or in a command line', () => {
    // vLLM documents `--api-key token-abc123`; the Hugging Face CLI takes `--token <token>`
    expect(serviceProblems({
      ...CUSTOM,
      args: ['--api-key', 'token-abc123', '--port', '8000'],
      container: { image: 'v:1', command: ['sh', '-c', 'vllm serve m --api-key token-abc123 && huggingface-cli download m --token hf-read'] },
      probes: { liveness: ServingProbe.exec(['python', 'probe.py', '--secret-key', AWS_SECRET]) },
    })).toEqual([
      `'args' is ["--api-key", "***"]: ${RULE}. ${IN_ARGS}`,
      `'container.command' is "vllm serve m --api-key *** && huggingface-cli download m --token ***": ${RULE}. ${IN_ARGS}`,
      `'probes.liveness.command' is ["--secret-key", "***"]: ${RULE}. Put it in a Secret and read it through secretEnv (a command run through sh -c reads it as $NAME)`,
    ]);
  });

  test('an LLMInferenceService\'s vLLM arguments as two items', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new LLMInferenceService(chart, 'Llm', { model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct'), vllmArgs: ['--api-key', 'token-abc123'] }))
      .toThrow(`'vllmArgs' is ["--api-key", "***"]: ${RULE}. Put it in a Secret and read it through secretEnv (vLLM reads VLLM_API_KEY for --api-key)`);
  });

  test('after a switch, a reference, a placeholder or another flag, the next item is no credential', () => {
    // vLLM's --allow-credentials and transformers' --use-auth-token take no value: a model name may follow
    expect(serviceProblems({
      ...CUSTOM,
      args: ['--allow-credentials', 'meta-llama/Llama-3.1-8B', '--use-auth-token', 'org/model', '--api-key', '$(VLLM_API_KEY)', '--hf-token', 'true', '--token', '--port'],
      container: { image: 'v:1', command: ['sh', '-c', 'vllm serve --allow-credentials meta-llama/Llama-3.1-8B --api-key EMPTY'] },
    })).toEqual([]);
  });

  test('curl\'s -u and --user as items of an array: a password is refused after curl, a user id in other programs is accepted', () => {
    // GIVEN: curl's option and its value as two items, or one; the container's command runs curl for its args
    const probe = ServingProbe.exec(['curl', '-fsS', '-u', 'robot:hunter2', 'http://localhost:8080/health']);
    // and what is no password: uid and uid:gid (docker, Kubernetes), a user name, references, date's -u, an option prompted for
    const others = ServingProbe.exec(['sh', '-c', 'curl -u $USER:$PASS h && curl -u "$(cat /secrets/user)" h && curl -u robot: h && date -u +%H:%M'
      + ` && ${USER_GROUPS.map(([, value]) => value).join(' && ')}`]);
    const docker = ServingProbe.exec(['docker', 'run', '-u', '1000:1000', '--user', 'nobody:nogroup', '--user=app:staff', 'img']);

    // WHEN / THEN
    expect(serviceProblems({
      ...CUSTOM,
      // the top-level args are the container's too, after its command: curl's
      args: ['-u', '1000', '--user', 'root', '--user=1000:1000', '-u', '$(USER):$(PASSWORD)'],
      container: { image: 'v:1', command: ['curl'], args: ['--user=robot:s3cr3t', '-u', '1000:1000', 'https://h/m'] },
      probes: { readiness: probe, liveness: others, startup: docker },
    })).toEqual([
      `'container.args' is "--user=robot:***": ${RULE}. ${IN_ARGS}`,
      `'probes.readiness.command' is ["-u", "***"]: ${RULE}. Put it in a Secret and read it through secretEnv (a command run through sh -c reads it as $NAME)`,
    ]);
  });

  test('an Authorization header\'s scheme and credential as two items are refused', () => {
    // GIVEN: curl's -H, then the header split after its scheme; a header in one item; a reference after the scheme
    expect(serviceProblems({
      ...CUSTOM,
      args: ['-H', 'Authorization: Bearer', 'token123', '--header', 'Authorization: Basic dXNlcjpwYXNz', '-H', 'Authorization: Bearer', '$(API_KEY)'],
    })).toEqual([
      `'args' is ["Authorization: Bearer", "***"]: ${RULE}. ${IN_ARGS}`,
      `'args' is "Authorization: Basic ***": ${RULE}. ${IN_ARGS}`,
    ]);
  });

  test('a message that shows an array hides curl\'s password and a header\'s credential after its scheme', () => {
    const value = ['curl', '-u', 'robot:hunter2', '-H', 'Authorization: Bearer', 'token123', '--user', '1000:1000', '-u', '$USER:$PASS'];
    expect(describeValue(value)).toBe('["curl", "-u", "***", "-H", "Authorization: Bearer", "***", "--user", "1000:1000", "-u", "$USER:$PASS"]');
  });

  test('a message that shows an array hides the item after a credential-named flag', () => {
    // GIVEN: an array that a message shows whole
    const value = ['--api-key', 'token-abc123', '--allow-credentials', 'meta-llama/Llama-3.1-8B', '--port', '8000'];

    // WHEN / THEN: the item after each credential-named flag is hidden, whether refused or not
    expect(describeValue(value)).toBe('["--api-key", "***", "--allow-credentials", "***", "--port", "8000"]');
  });

  test('a credential read from elsewhere ($NAME, $(NAME), $(command)) is accepted', () => {
    const probe = ServingProbe.exec(['sh', '-c', 'curl -f "http://localhost:8080/health?api_key=$API_KEY&token=$(cat /var/run/secrets/token)"']);
    expect(serviceProblems({ ...CUSTOM, args: ['--url=https://h/m?api_key=$(API_KEY)'], probes: { liveness: probe } })).toEqual([]);
  });

  test('an Authorization header is refused with a literal credential, accepted with a reference or a placeholder', () => {
    // GIVEN: curl's -H and its header as two items of a probe's command; vLLM's OpenAI server takes the key from VLLM_API_KEY,
    // and clients of a server without one send EMPTY
    const literal = ServingProbe.exec(['curl', '-f', '-H', 'Authorization: Bearer token-abc123', 'http://localhost:8000/health']);
    const placeholder = ServingProbe.exec(['curl', '-f', '-H', 'Authorization: Bearer EMPTY', 'http://localhost:8000/health']);
    const reference = ServingProbe.exec(['sh', '-c', 'curl -f -H "Authorization: Bearer $(cat /var/run/secrets/token)" http://localhost:8000/health']);

    // WHEN / THEN
    expect(serviceProblems({
      ...CUSTOM,
      args: ['--header=Authorization: Bearer $(VLLM_API_KEY)'],
      container: { image: 'v:1', command: ['sh', '-c', 'curl -H "Authorization: Bearer $VLLM_API_KEY" http://localhost:8000/v1/models'] },
      probes: { readiness: literal, liveness: placeholder, startup: reference },
    })).toEqual([
      `'probes.readiness.command' is "Authorization: Bearer ***": ${RULE}. Put it in a Secret and read it through secretEnv (a command run through sh -c reads it as $NAME)`,
    ]);
  });
});

describe('a message about any problem hides the value of an env variable named for a credential', () => {
  const CUSTOM = { api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.6.3' } };
  /** What the YAML check says of `0o17`, without the number a reader takes it for (15 tells the value). */
  const AS_NUMBER = 'cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for a number. '
    + 'Write it another way: cdk8s quotes only the forms of YAML 1.1';

  test('a string a YAML reader takes for a number, in every env map', () => {
    // GIVEN / WHEN / THEN: an InferenceService's env and its transformer's
    expect(serviceProblems({ ...CUSTOM, env: { HF_TOKEN: '0o17', AWS_SECRET_ACCESS_KEY: '0X1F' } })).toEqual([
      `'env.HF_TOKEN' is "***": ${AS_NUMBER}`,
      `'env.AWS_SECRET_ACCESS_KEY' is "***": ${AS_NUMBER}`,
    ]);
    expect(serviceProblems({ ...CUSTOM, api: ServingApi.KSERVE_V1BETA1, transformer: { container: { image: 't:1' }, env: { DB_PASSWORD: '0O17' } } }))
      .toEqual([`'transformer.env.DB_PASSWORD' is "***": ${AS_NUMBER}`]);
    // an LLMInferenceService's env, its prefill's and its workers'
    const model = ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct');
    expect(() => new LLMInferenceService(new Chart(Testing.app(), 'test'), 'Llm', { model, env: { OPENAI_API_KEY: '0o17' } }))
      .toThrow(`'env.OPENAI_API_KEY' is "***": ${AS_NUMBER}`);
    expect(() => new LLMInferenceService(new Chart(Testing.app(), 'test'), 'Llm', { model, gpu: { count: 1 }, prefill: { replicas: 2, env: { HF_TOKEN: '0o17' } } }))
      .toThrow(`'prefill.env.HF_TOKEN' is "***": ${AS_NUMBER}`);
    expect(() => new LLMInferenceService(new Chart(Testing.app(), 'test'), 'Llm', {
      model, gpu: { count: 4 }, parallelism: { pipeline: 2, tensor: 4 }, worker: { env: { HF_TOKEN: '0o17' } },
    })).toThrow(`'worker.env.HF_TOKEN' is "***": ${AS_NUMBER}`);
    // other variables show their value, and what a reader takes it for
    expect(serviceProblems({ ...CUSTOM, env: { HF_HOME: '0o17' } })).toEqual([
      '\'env.HF_HOME\' is "0o17": cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for the number 15. '
        + 'Write it another way: cdk8s quotes only the forms of YAML 1.1',
    ]);
  });

  test('a value of the wrong type is named by its kind', () => {
    // GIVEN: values a plain JavaScript caller may pass, under credential names (a key that is no plain name too)
    const env = { HF_TOKEN: 123456789, DB_PASSWORD: ['hunter2'], API_KEY: true, ['MY TOKEN']: 987654321, GIT_TOKEN: null };

    // WHEN / THEN
    expect(serviceProblems({ ...CUSTOM, env: env as any })).toEqual([
      '\'env.HF_TOKEN\' is a number: must be a string',
      '\'env.DB_PASSWORD\' is an array: must be a string',
      '\'env.API_KEY\' is a boolean: must be a string',
      '\'env["MY TOKEN"]\' is a number: must be a string',
      '\'env.GIT_TOKEN\' is null: must be a string, or left out',
    ]);
    // other variables show their value
    expect(serviceProblems({ ...CUSTOM, env: { MAX_NUM_BATCHED_TOKENS: 8192 as any } })).toEqual(['\'env.MAX_NUM_BATCHED_TOKENS\' is 8192: must be a string']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
