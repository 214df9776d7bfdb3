/**
 * Generated object names. Internal.
 */
import { Names } from 'cdk8s';
import { IConstruct } from 'constructs';

const MAX_LENGTH = 63;
const HASH_LENGTH = 8;
const NOT_IN_NAME = /[^0-9a-zA-Z-_.]/g;

/**
 * `Names.toDnsLabel(scope, { extra })` of cdk8s 2.70, computed without its dozen intermediate
 * arrays when the name needs no shortening: a ModelCache names two objects, and cdk8s's version
 * was a tenth of the time a fleet of caches takes to synthesize (docs/benchmarks.md). Names that
 * must be shortened, the legacy hash and top-level scopes go to cdk8s. test/names.test.ts checks
 * that both agree.
 */
export function dnsLabel(scope: IConstruct, extra: string[] = []): string {
  const components = scope.node.path.split('/').concat(extra);
  if (components.length === 1 || process.env.CDK8S_LEGACY_HASH) return Names.toDnsLabel(scope, { extra });
  components.push(scope.node.addr.substring(0, HASH_LENGTH));

  // cdk8s drops repeated neighbours and empty components, joins with '/' (keeping only the last
  // 63 characters), then re-splits on '-' and drops the tokens 'resource' and 'default'.
  const kept: string[] = [];
  let joinedLength = -1;
  let previous: string | undefined;
  for (const [index, component] of components.entries()) {
    const normalized = index === components.length - 1 ? component : component.toLocaleLowerCase().replace(NOT_IN_NAME, '').substring(0, MAX_LENGTH);
    if (normalized === previous) continue;
    previous = normalized;
    joinedLength += normalized.length + 1;
    if (normalized !== '') kept.push(normalized);
  }
  if (joinedLength > MAX_LENGTH) return Names.toDnsLabel(scope, { extra });

  const tokens: string[] = [];
  for (const token of kept.join('-').split('-')) {
    const lower = token.toLowerCase();
    if (token !== '' && lower !== 'resource' && lower !== 'default') tokens.push(token);
  }
  return tokens.join('-');
}
