/**
 * Issue 15: probes, the LLM profile, the ModelCache wait and region, and the small gaps (container
 * name, optional secrets, a cache at the volume root, anonymous S3, the v1alpha2 canary).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import {
  DeploymentMode, GpuAutoscalingPolicy, InferenceService, InferenceServiceProps, KfservingVersion, KnativeFeatureFlags, LocalModelCache,
  LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource, ServingApi, ServingProbe, ServingProfile,
} from '../src';
import { synthExample } from './support/examples';
import { serviceProblems, synthValid, testChart } from './support/synth';
import { LLM_PROFILE_DEFAULTS } from '../src/_llm-profile';
import { loaderScript } from '../src/_model-cache-loader';
import { ModelSourceKind } from '../src/model-source';

const HF = { modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct') };

/** The single InferenceService or Knative Service a chart writes. */
function service(props: InferenceServiceProps): any {
  const chart = testChart('llm');
  new InferenceService(chart, 'Service', props);
  return synthValid(chart).find((m) => m.kind === 'InferenceService' || m.kind === 'Service');
}

function predictorModel(manifest: any): any {
  return manifest.spec.predictor.model;
}

describe('golden manifests of the new examples, reviewed by hand', () => {
  test.each(['any-gpu-hf', 'llm-tensor-parallel', 'knative-probes', 'kfserving-v1alpha2-canary'])('%s', (name) => {
    const golden = parseAllDocuments(readFileSync(join(__dirname, 'golden', `example-${name}.yaml`), 'utf8')).map((d) => d.toJS());
    expect(synthExample(name)).toEqual(golden);
  });
});

