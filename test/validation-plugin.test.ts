import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { App, Chart, Size } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { parse, parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../examples';
import { DeploymentMode, InferenceService, KedaMetric, StandardModeAutoscaler, VllmMetric } from '../src';
import { InferenceManifestValidation, InferenceManifestValidationProperties } from '../validation/cdk8s-plugin';
import { servingRules } from '../validation/serving-rules';

const REPO = join(__dirname, '..');
const INVALID_INFERENCE_SERVICE = join(__dirname, 'fixtures', 'invalid-inference-service.yaml');
const KNATIVE_SETTINGS = join(__dirname, 'fixtures', 'knative-settings.yaml');

type ValidationReportJson = ReturnType<ValidationContext['report']['toJson']>;

async function validate(manifests: string[], properties?: InferenceManifestValidationProperties): Promise<ValidationReportJson> {
  const context = new ValidationContext(manifests, 'cdk8s-inference-validation', '0.0.0');
  await new InferenceManifestValidation(properties).validate(context);
  return context.report.toJson();
}

/** The violations as `[rule, resource, locations]`, the way the report lists them. */
function violations(report: ValidationReportJson): [string, string, readonly string[]][] {
  return report.violations.flatMap((violation) => violation.violatingConstructs
    .map((resource): [string, string, readonly string[]] => [violation.ruleName, resource.resourceName, resource.locations]));
}

describe('a hand-written InferenceService with mistakes', () => {
  test('fails with one clear message per mistake, by rule', async () => {
    // GIVEN / WHEN
    const report = await validate([INVALID_INFERENCE_SERVICE]);

    // THEN
    expect(report.summary.status).toBe('failure');
    expect(violations(report)).toEqual([
      ['Schema', 'flan.t5', [
        "/spec/predictor: unknown field 'minReplica'",
        '/spec/predictor/model/resources/limits/cpu: must be string',
      ]],
      ['InferenceService name', 'flan.t5', [
        "/metadata/name: 'flan.t5' must start with a letter and hold only lowercase letters, digits and '-', ending with a letter or digit (KServe refuses dots)",
      ]],
      ['InferenceService scale annotations', 'flan.t5', [
        "/metadata/annotations/autoscaling.knative.dev~1min-scale: KServe filters out 'autoscaling.knative.dev/min-scale'; set minReplicas on the component instead",
      ]],
      ['InferenceService canary', 'flan.t5', ['/spec/predictor/canaryTrafficPercent: ignored in the Standard deployment mode']],
      ['Pod Security restricted', 'flan.t5', [
        '/spec/predictor/model: securityContext.allowPrivilegeEscalation must be false',
        '/spec/predictor/model: securityContext.runAsNonRoot must be true, on the container or the pod',
        '/spec/predictor/model: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, on the container or the pod',
        '/spec/predictor/model: securityContext.capabilities.drop must include ALL',
      ]],
    ]);
    expect(report.violations.map((v) => [v.ruleName, v.recommendation, v.fix]).find(([rule]) => rule === 'InferenceService name')).toEqual([
      'InferenceService name',
      'KServe refuses an InferenceService whose name is not a DNS-1035 label: its name becomes the name of Knative Services and hosts',
      'Rename the InferenceService: lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit',
    ]);
    expect(report.violations[0].violatingConstructs[0].manifestPath).toBe(INVALID_INFERENCE_SERVICE);
  });

  test('the restricted profile can be left out with podSecurity: false', async () => {
    // GIVEN / WHEN
    const report = await validate([INVALID_INFERENCE_SERVICE], { podSecurity: false });

    // THEN
    expect(report.violations.map((v) => v.ruleName)).toEqual(['Schema', 'InferenceService name', 'InferenceService scale annotations', 'InferenceService canary']);
  });
});

describe('a v1alpha2 canary', () => {
  const canary = join(mkdtempSync(join(tmpdir(), 'v1alpha2-canary-')), 'canary.yaml');
  writeFileSync(canary, [
    'apiVersion: serving.kubeflow.org/v1alpha2', 'kind: InferenceService', 'metadata: { name: gpt2 }', 'spec:',
    '  default: { predictor: { tensorflow: { storageUri: "s3://models/v1" } } }',
    '  canary: { predictor: { tensorflow: { storageUri: "s3://models/v2" } } }',
    '  canaryTrafficPercent: 10', '',
  ].join('\n'));

  test('is refused for KFServing >= 0.5 (the default, 0.6) and allowed with kfservingVersion "0.4"', async () => {
    expect(violations(await validate([canary], { podSecurity: false }))).toEqual([
      ['InferenceService canary', 'gpt2', ['/spec/canaryTrafficPercent: KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2 (kfservingVersion 0.6)']],
    ]);
    expect(violations(await validate([canary], { podSecurity: false, kfservingVersion: '0.4' }))).toEqual([]);
  });

  test('a kfservingVersion that is not a release is refused', () => {
    expect(() => new InferenceManifestValidation({ kfservingVersion: '4' })).toThrow(
      '\'kfservingVersion\' is "4": give the KFServing release as "0.<minor>", for example "0.4"');
  });
});

test('hand-written Knative settings: tick-interval and autoscaling annotations on a Service are reported, and what cannot be checked is listed', async () => {
  // GIVEN / WHEN
  const report = await validate([KNATIVE_SETTINGS]);

  // THEN
  expect(violations(report)).toEqual([
    ['Knative tick-interval', 'config-autoscaler', ['/data/tick-interval: not a Knative setting since v0.16']],
    ['Knative autoscaling annotations', 'vllm', [
      "/metadata/annotations/autoscaling.knative.dev~1max-scale: 'autoscaling.knative.dev/max-scale' belongs on spec.template.metadata.annotations",
    ]],
  ]);
  expect(report.summary.metadata).toEqual({
    'Objects checked': '4',
    'Kinds without a schema (metadata and rules only)': 'networking.istio.io/v1beta1 VirtualService',
    'Pods that cannot express a security context':
      'gpt2-legacy /spec/default/predictor/tensorflow: v1alpha2 framework predictors have no security context field (only a custom container can run restricted)',
  });
});

test('a document without apiVersion or kind is a schema problem, not a crash', async () => {
  // GIVEN
  const file = join(mkdtempSync(join(tmpdir(), 'no-kind-')), 'no-kind.yaml');
  writeFileSync(file, 'metadata:\n  name: orphan\n');

  // WHEN
  const report = await validate([file]);

  // THEN
  expect(violations(report)).toEqual([['Schema', 'orphan', ['/: apiVersion and kind must be strings']]]);
});

test('an object without a name is a schema problem, whether its kind has a schema or not', async () => {
  // GIVEN
  const file = yamlFile('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\ndata: { k: v }\n---\napiVersion: example.com/v1\nkind: Widget\n');

  // WHEN
  const report = await validate([file]);

  // THEN
  const missing = '/metadata/name: missing; the API server refuses an object without metadata.name or metadata.generateName: give the object a name';
  expect(violations(report)).toEqual([['Schema', '(no name)', [missing]], ['Schema', '(no name)', [missing]]]);
});

test('a null field is an absent field, as the API server reads it: allowed where the field is optional, missing where it is required', async () => {
  // GIVEN
  const file = yamlFile([
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, labels: null }\ndata: null',
    '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: null }\nspec: { selector: {}, template: { spec: { containers: null } } }',
    '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: m }\nspec:\n  predictor:',
    '    minReplicas: null\n    securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }',
    '    model: { modelFormat: { name: sklearn, version: null }, storageUri: "gs://x/y", resources: { limits: { cpu: null } },',
    '      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } } }',
  ].join('\n'));

  // WHEN
  const report = await validate([file]);

  // THEN
  expect(violations(report)).toEqual([
    ['Schema', '(no name)', [
      "/spec/template/spec: must have required property 'containers'",
      '/metadata/name: missing; the API server refuses an object without metadata.name or metadata.generateName: give the object a name',
    ]],
  ]);
});

