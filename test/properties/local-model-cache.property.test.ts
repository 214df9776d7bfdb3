import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { dnsLabel, labelKey } from './hostile';
import { testSynthesisProperty } from './property-driver';
import { buildSource, Hostility, RecipeOf, Recipes } from './recipes';
import { ILocalModelNodeGroup, InferenceService, LocalModelCache, LocalModelNodeGroup, ModelFormat, ModelSource, ServingApi } from '../../src';
import { testChart } from '../support/synth';

function recipe(hostility: Hostility) {
  const r = new Recipes(hostility);
  const created = fc.record({
    kind: fc.constant('created' as const),
    storageLimit: r.size(1, 2000),
    localPath: r.string(fc.constantFrom('/mnt/models', '/models')),
    nodeSelector: r.map(labelKey, dnsLabel),
    storageClassName: r.opt(r.string(fc.constantFrom('local-storage', 'local-nvme'))),
    volumeSize: r.opt(r.size(1, 4000)),
  });
  const referenced = fc.record({ kind: fc.constant('referenced' as const), nodeGroupName: r.string(dnsLabel) });
  return fc.record({
    groups: fc.array(fc.oneof(created, referenced), { maxLength: 2 }),
    source: r.source(['s3', 'gcs', 'http', 'hf']),
    modelSize: r.size(1, 200),
    serviceAccountName: r.opt(r.string(dnsLabel)),
    /** A service reading the cache, on the KServe API or (as often as a hostile value) on another. */
    consumer: r.opt(fc.record({ api: r.pick(fc.constant(ServingApi.KSERVE_V1BETA1), fc.constant(ServingApi.KFSERVING_V1BETA1)), path: r.opt(r.string(fc.constant('gpt2'))) })),
  });
}

type Recipe = RecipeOf<typeof recipe>;

function build({ groups, source, modelSize, serviceAccountName, consumer }: Recipe): Chart {
  const chart = testChart();
  const nodeGroups = groups.map((group, i): ILocalModelNodeGroup => {
    if (group.kind === 'referenced') return LocalModelNodeGroup.fromNodeGroupName(chart, `Group${i}`, group.nodeGroupName);
    const { kind, ...props } = group;
    return new LocalModelNodeGroup(chart, `Group${i}`, props);
  });
  const cache = new LocalModelCache(chart, 'Cache', { source: buildSource(source), modelSize, nodeGroups, serviceAccountName });
  if (consumer) {
    new InferenceService(chart, 'Service', {
      metadata: { name: 'gpt2' }, api: consumer.api, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromModelCache(cache, consumer.path),
    });
  }
  return chart;
}

describe('LocalModelCache and LocalModelNodeGroup: any props either fail with the library\'s own error or synthesize valid objects', () => {
  testSynthesisProperty({ recipe, build, restricted: true, runs: 1000 });
});
