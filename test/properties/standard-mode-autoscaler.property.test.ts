import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { buildGpu, Hostility, RecipeOf, Recipes } from './recipes';
import {
  DeploymentMode, GpuAutoscalingPolicy, InferenceService, IServingAutoscaler, KedaMetric, KServeVersion, ModelFormat, ModelSource, OperationOverTime,
  ServingApi, StandardModeAutoscaler, VllmMetric,
} from '../../src';
import { servingRules } from '../../validation/serving-rules';

/** The validation plugin's port of KServe's webhook rules for autoScaling.metrics. */
const AUTOSCALING_METRICS_RULE = servingRules().find((rule) => rule.name === 'InferenceService autoScaling metrics')!;

const VLLM_METRICS = [
  VllmMetric.NUM_REQUESTS_RUNNING, VllmMetric.NUM_REQUESTS_WAITING, VllmMetric.KV_CACHE_USAGE, VllmMetric.GPU_CACHE_USAGE_BEFORE_0_9_2,
];

/** A metric recipe: a vLLM gauge, a query of one's own or a metric of the pods through OpenTelemetry, with possibly hostile names, servers, targets and authentication. */
function metricRecipe(r: Recipes) {
  const target = r.pick(
    fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0.5, 0.8, 0.001)),
    fc.oneof(fc.double(), fc.constantFrom(0, -1, 1e10, NaN)),
  );
  const server = {
    serverAddress: r.string(fc.constantFrom('http://prometheus.monitoring:9090', 'https://thanos.example.com/prometheus')),
    target,
    authenticationRef: r.opt(r.string(dnsLabel)),
  };
  return fc.oneof(
    fc.record({ kind: fc.constant('vllm' as const), metric: fc.constantFrom(...VLLM_METRICS), ...server }),
    fc.record({ kind: fc.constant('query' as const), query: r.string(fc.constant('sum(rate(gateway_requests_total[1m]))')), ...server }),
    fc.record({ kind: fc.constantFrom('cpu' as const, 'memory' as const), percent: r.number(1, 100) }),
    fc.record({ kind: fc.constant('memoryPerPod' as const), size: r.size(1, 80) }),
    fc.record({
      kind: fc.constant('otel' as const),
      metricName: r.string(fc.constantFrom(...VLLM_METRICS.map((m) => m.name), 'tokenizer_requests_in_flight')),
      target,
      operationOverTime: r.opt(fc.constantFrom(...Object.values(OperationOverTime))),
      serverAddress: r.opt(r.string(fc.constant('keda-otel-scaler.keda.svc:4318'))),
    }),
  );
}

type MetricRecipe = RecipeOf<typeof metricRecipe>;

/** The recipe's props without its `kind`, which the factories would refuse as no prop of theirs. */
function propsOf<R extends { readonly kind: string }>(recipe: R): Omit<R, 'kind'> {
  const { kind: _kind, ...props } = recipe;
  return props;
}

function buildMetric(m: MetricRecipe): KedaMetric {
  switch (m.kind) {
    case 'vllm': {
      const { metric, ...props } = propsOf(m);
      return KedaMetric.vllm(metric, props);
    }
    case 'query': return KedaMetric.prometheus(propsOf(m));
    case 'cpu': return KedaMetric.cpu(m.percent);
    case 'memory': return KedaMetric.memoryUtilization(m.percent);
    case 'memoryPerPod': return KedaMetric.memoryPerPod(m.size);
    case 'otel': return KedaMetric.openTelemetry(propsOf(m));
  }
}

/** An autoscaler recipe: KEDA, external or fixed, every bound possibly hostile. */
function autoscalerRecipe(r: Recipes) {
  return fc.oneof(
    fc.record({
      kind: fc.constant('keda' as const),
      minReplicas: r.opt(r.number(0, 3)),
      maxReplicas: r.number(1, 10),
      metrics: fc.array(metricRecipe(r), { maxLength: 3 }),
      scaleDownStabilization: r.opt(r.seconds(0, 3600)),
      scaleUpStabilization: r.opt(r.seconds(0, 3600)),
    }),
    fc.record({ kind: fc.constant('external' as const), minReplicas: r.opt(r.number(0, 3)), maxReplicas: r.opt(r.number(1, 10)) }),
    fc.record({ kind: fc.constant('fixed' as const), replicas: r.number(1, 4) }),
  );
}

type AutoscalerRecipe = RecipeOf<typeof autoscalerRecipe>;

