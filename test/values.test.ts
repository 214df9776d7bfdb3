/**
 * Issue 14's classes of values, each from a minimal case: every value the cluster reads is valid
 * where it is read, JavaScript callers get the library's errors, and settings that would be
 * dropped or overridden say so.
 */
import { App, Chart, Duration, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AutoscalingPreset, DeploymentMode, GpuAutoscalingPolicy, GpuType, InferenceService, InferenceServiceProps, KnativeAutoscalerConfig,
  KnativeDefaultsConfig, ModelCache, ModelFormat, ModelSource, ScalingMetric, ServingApi, ServingProbe, ServingProfile,
} from '../src';
import { parseGoDuration } from '../src/_go-values';
import { serviceProblems, synthValid, testChart } from './support/synth';

/** The problem lines of what `build` throws (at construction or at synth), or [] when it does not throw. */
function problemsOf(build: () => void): string[] {
  try {
    build();
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').slice(1).map((line) => line.replace(/^ {2}(- |\[[^\]]*\] )/, ''));
  }
}

const llm = (props: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
  modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model'), ...props,
});
const knativeService = (props: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
  api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.6.3' }, ...props,
});
/** KServe Standard mode, with the HPA metric and maxReplicas it needs. */
const standardMode = (): Partial<InferenceServiceProps> => ({
  deploymentMode: DeploymentMode.STANDARD, autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, maxReplicas: 2 }),
});
const loaderJob = (manifests: any[]) => manifests.find((m) => m.kind === 'Job');

describe('names fit where they are read', () => {
  test('the loader\'s volume of a derived claim name of 63 characters is cut to a DNS label', () => {
    // GIVEN a construct path long enough for a claim name of 63 characters
    const chart = testChart();
    const deep = new Construct(new Construct(chart, 'a-very-long-construct-id-for-a-team'), 'and-another-long-construct-id');
    const cache = new ModelCache(deep, 'Weights', { source: ModelSource.fromHttp('https://example.com/m.tar'), size: Size.gibibytes(1) });

    // WHEN
    const volume = loaderJob(synthValid(chart)).spec.template.spec.volumes[0];

    // THEN
    expect(cache.claimName).toHaveLength(63);
    expect(volume.name).toBe(`pvc-${cache.claimName}`.slice(0, 63));
    expect(volume.persistentVolumeClaim.claimName).toBe(cache.claimName);
  });

  test('a GCS Secret with a dot in its name gets a volume name without it', () => {
    const chart = testChart();
    new ModelCache(chart, 'Cache', { source: ModelSource.fromGcs('gs://models/m', { credentials: { secretName: 'gcs.key', key: 'sa.json' } }), size: Size.gibibytes(1) });
    const spec = loaderJob(synthValid(chart)).spec.template.spec;
    expect(spec.volumes[2]).toEqual({ name: 'secret-gcs-key', secret: { secretName: 'gcs.key', items: [{ key: 'sa.json', path: 'key.json' }] } });
    expect(spec.containers[0].volumeMounts[2].name).toBe('secret-gcs-key');
  });

  test('secretEnv Secret names and keys, transformer env names, the loader\'s image and ServiceAccount', () => {
    expect(serviceProblems(llm({ secretEnv: { TOKEN: { secretName: 'Not_A_Secret', key: 'a/b' } }, transformer: { container: { image: 't:1' }, env: { '1BAD': 'x' } } })))
      .toEqual([
        '\'secretEnv.TOKEN.secretName\' is "Not_A_Secret": must be a Secret name (lowercase alphanumerics, \'-\' and \'.\', at most 253)',
        '\'secretEnv.TOKEN.key\' is "a/b": must be a Secret key (at most 253 alphanumerics, \'-\', \'_\' and \'.\', not \'.\' or \'..\')',
        '\'transformer.env\' is "1BAD": an environment variable name holds letters, digits, \'_\', \'-\' and \'.\' and does not start with a digit',
      ]);
    expect(problemsOf(() => new ModelCache(testChart(), 'Cache', {
      source: ModelSource.fromHttp('https://example.com/m.tar'),
      size: Size.gibibytes(1),
      loader: { image: 'curl image', serviceAccount: { name: 'Loader_SA', kind: 'ServiceAccount' } as kplus.IServiceAccount },
    }))).toEqual([
      '\'loader.image\' is "curl image": must be an image reference without white space. Leave it out to use the default image for the source',
      '\'loader.serviceAccount\' is "Loader_SA": must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')',
    ]);
  });

  test('the KServe Standard host label counts the chart\'s namespace when the service sets none', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'a-namespace-of-thirty-characters' });
    const standard = standardMode();
    const service = new InferenceService(chart, 'ServiceWithALongConstructId', llm(standard));
    expect(`${service.name}-predictor-a-namespace-of-thirty-characters`.length).toBeLessThanOrEqual(63);
    expect(problemsOf(() => new InferenceService(chart, 'Named', llm({ ...standard, metadata: { name: 'a-name-of-twenty-three' } })))).toEqual([
      '\'metadata.name\' is "a-name-of-twenty-three": is 22 characters; at most 20 fit, because the child name '
      + '"a-name-of-twenty-three-predictor-a-namespace-of-thirty-characters" must stay within 63. Use a shorter name',
    ]);
  });
});

