/**
 * For constructs that are their own `ApiObject` (`InferenceService`, `ModelCache`): one construct
 * per object instead of a wrapper and its L1 child. cdk8s's `App` walks every construct of the app
 * once per chart it writes, so the wrapper cost a fleet of 10,000 services a third more time than
 * the same manifests as plain objects (docs/benchmarks.md).
 *
 * Such a construct must name itself and hand over its spec before it exists (in `super()`), so
 * the name is computed from the path the construct is about to get, and the spec is produced by
 * a function given once the construct has resolved its props.
 */
import { createHash } from 'crypto';
import {
  ApiObject, ApiObjectProps, App, IAnyProducer, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, Names, NameOptions, NumberStringUnionResolver,
} from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from './_errors';

/**
 * The name `Names.toDnsLabel(c, options)` gives the construct `c` that is about to be created as
 * `new C(scope, id)`. The wrapper constructs named their object with `Names.toDnsLabel(this)`,
 * and object names are an API (test/object-names.test.ts), so the name is the same one.
 */
export function dnsLabelAt(scope: Construct, id: string, options: NameOptions = {}): string {
  const ids = [...scope.node.scopes.map((s) => s.node.id), id];
  // What Names.toDnsLabel reads of a construct: its path (root excluded) and its address
  // (constructs' addressOf: SHA-1 over every id but the hidden "Default", prefixed with "c8").
  const hash = createHash('sha1');
  for (const component of ids) if (component !== 'Default') hash.update(`${component}\n`);
  const node = { path: ids.slice(1).join('/'), addr: `c8${hash.digest('hex')}` };
  return Names.toDnsLabel({ node } as unknown as Construct, options);
}

/**
 * A name cdk8s derived from a construct path, made one the API server accepts: cdk8s keeps the
 * '_' and '.' of construct ids (`gpt_2`, `Cache.`), which no object name may hold where a DNS
 * label is due (a Service's name), and a DNS subdomain holds '.' only between alphanumerics
 * (`cache.-c8636753` is none); these become '-', and a name starts and ends with an alphanumeric
 * (a chart without name hashes gives `chart-cache-` for the id `Cache_`). A name that was valid
 * stays as it was (object names are an API: test/object-names.test.ts).
 */
export function acceptedName(derived: string, dnsLabel: boolean): string {
  const dashed = dnsLabel ? derived.replace(/[._]/g, '-') : derived.replace(/_|\.(?![a-z0-9])|(?<![a-z0-9])\./g, '-');
  return dashed.replace(/^-+|-+$/g, '');
}

/**
 * An L1 object named as its chart names it (`Chart.generateObjectName`: cdk8s's hashes, none under
 * `disableResourceNameHashes`, or the chart's own scheme), created once more under the accepted
 * name only when the chart's name holds what no object name may. `create` names the object when
 * given a name, else leaves the naming to the chart. A path that leaves no name at all (a chart
 * without name hashes, and ids of only unicode) is the `what` construct's error: it needs a `name`.
 */
export function withAcceptedName<T extends ApiObject>(scope: Construct, id: string, what: string, create: (name: string | undefined) => T): T {
  const object = create(undefined);
  const accepted = acceptedName(object.name, false);
  if (accepted === object.name && accepted !== '') return object;
  scope.node.tryRemoveChild(id);
  if (accepted === '') {
    const problems = new Problems();
    problems.add('name', undefined, `the construct path '${scope.node.path}' leaves no object name in a chart without name hashes`,
      'Give \'name\', or ids with ASCII letters or digits');
    problems.throwIfAny(scope, what);
  }
  return create(accepted);
}

/** A spec (or any field) whose producer is given after the object is created; fails synth if it never is. */
export class LateProducer implements IAnyProducer {
  private producer?: IAnyProducer;

  public set(producer: IAnyProducer): void {
    this.producer = producer;
  }

  public produce(): unknown {
    if (!this.producer) throw new Error('internal error: an object was synthesized before its construct finished resolving its props');
    return this.producer.produce();
  }
}

