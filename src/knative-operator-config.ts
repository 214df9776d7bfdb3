import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { isDnsLabel, isDnsSubdomain } from './_metadata-checks';
import { checkPublicProps, struct } from './_public-types';

/** Where the cluster-wide Knative settings of a `KnativeAutoscalerConfig` or `KnativeFeatureFlags` go. */
export interface KnativeConfigOptions {
  /**
   * Namespace of Knative Serving, where its ConfigMaps live. Only for ConfigMaps: a
   * `KnativeOperatorConfig` has its own namespace.
   * @default 'knative-serving'
   */
  readonly namespace?: string;

  /**
   * Write the settings into this Knative Operator `KnativeServing` (under `spec.config`) instead
   * of a ConfigMap. Use it when the Knative Operator manages Knative Serving: the operator
   * overwrites ConfigMaps edited directly.
   * @default - a ConfigMap in `namespace`
   */
  readonly operator?: KnativeOperatorConfig;
}

export interface KnativeOperatorConfigProps {
  /**
   * Name of the cluster's `KnativeServing` object.
   * @default 'knative-serving'
   */
  readonly name?: string;

  /**
   * Namespace of the cluster's `KnativeServing` object.
   * @default 'knative-serving'
   */
  readonly namespace?: string;
}

/**
 * The `spec.config` of a Knative Operator `KnativeServing` (operator.knative.dev/v1beta1): the
 * form cluster-wide Knative settings take when the operator manages Knative Serving. Pass it as
 * `operator` to `KnativeAutoscalerConfig` and `KnativeFeatureFlags`; each writes its own section
 * (`autoscaler`, `features`) into this one object.
 *
 * It is a fragment: it holds only `spec.config`. Apply it with server-side apply, or merge it into
 * the `KnativeServing` you install Knative with; a client-side `kubectl apply` of a whole object
 * replaces the sections it lists.
 */
export class KnativeOperatorConfig extends Construct {
  /** Name of the `KnativeServing` object. */
  public readonly name: string;
  /** Namespace of the `KnativeServing` object, where the settings land. */
  public readonly namespace: string;

  private readonly sections = new Map<string, { readonly owner: string; readonly data: Record<string, string> }>();

  constructor(scope: Construct, id: string, props: KnativeOperatorConfigProps = {}) {
    super(scope, id);
    props = checkPublicProps('KnativeOperatorConfig', this, props, struct<KnativeOperatorConfigProps>({ name: 'string', namespace: 'string' }));
    this.name = props.name ?? 'knative-serving';
    this.namespace = props.namespace ?? 'knative-serving';
    const problems = new Problems();
    if (!isDnsSubdomain(this.name)) problems.add('name', this.name, 'must be an object name (lowercase alphanumerics, \'-\' and \'.\')');
    if (!isDnsLabel(this.namespace)) problems.add('namespace', this.namespace, 'must be a namespace name (at most 63 lowercase alphanumerics and \'-\')');
    problems.throwIfAny(this, 'KnativeOperatorConfig');
    new ApiObject(this, 'Resource', {
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: this.name, namespace: this.namespace },
      spec: Lazy.any({ produce: () => ({ config: Object.fromEntries([...this.sections].map(([section, { data }]) => [section, data])) }) }),
    });
    registerInApp(this);
    this.node.addValidation({
      validate: () => (this.sections.size === 0
        ? ['No settings: pass this KnativeOperatorConfig as `operator` to a KnativeAutoscalerConfig or KnativeFeatureFlags, or remove it']
        : []),
    });
  }

  /** @internal Writes one `spec.config` section; a section has a single owner. */
  public _addSection(section: string, data: Record<string, string>, owner: IConstruct): void {
    const existing = this.sections.get(section);
    if (existing) {
      const problems = new Problems();
      problems.addMessage(`spec.config.${section} of the KnativeOperatorConfig '${this.node.path}' is already written by '${existing.owner}'. `
        + 'Merge both into one construct');
      problems.throwIfAny(owner, 'Knative settings');
    }
    this.sections.set(section, { owner: owner.node.path, data });
  }
}