/** Writes YAML to a temporary file and returns its path. */
function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.yaml');
  writeFileSync(file, text);
  return file;
}

const RESTRICTED = '{ allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: RuntimeDefault }, capabilities: { drop: [ALL] } }';

describe('rules no schema holds', () => {
  test('a quantity Kubernetes cannot parse is reported where it is, in every kind, with its value', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:',
      '    metadata: { labels: { app: api } }\n    spec:\n      volumes: [{ name: scratch, emptyDir: { sizeLimit: 16GB } }]',
      `      containers: [{ name: api, image: api:1, resources: { limits: { memory: 1.5.5, cpu: "500m" }, requests: { cpu: [1] } }, securityContext: ${RESTRICTED} }]`,
      '---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: weights }\nspec: { accessModes: [ReadWriteMany], resources: { requests: { storage: Gi } } }',
      '---\napiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata: { name: runtime }',
      `spec: { containers: [{ name: kserve-container, image: r:1, resources: { limits: { nvidia.com/gpu: .nan } }, securityContext: ${RESTRICTED} }] }`,
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', 'api', ['/spec/template/spec/containers/0/resources/requests/cpu: must be string']],
      ['Quantities', 'api', [
        '/spec/template/spec/volumes/0/emptyDir/sizeLimit: "16GB" is not a quantity (a number with an optional suffix: 500m, 1.5, 16Gi, 1e3)',
        '/spec/template/spec/containers/0/resources/limits/memory: "1.5.5" is not a quantity (a number with an optional suffix: 500m, 1.5, 16Gi, 1e3)',
        '/spec/template/spec/containers/0/resources/requests/cpu: must be a quantity such as "16Gi", not [1]',
      ]],
      ['Quantities', 'weights', ['/spec/resources/requests/storage: "Gi" is not a quantity (a number with an optional suffix: 500m, 1.5, 16Gi, 1e3)']],
      ['Quantities', 'runtime', ['/spec/containers/0/resources/limits/nvidia.com~1gpu: must be a quantity such as "16Gi", not NaN']],
    ]);
  });

  test('KServe\'s CRDs check quantities themselves: a bad one is reported once, by the schema rule, in the same words', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: llama }',
      `spec: { predictor: { containers: [{ name: c, image: i:1, resources: { limits: { memory: 1.5.5 } }, securityContext: ${RESTRICTED} }] } }`,
      '---\napiVersion: serving.kserve.io/v1alpha1\nkind: LocalModelCache\nmetadata: { name: llama }',
      'spec: { sourceModelUri: "hf://meta-llama/Llama-3.1-8B", modelSize: 16GB, nodeGroups: [gpus] }',
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', 'llama', ['/spec/predictor/containers/0/resources/limits/memory: "1.5.5" is not a quantity (a number with an optional suffix: 500m, 1.5, 16Gi, 1e3)']],
      ['Schema', 'llama', ['/spec/modelSize: "16GB" is not a quantity (a number with an optional suffix: 500m, 1.5, 16Gi, 1e3)']],
    ]);
  });

  test('a negative quantity and an exponent with a fraction are reported, in core kinds and in KServe\'s, whose pattern lets them through', async () => {
    // GIVEN
    const resources = '{ requests: { cpu: "-1", memory: "-0" }, limits: { memory: "1e3.5", cpu: "5e-1" } }';
    const file = yamlFile([
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:',
      '    metadata: { labels: { app: api } }\n    spec:\n      volumes: [{ name: scratch, emptyDir: { sizeLimit: "-.5Gi" } }]',
      `      containers: [{ name: api, image: api:1, resources: ${resources}, securityContext: ${RESTRICTED} }]`,
      '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: llama }',
      `spec: { predictor: { containers: [{ name: c, image: i:1, resources: ${resources}, securityContext: ${RESTRICTED} }] } }`,
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['Quantities', 'api', [
        '/spec/template/spec/volumes/0/emptyDir/sizeLimit: "-.5Gi" is negative; a resource quantity must be at least 0',
        '/spec/template/spec/containers/0/resources/limits/memory: "1e3.5" has an exponent with a fraction; Kubernetes reads only a whole exponent, such as 1e3 or 5e-1',
        '/spec/template/spec/containers/0/resources/requests/cpu: "-1" is negative; a resource quantity must be at least 0',
      ]],
      ['Quantities', 'llama', [
        '/spec/predictor/containers/0/resources/limits/memory: "1e3.5" has an exponent with a fraction; Kubernetes reads only a whole exponent, such as 1e3 or 5e-1',
        '/spec/predictor/containers/0/resources/requests/cpu: "-1" is negative; a resource quantity must be at least 0',
      ]],
    ]);
    expect(report.violations.find((v) => v.ruleName === 'Quantities')?.fix)
      .toBe('Write each quantity as a number of at least 0 with an optional suffix or a whole exponent, quoted: "500m", "1.5", "16Gi", "1e3"');
  });

  test('a ConfigMap or Secret key that cannot be a file name is a schema problem', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { "bad key/x": v, ok.key_1-A: v }\nbinaryData: { "..": aGk= }',
      '---\napiVersion: v1\nkind: Secret\nmetadata: { name: token }\nstringData: { ".": x }',
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report).filter(([rule]) => rule === 'Schema')).toEqual([
      ['Schema', 'settings', [
        '/data: key "bad key/x" is invalid (at most 253 alphanumerics, \'-\', \'_\' and \'.\', not \'.\' or \'..\'); rename it',
        '/binaryData: key ".." is invalid (at most 253 alphanumerics, \'-\', \'_\' and \'.\', not \'.\' or \'..\'); rename it',
      ]],
      ['Schema', 'token', ['/stringData: key "." is invalid (at most 253 alphanumerics, \'-\', \'_\' and \'.\', not \'.\' or \'..\'); rename it']],
    ]);
  });

  test('a Secret with data or stringData is reported by key, never with its value', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: Secret\nmetadata: { name: s3 }\ndata: { AWS_SECRET_ACCESS_KEY: c2VjcmV0 }\nstringData: { token: hunter2 }',
      '---\napiVersion: v1\nkind: Secret\nmetadata: { name: filled-by-the-cluster }\ntype: kubernetes.io/service-account-token',
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['Secret values in the manifest', 's3', ['/data/AWS_SECRET_ACCESS_KEY: a value is written into the manifest', '/stringData/token: a value is written into the manifest']],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/c2VjcmV0|hunter2/);
  });

  test('a port Knative reserves is reported on Knative kinds and InferenceServices in Knative mode, not in Standard mode', async () => {
    // GIVEN
    const container = (port: number) => `{ name: c, image: i:1, ports: [{ containerPort: ${port} }], securityContext: ${RESTRICTED} }`;
    const file = yamlFile([
      `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: { name: ksvc }\nspec: { template: { spec: { containers: [${container(9091)}] } } }`,
      `---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: knative-mode }\nspec: { predictor: { containers: [${container(8012)}] } }`,
      '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService',
      'metadata: { name: standard-mode, annotations: { serving.kserve.io/deploymentMode: Standard } }',
      `spec: { predictor: { containers: [${container(8012)}] } }`,
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: plain }\nspec: { selector: {}, template: { spec: { containers: [${container(8022)}] } } }`,
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report).filter(([rule]) => rule === 'Knative reserved ports')).toEqual([
      ['Knative reserved ports', 'ksvc', ['/spec/template/spec/containers/0/ports/0/containerPort: 9091 is reserved by Knative']],
      ['Knative reserved ports', 'knative-mode', ['/spec/predictor/containers/0/ports/0/containerPort: 8012 is reserved by Knative']],
    ]);
  });

  test('a variable Knative sets is reported on Knative kinds and InferenceServices in Knative mode, not in Standard mode', async () => {
    // GIVEN
    const container = (env: string) => `{ name: c, image: i:1, env: [{ name: MODEL, value: m }, ${env}], securityContext: ${RESTRICTED} }`;
    const file = yamlFile([
      `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: { name: ksvc }\nspec: { template: { spec: { containers: [${container('{ name: PORT, value: "8080" }')}] } } }`,
      '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: { name: knative-mode }',
      `spec: { predictor: { containers: [${container('{ name: K_REVISION, value: r }')}] } }`,
      '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService',
      'metadata: { name: standard-mode, annotations: { serving.kserve.io/deploymentMode: Standard } }',
      `spec: { predictor: { containers: [${container('{ name: PORT, value: "8080" }')}] } }`,
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: plain }\nspec: { selector: {}, template: { spec: { containers: [${container('{ name: K_SERVICE, value: s }')}] } } }`,
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report).filter(([rule]) => rule === 'Knative reserved environment variables')).toEqual([
      ['Knative reserved environment variables', 'ksvc', ['/spec/template/spec/containers/0/env/1/name: PORT is set by Knative']],
      ['Knative reserved environment variables', 'knative-mode', ['/spec/predictor/containers/0/env/1/name: K_REVISION is set by Knative']],
    ]);
  });
});

