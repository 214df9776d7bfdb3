import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel, labelKey } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { buildSource, Hostility, RecipeOf, Recipes } from './recipes';
import { GpuType, IModelCache, InferenceService, ModelCache, ModelFormat, ModelSource, TaintEffect } from '../../src';

function cacheRecipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  const accessMode = fc.constantFrom(...Object.values(kplus.PersistentVolumeAccessMode));
  const storageClassName = r.string(fc.constantFrom('shared-nvme-ord1', 'standard', 'block-nvme-las1'));
  const modelDirectory = r.string(fc.constantFrom('model', 'models/gpt2', 'gpt-2/124M'));
  const created = fc.record({
    kind: fc.constant('created' as const),
    claimName: r.opt(r.string(dnsLabel)),
    source: r.opt(r.source(['s3', 'gcs', 'http', 'hf'])),
    size: r.opt(r.size(1, 500)),
    modelSize: r.opt(r.size(1, 200)),
    headroomPercent: r.opt(r.number(0, 50)),
    storageClassName: r.opt(storageClassName),
    accessMode: r.opt(accessMode),
    modelDirectory: r.opt(modelDirectory),
    loader: r.opt(fc.record({
      image: r.opt(r.string(fc.constant('amazon/aws-cli:2.32.8'))),
      resources: r.opt(r.resources()),
      backoffLimit: r.opt(r.number(0, 10)),
      ttlAfterFinished: r.opt(r.seconds(0, 86400)),
      activeDeadline: r.opt(r.seconds(1, 86400)),
      nodeSelector: r.opt(r.map(labelKey, dnsLabel)),
      tolerations: r.opt(fc.array(fc.record({
        key: r.string(labelKey), value: r.opt(r.string(dnsLabel)), effect: r.opt(fc.constantFrom(...Object.values(kplus.TaintEffect))),
      }), { maxLength: 2 })),
      serviceAccount: r.opt(r.string(dnsLabel)),
      runAsUser: r.opt(r.number(1, 65535)),
      runAsGroup: r.opt(r.number(1, 65535)),
    })),
  });
  const adopted = fc.record({
    kind: fc.constant('adopted' as const),
    claimName: r.string(dnsLabel),
    modelDirectory: r.opt(modelDirectory),
    accessMode: r.opt(accessMode),
    storageClassName: r.opt(storageClassName),
    modelSize: r.opt(r.size(1, 200)),
  });
  /** A service reading the cache, whose GPUs, regions and replicas the cache checks. */
  const consumer = fc.record({
    path: r.opt(r.string(fc.constantFrom('gpt2', 'models/gpt2'))),
    gpuMemory: r.opt(r.size(8, 192)),
    regions: r.opt(fc.array(r.string(fc.constantFrom('ORD1', 'LAS1')), { maxLength: 2 })),
    maxReplicas: r.opt(r.number(0, 4)),
  });
  return fc.record({ cache: fc.oneof(created, adopted), consumer: r.opt(consumer), where: placement });
}

type CacheRecipe = RecipeOf<typeof cacheRecipe>;

function build({ where, ...recipe }: CacheRecipe) {
  return buildPlaced(where, (scope, id) => buildCache(scope, id, recipe));
}

/** The cache under `id` (its claim named from the path unless the recipe names it), and its consumer. */
function buildCache(scope: Construct, id: string, { cache: recipe, consumer }: Omit<CacheRecipe, 'where'>): void {
  let cache: IModelCache;
  if (recipe.kind === 'adopted') {
    const { kind, claimName, ...options } = recipe;
    cache = ModelCache.fromClaimName(scope, id, claimName, options);
  } else {
    const { kind, source, loader, ...props } = recipe;
    cache = new ModelCache(scope, id, {
      ...props,
      source: source && buildSource(source),
      loader: loader && {
        ...loader,
        serviceAccount: loader.serviceAccount === undefined ? undefined : kplus.ServiceAccount.fromServiceAccountName(scope, 'LoaderAccount', loader.serviceAccount),
        tolerations: loader.tolerations,
      },
    });
  }
  if (consumer) {
    new InferenceService(scope, 'CacheReader', {
      metadata: { name: 'gpt2' },
      modelFormat: ModelFormat.TENSORFLOW,
      model: ModelSource.fromModelCache(cache, consumer.path),
      gpu: {
        types: [consumer.gpuMemory ? GpuType.custom({ name: 'GPU', memory: consumer.gpuMemory, gpuProduct: 'NVIDIA-GPU' }) : GpuType.L4],
        regions: consumer.regions,
        tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }],
      },
    });
  }
}

describe('ModelCache: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({ recipe: cacheRecipe, build, restricted: true, runs: 600 });
});
