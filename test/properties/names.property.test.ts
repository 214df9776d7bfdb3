import { Chart, Names, Testing } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { PROPERTY_TIMEOUT, runs } from './settings';
import { dnsLabel } from '../../src/_names';

/**
 * Construct ids as people write them, plus what cdk8s's naming treats specially. Not the names of
 * Object.prototype's members, which constructs 10 keeps children in and then refuses as ids.
 */
const id = fc.oneof(
  fc.constantFrom('Resource', 'Default', 'resource', 'Cache', 'Loader', 'my-resource', 'Default-Model', 'a', 'A.B_c', '--', '-x-', 'x--y', 'İstanbul', 'ß'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,30}$/),
  fc.string({ minLength: 1, maxLength: 70 }).filter((s) => !s.includes('/')),
).filter((s) => !(s in {}));
const extra = fc.array(fc.oneof(fc.constantFrom('loader', 'Resource', ''), fc.stringMatching(/^[0-9a-f]{8}$/), fc.string({ maxLength: 20 })), { maxLength: 3 });

function constructAt(ids: string[]): IConstruct {
  let scope: Construct = new Chart(Testing.app(), ids[0]);
  for (const child of ids.slice(1)) scope = scope.node.tryFindChild(child) as Construct ?? new Construct(scope, child);
  return scope;
}

test('dnsLabel() is cdk8s\'s Names.toDnsLabel() for any path and extra components', () => {
  fc.assert(fc.property(fc.array(id, { minLength: 1, maxLength: 5 }), extra, (ids, extras) => {
    const scope = constructAt(ids);
    expect(dnsLabel(scope, extras)).toBe(Names.toDnsLabel(scope, { extra: extras }));
  }), { numRuns: runs(3000) });
}, PROPERTY_TIMEOUT);

test('dnsLabel() is cdk8s\'s Names.toDnsLabel() for the names of a fleet\'s caches', () => {
  // GIVEN the paths of a platform repo's caches, short and long
  for (const [chart, cache] of [['team-0', 'Model0Cache'], ['tenant-ml', 'Gpt2Cache'], ['a-very-long-team-name-for-the-search-org', 'SomeRatherLongModelCacheName']]) {
    const scope = constructAt([chart, cache]);

    // WHEN / THEN
    expect(dnsLabel(scope)).toBe(Names.toDnsLabel(scope));
    expect(dnsLabel(scope, ['loader', '0123abcd'])).toBe(Names.toDnsLabel(scope, { extra: ['loader', '0123abcd'] }));
  }
});
