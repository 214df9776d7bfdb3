import { readFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, Chart, Duration, Names, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { ModelCache, ModelCacheConsumer, ModelCacheProps, ModelSource, ModelSourceKind, ServingApi, TaintEffect } from '../src';
import { synthValid, testChart } from './support/synth';
import { LoaderSettings, loaderSettingsDigest } from '../src/_loader-job';
import { defaultLoaderImage, loaderScript } from '../src/_model-cache-loader';

const s3Source = () => ModelSource.fromS3('s3://models/gpt2');

function synthCache(props: ModelCacheProps, namespace?: string) {
  const chart = testChart(namespace);
  const cache = new ModelCache(chart, 'Cache', props);
  const manifests = synthValid(chart);
  return {
    cache,
    manifests,
    pvc: manifests.find((m) => m.kind === 'PersistentVolumeClaim'),
    job: manifests.find((m) => m.kind === 'Job'),
  };
}

const podOf = (job: any) => job.spec.template.spec;
const loaderOf = (job: any) => podOf(job).containers[0];
const envOf = (job: any) => Object.fromEntries(loaderOf(job).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

function golden(file: string): any[] {
  return parseAllDocuments(readFileSync(join(__dirname, 'golden', file), 'utf8')).map((d) => d.toJS());
}

const consumer = (overrides: Partial<ModelCacheConsumer> = {}): ModelCacheConsumer => ({
  path: 'test/Service',
  servingApi: ServingApi.KSERVE_V1BETA1,
  maxReplicas: 1,
  ...overrides,
});

describe('defaults', () => {
  test('a cache with a source and a model size (snapshot)', () => {
    // GIVEN / WHEN
    const { manifests } = synthCache({ source: s3Source(), modelSize: Size.gibibytes(10) });

    // THEN
    expect(manifests).toMatchSnapshot();
  });

  test('the volume is ReadWriteMany, the cluster default StorageClass, sized for the model plus 10%', () => {
    // GIVEN / WHEN
    const { cache, pvc } = synthCache({ source: s3Source(), modelSize: Size.gibibytes(15) });

    // THEN: 15Gi + 10% = 16.5Gi, rounded up to whole gibibytes
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '17Gi' } },
      volumeMode: 'Filesystem',
    });
    expect(cache.accessMode).toBe(kplus.PersistentVolumeAccessMode.READ_WRITE_MANY);
    expect(cache.headroomPercent).toBe(10);
    expect(cache.size.toGibibytes()).toBe(17);
    expect(cache.storageClassName).toBeUndefined();
  });

  test('the model directory is "model", and uri() points at it', () => {
    // GIVEN / WHEN
    const { cache, pvc, job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(cache.modelDirectory).toBe('model');
    expect(cache.claimName).toBe(pvc.metadata.name);
    expect(cache.uri()).toBe(`pvc://${pvc.metadata.name}/model`);
    expect(envOf(job).MODEL_DIRECTORY).toBe('model');
  });

  test('the loader retries 3 times and is deleted a day after it finishes, with no deadline', () => {
    // GIVEN / WHEN
    const { cache, job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(job.spec.backoffLimit).toBe(3);
    expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(job.spec.activeDeadlineSeconds).toBeUndefined();
    expect(cache.loader?.name).toBe(job.metadata.name);
  });

  test('the loader requests 500m CPU and 1Gi memory and is limited to 2 CPUs and 4Gi', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(loaderOf(job).resources).toEqual({
      requests: { cpu: '500m', memory: '1024Mi' },
      limits: { cpu: '2', memory: '4096Mi' },
    });
  });

  test('the loader runs as user and group 1000, which also owns the volume', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(podOf(job).securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
  });

  test('the loader runs on any node, with no tolerations and the namespace default ServiceAccount', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(podOf(job).affinity).toBeUndefined();
    expect(podOf(job).tolerations).toBeUndefined();
    expect(podOf(job).serviceAccountName).toBeUndefined();
    expect(podOf(job).automountServiceAccountToken).toBe(false);
  });

  test.each([
    ['S3', ModelSource.fromS3('s3://models/gpt2'), 'amazon/aws-cli:2.32.8'],
    ['GCS', ModelSource.fromGcs('gs://models/gpt2'), 'google/cloud-sdk:530.0.0-alpine'],
    ['Hugging Face', ModelSource.fromHuggingFace('openai-community/gpt2'), 'python:3.12.11-slim-bookworm'],
    ['HTTP', ModelSource.fromHttp('https://example.com/gpt2.tar.gz'), 'curlimages/curl:8.11.1'],
  ])('a %s source is loaded with a pinned image of its tool', (_kind, source, image) => {
    // GIVEN / WHEN
    const { cache, job } = synthCache({ source, size: Size.gibibytes(20) });

    // THEN
    expect(loaderOf(job).image).toBe(image);
    expect(loaderOf(job).imagePullPolicy).toBe('IfNotPresent');
    expect(cache.loaderImage).toBe(image);
  });

  test('without a source there is only the claim', () => {
    // GIVEN / WHEN
    const { cache, manifests } = synthCache({ size: Size.gibibytes(20) });

    // THEN
    expect(manifests.map((m) => m.kind)).toEqual(['PersistentVolumeClaim']);
    expect(cache.loader).toBeUndefined();
    expect(cache.loaderImage).toBeUndefined();
    expect(cache.source).toBeUndefined();
  });

  test('the claim is the default child, for escape hatches', () => {
    // GIVEN
    const chart = testChart();
    const cache = new ModelCache(chart, 'Cache', { size: Size.gibibytes(20) });

    // WHEN
    ApiObject.of(cache).metadata.addLabel('team', 'ml');

    // THEN
    expect(synthValid(chart)[0].metadata.labels).toEqual({ team: 'ml' });
    expect(cache.claim).toBe(ApiObject.of(cache));
  });

  test('is a cdk8s-plus claim: other workloads mount the weights', () => {
    // GIVEN
    const chart = testChart();
    const cache = new ModelCache(chart, 'Cache', { size: Size.gibibytes(20) });
    const notebook = new kplus.Deployment(chart, 'Notebook', { containers: [{ image: 'jupyter/base-notebook:2024-05-20' }] });

    // WHEN
    notebook.containers[0].mount('/models', kplus.Volume.fromPersistentVolumeClaim(chart, 'Weights', cache, { readOnly: true }));

    // THEN
    const deployment = synthValid(chart).find((m) => m.kind === 'Deployment');
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: `pvc-${cache.claimName}`, persistentVolumeClaim: { claimName: cache.claimName, readOnly: true } },
    ]);
    expect(cache).toMatchObject({
      name: cache.claimName,
      resourceName: cache.claimName,
      apiVersion: 'v1',
      apiGroup: 'core', // cdk8s's name for the core group, as cdk8s-plus's own claims say
      kind: 'PersistentVolumeClaim',
      resourceType: 'persistentvolumeclaims',
    });
  });
});

