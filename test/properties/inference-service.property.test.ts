import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel, labelKey } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { buildGpu, buildSource, Hostility, RecipeOf, Recipes, SourceKind } from './recipes';
import {
  DeploymentMode, GpuAutoscalingPolicy, InferenceService, KnativeAutoscalerConfig, KnativeDefaultsConfig, KServeVersion, ModelFormat, ProtocolVersion,
  ScalingMetric, ServingApi, ServingProbe, ServingProfile, ServingSecurity,
} from '../../src';

const ENV_NAME = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/);
const KFSERVING_FRAMEWORKS = ['tensorflow', 'pytorch', 'triton', 'onnx', 'sklearn', 'xgboost'];

/** Per API: the model formats and the model source kinds it serves. */
const APIS: [ServingApi, string[], SourceKind[]][] = [
  [ServingApi.KSERVE_V1BETA1, ['huggingface', 'tensorflow', 'pytorch', 'triton', 'onnx', 'sklearn', 'xgboost', 'lightgbm', 'vllm'], ['s3', 'gcs', 'http', 'hf', 'oci', 'pvc']],
  [ServingApi.KFSERVING_V1BETA1, [...KFSERVING_FRAMEWORKS, 'lightgbm'], ['s3', 'gcs', 'http', 'pvc']],
  [ServingApi.KFSERVING_V1ALPHA2, KFSERVING_FRAMEWORKS, ['s3', 'gcs', 'pvc']],
  [ServingApi.KNATIVE_SERVICE, [], ['pvc']],
];

/** Props for one API: those the API takes set as often as the hostility says, the others misplaced now and then. */
function serviceRecipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  const container = fc.record({
    image: r.string(fc.constantFrom('ghcr.io/example/server:1.0.0', 'vllm/vllm-openai:v0.6.3')),
    command: r.opt(fc.array(r.string(fc.constant('python')), { maxLength: 2 })),
    args: r.opt(fc.array(r.string(fc.constant('--port=8080')), { maxLength: 2 })),
    port: r.opt(r.number(1, 65535)),
  });
  const standardScaling = fc.record({
    metric: fc.constantFrom(ScalingMetric.CPU, ScalingMetric.MEMORY),
    target: r.number(1, 100),
    minReplicas: r.opt(r.number(1, 3)),
    maxReplicas: r.number(3, 10),
  });
  const modes = fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD);
  return fc.tuple(fc.constantFrom(...APIS), modes).chain(([[api, formats, sources], mode]) => {
    const kserve = api === ServingApi.KSERVE_V1BETA1;
    const knativeService = api === ServingApi.KNATIVE_SERVICE;
    const applies = <T>(when: boolean, arbitrary: fc.Arbitrary<T>) => (when ? r.opt(arbitrary) : r.misplaced(arbitrary));
    const runtime = fc.record({
      modelFormat: r.string(fc.constantFrom(...formats.length > 0 ? formats : ['tensorflow'])),
      runtime: applies(kserve, r.string(dnsLabel)),
      runtimeVersion: r.opt(r.string(fc.constantFrom('2.1.0', '2.1.0-gpu'))),
      protocolVersion: r.opt(fc.constantFrom(...Object.values(ProtocolVersion))),
      model: r.source(sources),
      container: r.misplaced(container),
    });
    const custom = fc.record({ container, model: r.opt(r.source(sources)), modelFormat: r.misplaced(r.string(fc.constant('tensorflow'))) });
    return fc.record({
      api: fc.constant(api),
      implementation: knativeService ? custom : fc.oneof(runtime, custom),
      name: r.opt(r.string(dnsLabel)),
      namespace: r.opt(r.string(dnsLabel)),
      labels: r.opt(r.map(labelKey, dnsLabel)),
      annotations: r.opt(r.map(labelKey, fc.string({ maxLength: 20 }))),
      deploymentMode: applies(kserve, fc.constant(mode)),
      kserveVersion: applies(kserve, r.string(fc.constantFrom('0.15', '0.16', '0.20'))),
      args: r.opt(fc.array(r.string(fc.constant('--max_model_len=8192')), { maxLength: 2 })),
      env: r.opt(r.map(ENV_NAME, fc.string({ maxLength: 20 }))),
      secretEnv: r.opt(fc.dictionary(r.string(ENV_NAME), fc.record({ secretName: r.string(dnsLabel), key: r.string(ENV_NAME) }), { maxKeys: 2 })),
      resources: r.opt(r.resources()),
      gpu: r.opt(r.gpu()),
      autoscaling: kserve && mode === DeploymentMode.STANDARD ? fc.oneof(standardScaling, r.autoscaling()) : r.opt(r.autoscaling()),
      timeout: r.opt(r.seconds(1, 3600)),
      canary: r.opt(fc.record({
        trafficPercent: r.number(0, 100), stableRevisionName: applies(knativeService, r.string(dnsLabel)), tagRouting: r.opt(fc.boolean()),
      })),
      transformer: applies(!knativeService, fc.record({
        container, env: r.opt(r.map(ENV_NAME, fc.string({ maxLength: 20 }))), resources: r.opt(r.resources()),
      })),
      security: r.opt(fc.oneof(
        fc.constant('unrestricted' as const),
        fc.record({
          runAsUser: r.opt(r.number(1, 65535)),
          runAsGroup: r.opt(r.number(1, 65535)),
          fsGroup: r.opt(r.number(1, 65535)),
          readOnlyRootFilesystem: r.opt(fc.boolean()),
        }),
      )),
      serviceAccountName: r.opt(r.string(dnsLabel)),
      servingProfile: r.opt(fc.oneof(fc.constant('none' as const), fc.record({
        cpuPerGpu: r.opt(r.number(1, 16)),
        memoryPerModelSize: r.opt(r.number(1, 3)),
        sharedMemory: r.opt(r.size(0, 64)),
        maxBatchSize: r.opt(r.number(1, 1024)),
        loadTime: r.opt(r.seconds(1, 7200)),
      }))),
      modelSize: r.opt(r.size(1, 1000)),
      probes: r.opt(fc.record({
        readiness: r.opt(probe(r)),
        liveness: r.opt(probe(r)),
        startup: r.opt(probe(r)),
      })),
      // Where the service is built: among other charts, under a long construct path, next to the cluster's Knative settings;
      // without metadata.name, its name is derived from the path, within the name budget of its API and deployment mode.
      where: placement,
      // The chart's namespace is cdk8s's prop, not the library's: valid, up to the longest.
      chartNamespace: r.opt(fc.oneof(dnsLabel, fc.constant('n'.repeat(63)))),
      cluster: r.opt(fc.record({
        maxScale: r.opt(r.number(1, 20)),
        maxScaleLimit: r.opt(r.number(0, 20)),
        allowZeroInitialScale: r.opt(fc.boolean()),
        containerConcurrencyMaxLimit: r.opt(r.number(1, 8)),
        allowContainerConcurrencyZero: r.opt(fc.boolean()),
        maxRevisionTimeout: r.opt(r.seconds(1, 3600)),
      })),
    });
  });
}

