/**
 * An IServingAutoscaler of your own returning hostile numbers (negative, fractional, 2**31, huge,
 * NaN, the infinities) and hostile Knative annotations, for the predictor and the transformer, on
 * every serving API: the service either fails with the library's own error, or every scaling
 * value it writes is one the cluster accepts (KServe's webhook and CRD, Knative, the HPA, KEDA).
 */
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { hostileNumber, hostileString } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { Hostility, RecipeOf, Recipes } from './recipes';
import {
  AutoscalerConfig, DeploymentMode, InferenceService, IServingAutoscaler, ModelFormat, ModelSource, ServingApi,
} from '../../src';
import { Problems } from '../../src/_errors';
import { knativeAnnotationProblems } from '../../src/_knative-annotations';
import { isQuantity, quantityValue } from '../../src/_metadata-checks';

const INT32_MAX = 2 ** 31 - 1;
const CLASS = 'serving.kserve.io/autoscalerClass';
const KNATIVE_KEYS = ['min-scale', 'max-scale', 'initial-scale', 'activation-scale', 'target', 'window', 'panic-threshold-percentage', 'scale-down-delay']
  .map((name) => `autoscaling.knative.dev/${name}`);

/** What an autoscaler of your own returns: any field possibly hostile or left out. */
function configRecipe(r: Recipes) {
  const numeric = (min: number, max: number) => r.opt(r.number(min, max));
  const annotationValue = fc.oneof(fc.constantFrom('0', '1', '90s', '0.5', '200'), hostileNumber.map(String), hostileString);
  return fc.record({
    minReplicas: numeric(0, 3),
    maxReplicas: numeric(0, 10),
    replicaLimit: r.pick(fc.integer({ min: 0, max: 10 }), hostileNumber),
    scaleTarget: numeric(1, 100),
    containerConcurrency: numeric(0, 4),
    scaleUpStabilizationSeconds: numeric(0, 3600),
    scaleDownStabilizationSeconds: numeric(0, 3600),
    externalTargets: fc.array(r.pick(fc.constantFrom('1', '0.8', '2500m'), fc.oneof(hostileNumber.map(String), hostileString)), { maxLength: 2 }),
    podMetrics: fc.array(fc.record({
      metricName: r.pick(fc.constantFrom('vllm:num_requests_running', 'tokenizer_in_flight'), hostileString),
      target: r.pick(fc.constantFrom('1', '0.8', '2500m'), fc.oneof(hostileNumber.map(String), hostileString)),
      operationOverTime: r.opt(r.pick(fc.constantFrom('avg', 'rate'), hostileString)),
      serverAddress: r.opt(r.pick(fc.constant('keda-otel-scaler.keda.svc:4318'), hostileString)),
    }), { maxLength: 2 }),
    revisionAnnotations: r.opt(fc.dictionary(fc.constantFrom(...KNATIVE_KEYS), r.pick(fc.constantFrom('1', '90s'), annotationValue), { maxKeys: 3 })),
  });
}

type ConfigRecipe = RecipeOf<typeof configRecipe>;

function serviceRecipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  return fc.record({
    api: fc.oneof(
      { arbitrary: fc.constant(ServingApi.KSERVE_V1BETA1), weight: 4 },
      { arbitrary: fc.constantFrom(ServingApi.KFSERVING_V1BETA1, ServingApi.KFSERVING_V1ALPHA2, ServingApi.KNATIVE_SERVICE), weight: 1 },
    ),
    deploymentMode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
    // Standard mode's classes; on Knative none is written.
    autoscalerClass: fc.constantFrom('keda', 'external', 'hpa'),
    predictor: configRecipe(r),
    transformer: fc.option(configRecipe(r), { nil: undefined }),
    // The service named in props or from its path.
    name: fc.option(fc.constant('llm'), { nil: undefined }),
    where: placement,
  });
}

type ServiceRecipe = RecipeOf<typeof serviceRecipe>;