describe('everything set', () => {
  test('snapshot', () => {
    // GIVEN
    const chart = testChart('tenant-ml');
    const serviceAccount = kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'model-loader');

    // WHEN
    new ModelCache(chart, 'Cache', {
      source: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', {
        revision: '0e9e39f249a16976918f6564b8830bc894c89659',
        token: { secretName: 'hf-token', key: 'token' },
      }),
      size: Size.gibibytes(40),
      modelSize: Size.gibibytes(16),
      headroomPercent: 20,
      storageClassName: 'shared-nvme-ord1',
      accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
      modelDirectory: 'models/llama-3.1-8b',
      loader: {
        image: 'registry.example.com/hf-loader:1.0.0',
        resources: {
          cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(4) },
          memory: { request: Size.gibibytes(2), limit: Size.gibibytes(8) },
        },
        backoffLimit: 6,
        ttlAfterFinished: Duration.hours(6),
        activeDeadline: Duration.hours(2),
        nodeSelector: { 'topology.kubernetes.io/region': 'ORD1' },
        tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
        serviceAccount,
        runAsUser: 2000,
        runAsGroup: 3000,
      },
    });

    // THEN
    expect(synthValid(chart)).toMatchSnapshot();
  });
});

describe('props', () => {
  test('storageClassName and size are written to the claim', () => {
    // GIVEN / WHEN
    const { pvc } = synthCache({ size: Size.gibibytes(350), storageClassName: 'shared-nvme-las1' });

    // THEN
    expect(pvc.spec).toMatchObject({ storageClassName: 'shared-nvme-las1', resources: { requests: { storage: '350Gi' } } });
  });

  test('accessMode is written to the claim', () => {
    // GIVEN / WHEN
    const { pvc } = synthCache({ size: Size.gibibytes(20), accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE });

    // THEN
    expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  test('headroomPercent sizes the volume from the model size', () => {
    // GIVEN / WHEN
    const { pvc } = synthCache({ modelSize: Size.gibibytes(100), headroomPercent: 25 });

    // THEN
    expect(pvc.spec.resources.requests.storage).toBe('125Gi');
  });

  test('modelDirectory is where the loader writes and what uri() returns', () => {
    // GIVEN / WHEN
    const { cache, job } = synthCache({ source: s3Source(), size: Size.gibibytes(20), modelDirectory: 'models/gpt2' });

    // THEN
    expect(envOf(job).MODEL_DIRECTORY).toBe('models/gpt2');
    expect(cache.uri()).toBe(`pvc://${cache.claimName}/models/gpt2`);
    expect(cache.uri('other/dir')).toBe(`pvc://${cache.claimName}/other/dir`);
  });

  test('loader.image replaces the default image', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20), loader: { image: 'mirror.example.com/aws-cli:2.32.8' } });

    // THEN
    expect(loaderOf(job).image).toBe('mirror.example.com/aws-cli:2.32.8');
  });

  test('loader.resources replaces the default resources', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: s3Source(),
      size: Size.gibibytes(20),
      loader: { resources: { cpu: { request: kplus.Cpu.units(1) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } } },
    });

    // THEN
    expect(loaderOf(job).resources).toEqual({ requests: { cpu: '1', memory: '2048Mi' }, limits: { memory: '2048Mi' } });
  });

  test('loader.resources writes only the values given, ephemeral storage in whole gibibytes', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: s3Source(),
      size: Size.gibibytes(20),
      loader: { resources: { cpu: { limit: kplus.Cpu.millis(250) }, ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(10) } } },
    });

    // THEN
    expect(loaderOf(job).resources).toEqual({
      limits: { 'cpu': '250m', 'ephemeral-storage': '10Gi' },
      requests: { 'ephemeral-storage': '1Gi' },
    });
  });

  test('loader.backoffLimit, ttlAfterFinished and activeDeadline are written to the Job', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: s3Source(),
      size: Size.gibibytes(20),
      loader: { backoffLimit: 0, ttlAfterFinished: Duration.minutes(10), activeDeadline: Duration.hours(1) },
    });

    // THEN
    expect(job.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 600, activeDeadlineSeconds: 3600 });
  });

  test('loader.nodeSelector becomes a required node affinity, sorted by label key', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: s3Source(),
      size: Size.gibibytes(20),
      loader: { nodeSelector: { 'topology.kubernetes.io/region': 'ORD1', 'node.coreweave.cloud/class': 'cpu' } },
    });

    // THEN
    expect(podOf(job).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'node.coreweave.cloud/class', operator: 'In', values: ['cpu'] },
              { key: 'topology.kubernetes.io/region', operator: 'In', values: ['ORD1'] },
            ],
          }],
        },
      },
    });
  });

  test('loader.tolerations are written to the pod', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: s3Source(),
      size: Size.gibibytes(20),
      loader: { tolerations: [{ key: 'dedicated', value: 'storage', effect: TaintEffect.NO_SCHEDULE }] },
    });

    // THEN
    expect(podOf(job).tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' }]);
  });

  test('loader.serviceAccount runs the loader with a pod identity', () => {
    // GIVEN
    const chart = testChart();
    const serviceAccount = kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'model-reader');

    // WHEN
    new ModelCache(chart, 'Cache', { source: s3Source(), size: Size.gibibytes(20), loader: { serviceAccount } });

    // THEN
    expect(podOf(synthValid(chart)[1]).serviceAccountName).toBe('model-reader');
  });

  test('loader.runAsUser and runAsGroup set the user, the group and the volume group', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20), loader: { runAsUser: 1001, runAsGroup: 2001 } });

    // THEN
    expect(podOf(job).securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 2001, fsGroup: 2001 });
  });

  test('the claim and the Job are in the chart namespace', () => {
    // GIVEN / WHEN
    const { pvc, job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) }, 'tenant-ml');

    // THEN
    expect(pvc.metadata.namespace).toBe('tenant-ml');
    expect(job.metadata.namespace).toBe('tenant-ml');
  });
});

