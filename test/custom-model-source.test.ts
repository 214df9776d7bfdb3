/**
 * A ModelSource of your own: `ModelSource` is an abstract class with a protected constructor and a
 * public `bind()`, which TypeScript, JavaScript and Python (jsii) users may extend. What such a
 * source's `bind()` returns is type-checked and credential-checked where a consumer binds it
 * (src/_model-source-binding.ts), as what an IServingAutoscaler of your own returns is; the
 * library's own sources are not checked again.
 */
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  InferenceService, LLMInferenceService, LocalModelCache, LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource, ModelSourceBindOptions,
  ModelSourceConfig, ModelSourceKind,
} from '../src';
import { isLibraryModelSource } from '../src/model-source';
import { synthValid, testChart } from './support/synth';

/** A source of the user's own: what its bind() returns is the test's. */
class VaultModelSource extends ModelSource {
  constructor(uri: string, private readonly config: (options: ModelSourceBindOptions) => unknown, kind: ModelSourceKind = ModelSourceKind.S3) {
    super(kind, uri);
  }

  public bind(_scope: Construct, options: ModelSourceBindOptions): ModelSourceConfig {
    return this.config(options) as ModelSourceConfig;
  }
}

const TOKEN = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const URI = 's3://models/llama';

function cacheError(source: ModelSource): string {
  try {
    new ModelCache(testChart(), 'Cache', { source, modelSize: Size.gibibytes(10) });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('a ModelSource of your own', () => {
  test('a literal credential in the environment its bind() returns is refused, naming the field and hiding the value', () => {
    // GIVEN: a token under a credential name, one in a value, and what is no secret (a reference, a path, a placeholder)
    const source = new VaultModelSource(URI, () => ({
      uri: URI,
      env: [
        { name: 'HF_TOKEN', value: 'abc123' },
        { name: 'DOWNLOAD_ARGS', value: `--token ${TOKEN}` },
        { name: 'AWS_SECRET_ACCESS_KEY', secret: { secretName: 's3', key: 'secret' } },
        { name: 'HF_TOKEN_PATH', value: '/var/run/secrets/hf' },
        { name: 'VLLM_API_KEY', value: 'EMPTY' },
      ],
    }));

    // WHEN
    const message = cacheError(source);

    // THEN
    const fix = 'Put it in a Secret and read it through an env variable with `secret` that bind() returns';
    expect(message).toBe('Invalid ModelCache at \'test/Cache\':\n'
      + `  - 'source.bind().env[0].value' is "***": holds what looks like a credential, which would stand in plain text in the manifest. ${fix}\n`
      + `  - 'source.bind().env[1].value' is "--token ***": holds what looks like a credential, which would stand in plain text in the manifest. ${fix}`);
    expect(message).not.toContain('abc123');
  });

  test('the same for an InferenceService and an LLMInferenceService, under \'model\'', () => {
    const source = new VaultModelSource(URI, () => ({ uri: URI, env: [{ name: 'API_KEY', value: 'hunter2' }] }));
    const problem = '\'model.bind().env[0].value\' is "***": holds what looks like a credential';
    expect(() => new InferenceService(testChart(), 'Service', { modelFormat: ModelFormat.HUGGINGFACE, model: source })).toThrow(problem);
    expect(() => new LLMInferenceService(testChart(), 'Llm', { model: source })).toThrow(problem);
  });

  test('a URI that carries a credential is refused, as the one it returns', () => {
    const source = new VaultModelSource('https://robot:hunter2@models.example.com/llama.tar', () => ({ uri: `s3://models/llama?X-Amz-Signature=${'a1B2'.repeat(8)}` }),
      ModelSourceKind.HTTP);
    const message = cacheError(source);
    expect(message).toContain('\'source.uri\' is "https://***@models.example.com/llama.tar": carries a credential (user-info (user:password@)), ');
    expect(message).toContain('\'source.bind().uri\' is "s3://models/llama?X-Amz-Signature=***": carries a credential (the query parameter \'X-Amz-Signature\'), ');
    expect(message).not.toContain('hunter2');
  });

  test('what its bind() returns of the wrong type is the library\'s error naming the field, not a TypeError', () => {
    // GIVEN: what a JavaScript or Python bind() may return
    const source = new VaultModelSource(URI, () => ({
      uri: 5,
      env: [{ name: 'HF_HOME', value: 1 }, { value: 'x' }],
      secretFiles: 'gcs.json',
      anonymous: 'yes',
      credentialsAnnotations: { 's3-endpoint': 443 },
      serviceAccountName: ['sa'],
    }));

    // WHEN / THEN
    expect(cacheError(source)).toBe('Invalid ModelCache at \'test/Cache\':\n'
      + '  - \'source.bind().uri\' is 5: must be a string\n'
      + '  - \'source.bind().serviceAccountName\' is ["sa"]: must be a string\n'
      + '  - \'source.bind().credentialsAnnotations.s3-endpoint\' is 443: must be a string\n'
      + '  - \'source.bind().env[0].value\' is 1: must be a string\n'
      + '  - \'source.bind().env[1].name\' is undefined: is required: a string\n'
      + '  - \'source.bind().secretFiles\' is "gcs.json": must be an array of objects\n'
      + '  - \'source.bind().anonymous\' is "yes": must be a boolean');
    // under a credential's name, no message shows the value, whatever is wrong with it
    const hidden = cacheError(new VaultModelSource(URI, () => ({ uri: URI, env: [{ name: 'HF_TOKEN', value: 123456789 }, { name: 'DB_PASSWORD', value: '0o17' }] })));
    expect(hidden).toBe('Invalid ModelCache at \'test/Cache\':\n'
      + '  - \'source.bind().env[0].value\' is a number: must be a string\n'
      + '  - \'source.bind().env[1].value\' is "***": cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for a number. '
      + 'Write it another way: cdk8s quotes only the forms of YAML 1.1');
    expect(cacheError(new VaultModelSource(URI, () => undefined)))
      .toBe('Invalid ModelCache at \'test/Cache\':\n  - \'source.bind()\' is undefined: must be an object of props');
  });

  test('a well-typed binding is written as bind() returned it, a copy: changing the object later changes nothing', () => {
    // GIVEN: a binding that the source keeps, and changes after the cache bound it
    const chart = testChart();
    const env = [{ name: 'AWS_SECRET_ACCESS_KEY', secret: { secretName: 's3', key: 'secret' } }, { name: 'AWS_CONFIG_FILE', value: '/scratch/config' }];
    const source = new VaultModelSource(URI, () => ({ uri: URI, env }));

    // WHEN
    new ModelCache(chart, 'Cache', { source, modelSize: Size.gibibytes(10) });
    env[1].value = TOKEN;
    const job = synthValid(chart).find((m) => m.kind === 'Job');

    // THEN
    expect(job.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3', key: 'secret' } } },
      { name: 'AWS_CONFIG_FILE', value: '/scratch/config' },
    ]));
  });

  test('the library\'s own sources are its own, and not checked again', () => {
    const cache = new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(10) });
    const own = [ModelSource.fromS3(URI), ModelSource.fromGcs('gs://models/llama'), ModelSource.fromHttp('https://h/m.tar'),
      ModelSource.fromHuggingFace('org/model'), ModelSource.fromOci('oci://r/m:1'), ModelSource.fromPvc('claim'), ModelSource.fromModelCache(cache)];
    expect(own.map(isLibraryModelSource)).toEqual(own.map(() => true));
    expect(isLibraryModelSource(new VaultModelSource(URI, () => ({ uri: URI })))).toBe(false);
  });

  test('a LocalModelCache, which writes its URI without binding it, refuses one that carries a credential or is no string', () => {
    // GIVEN
    const chart = testChart();
    const nodes = new LocalModelNodeGroup(chart, 'Nodes', {
      storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { 'nvidia.com/gpu.present': 'true' },
    });
    const cache = (id: string, source: ModelSource) => () => new LocalModelCache(chart, id, {
      source, modelSize: Size.gibibytes(10), nodeGroups: [nodes],
    });
    const unbound = () => {
      throw new Error('a LocalModelCache does not bind its source');
    };

    // WHEN / THEN
    expect(cache('Signed', new VaultModelSource(`s3://models/llama?X-Amz-Signature=${'a1B2'.repeat(8)}`, unbound))).toThrow(
      'Invalid LocalModelCache at \'test/Signed\':\n  - \'source.uri\' is "s3://models/llama?X-Amz-Signature=***": carries a credential '
        + '(the query parameter \'X-Amz-Signature\'), which would be written in plain text to the manifest. Remove it from the URI, and give '
        + '\'serviceAccountName\' a ServiceAccount whose Secrets hold it (KServe >= 0.18)');
    expect(cache('Typed', new VaultModelSource(42 as unknown as string, unbound))).toThrow(
      'Invalid LocalModelCache at \'test/Typed\':\n  - \'source.uri\' is 42: must be a string');
    expect(cache('Plain', new VaultModelSource(URI, unbound))).not.toThrow();
  });

  test('what its readerProblems() or settingsBeyondUri() answer of the wrong type is the consumer\'s problem, not a TypeError', () => {
    // GIVEN: overrides a JavaScript or Python source may write
    class AnsweringSource extends VaultModelSource {
      constructor(private readonly problems: unknown, private readonly beyondUri: unknown) {
        super(URI, () => ({ uri: URI }));
      }

      public readerProblems(): string[] {
        return this.problems as string[];
      }

      public settingsBeyondUri(): string[] {
        return this.beyondUri as string[];
      }
    }
    const chart = testChart();
    const nodes = new LocalModelNodeGroup(chart, 'Nodes', {
      storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { 'nvidia.com/gpu.present': 'true' },
    });

    // WHEN / THEN
    expect(() => new InferenceService(chart, 'Service', { modelFormat: ModelFormat.HUGGINGFACE, model: new AnsweringSource(undefined, []) })).toThrow(
      'Invalid InferenceService at \'test/Service\':\n  - \'model.readerProblems()\' is undefined: must be an array of strings: the problems a reader '
        + 'would have, one message each. Return [] when there are none');
    expect(() => new LocalModelCache(chart, 'Cache', { source: new AnsweringSource(['no way', 42], 'creds'), modelSize: Size.gibibytes(1), nodeGroups: [nodes] }))
      .toThrow('Invalid LocalModelCache at \'test/Cache\':\n'
        + '  - \'source.readerProblems()[1]\' is 42: must be a string\n'
        + '  - \'source.settingsBeyondUri()\' is "creds": must be an array of strings: the settings a reader of the URI alone would miss, one phrase each. '
        + 'Return [] when there are none');
    expect(() => new LocalModelCache(chart, 'Reported', {
      source: new AnsweringSource(['\'source\' is not readable by the storage initializer'], []), modelSize: Size.gibibytes(1), nodeGroups: [nodes],
    })).toThrow('Invalid LocalModelCache at \'test/Reported\':\n  - \'source\' is not readable by the storage initializer');
  });
});
