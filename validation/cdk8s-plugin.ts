/**
 * A cdk8s validation plugin (the `validations:` section of `cdk8s.yaml`) that runs the library's
 * checks over every manifest an app synthesizes, hand-written YAML brought in with `Include`
 * included: the schema checks the tests use, the serving rules no schema expresses, and the
 * Pod Security Standards restricted profile. cdk8s-cli loads it through validation/plugin.js.
 */
import type { Validation, ValidationContext, ValidationViolatingResource } from 'cdk8s-cli/plugins';
import { hasSchema, validateManifest } from './manifest-schema';
import { findPodTemplates, restrictedProfileViolations } from './pod-security';
import { ManifestRule, servingRules } from './serving-rules';

/** The `properties` of the plugin's entry in `cdk8s.yaml`. */
export interface InferenceManifestValidationProperties {
  /**
   * Check every pod template against the Pod Security Standards restricted profile.
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * The KFServing release of the clusters the app's serving.kubeflow.org objects go to, as
   * "0.<minor>": "0.4" and older still serve v1alpha2 canaries.
   * @default "0.6"
   */
  readonly kfservingVersion?: string;
}

/** A kind the schema checks do not know gets the rules only; an object without a kind is a schema problem. */
function isKindWithoutSchema(manifest: any): boolean {
  return typeof manifest.apiVersion === 'string' && typeof manifest.kind === 'string' && !hasSchema(manifest.apiVersion, manifest.kind);
}

const SCHEMA_RULE: ManifestRule = {
  name: 'Schema',
  recommendation: 'The API server would reject these fields or silently drop them: unknown or misspelled fields, wrong types, '
    + 'quantities that are not strings, invalid names, labels or annotations',
  fix: 'Correct each field listed, following the CRD (KServe 0.20, KFServing 0.6, Knative 1.23) or the Kubernetes API',
  check: (manifest) => (isKindWithoutSchema(manifest) ? [] : validateManifest(manifest)),
};

const POD_SECURITY_RULE: ManifestRule = {
  name: 'Pod Security restricted',
  recommendation: 'A namespace that enforces the Pod Security Standards restricted profile refuses these pods',
  fix: 'Run as non-root without privilege escalation, drop ALL capabilities, use the RuntimeDefault seccomp profile '
    + '(ServingSecurity.restricted() writes all of it)',
  check: restrictedProfileViolations,
};

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class InferenceManifestValidation implements Validation {
  private readonly rules: ManifestRule[];
  private readonly podSecurity: boolean;

  constructor(properties: InferenceManifestValidationProperties = {}) {
    this.podSecurity = properties.podSecurity ?? true;
    const kfservingVersion = properties.kfservingVersion ?? '0.6';
    const match = /^0\.(\d{1,2})$/.exec(String(kfservingVersion));
    if (!match) throw new Error(`'kfservingVersion' is ${JSON.stringify(kfservingVersion)}: give the KFServing release as "0.<minor>", for example "0.4"`);
    this.rules = [SCHEMA_RULE, ...servingRules(Number(match[1])), ...(this.podSecurity ? [POD_SECURITY_RULE] : [])];
  }

  public async validate(context: ValidationContext): Promise<void> {
    const violations = new Map<ManifestRule, ValidationViolatingResource[]>();
    const withoutSchema = new Set<string>();
    const unexpressible: string[] = [];
    let objects = 0;
    for (const manifestPath of context.manifests) {
      for (const manifest of context.parseManifest(manifestPath).filter(isObject)) {
        objects++;
        const resourceName = String(manifest.metadata?.name ?? '(no name)');
        if (isKindWithoutSchema(manifest)) withoutSchema.add(`${manifest.apiVersion} ${manifest.kind}`);
        if (this.podSecurity) {
          unexpressible.push(...findPodTemplates(manifest).unexpressible.map((component) => `${resourceName} ${component.path}: ${component.reason}`));
        }
        for (const rule of this.rules) {
          const locations = rule.check(manifest);
          if (locations.length > 0) violations.set(rule, [...violations.get(rule) ?? [], { resourceName, locations, manifestPath }]);
        }
      }
    }
    for (const rule of this.rules) {
      const violatingResources = violations.get(rule);
      if (!violatingResources) continue;
      context.report.addViolation({ ruleName: rule.name, recommendation: rule.recommendation, fix: rule.fix, violatingResources });
    }
    const summary: Record<string, string> = { 'Objects checked': String(objects) };
    if (withoutSchema.size > 0) summary['Kinds without a schema (rules only)'] = [...withoutSchema].sort().join(', ');
    if (unexpressible.length > 0) summary['Pods that cannot express a security context'] = unexpressible.join('; ');
    context.report.submit(violations.size > 0 ? 'failure' : 'success', summary);
  }
}
