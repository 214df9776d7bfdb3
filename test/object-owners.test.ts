/**
 * One object, one owner: two constructs that would write the same object (API group, kind,
 * namespace and name) fail synth naming both, across charts, under cdk8s's `App` and `FleetApp`,
 * and so do objects that a serving API's controllers create under a name derived from a service.
 */
import { createHash } from 'crypto';
import { ApiObject, App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  DeploymentMode, GpuAutoscalingPolicy, GpuType, InferenceService, InferenceServiceProps, KnativeAutoscalerConfig, KnativeDefaultsConfig,
  KnativeFeatureFlags, KnativeOperatorConfig, KServeVersion, LLMInferenceService, LLMInferenceServiceProps, ModelCache, ModelFormat, ModelSource,
  ServingApi,
} from '../src';
import { warningOutput } from '../src/_app-checks';
import { APP_CLASSES, removeAppOutdirs } from './support/apps';

const write = warningOutput.write;
beforeAll(() => { warningOutput.write = () => {}; });
afterAll(() => {
  warningOutput.write = write;
  removeAppOutdirs();
});

/** The synth error of an app, or undefined when it synthesizes. */
function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const GPT2_S3: Pick<InferenceServiceProps, 'model' | 'modelFormat'> = {
  modelFormat: ModelFormat.TENSORFLOW,
  model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-a' } }),
};

const CUSTOM: Pick<InferenceServiceProps, 'container'> = { container: { image: 'registry.example.com/server:1' } };
const STANDARD: Pick<InferenceServiceProps, 'deploymentMode' | 'autoscaling'> = {
  deploymentMode: DeploymentMode.STANDARD, autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 2 }),
};

/** Two charts (`a`, `b`) in the namespace `ml`; each case adds to both and names the paths the error must name. */
const COLLISIONS: Record<string, { build: (a: Chart, b: Chart) => void; object: string; paths: string[] }> = {
  'the storage ServiceAccount of a KServe and a KFServing service of one name': {
    build: (a, b) => {
      new InferenceService(a, 'Gpt2', { metadata: { name: 'gpt2' }, ...GPT2_S3 });
      new InferenceService(b, 'Gpt2', {
        metadata: { name: 'gpt2' },
        api: ServingApi.KFSERVING_V1BETA1,
        ...GPT2_S3,
        model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3-b' } }),
      });
    },
    object: 'ServiceAccount "ml/gpt2-storage" (core API group)',
    paths: ['a/Gpt2/StorageServiceAccount', 'b/Gpt2/StorageServiceAccount'],
  },
  'two KnativeFeatureFlags': {
    build: (a, b) => {
      new KnativeFeatureFlags(a, 'Features', { affinity: false });
      new KnativeFeatureFlags(b, 'Features');
    },
    object: 'ConfigMap "knative-serving/config-features" (core API group)',
    paths: ['a/Features/Resource', 'b/Features/Resource'],
  },
  'two KnativeAutoscalerConfig': {
    build: (a, b) => {
      new KnativeAutoscalerConfig(a, 'Autoscaler', { maxScaleDownRate: 2 });
      new KnativeAutoscalerConfig(b, 'Autoscaler');
    },
    object: 'ConfigMap "knative-serving/config-autoscaler" (core API group)',
    paths: ['a/Autoscaler/Resource', 'b/Autoscaler/Resource'],
  },
  'two KnativeDefaultsConfig': {
    build: (a, b) => {
      new KnativeDefaultsConfig(a, 'Defaults', { revisionTimeout: Duration.seconds(300) });
      new KnativeDefaultsConfig(b, 'Defaults');
    },
    object: 'ConfigMap "knative-serving/config-defaults" (core API group)',
    paths: ['a/Defaults/Resource', 'b/Defaults/Resource'],
  },
  'two KnativeOperatorConfig': {
    build: (a, b) => {
      new KnativeFeatureFlags(a, 'Features', { operator: new KnativeOperatorConfig(a, 'Operator') });
      new KnativeAutoscalerConfig(b, 'Autoscaler', { operator: new KnativeOperatorConfig(b, 'Operator') });
    },
    object: 'KnativeServing "knative-serving/knative-serving" (operator.knative.dev API group)',
    paths: ['a/Operator/Resource', 'b/Operator/Resource'],
  },
  'two InferenceServices of one explicit name': {
    build: (a, b) => {
      new InferenceService(a, 'Gpt2', { metadata: { name: 'gpt2' }, ...CUSTOM });
      new InferenceService(b, 'Other', { metadata: { name: 'gpt2' }, ...CUSTOM });
    },
    object: 'InferenceService "ml/gpt2" (serving.kserve.io API group)',
    paths: ['a/Gpt2', 'b/Other'],
  },
  'an InferenceService gpt2 and a Knative Service gpt2-predictor': {
    build: (a, b) => {
      new InferenceService(a, 'Gpt2', { metadata: { name: 'gpt2' }, ...CUSTOM });
      new InferenceService(b, 'Predictor', { metadata: { name: 'gpt2-predictor' }, api: ServingApi.KNATIVE_SERVICE, ...CUSTOM });
    },
    object: 'Service "ml/gpt2-predictor" (serving.knative.dev API group)',
    paths: ['b/Predictor', 'a/Gpt2'],
  },
  'a cdk8s-plus ServiceAccount named as a storage ServiceAccount': {
    build: (a, b) => {
      new InferenceService(a, 'Gpt2', { metadata: { name: 'gpt2' }, ...GPT2_S3 });
      new kplus.ServiceAccount(b, 'Account', { metadata: { name: 'gpt2-storage' } });
    },
    object: 'ServiceAccount "ml/gpt2-storage" (core API group)',
    paths: ['a/Gpt2/StorageServiceAccount', 'b/Account/Resource'],
  },
  'a cdk8s-plus ConfigMap named as the feature flags': {
    build: (a, b) => {
      new KnativeFeatureFlags(a, 'Features');
      new kplus.ConfigMap(b, 'Features', { metadata: { name: 'config-features', namespace: 'knative-serving' }, data: { 'kubernetes.podspec-affinity': 'enabled' } });
    },
    object: 'ConfigMap "knative-serving/config-features" (core API group)',
    paths: ['a/Features/Resource', 'b/Features/Resource'],
  },
};