describe('sources', () => {
  test('S3: endpoint, region and keys from an existing Secret, by reference only', () => {
    // GIVEN / WHEN
    const { manifests, job } = synthCache({
      source: ModelSource.fromS3('s3://models/gpt2', {
        endpoint: 'object.ord1.coreweave.com',
        region: 'ORD1',
        credentials: { secretName: 's3-credentials', accessKeyIdKey: 'access-key', secretAccessKeyKey: 'secret-key' },
      }),
      size: Size.gibibytes(20),
    });

    // THEN
    expect(envOf(job)).toMatchObject({
      MODEL_SOURCE: 's3://models/gpt2',
      AWS_ENDPOINT_URL: 'https://object.ord1.coreweave.com',
      AWS_REGION: 'ORD1',
      AWS_ACCESS_KEY_ID: { secretKeyRef: { name: 's3-credentials', key: 'access-key' } },
      AWS_SECRET_ACCESS_KEY: { secretKeyRef: { name: 's3-credentials', key: 'secret-key' } },
    });
    expect(manifests.map((m) => m.kind)).not.toContain('Secret');
  });

  test('S3: an endpoint without HTTPS is reached over http://', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: ModelSource.fromS3('s3://models/gpt2', { endpoint: 'minio.storage:9000', useHttps: false }),
      size: Size.gibibytes(20),
    });

    // THEN
    expect(envOf(job).AWS_ENDPOINT_URL).toBe('http://minio.storage:9000');
  });

  test('S3: without credentials, no keys are set (pod identity)', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(Object.keys(envOf(job))).toEqual(['CACHE_ROOT', 'MODEL_DIRECTORY', 'MODEL_SOURCE', 'HOME']);
  });

  test('GCS: the key file is mounted read-only from the Secret and named to gcloud', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName: 'gcs-key', key: 'sa.json' } }),
      size: Size.gibibytes(20),
    });

    // THEN
    expect(envOf(job)).toMatchObject({
      CLOUDSDK_CONFIG: '/tmp/gcloud',
      CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: '/var/run/secrets/gcs/key.json',
    });
    expect(loaderOf(job).volumeMounts).toContainEqual({ mountPath: '/var/run/secrets/gcs', name: 'secret-gcs-key', readOnly: true });
    expect(podOf(job).volumes).toContainEqual({ name: 'secret-gcs-key', secret: { secretName: 'gcs-key', items: [{ key: 'sa.json', path: 'key.json' }] } });
  });

  test('Hugging Face: repository, revision and token by reference', () => {
    // GIVEN / WHEN
    const { job } = synthCache({
      source: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', { revision: 'main', token: { secretName: 'hf', key: 'HF_TOKEN' } }),
      size: Size.gibibytes(20),
    });

    // THEN
    expect(envOf(job)).toMatchObject({
      MODEL_SOURCE: 'hf://meta-llama/Llama-3.1-8B-Instruct:main',
      HF_REPO: 'meta-llama/Llama-3.1-8B-Instruct',
      HF_REVISION: 'main',
      HF_TOKEN: { secretKeyRef: { name: 'hf', key: 'HF_TOKEN' } },
    });
  });

  test('HTTP: the URL is the only setting', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: ModelSource.fromHttp('https://example.com/gpt2.tar.gz'), size: Size.gibibytes(20) });

    // THEN
    expect(envOf(job)).toEqual({ CACHE_ROOT: '/mnt/cache', MODEL_DIRECTORY: 'model', MODEL_SOURCE: 'https://example.com/gpt2.tar.gz', HOME: '/tmp' });
  });
});

