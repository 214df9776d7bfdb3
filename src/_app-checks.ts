/**
 * The checks that look at a whole app, run once per synthesis of the app: every object has one
 * owner, and every construct's warnings reach whoever runs synth. Internal.
 *
 * The library's constructs register here when they are created (by the root of their construct
 * tree, as `KnativeFeatureFlags` registers for the services' feature check). At synth, the root's
 * validation walks the app once and gives each construct with problems a validation that
 * reports them at its path. cdk8s validates the app again for every chart it writes, and those
 * validations read the same result. A construct registered later starts the next walk.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { redactSecrets } from './_secrets';

/** An object that a controller creates for a construct's object, under a name derived from it. */
export interface ReservedObject {
  /** API group, '' for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Who creates it and why, for messages: "KServe creates the predictor's Knative Service". */
  readonly creator: string;
}

/** What a construct of the library tells the app checks about itself. */
export interface AppMember {
  /**
   * Objects a controller creates for this construct, in `namespace`, that no other construct
   * may write. Read at synth.
   */
  reserved?(): { readonly namespace?: string; readonly objects: readonly ReservedObject[] };
  /** The construct's warnings, read at synth. */
  warnings?(): readonly string[];
  /**
   * The construct's problems with the rest of the app (which is complete at synth), read once per
   * synth and reported at the construct's path with the app checks' own.
   */
  problems?(): readonly string[];
}

/**
 * Kinds without a namespace: cdk8s writes a chart's namespace on every object, and the cluster
 * ignores it on these.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', 'storage.k8s.io/StorageClass', 'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding', 'apiextensions.k8s.io/CustomResourceDefinition', 'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass', 'serving.kserve.io/LocalModelCache', 'serving.kserve.io/LocalModelNodeGroup',
  'serving.kserve.io/ClusterServingRuntime', 'serving.kserve.io/ClusterStorageContainer',
]);

/** Turns the warnings of every construct of an app into synth errors (`SynthWarnings`). */
export const WARNINGS_AS_ERRORS_ENV = 'CDK8S_INFERENCE_WARNINGS_AS_ERRORS';

const APPS = new WeakMap<IConstruct, AppChecks>();

/** Registers a construct of the library with the checks of its app. */
export function registerInApp(construct: IConstruct, member: AppMember = {}): void {
  checksOf(construct).register(construct, member);
}

/** Makes the warnings of the app of `scope` synth errors. */
export function treatWarningsAsErrors(scope: IConstruct): void {
  checksOf(scope).treatWarningsAsErrors();
}

function checksOf(scope: IConstruct): AppChecks {
  const root = scope.node.root;
  let checks = APPS.get(root);
  if (!checks) {
    checks = new AppChecks(root);
    APPS.set(root, checks);
  }
  return checks;
}

/** Where the library writes the warnings it prints at synth; replaced in tests. */
export const warningOutput = { write: (text: string): void => void process.stderr.write(text) };

/** One object as the walk found it: written by an ApiObject, or reserved by a construct. */
interface Claim {
  /** The ApiObject, or the reserving construct (its path is read only for a message). */
  readonly construct: IConstruct;
  /** The registered construct above the object (or the reserving one), which reports. */
  readonly member?: IConstruct;
  readonly object?: ApiObject;
  readonly reserved?: ReservedObject;
  /** The object's key (objectKey) of a reserved object; an ApiObject's is read from it. */
  readonly key?: string;
}

class AppChecks {
  private warningsAsErrors = false;
  private readonly members = new Map<IConstruct, AppMember>();
  /** Problems by construct, from the last walk; undefined until the next walk. */
  private found?: Map<IConstruct, string[]>;
  /** The constructs given a validation that reports their problems. */
  private readonly reporting = new Set<IConstruct>();

  constructor(private readonly root: IConstruct) {
    // cdk8s validates the app's constructs in the tree's pre-order, so the root's validation runs
    // first, and the constructs with problems get theirs before cdk8s reaches them. cdk8s's App
    // calls every validation of the app once per chart: a validation on every construct cost
    // 0.5 s of 7.9 s at 4,000 services in 81 charts, growing with services times charts
    // (docs/benchmarks.md).
    root.node.addValidation({ validate: () => this.attachReporters() });
  }

  public register(construct: IConstruct, member: AppMember): void {
    this.members.set(construct, member);
    this.found = undefined;
  }

  public treatWarningsAsErrors(): void {
    this.warningsAsErrors = true;
    this.found = undefined;
  }

  public problemsOf(construct: IConstruct): string[] {
    this.found ??= this.walk();
    return this.found.get(construct) ?? [];
  }

  /** Walks the app if needed, and adds a validation to each construct with problems: they are reported at its path. */
  private attachReporters(): string[] {
    this.found ??= this.walk();
    for (const construct of this.found.keys()) {
      if (this.reporting.has(construct)) continue;
      this.reporting.add(construct);
      construct.node.addValidation({ validate: () => this.problemsOf(construct) });
    }
    return [];
  }