describe.each(APP_CLASSES)('one object, one owner (%s)', (_appName, newApp) => {
  function twoCharts(): [App, Chart, Chart] {
    const app = newApp();
    return [app, new Chart(app, 'a', { namespace: 'ml' }), new Chart(app, 'b', { namespace: 'ml' })];
  }

  test.each(Object.entries(COLLISIONS))('%s fail synth, naming both', (_name, { build, object, paths }) => {
    // GIVEN
    const [app, a, b] = twoCharts();
    build(a, b);

    // WHEN
    const error = synthError(app);

    // THEN: reported once, with the object and both paths
    expect(error).toContain(`${object} is written by '${paths[0]}'`);
    for (const path of paths) expect(error).toContain(`'${path}'`);
    expect(error!.split(object).length - 1).toBe(1);
  });

  test('the same names in two namespaces, and one KnativeOperatorConfig shared by two settings, are no collision', () => {
    // GIVEN
    const app = newApp();
    const a = new Chart(app, 'a', { namespace: 'team-a' });
    const b = new Chart(app, 'b', { namespace: 'team-b' });
    for (const chart of [a, b]) new InferenceService(chart, 'Gpt2', { metadata: { name: 'gpt2' }, ...GPT2_S3 });
    const operator = new KnativeOperatorConfig(a, 'Operator');
    new KnativeFeatureFlags(a, 'Features', { operator });
    new KnativeAutoscalerConfig(b, 'Autoscaler', { operator });

    // WHEN / THEN
    expect(synthError(app)).toBeUndefined();
  });
});