describe('names, generated names, ConfigMap and Secret data, as the API server and the webhooks check them', () => {
  const SUBDOMAIN = "(lowercase alphanumerics, '-' and '.', at most 253 characters)";
  const DNS1035 = "(lowercase alphanumerics and '-', starting with a letter and ending with a letter or digit, at most 63 characters)";
  const ksvc = (metadata: string) => `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: ${metadata}\nspec: { template: { spec: { containers: [{ image: i:1 }] } } }`;

  test('a generateName is checked with its kind\'s name rule, a trailing \'-\' allowed, as apimachinery checks a prefix', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: Settings_ }',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: settings- }',
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: ${'a'.repeat(253)}- }`,
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: ${'a'.repeat(254)} }`,
      '---\napiVersion: v1\nkind: Service\nmetadata: { generateName: 1svc- }\nspec: { ports: [{ port: 80 }] }',
      `---\napiVersion: v1\nkind: Service\nmetadata: { generateName: ${'s'.repeat(63)}- }\nspec: { ports: [{ port: 80 }] }`,
      `---\n${ksvc('{ generateName: llama.v2- }')}`,
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: "", generateName: ok- }',
    ].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', '(generateName Settings_)', [
        `/metadata/generateName: 'Settings_' must be a DNS-1123 subdomain, which a ConfigMap name must be ${SUBDOMAIN}, but for a trailing '-' `
        + '(the API server appends 5 random characters)',
      ]],
      ['Schema', `(generateName ${'a'.repeat(254)})`, [
        `/metadata/generateName: '${'a'.repeat(254)}' must be a DNS-1123 subdomain, which a ConfigMap name must be ${SUBDOMAIN}, but for a trailing '-' `
        + '(the API server appends 5 random characters)',
      ]],
      ['Schema', '(generateName 1svc-)', [
        `/metadata/generateName: '1svc-' must be a DNS-1035 label, which a Service name must be ${DNS1035}, but for a trailing '-' `
        + '(the API server appends 5 random characters)',
      ]],
      ['Schema', '(generateName llama.v2-)', [
        `/metadata/generateName: 'llama.v2-' must be a DNS-1035 label, which a Knative Service name must be ${DNS1035}, but for a trailing '-' `
        + '(the API server appends 5 random characters)',
      ]],
    ]);
  });

  test('the name generated from a generateName is checked with its kind\'s name rule too, as the API server validates the object after generating it', async () => {
    // GIVEN: the prefix check masks a trailing '-' and the character before it; the generated name keeps both
    const file = yamlFile([
      'apiVersion: v1\nkind: Service\nmetadata: { generateName: svc.- }\nspec: { ports: [{ port: 80 }] }',
      '---\napiVersion: v1\nkind: Namespace\nmetadata: { generateName: team.- }',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: settings-.- }',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: settings.- }',
      `---\n${ksvc('{ generateName: llama.- }')}`,
      `---\n${ksvc('{ generateName: llama.-, name: llama }')}`,
    ].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', '(generateName svc.-)', [`/metadata/generateName: 'svc.-' makes names like 'svc.-xxxxx', which is not a DNS-1035 label, which a Service name must be ${DNS1035}`]],
      ['Schema', '(generateName team.-)', ["/metadata/generateName: 'team.-' makes names like 'team.-xxxxx', which is not a DNS-1123 label, which a Namespace name must be "
        + "(lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)"]],
      ['Schema', '(generateName settings-.-)', [
        `/metadata/generateName: 'settings-.-' makes names like 'settings-.-xxxxx', which is not a DNS-1123 subdomain, which a ConfigMap name must be ${SUBDOMAIN}`,
      ]],
      ['Schema', '(generateName settings.-)', [
        `/metadata/generateName: 'settings.-' makes names like 'settings.-xxxxx', which is not a DNS-1123 subdomain, which a ConfigMap name must be ${SUBDOMAIN}`,
      ]],
      ['Schema', '(generateName llama.-)', [
        `/metadata/generateName: 'llama.-' makes names like 'llama.-xxxxx', which is not a DNS-1035 label, which a Knative Service name must be ${DNS1035}`,
      ]],
    ]);
  });

  test('an InferenceService\'s generateName must start the name KServe checks, which the API server generates from it', async () => {
    // GIVEN
    const isvc = (generateName: string, name?: string) => ['apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService',
      `metadata: { generateName: ${generateName}${name === undefined ? '' : `, name: ${name}`} }`,
      'spec: { predictor: { model: { modelFormat: { name: sklearn }, storageUri: "gs://x/y" } } }'].join('\n');
    const file = yamlFile([isvc('7b-'), `---\n${isvc('llama-')}`, `---\n${isvc(`${'l'.repeat(58)}.x`)}`, `---\n${isvc('llama.-')}`,
      // With a name, the API server generates none, and KServe checks the name alone.
      `---\n${isvc('7b-', 'llama')}`].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN: the API server keeps the first 58 characters, so what follows them is never part of a name
    expect(violations(report)).toEqual([
      // The API server refuses the name it generates from 'llama.-' (the Schema rule comes first).
      ['Schema', '(generateName llama.-)', [
        "/metadata/generateName: 'llama.-' makes names like 'llama.-xxxxx', which is not a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', "
        + 'at most 253 characters)',
      ]],
      ['InferenceService name', '(generateName 7b-)', [
        "/metadata/generateName: '7b-' must start with a letter and hold only lowercase letters, digits and '-' (KServe refuses dots): "
        + 'KServe checks the name generated from it',
      ]],
      // apimachinery's prefix check drops the character before a trailing '-'; the generated name keeps it
      ['InferenceService name', '(generateName llama.-)', [
        "/metadata/generateName: 'llama.-' must start with a letter and hold only lowercase letters, digits and '-' (KServe refuses dots): "
        + 'KServe checks the name generated from it',
      ]],
    ]);
  });

  test('the other kinds\' names name their kind, and a Knative Service or Configuration name must be a DNS-1035 label', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: Weights }\nspec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }',
      '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: loader_sa }',
      '---\napiVersion: v1\nkind: Secret\nmetadata: { name: -token }',
      '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: Api }\nspec: { selector: {}, template: { spec: { containers: [{ name: c, image: i }] } } }',
      `---\n${ksvc('{ name: llama.v2 }')}`,
      '---\napiVersion: serving.knative.dev/v1\nkind: Configuration\nmetadata: { name: 1llama }',
      `---\n${ksvc(`{ name: ${'k'.repeat(64)} }`)}`,
      `---\n${ksvc('{ name: llama-v2 }')}`,
    ].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', 'Weights', [`/metadata/name: 'Weights' is not a DNS-1123 subdomain, which a PersistentVolumeClaim name must be ${SUBDOMAIN}`]],
      ['Schema', 'loader_sa', [`/metadata/name: 'loader_sa' is not a DNS-1123 subdomain, which a ServiceAccount name must be ${SUBDOMAIN}`]],
      ['Schema', '-token', [`/metadata/name: '-token' is not a DNS-1123 subdomain, which a Secret name must be ${SUBDOMAIN}`]],
      ['Schema', 'Api', [`/metadata/name: 'Api' is not a DNS-1123 subdomain, which a Deployment name must be ${SUBDOMAIN}`]],
      ['Schema', 'llama.v2', [`/metadata/name: 'llama.v2' is not a DNS-1035 label, which a Knative Service name must be ${DNS1035}`]],
      ['Schema', '1llama', [`/metadata/name: '1llama' is not a DNS-1035 label, which a Knative Configuration name must be ${DNS1035}`]],
      ['Schema', 'k'.repeat(64), [`/metadata/name: '${'k'.repeat(64)}' is not a DNS-1035 label, which a Knative Service name must be ${DNS1035}`]],
    ]);
  });

  test('a Role\'s, a ClusterRole\'s and their bindings\' names are path segments, as RBAC checks them', async () => {
    // GIVEN
    const rbac = (kind: string, metadata: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: ${metadata}`;
    const file = yamlFile([
      rbac('ClusterRole', '{ name: "system:aggregate-to-view", labels: { rbac.authorization.k8s.io/aggregate-to-view: "true" } }'),
      `---\n${rbac('Role', '{ name: "InferenceService Reader", namespace: llm }')}`,
      `---\n${rbac('ClusterRoleBinding', '{ generateName: "kserve:reader-" }')}`,
      `---\n${rbac('RoleBinding', '{ name: "models/reader", namespace: llm }')}`,
      `---\n${rbac('ClusterRole', '{ name: "..", namespace: llm }')}`,
      `---\n${rbac('Role', '{ name: "100%", namespace: llm }')}`,
      // A prefix may be '.' or '..': the API server appends 5 characters (IsValidPathSegmentPrefix checks only '/' and '%').
      `---\n${rbac('ClusterRole', '{ generateName: ".." }')}`,
      `---\n${rbac('ClusterRole', '{ generateName: "." }')}`,
      `---\n${rbac('Role', '{ generateName: "models/", namespace: llm }')}`,
    ].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN
    const rule = (kind: string) => `a path segment name, which a ${kind} name must be (not '.' or '..', without '/' or '%')`;
    expect(violations(report)).toEqual([
      ['Schema', 'models/reader', [`/metadata/name: 'models/reader' is not ${rule('RoleBinding')}`]],
      ['Schema', '..', [`/metadata/name: '..' is not ${rule('ClusterRole')}`]],
      ['Schema', '100%', [`/metadata/name: '100%' is not ${rule('Role')}`]],
      ['Schema', '(generateName models/)', ['/metadata/generateName: \'models/\' must be a prefix of a path segment name, which a Role name must be (without \'/\' or \'%\')']],
    ]);
  });

  test('a Job name is at most 63 characters unless it picks its own selector, and an Indexed Job\'s last pod hostname must be a DNS label', async () => {
    // GIVEN
    const job = (name: string, spec: string = '') => ['apiVersion: batch/v1\nkind: Job', `metadata: { name: ${name} }`,
      `spec: { ${spec}template: { spec: { restartPolicy: Never, containers: [{ name: c, image: i }] } } }`].join('\n');
    const file = yamlFile([
      job('j'.repeat(64)),
      `---\n${job('m'.repeat(64), 'manualSelector: true, selector: { matchLabels: { app: m } }, ')}`,
      `---\n${job('x'.repeat(62), 'completionMode: Indexed, completions: 10, ')}`,
      `---\n${job('train.v2', 'completionMode: Indexed, completions: 1, ')}`,
      `---\n${job('y'.repeat(61), 'completionMode: Indexed, completions: 10, ')}`,
      `---\n${job('z'.repeat(63))}`,
      // A generated name is the generateName's first 58 characters and 5 random ones: 63, too long for a hostname with '-9'.
      `---\n${job('', 'completionMode: Indexed, completions: 10, ').replace('{ name:  }', `{ generateName: ${'g'.repeat(60)}- }`)}`,
      `---\n${job('', 'completionMode: Indexed, completions: 10, ').replace('{ name:  }', `{ generateName: ${'h'.repeat(50)}- }`)}`,
      `---\n${job('', 'completionMode: Indexed, completions: 1, ').replace('{ name:  }', '{ generateName: train.v2- }')}`,
    ].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', 'j'.repeat(64), [
        `/metadata/name: '${'j'.repeat(64)}' is longer than 63 characters: the API server writes a Job's name into its pods' job-name `
        + 'and batch.kubernetes.io/job-name labels; shorten it',
      ]],
      ['Schema', 'x'.repeat(62), [
        `/metadata/name: '${'x'.repeat(62)}' makes '${'x'.repeat(62)}-9' the hostname of the Indexed Job's last pod, which must be a DNS-1123 label `
        + "(lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)",
      ]],
      ['Schema', 'train.v2', [
        "/metadata/name: 'train.v2' makes 'train.v2-0' the hostname of the Indexed Job's last pod, which must be a DNS-1123 label "
        + "(lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)",
      ]],
      ['Schema', `(generateName ${'g'.repeat(60)}-)`, [
        `/metadata/generateName: '${'g'.repeat(60)}-' makes names like '${'g'.repeat(58)}xxxxx-9' the hostname of the Indexed Job's last pod, `
        + "which must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)",
      ]],
      ['Schema', '(generateName train.v2-)', [
        "/metadata/generateName: 'train.v2-' makes names like 'train.v2-xxxxx-0' the hostname of the Indexed Job's last pod, "
        + "which must be a DNS-1123 label (lowercase alphanumerics and '-', starting and ending alphanumeric, at most 63 characters)",
      ]],
    ]);
  });

  test('a ConfigMap key in both data and binaryData is refused', async () => {
    // GIVEN
    const file = yamlFile('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { model.json: "{}", a: b }\nbinaryData: { model.json: e30= }');

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', 'settings', ['/data: key "model.json" is also a key of binaryData; the API server refuses a key in both: keep one']],
    ]);
  });

  test('a ConfigMap\'s data and binaryData, and a Secret\'s data and stringData, hold at most 1 MiB in total, decoded', async () => {
    // GIVEN: base64 values count as the bytes they decode to; a stringData value replaces the data value of its key
    const MIB = 1024 * 1024;
    const base64Of = (bytes: number) => Buffer.alloc(bytes).toString('base64');
    const file = yamlFile([
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: too-big }\ndata: { a: ${'x'.repeat(MIB - 1)}, b: é }`,
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: just-fits }\ndata: { a: x }\nbinaryData: { b: ${base64Of(MIB - 1)} }`,
      `---\napiVersion: v1\nkind: Secret\nmetadata: { name: too-big-secret }\ndata: { a: ${base64Of(MIB)} }\nstringData: { b: x }`,
      `---\napiVersion: v1\nkind: Secret\nmetadata: { name: replaced }\ndata: { a: ${base64Of(MIB)} }\nstringData: { a: x, b: y }`,
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report).filter(([rule]) => rule === 'Schema')).toEqual([
      ['Schema', 'too-big', [`/: data and binaryData hold ${MIB + 1} bytes, more than the ${MIB} (1 MiB) a ConfigMap may hold; mount larger files from a volume`]],
      ['Schema', 'too-big-secret', [`/data: data and stringData hold ${MIB + 1} bytes, more than the ${MIB} (1 MiB) a Secret may hold; split it into several Secrets`]],
    ]);
  });

  test('binaryData and a Secret\'s data must be standard base64, which the API server decodes them from', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: weights }\nbinaryData: { ok: e30=, raw: "{}", unpadded: e30 }',
      '---\napiVersion: v1\nkind: Secret\nmetadata: { name: token }\ndata: { ok: aGY=, plain: hf_not-encoded, urlsafe: "-_-_" }\nstringData: { text: "!!!" }',
    ].join('\n'));

    // WHEN
    const report = await validate([file], { podSecurity: false });

    // THEN
    const notBase64 = (field: string, key: string, fix: string) => `/${field}: the value of "${key}" is not base64 (A-Z, a-z, 0-9, '+' and '/', padded with '='), `
      + `which the API server decodes it from; encode it, or give it as ${fix}`;
    expect(violations(report).filter(([rule]) => rule === 'Schema')).toEqual([
      ['Schema', 'weights', [notBase64('binaryData', 'raw', 'data'), notBase64('binaryData', 'unpadded', 'data')]],
      ['Schema', 'token', [notBase64('data', 'plain', 'stringData'), notBase64('data', 'urlsafe', 'stringData')]],
    ]);
  });

  test('a negative quantity written as a bare number is reported in every kind, with or without a schema', async () => {
    // GIVEN
    const container = (resources: string) => `{ name: c, image: i:1, resources: ${resources}, securityContext: ${RESTRICTED} }`;
    const file = yamlFile([
      `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata: { name: runtime }\nspec: { containers: [${container('{ limits: { cpu: -1 } }')}] }`,
      '---\napiVersion: serving.knative.dev/v1\nkind: Configuration\nmetadata: { name: config }',
      `spec: { template: { spec: { containers: [${container('{ requests: { memory: -2.5 } }')}] } } }`,
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec: { selector: {}, template: { spec: { containers: [${container('{ limits: { cpu: -1 } }')}] } } }`,
      `---\napiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata: { name: fine }\nspec: { containers: [${container('{ limits: { cpu: 0, memory: -0 } }')}] }`,
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['Schema', 'api', ['/spec/template/spec/containers/0/resources/limits/cpu: must be string']],
      ['Quantities', 'runtime', ['/spec/containers/0/resources/limits/cpu: -1 is negative; a resource quantity must be at least 0']],
      ['Quantities', 'config', ['/spec/template/spec/containers/0/resources/requests/memory: -2.5 is negative; a resource quantity must be at least 0']],
      ['Quantities', 'api', ['/spec/template/spec/containers/0/resources/limits/cpu: -1 is negative; a resource quantity must be at least 0']],
    ]);
  });
});

describe('hostile YAML gets violations, never an exception', () => {
  test('wrong types in metadata, a __proto__ key, an alias cycle and documents that are not objects', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: { toString: x }\n  annotations: { a: 1, b: { toString: 1, valueOf: 1 }, c: [x] }\n  labels: [app]',
      '---\napiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata: { name: rt, annotations: { owner: { team: ml } }, __proto__: { polluted: 1 } }',
      'spec: &spec { containers: [{ name: c, image: i, securityContext: { capabilities: { add: [*spec] } } }], self: *spec }',
      '---\napiVersion: { toString: v1 }\nkind: [Pod]\nmetadata: { name: odd }',
      '---\n- a list\n---\njust a string\n---\n',
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    const all = violations(report);
    expect(all.map(([rule, resource]) => [rule, resource])).toEqual([
      ['YAML documents', '(document 4)'],
      ['YAML documents', '(document 5)'],
      ['Schema', '(no name)'],
      ['Schema', 'rt'],
      ['Schema', 'odd'],
      ['Pod Security restricted', 'rt'],
    ]);
    expect(all[2][2]).toEqual([
      '/metadata/annotations/a: must be string',
      '/metadata/annotations/b: must be string',
      '/metadata/annotations/c: must be string',
      '/metadata/labels: must be object',
      '/metadata/name: must be string',
    ]);
    expect(all[3][2]).toEqual(["/metadata: unknown field '__proto__'", '/metadata/annotations/owner: must be string']);
    expect(all.flatMap(([, , locations]) => locations).join('\n')).not.toContain('could not be checked');
    expect(({} as any).polluted).toBeUndefined();
  });

  test('a syntax error or a key given twice is reported with its line, and that document is not checked further', async () => {
    // GIVEN: bad indentation, an unclosed bracket and a duplicate key, each in its own document, after a valid one
    const file = yamlFile([
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\ndata: { k: v }',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b\ndata: [unclosed',
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\ndata: { k: v }',
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['YAML documents', '(document 2)', [
        '/: not valid YAML (Nested mappings are not allowed in compact mappings at line 9, column 9)',
        '/: not valid YAML (Implicit keys need to be on a single line at line 9, column 9)',
      ]],
      ['YAML documents', '(document 3)', [
        '/: not valid YAML (Flow map in block collection must be sufficiently indented and end with a } at line 15, column 1)',
        '/: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 16, column 1)',
      ]],
      ['YAML documents', '(document 4)', ['/: not valid YAML (Map keys must be unique at line 21, column 3)']],
    ]);
    expect(report.summary.metadata).toEqual({ 'Objects checked': '1' });
  });

  test('merge keys are merged, as kubectl reads them', async () => {
    // GIVEN
    const file = yamlFile([
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\n  labels: &labels { app: llama }',
      '  annotations:\n    <<: *labels\n    example.com/owner: ml\ndata: { k: v }',
    ].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([]);
  });

  test('an alias bomb is reported as not valid YAML, by document', async () => {
    // GIVEN: each level doubles the aliases the parser would expand
    const levels = Array.from({ length: 20 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]`);
    const file = yamlFile(['apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\nl0: &l0 [x]', ...levels].join('\n'));

    // WHEN
    const report = await validate([file]);

    // THEN
    expect(violations(report)).toEqual([
      ['YAML documents', '(document 1)', ['/: not valid YAML (Excessive alias count indicates a resource exhaustion attack)']],
    ]);
  });

  test('properties of any shape in cdk8s.yaml configure the plugin without an error', async () => {
    // GIVEN / WHEN
    const reports = await Promise.all([undefined, null, 'yes', { podSecurity: 'no' }, { podSecurity: false }]
      .map((properties) => validate([INVALID_INFERENCE_SERVICE], properties as any)));

    // THEN
    expect(reports.map((report) => report.violations.some((v) => v.ruleName === 'Pod Security restricted'))).toEqual([true, true, true, true, false]);
  });
});