  /** One pass over the app: prints the warnings, and finds the objects with more than one owner. */
  private walk(): Map<IConstruct, string[]> {
    const found = new Map<IConstruct, string[]>();
    const report = (construct: IConstruct, message: string) => {
      const list = found.get(construct);
      if (list) list.push(message); else found.set(construct, [message]);
    };
    // Claims by name: most names are claimed once, and only the names claimed more than once are
    // keyed by API group, kind and namespace, after the walk.
    const byName = new Map<string, Claim | Claim[]>();
    const claim = (name: string, entry: Claim) => {
      const existing = byName.get(name);
      if (existing === undefined) byName.set(name, entry);
      else if (Array.isArray(existing)) existing.push(entry);
      else byName.set(name, [existing, entry]);
    };
    const reserving: [IConstruct, AppMember][] = [];
    const checking: [IConstruct, AppMember][] = [];
    const warnings: string[] = [];
    const asErrors = this.warningsAsErrors || ['1', 'true'].includes((process.env[WARNINGS_AS_ERRORS_ENV] ?? '').toLowerCase());

    const visit = (construct: IConstruct, owner: IConstruct | undefined): void => {
      const member = this.members.get(construct);
      if (member) {
        owner = construct;
        for (const warning of member.warnings?.() ?? []) {
          warnings.push(`[Warning at ${construct.node.path}] ${redactSecrets(warning)}\n`);
          if (asErrors) report(construct, `Warning, an error here because warnings are errors: ${redactSecrets(warning)}`);
        }
        if (member.reserved) reserving.push([construct, member]);
        if (member.problems) checking.push([construct, member]);
      }
      // A construct of the library may be its own object (InferenceService, ModelCache).
      if (construct instanceof ApiObject && typeof construct.metadata.name === 'string') {
        claim(construct.metadata.name, { construct, member: owner, object: construct });
      }
      for (const child of construct.node.children) visit(child, owner);
    };
    visit(this.root, undefined);
    // A reserved name matters only where the app writes an object of that name.
    for (const [construct, member] of reserving) {
      const { namespace, objects } = member.reserved!();
      for (const object of objects) {
        if (!byName.has(object.name)) continue;
        claim(object.name, { construct, member: construct, reserved: object, key: objectKey(object.group, object.kind, namespace, object.name) });
      }
    }
    const sharedClaims = new Map<string, Claim[]>();
    for (const claims of byName.values()) {
      if (!Array.isArray(claims)) continue;
      const byKey = new Map<string, Claim[]>();
      for (const entry of claims) {
        const object = entry.object;
        const key = entry.key ?? objectKey(apiGroup(object!.apiVersion), object!.kind, object!.metadata.namespace, object!.name);
        byKey.set(key, [...byKey.get(key) ?? [], entry]);
      }
      for (const [key, entries] of byKey) if (entries.length > 1) sharedClaims.set(key, entries);
    }

    if (warnings.length > 0) warningOutput.write(warnings.join(''));
    for (const [key, entries] of sharedClaims) {
      const message = collision(key, entries);
      const reporter = entries.find((entry) => entry.member)?.member;
      if (message && reporter) report(reporter, message);
    }
    for (const [construct, member] of checking) for (const problem of member.problems!()) report(construct, problem);
    return found;
  }
}

/** The group of an `apiVersion`: '' for the core group (`v1`). */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `group/kind` then the namespace (none for cluster-scoped kinds) and the name, one string per object in the cluster. */
function objectKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  const kindKey = `${group}/${kind}`;
  return `${kindKey}\n${CLUSTER_SCOPED.has(kindKey) ? '' : namespace ?? ''}\n${name}`;
}

/**
 * The problem with the claims on one object, or undefined when there is none: two writers, or a
 * writer and a controller that creates the object. One construct may write one object twice only
 * with the same content.
 */
function collision(key: string, entries: Claim[]): string | undefined {
  const writers = entries.filter((entry) => entry.object);
  const owners = new Map<unknown, Claim[]>();
  for (const writer of writers) {
    const claimant = writer.member ?? writer.object;
    owners.set(claimant, [...owners.get(claimant) ?? [], writer]);
  }
  const conflictingWriters = [...owners.values()].flatMap((claims) => distinctContent(claims));
  const [kindKey, namespace, name] = key.split('\n');
  const [group, kind] = [kindKey.slice(0, kindKey.lastIndexOf('/')), kindKey.slice(kindKey.lastIndexOf('/') + 1)];
  const object = `${kind} "${namespace ? `${namespace}/` : ''}${name}" (${group || 'core'} API group)`;
  const reserver = entries.find((entry) => entry.reserved && writers.some((writer) => writer.member !== entry.member));
  if (reserver) {
    const writer = writers.find((w) => w.member !== reserver.member)!;
    return `${object} is written by '${writer.construct.node.path}', and ${reserver.reserved!.creator} for '${reserver.construct.node.path}' under this name: `
      + 'the controller and the manifest would overwrite each other. Rename one of them';
  }
  if (conflictingWriters.length < 2) return undefined;
  const paths = conflictingWriters.map((writer) => `'${writer.construct.node.path}'`);
  return `${object} is written by ${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}: applied together, one overwrites the other. `
    + 'Give each its own name or namespace, or create the object once and share it';
}

/** The claims of one owner with distinct content (one for identical copies). */
function distinctContent(claims: Claim[]): Claim[] {
  if (claims.length === 1) return claims;
  const seen = new Set<string>();
  return claims.filter((claim) => {
    const json = JSON.stringify(claim.object!.toJson());
    if (seen.has(json)) return false;
    seen.add(json);
    return true;
  });
}
