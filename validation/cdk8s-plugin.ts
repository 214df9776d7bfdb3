/**
 * A cdk8s validation plugin (the `validations:` section of `cdk8s.yaml`) that runs the library's
 * checks over every manifest an app synthesizes, hand-written YAML brought in with `Include`
 * included: the schema checks the tests use, the rules no schema expresses, and the Pod Security
 * Standards restricted profile. The package exports it as `InferenceManifestValidation`
 * (compiled into lib/validation.js, see scripts/bundle-validation.mjs).
 *
 * Manifests are input, not trusted: any YAML (numbers, lists or maps where strings belong,
 * `__proto__` keys, aliases that make a cycle, documents that are not maps) gets violations,
 * never an exception. A rule that throws all the same is reported as a violation of that rule.
 */
import { readFileSync } from 'fs';
import type { Validation, ValidationContext, ValidationViolatingResource } from 'cdk8s-cli/plugins';
import { parseAllDocuments } from 'yaml';
import { hasSchema, metadataSchemaProblems, schemaChecksQuantities, schemaProblems } from './manifest-schema';
import { findPodTemplates, isObject, restrictedProfileViolations, shown } from './pod-security';
import { ManifestRule, quantityProblems, servingRules } from './serving-rules';

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

/** A kind the schema checks do not know gets its metadata checked and the rules; an object without a kind is a schema problem. */
function isKindWithoutSchema(manifest: any): boolean {
  if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') return false;
  try {
    return !hasSchema(manifest.apiVersion, manifest.kind);
  } catch {
    return false; // the schema rule reports it
  }
}

const SCHEMA_RULE: ManifestRule = {
  name: 'Schema',
  recommendation: 'The API server would reject these fields or silently drop them: unknown or misspelled fields, wrong types, '
    + 'quantities that are not strings, invalid names, labels or annotations, ConfigMap and Secret keys or data over 1 MiB',
  fix: 'Correct each field listed, following the CRD (KServe 0.20, KFServing 0.6, Knative 1.23) or the Kubernetes API',
  check: (manifest) => (isKindWithoutSchema(manifest) ? metadataSchemaProblems(manifest) : schemaProblems(manifest)),
};

const POD_SECURITY_RULE: ManifestRule = {
  name: 'Pod Security restricted',
  recommendation: 'A namespace that enforces the Pod Security Standards restricted profile refuses these pods',
  fix: 'Run as non-root without privilege escalation, drop ALL capabilities, use the RuntimeDefault seccomp profile '
    + '(ServingSecurity.restricted() writes all of it)',
  check: restrictedProfileViolations,
};

const QUANTITY_RULE: ManifestRule = {
  name: 'Quantities',
  recommendation: 'The API server refuses a resource quantity it cannot parse, such as 1.5.5, 16GB, 1e3.5 or a map where a value belongs, '
    + 'and a negative one',
  fix: 'Write each quantity as a number of at least 0 with an optional suffix or a whole exponent, quoted: "500m", "1.5", "16Gi", "1e3"',
  // KServe's and KFServing's CRDs check the grammar themselves: what their pattern refuses is the schema rule's.
  check: (manifest) => quantityProblems(manifest, schemaChecksQuantities(manifest)),
};

/** A file the YAML parser refuses, or a document that is not an object. */
const DOCUMENT_RULE: ManifestRule = {
  name: 'YAML documents',
  recommendation: 'kubectl and GitOps tools refuse a file they cannot parse (bad indentation, an unclosed bracket, a key given twice), '
    + 'and every document must be a Kubernetes object (a map)',
  fix: 'Correct the YAML at the line given; remove documents that are a list, a string or a number',
  check: () => [],
};

/** One document of a manifest file: what it parses to, and the syntax errors that make kubectl refuse it. */
export interface ManifestDocument {
  readonly value: unknown;
  /** Each error with its line and column; a document with errors is not checked further. */
  readonly yamlErrors: readonly string[];
}

/**
 * The documents of a manifest file. `parseAllDocuments` (which cdk8s-cli's `parseManifest` also uses)
 * records syntax errors in `doc.errors` instead of throwing, and `toJS()` then returns a guess, so
 * the errors are kept beside the value. Duplicate keys are among them (the parser's `uniqueKeys`),
 * as sigs.k8s.io/yaml, kubectl's reader, refuses them too. Its warnings are not: an unknown tag
 * leaves the value as written, as go-yaml does. Merge keys (`<<: *defaults`) are merged, as go-yaml
 * (under sigs.k8s.io/yaml) merges them for kubectl; YAML 1.2 parsers leave them as a key `<<`.
 */