/** A value known once the props are resolved, as a producer: an object, not a closure over the constructor's scope. */
export class FixedValue implements IAnyProducer {
  constructor(private readonly value: unknown) {}

  public produce(): unknown {
    return this.value;
  }
}

/**
 * What `ApiObject.toJson()` writes for an object whose spec the library renders as plain data
 * (strings, numbers, booleans, arrays and object literals), without cdk8s's resolve pass. That
 * pass hands plain data back unchanged, but visits every value of it, finding the app again from
 * the object for each: skipping it cut `FleetApp`'s synthesis of 1,000 services by 7 % (synth
 * phase 1,405 to 1,288 ms, medians of 6 runs each; docs/benchmarks.md), as the library renders all
 * three objects of a service.
 *
 * `rendered` is cdk8s's own rendering, used whenever the result could differ: the app has
 * resolvers of its own (`AppProps.resolvers`), the object has JSON patches, or the data holds
 * anything but plain values (a `Lazy`, a class instance), which cdk8s would resolve or refuse.
 */
export function plainObjectJson(object: ApiObject, spec: IAnyProducer, patched: boolean, rendered: () => any): any {
  if (patched || !hasOnlyBuiltInResolvers(App.of(object))) return rendered();
  try {
    // Resolved and sanitized by cdk8s already (keys sorted whatever CDK8S_DISABLE_SORT says), as
    // the pass that follows in ApiObject.toJson() leaves it.
    const metadata = object.metadata.toJson();
    const body = plainJson(spec.produce(), !process.env.CDK8S_DISABLE_SORT);
    if (body === NOT_PLAIN) return rendered();
    const json: Record<string, unknown> = { apiVersion: object.apiVersion, kind: object.kind };
    if (metadata !== undefined) json.metadata = metadata;
    if (body !== undefined) json.spec = body;
    return json;
  } catch {
    // cdk8s's rendering fails the same way, and names the object in its message.
    return rendered();
  }
}

/** The resolvers of every cdk8s App that was given none: they leave plain data as it is. */
function hasOnlyBuiltInResolvers(app: unknown): boolean {
  const resolvers = (app as App).resolvers;
  return Array.isArray(resolvers) && resolvers.length === 3 && resolvers[0] instanceof LazyResolver
    && resolvers[1] instanceof ImplicitTokenResolver && resolvers[2] instanceof NumberStringUnionResolver;
}

const NOT_PLAIN = Symbol('not plain data');

/**
 * `value` as cdk8s's `sanitizeValue` writes it (lib/_util.js: null and undefined left out, keys
 * sorted unless CDK8S_DISABLE_SORT is set), or NOT_PLAIN for anything cdk8s's resolvers would act
 * on (lib/resolve.js: a `Lazy`, a `resolve` method, the `value` of anything but an object literal)
 * or its sanitizer refuse (a class instance).
 */
function plainJson(value: unknown, sortKeys: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (Array.isArray(value)) {
    const { resolve, value: union } = value as { resolve?: unknown; value?: unknown };
    if (typeof resolve === 'function' || typeof union === 'string' || typeof union === 'number') return NOT_PLAIN;
    const items = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item = plainJson(value[index], sortKeys);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      items[index] = item;
    }
    return items;
  }
  // Not an object literal: a class instance, a function, a symbol. (A literal's `resolve` method
  // is refused here too, when its value is visited.)
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  const json: Record<string, unknown> = {};
  for (const key of keys) {
    const item = plainJson((value as Record<string, unknown>)[key], sortKeys);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== undefined) json[key] = item;
  }
  return json;
}

/** An object of the library with a spec it renders as plain data (a model cache's loader Job): see plainObjectJson. */
export class PlainSpecObject extends ApiObject {
  private readonly spec: IAnyProducer;
  private patched = false;

  constructor(scope: Construct, id: string, props: ApiObjectProps & { readonly spec: IAnyProducer }) {
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, spec: Lazy.any(props.spec) });
    this.spec = props.spec;
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    return plainObjectJson(this, this.spec, this.patched, () => super.toJson());
  }
}
