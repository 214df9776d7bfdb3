/** Names a user gives instead of the ones derived from construct paths, and secret variables that may be missing. */
import { Size } from 'cdk8s';
import { InferenceService, LocalModelCache, LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource } from '../src';
import { synthValid, testChart } from './support/synth';

const s3 = () => ModelSource.fromS3('s3://models/llama');

describe('ModelCache.claimName', () => {
  test('names the claim; the loader Job and its volume follow it', () => {
    const chart = testChart();
    const cache = new ModelCache(chart, 'Cache', { source: s3(), size: Size.gibibytes(20), claimName: 'llama-weights' });
    const [claim, job] = synthValid(chart);
    expect([claim.metadata.name, cache.claimName]).toEqual(['llama-weights', 'llama-weights']);
    expect(job.metadata.name).toMatch(/^llama-weights-loader-[0-9a-f]{8}$/);
    expect(job.spec.template.spec.volumes[0]).toEqual({ name: 'pvc-llama-weights', persistentVolumeClaim: { claimName: 'llama-weights', readOnly: false } });
  });

  test('the name stays when the construct moves', () => {
    const a = new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(20), claimName: 'llama-weights' });
    const b = new ModelCache(testChart(), 'Renamed', { size: Size.gibibytes(20), claimName: 'llama-weights' });
    expect(a.claimName).toBe(b.claimName);
  });

  test('a long loader Job name is cut to a DNS label', () => {
    const chart = testChart();
    new ModelCache(chart, 'Cache', { source: s3(), size: Size.gibibytes(20), claimName: 'w'.repeat(59) });
    const job = synthValid(chart)[1];
    expect(job.metadata.name).toMatch(new RegExp(`^${'w'.repeat(47)}-loader-[0-9a-f]{8}$`));
  });

  test('a name the loader\'s volume cannot carry is refused', () => {
    expect(() => new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(20), claimName: 'w'.repeat(60) })).toThrow(
      `'claimName' is "${'w'.repeat(60)}": must be a DNS label of at most 59 lowercase alphanumerics and '-': the loader mounts it as the volume "pvc-<claim>", itself a DNS label`);
    expect(() => new ModelCache(testChart(), 'Cache', { size: Size.gibibytes(20), claimName: 'Llama.Weights' })).toThrow(/'claimName' is "Llama.Weights"/);
  });
});

describe('LocalModelCache.name and LocalModelNodeGroup.name', () => {
  test('name the cluster-scoped objects', () => {
    const chart = testChart();
    const group = new LocalModelNodeGroup(chart, 'Workers', {
      name: 'a100-nodes', storageLimit: Size.gibibytes(500), localPath: '/mnt/models', nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
    });
    new LocalModelCache(chart, 'Llama', { name: 'llama-3-8b', source: s3(), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    const names = synthValid(chart).map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining(['LocalModelNodeGroup/a100-nodes', 'LocalModelCache/llama-3-8b']));
    expect(group.nodeGroupName).toBe('a100-nodes');
  });

  test('names that are not object names are refused', () => {
    expect(() => new LocalModelNodeGroup(testChart(), 'Workers', {
      name: 'A100 nodes', storageLimit: Size.gibibytes(500), localPath: '/mnt/models', nodeSelector: { a: 'b' },
    })).toThrow('\'name\' is "A100 nodes": must be an object name (lowercase alphanumerics, \'-\' and \'.\')');
  });
});

describe('secretEnv optional', () => {
  test('writes optional on the reference, so the pod starts without the Secret', () => {
    const chart = testChart();
    new InferenceService(chart, 'Llm', {
      metadata: { name: 'llm' },
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromHuggingFace('org/model'),
      secretEnv: { HF_TOKEN: { secretName: 'hf', key: 'token', optional: true }, API_KEY: { secretName: 'api', key: 'key' } },
    });
    // In name order, whatever the order of the map (test/determinism.test.ts).
    expect(synthValid(chart)[0].spec.predictor.model.env).toEqual([
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } },
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf', key: 'token', optional: true } } },
    ]);
  });
});