function manifestDocuments(manifestPath: string): ManifestDocument[] {
  return parseAllDocuments(readFileSync(manifestPath, 'utf8'), { merge: true }).map((document) => {
    // The parser's messages end with a quote of the line: the first line holds the error and where it is.
    const yamlErrors = document.errors.map((error) => error.message.split('\n')[0].replace(/:$/, ''));
    try {
      return { value: document.toJS(), yamlErrors };
    } catch (error) {
      return { value: undefined, yamlErrors: [...yamlErrors, messageOf(error)] }; // such as too many aliases, a resource exhaustion attack
    }
  });
}

/** How the report names an object: its name, else the generateName the API server makes its name from. */
function resourceNameOf(manifest: Record<string, any>): string {
  const { name, generateName } = isObject(manifest.metadata) ? manifest.metadata : {} as Record<string, unknown>;
  if (typeof name === 'string' && name !== '') return name;
  return typeof generateName === 'string' && generateName !== '' ? `(generateName ${generateName})` : '(no name)';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}

/** A rule's problems; a rule that throws on some input reports that, instead of ending the synth. */
function checkSafely(rule: ManifestRule, manifest: Record<string, any>): string[] {
  try {
    return rule.check(manifest);
  } catch (error) {
    return [`/: could not be checked (${messageOf(error)})`];
  }
}

export class InferenceManifestValidation implements Validation {
  private readonly rules: ManifestRule[];
  private readonly podSecurity: boolean;

  constructor(properties: InferenceManifestValidationProperties = {}) {
    // cdk8s-cli passes the `properties` of cdk8s.yaml as they are: only `podSecurity: false` turns the profile off.
    const given: InferenceManifestValidationProperties = isObject(properties) ? properties : {};
    this.podSecurity = given.podSecurity !== false;
    const kfservingVersion = given.kfservingVersion ?? '0.6';
    const match = /^0\.(\d{1,2})$/.exec(typeof kfservingVersion === 'string' ? kfservingVersion : '');
    if (!match) throw new Error(`'kfservingVersion' is ${shown(kfservingVersion)}: give the KFServing release as "0.<minor>", for example "0.4"`);
    this.rules = [DOCUMENT_RULE, SCHEMA_RULE, QUANTITY_RULE, ...servingRules(Number(match[1])), ...(this.podSecurity ? [POD_SECURITY_RULE] : [])];
  }

  public async validate(context: ValidationContext): Promise<void> {
    const violations = new Map<ManifestRule, ValidationViolatingResource[]>();
    const report = (rule: ManifestRule, resource: ValidationViolatingResource) => violations.set(rule, [...violations.get(rule) ?? [], resource]);
    const withoutSchema = new Set<string>();
    const unexpressible: string[] = [];
    let objects = 0;
    for (const manifestPath of context.manifests) {
      let documents: ManifestDocument[];
      try {
        documents = this.documents(manifestPath);
      } catch (error) {
        report(DOCUMENT_RULE, { resourceName: '(file)', locations: [`/: not valid YAML (${messageOf(error)})`], manifestPath });
        continue;
      }
      documents.forEach(({ value: manifest, yamlErrors }, index) => {
        if (yamlErrors.length > 0) {
          report(DOCUMENT_RULE, { resourceName: `(document ${index + 1})`, locations: yamlErrors.map((error) => `/: not valid YAML (${error})`), manifestPath });
          return;
        }
        if (manifest === null || manifest === undefined) return; // an empty document, as after a trailing `---`
        if (!isObject(manifest)) {
          report(DOCUMENT_RULE, { resourceName: `(document ${index + 1})`, locations: [`/: a document must be a map, not ${Array.isArray(manifest) ? 'a list' : typeof manifest}`], manifestPath });
          return;
        }
        objects++;
        const resourceName = resourceNameOf(manifest);
        if (isKindWithoutSchema(manifest)) withoutSchema.add(`${manifest.apiVersion} ${manifest.kind}`);
        if (this.podSecurity) {
          unexpressible.push(...findPodTemplates(manifest).unexpressible.map((component) => `${resourceName} ${component.path}: ${component.reason}`));
        }
        for (const rule of this.rules) {
          const locations = checkSafely(rule, manifest);
          if (locations.length > 0) report(rule, { resourceName, locations, manifestPath });
        }
      });
    }
    for (const rule of this.rules) {
      const violatingResources = violations.get(rule);
      if (!violatingResources) continue;
      context.report.addViolation({ ruleName: rule.name, recommendation: rule.recommendation, fix: rule.fix, violatingResources });
    }
    const summary: Record<string, string> = { 'Objects checked': String(objects) };
    if (withoutSchema.size > 0) summary['Kinds without a schema (metadata and rules only)'] = [...withoutSchema].sort().join(', ');
    if (unexpressible.length > 0) summary['Pods that cannot express a security context'] = unexpressible.join('; ');
    context.report.submit(violations.size > 0 ? 'failure' : 'success', summary);
  }

  /** The documents of one manifest file (a seam for tests that hand over objects YAML cannot hold). */
  protected documents(manifestPath: string): ManifestDocument[] {
    return manifestDocuments(manifestPath);
  }
}