describe('the objects a serving API creates for a service are reserved', () => {
  /** A raw object of this kind and name next to a service, in one namespace. */
  function errorNextTo(service: InferenceServiceProps, apiVersion: string, kind: string, name: string): string | undefined {
    const app = Testing.app();
    new InferenceService(new Chart(app, 'serving', { namespace: 'ml' }), 'Gpt2', { metadata: { name: 'gpt2' }, ...service });
    new ApiObject(new Chart(app, 'other', { namespace: 'ml' }), 'Object', { apiVersion, kind, metadata: { name } });
    return synthError(app);
  }

  test.each([
    ['KServe on Knative: the predictor\'s Knative Service', { ...CUSTOM }, 'serving.knative.dev/v1', 'Service', 'gpt2-predictor',
      'KServe creates the predictor\'s Knative Service'],
    ['KServe on Knative: the placeholder Service of its route', { ...CUSTOM }, 'v1', 'Service', 'gpt2-predictor',
      'Knative creates the placeholder Service of the predictor\'s route'],
    ['KServe on Knative: the transformer\'s Knative Service', { ...CUSTOM, transformer: { container: { image: 'registry.example.com/t:1' } } },
      'serving.knative.dev/v1', 'Service', 'gpt2-transformer', 'KServe creates the transformer\'s Knative Service'],
    ['KServe before 0.11: the -default suffix', { ...CUSTOM, kserveVersion: KServeVersion.of('0.10') }, 'serving.knative.dev/v1', 'Service',
      'gpt2-predictor-default', 'KServe creates the predictor\'s Knative Service'],
    ['KServe in Standard mode: the predictor\'s Deployment', { ...CUSTOM, ...STANDARD }, 'apps/v1', 'Deployment',
      'gpt2-predictor', 'KServe creates the predictor\'s Deployment'],
    ['KServe in Standard mode: the predictor\'s Service', { ...CUSTOM, ...STANDARD }, 'v1', 'Service',
      'gpt2-predictor', 'KServe creates the predictor\'s Service'],
    ['KFServing v1beta1', { ...CUSTOM, api: ServingApi.KFSERVING_V1BETA1 }, 'serving.knative.dev/v1', 'Service', 'gpt2-predictor-default',
      'KFServing creates the predictor\'s Knative Service'],
    ['KFServing v1alpha2', { ...CUSTOM, api: ServingApi.KFSERVING_V1ALPHA2 }, 'serving.knative.dev/v1', 'Service', 'gpt2-predictor-default',
      'KFServing creates the predictor\'s Knative Service'],
    ['a plain Knative Service: the placeholder Service of its route', { ...CUSTOM, api: ServingApi.KNATIVE_SERVICE }, 'v1', 'Service', 'gpt2',
      'Knative creates the placeholder Service of the route'],
  ] as [string, InferenceServiceProps, string, string, string, string][])('%s', (_case, service, apiVersion, kind, name, creator) => {
    // GIVEN / WHEN
    const error = errorNextTo(service, apiVersion, kind, name);

    // THEN
    expect(error).toContain(`[serving/Gpt2] ${kind} "ml/${name}" (${apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core'} API group) `
      + `is written by 'other/Object', and ${creator} for 'serving/Gpt2' under this name: the controller and the manifest would overwrite each other. `
      + 'Rename one of them');
  });

  test.each([
    ['a Knative Service in Standard mode', { ...CUSTOM, ...STANDARD }, 'serving.knative.dev/v1', 'Service', 'gpt2-predictor'],
    ['a Deployment on Knative', { ...CUSTOM }, 'apps/v1', 'Deployment', 'gpt2-predictor'],
    ['the -default name on KServe 0.11 and later', { ...CUSTOM }, 'serving.knative.dev/v1', 'Service', 'gpt2-predictor-default'],
    ['a transformer name without a transformer', { ...CUSTOM }, 'serving.knative.dev/v1', 'Service', 'gpt2-transformer'],
  ] as [string, InferenceServiceProps, string, string, string][])('not %s', (_case, service, apiVersion, kind, name) => {
    expect(errorNextTo(service, apiVersion, kind, name)).toBeUndefined();
  });
});

