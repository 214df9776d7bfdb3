/**
 * The property every construct must hold for any props: building and synthesizing it either
 * throws the library's own validation error, naming the offending prop, or yields objects that
 * an API server accepts as they are, written as YAML that reads back as the same objects.
 */
import { Chart, Testing, Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { hasSchema, metadataProblems } from '../../validation/manifest-schema';
import { expectValidManifests } from '../support/manifest-schema';
import { expectRestrictedPods } from '../support/pod-security';

/** A construct's error (`Invalid <Construct> at '<path>':`, or a value's `Invalid <Class>:`, and one problem a line). */
const CONSTRUCT_ERROR = /^Invalid [\w ]+( at '[^'\n]*')?:\n {2}- /;
/** A synth-time validation of cdk8s (`node.addValidation`): one `[<path>] <problem>` a line. */
const SYNTH_ERROR = /^Validation failed with the following errors:\n {2}\[/;
/**
 * One problem: `'<prop>' is <value>: ...` as constructs and value-class factories report them
 * (an element of a list as `'<prop>[<index>].<field>'`),
 * or a message that starts with the props it is about (`panicWindow (...) x stableWindow (...)`).
 */
const PROBLEM = /^('[\w./[\]]+' is |[\w.]+ (\(|of ))/;

function problemsOf(message: string): string[] {
  if (CONSTRUCT_ERROR.test(message)) return message.replace(CONSTRUCT_ERROR, '').split('\n  - ');
  if (SYNTH_ERROR.test(message)) return message.split('\n').slice(1).map((line) => line.replace(/^ {2}\[[^\]]*\] /, ''));
  return [message];
}

/** Rethrows anything that is not the library's own validation error, such as a TypeError or a cdk8s RangeError. */
export function expectLibraryError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const foreign = !(error instanceof Error) || error.constructor !== Error || problemsOf(message).some((problem) => !PROBLEM.test(problem));
  if (foreign) {
    throw new Error(`not a validation error of the library: ${(error as Error)?.stack ?? message}`);
  }
}

/**
 * Builds a chart and synthesizes it. Returns the objects after checking them against the schemas
 * (and the restricted Pod Security profile when `restricted`), or undefined when the build or
 * synth threw the library's own validation error.
 */
export function synthOrLibraryError(build: () => Chart, options: { readonly restricted: boolean }): any[] | undefined {
  let manifests: any[];
  try {
    manifests = Testing.synth(build());
  } catch (error) {
    expectLibraryError(error);
    return undefined;
  }
  expectValidManifests(manifests.filter((m) => hasSchema(m.apiVersion, m.kind)));
  manifests.filter((m) => !hasSchema(m.apiVersion, m.kind)).forEach(expectValidKnativeServing);
  if (options.restricted) expectRestrictedPods(manifests);
  // Injection-like values ("a\nkind: Secret") stay values: the YAML written reads back as the same objects.
  expect(parseAllDocuments(Yaml.stringify(...manifests)).map((document) => document.toJS())).toEqual(manifests);
  return manifests;
}

/**
 * The Knative Operator's CRD is not vendored, so the one kind without a schema that the library
 * emits, a KnativeServing holding only `spec.config`, is checked here: its metadata, and
 * sections that are string-to-string maps as Knative's ConfigMaps are.
 */
function expectValidKnativeServing(manifest: any): void {
  const problems = manifest.apiVersion === 'operator.knative.dev/v1beta1' && manifest.kind === 'KnativeServing'
    ? metadataProblems(manifest.metadata) : [`/: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  for (const [section, data] of Object.entries<any>(manifest.spec?.config ?? {})) {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') problems.push(`/spec/config/${section}/${key}: must be string`);
    }
  }
  if (problems.length > 0) throw new Error(`KnativeServing ${manifest.metadata?.name}:\n  ${problems.join('\n  ')}`);
}