describe('probes', () => {
  const probes = {
    readiness: ServingProbe.httpGet('/health', { period: Duration.seconds(5), timeout: Duration.seconds(2), successThreshold: 2 }),
    liveness: ServingProbe.tcpSocket({ period: Duration.seconds(20), failureThreshold: 3 }),
    startup: ServingProbe.exec(['cat', '/tmp/ready'], { initialDelay: Duration.seconds(30), period: Duration.seconds(10), failureThreshold: 30 }),
  };

  test('on a runtime predictor, probing the runtime port 8080', () => {
    const model = predictorModel(service({ ...HF, servingProfile: ServingProfile.none(), probes }));
    expect(model.readinessProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, periodSeconds: 5, timeoutSeconds: 2, successThreshold: 2 });
    expect(model.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 20, failureThreshold: 3 });
    expect(model.startupProbe).toEqual({ exec: { command: ['cat', '/tmp/ready'] }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 30 });
  });

  test('on a custom container, probing its port unless the probe names one', () => {
    const container = service({
      container: { image: 'vllm/vllm-openai:v0.6.3', port: 8000 },
      probes: { readiness: ServingProbe.httpGet('/health'), liveness: ServingProbe.httpGet('/health', { port: 9000 }) },
    }).spec.predictor.containers[0];
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/health', port: 8000 } });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/health', port: 9000 } });
  });

  test('a Knative Service with readiness and liveness probes and an optional secret env var', () => {
    const container = service({
      api: ServingApi.KNATIVE_SERVICE,
      container: { image: 'ghcr.io/acme/server:1.0' },
      secretEnv: { API_KEY: { secretName: 'api', key: 'key', optional: true } },
      probes: { readiness: probes.readiness, liveness: probes.liveness },
    }).spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(container.env).toEqual([{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key', optional: true } } }]);
  });

  test('explain() holds the startup probe against the estimated cold start', () => {
    const llama = new InferenceService(testChart(), 'S', {
      ...HF, modelSize: Size.gibibytes(140), probes: { startup: ServingProbe.tcpSocket({ period: Duration.seconds(10), failureThreshold: 6 }) },
    });
    expect(llama.explain()).toContain('the startup probe gives up after 1m');
  });

  test('budget: initial delay + failureThreshold x period, with Kubernetes defaults', () => {
    expect(probes.startup.budget.toSeconds()).toBe(330);
    expect(ServingProbe.tcpSocket().budget.toSeconds()).toBe(30);
  });

  test('invalid probes are refused with the prop', () => {
    expect(serviceProblems({
      container: { image: 'a' },
      probes: {
        readiness: ServingProbe.httpGet('health', { timeout: Duration.seconds(1) }),
        liveness: ServingProbe.httpGet('/x', { successThreshold: 2, port: 70000 }),
        startup: ServingProbe.exec([], { period: Duration.millis(1500), failureThreshold: 0 }),
      },
    })).toEqual([
      '\'probes.readiness.path\' is "health": must be a request path starting with \'/\', without white space. For example "/health"',
      '\'probes.readiness.period\' is undefined: Knative probes readiness aggressively when periodSeconds is 0, and then refuses timeoutSeconds and failureThreshold. '
        + 'Give period, or remove timeout and failureThreshold',
      '\'probes.liveness.port\' is 70000: must be a port number from 1 to 65535',
      '\'probes.liveness.successThreshold\' is 2: must be 1 for a liveness or startup probe (Kubernetes). Remove successThreshold',
      '\'probes.startup.command\' is []: must be a non-empty list of non-empty strings. For example ["cat", "/tmp/ready"]',
      '\'probes.startup.period\' is 1 second 500 millis: must be a whole number of seconds, at least 1s. Use Duration.seconds(n)',
      '\'probes.startup.failureThreshold\' is 0: must be a whole number of 1 or more',
    ]);
  });

  test('the factories answer values of the wrong type from JavaScript with the library\'s errors', () => {
    expect(() => ServingProbe.httpGet(undefined as never)).toThrow(new Error('Invalid ServingProbe:\n  - \'path\' is undefined: is required: a string'));
    expect(() => ServingProbe.tcpSocket({ port: '8080' as never, period: 10 as never })).toThrow(new Error('Invalid ServingProbe:\n'
      + '  - \'options.period\' is 10: must be a Duration. For example Duration.seconds(30)\n'
      + '  - \'options.port\' is "8080": must be a number'));
    expect(() => ServingProbe.exec('cat /tmp/ready' as never)).toThrow(new Error('Invalid ServingProbe:\n  - \'command\' is "cat /tmp/ready": must be an array of strings'));
    expect(() => ServingProbe.exec(['test', '0o17'])).toThrow(new Error('Invalid ServingProbe:\n  - \'command[1]\' is "0o17": cdk8s writes this string without quotes, '
      + 'and a YAML reader (Kubernetes\' or YAML 1.2) takes it for the number 15. Write it another way: cdk8s quotes only the forms of YAML 1.1'));
  });

  test('Knative\'s aggressive readiness rule does not apply in Standard mode', () => {
    expect(serviceProblems({
      container: { image: 'a' },
      deploymentMode: DeploymentMode.STANDARD,
      autoscaling: new GpuAutoscalingPolicy({ minReplicas: 1, maxReplicas: 2 }),
      probes: { readiness: ServingProbe.httpGet('/ready', { timeout: Duration.seconds(2) }) },
    })).toEqual([]);
  });

  test('a v1alpha2 framework predictor has no probes; its custom container has', () => {
    const v1alpha2 = { api: ServingApi.KFSERVING_V1ALPHA2, model: ModelSource.fromS3('s3://models/m') };
    expect(serviceProblems({ ...v1alpha2, modelFormat: ModelFormat.TENSORFLOW, probes: { liveness: ServingProbe.tcpSocket() } })).toEqual([
      '\'probes.liveness\' is "liveness": a serving.kubeflow.org/v1alpha2 framework predictor has no probes. Use a custom container, or ServingApi.KFSERVING_V1BETA1',
    ]);
    const chart = testChart();
    new InferenceService(chart, 'S', { ...v1alpha2, container: { image: 'a' }, probes: { liveness: ServingProbe.tcpSocket() } });
    expect(synthValid(chart)[0].spec.default.predictor.custom.container.livenessProbe).toEqual({ tcpSocket: { port: 8080 } });
  });
});

describe('container name', () => {
  test('a Knative Service container takes its own name', () => {
    const spec = service({ api: ServingApi.KNATIVE_SERVICE, container: { image: 'a', name: 'vllm' } }).spec.template.spec;
    expect(spec.containers[0].name).toBe('vllm');
  });

  test('refused where the API renames it, and Knative\'s reserved name', () => {
    expect(serviceProblems({ container: { image: 'a', name: 'vllm' } })).toEqual([
      '\'container.name\' is "vllm": serving.kserve.io/v1beta1 InferenceService names the container "kserve-container" itself. Remove name',
    ]);
    expect(serviceProblems({ api: ServingApi.KNATIVE_SERVICE, container: { image: 'a', name: 'queue-proxy' } })).toEqual([
      '\'container.name\' is "queue-proxy": is the name of Knative\'s own sidecar. Choose another name',
    ]);
    expect(serviceProblems({ api: ServingApi.KNATIVE_SERVICE, container: { image: 'a', name: 'Bad_Name' } })).toEqual([
      '\'container.name\' is "Bad_Name": must be a DNS label (lowercase alphanumerics and \'-\', at most 63)',
    ]);
  });
});

describe('the LLM profile: every default and its source', () => {
  test('the defaults are the documented values', () => {
    // KServe's HF runtime example (Llama 3 8B): 6 CPUs and 24Gi for 16 GB of weights and one GPU.
    expect(LLM_PROFILE_DEFAULTS.cpuPerGpu).toBe(6);
    expect(LLM_PROFILE_DEFAULTS.memoryPerModelSize).toBe(1.5);
    expect(LLM_PROFILE_DEFAULTS.memoryPerGpu.toGibibytes()).toBe(24);
    // vLLM's Kubernetes guide: a 2Gi memory-backed /dev/shm.
    expect(LLM_PROFILE_DEFAULTS.sharedMemory.toGibibytes()).toBe(2);
    // vLLM's default max_num_seqs.
    expect(LLM_PROFILE_DEFAULTS.maxBatchSize).toBe(256);
    // Kubernetes' default probe period; GPU_TUNED's progress deadline.
    expect(LLM_PROFILE_DEFAULTS.startupProbePeriod.toSeconds()).toBe(10);
    expect(LLM_PROFILE_DEFAULTS.minProgressDeadline.toMinutes()).toBe(30);
  });

  test('each option\'s @default names its source', () => {
    const text = readFileSync(join(__dirname, '..', 'src', 'serving-profile.ts'), 'utf8');
    const defaults = Object.fromEntries([...text.matchAll(/@default ([\s\S]*?)\*\/\s*readonly (\w+)\?/g)].map((m) => [m[2], m[1].replace(/\s*\*\s*/g, ' ')]));
    expect(Object.keys(defaults).sort()).toEqual(['cpuPerGpu', 'loadTime', 'maxBatchSize', 'memoryPerGpu', 'memoryPerModelSize', 'sharedMemory']);
    expect(defaults.cpuPerGpu).toContain('kserve.github.io/website/docs/model-serving/storage/providers/hf');
    expect(defaults.memoryPerModelSize).toContain('same KServe example');
    expect(defaults.memoryPerGpu).toContain('same KServe example');
    expect(defaults.sharedMemory).toContain('docs.vllm.ai, "Using Kubernetes"');
    expect(defaults.maxBatchSize).toContain('vllm/engine/arg_utils.py');
    expect(defaults.loadTime).toContain('ColdStartEstimator');
  });

  test('ServingProfile.llm answers options of the wrong type from JavaScript with the library\'s error', () => {
    expect(() => ServingProfile.llm({ cpuPerGpu: '6' as never, loadTime: 600 as never })).toThrow(new Error('Invalid ServingProfile:\n'
      + '  - \'options.cpuPerGpu\' is "6": must be a number\n'
      + '  - \'options.loadTime\' is 600: must be a Duration. For example Duration.seconds(30)'));
    expect(() => ServingProfile.llm({ memoryPerModelSize: NaN })).toThrow(new Error('Invalid ServingProfile:\n  - \'options.memoryPerModelSize\' is NaN: must be a finite number'));
  });

  test('is the default of the Hugging Face runtime, and not of other formats', () => {
    expect(new InferenceService(testChart(), 'S', HF).servingProfile.name).toBe('llm');
    expect(new InferenceService(testChart(), 'S', { modelFormat: ModelFormat.PYTORCH, model: ModelSource.fromS3('s3://models/m') }).servingProfile.name).toBe('none');
    expect(new InferenceService(testChart(), 'S', { container: { image: 'a' } }).servingProfile.name).toBe('none');
  });

  test('CPU from the GPU count, memory from the model size plus /dev/shm with more than one GPU', () => {
    const model = predictorModel(service({ ...HF, modelSize: Size.gibibytes(140), gpu: { count: 4 } }));
    expect(model.resources.requests).toEqual({ 'cpu': '24', 'memory': '212Gi', 'nvidia.com/gpu': '4' });
    expect(model.resources.limits).toEqual(model.resources.requests);
    expect(model.volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm' }]);
  });

  test('one GPU: no /dev/shm; memory per GPU when the size is unknown', () => {
    const manifest = service({ ...HF, gpu: { count: 1 } });
    expect(predictorModel(manifest).resources.requests).toEqual({ 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '1' });
    expect(predictorModel(manifest).volumeMounts).toBeUndefined();
    expect(manifest.spec.predictor.volumes).toBeUndefined();
  });

  test('a shared memory volume backed by memory', () => {
    const manifest = service({ ...HF, gpu: { count: 2 } });
    expect(manifest.spec.predictor.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } }]);
    expect(predictorModel(manifest).resources.requests.memory).toBe('50Gi');
  });

  test('a batching concurrency model: containerConcurrency 0 and a target of max_num_seqs', () => {
    const predictor = service({ ...HF, gpu: { count: 1 } }).spec.predictor;
    expect(predictor.containerConcurrency).toBe(0);
    expect(predictor.scaleTarget).toBe(256);
    expect(service({ ...HF, args: ['--max-num-seqs', '64'] }).spec.predictor.scaleTarget).toBe(64);
    expect(service({ ...HF, args: ['--max_num_seqs=32'] }).spec.predictor.scaleTarget).toBe(32);
  });

  test('a startup probe of twice the load time: the estimate plus the engine start', () => {
    // 15 GiB (16,106 MB) from object storage: 30 s pod start + 32.2 s download + 8.1 s read = 71 s (rounded up);
    // + 120 s engine = 191 s; x 2 = 382 s, so 39 periods of 10 s.
    const probe = predictorModel(service({ ...HF, modelSize: Size.gibibytes(15), gpu: { count: 1 } })).startupProbe;
    expect(probe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 39 });
    // Unknown size: 10 minutes, so 20 minutes of probing.
    expect(predictorModel(service(HF)).startupProbe.failureThreshold).toBe(120);
  });

  test('a progress deadline past the startup probe\'s budget, at least 30 minutes', () => {
    const annotations = (props: InferenceServiceProps) => service(props).metadata.annotations['serving.knative.dev/progress-deadline'];
    expect(annotations(HF)).toBe('30m');
    expect(annotations({ ...HF, servingProfile: ServingProfile.llm({ loadTime: Duration.minutes(20) }) })).toBe('41m');
  });

  test('every default is overridden prop by prop', () => {
    const manifest = service({
      ...HF,
      gpu: { count: 2 },
      resources: { cpu: { request: Cpu.units(3) } },
      probes: { startup: ServingProbe.httpGet('/health', { period: Duration.seconds(5), failureThreshold: 10 }) },
      servingProfile: ServingProfile.llm({ memoryPerGpu: Size.gibibytes(10), sharedMemory: Size.gibibytes(8), maxBatchSize: 16 }),
    });
    const model = predictorModel(manifest);
    expect(model.resources.requests).toEqual({ 'cpu': '3', 'memory': '28Gi', 'nvidia.com/gpu': '2' });
    expect(model.startupProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, periodSeconds: 5, failureThreshold: 10 });
    expect(manifest.spec.predictor.volumes[0].emptyDir.sizeLimit).toBe('8Gi');
    expect(manifest.spec.predictor.scaleTarget).toBe(16);
    const own = service({ ...HF, autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 3 }) }).spec.predictor;
    expect(own.containerConcurrency).toBe(1);
    expect(predictorModel(service({ ...HF, servingProfile: ServingProfile.none() })).resources.requests).toEqual({ cpu: '1', memory: '2Gi' });
  });

  test('invalid options are refused', () => {
    expect(serviceProblems({
      ...HF,
      servingProfile: ServingProfile.llm({ cpuPerGpu: -1, maxBatchSize: 1.5, sharedMemory: Size.kibibytes(3), loadTime: Duration.millis(10) }),
    })).toEqual([
      '\'servingProfile.cpuPerGpu\' is -1: must be a number above 0',
      '\'servingProfile.maxBatchSize\' is 1.5: must be a whole number of 1 or more',
      '\'servingProfile.sharedMemory\' is 3Ki: must be a whole number of mebibytes',
      '\'servingProfile.loadTime\' is 10 millis: must be a whole number of seconds, at least 1s. For example Duration.minutes(4)',
    ]);
  });

  test('a loadTime whose progress deadline (a minute past twice the load, in minutes) Knative cannot write as an int32 is refused', () => {
    // 1073741790s: a startup probe of 214748358 x 10s, a deadline of 35791394m (2147483640s), the last that fits.
    expect(serviceProblems({ ...HF, servingProfile: ServingProfile.llm({ loadTime: Duration.seconds(1073741790) }) })).toEqual([]);
    expect(serviceProblems({ ...HF, servingProfile: ServingProfile.llm({ loadTime: Duration.seconds(1073741791) }) })).toEqual([
      '\'servingProfile.loadTime\' is 12427 days 13 hours: gives a progress deadline of 35791395m (a minute past a startup probe of 2 times the load), '
        + 'and a progress deadline must be at most 2147483647s (596523h14m7s), since it becomes the Deployment\'s progressDeadlineSeconds, an int32. '
        + 'Give the time the server really takes to load, such as Duration.minutes(20)',
    ]);
  });

  test('a profile\'s options cannot change after its problems were found, and every service reports them', () => {
    const profile = ServingProfile.llm({ cpuPerGpu: -1 });
    expect(Object.isFrozen(profile.options)).toBe(true);
    expect(() => {
      (profile.options as { cpuPerGpu?: number }).cpuPerGpu = 4;
    }).toThrow(TypeError);
    const problem = '\'servingProfile.cpuPerGpu\' is -1: must be a number above 0';
    expect(serviceProblems({ ...HF, servingProfile: profile })).toEqual([problem]);
    expect(serviceProblems({ ...HF, servingProfile: profile })).toEqual([problem]);
  });

  test('a JavaScript caller\'s wrong-typed profile gets the library\'s error', () => {
    expect(serviceProblems({ ...HF, servingProfile: 'llm' as unknown as ServingProfile })).toEqual([
      '\'servingProfile\' is "llm": must be a ServingProfile. For example ServingProfile.llm()',
    ]);
  });

  test('an hf:// model on one GPU of any type', () => {
    const manifest = service({ ...HF, gpu: { count: 1 } });
    expect(predictorModel(manifest).storageUri).toBe('hf://Qwen/Qwen2.5-7B-Instruct');
    expect(manifest.spec.predictor.affinity).toBeUndefined();
    expect(new InferenceService(testChart(), 'S', { ...HF, gpu: { count: 1 } }).requiredKnativeFeatures).toEqual([]);
  });

  test('a service reading a LocalModelCache on one GPU of any type', () => {
    const chart = testChart('llm');
    const nodes = new LocalModelNodeGroup(chart, 'Nodes', { storageLimit: Size.gibibytes(100), localPath: '/mnt/models', nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    const cache = new LocalModelCache(chart, 'Cache', { source: HF.model, modelSize: Size.gibibytes(15), nodeGroups: [nodes] });
    const isvc = new InferenceService(chart, 'S', { ...HF, model: ModelSource.fromModelCache(cache), gpu: { count: 1 } });
    const manifest = synthValid(chart).find((m) => m.kind === 'InferenceService');
    expect(predictorModel(manifest).storageUri).toBe('hf://Qwen/Qwen2.5-7B-Instruct');
    expect(manifest.spec.predictor.initContainers).toBeUndefined();
    expect(isvc.requiredKnativeFeatures).toEqual([]);
  });
});

