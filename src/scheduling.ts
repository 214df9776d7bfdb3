import { Problems } from './_errors';
import { TolerationJson } from './_k8s-json';
import { isLabelValue, isQualifiedKey } from './_metadata-checks';

/** Effect of a node taint. */
export enum TaintEffect {
  /** New pods are not scheduled unless they tolerate the taint. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods that do not tolerate the taint are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A toleration for a node taint. The library's own struct rather than cdk8s-plus's
 * `NodeTaintQuery`, whose fields are private: reading them would mean calling its `@internal`
 * `_toKube()` (docs/architecture.md).
 */
export interface NodeToleration {
  /** Taint key, for example `nvidia.com/gpu`. */
  readonly key: string;
  /**
   * Taint value to match. Without a value the toleration matches any value (`Exists`).
   * @default - any value
   */
  readonly value?: string;
  /**
   * Taint effect to tolerate.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
}

/** @internal Reports taint keys and values no node can carry. */
export function checkTolerations(problems: Problems, prop: string, tolerations: readonly NodeToleration[]): void {
  for (const toleration of tolerations) {
    if (!isQualifiedKey(toleration.key)) problems.add(prop, toleration.key, 'must be a taint key ([prefix/]name, the name at most 63 characters)');
    if (toleration.value !== undefined && !isLabelValue(toleration.value)) {
      problems.add(prop, toleration.value, `the value of ${JSON.stringify(toleration.key)} must be a taint value (at most 63 alphanumerics, '-', '_' or '.')`);
    }
  }
}

/** @internal `Exists` without a value, `Equal` with one. */
export function renderTolerations(tolerations: readonly NodeToleration[]): TolerationJson[] {
  return tolerations.map((t) => ({ key: t.key, operator: t.value === undefined ? 'Exists' : 'Equal', value: t.value, effect: t.effect }));
}
