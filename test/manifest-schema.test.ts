import { expectValidManifests, validateManifest } from './support/manifest-schema';

const kserve = () => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'gpt2', annotations: { 'serving.kserve.io/deploymentMode': 'Knative' } },
  spec: {
    predictor: {
      minReplicas: 0,
      model: {
        modelFormat: { name: 'huggingface' },
        storageUri: 's3://models/gpt2',
        resources: { limits: { 'cpu': '4', 'memory': '16Gi', 'nvidia.com/gpu': '1' } },
      },
    },
  },
});

const knative = () => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'llm' },
  spec: {
    template: {
      metadata: { annotations: { 'autoscaling.knative.dev/window': '180s' } },
      spec: {
        containerConcurrency: 1,
        containers: [{ image: 'vllm/vllm-openai:v0.6.3', resources: { limits: { 'cpu': '4', 'nvidia.com/gpu': '1' } } }],
      },
    },
  },
});

const pvc = () => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'model-cache' },
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } } },
});

describe('valid objects pass', () => {
  test.each([
    ['KServe InferenceService', kserve()],
    ['Knative Service', knative()],
    ['core PersistentVolumeClaim', pvc()],
  ])('%s', (_name, manifest) => {
    expect(validateManifest(manifest)).toEqual([]);
  });
});

describe('KServe InferenceService', () => {
  test('a misspelled field is rejected', () => {
    const manifest: any = kserve();
    manifest.spec.predictor.minReplica = 1;
    expect(validateManifest(manifest)).toEqual(["/spec/predictor: unknown field 'minReplica'"]);
  });

  test('a wrong type is rejected', () => {
    const manifest: any = kserve();
    manifest.spec.predictor.minReplicas = '0';
    expect(validateManifest(manifest)).toEqual(['/spec/predictor/minReplicas: must be integer']);
  });

  test('a bare-number CPU quantity is rejected', () => {
    const manifest: any = kserve();
    manifest.spec.predictor.model.resources.limits.cpu = 4;
    expect(validateManifest(manifest)).toEqual(['/spec/predictor/model/resources/limits/cpu: must be string']);
  });

  test('a quantity with a fractional exponent, which the CRD\'s pattern allows, is rejected once', () => {
    const manifest: any = kserve();
    manifest.spec.predictor.model.resources.limits.memory = '16e9.5';
    expect(validateManifest(manifest)).toEqual([
      '/spec/predictor/model/resources/limits/memory: "16e9.5" has an exponent with a fraction; Kubernetes reads only a whole exponent, such as 1e3 or 5e-1',
    ]);
  });

  test('an enum value outside the schema is rejected', () => {
    const manifest: any = kserve();
    manifest.spec.predictor.scaleMetric = 'gpu';
    expect(validateManifest(manifest)).toEqual(['/spec/predictor/scaleMetric: must be one of ["cpu","memory","concurrency","rps"]']);
  });

  test('a missing required field is rejected', () => {
    const manifest: any = kserve();
    delete manifest.spec.predictor.model.modelFormat;
    manifest.spec.predictor.model.modelFormat = { version: '1' };
    expect(validateManifest(manifest)).toEqual(["/spec/predictor/model/modelFormat: must have required property 'name'"]);
  });
});

describe('Knative Service', () => {
  test('a misspelled field is rejected', () => {
    const manifest: any = knative();
    manifest.spec.template.spec.containerConcurency = 1;
    expect(validateManifest(manifest)).toEqual(["/spec/template/spec: unknown field 'containerConcurency'"]);
  });

  test('a wrong type is rejected', () => {
    const manifest: any = knative();
    manifest.spec.template.spec.containerConcurrency = 'one';
    expect(validateManifest(manifest)).toEqual(['/spec/template/spec/containerConcurrency: must be integer']);
  });

  test('a bare-number quantity is rejected', () => {
    const manifest: any = knative();
    manifest.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu'] = 1;
    expect(validateManifest(manifest)).toEqual(['/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu: must be string']);
  });

  test('template metadata keeps unknown fields, as the CRD preserves them', () => {
    const manifest: any = knative();
    manifest.spec.template.metadata.anything = 'kept';
    expect(validateManifest(manifest)).toEqual([]);
  });
});

describe('core PersistentVolumeClaim', () => {
  test('a misspelled field is rejected', () => {
    const manifest: any = pvc();
    manifest.spec.acessModes = manifest.spec.accessModes;
    expect(validateManifest(manifest)).toEqual(["/spec: unknown field 'acessModes'"]);
  });

  test('a wrong type is rejected', () => {
    const manifest: any = pvc();
    manifest.spec.accessModes = 'ReadWriteMany';
    expect(validateManifest(manifest)).toEqual(['/spec/accessModes: must be array']);
  });

  test('a bare-number storage quantity is rejected', () => {
    const manifest: any = pvc();
    manifest.spec.resources.requests.storage = 100;
    expect(validateManifest(manifest)).toEqual(['/spec/resources/requests/storage: must be string']);
  });

  test('a negative storage request is rejected', () => {
    const manifest: any = pvc();
    manifest.spec.resources.requests.storage = '-100Gi';
    expect(validateManifest(manifest)).toEqual(['/spec/resources/requests/storage: "-100Gi" is negative; a resource quantity must be at least 0']);
  });

  test('a wrong apiVersion for the kind is rejected', () => {
    const manifest: any = pvc();
    manifest.apiVersion = 'v2';
    expect(validateManifest(manifest)).toEqual(['/: no schema for v2 PersistentVolumeClaim']);
  });
});