describe('a ModelCache a server can trust', () => {
  const source = ModelSource.fromS3('s3://models/gpt-2');

  test('the reader waits for the loader\'s marker in a restricted init container, with the flags Knative needs', () => {
    const chart = testChart('ml');
    const cache = new ModelCache(chart, 'Cache', { source, modelSize: Size.gibibytes(2), claimName: 'gpt2' });
    const isvc = new InferenceService(chart, 'S', {
      modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromModelCache(cache), modelCacheWait: { timeout: Duration.minutes(45) },
    });
    const predictor = synthValid(chart).find((m) => m.kind === 'InferenceService').spec.predictor;
    const wait = predictor.initContainers[0];
    expect(wait.image).toBe('busybox:1.37.0');
    expect(wait.securityContext.runAsNonRoot).toBe(true);
    expect(wait.env).toEqual([
      { name: 'MARKER', value: '/mnt/model-cache/model/.cdk8s-inference-complete' },
      { name: 'MODEL_SOURCE', value: 's3://models/gpt-2' },
      { name: 'CLAIM_NAME', value: 'gpt2' },
      { name: 'LOADER_JOB', value: cache.loader!.name },
      { name: 'TIMEOUT_SECONDS', value: '2700' },
    ]);
    expect(wait.command[2]).toContain('Check the loader Job $LOADER_JOB: kubectl logs job/$LOADER_JOB');
    expect(wait.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(predictor.volumes).toEqual([{ name: 'wait-for-model-cache', persistentVolumeClaim: { claimName: 'gpt2', readOnly: true } }]);
    expect(isvc.requiredKnativeFeatures).toEqual(['kubernetes.podspec-init-containers', 'kubernetes.podspec-persistent-volume-claim']);
  });

  test('a Knative Service waits through its model volume; Standard mode needs no flag', () => {
    const chart = testChart('ml');
    const cache = new ModelCache(chart, 'Cache', { source, modelSize: Size.gibibytes(2) });
    new InferenceService(chart, 'K', { api: ServingApi.KNATIVE_SERVICE, container: { image: 'a' }, model: ModelSource.fromModelCache(cache) });
    const standard = new InferenceService(chart, 'S', {
      modelFormat: ModelFormat.TENSORFLOW,
      model: ModelSource.fromModelCache(cache),
      deploymentMode: DeploymentMode.STANDARD,
      autoscaling: new GpuAutoscalingPolicy({ minReplicas: 1, maxReplicas: 1 }),
    });
    const spec = synthValid(chart).find((m) => m.kind === 'Service').spec.template.spec;
    // The default timeout: GPU_TUNED's 30-minute progress deadline.
    expect(spec.initContainers[0].env).toContainEqual({ name: 'TIMEOUT_SECONDS', value: '1800' });
    expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'model', mountPath: '/mnt/model-cache', readOnly: true }]);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['model']);
    expect(standard.requiredKnativeFeatures).toEqual([]);
  });

  test('no wait when disabled, for a cache without a loader, and a warning on KFServing', () => {
    const chart = testChart('ml');
    const cache = new ModelCache(chart, 'Cache', { source, modelSize: Size.gibibytes(2) });
    const empty = new ModelCache(chart, 'Empty', { size: Size.gibibytes(2) });
    const off = new InferenceService(chart, 'Off', { modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromModelCache(cache), modelCacheWait: { enabled: false } });
    const none = new InferenceService(chart, 'None', { modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromModelCache(empty) });
    const kfserving = new InferenceService(chart, 'Kf', { api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromModelCache(cache) });
    expect(off.requiredKnativeFeatures).toEqual([]);
    expect(none.requiredKnativeFeatures).toEqual([]);
    expect(kfserving.warnings).toContainEqual(expect.stringContaining('has no init containers, so pods do not wait for the ModelCache loader'));
    for (const m of synthValid(chart).filter((o) => o.kind === 'InferenceService')) expect(m.spec.predictor.initContainers).toBeUndefined();
  });

  test('the app\'s KnativeFeatureFlags enable init containers by default', () => {
    const flags = new KnativeFeatureFlags(testChart(), 'F');
    expect(flags.data['kubernetes.podspec-init-containers']).toBe('enabled');
    expect(new KnativeFeatureFlags(testChart(), 'G', { initContainers: false }).data['kubernetes.podspec-init-containers']).toBe('disabled');
  });

  test('the loader runs in the region of a CoreWeave storage class unless told otherwise', () => {
    const affinity = (props: object) => {
      const chart = testChart();
      new ModelCache(chart, 'C', { source, modelSize: Size.gibibytes(2), ...props });
      return synthValid(chart).find((m) => m.kind === 'Job').spec.template.spec.affinity;
    };
    expect(affinity({ storageClassName: 'shared-nvme-ord1' }).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/region', operator: 'In', values: ['ORD1'] }] }]);
    expect(affinity({ storageClassName: 'shared-nvme-ord1', loader: { nodeSelector: {} } })).toBeUndefined();
    expect(affinity({ storageClassName: 'standard-rwx' })).toBeUndefined();
  });

  test('a model at the volume root: pvc://<claim>, and a loader that writes the marker last', () => {
    const chart = testChart();
    const cache = new ModelCache(chart, 'C', { source, modelSize: Size.gibibytes(2), modelDirectory: '', claimName: 'weights' });
    expect(cache.uri()).toBe('pvc://weights');
    expect(cache.completionMarker?.path).toBe('.cdk8s-inference-complete');
    const script = loaderScript(ModelSourceKind.S3, { atRoot: true });
    expect(script.indexOf('rm -f "$marker"')).toBeLessThan(script.indexOf('mv "$entry" "$CACHE_ROOT/"'));
    expect(script.trimEnd().split('\n').slice(-2)[0]).toBe('printf \'%s\' "$MODEL_SOURCE" > "$marker"');
    expect(script).toContain('.staging|lost+found) continue');
    expect(loaderScript(ModelSourceKind.S3)).toBe(loaderScript(ModelSourceKind.S3, {}));
    synthValid(chart);
  });

  test('anonymous S3: unsigned loader requests, and KServe\'s annotation in the warning', () => {
    const anonymous = ModelSource.fromS3('s3://public-models/gpt-2', { anonymous: true });
    expect(loaderScript(ModelSourceKind.S3, { anonymous: true })).toContain('aws s3 sync --no-sign-request --only-show-errors');
    const chart = testChart();
    const cache = new ModelCache(chart, 'C', { source: anonymous, modelSize: Size.gibibytes(2) });
    expect(cache.loader!.toJson().spec.template.spec.containers[0].command[2]).toContain('--no-sign-request');
    const isvc = new InferenceService(chart, 'S', { modelFormat: ModelFormat.TENSORFLOW, model: anonymous });
    expect(isvc.warnings).toContainEqual(expect.stringContaining('serving.kserve.io/s3-useanoncredential: "true"'));
    expect(() => ModelSource.fromS3('s3://bucket/m', { anonymous: true, credentials: { secretName: 's' } })).toThrow(
      '\'anonymous\' is true: anonymous reads send no credentials, and \'credentials\' names the Secret "s". Remove one of them');
  });
});