describe('a runtime\'s name and version are what KServe looks up and pulls', () => {
  test('a runtime that no ServingRuntime can be named, a version that is no image tag', () => {
    expect(serviceProblems(llm({ runtime: 'My_Runtime', runtimeVersion: '-v1:latest' }))).toEqual([
      '\'runtime\' is "My_Runtime": must be the name of a ServingRuntime or ClusterServingRuntime (lowercase alphanumerics, \'-\' and \'.\', at most 253). '
      + 'For example "kserve-huggingfaceserver"',
      '\'runtimeVersion\' is "-v1:latest": must be an image tag: letters, digits, \'_\', \'.\' and \'-\', not starting with \'.\' or \'-\', at most 128. '
      + 'For example "v0.15.2-gpu"',
    ]);
    expect(serviceProblems(llm({ runtime: 'kserve-huggingfaceserver', runtimeVersion: 'v0.15.2-gpu' }))).toEqual([]);
  });
});

describe('the model\'s size, which sizes the server, is one it can use', () => {
  test.each([
    ['zero', Size.gibibytes(0)],
    ['not a number', Size.gibibytes(NaN)],
    ['more than 1 PiB', Size.tebibytes(2048)],
  ])('%s is refused, not read as no size', (_case, modelSize) => {
    const problems = serviceProblems(llm({ modelSize }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^'modelSize' is .*: must be a size of more than zero and at most 1 PiB\. For example Size\.gibibytes\(16\)$/);
  });
});

describe('numbers fit their fields', () => {
  test('loader backoffLimit and ttlAfterFinished are int32, activeDeadline an exact int64', () => {
    expect(problemsOf(() => new ModelCache(testChart(), 'Cache', {
      source: ModelSource.fromHttp('https://example.com/m.tar'),
      size: Size.gibibytes(1),
      loader: { backoffLimit: 2 ** 31, ttlAfterFinished: Duration.seconds(2 ** 31), activeDeadline: Duration.seconds(2 ** 53) },
    }))).toEqual([
      '\'loader.backoffLimit\' is 2147483648: must be a whole number from 0 to 2147483647. For example 3',
      '\'loader.ttlAfterFinished\' is 24855 days 3 hours: must be a whole number of seconds, at most 2147483647. For example Duration.hours(6)',
      '\'loader.activeDeadline\' is 104249991374 days 7 hours: must be a whole number of seconds from 1 to 9007199254740991. For example Duration.hours(2)',
    ]);
  });

  test('NaN and Infinity are refused wherever a number is taken', () => {
    expect(problemsOf(() => new KnativeAutoscalerConfig(testChart(), 'Config', { containerConcurrencyTargetDefault: NaN, activatorCapacity: Infinity })))
      .toEqual(['\'containerConcurrencyTargetDefault\' is NaN: must be a finite number', '\'activatorCapacity\' is Infinity: must be a finite number']);
  });

  test('requests never above limits: the loader\'s CPU, memory and ephemeral storage, and a service\'s ephemeral storage', () => {
    expect(problemsOf(() => new ModelCache(testChart(), 'Cache', {
      source: ModelSource.fromHttp('https://example.com/m.tar'),
      size: Size.gibibytes(1),
      loader: {
        resources: {
          cpu: { request: kplus.Cpu.units(4), limit: kplus.Cpu.units(2) },
          memory: { request: Size.gibibytes(8), limit: Size.gibibytes(4) },
          ephemeralStorage: { request: Size.gibibytes(20), limit: Size.gibibytes(10) },
        },
      },
    }))).toEqual([
      '\'loader.resources.cpu.request\' is "4": must not exceed the limit 2. Raise the limit or lower the request',
      '\'loader.resources.memory.request\' is "8Gi": must not exceed the limit 4Gi. Raise the limit or lower the request',
      '\'loader.resources.ephemeralStorage.request\' is "20Gi": must not exceed the limit 10Gi. Raise the limit or lower the request',
    ]);
    expect(serviceProblems(llm({ resources: { ephemeralStorage: { request: Size.gibibytes(20), limit: Size.gibibytes(10) } } }))).toEqual([
      '\'resources.ephemeralStorage.request\' is "20Gi": must not exceed the limit 10Gi. Raise the limit or lower the request',
    ]);
  });
});

test('a CPU amount JavaScript writes with an exponent is no quantity with a suffix', () => {
  expect(serviceProblems(llm({ resources: { cpu: { limit: kplus.Cpu.millis(5e-324) } } }))).toEqual([
    '\'resources.cpu.limit\' is "5e-324m": is not a quantity Kubernetes reads (JavaScript wrote the number with an exponent). Give at least Cpu.millis(1)',
  ]);
});

describe('durations are within Go\'s range and in a form time.ParseDuration reads', () => {
  test('4800000h and 1e+24ms are refused, 2562047h is written and read', () => {
    expect(problemsOf(() => new GpuAutoscalingPolicy({ progressDeadline: Duration.hours(4_800_000) }))).toEqual([
      '\'progressDeadline\' is 200000 days: is longer than a Go duration holds (2562047h, about 292 years), and Knative could not read it. Give a shorter duration',
    ]);
    expect(problemsOf(() => new KnativeAutoscalerConfig(testChart(), 'Config', { scaleDownDelay: Duration.millis(1e24) }))).toEqual([
      '\'scaleDownDelay\' is 11574074074074074 days: is longer than a Go duration holds (2562047h, about 292 years), and Knative could not read it. Give a shorter duration',
    ]);
    const config = new KnativeAutoscalerConfig(testChart(), 'Config', { scaleToZeroGracePeriod: Duration.hours(2_562_047) });
    expect(config.data['scale-to-zero-grace-period']).toBe('2562047h');
    expect(parseGoDuration(config.data['scale-to-zero-grace-period'])).toBe(2_562_047n * 3_600_000_000_000n);
  });
});

describe('Knative\'s reserved variables and ports on Knative-backed targets', () => {
  test('PORT and K_SERVICE in env, 8012 and 9091 as ports', () => {
    expect(serviceProblems(knativeService({ env: { PORT: '8000' }, secretEnv: { K_SERVICE: { secretName: 's', key: 'k' } }, container: { image: 'i:1', port: 8012 } })))
      .toEqual([
        '\'env\' is "PORT": Knative reserves PORT, K_SERVICE, K_CONFIGURATION, K_REVISION and sets them itself; it rejects a revision that sets them. '
        + 'Remove it: Knative sets PORT to the container\'s port (container.port)',
        '\'env\' is "K_SERVICE": Knative reserves PORT, K_SERVICE, K_CONFIGURATION, K_REVISION and sets them itself; it rejects a revision that sets them. '
        + 'Remove it, or name the variable differently',
        '\'container.port\' is 8012: Knative reserves 8008, 8012, 8013, 8022, 8112, 9090, 9091 for its queue-proxy and profiling. Use another port, for example 8080',
      ]);
    expect(serviceProblems(llm({ transformer: { container: { image: 't:1', port: 9091 } } }))).toEqual([
      '\'transformer.container.port\' is 9091: Knative reserves 8008, 8012, 8013, 8022, 8112, 9090, 9091 for its queue-proxy and profiling. Use another port, for example 8080',
    ]);
  });

  test('KServe Standard mode runs no Knative revision, so they are the container\'s', () => {
    const standard = standardMode();
    expect(serviceProblems(llm({ ...standard, env: { PORT: '8000' } }))).toEqual([]);
  });
});

describe('user annotations are checked by the rules of the library\'s own', () => {
  test('autoscaling.knative.dev keys on a Knative Service\'s own metadata', () => {
    expect(serviceProblems(knativeService({ metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1' } } }))).toEqual([
      '\'metadata.annotations.autoscaling.knative.dev/min-scale\' is "1": Knative refuses autoscaling annotations on a Service\'s own metadata. '
      + 'Set it through autoscaling (a GpuAutoscalingPolicy), which writes the revision template',
    ]);
  });

  test('min-scale and max-scale, which KServe strips; values Knative rejects; another spelling of the library\'s key', () => {
    expect(serviceProblems(llm({
      metadata: {
        annotations: {
          'autoscaling.knative.dev/maxScale': '3', 'autoscaling.knative.dev/window': '4800000h', 'autoscaling.knative.dev/targetUtilizationPercentage': '50',
        },
      },
    }))).toEqual([
      '\'metadata.annotations.autoscaling.knative.dev/maxScale\' is "3": KServe removes min-scale and max-scale from the annotations it copies to the Knative revision. '
      + 'Set minReplicas or maxReplicas on the service\'s GpuAutoscalingPolicy instead',
      '\'metadata.annotations.autoscaling.knative.dev/window\' is "4800000h": Knative takes a window from 6s to 1h in whole seconds. Write a Go duration such as "90s"',
    ]);
    expect(serviceProblems(llm({ metadata: { annotations: { 'autoscaling.knative.dev/targetUtilizationPercentage': '50' } } }))).toEqual([
      '\'metadata.annotations.autoscaling.knative.dev/targetUtilizationPercentage\' is "50": is another spelling of '
      + 'autoscaling.knative.dev/target-utilization-percentage, which the construct writes from its own props. Remove the annotation and set the prop instead',
    ]);
  });

  test('a progress-deadline in Knative mode, which KServe copies to the revision, by Knative\'s rule and the int32 Deployment field it becomes', () => {
    // The CLUSTER preset writes no progress-deadline of its own, so the user's is the revision's.
    const user = (value: string) => llm({
      autoscaling: new GpuAutoscalingPolicy({ preset: AutoscalingPreset.CLUSTER }),
      metadata: { annotations: { 'serving.knative.dev/progress-deadline': value } },
    });
    expect(serviceProblems(user('45m'))).toEqual([]);
    expect(serviceProblems(user('596523h14m7s'))).toEqual([]);
    expect(serviceProblems(user('596523h14m8s'))).toEqual([
      '\'metadata.annotations.serving.knative.dev/progress-deadline\' is "596523h14m8s": Knative takes a progress-deadline of at most 2147483647s '
        + '(596523h14m7s), since it becomes the Deployment\'s progressDeadlineSeconds, an int32. Write a shorter Go duration such as "30m"',
    ]);
    expect(serviceProblems(user('90.5s'))).toEqual([
      '\'metadata.annotations.serving.knative.dev/progress-deadline\' is "90.5s": Knative takes a progress-deadline of at least 1s in whole seconds. '
        + 'Write a Go duration such as "30m"',
    ]);
  });

  test('in KServe Standard mode they do nothing', () => {
    const standard = standardMode();
    expect(serviceProblems(llm({ ...standard, metadata: { annotations: { 'autoscaling.knative.dev/target': '5' } } }))).toEqual([
      '\'metadata.annotations.autoscaling.knative.dev/target\' is "5": does nothing in KServe Standard mode, where no Knative revision exists. '
      + 'Remove it, or use DeploymentMode.KNATIVE',
    ]);
  });
});

describe('strings read back as strings', () => {
  test('strings cdk8s writes without quotes that a reader takes for numbers are refused', () => {
    expect(serviceProblems(llm({ env: { MODE: '0o17' }, metadata: { labels: { '0X1F': 'a' } } }))).toEqual([
      '\'metadata.labels.0X1F\' is "0X1F": cdk8s writes this key without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for the number 31. '
      + 'Write it another way: cdk8s quotes only the forms of YAML 1.1',
      '\'env.MODE\' is "0o17": cdk8s writes this string without quotes, and a YAML reader (Kubernetes\' or YAML 1.2) takes it for the number 15. '
      + 'Write it another way: cdk8s quotes only the forms of YAML 1.1',
    ]);
  });

  test('the fault is in cdk8s\'s writer: it writes 0o17 plain, and quotes YAML 1.1\'s forms', () => {
    expect(Yaml.stringify({ a: '0o17', b: 'yes', c: '1e3' })).toBe('a: 0o17\nb: "yes"\nc: "1e3"\n');
  });

  test('keys named like members of every object do not crash synth and are not mistaken for props', () => {
    const props = llm({ env: { constructor: 'a', toString: 'c' } as any });
    Object.defineProperty(props.env, '__proto__', { value: 'b', enumerable: true });
    const chart = testChart();
    new InferenceService(chart, 'Service', props);
    const env = synthValid(chart)[0].spec.predictor.model.env;
    // In name order, as every env (determinism).
    expect(env).toEqual([{ name: '__proto__', value: 'b' }, { name: 'constructor', value: 'a' }, { name: 'toString', value: 'c' }]);
    expect(serviceProblems({ ...llm(), constructor: 'not a prop', metadata: { constructor: 'x' } } as any)).toEqual([
      '\'constructor\' is "not a prop": is no prop: it names a member of every JavaScript object. Remove it',
      '\'metadata.constructor\' is "x": is no prop: it names a member of every JavaScript object. Remove it',
    ]);
  });

  test('labels and annotations cdk8s cannot write (`constructor` crashes its serializer) are the library\'s error', () => {
    expect(serviceProblems(llm({ metadata: { labels: { constructor: 'x' } } }))).toEqual([
      '\'metadata.labels.constructor\' is "constructor": cdk8s cannot write this key in an object: its serializer takes it for a member of every '
      + 'JavaScript object. Use another key',
    ]);
  });

  test('KServe\'s scaleTarget is an int32', () => {
    expect(serviceProblems(llm({ autoscaling: new GpuAutoscalingPolicy({ target: Number.MAX_VALUE, containerConcurrency: 0 }) }))).toEqual([
      '\'target\' is 1.7976931348623157e+308: KServe\'s scaleTarget is an int32, at most 2147483647. Use a smaller target',
    ]);
  });
});

describe('JavaScript callers get the library\'s errors', () => {
  test('a string where a class belongs, wrong types inside gpu, a number where a Duration belongs, null in an array', () => {
    expect(serviceProblems({ modelFormat: 'pytorch', gpu: { types: 'L4' }, timeout: 300, args: [null], model: ModelSource.fromPvc('m') } as any)).toEqual([
      '\'modelFormat\' is "pytorch": must be a ModelFormat. For example ModelFormat.HUGGINGFACE',
      '\'args[0]\' is null: must be a string, or left out',
      '\'gpu.types\' is "L4": must be an array of GpuType',
      '\'timeout\' is 300: must be a Duration. For example Duration.seconds(30)',
    ]);
  });

  test('a class instance where a struct belongs is not read as an empty struct', () => {
    expect(serviceProblems(llm({ gpu: Duration.seconds(1) as any }))).toEqual(['\'gpu\' is 1 second: must be an object']);
  });

  test('value factories', () => {
    expect(problemsOf(() => GpuType.custom({ name: 'X', memory: 80 } as any))).toEqual(['\'props.memory\' is 80: must be a Size. For example Size.gibibytes(10)']);
    expect(problemsOf(() => ModelSource.fromS3('s3://b/m', { credentials: 's3' } as any))).toEqual(['\'options.credentials\' is "s3": must be an object']);
  });
});

describe('values that reach the constructs by another way than a TypeScript caller\'s', () => {
  test('a misspelt prop is refused with the one it looks like, at any depth; metadata stays open, as cdk8s\'s type is', () => {
    expect(serviceProblems({ ...llm(), modelFromat: ModelFormat.HUGGINGFACE, gpu: { type: [GpuType.L4] }, timout: 5, zzz: 1 } as any)).toEqual([
      '\'modelFromat\' is a ModelFormat: is no prop. Did you mean \'modelFormat\'?',
      '\'timout\' is 5: is no prop. Did you mean \'timeout\'?',
      '\'zzz\' is 1: is no prop. Remove it, or check its spelling',
      '\'gpu.type\' is [a GpuType]: is no prop. Did you mean \'types\'?',
    ]);
    expect(problemsOf(() => ModelSource.fromS3('s3://models/m', { credential: { secretName: 's3' } } as any)))
      .toEqual(['\'options.credential\' is an object: is no prop. Did you mean \'credentials\'?']);
    expect(serviceProblems(knativeService({ metadata: { name: 'custom', generateName: 'custom-' } as any }))).toEqual([]);
    expect(serviceProblems(knativeService({ extra: undefined } as any))).toEqual([]);
  });

  test('a hole in an array is an item left out, not one to skip', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = { args: [, '--x'], gpu: { types: [, GpuType.L4], regions: [, 'ORD1'] } } as any;
    expect(serviceProblems(llm(holes))).toEqual([
      '\'args[0]\' is undefined: must be a string',
      '\'gpu.types[0]\' is undefined: must be a GpuType',
      '\'gpu.regions[0]\' is undefined: must be a string',
    ]);
  });

  test('a Duration or a Size of another copy of cdk8s is one, and writes the same manifests', () => {
    // GIVEN values with every member of this copy's, of another class (a dependency's own cdk8s)
    const foreign = <T extends object>(value: T): T => {
      const copy: Record<string, unknown> = {};
      for (const member of Object.getOwnPropertyNames(Object.getPrototypeOf(value))) {
        const method = (value as any)[member];
        if (member !== 'constructor' && typeof method === 'function') copy[member] = (...args: unknown[]) => method.apply(value, args);
      }
      return Object.setPrototypeOf(copy, class OtherCopy {}.prototype);
    };
    const props = (duration: (s: number) => Duration, size: (g: number) => Size): InferenceServiceProps => llm({
      modelSize: size(140),
      timeout: duration(300),
      modelCacheWait: { timeout: duration(120) },
      probes: { readiness: ServingProbe.httpGet('/health', { period: duration(5) }) },
      servingProfile: ServingProfile.llm({ memoryPerGpu: size(20), loadTime: duration(480) }),
      gpu: { types: [GpuType.H100_80GB_SXM], count: 2 },
    });
    const manifests = (p: InferenceServiceProps) => {
      const chart = testChart();
      new InferenceService(chart, 'Llm', p);
      return synthValid(chart);
    };

    // WHEN / THEN
    const written = manifests(props((s) => foreign(Duration.seconds(s)), (g) => foreign(Size.gibibytes(g))));
    expect(written).toEqual(manifests(props(Duration.seconds, Size.gibibytes)));
    // modelSize counted: without it the profile gives 42Gi
    expect(JSON.stringify(written)).toContain('"memory":"212Gi"');
  });

  test('an object with only some of the members of a Duration or a Size is refused at once', () => {
    const minutes = { toMilliseconds: () => 600000 } as any;
    expect(serviceProblems(llm({ timeout: minutes }))).toEqual(['\'timeout\' is an object: must be a Duration. For example Duration.seconds(30)']);
    expect(problemsOf(() => new ModelCache(testChart(), 'Cache', {
      source: ModelSource.fromS3('s3://models/m'), modelSize: Size.gibibytes(2), loader: { resources: { memory: { request: { toKibibytes: () => 2097152 } as any } } },
    }))).toEqual(['\'loader.resources.memory.request\' is an object: must be a Size. For example Size.gibibytes(10)']);
  });

  test('props changed after the constructor change nothing: each service keeps what it was given', () => {
    // GIVEN one env, args and tolerations object reused for two services, as in a loop
    const chart = testChart();
    const env: Record<string, string> = {};
    const args: string[] = [];
    const tolerations = [{ key: 'pool' }];
    const probeCommand = ['cat', '/tmp/ready'];
    for (const variant of ['blue', 'green']) {
      env.VARIANT = variant;
      args[0] = `--variant=${variant}`;
      tolerations[0].key = `pool-${variant}`;
      const probes = { readiness: ServingProbe.exec(probeCommand) };
      const gpu = { types: [GpuType.L4], tolerations };
      new InferenceService(chart, variant, knativeService({ metadata: { name: variant }, env, args, probes, gpu }));
    }
    // and changed after the last one, past every check
    env.MODE = '0o17';
    args.push(null as any);
    tolerations[0].key = 'Not A Valid Key!';
    probeCommand[1] = '';

    // WHEN
    const containers = synthValid(chart).map((m) => m.spec.template.spec.containers[0]);
    const tolerationKeys = synthValid(chart).map((m) => m.spec.template.spec.tolerations.map((t: any) => t.key));

    // THEN
    expect(containers.map((c) => [c.args, c.env.filter((e: any) => e.name === 'VARIANT' || e.name === 'MODE')])).toEqual([
      [['--variant=blue'], [{ name: 'VARIANT', value: 'blue' }]],
      [['--variant=green'], [{ name: 'VARIANT', value: 'green' }]],
    ]);
    expect(tolerationKeys).toEqual([['pool-blue'], ['pool-green']]);
    expect(containers.map((c) => c.readinessProbe.exec.command)).toEqual([['cat', '/tmp/ready'], ['cat', '/tmp/ready']]);
  });

  test('a field that is not enumerable is not read, as a spread or JSON would not read it', () => {
    const props = knativeService();
    Object.defineProperty(props, 'timeout', { value: 5, enumerable: false });
    expect(serviceProblems(props)).toEqual([]);
  });

  test('the copy keeps a key named __proto__ as a key', () => {
    const chart = testChart();
    new InferenceService(chart, 'Custom', knativeService({ env: JSON.parse('{"__proto__": "x", "A": "b"}') }));
    expect(synthValid(chart)[0].spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: 'b' }, { name: '__proto__', value: 'x' }]);
  });
});

