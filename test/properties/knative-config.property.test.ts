import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { Hostility, RecipeOf, Recipes } from './recipes';
import { AutoscalerClass, AutoscalingPreset, KnativeAutoscalerConfig, KnativeFeatureFlags, KnativeOperatorConfig } from '../../src';

/** Where the settings go: a ConfigMap in `namespace`, or a KnativeOperatorConfig named and namespaced by the recipe. */
function destinationRecipe(r: Recipes) {
  const operator = fc.record({ name: r.opt(r.string(dnsLabel)), namespace: r.opt(r.string(dnsLabel)) });
  return fc.oneof(
    fc.record({ namespace: r.opt(r.string(dnsLabel)), operator: r.misplaced(operator) }),
    fc.record({ namespace: r.misplaced(r.string(dnsLabel)), operator }),
  );
}

function autoscalerRecipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  return fc.record({
    destination: destinationRecipe(r),
    where: placement,
    preset: r.opt(fc.constantFrom(AutoscalingPreset.GPU_TUNED, AutoscalingPreset.KNATIVE_DEFAULTS, AutoscalingPreset.SEED_GUIDE)),
    containerConcurrencyTargetPercent: r.opt(r.number(1, 100)),
    containerConcurrencyTargetDefault: r.opt(r.number(1, 1000)),
    requestsPerSecondTargetDefault: r.opt(r.number(1, 1000)),
    targetBurstCapacity: r.opt(r.number(-1, 300)),
    stableWindow: r.opt(r.seconds(6, 3600)),
    panicWindow: r.opt(r.seconds(1, 600)),
    panicThresholdPercent: r.opt(r.number(110, 1000)),
    maxScaleUpRate: r.opt(r.number(2, 1000)),
    maxScaleDownRate: r.opt(r.number(2, 10)),
    enableScaleToZero: r.opt(fc.boolean()),
    scaleToZeroGracePeriod: r.opt(r.seconds(1, 300)),
    scaleToZeroPodRetention: r.opt(r.seconds(0, 3600)),
    podAutoscalerClass: r.opt(fc.constantFrom(...Object.values(AutoscalerClass))),
    activatorCapacity: r.opt(r.number(1, 1000)),
    initialScale: r.opt(r.number(0, 4)),
    allowZeroInitialScale: r.opt(fc.boolean()),
    minScale: r.opt(r.number(0, 4)),
    maxScale: r.opt(r.number(0, 100)),
    scaleDownDelay: r.opt(r.seconds(0, 3600)),
    maxScaleLimit: r.opt(r.number(0, 1000)),
    gpuColdStart: r.opt(r.seconds(1, 600)),
    gpuBurstReplicas: r.opt(r.number(1, 100)),
  });
}

function featureFlagsRecipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  return fc.record({
    destination: destinationRecipe(r),
    where: placement,
    nodeSelector: r.opt(fc.boolean()),
    affinity: r.opt(fc.boolean()),
    tolerations: r.opt(fc.boolean()),
    runtimeClassName: r.opt(fc.boolean()),
    persistentVolumeClaims: r.opt(fc.boolean()),
    persistentVolumeWrite: r.opt(fc.boolean()),
  });
}

type Destination = RecipeOf<typeof destinationRecipe>;

function operatorOf(scope: Construct, destination: Destination): KnativeOperatorConfig | undefined {
  return destination.operator && new KnativeOperatorConfig(scope, 'KnativeOperator', destination.operator);
}

describe('Knative cluster settings: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({
    subject: 'KnativeAutoscalerConfig',
    recipe: autoscalerRecipe,
    build: ({ destination, where, ...props }) => buildPlaced(where, (scope, id) => {
      const config = new KnativeAutoscalerConfig(scope, id, { ...props, namespace: destination.namespace, operator: operatorOf(scope, destination) });
      expect(config.warnings.every((warning) => typeof warning === 'string')).toBe(true);
    }),
    restricted: true,
    runs: 400,
  });

  testSynthesisProperty({
    subject: 'KnativeFeatureFlags',
    recipe: featureFlagsRecipe,
    build: ({ destination, where, ...props }) => buildPlaced(where, (scope, id) => {
      new KnativeFeatureFlags(scope, id, { ...props, namespace: destination.namespace, operator: operatorOf(scope, destination) });
    }),
    restricted: true,
    runs: 300,
  });

  testSynthesisProperty({
    subject: 'KnativeOperatorConfig holding both sections',
    recipe: (hostility) => {
      const r = new Recipes(hostility);
      return fc.record({ name: r.opt(r.string(dnsLabel)), namespace: r.opt(r.string(dnsLabel)), features: featureFlagsRecipe(hostility) });
    },
    build: ({ name, namespace, features: { destination, where, ...features } }) => buildPlaced(where, (scope, id) => {
      const operator = new KnativeOperatorConfig(scope, id, { name, namespace });
      new KnativeAutoscalerConfig(scope, 'KnativeAutoscaler', { preset: AutoscalingPreset.GPU_TUNED, operator, namespace: destination.namespace });
      new KnativeFeatureFlags(scope, 'KnativeFeatures', { ...features, operator });
    }),
    restricted: true,
    runs: 300,
  });
});