describe('the loader Job', () => {
  test('meets the restricted Pod Security profile', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });
    const pod = podOf(job);

    // THEN: pod level
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.securityContext.fsGroup).toBe(1000);
    expect(pod.hostNetwork).not.toBe(true);
    expect(pod.hostPID).toBeUndefined();
    expect(pod.hostIPC).toBeUndefined();
    // THEN: only the volume types the profile allows
    for (const volume of pod.volumes) {
      const type = Object.keys(volume).filter((k) => k !== 'name');
      expect(['persistentVolumeClaim', 'emptyDir', 'secret']).toEqual(expect.arrayContaining(type));
    }
    // THEN: every container
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.ports).toBeUndefined();
    }
  });

  test('has writable HOME and scratch space although the root filesystem is read-only', () => {
    // GIVEN / WHEN
    const { job } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    expect(envOf(job).HOME).toBe('/tmp');
    expect(loaderOf(job).volumeMounts).toContainEqual({ mountPath: '/tmp', name: 'scratch' });
    expect(podOf(job).volumes).toContainEqual({ name: 'scratch', emptyDir: { sizeLimit: '1024Mi' } });
  });

  test('mounts the claim read-write at /mnt/cache', () => {
    // GIVEN / WHEN
    const { job, pvc } = synthCache({ source: s3Source(), size: Size.gibibytes(20) });

    // THEN
    const volume = podOf(job).volumes.find((v: any) => v.persistentVolumeClaim);
    expect(volume.persistentVolumeClaim).toEqual({ claimName: pvc.metadata.name, readOnly: false });
    expect(loaderOf(job).volumeMounts).toContainEqual({ mountPath: '/mnt/cache', name: volume.name });
    expect(envOf(job).CACHE_ROOT).toBe('/mnt/cache');
  });

  test('is renamed when its settings change, so a new source never hits the immutable pod template', () => {
    // GIVEN
    const first = synthCache({ source: ModelSource.fromHuggingFace('openai-community/gpt2', { revision: 'v1' }), size: Size.gibibytes(20) });

    // WHEN
    const second = synthCache({ source: ModelSource.fromHuggingFace('openai-community/gpt2', { revision: 'v2' }), size: Size.gibibytes(20) });
    const same = synthCache({ source: ModelSource.fromHuggingFace('openai-community/gpt2', { revision: 'v1' }), size: Size.gibibytes(20) });

    // THEN
    expect(second.job.metadata.name).not.toBe(first.job.metadata.name);
    expect(same.job.metadata.name).toBe(first.job.metadata.name);
    expect(second.pvc.metadata.name).toBe(first.pvc.metadata.name);
    expect(first.job.metadata.name).toMatch(/^test-cache-loader-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });

  test('is named after the claim, as cdk8s would name it, and shortened from the left when the path is long', () => {
    // GIVEN
    const app = Testing.app();
    const short = new ModelCache(new Chart(app, 'team-search'), 'RerankerCache', { source: s3Source(), size: Size.gibibytes(20) });
    const longChart = new Chart(app, 'platform-inference-serving-for-the-search-and-ranking-organisation');
    const long = new ModelCache(new Construct(longChart, 'MultilingualRerankers'), 'CrossEncoderLargeCache', { source: s3Source(), size: Size.gibibytes(20) });

    // WHEN
    const [shortName, longName] = [short, long].map((cache) => cache.loader!.name);
    const digestOf = (name: string) => name.split('-').slice(-2)[0];

    // THEN
    expect(shortName).toBe(Names.toDnsLabel(short, { extra: ['loader', digestOf(shortName)] }));
    expect(longName).toHaveLength(63);
    expect(longName).toMatch(/^[a-z0-9][-a-z0-9]*-crossencoderlargecache-loader-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(longName.endsWith(long.claimName.slice(-8))).toBe(true);
    expect(long.claimName.length).toBeLessThanOrEqual(63);
  });
});

