import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { ColdStartBudget, ColdStartEstimator, GpuSpend, ModelStorageKind } from '../../src';
import '../properties/settings'; // the fixed seed of the property tests

describe('ColdStartEstimator', () => {
  test('a 70B model (131 GiB) from object storage: download, then the read from disk, after the pod startup', () => {
    const estimate = ColdStartEstimator.estimate({ modelSize: Size.gibibytes(131), storage: ModelStorageKind.OBJECT_STORAGE });
    expect(estimate.total.toSeconds()).toBe(382);
    expect(estimate.description).toBe('Estimated cold start 6m22s: 30s pod startup, then 140,660 MB read from object storage at 500 MB/s in 5m52s'
      + " (download, then the read from the pod's disk).");
  });

  test('the storage kinds order the estimates: node-local < shared cache < object storage', () => {
    const total = (storage: ModelStorageKind) => ColdStartEstimator.estimate({ modelSize: Size.gibibytes(131), storage }).total.toSeconds();
    expect([total(ModelStorageKind.NODE_LOCAL_CACHE), total(ModelStorageKind.SHARED_MODEL_CACHE),
      total(ModelStorageKind.OBJECT_STORAGE)]).toEqual([101, 120, 382]);
    expect(ColdStartEstimator.bandwidthOf(ModelStorageKind.SHARED_MODEL_CACHE)).toBe(1573);
  });

  test('bandwidth and pod startup can be given', () => {
    const estimate = ColdStartEstimator.estimate({
      modelSize: Size.gibibytes(10), storage: ModelStorageKind.SHARED_MODEL_CACHE, bandwidthMegabytesPerSecond: 100, podStartup: Duration.seconds(0),
    });
    expect([estimate.total.toSeconds(), estimate.load.toSeconds(), estimate.bandwidthMegabytesPerSecond]).toEqual([108, 108, 100]);
  });

  test('wrong props are all named', () => {
    expect(() => ColdStartEstimator.estimate({ modelSize: 5 as unknown as Size, storage: 'S3' as ModelStorageKind, bandwidthMegabytesPerSecond: 0 })).toThrow([
      'Invalid ColdStartEstimator.estimate:',
      "  - 'modelSize' is 5: must be a Size of more than 0 and at most 1 PiB. For example Size.gibibytes(140)",
      "  - 'storage' is \"S3\": must be a ModelStorageKind: OBJECT_STORAGE, SHARED_MODEL_CACHE, NODE_LOCAL_CACHE",
      "  - 'bandwidthMegabytesPerSecond' is 0: must be a number from 1 to 1000000",
    ].join('\n'));
  });

  test('property: a bigger model never starts faster', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }),
      fc.constantFrom(...Object.values(ModelStorageKind)), (a, b, storage) => {
        const t = (g: number) => ColdStartEstimator.estimate({ modelSize: Size.gibibytes(g), storage }).total.toSeconds();
        return (a <= b) === (t(a) <= t(b)) || t(a) === t(b);
      }));
  });
});

describe('ColdStartBudget', () => {
  test('every unsafe setting is listed with its numbers', () => {
    const found = ColdStartBudget.unsafeSettings({
      coldStart: Duration.seconds(700),
      scalesFromZero: true,
      startupProbeBudget: Duration.seconds(300),
      scaleToZeroPodRetention: Duration.minutes(5),
      usualIdleGap: Duration.minutes(38),
    });
    expect(found.map((f) => f.setting)).toEqual(['progressDeadline', 'startupProbe', 'requestTimeout', 'scaleToZeroPodRetention']);
    expect(found[0].message).toBe('progressDeadline 10m0s is shorter than the cold start 11m40s: Knative marks the revision failed and scales it to zero '
      + 'before the model has loaded. Set progressDeadline to at least 17m30s.');
  });

  test('a service that keeps a pod has no timeout or retention risk; safe settings give nothing', () => {
    expect(ColdStartBudget.unsafeSettings({ coldStart: Duration.seconds(400), scalesFromZero: false, usualIdleGap: Duration.hours(1) })).toEqual([]);
    expect(ColdStartBudget.unsafeSettings({
      coldStart: Duration.seconds(60),
      scalesFromZero: true,
      progressDeadline: Duration.minutes(30),
      requestTimeout: Duration.minutes(10),
      scaleToZeroPodRetention: Duration.minutes(30),
      usualIdleGap: Duration.minutes(20),
      startupProbeBudget: Duration.minutes(5),
    })).toEqual([]);
  });

  test('wrong props', () => {
    expect(() => ColdStartBudget.unsafeSettings({ coldStart: undefined as unknown as Duration, scalesFromZero: 'yes' as unknown as boolean })).toThrow([
      'Invalid ColdStartBudget.unsafeSettings:',
      "  - 'coldStart' is undefined: must be a Duration from 0 s to 86400 s. For example Duration.seconds(60)",
      "  - 'scalesFromZero' is \"yes\": must be true or false",
    ].join('\n'));
  });
});