test('every example, the Include\'d hand-written YAML among them, passes', async () => {
  // GIVEN
  const outdir = mkdtempSync(join(tmpdir(), 'examples-'));
  const app = new App({ outdir });
  for (const [name, factory] of Object.entries(EXAMPLES)) factory(app, name);
  app.synth();

  // WHEN: as cdk8s.yaml runs it (the kfserving-v1alpha2-canary example targets KFServing 0.4)
  const report = await validate(readdirSync(outdir).map((file) => join(outdir, file)), { kfservingVersion: '0.4' });

  // THEN
  expect(report.violations).toEqual([]);
  expect(report.summary.status).toBe('success');
  expect(readFileSync(join(outdir, 'legacy-yaml.k8s.yaml'), 'utf8')).toContain('name: flan-t5-small');
});

test('cdk8s.yaml runs the plugin: its entry loads the way cdk8s-cli loads a local plugin', async () => {
  // GIVEN
  const [entry] = parse(readFileSync(join(REPO, 'cdk8s.yaml'), 'utf8')).validations;

  // WHEN
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- cdk8s-cli requires a local plugin by its path
  const plugin = new (require(resolve(REPO, entry.package))[entry.class])(entry.properties);
  const context = new ValidationContext([INVALID_INFERENCE_SERVICE], entry.package, entry.version);
  await plugin.validate(context);

  // THEN
  expect(entry).toEqual({
    package: './validation/plugin.js', version: '0.0.0', class: 'InferenceManifestValidation', properties: { podSecurity: true, kfservingVersion: '0.4' },
  });
  expect(context.report.success).toBe(false);
});