describe('the loader settings digest', () => {
  const settings = (overrides: Partial<LoaderSettings> = {}): LoaderSettings => ({
    image: defaultLoaderImage(ModelSourceKind.S3),
    script: loaderScript(ModelSourceKind.S3),
    env: [{ name: 'MODEL_URI', value: 's3://models/gpt2' }],
    secretFiles: [],
    resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { limit: Size.gibibytes(4) } },
    backoffLimit: 3,
    ttlAfterFinished: Duration.days(1),
    nodeSelector: {},
    tolerations: [],
    runAsUser: 1000,
    runAsGroup: 1000,
    ...overrides,
  });
  test('is unchanged for every setting that existed before the Job name\'s keys were pinned (template 2)', () => {
    // GIVEN: the digests release 0.0.0 gave these settings, one Job name each
    const cases: [LoaderSettings, string][] = [
      [settings(), 'ab352302'],
      [settings({ image: 'registry.example.com/aws-cli:2' }), '671e2655'],
      [settings({ env: [{ name: 'MODEL_URI', value: 's3://models/other' }] }), '0d7e6082'],
      [settings({ activeDeadline: Duration.hours(2), nodeSelector: { 'topology.kubernetes.io/region': 'ORD1' } }), '9b85b430'],
    ];

    // WHEN / THEN: a changed digest renames the loader Job of every cache
    expect(cases.map(([loader]) => loaderSettingsDigest(loader))).toEqual(cases.map(([, digest]) => digest));
  });

  test('a GCS cache with a key file keeps the loader Job name release 0.0.0 gave it', () => {
    // GIVEN / WHEN
    const chart = testChart();
    const cache = new ModelCache(chart, 'Cache', {
      source: ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName: 'gcs', key: 'key.json' } }),
      size: Size.gibibytes(10),
    });

    // THEN
    expect(cache.loader?.name).toBe('test-cache-loader-24ed1fb0-c8f016a1');
  });

  test('tells apart every setting, the tolerations and the ServiceAccount included', () => {
    // GIVEN
    const app = Testing.app();
    const cases = [
      settings(),
      settings({ tolerations: [{ key: 'nvidia.com/gpu' }] }),
      settings({ tolerations: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }] }),
      settings({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(new Chart(app, 'c'), 'Account', 'loader') }),
      settings({ backoffLimit: 4 }),
      settings({ ttlAfterFinished: Duration.hours(1) }),
      settings({ runAsUser: 1001 }),
    ];

    // WHEN
    const digests = cases.map(loaderSettingsDigest);

    // THEN
    expect(new Set(digests).size).toBe(cases.length);
    expect(cases.map(loaderSettingsDigest)).toEqual(digests);
  });
});

describe('golden manifests', () => {
  test('S3-compatible store on CoreWeave', () => {
    // GIVEN / WHEN
    const { manifests } = synthCache({
      source: ModelSource.fromS3('s3://tensorflow-models/gpt-2/124M', {
        credentials: { secretName: 's3-credentials' },
        endpoint: 'object.ord1.coreweave.com',
        region: 'ORD1',
      }),
      modelSize: Size.gibibytes(2),
      storageClassName: 'shared-nvme-ord1',
      modelDirectory: 'gpt-2/124M',
      loader: { nodeSelector: { 'topology.kubernetes.io/region': 'ORD1' } },
    }, 'tenant-ml');

    // THEN
    expect(manifests).toEqual(golden('model-cache-s3.yaml'));
  });

  test('Hugging Face with a token', () => {
    // GIVEN / WHEN
    const { manifests } = synthCache({
      source: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', { revision: 'main', token: { secretName: 'hf-token', key: 'token' } }),
      modelSize: Size.gibibytes(16),
    });

    // THEN
    expect(manifests).toEqual(golden('model-cache-hf.yaml'));
  });

  test('GCS with a service-account key', () => {
    // GIVEN / WHEN
    const { manifests } = synthCache({
      source: ModelSource.fromGcs('gs://models/bert', { credentials: { secretName: 'gcs-key', key: 'key.json' } }),
      size: Size.gibibytes(5),
    });

    // THEN
    expect(manifests).toEqual(golden('model-cache-gcs.yaml'));
  });

  test('HTTP archive', () => {
    // GIVEN / WHEN
    const { manifests } = synthCache({ source: ModelSource.fromHttp('https://example.com/models/resnet50.tar.gz'), size: Size.gibibytes(1) });

    // THEN
    expect(manifests).toEqual(golden('model-cache-http.yaml'));
  });
});

