import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel, hostileNumber, labelKey } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { buildGpu, buildSource, Hostility, RecipeOf, Recipes } from './recipes';
import { KvCacheTier, LLMInferenceService, LLMWorkloadOptions, WvaActuator } from '../../src';

function workloadRecipe(r: Recipes) {
  const size = (max: number) => r.opt(r.pick(fc.integer({ min: 1, max }), hostileNumber));
  return fc.record({
    replicas: r.opt(r.number(0, 4)),
    scaling: r.opt(fc.record({
      maxReplicas: r.number(1, 8),
      minReplicas: r.opt(r.number(1, 8)),
      actuator: r.opt(fc.constantFrom(WvaActuator.HPA, WvaActuator.KEDA)),
      variantCost: r.opt(r.pick(fc.double({ min: 0, max: 100, noNaN: true }), hostileNumber)),
      idleReplicaCount: r.opt(r.number(1, 4)),
      pollingInterval: r.opt(r.seconds(1, 600)),
      cooldownPeriod: r.opt(r.seconds(0, 3600)),
      scaleDownStabilization: r.opt(r.seconds(0, 3600)),
      scaleUpStabilization: r.opt(r.seconds(0, 3600)),
    })),
    parallelism: r.opt(fc.record({
      tensor: size(8), pipeline: size(4), data: size(32), dataLocal: size(8), dataRpcPort: r.opt(r.number(1, 65535)), expert: r.opt(fc.boolean()),
    })),
    gpu: r.opt(r.gpu()),
    image: r.opt(r.string(fc.constant('ghcr.io/llm-d/llm-d-cuda:v0.5.1'))),
    vllmArgs: r.opt(fc.array(r.string(fc.constantFrom('--max-model-len', '8192', '{"kv_connector":"NixlConnector"}', 'it\'s')), { maxLength: 3 })),
    env: r.opt(r.map(fc.constantFrom('VLLM_LOGGING_LEVEL', 'NCCL_DEBUG'), fc.constantFrom('INFO', 'DEBUG'))),
    fieldEnv: r.opt(r.map(fc.constantFrom('POD_IP', 'NCCL_DEBUG'), fc.constantFrom('status.podIP', 'metadata.labels[\'team\']'))),
    podLabels: r.opt(r.map(labelKey, dnsLabel)),
    podAnnotations: r.opt(r.map(labelKey, dnsLabel)),
    resources: r.opt(r.resources()),
    worker: r.opt(fc.record({ resources: r.opt(r.resources()) })),
    kvCacheOffloading: r.opt(fc.record({
      cpu: r.size(0, 64),
      // Built with the service, so that a factory's error is checked like the construct's.
      secondary: fc.array(fc.oneof(
        r.size(0, 100).map((tierSize) => ({ size: tierSize })),
        r.string(dnsLabel).map((claimName) => ({ claimName })),
      ), { maxLength: 2 }),
    })),
  });
}

function recipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  return fc.record({
    // Left out, the name is derived from the construct path.
    name: r.opt(r.string(dnsLabel)),
    where: placement,
    source: r.source(['hf', 's3', 'oci', 'pvc']),
    servedModelName: r.opt(r.string(fc.constantFrom('Qwen/Qwen2.5-7B-Instruct', 'llama'))),
    adapters: r.opt(fc.array(fc.record({ name: r.string(fc.constantFrom('sql', 'support')), source: r.source(['hf', 's3', 'pvc']) }), { maxLength: 2 })),
    baseRefs: r.opt(fc.array(r.string(dnsLabel), { maxLength: 2 })),
    decode: workloadRecipe(r),
    prefill: r.opt(workloadRecipe(r)),
    router: r.opt(fc.record({
      gatewayRoute: r.opt(fc.boolean()),
      gateways: r.opt(fc.array(fc.record({ name: r.string(dnsLabel), namespace: r.opt(r.string(dnsLabel)) }), { maxLength: 2 })),
      httpRoutes: r.opt(fc.array(r.string(dnsLabel), { maxLength: 2 })),
      scheduler: r.opt(fc.record({ enabled: r.opt(fc.boolean()), replicas: r.opt(r.number(1, 3)), inferencePoolName: r.opt(r.string(dnsLabel)) })),
    })),
  });
}

type Recipe = RecipeOf<typeof recipe>;
type WorkloadRecipe = Recipe['decode'];

function workload(w: WorkloadRecipe): LLMWorkloadOptions {
  const { gpu, kvCacheOffloading, ...rest } = w;
  return {
    ...rest,
    gpu: gpu && buildGpu(gpu),
    kvCacheOffloading: kvCacheOffloading && {
      cpu: kvCacheOffloading.cpu,
      secondaryTiers: kvCacheOffloading.secondary.map((tier) => ('size' in tier
        ? KvCacheTier.emptyDir(tier.size) : KvCacheTier.persistentVolumeClaim(tier.claimName))),
    },
  };
}

function build({ where, ...props }: Recipe) {
  return buildPlaced(where, (scope, id) => buildService(scope, id, props));
}

function buildService(scope: Construct, id: string, { name, source, servedModelName, adapters, baseRefs, decode, prefill, router }: Omit<Recipe, 'where'>): void {
  new LLMInferenceService(scope, id, {
    metadata: name !== undefined ? { name } : undefined,
    model: buildSource(source),
    servedModelName,
    lora: adapters && { adapters: adapters.map((a) => ({ name: a.name, source: buildSource(a.source) })) },
    baseRefs,
    ...workload(decode),
    prefill: prefill && workload(prefill),
    router,
  });
}

describe('LLMInferenceService: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({ recipe, build, restricted: true, runs: 200 });
});
