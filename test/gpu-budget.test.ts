import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  AppGpuBudget, FleetApp, GpuAutoscalingPolicy, GpuType, InferenceService, InferenceServiceProps, ModelCache, ModelFormat, ModelSource, RequestTrace,
} from '../src';
import { testChart } from './support/synth';

const llm = (extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
  metadata: { name: 'llm' },
  modelFormat: ModelFormat.HUGGINGFACE,
  model: ModelSource.fromHuggingFace('org/model'),
  gpu: { types: [GpuType.A100_80GB_SXM], count: 2 },
  autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 8 }),
  ...extra,
});

function errorOf(build: () => void): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error thrown');
}

describe('a service\'s GPU budget', () => {
  test('the worst case over the budget fails with the numbers and the largest maxReplicas that fits', () => {
    expect(errorOf(() => new InferenceService(testChart(), 'Llm', llm({ gpuBudget: { monthlyBudget: 10_000, pricePerGpuHour: 2.21 } }))))
      .toBe('Invalid InferenceService at \'test/Llm\':\n'
        + '  - \'test/Llm\' can cost 25,812.80 a month in the worst case (8 replicas × 2 GPU(s) × 2.21/GPU-hour × 730 h), over its budget of 10,000.00. '
        + 'Set maxReplicas to at most 3, or raise the budget.');
  });

  test('a worst case within the budget passes', () => {
    const service = new InferenceService(testChart(), 'Llm', llm({ gpuBudget: { monthlyBudget: 30_000, pricePerGpuHour: 2.21 } }));
    expect([service.maxReplicas, service.gpuBudget?.monthlyBudget]).toEqual([8, 30_000]);
  });

  test('a service under a budget without maxReplicas is an error', () => {
    expect(errorOf(() => new InferenceService(testChart(), 'Llm', llm({ autoscaling: undefined, gpuBudget: { monthlyBudget: 10_000, pricePerGpuHour: 2.21 } }))))
      .toContain('\'test/Llm\' has a monthly GPU budget of 10,000.00 but no maxReplicas: its worst case is unbounded. Set maxReplicas to at most 3, or raise the budget.');
  });

  test('budget values that are not amounts are the library\'s error, JavaScript callers included', () => {
    const budget = { monthlyBudget: 'lots', pricePerGpuHour: -1, hoursPerMonth: 800 } as unknown as InferenceServiceProps['gpuBudget'];
    expect(errorOf(() => new InferenceService(testChart(), 'Llm', llm({ gpuBudget: budget })))).toBe('Invalid InferenceService at \'test/Llm\':\n'
      + '  - \'gpuBudget.monthlyBudget\' is "lots": must be a number');
    expect(errorOf(() => new InferenceService(testChart(), 'Llm', llm({ gpuBudget: { ...budget!, monthlyBudget: 1e13 } }))))
      .toBe('Invalid InferenceService at \'test/Llm\':\n'
      + '  - \'gpuBudget.monthlyBudget\' is 10000000000000: must be a number from 0 to 1000000000000. Give the amount as a number, in the currency of the price\n'
      + '  - \'gpuBudget.pricePerGpuHour\' is -1: must be a number from 0 to 1000000. Give the amount as a number, in the currency of the price\n'
      + '  - \'gpuBudget.hoursPerMonth\' is 800: must be a number of hours from 1 to 744 (31 days). Leave it out for 730');
  });

  test('a budget on a service without GPUs is refused', () => {
    expect(errorOf(() => new InferenceService(testChart(), 'Llm', llm({ gpu: undefined, gpuBudget: { monthlyBudget: 1, pricePerGpuHour: 1 } }))))
      .toContain('\'gpuBudget\' is 1: a service without GPUs spends nothing on them. Remove gpuBudget, or give gpu');
  });
});