describe.each(APP_CLASSES)('the objects KServe creates for an LLMInferenceService are reserved (%s)', (_appName, newApp) => {
  const QWEN = ModelSource.fromHuggingFace('Qwen/Qwen2.5-7B-Instruct');

  /** A raw object of this kind and name next to an LLMInferenceService `qwen`, in one namespace. */
  function errorNextTo(service: Partial<LLMInferenceServiceProps>, apiVersion: string, kind: string, name: string): string | undefined {
    const app = newApp();
    new LLMInferenceService(new Chart(app, 'serving', { namespace: 'ml' }), 'Qwen', { metadata: { name: 'qwen' }, model: QWEN, ...service });
    new ApiObject(new Chart(app, 'other', { namespace: 'ml' }), 'Object', { apiVersion, kind, metadata: { name } });
    return synthError(app);
  }

  const ROUTER = { router: {} };
  const WORKER = { gpu: { count: 1 }, parallelism: { pipeline: 2 }, worker: {} };
  test.each([
    ['the workload\'s Deployment', {}, 'apps/v1', 'Deployment', 'qwen-kserve', 'KServe creates the workload\'s Deployment'],
    ['the workload\'s Service', {}, 'v1', 'Service', 'qwen-kserve-workload-svc', 'KServe creates the workload\'s Service'],
    ['the certificates Secret', {}, 'v1', 'Secret', 'qwen-kserve-self-signed-certs', 'KServe creates the workload\'s self-signed certificates Secret'],
    ['the prefill Deployment', { prefill: {} }, 'apps/v1', 'Deployment', 'qwen-kserve-prefill', 'KServe creates the prefill workload\'s Deployment'],
    ['the workers\' LeaderWorkerSet', WORKER, 'leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', 'qwen-kserve-mn',
      'KServe creates the workload\'s LeaderWorkerSet'],
    ['the prefill workers\' LeaderWorkerSet', { prefill: WORKER }, 'leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', 'qwen-kserve-mn-prefill',
      'KServe creates the prefill workload\'s LeaderWorkerSet'],
    ['the router\'s HTTPRoute', ROUTER, 'gateway.networking.k8s.io/v1', 'HTTPRoute', 'qwen-kserve-route', 'KServe creates the router\'s HTTPRoute'],
    ['the scheduler\'s Deployment', ROUTER, 'apps/v1', 'Deployment', 'qwen-kserve-router-scheduler', 'KServe creates the scheduler\'s Deployment'],
    ['the scheduler\'s Service', ROUTER, 'v1', 'Service', 'qwen-epp-service', 'KServe creates the scheduler\'s Service'],
    ['the InferencePool', ROUTER, 'inference.networking.k8s.io/v1', 'InferencePool', 'qwen-inference-pool', 'KServe creates the scheduler\'s InferencePool'],
    ['the v1alpha2 InferencePool', ROUTER, 'inference.networking.x-k8s.io/v1alpha2', 'InferencePool', 'qwen-inference-pool',
      'KServe creates the scheduler\'s InferencePool (v1alpha2)'],
  ] as [string, Partial<LLMInferenceServiceProps>, string, string, string, string][])('%s fails synth, naming both', (_case, service, apiVersion, kind, name, creator) => {
    // GIVEN / WHEN
    const error = errorNextTo(service, apiVersion, kind, name);

    // THEN
    expect(error).toContain(`[serving/Qwen] ${kind} "ml/${name}" (${apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core'} API group) `
      + `is written by 'other/Object', and ${creator} for 'serving/Qwen' under this name: the controller and the manifest would overwrite each other. `
      + 'Rename one of them');
  });

  test.each([
    ['a Deployment of a multi-node workload', WORKER, 'apps/v1', 'Deployment', 'qwen-kserve'],
    ['a LeaderWorkerSet of a single-node workload', {}, 'leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', 'qwen-kserve-mn'],
    ['a prefill Deployment without prefill', {}, 'apps/v1', 'Deployment', 'qwen-kserve-prefill'],
    ['an HTTPRoute without a router', {}, 'gateway.networking.k8s.io/v1', 'HTTPRoute', 'qwen-kserve-route'],
    ['an HTTPRoute with the user\'s own routes', { router: { gateways: [{ name: 'gw' }], httpRoutes: ['mine'] } }, 'gateway.networking.k8s.io/v1', 'HTTPRoute',
      'qwen-kserve-route'],
    ['an InferencePool of another service\'s pool', { router: { gatewayRoute: false, scheduler: { inferencePoolName: 'shared' } } },
      'inference.networking.k8s.io/v1', 'InferencePool', 'qwen-inference-pool'],
    ['a scheduler Deployment with the scheduler off', { router: { scheduler: { enabled: false } } }, 'apps/v1', 'Deployment', 'qwen-kserve-router-scheduler'],
  ] as [string, Partial<LLMInferenceServiceProps>, string, string, string][])('not %s', (_case, service, apiVersion, kind, name) => {
    expect(errorNextTo(service, apiVersion, kind, name)).toBeUndefined();
  });

  test('a name past 63 characters is shortened as KServe does (kmeta.ChildName: the MD5 of the name)', () => {
    // GIVEN: 56 characters, so that "-kserve-workload-svc" does not fit
    const name = `q${'w'.repeat(55)}`;
    const shortened = `${name.slice(0, 31 - '-kserve-workload-svc'.length)}${createHash('md5').update(name).digest('hex')}-kserve-workload-svc`;

    // WHEN
    const app = newApp();
    new LLMInferenceService(new Chart(app, 'serving', { namespace: 'ml' }), 'Qwen', { metadata: { name }, model: QWEN });
    new ApiObject(new Chart(app, 'other', { namespace: 'ml' }), 'Object', { apiVersion: 'v1', kind: 'Service', metadata: { name: shortened } });

    // THEN
    expect(shortened).toHaveLength(63);
    expect(synthError(app)).toContain(`Service "ml/${shortened}" (core API group) is written by 'other/Object', and KServe creates the workload's Service`);
  });
});