describe('KServe\'s webhook rules for autoScaling.metrics (validateScalingKedaCompExtension, validateScalingHPACompExtension)', () => {
  const RULE = 'InferenceService autoScaling metrics';
  /** An InferenceService in Standard mode, its predictor and transformer given as flow YAML. */
  const isvc = (name: string, predictor: string, options: { autoscalerClass?: string; mode?: string; transformer?: string } = {}) => [
    '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService',
    `metadata: { name: ${name}, annotations: { serving.kserve.io/deploymentMode: ${options.mode ?? 'Standard'}`
      + `${options.autoscalerClass === '' ? '' : `, serving.kserve.io/autoscalerClass: ${options.autoscalerClass ?? 'keda'}`} } }`,
    `spec: { predictor: { containers: [{ name: kserve-container, image: i:1 }], ${predictor} }`
      + `${options.transformer ? `, transformer: { containers: [{ name: kserve-container, image: t:1 }], ${options.transformer} }` : ''} }`,
  ].join('\n');
  const metrics = (...items: string[]) => `autoScaling: { metrics: [${items.join(', ')}] }`;
  const cpu = (target: string) => `{ type: Resource, resource: { name: cpu, target: ${target} } }`;
  const memory = (target: string) => `{ type: Resource, resource: { name: memory, target: ${target} } }`;
  const external = (metric: string, target: string) => `{ type: External, external: { metric: ${metric}, target: ${target} } }`;
  const pod = (metric: string, target: string) => `{ type: PodMetric, podmetric: { metric: ${metric}, target: ${target} } }`;
  const QUERY = '{ backend: prometheus, serverAddress: "http://prometheus:9090", query: "sum(up)" }';
  const OTEL = '{ backend: opentelemetry, metricNames: [vllm_running], query: vllm_running }';
  const M = '/spec/predictor/autoScaling/metrics';

  async function problemsOf(...manifests: string[]): Promise<[string, readonly string[]][]> {
    const report = await validate([yamlFile(manifests.join('\n'))], { podSecurity: false });
    return violations(report).filter(([rule]) => rule === RULE).map(([, resource, locations]) => [resource, locations]);
  }

  test('each metric KServe\'s webhook takes under KEDA passes', async () => {
    expect(await problemsOf(isvc('fine', metrics(
      cpu('{ type: Utilization, averageUtilization: 1 }'),
      memory('{ type: Utilization, averageUtilization: 100 }'),
      memory('{ type: AverageValue, averageValue: 1Mi }'),
      memory('{ type: AverageValue, averageValue: 1.048576M }'),
      memory('{ type: AverageValue, averageValue: 1048576 }'),
      external(QUERY, '{ type: Value, value: "2" }'),
      pod(OTEL, '{ type: Value, value: "0.5" }'),
    ), { transformer: metrics(cpu('{ type: Utilization, averageUtilization: 60 }')) }))).toEqual([]);
  });

  test('a scaleMetric under KEDA is refused', async () => {
    expect(await problemsOf(isvc('scale-metric', `scaleMetric: cpu, ${metrics(cpu('{ type: Utilization, averageUtilization: 60 }'))}`))).toEqual([
      ['scale-metric', ['/spec/predictor/scaleMetric: KServe\'s webhook takes no scaleMetric under KEDA; the metrics are autoScaling.metrics']],
    ]);
  });

  test('a Resource metric\'s target type, utilization and memory per pod, as the webhook takes them', async () => {
    expect(await problemsOf(isvc('resources', metrics(
      cpu('{ type: AverageValue, averageValue: "2" }'),
      memory('{ type: Value, value: 1Gi }'),
      memory('{ type: AverageValue, averageValue: 512Ki }'),
      memory('{ type: AverageValue, averageValue: 1048575 }'),
      cpu('{ type: Utilization, averageUtilization: 0 }'),
      memory('{ type: Utilization, averageUtilization: 101 }'),
      cpu('{ type: Utilization }'),
      memory('{ type: AverageValue }'),
      '{ type: Resource }',
      // Names of Object's prototype find no rule: the CRD's enums refuse them (the schema rule).
      '{ type: constructor, constructor: {} }',
      '{ type: Resource, resource: { name: toString, target: { type: constructor } } }',
    )))).toEqual([['resources', [
      `${M}/0/resource/target/type: "AverageValue" is not a target KServe's webhook takes for cpu under KEDA: Utilization`,
      `${M}/1/resource/target/type: "Value" is not a target KServe's webhook takes for memory under KEDA: AverageValue or Utilization`,
      `${M}/2/resource/target/averageValue: "512Ki" must be at least 1Mi, the least KServe's webhook accepts for a memory target`,
      `${M}/3/resource/target/averageValue: 1048575 must be at least 1Mi, the least KServe's webhook accepts for a memory target`,
      `${M}/4/resource/target/averageUtilization: 0 must be a whole percentage from 1 to 100 (KServe's webhook)`,
      `${M}/5/resource/target/averageUtilization: 101 must be a whole percentage from 1 to 100 (KServe's webhook)`,
      `${M}/6/resource/target/averageUtilization: is required by a target of type Utilization`,
      `${M}/7/resource/target/averageValue: is required by a target of type AverageValue`,
      `${M}/8/resource: is required by a metric of type Resource`,
    ]]]);
  });

  test('an External or PodMetric metric needs a query and a target value; a Utilization target its percentage', async () => {
    expect(await problemsOf(isvc('queries', metrics(
      external('{ backend: prometheus, serverAddress: "http://prometheus:9090" }', '{ type: Value }'),
      pod('{ backend: opentelemetry, metricNames: [vllm_running], query: "" }', '{ type: Value, value: "1" }'),
      pod(OTEL, '{ type: Utilization, value: "1" }'),
      '{ type: External }',
      '{ type: PodMetric }',
    )))).toEqual([['queries', [
      `${M}/0/external/metric/query: is required, the query KEDA runs`,
      `${M}/0/external/target/value: is required, the threshold KEDA divides the query's value by`,
      `${M}/1/podmetric/metric/query: is required, the query KEDA runs`,
      `${M}/2/podmetric/target/averageUtilization: is required by a target of type Utilization`,
      `${M}/3/external: is required by a metric of type External`,
      `${M}/4/podmetric: is required by a metric of type PodMetric`,
    ]]]);
  });

  test('the transformer is checked as the predictor is', async () => {
    expect(await problemsOf(isvc('transformer', metrics(cpu('{ type: Utilization, averageUtilization: 60 }')), {
      transformer: `scaleMetric: cpu, ${metrics(cpu('{ type: Utilization, averageUtilization: 200 }'))}`,
    }))).toEqual([['transformer', [
      '/spec/transformer/scaleMetric: KServe\'s webhook takes no scaleMetric under KEDA; the metrics are autoScaling.metrics',
      '/spec/transformer/autoScaling/metrics/0/resource/target/averageUtilization: 200 must be a whole percentage from 1 to 100 (KServe\'s webhook)',
    ]]]);
  });

  test('KServe\'s HPA takes Resource metrics only', async () => {
    expect(await problemsOf(
      isvc('hpa-fine', metrics(cpu('{ type: AverageValue, averageValue: "2" }')), { autoscalerClass: 'hpa' }),
      isvc('hpa-external', metrics(external(QUERY, '{ type: Value, value: "2" }'), '{ type: Resource }'), { autoscalerClass: 'hpa' }),
    )).toEqual([['hpa-external', [
      `${M}/0/type: "External" is not a metric KServe's HPA takes: only Resource (cpu or memory); External and PodMetric need autoscalerClass keda`,
      `${M}/1/resource: is required by a metric of type Resource`,
    ]]]);
  });

  test('only where the webhook reads the metrics: Standard mode (or the legacy RawDeployment) with class keda or hpa on serving.kserve.io', async () => {
    const wrong = metrics(cpu('{ type: AverageValue, averageValue: "2" }'));
    expect(await problemsOf(
      isvc('knative', wrong, { mode: 'Knative' }),
      isvc('external-class', wrong, { autoscalerClass: 'external' }),
      isvc('no-class', wrong, { autoscalerClass: '' }),
      isvc('raw-deployment', wrong, { mode: 'RawDeployment' }),
    )).toEqual([['raw-deployment', [`${M}/0/resource/target/type: "AverageValue" is not a target KServe's webhook takes for cpu under KEDA: Utilization`]]]);
  });

  test('what the library writes for every KedaMetric passes', async () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'keda-metrics-')) });
    const chart = new Chart(app, 'keda');
    new InferenceService(chart, 'llm', {
      metadata: { name: 'llm', namespace: 'ml' },
      deploymentMode: DeploymentMode.STANDARD,
      container: { image: 'vllm/vllm-openai:v0.11.0', port: 8000 },
      autoscaling: StandardModeAutoscaler.keda({
        maxReplicas: 4,
        metrics: [
          KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress: 'http://prometheus:9090', target: 2 }),
          KedaMetric.openTelemetry({ metricName: VllmMetric.NUM_REQUESTS_RUNNING.name, target: 4 }),
          KedaMetric.cpu(60), KedaMetric.memoryUtilization(80), KedaMetric.memoryPerPod(Size.mebibytes(1)),
        ],
      }),
    });
    const manifests = app.synthYaml();
    const rule = servingRules().find((r) => r.name === RULE)!;
    const objects = parseAllDocuments(manifests).map((d) => d.toJS());
    expect(objects.find((o) => o.kind === 'InferenceService').spec.predictor.autoScaling.metrics).toHaveLength(5);
    expect(objects.flatMap((o) => rule.check(o))).toEqual([]);
  });
});

