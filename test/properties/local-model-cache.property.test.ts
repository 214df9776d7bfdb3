import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel, labelKey } from './hostile';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { buildSource, Hostility, RecipeOf, Recipes } from './recipes';
import { ILocalModelNodeGroup, InferenceService, LocalModelCache, LocalModelNodeGroup, ModelFormat, ModelSource, ServingApi } from '../../src';

function recipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  // Named in props, or (left out) from the construct path, under the chart's name hashes or none.
  const name = r.opt(r.string(dnsLabel));
  const created = fc.record({
    kind: fc.constant('created' as const),
    storageLimit: r.size(1, 2000),
    localPath: r.string(fc.constantFrom('/mnt/models', '/models')),
    name,
    nodeSelector: r.map(labelKey, dnsLabel),
    storageClassName: r.opt(r.string(fc.constantFrom('local-storage', 'local-nvme'))),
    volumeSize: r.opt(r.size(1, 4000)),
  });
  const referenced = fc.record({ kind: fc.constant('referenced' as const), nodeGroupName: r.string(dnsLabel) });
  return fc.record({
    name,
    groups: fc.array(fc.oneof(created, referenced), { maxLength: 2 }),
    source: r.source(['s3', 'gcs', 'http', 'hf']),
    modelSize: r.size(1, 200),
    serviceAccountName: r.opt(r.string(dnsLabel)),
    /** A service reading the cache, on the KServe API or (as often as a hostile value) on another. */
    where: placement,
    consumer: r.opt(fc.record({ api: r.pick(fc.constant(ServingApi.KSERVE_V1BETA1), fc.constant(ServingApi.KFSERVING_V1BETA1)), path: r.opt(r.string(fc.constant('gpt2'))) })),
  });
}

type Recipe = RecipeOf<typeof recipe>;

function build({ where, ...props }: Recipe) {
  return buildPlaced(where, (scope, id) => buildCache(scope, id, props));
}

/** The cache under `id` and its node groups under `id` and an index, each named from its path unless the recipe names it. */
function buildCache(scope: Construct, id: string, { name, groups, source, modelSize, serviceAccountName, consumer }: Omit<Recipe, 'where'>): void {
  const nodeGroups = groups.map((group, i): ILocalModelNodeGroup => {
    if (group.kind === 'referenced') return LocalModelNodeGroup.fromNodeGroupName(scope, `${id}${i}`, group.nodeGroupName);
    const { kind, ...props } = group;
    return new LocalModelNodeGroup(scope, `${id}${i}`, props);
  });
  const cache = new LocalModelCache(scope, id, { name, source: buildSource(source), modelSize, nodeGroups, serviceAccountName });
  if (consumer) {
    new InferenceService(scope, 'CacheReader', {
      metadata: { name: 'gpt2' }, api: consumer.api, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromModelCache(cache, consumer.path),
    });
  }
}

describe('LocalModelCache and LocalModelNodeGroup: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({ recipe, build, restricted: true, runs: 500 });
});
