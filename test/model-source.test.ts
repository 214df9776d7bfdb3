import { ApiObject, Testing } from 'cdk8s';
import { ModelCache, ModelReader, ModelSource, ModelSourceKind } from '../src';
import { testChart } from './support/synth';

describe('ModelSource.bind', () => {
  test('a storage initializer gets a ServiceAccount that lists the credentials Secret, named after the consumer', () => {
    // GIVEN
    const chart = testChart();
    const source = ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-credentials' }, endpoint: 'object.ord1.coreweave.com' });

    // WHEN
    const config = source.bind(chart, { reader: ModelReader.STORAGE_INITIALIZER, name: 'gpt2', namespace: 'ml' });

    // THEN
    expect(config).toEqual({
      uri: 's3://models/gpt2',
      serviceAccountName: 'gpt2-storage',
      serviceAccount: chart.node.findChild('StorageServiceAccount'),
      credentialsSecretName: 's3-credentials',
      credentialsAnnotations: { 's3-endpoint': 'object.ord1.coreweave.com', 's3-usehttps': '1' },
    });
    expect(config.serviceAccount).toBeInstanceOf(ApiObject);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'gpt2-storage', namespace: 'ml' }, secrets: [{ name: 's3-credentials' }],
    }]);
  });

  test('a source without credentials creates nothing', () => {
    const chart = testChart();
    expect(ModelSource.fromHttp('https://example.com/model.tar.gz').bind(chart, { reader: ModelReader.STORAGE_INITIALIZER, name: 'm' }))
      .toEqual({ uri: 'https://example.com/model.tar.gz', credentialsAnnotations: undefined });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('a storage initializer binding without a name is the library\'s error', () => {
    const source = ModelSource.fromHuggingFace('org/model', { token: { secretName: 'hf', key: 'HF_TOKEN' } });
    expect(() => source.bind(testChart(), { reader: ModelReader.STORAGE_INITIALIZER }))
      .toThrow('\'name\' is undefined: a storage initializer binding names the ServiceAccount it creates after its consumer');
  });

  test.each([
    ['S3 with an endpoint, a region and keys', ModelSource.fromS3('s3://models/gpt2', {
      credentials: { secretName: 's3', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' }, endpoint: 'minio:9000', useHttps: false, region: 'ORD1',
    }), [
      { name: 'AWS_ENDPOINT_URL', value: 'http://minio:9000' },
      { name: 'AWS_REGION', value: 'ORD1' },
      { name: 'AWS_ACCESS_KEY_ID', secret: { secretName: 's3', key: 'id' } },
      { name: 'AWS_SECRET_ACCESS_KEY', secret: { secretName: 's3', key: 'secret' } },
    ], []],
    ['GCS with a key file', ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName: 'gcs', key: 'sa.json' } }), [
      { name: 'CLOUDSDK_CONFIG', value: '/scratch/gcloud' },
      { name: 'CLOUDSDK_CORE_DISABLE_PROMPTS', value: '1' },
      { name: 'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE', value: '/secrets/key.json' },
    ], [{ secret: { secretName: 'gcs', key: 'sa.json' }, fileName: 'key.json' }]],
    ['Hugging Face with a revision and a token', ModelSource.fromHuggingFace('org/model', { revision: 'abc123', token: { secretName: 'hf', key: 'HF_TOKEN' } }), [
      { name: 'HF_REPO', value: 'org/model' },
      { name: 'HF_REVISION', value: 'abc123' },
      { name: 'HF_TOKEN', secret: { secretName: 'hf', key: 'HF_TOKEN' } },
      { name: 'HF_HUB_DISABLE_PROGRESS_BARS', value: '1' },
    ], []],
    ['HTTP', ModelSource.fromHttp('https://example.com/model.zip'), [], []],
  ])('a downloader of %s gets the store\'s environment and Secret files, and no ServiceAccount', (_name, source, env, secretFiles) => {
    const chart = testChart();
    const config = source.bind(chart, { reader: ModelReader.DOWNLOADER, scratchPath: '/scratch', secretFilesPath: '/secrets' });
    expect(config.env).toEqual(env);
    expect(config.secretFiles).toEqual(secretFiles);
    expect(config.serviceAccountName).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('a downloader without paths gets the default scratch and Secret-file directories', () => {
    const config = ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName: 'gcs', key: 'sa.json' } })
      .bind(testChart(), { reader: ModelReader.DOWNLOADER });
    expect(config.env).toEqual([
      { name: 'CLOUDSDK_CONFIG', value: '/tmp/gcloud' },
      { name: 'CLOUDSDK_CORE_DISABLE_PROMPTS', value: '1' },
      { name: 'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE', value: '/var/run/secrets/model-source/key.json' },
    ]);
  });

  test('settings beyond the URI are listed for readers that take only the URI', () => {
    expect(ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3' }, endpoint: 'e', region: 'r' }).settingsBeyondUri())
      .toEqual(['credentials (Secret "s3")', 'endpoint', 'region']);
    expect(ModelSource.fromOci('oci://registry.example.com/models/gpt2:1').settingsBeyondUri()).toEqual([]);
  });

  test('each kind knows the first KServe release that reads it', () => {
    expect(ModelSource.fromHuggingFace('org/model').kserveSince?.toString()).toBe('0.15');
    expect(ModelSource.fromOci('oci://registry.example.com/models/gpt2:1').kserveSince?.toString()).toBe('0.12');
    expect(ModelSource.fromS3('s3://models/gpt2').kserveSince).toBeUndefined();
  });

  test('a cache\'s source reads the cache\'s URI and keeps the cache for the cross-construct checks', () => {
    const chart = testChart();
    const cache = ModelCache.fromClaimName(chart, 'Weights', 'weights', { modelDirectory: 'gpt2' });
    const source = ModelSource.fromModelCache(cache);
    expect([source.kind, source.uri, source.cache]).toEqual([ModelSourceKind.PVC, 'pvc://weights/gpt2', cache]);
  });
});
