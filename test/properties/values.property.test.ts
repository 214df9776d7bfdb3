/**
 * Every public construct and value class, fed from JavaScript: each starts from props with every
 * prop set, one value anywhere in them (a prop, a field of a struct, an item of an array, a member
 * of a map) is replaced by a value of another type, and the whole is built where users build it
 * (property-driver.ts's placement: several charts, a long construct path, hostile ids, twins). A value of another type than the one it replaces must be
 * the library's error naming it (never a TypeError, never a silently wrong manifest); a value of
 * the same type must give the library's error or valid objects.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { libraryErrorMessage, synthOrLibraryError } from './outcome';
import { buildPlaced, Placement, placement } from './property-driver';
import { PROPERTY_TIMEOUT, runs } from './settings';
import {
  AnnotationKeyStyle, AppGpuBudget, AutoscalingPreset, DeploymentMode, GpuAutoscalingPolicy, GpuNodeSelection, GpuOptions, GpuProvider, GpuType,
  InferenceService, KedaMetric, KnativeAutoscalerConfig, KnativeDefaultsConfig, KnativeFeatureFlags, KnativeOperatorConfig, KServeVersion,
  KvCacheEvictionPolicy, KvCacheTier, LLMInferenceService, LocalModelCache, LocalModelNodeGroup, ModelCache, ModelFormat, ModelSource,
  ProtocolVersion, ScalingMetric, ServingApi, ServingProbe, ServingProfile, ServingSecurity, StandardModeAutoscaler, TaintEffect, VllmMetric,
  WvaActuator,
} from '../../src';
import { warningOutput } from '../../src/_app-checks';

/** `GpuOptions` with every field set. */
function everyGpuOption(count: number): GpuOptions {
  return {
    types: [GpuType.L4],
    nodeSelection: GpuNodeSelection.REQUIRED_AFFINITY,
    count,
    provider: GpuProvider.GKE,
    regions: ['us-central1'],
    tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
  };
}

/**
 * Each public entry point with every prop set: [name, props, build from them, grouped]. The props of
 * a grouped entry are several constructs' props or arguments under keys of the test's own.
 */
type Entry = [string, () => any, (scope: Construct, props: any) => void, boolean?];

