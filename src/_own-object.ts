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
import { ApiObject, IAnyProducer, Names, NameOptions } from 'cdk8s';
import { Construct } from 'constructs';

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
 * '_' of construct ids (`gpt_2`), which no object name may hold, and a DNS label (a Service's
 * name) may not hold '.' either; both become '-', and a leading '-' goes. A name that was valid
 * stays as it was (object names are an API: test/object-names.test.ts).
 */
export function acceptedName(derived: string, dnsLabel: boolean): string {
  return derived.replace(dnsLabel ? /[._]/g : /_/g, '-').replace(/^-+/, '');
}

/**
 * An L1 object named as its chart names it (`Chart.generateObjectName`: cdk8s's hashes, none under
 * `disableResourceNameHashes`, or the chart's own scheme), created once more under the accepted
 * name only when the chart's name holds what no object name may. `create` names the object when
 * given a name, else leaves the naming to the chart.
 */
export function withAcceptedName<T extends ApiObject>(scope: Construct, id: string, create: (name: string | undefined) => T): T {
  const object = create(undefined);
  const accepted = acceptedName(object.name, false);
  if (accepted === object.name) return object;
  scope.node.tryRemoveChild(id);
  return create(accepted);
}

/** A spec (or any field) whose producer is given after the object is created; fails synth if it never is. */
export class LateProducer implements IAnyProducer {
  private producer?: () => unknown;

  public set(producer: () => unknown): void {
    this.producer = producer;
  }

  public produce(): unknown {
    if (!this.producer) throw new Error('internal error: an object was synthesized before its construct finished resolving its props');
    return this.producer();
  }
}