describe('KServe\'s webhook rule for replicas (component.go, validateReplicas)', () => {
  const RULE = 'InferenceService replicas';
  /** An InferenceService whose predictor, transformer and explainer get `fields` (flow YAML) each, when given. */
  const isvc = (name: string, components: { predictor?: string; transformer?: string; explainer?: string }) => [
    '---\napiVersion: serving.kserve.io/v1beta1\nkind: InferenceService',
    `metadata: { name: ${name} }`,
    'spec:',
    ...Object.entries(components).map(([component, fields]) => `  ${component}: { containers: [{ name: kserve-container, image: i:1 }], ${fields} }`),
  ].join('\n');

  async function problemsOf(...manifests: string[]): Promise<[string, readonly string[]][]> {
    const report = await validate([yamlFile(manifests.join('\n'))], { podSecurity: false });
    return violations(report).filter(([rule]) => rule === RULE).map(([, resource, locations]) => [resource, locations]);
  }

  test('a negative minReplicas or maxReplicas, in any component, is refused; 0 and an unset one pass', async () => {
    expect(await problemsOf(
      isvc('zero', { predictor: 'minReplicas: 0, maxReplicas: 0', transformer: 'maxReplicas: 1', explainer: 'minReplicas: 2' }),
      isvc('negative', { predictor: 'minReplicas: -1', transformer: 'maxReplicas: -2', explainer: 'minReplicas: -1, maxReplicas: -1' }),
    )).toEqual([
      ['negative', [
        '/spec/predictor/minReplicas: -1 must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero',
        '/spec/transformer/maxReplicas: -2 must be a whole number from 0 to 2147483647. Use 0 for no per-service cap',
        '/spec/explainer/minReplicas: -1 must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero',
        '/spec/explainer/maxReplicas: -1 must be a whole number from 0 to 2147483647. Use 0 for no per-service cap',
      ]],
    ]);
  });

  test('a count past the int32 maximum of the CRD\'s fields is refused (the schema rule skips formats); what is not an integer is the schema\'s alone', async () => {
    const report = await validate([yamlFile([
      isvc('largest', { predictor: 'minReplicas: 2147483647, maxReplicas: 2147483647' }),
      isvc('overflow', { predictor: 'maxReplicas: 0', transformer: 'minReplicas: 2147483648' }),
      isvc('typed', { predictor: 'minReplicas: "2", maxReplicas: 1.5' }),
    ].join('\n'))], { podSecurity: false });
    expect(violations(report)).toEqual([
      ['Schema', 'typed', ['/spec/predictor/maxReplicas: must be integer', '/spec/predictor/minReplicas: must be integer']],
      [RULE, 'overflow', ['/spec/transformer/minReplicas: 2147483648 must be a whole number from 0 to 2147483647. Use 0 to allow scale to zero']],
    ]);
  });

  test('maxReplicas below minReplicas is refused, in each component; equal, or 0 (no cap), passes', async () => {
    expect(await problemsOf(
      isvc('ordered', { predictor: 'minReplicas: 3, maxReplicas: 3', transformer: 'minReplicas: 5, maxReplicas: 0', explainer: 'minReplicas: 1, maxReplicas: 9' }),
      isvc('inverted', { predictor: 'minReplicas: 2, maxReplicas: 1', transformer: 'minReplicas: 4, maxReplicas: 3', explainer: 'minReplicas: 9, maxReplicas: 8' }),
    )).toEqual([
      ['inverted', [
        '/spec/predictor/maxReplicas: 1 is less than minReplicas (2). Use 2 or more, or 0 for no cap',
        '/spec/transformer/maxReplicas: 3 is less than minReplicas (4). Use 4 or more, or 0 for no cap',
        '/spec/explainer/maxReplicas: 8 is less than minReplicas (9). Use 9 or more, or 0 for no cap',
      ]],
    ]);
  });

  test('the rule and its fix, as the report shows them', async () => {
    const report = await validate([yamlFile(isvc('inverted', { predictor: 'minReplicas: 2, maxReplicas: 1' }))], { podSecurity: false });
    expect(report.violations.filter((v) => v.ruleName === RULE).map((v) => [v.recommendation, v.fix])).toEqual([[
      'KServe\'s webhook refuses a component whose minReplicas or maxReplicas is below 0, or whose maxReplicas is below its minReplicas '
        + '(0 means no cap); both are int32 fields, which no number past 2147483647 fits',
      'Give each component minReplicas and maxReplicas from 0 to 2147483647, with maxReplicas at least minReplicas or 0',
    ]]);
  });
});