const ENTRIES: Entry[] = [
  ['InferenceService', () => ({
    metadata: { name: 'llm', namespace: 'serving', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } },
    api: ServingApi.KSERVE_V1BETA1,
    deploymentMode: DeploymentMode.KNATIVE,
    kserveVersion: KServeVersion.V0_20,
    model: ModelSource.fromHuggingFace('org/model', { revision: 'main', token: { secretName: 'hf', key: 'HF_TOKEN' } }),
    modelFormat: ModelFormat.HUGGINGFACE,
    runtime: 'kserve-huggingfaceserver',
    runtimeVersion: 'v0.15.2',
    protocolVersion: ProtocolVersion.V2,
    args: ['--max-model-len=8192'],
    env: { HF_HOME: '/tmp/hf' },
    secretEnv: { API_KEY: { secretName: 'api', key: 'token', optional: true } },
    resources: {
      cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.units(4) },
      memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) },
    },
    gpu: everyGpuOption(1),
    autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 4 }),
    timeout: Duration.seconds(300),
    canary: { trafficPercent: 10, tagRouting: true },
    transformer: {
      container: { image: 'ghcr.io/example/transformer:1.0.0', port: 8080 },
      env: { MODE: 'fast' },
      probes: { readiness: ServingProbe.httpGet('/ready'), startup: ServingProbe.tcpSocket({ failureThreshold: 30 }) },
    },
    security: ServingSecurity.restricted({ runAsUser: 1000 }),
    gpuBudget: { monthlyBudget: 10_000, pricePerGpuHour: 1, hoursPerMonth: 730 },
    modelSize: Size.gibibytes(16),
  }), (scope, props) => new InferenceService(scope, 'Service', props)],
  ['InferenceService with a custom container', () => ({
    api: ServingApi.KNATIVE_SERVICE,
    container: { image: 'vllm/vllm-openai:v0.6.3', command: ['python'], args: ['--port=8080'], port: 8080 },
    model: ModelSource.fromPvc('models', 'llm'),
    serviceAccountName: 'runner',
    canary: { trafficPercent: 10, stableRevisionName: 'llm-00001' },
  }), (scope, props) => new InferenceService(scope, 'Service', props)],
  ['ModelCache', () => ({
    claimName: 'llm-weights',
    source: ModelSource.fromS3('s3://models/llm', { credentials: { secretName: 's3' }, endpoint: 'object.ord1.coreweave.com', useHttps: true, region: 'ORD1' }),
    size: Size.gibibytes(100),
    modelSize: Size.gibibytes(50),
    headroomPercent: 10,
    storageClassName: 'shared-nvme-ord1',
    accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
    modelDirectory: 'model',
    loader: {
      image: 'amazon/aws-cli:2.32.8',
      resources: {
        cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
        memory: { request: Size.gibibytes(1), limit: Size.gibibytes(4) },
      },
      backoffLimit: 3,
      ttlAfterFinished: Duration.days(1),
      activeDeadline: Duration.hours(2),
      nodeSelector: { 'topology.kubernetes.io/region': 'ORD1' },
      tolerations: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
      serviceAccount: { name: 'loader', kind: 'ServiceAccount' },
      runAsUser: 1000,
      runAsGroup: 1000,
    },
  }), (scope, props) => new ModelCache(scope, 'Cache', props)],
  ['ModelCache.fromClaimName', () => ({
    claimName: 'existing', options: { modelDirectory: 'llm', accessMode: kplus.PersistentVolumeAccessMode.READ_ONLY_MANY, storageClassName: 'nfs', modelSize: Size.gibibytes(8) },
  }), (scope, { claimName, options }) => ModelCache.fromClaimName(scope, 'Cache', claimName, options), true],
  ['LocalModelCache and LocalModelNodeGroup', () => ({
    group: {
      name: 'a100',
      storageLimit: Size.gibibytes(500),
      localPath: '/mnt/models',
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
      storageClassName: 'local-storage',
      volumeSize: Size.gibibytes(600),
    },
    cache: { name: 'llm', source: ModelSource.fromHuggingFace('org/model'), modelSize: Size.gibibytes(16), serviceAccountName: 'downloader' },
  }), (scope, { group, cache }) => {
    const nodeGroup = new LocalModelNodeGroup(scope, 'Group', group);
    new LocalModelCache(scope, 'Cache', { ...cache, nodeGroups: [nodeGroup, LocalModelNodeGroup.fromNodeGroupName(scope, 'Other', 'h100')] });
  }, true],
  ['GpuAutoscalingPolicy', () => ({
    preset: AutoscalingPreset.GPU_TUNED,
    metric: ScalingMetric.CONCURRENCY,
    target: 1,
    targetUtilizationPercent: 90,
    containerConcurrency: 1,
    stableWindow: Duration.seconds(180),
    panicWindow: Duration.seconds(30),
    panicThresholdPercent: 200,
    minReplicas: 0,
    maxReplicas: 4,
    initialScale: 1,
    activationScale: 2,
    scaleDownDelay: Duration.seconds(60),
    scaleToZeroPodRetention: Duration.minutes(30),
    targetBurstCapacity: 211,
    progressDeadline: Duration.minutes(30),
    annotationKeyStyle: AnnotationKeyStyle.KEBAB_CASE,
  }), (scope, props) => new InferenceService(scope, 'Service', {
    modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model'), autoscaling: new GpuAutoscalingPolicy(props),
  })],
  ['KnativeAutoscalerConfig, KnativeDefaultsConfig, KnativeFeatureFlags and KnativeOperatorConfig', () => ({
    operator: { name: 'knative-serving', namespace: 'knative-serving' },
    autoscaler: {
      preset: AutoscalingPreset.KNATIVE_DEFAULTS,
      containerConcurrencyTargetPercent: 70,
      stableWindow: Duration.seconds(60),
      panicWindow: Duration.seconds(6),
      maxScaleUpRate: 1000,
      scaleToZeroGracePeriod: Duration.seconds(30),
      scaleToZeroPodRetention: Duration.seconds(0),
      scaleDownDelay: Duration.seconds(0),
      initialScale: 1,
      allowZeroInitialScale: false,
      maxScaleLimit: 0,
      gpuColdStart: Duration.seconds(60),
      gpuBurstReplicas: 20,
    },
    defaults: {
      containerConcurrency: 0,
      containerConcurrencyMaxLimit: 1000,
      allowContainerConcurrencyZero: true,
      revisionTimeout: Duration.seconds(300),
      maxRevisionTimeout: Duration.seconds(600),
    },
    flags: {
      nodeSelector: true, affinity: true, tolerations: true, runtimeClassName: false, persistentVolumeClaims: true, persistentVolumeWrite: true,
    },
  }), (scope, { operator, autoscaler, defaults, flags }) => {
    const config = new KnativeOperatorConfig(scope, 'Operator', operator);
    new KnativeAutoscalerConfig(scope, 'Autoscaler', { ...autoscaler, operator: config });
    new KnativeDefaultsConfig(scope, 'Defaults', { ...defaults, operator: config });
    new KnativeFeatureFlags(scope, 'Flags', { ...flags, namespace: 'knative-serving' });
  }, true],
  ['LLMInferenceService', () => ({
    metadata: { name: 'llm', namespace: 'serving', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } },
    model: ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct', { revision: 'main' }),
    servedModelName: 'qwen',
    lora: { adapters: [{ name: 'sql', source: ModelSource.fromHuggingFace('org/sql-lora') }], maxRank: 16, maxAdapters: 1, maxCpuAdapters: 1 },
    baseRefs: ['team-preset'],
    storageInitializer: true,
    scaling: {
      maxReplicas: 4,
      minReplicas: 2,
      actuator: WvaActuator.KEDA,
      variantCost: 10,
      idleReplicaCount: 1,
      pollingInterval: Duration.seconds(30),
      cooldownPeriod: Duration.seconds(300),
      initialCooldownPeriod: Duration.seconds(60),
    },
    parallelism: { tensor: 2, pipeline: 2, dataRpcPort: 5555, expert: false },
    gpu: everyGpuOption(2),
    image: 'ghcr.io/llm-d/llm-d-cuda:v0.5.1',
    vllmArgs: ['--max-model-len', '8192'],
    env: { VLLM_LOGGING_LEVEL: 'INFO' },
    secretEnv: { API_KEY: { secretName: 'api', key: 'token', optional: true } },
    fieldEnv: { POD_IP: 'status.podIP' },
    podLabels: { team: 'ml' },
    podAnnotations: { 'k8s.v1.cni.cncf.io/networks': 'rdma' },
    resources: {
      cpu: { request: kplus.Cpu.units(8), limit: kplus.Cpu.units(8) },
      memory: { request: Size.gibibytes(48), limit: Size.gibibytes(48) },
    },
    worker: { env: { NCCL_DEBUG: 'INFO' }, resources: { memory: { limit: Size.gibibytes(64) } } },
    kvCacheOffloading: {
      cpu: Size.gibibytes(10),
      evictionPolicy: KvCacheEvictionPolicy.ARC,
      secondaryTiers: [KvCacheTier.emptyDir(Size.gibibytes(100)), KvCacheTier.persistentVolumeClaim('kv-cache', 'llm')],
    },
    prefill: { replicas: 2, gpu: { count: 1 }, image: 'ghcr.io/llm-d/llm-d-cuda:v0.5.1', env: { VLLM_LOGGING_LEVEL: 'DEBUG' } },
    router: {
      gatewayRoute: true,
      gateways: [{ name: 'inference-gateway', namespace: 'gateways', sectionName: 'http' }],
      httpRoutes: ['llm-route'],
      scheduler: { enabled: true, replicas: 1, config: { name: 'epp', key: 'config.yaml' }, inferencePoolName: 'shared-pool' },
    },
    servingProfile: ServingProfile.llm({ cpuPerGpu: 4, memoryPerModelSize: 2, memoryPerGpu: Size.gibibytes(32) }),
    modelSize: Size.gibibytes(16),
    security: ServingSecurity.restricted({ runAsUser: 1000 }),
    serviceAccountName: 'llm',
  }), (scope, props) => new LLMInferenceService(scope, 'Llm', props)],
  ['KvCacheTier', () => ({ emptyDir: [Size.gibibytes(100)], claim: ['kv-cache', 'llm'] }), (scope, { emptyDir, claim }) => new LLMInferenceService(scope, 'Llm', {
    model: ModelSource.fromHuggingFace('org/model'),
    gpu: { count: 1 },
    kvCacheOffloading: {
      cpu: Size.gibibytes(10),
      secondaryTiers: [KvCacheTier.emptyDir(emptyDir[0]), KvCacheTier.persistentVolumeClaim(claim[0], claim[1])],
    },
  }), true],
  ['StandardModeAutoscaler and KedaMetric', () => ({
    prometheus: { serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(vllm:num_requests_waiting{namespace="serving"})', target: 2, authenticationRef: 'prometheus' },
    vllm: [VllmMetric.KV_CACHE_USAGE, { serverAddress: 'https://prometheus.monitoring:9090', target: 0.8 }],
    cpu: [60],
    memoryUtilization: [80],
    memoryPerPod: [Size.gibibytes(40)],
    keda: { minReplicas: 1, maxReplicas: 4, scaleDownStabilization: Duration.minutes(15), scaleUpStabilization: Duration.seconds(30) },
    external: { minReplicas: 1, maxReplicas: 8 },
    fixed: [2],
  }), (scope, { prometheus, vllm, cpu, memoryUtilization, memoryPerPod, keda, external, fixed }) => {
    const service = { modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model'), deploymentMode: DeploymentMode.STANDARD };
    const metrics = [
      KedaMetric.prometheus(prometheus), KedaMetric.vllm(vllm[0], vllm[1]),
      KedaMetric.cpu(cpu[0]),
      KedaMetric.memoryUtilization(memoryUtilization[0]),
      KedaMetric.memoryPerPod(memoryPerPod[0]),
    ];
    new InferenceService(scope, 'Keda', { ...service, metadata: { namespace: 'serving' }, autoscaling: StandardModeAutoscaler.keda({ ...keda, metrics }) });
    new InferenceService(scope, 'External', { ...service, autoscaling: StandardModeAutoscaler.external(external) });
    new InferenceService(scope, 'Fixed', { ...service, autoscaling: StandardModeAutoscaler.fixedReplicas(fixed[0]) });
  }, true],
  ['ServingProbe and ServingProfile', () => ({
    http: ['/health', { port: 8080, initialDelay: Duration.seconds(5), period: Duration.seconds(10), timeout: Duration.seconds(2), failureThreshold: 3, successThreshold: 2 }],
    tcp: [{
      port: 8080,
      period: Duration.seconds(20),
      timeout: Duration.seconds(1),
      failureThreshold: 3,
      successThreshold: 1,
      initialDelay: Duration.seconds(0),
    }],
    exec: [['cat', '/tmp/ready'], { initialDelay: Duration.seconds(30), period: Duration.seconds(10), timeout: Duration.seconds(1), failureThreshold: 30, successThreshold: 1 }],
    profile: [{
      cpuPerGpu: 4,
      memoryPerModelSize: 2,
      memoryPerGpu: Size.gibibytes(32),
      sharedMemory: Size.gibibytes(4),
      maxBatchSize: 64,
      loadTime: Duration.minutes(5),
    }],
  }), (scope, { http, tcp, exec, profile }) => new InferenceService(scope, 'Service', {
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromHuggingFace('org/model'),
    gpu: { count: 2 },
    servingProfile: ServingProfile.llm(profile[0]),
    probes: {
      readiness: ServingProbe.httpGet(http[0], http[1]), liveness: ServingProbe.tcpSocket(tcp[0]), startup: ServingProbe.exec(exec[0], exec[1]),
    },
  }), true],
  ['AppGpuBudget', () => ({ monthlyBudget: 10_000, pricePerGpuHour: 2.21, hoursPerMonth: 730 }), (scope, props) => new AppGpuBudget(scope, 'Budget', props)],
  ['value factories', () => ({
    s3: ['s3://models/llm', { credentials: { secretName: 's3', accessKeyIdKey: 'AWS_ACCESS_KEY_ID', secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY' }, region: 'ORD1' }],
    gcs: ['gs://models/llm', { credentials: { secretName: 'gcs', key: 'gcloud-application-credentials.json' } }],
    http: ['https://example.com/llm.tar.gz'],
    oci: ['oci://ghcr.io/example/llm:1.0'],
    pvc: ['models', 'llm'],
    gpu: { name: 'AMD MI300X', memory: Size.gibibytes(192), customLabelValue: 'mi300x', resourceName: 'amd.com/gpu' },
    mig: ['1g.10gb'],
    provider: ['example.com/gpu'],
    format: ['vllm', '1'],
    version: ['0.14'],
    security: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, readOnlyRootFilesystem: true },
  }), (scope, values) => {
    const sources = [
      ModelSource.fromS3(values.s3[0], values.s3[1]), ModelSource.fromGcs(values.gcs[0], values.gcs[1]), ModelSource.fromHttp(values.http[0]),
      ModelSource.fromOci(values.oci[0]), ModelSource.fromPvc(values.pvc[0], values.pvc[1]),
    ];
    const custom = GpuType.custom(values.gpu);
    GpuType.A100_80GB_SXM.withMigProfile(values.mig[0]);
    new InferenceService(scope, 'Service', {
      modelFormat: ModelFormat.of(values.format[0], values.format[1]),
      model: sources[0],
      kserveVersion: KServeVersion.of(values.version[0]),
      security: ServingSecurity.restricted(values.security),
      gpu: { types: [custom], provider: GpuProvider.nodeLabel(values.provider[0]), nodeSelection: GpuNodeSelection.NODE_SELECTOR },
    });
  }, true],
];

/** Every path to a value in the props: [keys, value]. */
function paths(node: unknown, prefix: (string | number)[] = []): [(string | number)[], unknown][] {
  const own: [(string | number)[], unknown][] = prefix.length > 0 ? [[prefix, node]] : [];
  if (Array.isArray(node)) return [...own, ...node.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (isPlain(node)) return [...own, ...Object.entries(node as object).flatMap(([key, value]) => paths(value, [...prefix, key]))];
  return own;
}

const isPlain = (value: unknown) => typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Replaces the value at a path in a copy of the props (plain objects and arrays copied, values shared). */
function replaced(node: any, path: (string | number)[], value: unknown): any {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = Array.isArray(node) ? [...node] : { ...node };
  Object.defineProperty(copy, head, { value: replaced(node[head], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The kind of a value, as a type checker would tell them apart. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'non-finite number';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  return isPlain(value) ? 'plain object' : Object.getPrototypeOf(value).constructor.name;
}

/** Values of every type a JavaScript or Python caller could hand over by mistake. */
const WRONG_VALUES: unknown[] = [
  'pytorch', 'L4', '', '0o17', 7, 0, -1, NaN, Infinity, null, true, [], [null], ['L4'], {}, { toString: 5 }, () => 1,
  Duration.seconds(1), Size.gibibytes(1), kplus.Cpu.units(1), GpuType.L4, ModelFormat.PYTORCH, ServingApi.KNATIVE_SERVICE,
  AutoscalingPreset.GPU_TUNED,
  Object.create(null), { constructor: 'x', __proto__: null },
];

describe('every public entry point answers a value of the wrong type with the library\'s error naming it', () => {
  test.each(ENTRIES.map(([name, props, build, grouped]) => [name, props, build, grouped ?? false] as const))('%s', (_name, props, build, grouped) => {
    /** The objects of an app holding the entry built from `entryProps` at a placement (under its id), or undefined on the library's error. */
    const synthInApp = (entryProps: any, where: Placement) => synthOrLibraryError(
      () => buildPlaced(where, (scope, id) => build(new Construct(scope, id), entryProps)), { restricted: true });
    // The props as given are valid: otherwise every replacement would fail for another reason.
    // The app's warnings are no outcome: the property checks errors and objects.
    const quiet = jest.spyOn(warningOutput, 'write').mockImplementation(() => undefined);
    expect(synthInApp(props(), { charts: 3, depth: 4, id: 'Service', nameHashes: true, twin: false })).toBeDefined();
    const candidates = paths(props()).filter(([path]) => !grouped || path.length > 1);
    fc.assert(fc.property(
      fc.constantFrom(...candidates), fc.constantFrom(...WRONG_VALUES), placement,
      ([path, original], wrong, where) => {
        const typeChanged = kindOf(wrong) !== kindOf(original);
        const manifests = synthInApp(replaced(props(), path, wrong), where);
        if (typeChanged && manifests !== undefined) {
          throw new Error(`${path.join('.')}: ${kindOf(wrong)} in place of ${kindOf(original)} was accepted`);
        }
      },
    // A twin of an entry that names its objects (about 3 runs in 10) is refused for writing them twice whatever the value:
    // 420 runs leave about 300 that test the value, as before the twins.
    ), { numRuns: runs(420) });
    quiet.mockRestore();
  }, PROPERTY_TIMEOUT);

  test('the error names the prop (a string where a class belongs, wrong types inside gpu)', () => {
    const base = ENTRIES[0][1]();
    for (const [path, value, prop] of [
      [['modelFormat'], 'pytorch', 'modelFormat'],
      [['gpu', 'types'], 'L4', 'gpu.types'],
      [['gpu', 'types', 0], 'L4', 'gpu.types[0]'],
      [['timeout'], 300, 'timeout'],
      [['args', 0], null, 'args[0]'],
    ] as [(string | number)[], unknown, string][]) {
      const message = libraryErrorMessage(() => new InferenceService(new Chart(new App(), 'c'), 'Service', replaced(base, path, value)));
      expect(message ?? '').toContain(`'${prop}' is `);
    }
  });
});
