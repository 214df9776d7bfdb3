/**
 * The property every construct must hold for any props: building and synthesizing it either
 * throws the library's own validation error, naming the offending prop, or yields objects that
 * an API server accepts as they are (test/support/manifest-values.ts for what the schemas do not
 * say), written as YAML that reads back as the same objects with a YAML 1.2 reader and with
 * Kubernetes' own.
 */
import { isDeepStrictEqual } from 'util';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { hasSchema, metadataProblems } from '../../validation/manifest-schema';
import { expectValidManifests } from '../support/manifest-schema';
import { manifestValueProblems } from '../support/manifest-values';
import { expectRestrictedPods } from '../support/pod-security';
import { readBothWays } from '../support/yaml-readers';

/** A construct's error (`Invalid <Construct> at '<path>':`, the path's ids any text, or a value's `Invalid <Class>:`, and one problem a line). */
const CONSTRUCT_ERROR = /^Invalid [\w ]+( at '[^\n]*')?:\n {2}- /;
/** A synth-time validation of cdk8s (`node.addValidation`): one `[<path>] <problem>` a line. */
const SYNTH_ERROR = /^Validation failed with the following errors:\n {2}\[/;
/**
 * One problem: `'<prop>' is <value>: ...` as constructs and value-class factories report them (a
 * prop names an array's item as `[0]` and a map's member as `.name` or `["any key"]`),
 * a budget's message about a service by its path (`'<path>' can cost ...`, the path's ids any text),
 * a message that starts with the props it is about (`panicWindow (...) x stableWindow (...)`),
 * or the app's check that no two constructs write one object (`InferenceService "ml/gpt2" (serving.kserve.io API group) is written by`).
 */
const PROBLEM = /^('(?:[\w./-]|\[\d+\]|\["(?:[^"\\\n]|\\.)*"\])+' (is|has) |'[^\n]+' can cost |[\w.]+ (\(|of )|\w+ "[^"\n]+" \([\w.]+ API group\) is )/;

function problemsOf(message: string): string[] {
  if (CONSTRUCT_ERROR.test(message)) return message.replace(CONSTRUCT_ERROR, '').split('\n  - ');
  if (SYNTH_ERROR.test(message)) return message.split('\n').slice(1).map(withoutPath);
  return [message];
}

/** A synth-time problem without its `  [<path>] ` (the path's ids any text, `]` and `] ` among them): the first remainder that is a problem. */
function withoutPath(line: string): string {
  for (let end = line.indexOf('] '); end >= 0; end = line.indexOf('] ', end + 1)) {
    if (PROBLEM.test(line.slice(end + 2))) return line.slice(end + 2);
  }
  return line;
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
 * Builds a chart, or an app (several charts, any construct paths), and synthesizes it once: a
 * chart as `Testing.synth` does, an app as `App.synthYaml` does (each chart's `toJson`, which
 * runs the app's synth-time validations, written as one YAML stream). Returns the objects (of
 * every chart of an app) after checking them against the schemas (and the restricted Pod Security
 * profile when `restricted`) and reading the YAML written back, or undefined when the build or
 * synth threw the library's own validation error.
 */
export function synthOrLibraryError(build: () => Chart | App, options: { readonly restricted: boolean }): any[] | undefined {
  let manifests: any[];
  try {
    const built = build();
    manifests = built instanceof Chart ? Testing.synth(built) : built.charts.flatMap((chart) => chart.toJson());
  } catch (error) {
    expectLibraryError(error);
    return undefined;
  }
  expectValidObjects(manifests, options);
  expectReadBackAsWritten(Yaml.stringify(...manifests), manifests);
  return manifests;
}

/**
 * The message of the library's own error that `action` throws, or undefined when it throws none;
 * rethrows anything else (`expectLibraryError`).
 */
export function libraryErrorMessage(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    expectLibraryError(error);
    return (error as Error).message;
  }
}

function expectValidObjects(manifests: any[], options: { readonly restricted: boolean }): void {
  expectValidManifests(manifests.filter((m) => hasSchema(m.apiVersion, m.kind)));
  manifests.filter((m) => !hasSchema(m.apiVersion, m.kind)).forEach(expectValidKnativeServing);
  if (options.restricted) expectRestrictedPods(manifests);
  expect(manifests.flatMap(manifestValueProblems)).toEqual([]);
  expect(objectsWrittenTwice(manifests)).toEqual([]);
}

/** The kinds the library writes that have no namespace: the cluster ignores the one cdk8s writes from a chart. */
const CLUSTER_SCOPED_KINDS = new Set(['LocalModelCache', 'LocalModelNodeGroup', 'ClusterStorageContainer', 'ClusterServingRuntime']);

/** Objects that two manifests write under the same group, kind, namespace and name: applied together, one overwrites the other. */
function objectsWrittenTwice(manifests: any[]): string[] {
  const keys = manifests.map((m) => {
    const group = String(m.apiVersion).includes('/') ? String(m.apiVersion).split('/')[0] : '';
    const namespace = CLUSTER_SCOPED_KINDS.has(m.kind) ? '' : m.metadata?.namespace ?? '';
    return `${group}/${m.kind} ${namespace}/${m.metadata?.name}`;
  });
  return keys.filter((key, index) => keys.indexOf(key) !== index);
}

/**
 * Injection-like values ("a\nkind: Secret") stay values, and strings stay strings (`0o17`, `yes`):
 * the YAML written reads back as the same objects with a YAML 1.2 reader and with Kubernetes' own.
 */
function expectReadBackAsWritten(yaml: string, manifests: any[]): void {
  const withoutEmpty = (documents: unknown[]) => documents.filter((document) => document !== null && document !== undefined);
  const { yaml12, kubernetes } = readBothWays(yaml);
  expectEqual(withoutEmpty(yaml12), manifests);
  // Go has no negative zero: `-0` reads as 0, which is what the number means.
  expectEqual(withoutEmpty(kubernetes), JSON.parse(JSON.stringify(manifests)));
}

/**
 * `expect(actual).toEqual(expected)`, asked only when Node's strict deep equality (which implies
 * jest's: same values, -0 apart from 0, and prototypes besides) does not already hold: jest's
 * comparison costs more than reading the YAML, and most objects read back as written.
 */
function expectEqual(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

/**
 * The Knative Operator's CRD is not vendored, so the one kind without a schema that the library
 * emits, a KnativeServing holding only `spec.config`, is checked here: its metadata, and
 * sections that are string-to-string maps as Knative's ConfigMaps are.
 */
function expectValidKnativeServing(manifest: any): void {
  const problems = manifest.apiVersion === 'operator.knative.dev/v1beta1' && manifest.kind === 'KnativeServing'
    ? metadataProblems(manifest) : [`/: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  for (const [section, data] of Object.entries<any>(manifest.spec?.config ?? {})) {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') problems.push(`/spec/config/${section}/${key}: must be string`);
    }
  }
  if (problems.length > 0) throw new Error(`KnativeServing ${manifest.metadata?.name}:\n  ${problems.join('\n  ')}`);
}
