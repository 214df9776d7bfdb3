/** Writes cluster-wide Knative settings as a ConfigMap or into a Knative Operator `KnativeServing`. */
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Problems } from './_errors';
import { isDnsLabel } from './_metadata-checks';
import { KnativeConfigOptions } from './knative-operator-config';

/** One Knative Serving ConfigMap and the `KnativeServing.spec.config` section that holds the same keys. */
export interface KnativeConfigMap {
  /** ConfigMap name, e.g. `config-autoscaler`. */
  readonly name: string;
  /** Section under `KnativeServing.spec.config`, e.g. `autoscaler`. */
  readonly section: string;
  /** `app.kubernetes.io/component` of Knative's own copy of the ConfigMap. */
  readonly component: string;
}

export function checkKnativeConfigOptions(problems: Problems, options: KnativeConfigOptions): void {
  if (options.namespace !== undefined && !isDnsLabel(options.namespace)) {
    problems.add('namespace', options.namespace, 'must be a namespace name (at most 63 lowercase alphanumerics and \'-\')');
  }
  if (options.operator && options.namespace !== undefined) {
    problems.add('namespace', options.namespace, 'applies only to a ConfigMap, and these settings go into a KnativeOperatorConfig',
      'Remove it, or set the namespace on the KnativeOperatorConfig');
  }
}

/**
 * Writes the data as the ConfigMap (the scope's `Resource` child) or as a section of the operator's
 * `KnativeServing`. Returns the namespace it lands in.
 */
export function writeKnativeConfig(
  scope: Construct, configMap: KnativeConfigMap, data: Record<string, string>, options: KnativeConfigOptions,
): string {
  if (options.operator) {
    options.operator._addSection(configMap.section, data, scope);
    return options.operator.namespace;
  }
  const namespace = options.namespace ?? 'knative-serving';
  new k8s.KubeConfigMap(scope, 'Resource', {
    metadata: {
      name: configMap.name,
      namespace,
      labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/component': configMap.component },
    },
    data,
  });
  return namespace;
}

/**
 * Constructs of one kind by the root of their construct tree (a construct never changes tree),
 * registered when created: a service's check at synth reads those of its app without walking it.
 */
export class AppRegistry<T extends IConstruct> {
  private readonly byRoot = new WeakMap<IConstruct, T[]>();

  public register(construct: T): void {
    const root = construct.node.root;
    const registered = this.byRoot.get(root);
    if (registered) registered.push(construct);
    else this.byRoot.set(root, [construct]);
  }

  /** Those in the app of `scope`. */
  public inApp(scope: IConstruct): readonly T[] {
    return this.byRoot.get(scope.node.root) ?? [];
  }
}