describe('settings that would be dropped say so', () => {
  test('credentials under key names KServe\'s storage initializer does not read', () => {
    const source = ModelSource.fromS3('s3://models/m', { credentials: { secretName: 's3', accessKeyIdKey: 'id' } });
    expect(serviceProblems(llm({ model: source }))).toEqual([
      '\'credentials.accessKeyIdKey\' is "id": KServe\'s storage initializer reads this Secret only under the key "AWS_ACCESS_KEY_ID" '
      + '(credentials.s3.s3AccessKeyIDName of the cluster\'s inferenceservice-config), and would ignore this one. Name the key "AWS_ACCESS_KEY_ID" in the Secret, '
      + 'or read the model through a ModelCache, whose loader reads any key',
    ]);
    expect(() => new ModelCache(testChart(), 'Cache', { source, size: Size.gibibytes(1) })).not.toThrow();
  });

  test('a service against the KnativeAutoscalerConfig and KnativeDefaultsConfig of its app', () => {
    // GIVEN a platform chart and a service chart in one app
    const app = new App();
    const platform = new Chart(app, 'platform');
    new KnativeAutoscalerConfig(platform, 'Autoscaler', { maxScaleLimit: 3, maxScale: 3 });
    new KnativeDefaultsConfig(platform, 'Defaults', { containerConcurrencyMaxLimit: 1, allowContainerConcurrencyZero: false, maxRevisionTimeout: Duration.seconds(600) });
    const serving = new Chart(app, 'serving');
    new InferenceService(serving, 'Llm', llm({ timeout: Duration.seconds(900), autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 4, containerConcurrency: 2, initialScale: 0 }) }));
    new InferenceService(serving, 'Unlimited', llm({ autoscaling: new GpuAutoscalingPolicy({ preset: AutoscalingPreset.KNATIVE_DEFAULTS }) }));

    // WHEN / THEN
    expect(problemsOf(() => app.synthYaml())).toEqual([
      '\'autoscaling.maxReplicas\' is 4: KnativeAutoscalerConfig \'platform/Autoscaler\' sets max-scale-limit 3, and Knative rejects a revision whose max-scale is above it. '
      + 'Set maxReplicas from 1 to 3, or raise maxScaleLimit',
      '\'autoscaling.initialScale\' is 0: KnativeAutoscalerConfig \'platform/Autoscaler\' does not set allow-zero-initial-scale, and Knative rejects an initial-scale of 0 '
      + 'without it. Set allowZeroInitialScale: true there, or use 1',
      '\'autoscaling.containerConcurrency\' is 2: KnativeDefaultsConfig \'platform/Defaults\' sets container-concurrency-max-limit 1, and Knative rejects a revision above it. '
      + 'Use 1 or less, or raise containerConcurrencyMaxLimit',
      '\'timeout\' is 15 minutes: KnativeDefaultsConfig \'platform/Defaults\' allows at most 600s (max-revision-timeout-seconds), and Knative rejects a longer revision timeout. '
      + 'Shorten the timeout, or raise maxRevisionTimeout',
      '\'autoscaling.containerConcurrency\' is 0: KnativeDefaultsConfig \'platform/Defaults\' sets allow-container-concurrency-zero: false, and Knative rejects a revision '
      + 'with 0 (unlimited). Set a limit such as 1, or allow zero there',
    ]);
  });

  test('AutoscalingPreset.CLUSTER writes only what is set, inheriting the cluster\'s config-autoscaler', () => {
    const chart = testChart();
    new InferenceService(chart, 'Llm', llm({ autoscaling: new GpuAutoscalingPolicy({ preset: AutoscalingPreset.CLUSTER, maxReplicas: 2 }) }));
    const config = new KnativeAutoscalerConfig(chart, 'Config', { preset: AutoscalingPreset.CLUSTER, maxScale: 10, maxScaleLimit: 10 });
    const [service] = synthValid(chart);
    expect(Object.keys(service.metadata.annotations).filter((key) => key.startsWith('autoscaling.knative.dev/'))).toEqual(['autoscaling.knative.dev/class']);
    expect(service.spec.predictor.containerConcurrency).toBeUndefined();
    expect(config.data).toEqual({ 'max-scale': '10', 'max-scale-limit': '10' });
  });

  test('explain() says when a canary leaves a revision without traffic', () => {
    const zero = new InferenceService(testChart(), 'Llm', llm({ canary: { trafficPercent: 0 }, autoscaling: new GpuAutoscalingPolicy({ minReplicas: 1 }) }));
    expect(zero.explain()).toContain('- No traffic: at canary trafficPercent 0 the newest revision receives none, so Knative treats it as unreachable: '
      + 'it ignores its min-scale (minReplicas 1) and scale-to-zero-pod-retention-period and scales it to zero');
    const tagged = new InferenceService(testChart(), 'Llm', llm({ canary: { trafficPercent: 0, tagRouting: true } }));
    expect(tagged.explain()).not.toContain('No traffic');
  });
});