describe('one owner writing one object twice', () => {
  /** Two copies of a ConfigMap written below one ModelCache, with the given data. */
  function twoCopies(first: string, second: string): string | undefined {
    const app = Testing.app();
    const cache = new ModelCache(new Chart(app, 'c', { namespace: 'ml' }), 'Cache', { size: Size.gibibytes(1) });
    new ApiObject(cache, 'First', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: first } });
    new ApiObject(cache, 'Second', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: second } });
    return synthError(app);
  }

  test('with the same content is no collision', () => {
    expect(twoCopies('1', '1')).toBeUndefined();
  });

  test('with different content is one', () => {
    expect(twoCopies('1', '2')).toContain('[c/Cache] ConfigMap "ml/settings" (core API group) is written by \'c/Cache/First\' and \'c/Cache/Second\'');
  });
});

describe('the collision message', () => {
  test('names the object, both writers and the fix', () => {
    // GIVEN
    const app = Testing.app();
    new KnativeFeatureFlags(new Chart(app, 'platform'), 'Features');
    new KnativeFeatureFlags(new Chart(app, 'team'), 'Flags', { affinity: false });

    // WHEN / THEN
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [platform/Features] ConfigMap "knative-serving/config-features" '
      + '(core API group) is written by \'platform/Features/Resource\' and \'team/Flags/Resource\': applied together, one overwrites the other. '
      + 'Give each its own name or namespace, or create the object once and share it');
  });

  test('a feature check no longer passes because the other copy enables the flag', () => {
    // GIVEN: one copy disables the affinity flag the service needs, the other enables it
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    new KnativeFeatureFlags(platform, 'Features', { affinity: false });
    new KnativeFeatureFlags(new Chart(app, 'team'), 'Features');

    // WHEN / THEN: which copy wins depends on the order of apply, so synth fails
    expect(synthError(app)).toContain('ConfigMap "knative-serving/config-features" (core API group) is written by');
  });
});

describe('where the app checks report', () => {
  /**
   * A service in chart `b` on a GPU type, whose node affinity a KnativeFeatureFlags in chart `a`
   * leaves disabled: a problem only the whole app shows.
   */
  function appWithCrossChartProblem(app: App): { flags: KnativeFeatureFlags; service: InferenceService } {
    const flags = new KnativeFeatureFlags(new Chart(app, 'a'), 'Features', { affinity: false });
    const service = new InferenceService(new Chart(app, 'b', { namespace: 'ml' }), 'Service', {
      metadata: { name: 'svc' }, ...GPT2_S3, gpu: { types: [GpuType.L4] },
    });
    return { flags, service };
  }

  const PROBLEM = 'the pods need the Knative feature \'kubernetes.podspec-affinity\', which KnativeFeatureFlags \'a/Features\' does not enable';

  test.each(APP_CLASSES)('on %s, a problem found for a construct is reported once, at its path, whichever chart it is in', (_, newApp) => {
    // GIVEN
    const app = newApp();
    appWithCrossChartProblem(app);

    // WHEN
    const error = synthError(app) ?? '';

    // THEN
    expect(error.split('\n')).toEqual(['Validation failed with the following errors:', expect.stringMatching(/^ {2}\[b\/Service\] /)]);
    expect(error).toContain(PROBLEM);
  });

  test('a construct gets a validation of its own only for a problem, so that cdk8s\'s validation of every chart passes over the others', () => {
    // GIVEN
    const app = Testing.app();
    const { flags, service } = appWithCrossChartProblem(app);

    // WHEN: the app's validation, run by synth, attaches the reports
    const before = service.node.validate();
    synthError(app);

    // THEN
    expect(before).toEqual([]);
    expect(service.node.validate()).toEqual([expect.stringContaining(PROBLEM)]);
    expect(flags.node.validate()).toEqual([]);
  });
});