describe('GpuSpend', () => {
  const base = { subject: 'default/llm', gpusPerReplica: 2, pricePerGpuHour: 2.21, monthlyBudget: 10_000 };

  test('the worst case is replicas × GPUs × price × 730 h', () => {
    expect(GpuSpend.worstCaseMonthly({ ...base, maxReplicas: 8 })).toBeCloseTo(25_812.8, 6);
    expect(GpuSpend.worstCaseMonthly(base)).toBe(Infinity);
  });

  test('over the budget: the numbers and the largest maxReplicas that fits', () => {
    expect(GpuSpend.budgetProblems({ ...base, maxReplicas: 8 })).toEqual([
      "'default/llm' can cost 25,812.80 a month in the worst case (8 replicas × 2 GPU(s) × 2.21/GPU-hour × 730 h), over its budget of 10,000.00. "
      + 'Set maxReplicas to at most 3, or raise the budget.',
    ]);
    expect(GpuSpend.budgetProblems({ ...base, maxReplicas: 3 })).toEqual([]);
  });

  test('no maxReplicas under a budget is an error; a budget below one replica says so', () => {
    expect(GpuSpend.budgetProblems({ ...base, maxReplicas: 0 })).toEqual([
      "'default/llm' has a monthly GPU budget of 10,000.00 but no maxReplicas: its worst case is unbounded. Set maxReplicas to at most 3, or raise the budget.",
    ]);
    // maxReplicas defaults to 0, unlimited.
    expect(GpuSpend.budgetProblems(base)).toEqual(GpuSpend.budgetProblems({ ...base, maxReplicas: 0 }));
    expect(GpuSpend.budgetProblems({ ...base, monthlyBudget: 100, maxReplicas: 1 })[0]).toMatch(
      /Not even one replica fits \(3,226.60 a month\): raise the budget or use fewer or cheaper GPUs\.$/);
  });

  test('GPUs at no price cost nothing, however many replicas run', () => {
    const free = { ...base, pricePerGpuHour: 0 };
    expect([GpuSpend.worstCaseMonthly(free), GpuSpend.worstCaseMonthly({ ...free, maxReplicas: 8 })]).toEqual([0, 0]);
    expect([GpuSpend.budgetProblems(free), GpuSpend.budgetProblems({ ...free, monthlyBudget: 0 })]).toEqual([[], []]);
    expect(GpuSpend.appBudgetProblems({
      subject: 'app', monthlyBudget: 10_000, services: [{ subject: 'owned', gpusPerReplica: 8, pricePerGpuHour: 0 }, { ...base, maxReplicas: 1 }],
    })).toEqual([]);
  });

  test('wrong props from JavaScript', () => {
    expect(() => GpuSpend.budgetProblems({ subject: '', gpusPerReplica: 0.5, pricePerGpuHour: -1, monthlyBudget: Number.NaN, maxReplicas: -3 })).toThrow([
      'Invalid GpuSpend.budgetProblems:',
      "  - 'subject' is \"\": must be a non-empty text",
      "  - 'maxReplicas' is -3: must be a whole number from 0 to 2147483647",
      "  - 'gpusPerReplica' is 0.5: must be a whole number from 1 to 1024",
      "  - 'pricePerGpuHour' is -1: must be a number from 0 to 1000000",
      "  - 'monthlyBudget' is NaN: must be a number from 0 to 1000000000000",
    ].join('\n'));
  });

  test('property: the budget holds exactly when the worst case is within it', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 8 }), fc.double({
      min: 0.1,
      max: 10,
      noNaN: true,
    }), fc.integer({ min: 0, max: 200_000 }),
    (replicas, gpus, price, budget) => {
      const props = { subject: 's', maxReplicas: replicas, gpusPerReplica: gpus, pricePerGpuHour: price, monthlyBudget: budget };
      return (GpuSpend.budgetProblems(props).length === 0) === (GpuSpend.worstCaseMonthly(props) <= budget);
    }));
  });
});

describe('GpuSpend for an app', () => {
  const services = [
    { subject: 'team-a/llm', maxReplicas: 4, gpusPerReplica: 2, pricePerGpuHour: 2.21 },
    { subject: 'team-b/reranker', maxReplicas: 10, gpusPerReplica: 1, pricePerGpuHour: 0.7 },
  ];

  test('the worst cases of the services add up', () => {
    expect(GpuSpend.appBudgetProblems({ subject: 'platform', services, monthlyBudget: 20_000 })).toEqual([]);
    expect(GpuSpend.appBudgetProblems({ subject: 'platform', services, monthlyBudget: 15_000 })).toEqual([
      "'platform' can cost 18,016.40 a month in the worst case ('team-a/llm' 4 × 2 GPU(s) × 2.21/GPU-hour = 12,906.40; "
      + "'team-b/reranker' 10 × 1 GPU(s) × 0.70/GPU-hour = 5,110.00; × 730 h), over its budget of 15,000.00. "
      + "Lower the services' maxReplicas by 3,016.40 a month in all, or raise the budget.",
    ]);
  });

  test('services without maxReplicas are named', () => {
    expect(GpuSpend.appBudgetProblems({ subject: 'platform', services: [...services, { subject: 'x', gpusPerReplica: 1, pricePerGpuHour: 1 }], monthlyBudget: 1e6 })).toEqual([
      "'platform' has a monthly GPU budget of 1,000,000.00 but 'x' has no maxReplicas: the worst case is unbounded. Set maxReplicas on each.",
    ]);
  });

  test('wrong services are reported by index', () => {
    expect(() => GpuSpend.appBudgetProblems({ subject: 'p', services: [null as never, { subject: 's', gpusPerReplica: 0, pricePerGpuHour: 1 }], monthlyBudget: 1 })).toThrow([
      'Invalid GpuSpend.appBudgetProblems:',
      "  - 'services[0]' is null: must be an object of props",
      "  - 'services[1].gpusPerReplica' is 0: must be a whole number from 1 to 1024",
    ].join('\n'));
  });
});
