import { readFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, Size } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  LocalModelCache, LocalModelCacheProps, LocalModelNodeGroup, LocalModelNodeGroupProps, ModelCache, ModelCacheConsumer, ModelSource, ModelSourceKind,
  ServingApi,
} from '../src';
import { synthValid, testChart } from './support/synth';

const a100Nodes = (): LocalModelNodeGroupProps => ({
  storageLimit: Size.gibibytes(1700),
  localPath: '/mnt/models',
  nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
});

const llama = () => ModelSource.fromHuggingFace('meta-llama/Meta-Llama-3-8B-Instruct');

const consumer = (overrides: Partial<ModelCacheConsumer> = {}): ModelCacheConsumer => ({
  path: 'test/Service',
  servingApi: ServingApi.KSERVE_V1BETA1,
  maxReplicas: 4,
  ...overrides,
});

describe('LocalModelNodeGroup', () => {
  test('defaults (snapshot)', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new LocalModelNodeGroup(chart, 'Workers', a100Nodes());

    // THEN
    expect(synthValid(chart)).toMatchSnapshot();
  });

  test('everything set (snapshot)', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new LocalModelNodeGroup(chart, 'Workers', {
      storageLimit: Size.gibibytes(1500),
      localPath: '/mnt/nvme/models',
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'kserve/localmodel': 'worker' },
      storageClassName: 'local-nvme',
      volumeSize: Size.tebibytes(2),
    });

    // THEN
    expect(synthValid(chart)).toMatchSnapshot();
  });

  test('the volumes use the local-storage class and are as large as the storage limit', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    const group = new LocalModelNodeGroup(chart, 'Workers', a100Nodes());

    // THEN
    const spec = synthValid(chart)[0].spec;
    expect(group.storageClassName).toBe('local-storage');
    expect(group.volumeSize.toGibibytes()).toBe(1700);
    expect(spec.persistentVolumeSpec).toMatchObject({ storageClassName: 'local-storage', capacity: { storage: '1700Gi' } });
    expect(spec.persistentVolumeClaimSpec).toMatchObject({ storageClassName: 'local-storage', resources: { requests: { storage: '1700Gi' } } });
  });

  test('localPath and nodeSelector (sorted by label key) pin the local volume to the group nodes', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new LocalModelNodeGroup(chart, 'Workers', { ...a100Nodes(), nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4', 'kserve/localmodel': 'worker' } });

    // THEN
    expect(synthValid(chart)[0].spec.persistentVolumeSpec).toMatchObject({
      local: { path: '/mnt/models' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'kserve/localmodel', operator: 'In', values: ['worker'] },
              { key: 'nvidia.com/gpu.product', operator: 'In', values: ['NVIDIA-L4'] },
            ],
          }],
        },
      },
    });
  });

  test('storageLimit, storageClassName and volumeSize are written to the spec', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new LocalModelNodeGroup(chart, 'Workers', { ...a100Nodes(), storageLimit: Size.gibibytes(800), storageClassName: 'nvme', volumeSize: Size.gibibytes(900) });

    // THEN
    const spec = synthValid(chart)[0].spec;
    expect(spec.storageLimit).toBe('800Gi');
    expect(spec.persistentVolumeSpec).toMatchObject({ storageClassName: 'nvme', capacity: { storage: '900Gi' } });
    expect(spec.persistentVolumeClaimSpec).toMatchObject({ storageClassName: 'nvme', resources: { requests: { storage: '900Gi' } } });
  });

  test('is cluster-scoped: no namespace, even in a namespaced chart', () => {
    // GIVEN
    const chart = testChart('tenant-ml');

    // WHEN
    new LocalModelNodeGroup(chart, 'Workers', a100Nodes());

    // THEN
    expect(Object.keys(synthValid(chart)[0].metadata)).toEqual(['name']);
  });

  test('fromNodeGroupName() references a group created elsewhere', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    const group = LocalModelNodeGroup.fromNodeGroupName(chart, 'Workers', 'workers');

    // THEN
    expect(group.nodeGroupName).toBe('workers');
    expect(group.storageLimit).toBeUndefined();
    expect(synthValid(chart)).toEqual([]);
    expect(() => LocalModelNodeGroup.fromNodeGroupName(chart, 'Bad', 'GPU_Workers')).toThrow(
      "Invalid LocalModelNodeGroup at 'test/Bad':\n  - 'nodeGroupName' is \"GPU_Workers\": must be an object name (lowercase alphanumerics, '-' and '.')");
  });

  test('every problem is reported at once', () => {
    expect(() => new LocalModelNodeGroup(testChart(), 'Workers', {
      storageLimit: Size.gibibytes(0),
      localPath: 'models',
      nodeSelector: {},
      storageClassName: 'Local_Storage',
    })).toThrow([
      "Invalid LocalModelNodeGroup at 'test/Workers':",
      "  - 'storageLimit' is 0: must be more than zero",
      "  - 'localPath' is \"models\": must be an absolute path on the node, without '..' or white space. Use the hostPath of the kserve-localmodelnode-agent DaemonSet, for example \"/mnt/models\"",
      "  - 'nodeSelector' is {}: a local volume needs at least one node label to pin it to the group's nodes. For example { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }",
      "  - 'storageClassName' is \"Local_Storage\": must be a StorageClass name (lowercase alphanumerics, '-' and '.')",
    ].join('\n'));
  });

  test('a volume smaller than the storage limit', () => {
    expect(() => new LocalModelNodeGroup(testChart(), 'Workers', { ...a100Nodes(), volumeSize: Size.gibibytes(1000) })).toThrow(
      "Invalid LocalModelNodeGroup at 'test/Workers':\n  - 'volumeSize' is 1000Gi: must be at least 'storageLimit' (1700Gi). "
      + "Raise 'volumeSize', or lower 'storageLimit' to what the disks hold");
  });
});