/** A probe recipe: a handler and its timing, each field valid as often as the hostility says. */
function probe(r: Recipes) {
  return fc.record({
    kind: fc.constantFrom('http' as const, 'tcp' as const, 'exec' as const),
    path: r.string(fc.constantFrom('/health', '/v2/health/ready')),
    port: r.opt(r.number(1, 65535)),
    command: fc.array(r.string(fc.constant('true')), { maxLength: 2 }),
    timing: fc.record({
      initialDelay: r.opt(r.seconds(0, 600)),
      period: r.opt(r.seconds(1, 60)),
      timeout: r.opt(r.seconds(1, 30)),
      failureThreshold: r.opt(r.number(1, 200)),
      successThreshold: r.opt(r.number(1, 3)),
    }),
  });
}

type ProbeRecipe = RecipeOf<typeof probe>;

function buildProbe(recipe: ProbeRecipe | undefined): ServingProbe | undefined {
  if (!recipe) return undefined;
  switch (recipe.kind) {
    case 'http': return ServingProbe.httpGet(recipe.path, { ...recipe.timing, port: recipe.port });
    case 'tcp': return ServingProbe.tcpSocket({ ...recipe.timing, port: recipe.port });
    default: return ServingProbe.exec(recipe.command, recipe.timing);
  }
}

type ServiceRecipe = RecipeOf<typeof serviceRecipe>;

function build(recipe: ServiceRecipe): App {
  const { where, chartNamespace, cluster, ...props } = recipe;
  const app = Testing.app();
  const platform = new Chart(app, 'platform');
  if (cluster) {
    const { maxScale, maxScaleLimit, allowZeroInitialScale, ...defaults } = cluster;
    new KnativeAutoscalerConfig(platform, 'Autoscaler', { maxScale, maxScaleLimit, allowZeroInitialScale });
    new KnativeDefaultsConfig(platform, 'Defaults', defaults);
  }
  return buildPlaced(where, (scope, id) => buildService(scope, id, props), { namespace: chartNamespace }, app);
}

function buildService(scope: Construct, id: string, recipe: Omit<ServiceRecipe, 'where' | 'chartNamespace' | 'cluster'>): void {
  const {
    implementation, name, namespace, labels, annotations, kserveVersion, gpu, autoscaling, security, servingProfile, probes, ...rest
  } = recipe;
  const { model, modelFormat, ...server } = implementation;
  const service = () => new InferenceService(scope, id, {
    ...rest,
    ...server,
    metadata: { name, namespace, labels, annotations },
    kserveVersion: kserveVersion === undefined ? undefined : KServeVersion.of(kserveVersion),
    model: model && buildSource(model),
    modelFormat: modelFormat === undefined ? undefined : ModelFormat.of(modelFormat),
    gpu: gpu && buildGpu(gpu),
    autoscaling: autoscaling && new GpuAutoscalingPolicy(autoscaling),
    security: security === undefined ? undefined : security === 'unrestricted' ? ServingSecurity.unrestricted() : ServingSecurity.restricted(security),
    servingProfile: servingProfile === undefined ? undefined : servingProfile === 'none' ? ServingProfile.none() : ServingProfile.llm(servingProfile),
    probes: probes && { readiness: buildProbe(probes.readiness), liveness: buildProbe(probes.liveness), startup: buildProbe(probes.startup) },
  });
  try {
    service();
  } catch (error) {
    expectNoDerivedNameRefused((error as Error).message);
    throw error;
  }
}

/**
 * The library derives a name that fits the budget of the API and deployment mode, and is valid,
 * whatever the ids on the path: it refuses one only where the namespace leaves room for less than
 * cdk8s's 8-character hash (and a namespace that leaves none is the namespace's problem).
 */
function expectNoDerivedNameRefused(message: string): void {
  const refusals = message.matchAll(/'metadata\.name' is undefined: the name derived from the construct path, "[^"]*", is \d+ characters; at most (-?\d+) fit/g);
  for (const [, budget] of refusals) expect(Number(budget)).toBeLessThan(8);
  expect(message).not.toMatch(/the name derived from the construct path, "[^"]*", must /);
}

describe('InferenceService: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({ recipe: serviceRecipe, build, restricted: (recipe) => recipe.security !== 'unrestricted', runs: 1000 });
});
