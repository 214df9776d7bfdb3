import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { App } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { parse } from 'yaml';
import { EXAMPLES } from '../examples';
import { InferenceManifestValidation, InferenceManifestValidationProperties } from '../validation/cdk8s-plugin';

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

test('every example, the Include\'d hand-written YAML among them, passes', async () => {
  // GIVEN
  const outdir = mkdtempSync(join(tmpdir(), 'examples-'));
  const app = new App({ outdir });
  for (const [name, factory] of Object.entries(EXAMPLES)) factory(app, name);
  app.synth();

  // WHEN
  const report = await validate(readdirSync(outdir).map((file) => join(outdir, file)));

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
  expect(entry).toEqual({ package: './validation/plugin.js', version: '0.0.0', class: 'InferenceManifestValidation', properties: { podSecurity: true } });
  expect(context.report.success).toBe(false);
});