describe('LocalModelCache', () => {
  function synthCache(props: Partial<LocalModelCacheProps> = {}, namespace?: string) {
    const chart = testChart(namespace);
    const group = new LocalModelNodeGroup(chart, 'Workers', a100Nodes());
    const cache = new LocalModelCache(chart, 'Llama', { source: llama(), modelSize: Size.gibibytes(16), nodeGroups: [group], ...props });
    const manifests = synthValid(chart);
    return { chart, group, cache, manifests, resource: manifests.find((m) => m.kind === 'LocalModelCache') };
  }

  test('defaults (snapshot)', () => {
    expect(synthCache().manifests).toMatchSnapshot();
  });

  test('everything set (snapshot)', () => {
    // GIVEN
    const chart = testChart('tenant-ml');
    const nvme = new LocalModelNodeGroup(chart, 'Nvme', a100Nodes());
    const shared = LocalModelNodeGroup.fromNodeGroupName(chart, 'Shared', 'workers');

    // WHEN
    new LocalModelCache(chart, 'Llama', {
      source: ModelSource.fromHuggingFace('meta-llama/Meta-Llama-3-8B-Instruct', { revision: 'main', token: { secretName: 'hf-secret', key: 'HF_TOKEN' } }),
      modelSize: Size.gibibytes(16),
      nodeGroups: [nvme, shared],
      serviceAccountName: 'hf-downloader',
    });

    // THEN
    expect(synthValid(chart)).toMatchSnapshot();
  });

  test('the source URI, model size and node groups make the spec, with the job namespace default ServiceAccount', () => {
    // GIVEN / WHEN
    const { cache, group, resource } = synthCache();

    // THEN
    expect(resource.spec).toEqual({ sourceModelUri: 'hf://meta-llama/Meta-Llama-3-8B-Instruct', modelSize: '16Gi', nodeGroups: [group.nodeGroupName] });
    expect(cache.serviceAccountName).toBeUndefined();
    expect(cache.cacheName).toBe(resource.metadata.name);
    expect(cache.nodeGroups).toEqual([group]);
  });

  test('serviceAccountName is written to the spec', () => {
    const { resource } = synthCache({ serviceAccountName: 'model-downloader' });
    expect(resource.spec.serviceAccountName).toBe('model-downloader');
  });

  test('is cluster-scoped: no namespace, even in a namespaced chart', () => {
    const { resource } = synthCache({}, 'tenant-ml');
    expect(resource.metadata.namespace).toBeUndefined();
  });

  test('is the default child, for escape hatches', () => {
    const { cache } = synthCache();
    expect(ApiObject.of(cache).kind).toBe('LocalModelCache');
  });

  test('uri() is the source URI, which KServe serves from the node-local copy', () => {
    // GIVEN
    const chart = testChart();
    const group = LocalModelNodeGroup.fromNodeGroupName(chart, 'Workers', 'workers');

    // WHEN
    const cache = new LocalModelCache(chart, 'Bert', { source: ModelSource.fromS3('s3://models/bert/'), modelSize: Size.gibibytes(1), nodeGroups: [group] });

    // THEN
    expect(cache.uri()).toBe('s3://models/bert/');
    expect(cache.uri('tokenizer')).toBe('s3://models/bert/tokenizer');
    expect(ModelSource.fromModelCache(cache).uri).toBe('s3://models/bert/');
    expect(ModelSource.fromModelCache(cache).kind).toBe('s3');
    expect(ModelSource.fromModelCache(cache).cache).toBe(cache);
    expect(() => cache.uri('../x')).toThrow(
      "'path' is \"../x\": give a directory relative to the cache, for example \"models/gpt2\" (no leading '/', no '..')");
  });

  test.each([
    ['s3://models/bert/', () => ModelSource.fromS3('s3://models/bert/'), ModelSourceKind.S3],
    ['gs://models/bert', () => ModelSource.fromGcs('gs://models/bert'), ModelSourceKind.GCS],
    ['hf://google-bert/bert-base-uncased', () => ModelSource.fromHuggingFace('google-bert/bert-base-uncased'), ModelSourceKind.HUGGING_FACE],
    ['http://models.internal/bert.tar.gz', () => ModelSource.fromHttp('http://models.internal/bert.tar.gz'), ModelSourceKind.HTTP],
    ['https://models.example.com/bert.tar.gz', () => ModelSource.fromHttp('https://models.example.com/bert.tar.gz'), ModelSourceKind.HTTP],
  ])('a service reading the cache of %s reads a source of the same kind', (_uri, source, kind) => {
    // GIVEN
    const chart = testChart();
    const group = LocalModelNodeGroup.fromNodeGroupName(chart, 'Workers', 'workers');
    const cache = new LocalModelCache(chart, 'Bert', { source: source(), modelSize: Size.gibibytes(1), nodeGroups: [group] });

    // WHEN / THEN
    expect(ModelSource.fromModelCache(cache).kind).toBe(kind);
  });

  test('golden manifest: a node group of A100 nodes and a Llama 3 cache', () => {
    // GIVEN / WHEN
    const { manifests } = synthCache({ serviceAccountName: 'hf-downloader' });

    // THEN
    const golden = parseAllDocuments(readFileSync(join(__dirname, 'golden', 'local-model-cache.yaml'), 'utf8')).map((d) => d.toJS());
    expect(manifests).toEqual(golden);
  });

  describe('validation', () => {
    test('every problem is reported at once', () => {
      // GIVEN
      const chart = testChart();
      const group = LocalModelNodeGroup.fromNodeGroupName(chart, 'Workers', 'workers');

      // WHEN / THEN
      expect(() => new LocalModelCache(chart, 'Cache', {
        source: ModelSource.fromOci('oci://registry.example.com/models/llama:v1'),
        modelSize: Size.gibibytes(0),
        nodeGroups: [group, group],
        serviceAccountName: 'HF',
      })).toThrow([
        "Invalid LocalModelCache at 'test/Cache':",
        "  - 'source' is \"oci://registry.example.com/models/llama:v1\": a model cache downloads from S3, GCS, HTTP(S) or Hugging Face. Serve an OCI or PVC model directly, without a cache",
        "  - 'modelSize' is 0: must be more than zero",
        "  - 'nodeGroups' is [\"workers\", \"workers\"]: each node group may appear once. Remove the duplicates",
        "  - 'serviceAccountName' is \"HF\": must be a ServiceAccount name (lowercase alphanumerics, '-' and '.')",
      ].join('\n'));
    });

    test('no node group', () => {
      expect(() => new LocalModelCache(testChart(), 'Cache', { source: llama(), modelSize: Size.gibibytes(16), nodeGroups: [] })).toThrow(
        "Invalid LocalModelCache at 'test/Cache':\n  - 'nodeGroups' is []: KServe needs at least one node group to copy the model to. Add a LocalModelNodeGroup");
    });

    test('a model larger than a node group storage limit', () => {
      // GIVEN
      const chart = testChart();
      const small = new LocalModelNodeGroup(chart, 'Small', { ...a100Nodes(), storageLimit: Size.gibibytes(100) });

      // WHEN / THEN
      expect(() => new LocalModelCache(chart, 'Cache', { source: llama(), modelSize: Size.gibibytes(140), nodeGroups: [small] })).toThrow(
        "Invalid LocalModelCache at 'test/Cache':\n  - 'modelSize' is 140Gi: the model does not fit in the storage limit of node group test/Small (100Gi). "
        + "Raise the group's 'storageLimit', or cache the model on a group with larger disks");
    });

    test('source credentials that KServe would not read', () => {
      // GIVEN
      const chart = testChart();
      const group = LocalModelNodeGroup.fromNodeGroupName(chart, 'Workers', 'workers');
      const source = ModelSource.fromS3('s3://models/llama', { credentials: { secretName: 's3-credentials' }, endpoint: 'object.ord1.coreweave.com', region: 'ORD1' });

      // WHEN / THEN
      expect(() => new LocalModelCache(chart, 'Cache', { source, modelSize: Size.gibibytes(16), nodeGroups: [group] })).toThrow(
        "Invalid LocalModelCache at 'test/Cache':\n  - 'source' is \"s3://models/llama\": KServe's download jobs run in their own namespace "
        + "and do not read the source's credentials (Secret \"s3-credentials\"), endpoint, region. Set 'serviceAccountName' to a ServiceAccount there "
        + "whose Secrets hold them (KServe >= 0.18), or remove them from the source when the job namespace's default ServiceAccount already has them");
      expect(() => new LocalModelCache(chart, 'WithAccount', { source, modelSize: Size.gibibytes(16), nodeGroups: [group], serviceAccountName: 's3-reader' }))
        .not.toThrow();
    });

    test('a source that is itself a cache', () => {
      // GIVEN
      const chart = testChart();
      const group = LocalModelNodeGroup.fromNodeGroupName(chart, 'Workers', 'workers');
      const pvcCache = new ModelCache(chart, 'Pvc', { size: Size.gibibytes(20) });

      // WHEN / THEN
      expect(() => new LocalModelCache(chart, 'Cache', { source: ModelSource.fromModelCache(pvcCache), modelSize: Size.gibibytes(16), nodeGroups: [group] })).toThrow(
        `Invalid LocalModelCache at 'test/Cache':\n  - 'source' is "${pvcCache.uri()}": is another model cache, and a cache is filled from a store. Use the store the other cache reads from`);
    });
  });

  describe('checkConsumer()', () => {
    test('a KServe InferenceService whose GPUs hold the model has no problems, whatever its replicas', () => {
      const { cache } = synthCache();
      expect(cache.checkConsumer(consumer({ maxReplicas: 0, gpuMemory: Size.gibibytes(80), gpuRegions: ['LAS1'] }))).toEqual([]);
    });

    test('a serving API that KServe does not substitute the local copy for', () => {
      const { cache } = synthCache();
      expect(cache.checkConsumer(consumer({ servingApi: ServingApi.KNATIVE_SERVICE }))).toEqual([
        "'servingApi' is \"serving.knative.dev/v1 Service\": KServe's local model cache (test/Llama) serves only serving.kserve.io InferenceServices and LLMInferenceServices, "
        + 'and test/Service is neither. Use ServingApi.KSERVE_V1BETA1, or a ModelCache (a PersistentVolumeClaim) for the other APIs',
      ]);
    });

    test('a consumer without a serving API from a JavaScript caller is the library\'s error, not a TypeError', () => {
      const { cache } = synthCache();
      expect(() => cache.checkConsumer({ ...consumer(), servingApi: undefined } as unknown as ModelCacheConsumer)).toThrow(
        'Invalid LocalModelCache.checkConsumer:\n  - \'consumer.servingApi\' is undefined: is required: a ServingApi');
    });

    test('an LLMInferenceService reads the local copy too', () => {
      const { cache } = synthCache();
      expect(cache.checkConsumer(consumer({ servingApi: ServingApi.KSERVE_LLM_V1ALPHA2 }))).toEqual([]);
    });

    test('a model larger than the GPU memory of one replica', () => {
      const { cache } = synthCache();
      expect(cache.checkConsumer(consumer({ gpuMemory: Size.gibibytes(12) }))).toEqual([
        "'modelSize' is 16Gi: the model in test/Llama is larger than the GPU memory of one replica of test/Service (12Gi). "
        + 'Choose GPUs with more memory or more GPUs per replica, or serve a smaller (for example quantized) model',
      ]);
    });
  });
});