describe('AppGpuBudget', () => {
  test.each([['App', App], ['FleetApp', FleetApp]])('adds up the services of every chart (%s)', (_name, AppClass) => {
    // GIVEN: two charts, a service each; one names its own price
    const app = new AppClass({ outdir: Testing.app().outdir });
    new AppGpuBudget(new Chart(app, 'platform'), 'Budget', { monthlyBudget: 20_000, pricePerGpuHour: 2 });
    new InferenceService(new Chart(app, 'a'), 'Llm', llm());
    new InferenceService(new Chart(app, 'b'), 'Small', llm({
      metadata: { name: 'small' },
      gpu: { types: [GpuType.L4] },
      autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 2 }),
      gpuBudget: { monthlyBudget: 10_000, pricePerGpuHour: 1 },
    }));

    // WHEN / THEN
    expect(errorOf(() => app.synth())).toBe('Validation failed with the following errors:\n'
      + '  [platform/Budget] \'platform/Budget\' can cost 24,820.00 a month in the worst case (\'a/Llm\' 8 × 2 GPU(s) × 2.00/GPU-hour = 23,360.00; '
      + '\'b/Small\' 2 × 1 GPU(s) × 1.00/GPU-hour = 1,460.00; × 730 h), over its budget of 20,000.00. '
      + 'Lower the services\' maxReplicas by 4,820.00 a month in all, or raise the budget.');
  });

  test('a service with GPUs and no maxReplicas makes the worst case unbounded; services without GPUs do not count', () => {
    const app = Testing.app();
    new AppGpuBudget(new Chart(app, 'platform'), 'Budget', { monthlyBudget: 20_000, pricePerGpuHour: 2 });
    const chart = new Chart(app, 'a');
    new InferenceService(chart, 'Llm', llm({ autoscaling: undefined }));
    new InferenceService(chart, 'Cpu', llm({ metadata: { name: 'cpu' }, gpu: undefined }));
    expect(errorOf(() => app.synth())).toContain('\'platform/Budget\' has a monthly GPU budget of 20,000.00 but \'a/Llm\' has no maxReplicas: '
      + 'the worst case is unbounded. Set maxReplicas on each.');
  });

  test('within the budget, synth passes', () => {
    const app = Testing.app();
    new AppGpuBudget(new Chart(app, 'platform'), 'Budget', { monthlyBudget: 30_000, pricePerGpuHour: 2 });
    new InferenceService(new Chart(app, 'a'), 'Llm', llm());
    expect(() => app.synth()).not.toThrow();
  });

  test('its own values are checked when it is created', () => {
    expect(errorOf(() => new AppGpuBudget(testChart(), 'Budget', { monthlyBudget: NaN, pricePerGpuHour: 2 })))
      .toBe('Invalid AppGpuBudget at \'test/Budget\':\n  - \'props.monthlyBudget\' is NaN: must be a finite number');
  });
});

describe('InferenceService.explain()', () => {
  test('estimates the cold start from a ModelCache and flags a request timeout shorter than it', () => {
    // GIVEN: a 140 GB model on a shared cache, scaling from zero, with a 60 s request timeout
    const chart = testChart();
    const cache = new ModelCache(chart, 'Weights', { source: ModelSource.fromS3('s3://models/llama-70b'), modelSize: Size.gibibytes(140) });
    const service = new InferenceService(chart, 'Llm', llm({ model: ModelSource.fromModelCache(cache), timeout: Duration.seconds(60) }));

    // WHEN
    const lines = service.explain().split('\n');

    // THEN
    expect(lines[0]).toBe('test/Llm: Knative KPA on concurrency, preset GPU_TUNED.');
    expect(lines.find((line) => line.startsWith('- Estimated cold start'))).toMatch(/^- Estimated cold start \d+m\d+s: 30s pod startup, then .* MB read from shared model cache at [\d,]+ MB\/s/);
    expect(lines.filter((line) => line.startsWith('- Unsafe:'))).toHaveLength(1);
    expect(lines.find((line) => line.startsWith('- Unsafe:'))).toContain('requestTimeout 1m0s is shorter than the cold start 2m6s');
  });

  test('holds the retention against the usual idle gap of a trace', () => {
    const service = new InferenceService(testChart(), 'Llm', llm({
      modelSize: Size.gibibytes(2), autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 2, scaleToZeroPodRetention: Duration.minutes(1) }),
    }));
    const trace = RequestTrace.fromRequests({ arrivalSeconds: [0, 600, 1200, 1800], serviceSeconds: [1, 1, 1, 1] });
    expect(service.explain({ trace })).toContain('- Unsafe:');
    expect(service.explain()).not.toContain('- Unsafe:');
  });

  test('without a model size it says what is missing', () => {
    expect(new InferenceService(testChart(), 'Llm', llm()).explain().split('\n').pop())
      .toBe('- Cold start: unknown; give modelSize (or read the model from a ModelCache) for an estimate.');
  });
});