describe('the v1alpha2 canary on KFServing 0.4', () => {
  const v1alpha2 = {
    api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/v2'),
  };

  test('spec.default keeps the stable model, spec.canary serves the props\' model', () => {
    const spec = service({ ...v1alpha2, kfservingVersion: KfservingVersion.V0_4, canary: { trafficPercent: 10, stableModel: ModelSource.fromS3('s3://models/v1') } }).spec;
    expect(spec.default.predictor.tensorflow.storageUri).toBe('s3://models/v1');
    expect(spec.canary.predictor.tensorflow.storageUri).toBe('s3://models/v2');
    expect(spec.canaryTrafficPercent).toBe(10);
  });

  test('refused on 0.5 and later, without the stable model, and stableModel elsewhere', () => {
    expect(serviceProblems({ ...v1alpha2, canary: { trafficPercent: 10 } })).toEqual([
      '\'canary\' is 10: KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2; kfservingVersion is 0.6. '
        + 'Use ServingApi.KFSERVING_V1BETA1 or ServingApi.KSERVE_V1BETA1, or kfservingVersion: KfservingVersion.V0_4 for a cluster that still serves it',
    ]);
    expect(serviceProblems({ ...v1alpha2, kfservingVersion: KfservingVersion.V0_4, canary: { trafficPercent: 10 } })).toEqual([
      '\'canary.stableModel\' is undefined: a serving.kubeflow.org/v1alpha2 canary needs the model of spec.default, which keeps the rest of the traffic. '
        + 'Give stableModel: the model the service serves today',
    ]);
    expect(serviceProblems({ ...HF, canary: { trafficPercent: 10, stableModel: ModelSource.fromS3('s3://models/m') }, kfservingVersion: KfservingVersion.V0_4 })).toEqual([
      '\'kfservingVersion\' is "0.4": applies to serving.kubeflow.org/v1alpha2 only, not serving.kserve.io/v1beta1 InferenceService. Remove kfservingVersion',
      '\'canary.stableModel\' is "s3://models/m": serving.kserve.io/v1beta1 InferenceService keeps the previous revision itself. '
        + 'Remove stableModel (it is for serving.kubeflow.org/v1alpha2 on KFServing <= 0.4)',
    ]);
  });
});