function buildAutoscaler(recipe: AutoscalerRecipe): IServingAutoscaler {
  switch (recipe.kind) {
    case 'keda':
      return StandardModeAutoscaler.keda({
        minReplicas: recipe.minReplicas,
        maxReplicas: recipe.maxReplicas,
        metrics: recipe.metrics.map(buildMetric),
        scaleDownStabilization: recipe.scaleDownStabilization,
        scaleUpStabilization: recipe.scaleUpStabilization,
      });
    case 'external':
      return StandardModeAutoscaler.external(recipe);
    case 'fixed':
      return StandardModeAutoscaler.fixedReplicas(recipe.replicas);
  }
}

function serviceRecipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  const transformerAutoscaling = fc.oneof(
    fc.record({ kind: fc.constant('policy' as const), props: r.autoscaling() }),
    fc.record({ kind: fc.constant('standard' as const), autoscaler: autoscalerRecipe(r) }),
  );
  return fc.record({
    // Mostly where these autoscalers apply, KServe's Standard mode.
    api: fc.oneof(
      { arbitrary: fc.constant(ServingApi.KSERVE_V1BETA1), weight: 6 },
      { arbitrary: fc.constantFrom(ServingApi.KFSERVING_V1BETA1, ServingApi.KFSERVING_V1ALPHA2, ServingApi.KNATIVE_SERVICE), weight: 1 },
    ),
    deploymentMode: fc.oneof(
      { arbitrary: fc.constant(DeploymentMode.STANDARD), weight: 4 },
      { arbitrary: fc.constant(DeploymentMode.KNATIVE), weight: 1 },
    ),
    kserveVersion: r.opt(fc.constantFrom('0.11', '0.14', '0.15', '0.16', '0.20')),
    // Left out, the name is derived from the construct path.
    name: r.opt(r.string(dnsLabel)),
    namespace: r.opt(dnsLabel),
    where: placement,
    autoscaler: autoscalerRecipe(r),
    transformer: r.opt(fc.record({
      image: r.string(fc.constant('ghcr.io/example/tokenizer:1.0.0')),
      autoscaling: r.opt(transformerAutoscaling),
      gpu: r.opt(r.gpu()),
    })),
  });
}

type ServiceRecipe = RecipeOf<typeof serviceRecipe>;

function build(recipe: ServiceRecipe) {
  return buildPlaced(recipe.where, (scope, id) => buildService(scope, id, recipe));
}

function buildService(scope: Construct, id: string, recipe: ServiceRecipe): void {
  const kserve = recipe.api === ServingApi.KSERVE_V1BETA1;
  const server = recipe.api === ServingApi.KNATIVE_SERVICE
    ? { container: { image: 'vllm/vllm-openai:v0.11.0' } }
    : { modelFormat: kserve ? ModelFormat.HUGGINGFACE : ModelFormat.TENSORFLOW, model: ModelSource.fromPvc('models', 'llm') };
  const transformer = recipe.transformer;
  const transformerScaling = transformer?.autoscaling;
  new InferenceService(scope, id, {
    ...server,
    api: recipe.api,
    metadata: { name: recipe.name, namespace: recipe.namespace },
    deploymentMode: kserve ? recipe.deploymentMode : undefined,
    kserveVersion: kserve && recipe.kserveVersion ? KServeVersion.of(recipe.kserveVersion) : undefined,
    autoscaling: buildAutoscaler(recipe.autoscaler),
    transformer: transformer && {
      container: { image: transformer.image },
      autoscaling: transformerScaling && (transformerScaling.kind === 'policy'
        ? new GpuAutoscalingPolicy(transformerScaling.props) : buildAutoscaler(transformerScaling.autoscaler)),
      gpu: transformer.gpu && buildGpu(transformer.gpu),
    },
  });
}

/** What KServe's webhook and its KEDA reconcilers take of the autoscaling metrics written. */
function expectMetricsKServeTakes(manifests: any[]): void {
  // KServe queries sum(<query>{namespace,deployment}) of the metrics the collector keeps (keda_reconciler.go, otel_reconciler.go).
  const components = manifests.flatMap((m: any) => [m.spec?.predictor, m.spec?.transformer]).filter((c: any) => c !== undefined);
  const queries = components.flatMap((c: any) => (c.autoScaling?.metrics ?? []).filter((m: any) => m.podmetric))
    .map((m: any) => m.podmetric.metric);
  expect(queries.filter((q: any) => !(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(q.query) && q.metricNames.includes(q.query)))).toEqual([]);
  // What the library writes, KServe's webhook takes.
  expect(manifests.flatMap((m: any) => AUTOSCALING_METRICS_RULE.check(m))).toEqual([]);
}

describe('StandardModeAutoscaler and the transformer\'s own settings: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({ recipe: serviceRecipe, build, restricted: true, runs: 300, expectObjects: expectMetricsKServeTakes });
});