describe('object metadata', () => {
  test('an invalid name, label and annotation key are each reported', () => {
    const manifest: any = pvc();
    manifest.metadata = { name: 'Model_Cache', labels: { team: 'a b' }, annotations: { '-bad': 'x' } };
    expect(validateManifest(manifest)).toEqual([
      "/metadata/name: 'Model_Cache' is not a DNS-1123 subdomain, which a PersistentVolumeClaim name must be (lowercase alphanumerics, '-' and '.', "
        + 'at most 253 characters)',
      "/metadata/labels: value 'a b' of 'team' is invalid (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)",
      "/metadata/annotations: key '-bad' has an invalid name (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)",
    ]);
  });

  test('an object without a name or generateName is rejected, as the API server requires one', () => {
    const missing = '/metadata/name: missing; the API server refuses an object without metadata.name or metadata.generateName: give the object a name';
    const withoutName: any = pvc();
    withoutName.metadata = { labels: { app: 'llama' } };
    const withoutMetadata: any = pvc();
    delete withoutMetadata.metadata;
    const generated: any = pvc();
    generated.metadata = { generateName: 'model-cache-' };
    expect(validateManifest(withoutName)).toEqual([missing]);
    expect(validateManifest(withoutMetadata)).toEqual([missing]);
    expect(validateManifest(generated)).toEqual([]);
  });

  test('a generateName whose character before the trailing \'-\' is not ASCII is refused, as apimachinery masks bytes, not characters', () => {
    // maskTrailingDash cuts the last two bytes: of 'café-' it keeps a stray byte of 'é', which no name rule allows.
    const configMap = (generateName: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName } });
    expect(validateManifest(configMap('café-'))).toEqual([
      "/metadata/generateName: 'café-' must be a DNS-1123 subdomain, which a ConfigMap name must be (lowercase alphanumerics, '-' and '.', "
        + "at most 253 characters), but for a trailing '-' (the API server appends 5 random characters)",
    ]);
    expect(validateManifest(configMap('cafe-'))).toEqual([]);
    expect(validateManifest(configMap(`${'a'.repeat(252)}.-`))).toEqual([]);
  });

  test('a Service name must be a DNS-1035 label and a Namespace name a DNS-1123 label', () => {
    const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } });
    const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const serviceRule = "is not a DNS-1035 label, which a Service name must be (lowercase alphanumerics and '-', starting with a letter and ending with a letter or digit, "
      + 'at most 63 characters)';
    const namespaceRule = "is not a DNS-1123 label, which a Namespace name must be (lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)";
    expect(validateManifest(service('my.svc'))).toEqual([`/metadata/name: 'my.svc' ${serviceRule}`]);
    expect(validateManifest(service('1svc'))).toEqual([`/metadata/name: '1svc' ${serviceRule}`]);
    expect(validateManifest(service('a'.repeat(64)))).toEqual([`/metadata/name: '${'a'.repeat(64)}' ${serviceRule}`]);
    expect(validateManifest(service('svc-1'))).toEqual([]);
    expect(validateManifest(namespace('team.a'))).toEqual([`/metadata/name: 'team.a' ${namespaceRule}`]);
    expect(validateManifest(namespace('1team'))).toEqual([]);
    // other kinds keep the subdomain rule
    expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'my.settings' } })).toEqual([]);
  });

  test('an unknown metadata field is rejected on a custom resource', () => {
    const manifest: any = kserve();
    manifest.metadata.label = { a: 'b' };
    expect(validateManifest(manifest)).toEqual(["/metadata: unknown field 'label'"]);
  });
});

test('expectValidManifests lists every problem of every object', () => {
  const bad: any = pvc();
  bad.spec.acessModes = [];
  const alsoBad: any = knative();
  alsoBad.spec.template.spec.containerConcurrency = 'one';
  expect(() => expectValidManifests([kserve(), bad, alsoBad])).toThrow(
    "2 schema problem(s):\n  PersistentVolumeClaim model-cache: /spec: unknown field 'acessModes'\n  Service llm: /spec/template/spec/containerConcurrency: must be integer");
});

test('an object of a kind without a schema is a problem, so nothing goes unchecked', () => {
  expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
    .toEqual(['/: no schema for example.com/v1 Widget']);
});

test('label keys inside pod specs are checked: node selector requirements and tolerations', () => {
  // GIVEN
  const manifest: any = knative();
  manifest.spec.template.spec.tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists' }, { key: 'a b', operator: 'Exists' }, { operator: 'Exists' }];
  manifest.spec.template.spec.affinity = {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: '', operator: 'In', values: ['x'] }] }] } },
  };

  // WHEN
  const problems = validateManifest(manifest);

  // THEN
  expect(problems).toEqual([
    "/spec/template/spec/tolerations/1/key: key 'a b' has an invalid name (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)",
    '/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/key: '
      + "key '' has an invalid name (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)",
  ]);
});

describe('KnativeServing (Knative Operator), checked on spec.config only', () => {
  const knativeServing = () => ({
    apiVersion: 'operator.knative.dev/v1beta1',
    kind: 'KnativeServing',
    metadata: { name: 'knative-serving', namespace: 'knative-serving' },
    spec: { config: { autoscaler: { 'stable-window': '180s' } } },
  });

  test('a config section of strings passes', () => {
    expect(validateManifest(knativeServing())).toEqual([]);
  });

  test('a number in a config section is rejected, as the operator CRD types them as strings', () => {
    const manifest: any = knativeServing();
    manifest.spec.config.autoscaler['max-scale-up-rate'] = 1000;
    expect(validateManifest(manifest)).toEqual(['/spec/config/autoscaler/max-scale-up-rate: must be string']);
  });

  test('an unknown top-level field is rejected', () => {
    const manifest: any = knativeServing();
    manifest.data = {};
    expect(validateManifest(manifest)).toEqual(["/: unknown field 'data'"]);
  });
});