function autoscaler(recipe: ConfigRecipe, objectAnnotations: Record<string, string> | undefined): IServingAutoscaler {
  const config: AutoscalerConfig = {
    objectAnnotations,
    revisionAnnotations: recipe.revisionAnnotations,
    minReplicas: recipe.minReplicas,
    maxReplicas: recipe.maxReplicas,
    replicaLimit: recipe.replicaLimit,
    scaleTarget: recipe.scaleTarget,
    containerConcurrency: recipe.containerConcurrency,
    scaleUpStabilizationSeconds: recipe.scaleUpStabilizationSeconds,
    scaleDownStabilizationSeconds: recipe.scaleDownStabilizationSeconds,
    externalMetrics: recipe.externalTargets.length > 0
      ? recipe.externalTargets.map((target) => ({ backend: 'prometheus', serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(up)', target }))
      : undefined,
    podMetrics: recipe.podMetrics.length > 0 ? recipe.podMetrics : undefined,
  };
  return { bind: () => config };
}

function build(recipe: ServiceRecipe) {
  return buildPlaced(recipe.where, (scope, id) => buildService(scope, id, recipe));
}

function buildService(scope: Construct, id: string, recipe: ServiceRecipe): void {
  const kserve = recipe.api === ServingApi.KSERVE_V1BETA1;
  const standard = kserve && recipe.deploymentMode === DeploymentMode.STANDARD;
  const server = recipe.api === ServingApi.KNATIVE_SERVICE
    ? { container: { image: 'vllm/vllm-openai:v0.11.0' } }
    : { modelFormat: kserve ? ModelFormat.HUGGINGFACE : ModelFormat.TENSORFLOW, model: ModelSource.fromPvc('models', 'llm') };
  // The class is the InferenceService's: both components return the same.
  const objectAnnotations = standard ? { [CLASS]: recipe.autoscalerClass } : undefined;
  new InferenceService(scope, id, {
    ...server,
    api: recipe.api,
    metadata: { name: recipe.name, namespace: 'ml' },
    deploymentMode: kserve ? recipe.deploymentMode : undefined,
    autoscaling: autoscaler(recipe.predictor, objectAnnotations),
    transformer: recipe.transformer && { container: { image: 'example/tokenizer:1' }, autoscaling: autoscaler(recipe.transformer, objectAnnotations) },
  });
}

/** Whole numbers in [min, max]. */
function within(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/**
 * The scaling values of the objects that the cluster would refuse, by the rules as upstream
 * writes them (independently of the library's checks, whose messages the unit tests pin).
 */
function refusedScalingValues(manifests: any[]): string[] {
  const refused: string[] = [];
  const expect = (ok: boolean, what: string, value: unknown) => {
    if (!ok) refused.push(`${what}: ${JSON.stringify(value)}`);
  };
  for (const manifest of manifests) {
    const spec = manifest.spec ?? {};
    if (manifest.kind === 'Service' && manifest.apiVersion === 'serving.knative.dev/v1') {
      const concurrency = spec.template?.spec?.containerConcurrency;
      if (concurrency !== undefined) expect(within(concurrency, 0, 1000), 'containerConcurrency', concurrency);
      continue;
    }
    if (manifest.kind !== 'InferenceService') continue;
    const knative = manifest.metadata?.annotations?.['serving.kserve.io/deploymentMode'] !== 'Standard';
    const components = [spec.predictor, spec.transformer, spec.default?.predictor, spec.default?.transformer].filter((c) => c !== undefined);
    for (const component of components) {
      const { minReplicas: min, maxReplicas: max } = component;
      if (min !== undefined) expect(within(min, 0, INT32_MAX), 'minReplicas', min);
      if (max !== undefined) expect(within(max, 0, INT32_MAX), 'maxReplicas', max);
      if (within(min, 0, INT32_MAX) && within(max, 1, INT32_MAX)) expect(max >= min, 'maxReplicas below minReplicas', [min, max]);
      if (component.scaleTarget !== undefined) expect(within(component.scaleTarget, 1, INT32_MAX), 'scaleTarget', component.scaleTarget);
      for (const concurrency of [component.containerConcurrency, component.parallelism].filter((c) => c !== undefined)) {
        expect(within(concurrency, 0, knative ? 1000 : Number.MAX_SAFE_INTEGER), 'containerConcurrency', concurrency);
      }
      for (const rules of [component.autoScaling?.behavior?.scaleUp, component.autoScaling?.behavior?.scaleDown].filter((b) => b !== undefined)) {
        expect(within(rules.stabilizationWindowSeconds, 0, 3600), 'stabilizationWindowSeconds', rules.stabilizationWindowSeconds);
      }
      for (const metric of component.autoScaling?.metrics ?? []) {
        const pod = metric.podmetric?.metric;
        if (pod) {
          // KServe queries sum(<query>{namespace,deployment}) of what the collector keeps, the metricNames (keda_reconciler.go, otel_reconciler.go).
          expect(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(pod.query) && pod.metricNames.includes(pod.query), 'PodMetric query', pod);
          if (pod.operationOverTime !== undefined) {
            expect(['last_one', 'avg', 'max', 'min', 'rate', 'count'].includes(pod.operationOverTime), 'operationOverTime', pod.operationOverTime);
          }
          if (pod.serverAddress !== undefined) expect(/^[a-z0-9.-]+:[1-9][0-9]{0,4}$/i.test(pod.serverAddress), 'scaler address', pod.serverAddress);
          expect(component.annotations?.['sidecar.opentelemetry.io/inject'] !== undefined, 'the collector\'s sidecar annotation', component.annotations);
        }
        const value = metric.external?.target?.value ?? metric.podmetric?.target?.value;
        if (value === undefined) continue;
        const threshold = isQuantity(value) ? quantityValue(value) : NaN;
        expect(threshold >= 0.001 && threshold <= 1e9 && Math.abs(threshold * 1000 - Math.round(threshold * 1000)) < 1e-6, 'KEDA threshold', value);
      }
      // A component's own Knative annotations (the InferenceService's are checked with every manifest: outcome.ts).
      if (knative && component.annotations) {
        const problems = new Problems();
        knativeAnnotationProblems(problems, component.annotations);
        refused.push(...problems.toArray());
      }
    }
  }
  return refused;
}

describe('an autoscaler of your own: any numbers either fail with the library\'s own error or are written as the cluster takes them', () => {
  testSynthesisProperty({
    recipe: serviceRecipe, build, restricted: false, runs: 200, expectObjects: (manifests) => expect(refusedScalingValues(manifests)).toEqual([]),
  });
});
