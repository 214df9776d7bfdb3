import { Size } from 'cdk8s';
import { GpuProvider, GpuType, InferenceService, ModelFormat, ModelSource, ServingProfile } from '../src';
import { synthValid, testChart } from './support/synth';

describe('GpuType', () => {
  test('catalogue types request nvidia.com/gpu; each provider owns its label values', () => {
    expect(GpuType.A100_80GB_SXM.resourceName).toBe('nvidia.com/gpu');
    expect([GpuProvider.COREWEAVE, GpuProvider.GKE, GpuProvider.GPU_FEATURE_DISCOVERY].map((p) => p.labelValueOf(GpuType.A100_80GB_SXM)))
      .toEqual(['A100_NVLINK_80GB', 'nvidia-a100-80gb', 'NVIDIA-A100-SXM4-80GB']);
    expect(GpuProvider.GKE.labelValueOf(GpuType.A10G)).toBeUndefined();
    expect(GpuType.L4.labelValue(GpuProvider.GKE)).toBe('nvidia-l4');
  });

  test('a custom type of another vendor requests its own extended resource', () => {
    // GIVEN
    const mi300x = GpuType.custom({ name: 'AMD Instinct MI300X', memory: Size.gibibytes(192), resourceName: 'amd.com/gpu', customLabelValue: 'MI300X' });
    const chart = testChart();

    // WHEN
    new InferenceService(chart, 'Service', {
      metadata: { name: 'llm' },
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromHuggingFace('org/model'),
      gpu: { types: [mi300x], count: 2, provider: GpuProvider.nodeLabel('amd.com/gpu.product-name') },
      // KServe's 1 CPU / 2Gi rather than the LLM profile's sizing (llm-serving.test.ts).
      servingProfile: ServingProfile.none(),
    });

    // THEN
    const model = synthValid(chart)[0].spec.predictor.model;
    expect(model.resources).toEqual({
      requests: { 'cpu': '1', 'memory': '2Gi', 'amd.com/gpu': '2' },
      limits: { 'cpu': '1', 'memory': '2Gi', 'amd.com/gpu': '2' },
    });
  });

  test('a MIG slice requests its profile on the same nodes', () => {
    const slice = GpuType.A100_80GB_SXM.withMigProfile('3g.40gb');
    expect([slice.name, slice.resourceName, slice.memory.toGibibytes(), GpuProvider.COREWEAVE.labelValueOf(slice)])
      .toEqual(['NVIDIA A100 80GB SXM MIG 3g.40gb', 'nvidia.com/mig-3g.40gb', 40, 'A100_NVLINK_80GB']);
    expect(() => GpuType.A100_80GB_SXM.withMigProfile('3g')).toThrow('\'profile\' is "3g": give a MIG profile such as "1g.10gb" (<compute slices>g.<memory>gb)');
  });

  test('a resource name that is not an extended resource name is refused', () => {
    expect(() => GpuType.custom({ name: 'x', memory: Size.gibibytes(1), resourceName: 'amd gpu' }))
      .toThrow('\'resourceName\' is "amd gpu": must be an extended resource name such as "amd.com/gpu" ([prefix/]name)');
  });

  test('types of different extended resources cannot share a pod', () => {
    expect(() => new InferenceService(testChart(), 'Service', {
      metadata: { name: 'llm' },
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromHuggingFace('org/model'),
      gpu: { types: [GpuType.A100_80GB_SXM, GpuType.A100_80GB_SXM.withMigProfile('1g.10gb')] },
    })).toThrow('\'gpu.types\' is ["NVIDIA A100 80GB SXM", "NVIDIA A100 80GB SXM MIG 1g.10gb"]: request different extended resources '
      + '(nvidia.com/gpu, nvidia.com/mig-1g.10gb), and a pod requests one. Give GPU types of one vendor and MIG profile');
  });
});