describe('validation', () => {
  test('every problem is reported at once', () => {
    // GIVEN
    const chart = testChart();

    // WHEN / THEN
    expect(() => new ModelCache(chart, 'Cache', {
      source: ModelSource.fromOci('oci://registry.example.com/models/gpt2:v1'),
      modelDirectory: '../up',
      headroomPercent: -1,
      storageClassName: 'Fast_SSD',
      loader: { backoffLimit: -1 },
    })).toThrow([
      "Invalid ModelCache at 'test/Cache':",
      "  - 'headroomPercent' is -1: must be a percentage of 0 or more. For example 10 to keep 10% of the model size free",
      "  - 'size' is undefined: the volume needs a size. Set 'size', or 'modelSize' to derive it",
      "  - 'storageClassName' is \"Fast_SSD\": must be a StorageClass name (lowercase alphanumerics, '-' and '.')",
      "  - 'modelDirectory' is \"../up\": must be a directory relative to the volume root, or \'\' for the root itself. For example \"model\" or \"models/gpt2\" (no leading '/', no '..')",
      "  - 'source' is \"oci://registry.example.com/models/gpt2:v1\": a model cache downloads from S3, GCS, HTTP(S) or Hugging Face. Serve an OCI model directly with ModelSource.fromOci(), or adopt an existing claim with ModelCache.fromClaimName()",
      "  - 'loader.backoffLimit' is -1: must be a whole number from 0 to 2147483647. For example 3",
    ].join('\n'));
  });

  test('a volume smaller than the model plus headroom', () => {
    expect(() => new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(10), modelSize: Size.gibibytes(10) })).toThrow(
      "Invalid ModelCache at 'test/Cache':\n  - 'size' is 10Gi: must hold 'modelSize' (10Gi) plus 10% headroom. Give at least Size.gibibytes(11), or leave 'size' out to derive it");
  });

  test('a volume that is not a whole number of gibibytes', () => {
    expect(() => new ModelCache(testChart(), 'Cache', { size: Size.mebibytes(1536) })).toThrow(
      "Invalid ModelCache at 'test/Cache':\n  - 'size' is 1536Mi: must be a whole number of gibibytes, more than zero. For example Size.gibibytes(100)");
  });

  test('a model size of zero', () => {
    expect(() => new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(1), modelSize: Size.gibibytes(0) })).toThrow(
      "Invalid ModelCache at 'test/Cache':\n  - 'modelSize' is 0: must be more than zero");
  });

  test('a ReadOnlyMany volume cannot be filled by the loader', () => {
    expect(() => new ModelCache(testChart(), 'Cache', {
      source: s3Source(), size: Size.gibibytes(20), accessMode: kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
    })).toThrow("Invalid ModelCache at 'test/Cache':\n  - 'accessMode' is \"ReadOnlyMany\": the loader cannot write to a ReadOnlyMany volume. "
      + "Use PersistentVolumeAccessMode.READ_WRITE_MANY, or fill the volume yourself and leave 'source' out");
  });

  test('a ReadOnlyMany volume without a loader is fine', () => {
    const { pvc } = synthCache({ size: Size.gibibytes(20), accessMode: kplus.PersistentVolumeAccessMode.READ_ONLY_MANY });
    expect(pvc.spec.accessModes).toEqual(['ReadOnlyMany']);
  });

  test('a source that is itself a cache', () => {
    // GIVEN
    const chart = testChart();
    const other = new ModelCache(chart, 'Other', { size: Size.gibibytes(20) });

    // WHEN / THEN
    expect(() => new ModelCache(chart, 'Cache', { source: ModelSource.fromModelCache(other), size: Size.gibibytes(20) })).toThrow(
      `Invalid ModelCache at 'test/Cache':\n  - 'source' is "${other.uri()}": is another model cache, and a cache is filled from a store. Use the store the other cache reads from`);
  });

  test('a PVC source', () => {
    expect(() => new ModelCache(testChart(), 'Cache', { source: ModelSource.fromPvc('models'), size: Size.gibibytes(20) })).toThrow(
      "Invalid ModelCache at 'test/Cache':\n  - 'source' is \"pvc://models\": a model cache downloads from S3, GCS, HTTP(S) or Hugging Face. "
      + 'Serve an OCI model directly with ModelSource.fromOci(), or adopt an existing claim with ModelCache.fromClaimName()');
  });

  test('loader options without a source', () => {
    expect(() => new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(20), loader: { backoffLimit: 1 } })).toThrow(
      "Invalid ModelCache at 'test/Cache':\n  - 'source' is undefined: the 'loader' options need a source to download from. Set 'source', or remove 'loader'");
  });

  test('loader settings out of range', () => {
    expect(() => new ModelCache(testChart(), 'Cache', {
      source: s3Source(),
      size: Size.gibibytes(20),
      loader: { image: ' ', ttlAfterFinished: Duration.millis(1500), activeDeadline: Duration.millis(0), runAsUser: 0, runAsGroup: 1.5 },
    })).toThrow([
      "Invalid ModelCache at 'test/Cache':",
      "  - 'loader.image' is \" \": must be an image reference without white space. Leave it out to use the default image for the source",
      "  - 'loader.ttlAfterFinished' is 1 second 500 millis: must be a whole number of seconds, at most 2147483647. For example Duration.hours(6)",
      "  - 'loader.activeDeadline' is 0 millis: must be a whole number of seconds from 1 to 9007199254740991. For example Duration.hours(2)",
      "  - 'loader.runAsUser' is 0: must be a non-root id from 1 to 2147483647. For example 1000",
      "  - 'loader.runAsGroup' is 1.5: must be a non-root id from 1 to 2147483647. For example 1000",
    ].join('\n'));
  });

  test('uri() refuses a path outside the cache', () => {
    const cache = new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(20) });
    expect(() => cache.uri('/etc')).toThrow(
      "'path' is \"/etc\": give a directory relative to the cache, for example \"models/gpt2\" (no leading '/', no '..')");
  });
});