describe('found by the property tests (test/properties)', () => {
  test('LocalModelNodeGroup: sizes that are not finite and node labels no node can carry', () => {
    // GIVEN / WHEN / THEN
    expect(() => new LocalModelNodeGroup(testChart(), 'Group', {
      storageLimit: Size.tebibytes(NaN), localPath: '/mnt/models', nodeSelector: { 'nvidia.com/gpu product': 'NVIDIA L4' },
    })).toThrow('Invalid LocalModelNodeGroup at \'test/Group\':\n'
      + '  - \'storageLimit\' is NaN: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)\n'
      + '  - \'volumeSize\' is NaN: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)\n'
      + '  - \'nodeSelector\' is "nvidia.com/gpu product": must be a key of the form [prefix/]name: the name at most 63 alphanumerics, \'-\', \'_\' or \'.\', '
      + 'starting and ending alphanumeric, the prefix a DNS subdomain\n'
      + '  - \'nodeSelector\' is "NVIDIA L4": the value of "nvidia.com/gpu product" must be empty or at most 63 alphanumerics, \'-\', \'_\' or \'.\', '
      + 'starting and ending alphanumeric');
  });

  test('LocalModelCache: an infinite model size', () => {
    // GIVEN
    const chart = testChart();
    const nodeGroups = [LocalModelNodeGroup.fromNodeGroupName(chart, 'Group', 'gpu')];

    // WHEN / THEN
    expect(() => new LocalModelCache(chart, 'Cache', { source: llama(), modelSize: Size.gibibytes(Infinity), nodeGroups })).toThrow(
      'Invalid LocalModelCache at \'test/Cache\':\n  - \'modelSize\' is Infinity: must be a finite size of at most 8 EiB. For example Size.gibibytes(100)');
  });
});
