/**
 * Object names are an API. The cluster knows an object by kind, group, namespace and name: rename
 * a PersistentVolumeClaim and the next deploy creates an empty volume (and downloads the model
 * again, hundreds of GB), rename a Job or a LocalModelCache and the old one is orphaned, rename an
 * InferenceService and its URL changes. So every object that every example writes is pinned here,
 * in a list written out by hand (not a snapshot, which `npm run test:update` would rewrite): a
 * rename fails with a readable diff and has to be made on purpose, here and in the release notes.
 */
import { App, Chart, Size } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  FleetApp, InferenceService, LLMInferenceService, LocalModelCache, LocalModelNodeGroup, ModelCache, ModelSource,
} from '../src';
import { EXAMPLES, synthExample } from './support/examples';

interface ObjectName {
  readonly kind: string;
  /** The API group of `apiVersion`, 'core' for `v1`. */
  readonly group: string;
  /** null for a cluster-scoped object. */
  readonly namespace: string | null;
  readonly name: string;
}

/** Example name -> every object it writes (compared in any order: a reordering moves no data). */
const PINNED: Record<string, ObjectName[]> = {
  'coreweave-gpt2-pvc': [
    { kind: 'PersistentVolumeClaim', group: 'core', namespace: 'tenant-ml', name: 'coreweave-gpt2-pvc-gpt2cache-c83dab74' },
    { kind: 'Job', group: 'batch', namespace: 'tenant-ml', name: 'coreweave-gpt2-pvc-gpt2cache-loader-87b9a64f-c83dab74' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'tenant-ml', name: 'gpt2-pvc' },
  ],
  'coreweave-gpt2-s3': [
    { kind: 'ServiceAccount', group: 'core', namespace: 'tenant-ml', name: 'gpt2-s3-storage' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'tenant-ml', name: 'gpt2-s3' },
  ],
  'kfserving-legacy-v1alpha2': [
    { kind: 'ServiceAccount', group: 'core', namespace: 'tenant-ml', name: 'gpt2-legacy-storage' },
    { kind: 'InferenceService', group: 'serving.kubeflow.org', namespace: 'tenant-ml', name: 'gpt2-legacy' },
  ],
  'kfserving-v1beta1': [
    { kind: 'InferenceService', group: 'serving.kubeflow.org', namespace: 'tenant-ml', name: 'image-classifier' },
  ],
  'knative-custom-container': [
    { kind: 'Service', group: 'serving.knative.dev', namespace: 'tenant-ml', name: 'mistral-7b' },
  ],
  'hf-llm': [
    { kind: 'ServiceAccount', group: 'core', namespace: 'llm', name: 'llama-31-8b-storage' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'llama-31-8b' },
  ],
  'canary-rollout': [
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'tenant-ml', name: 'sentiment' },
  ],
  'local-model-cache': [
    { kind: 'LocalModelNodeGroup', group: 'serving.kserve.io', namespace: null, name: 'local-model-cache-a100nodes-c8a312cc' },
    { kind: 'LocalModelCache', group: 'serving.kserve.io', namespace: null, name: 'local-model-cache-llama3-c8640960' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'llama3-8b' },
  ],
  'platform-knative-config': [
    { kind: 'ConfigMap', group: 'core', namespace: 'knative-serving', name: 'config-autoscaler' },
    { kind: 'ConfigMap', group: 'core', namespace: 'knative-serving', name: 'config-features' },
  ],
  'legacy-yaml': [
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'tenant-ml', name: 'flan-t5-small' },
  ],
  'any-gpu-hf': [
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'qwen25-7b' },
  ],
  'llm-tensor-parallel': [
    { kind: 'PersistentVolumeClaim', group: 'core', namespace: 'llm', name: 'llama-31-70b-weights' },
    { kind: 'Job', group: 'batch', namespace: 'llm', name: 'llama-31-70b-weights-loader-906e87cf' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'llama-31-70b' },
  ],
  'knative-probes': [
    { kind: 'Service', group: 'serving.knative.dev', namespace: 'tenant-ml', name: 'phi-3-mini' },
  ],
  'kfserving-v1alpha2-canary': [
    { kind: 'InferenceService', group: 'serving.kubeflow.org', namespace: 'tenant-ml', name: 'gpt2-canary' },
  ],
  'keda-vllm': [
    { kind: 'ServiceAccount', group: 'core', namespace: 'llm', name: 'llama-31-8b-keda-storage' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'llama-31-8b-keda' },
  ],
  'transformer-scaling': [
    { kind: 'InferenceService', group: 'serving.kubeflow.org', namespace: 'tenant-ml', name: 'gpt2-v1alpha2' },
    { kind: 'InferenceService', group: 'serving.kubeflow.org', namespace: 'tenant-ml', name: 'gpt2-kfserving' },
    { kind: 'InferenceService', group: 'serving.kserve.io', namespace: 'tenant-ml', name: 'gpt2-kserve' },
  ],
  'llm-single-node': [
    { kind: 'LLMInferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'qwen2-7b-instruct' },
  ],
  'llm-prefill-decode': [
    { kind: 'PersistentVolumeClaim', group: 'core', namespace: 'llm', name: 'llm-prefill-decode-weights-c8822fa1' },
    { kind: 'Job', group: 'batch', namespace: 'llm', name: 'llm-prefill-decode-weights-loader-b9282665-c8822fa1' },
    { kind: 'LLMInferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'llama-70b-pd' },
  ],
  'llm-multi-node': [
    { kind: 'LLMInferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'deepseek-r1' },
  ],
  'llm-lora': [
    { kind: 'ServiceAccount', group: 'core', namespace: 'llm', name: 'llama-8b-lora-storage' },
    { kind: 'LLMInferenceService', group: 'serving.kserve.io', namespace: 'llm', name: 'llama-8b-lora' },
  ],
};

const DATA_LOSS = [
  'An object name changed. Object names are an API: the cluster keeps an object by kind, group, namespace and name, so',
  'a renamed object is a new, empty one next to an orphaned old one: a renamed PersistentVolumeClaim is an empty volume',
  'and a full model download on the next deploy (data loss for anyone who wrote to it), a renamed InferenceService a new URL.',
  'If the rename is on purpose, update PINNED in test/object-names.test.ts and call the rename out in the release notes,',
  'with the migration (copy or re-bind the volume, delete the old objects). Expected: pinned names; received: synthesized names.',
].join('\n');

function objectName(manifest: any): ObjectName {
  const apiVersion: string = manifest.apiVersion;
  return {
    kind: manifest.kind,
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : 'core',
    namespace: manifest.metadata?.namespace ?? null,
    name: manifest.metadata?.name,
  };
}

function sorted(names: ObjectName[]): ObjectName[] {
  const key = (o: ObjectName) => `${o.kind}\0${o.group}\0${o.namespace ?? ''}\0${o.name}`;
  return [...names].sort((a, b) => key(a).localeCompare(key(b)));
}

/** `expect(actual).toEqual(pinned)` in any order, its diff under the data-loss warning. */
function expectPinned(actual: ObjectName[], pinned: ObjectName[]): void {
  try {
    expect(sorted(actual)).toEqual(sorted(pinned));
  } catch (error: any) {
    error.message = `${DATA_LOSS}\n\n${error.message}`;
    throw error;
  }
}

test('every example of the gallery has its objects pinned here', () => {
  expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(PINNED).sort());
});

describe('every object of every example keeps its name', () => {
  test.each(Object.keys(EXAMPLES))('%s', (example) => {
    expectPinned(synthExample(example).map(objectName), PINNED[example]);
  });
});

test('the gallery as `npm run synth` writes it (examples/app.ts, a FleetApp) keeps every name', () => {
  const app = new FleetApp();
  for (const [name, factory] of Object.entries(EXAMPLES)) factory(app, name);
  const written = parseAllDocuments(app.synthYaml()).map((doc) => doc.toJS()).filter(Boolean);
  expectPinned(written.map(objectName), Object.values(PINNED).flat());
});

describe('names derived from construct ids that hold \'_\' or \'.\'', () => {
  // cdk8s keeps both in the names it derives. No object name may hold '_', and a Service's name
  // no '.': the API server refused such names, so making them valid renames nothing that exists.
  // A claim name with '.' is valid, and keeps it.
  const names = (build: (chart: Chart) => void) => {
    const app = new App();
    build(new Chart(app, 'models', { namespace: 'ml' }));
    return parseAllDocuments(app.synthYaml()).map((doc) => doc.toJS()).map((o) => `${o.kind} ${o.metadata.name}`);
  };

  test('a ModelCache, a LocalModelNodeGroup and a LocalModelCache: \'_\' becomes \'-\'', () => {
    expect(names((chart) => {
      new ModelCache(chart, 'gpt_2', { source: ModelSource.fromS3('s3://models-bucket/gpt-2'), modelSize: Size.gibibytes(1) });
      const group = new LocalModelNodeGroup(chart, 'a100_nodes', { storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { pool: 'a100' } });
      new LocalModelCache(chart, 'llama_3', { source: ModelSource.fromHuggingFace('meta-llama/Meta-Llama-3-8B'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
      new ModelCache(chart, 'Llama3.1', { source: ModelSource.fromS3('s3://models-bucket/llama'), modelSize: Size.gibibytes(1) });
    })).toEqual([
      'PersistentVolumeClaim models-gpt-2-c8003bbc',
      'Job models-gpt-2-loader-21ca3827-c8003bbc',
      'LocalModelNodeGroup models-a100-nodes-c891f36b',
      'LocalModelCache models-llama-3-c81ba5fc',
      'PersistentVolumeClaim models-llama3.1-c854f76f',
      expect.stringMatching(/^Job models-llama3\.1-loader-[0-9a-f]{8}-c854f76f$/),
    ]);
  });

  test('a LocalModelNodeGroup and a LocalModelCache keep the names their chart gives (here without hashes)', () => {
    const app = new App();
    const chart = new Chart(app, 'ch', { disableResourceNameHashes: true });
    const group = new LocalModelNodeGroup(chart, 'nodes', { storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { pool: 'a100' } });
    new LocalModelNodeGroup(chart, 'a100_nodes', { storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { pool: 'a100' } });
    new LocalModelCache(chart, 'llama', { source: ModelSource.fromHuggingFace('meta-llama/Meta-Llama-3-8B'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    expect(parseAllDocuments(app.synthYaml()).map((doc) => doc.toJS().metadata.name)).toEqual(['ch-nodes', 'ch-a100-nodes', 'ch-llama']);
  });

  test('a \'.\' that ends a claim name\'s id becomes \'-\': a DNS subdomain holds \'.\' only between alphanumerics', () => {
    expect(names((chart) => {
      new ModelCache(chart, 'Cache.', { source: ModelSource.fromS3('s3://models-bucket/gpt-2'), modelSize: Size.gibibytes(1) });
    })).toEqual(['PersistentVolumeClaim models-cache--c8f9a467', 'Job models-cache--loader-21ca3827-c8f9a467']);
  });

  test('a chart without hashes: a name ending in \'_\' or \'.\' loses it, and a path of no ASCII letters or digits is refused', () => {
    const app = new App();
    const chart = new Chart(app, 'ch', { disableResourceNameHashes: true });
    const nodeGroup = () => ({ storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { pool: 'a100' } });
    const group = new LocalModelNodeGroup(chart, 'nodes_', nodeGroup());
    new LocalModelCache(chart, 'llama.', { source: ModelSource.fromHuggingFace('meta-llama/Meta-Llama-3-8B'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    expect(parseAllDocuments(app.synthYaml()).map((doc) => doc.toJS().metadata.name)).toEqual(['ch-nodes', 'ch-llama']);

    const unicode = new Chart(app, '模型', { disableResourceNameHashes: true });
    expect(() => new LocalModelNodeGroup(unicode, '🚀', nodeGroup())).toThrow(
      'Invalid LocalModelNodeGroup at \'模型/🚀\':\n  - \'name\' is undefined: the construct path \'模型/🚀\' leaves no object name in a chart without name hashes. '
      + 'Give \'name\', or ids with ASCII letters or digits');
  });

  test('an InferenceService and an LLMInferenceService: \'_\' and \'.\' become \'-\'', () => {
    const llm = { model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct') };
    expect(names((chart) => {
      new InferenceService(chart, 'gpt_2', { container: { image: 'registry.example.com/server:1' } });
      new InferenceService(chart, 'Llama3.1', { container: { image: 'registry.example.com/server:1' } });
      new LLMInferenceService(chart, 'qwen_2.5', llm);
    })).toEqual(['InferenceService models-gpt-2-c8003bbc', 'InferenceService models-llama3-1-c854f76f', 'LLMInferenceService models-qwen-2-5-c822d271']);
  });

  test('a derived service name that starts with a digit is refused, naming the construct to rename', () => {
    const chart = new Chart(new App(), '2024-models');
    expect(() => new InferenceService(chart, 'Gpt2', { container: { image: 'registry.example.com/server:1' } })).toThrow(
      'Invalid InferenceService at \'2024-models/Gpt2\':\n  - \'metadata.name\' is undefined: the name derived from the construct path, "2024-models-gpt2-c867c972", '
      + 'must start with a letter and hold only lowercase letters, digits and \'-\', ending with a letter or digit (KServe refuses dots). '
      + 'Set metadata.name, or rename the construct whose id starts the derived name');
  });
});