describe('checkConsumer()', () => {
  function cache(props: ModelCacheProps, namespace?: string): ModelCache {
    return new ModelCache(testChart(namespace), 'Cache', { size: Size.gibibytes(100), ...props });
  }

  test('a cache that fits has no problems', () => {
    const fits = cache({ storageClassName: 'shared-nvme-ord1', modelSize: Size.gibibytes(16) }, 'ml');
    expect(fits.checkConsumer(consumer({
      maxReplicas: 10, gpuRegions: ['ORD1'], gpuMemory: Size.gibibytes(48), namespace: 'ml',
    }))).toEqual([]);
  });

  test('ReadWriteOnce behind a service that can run several replicas', () => {
    expect(cache({ accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE }).checkConsumer(consumer({ maxReplicas: 3 }))).toEqual([
      "'accessMode' is \"ReadWriteOnce\": the volume of test/Cache mounts on one node at a time, but test/Service can run up to 3 replicas. "
      + 'Use PersistentVolumeAccessMode.READ_WRITE_MANY with a storage class that supports it, or set maxReplicas to 1',
    ]);
  });

  test('ReadWriteOncePod behind a service without a replica limit', () => {
    expect(cache({ accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD }).checkConsumer(consumer({ maxReplicas: 0 }))).toEqual([
      "'accessMode' is \"ReadWriteOncePod\": the volume of test/Cache mounts on one pod at a time, but test/Service can run any number of replicas (maxReplicas 0 is unlimited). "
      + 'Use PersistentVolumeAccessMode.READ_WRITE_MANY with a storage class that supports it, or set maxReplicas to 1',
    ]);
  });

  test('ReadWriteOnce behind a single replica is fine', () => {
    expect(cache({ accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE }).checkConsumer(consumer({ maxReplicas: 1 }))).toEqual([]);
  });

  test('CoreWeave storage in another region than the GPUs', () => {
    expect(cache({ storageClassName: 'shared-nvme-ord1' }).checkConsumer(consumer({ gpuRegions: ['LAS1'] }))).toEqual([
      "'storageClassName' is \"shared-nvme-ord1\": the volume of test/Cache is in region ORD1, but test/Service can run its GPUs in LAS1, where it cannot be mounted. "
      + "Use the storage class of the GPUs' region (for example \"shared-nvme-las1\"), or pin the GPUs to ORD1 only",
    ]);
  });

  test('CoreWeave HDD storage behind GPUs that may run in several regions', () => {
    expect(cache({ storageClassName: 'shared-hdd-ord1' }).checkConsumer(consumer({ gpuRegions: ['ORD1', 'LAS1', 'LGA1'] }))).toEqual([
      "'storageClassName' is \"shared-hdd-ord1\": the volume of test/Cache is in region ORD1, but test/Service can run its GPUs in LAS1, LGA1, where it cannot be mounted. "
      + "Use the storage class of the GPUs' region, or pin the GPUs to ORD1 only",
    ]);
  });

  test('regions are compared case-insensitively', () => {
    expect(cache({ storageClassName: 'shared-nvme-ord1' }).checkConsumer(consumer({ gpuRegions: ['ord1', 'ORD1'] }))).toEqual([]);
  });

  test('other storage classes, or GPUs without a region, are not region-checked', () => {
    expect(cache({ storageClassName: 'gp3' }).checkConsumer(consumer({ gpuRegions: ['us-east-1'] }))).toEqual([]);
    expect(cache({ storageClassName: 'shared-nvme-ord1' }).checkConsumer(consumer())).toEqual([]);
  });

  test('a model larger than the GPU memory of one replica', () => {
    expect(cache({ modelSize: Size.gibibytes(80) }).checkConsumer(consumer({ gpuMemory: Size.gibibytes(48) }))).toEqual([
      "'modelSize' is 80Gi: the model in test/Cache is larger than the GPU memory of one replica of test/Service (48Gi). "
      + 'Choose GPUs with more memory or more GPUs per replica, or serve a smaller (for example quantized) model',
    ]);
  });

  test('without a model size or a consumer namespace, those checks are skipped', () => {
    expect(cache({}, 'models').checkConsumer(consumer({ gpuMemory: Size.gibibytes(1) }))).toEqual([]);
  });

  test('a consumer of the wrong type from a JavaScript caller is the library\'s error, not a TypeError', () => {
    const call = (value: unknown) => () => cache({}).checkConsumer(value as ModelCacheConsumer);
    expect(call(undefined)).toThrow('Invalid ModelCache.checkConsumer:\n  - \'consumer\' is undefined: is required: an object');
    expect(call({ path: 'x', servingApi: 'serving.kserve.io/v1beta1', maxReplicas: '2' })).toThrow(
      "Invalid ModelCache.checkConsumer:\n  - 'consumer.servingApi' is \"serving.kserve.io/v1beta1\": must be a ServingApi. For example ServingApi.KSERVE_V1BETA1\n"
      + "  - 'consumer.maxReplicas' is \"2\": must be a number");
  });

  test('a service in another namespace', () => {
    expect(cache({}, 'models').checkConsumer(consumer({ namespace: 'serving' }))).toEqual([
      "'namespace' is \"serving\": a pvc:// model must be in the service's namespace, and the volume of test/Cache is in \"models\". "
      + 'Create the cache in a chart with the same namespace as the service',
    ]);
  });

  test('every problem is returned', () => {
    const problems = cache({
      accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, storageClassName: 'block-nvme-ord1', modelSize: Size.gibibytes(80),
    }).checkConsumer(consumer({ maxReplicas: 2, gpuRegions: ['LAS1'], gpuMemory: Size.gibibytes(24) }));
    expect(problems.map((p) => p.split(':')[0])).toEqual(["'accessMode' is \"ReadWriteOnce\"", "'storageClassName' is \"block-nvme-ord1\"", "'modelSize' is 80Gi"]);
  });
});

describe('fromClaimName()', () => {
  test('adopts a claim: no objects, uri() at the root or a directory', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    const root = ModelCache.fromClaimName(chart, 'Root', 'model-storage');
    const nested = ModelCache.fromClaimName(chart, 'Nested', 'model-storage', { modelDirectory: 'gpt-2/124M' });

    // THEN
    expect(synthValid(chart)).toEqual([]);
    expect(root.uri()).toBe('pvc://model-storage');
    expect(root.uri('inception')).toBe('pvc://model-storage/inception');
    expect(nested.uri()).toBe('pvc://model-storage/gpt-2/124M');
  });

  test('checks what is known about the claim, and skips what is not', () => {
    // GIVEN
    const chart = testChart();
    const unknown = ModelCache.fromClaimName(chart, 'Unknown', 'model-storage');
    const known = ModelCache.fromClaimName(chart, 'Known', 'model-storage', {
      accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
      storageClassName: 'block-nvme-las1',
      modelSize: Size.gibibytes(30),
    });
    const service = consumer({ maxReplicas: 4, gpuRegions: ['ORD1'], gpuMemory: Size.gibibytes(24) });

    // WHEN / THEN
    expect(unknown.checkConsumer(service)).toEqual([]);
    expect(known.checkConsumer(service).map((p) => p.split(':')[0])).toEqual([
      "'accessMode' is \"ReadWriteOnce\"", "'storageClassName' is \"block-nvme-las1\"", "'modelSize' is 30Gi",
    ]);
  });

  test('refuses an invalid claim name and directory', () => {
    expect(() => ModelCache.fromClaimName(testChart(), 'Existing', 'Model_Storage', { modelDirectory: '/abs', modelSize: Size.gibibytes(0) })).toThrow([
      "Invalid ModelCache at 'test/Existing':",
      "  - 'claimName' is \"Model_Storage\": must be a PersistentVolumeClaim name (lowercase alphanumerics, '-' and '.')",
      "  - 'modelDirectory' is \"/abs\": must be a directory relative to the volume root. For example \"models/gpt2\" (no leading '/', no '..'), or leave it out for the root",
      "  - 'modelSize' is 0: must be more than zero",
    ].join('\n'));
  });

  test('serves as a model source', () => {
    const source = ModelSource.fromModelCache(ModelCache.fromClaimName(testChart(), 'Existing', 'model-storage'), 'bloom');
    expect(source.uri).toBe('pvc://model-storage/bloom');
    expect(source.kind).toBe('pvc');
  });
});

describe('found by the property tests (test/properties)', () => {
  /** The error of an invalid cache. */
  function errorOf(props: ModelCacheProps): string {
    try {
      synthCache(props);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('no error thrown');
  }

  test('a negative headroom is a problem of its prop, not a crash computing the volume size', () => {
    // GIVEN / WHEN / THEN
    expect(errorOf({ modelSize: Size.gibibytes(1), headroomPercent: -200 })).toBe('Invalid ModelCache at \'test/Cache\':\n'
      + '  - \'headroomPercent\' is -200: must be a percentage of 0 or more. For example 10 to keep 10% of the model size free');
  });

  test('an infinite model size is refused, and so is the volume size derived from it', () => {
    // GIVEN / WHEN / THEN
    expect(errorOf({ modelSize: Size.gibibytes(Infinity) })).toBe('Invalid ModelCache at \'test/Cache\':\n'
      + '  - \'size\' is Infinity: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)\n'
      + '  - \'modelSize\' is Infinity: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)');
  });

  test('loader settings the Job cannot carry are problems of their props, not a crash at synth', () => {
    // GIVEN
    const loader = {
      ttlAfterFinished: Duration.millis(NaN),
      resources: { cpu: { limit: kplus.Cpu.units(NaN) }, memory: { limit: Size.kibibytes(1) }, ephemeralStorage: { limit: Size.mebibytes(512) } },
      nodeSelector: { '': 'ORD1' },
      tolerations: [{ key: 'a b' }],
    };

    // WHEN / THEN
    expect(errorOf({ source: s3Source(), size: Size.gibibytes(10), loader })).toBe('Invalid ModelCache at \'test/Cache\':\n'
      + '  - \'loader.ttlAfterFinished\' is NaN ms: must be a whole number of seconds, at most 2147483647. For example Duration.hours(6)\n'
      + '  - \'loader.resources.cpu.limit\' is "NaN": must be more than 0\n'
      + '  - \'loader.resources.memory.limit\' is 1Ki: must be a whole number of mebibytes, more than zero. For example Size.mebibytes(4)\n'
      + '  - \'loader.resources.ephemeralStorage.limit\' is 512Mi: must be a whole number of gibibytes, more than zero. For example Size.gibibytes(4)\n'
      + '  - \'loader.nodeSelector\' is "": must be a key of the form [prefix/]name: the name at most 63 alphanumerics, \'-\', \'_\' or \'.\', '
      + 'starting and ending alphanumeric, the prefix a DNS subdomain\n'
      + '  - \'loader.tolerations\' is "a b": must be a taint key ([prefix/]name, the name at most 63 characters)');
  });

  test('the loader Job name does not depend on the order of the nodeSelector keys', () => {
    // GIVEN / WHEN
    const forward = synthCache({ source: s3Source(), size: Size.gibibytes(10), loader: { nodeSelector: { a: '1', b: '2' } } });
    const reversed = synthCache({ source: s3Source(), size: Size.gibibytes(10), loader: { nodeSelector: { b: '2', a: '1' } } });

    // THEN
    expect(reversed.job.metadata.name).toBe(forward.job.metadata.name);
  });
});
