import { Construct, IConstruct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { AppRegistry, checkKnativeConfigOptions, writeKnativeConfig } from './_knative-config';
import { KNATIVE_CONFIG_OPTIONS_TYPES } from './_prop-types';
import { checkPublicProps, struct } from './_public-types';
import { KnativeConfigOptions } from './knative-operator-config';

/**
 * Knative Serving feature flags GPU serving needs. Knative rejects a revision that uses a
 * PodSpec field whose flag is disabled, and disables all of these by default. `true` writes
 * `enabled`, `false` writes `disabled`.
 */
export interface KnativeFeatureFlagsProps extends KnativeConfigOptions {
  /**
   * `kubernetes.podspec-nodeselector`.
   * @default true - GPU pods are pinned to GPU nodes by node labels (the GPU class, the region)
   */
  readonly nodeSelector?: boolean;

  /**
   * `kubernetes.podspec-affinity`.
   * @default true - GPU classes and regions are often selected with node affinity, as in KServe's GPU examples
   */
  readonly affinity?: boolean;

  /**
   * `kubernetes.podspec-tolerations`.
   * @default true - GPU nodes are usually tainted so that only GPU pods land on them
   */
  readonly tolerations?: boolean;

  /**
   * `kubernetes.podspec-runtimeclassname`.
   * @default - not written (Knative: disabled); enable it when GPU pods select the NVIDIA
   * container runtime with runtimeClassName
   */
  readonly runtimeClassName?: boolean;

  /**
   * `kubernetes.podspec-persistent-volume-claim`: PVC volumes.
   * @default true - a ModelCache is a PersistentVolumeClaim the model server mounts
   */
  readonly persistentVolumeClaims?: boolean;

  /**
   * `kubernetes.podspec-persistent-volume-write`: PVC volumes mounted read-write.
   * @default true - a server that fills its ModelCache, or writes compiled engines back to it,
   * mounts it read-write
   */
  readonly persistentVolumeWrite?: boolean;

  /**
   * `kubernetes.podspec-init-containers`: init containers.
   * @default true - a service that reads a ModelCache waits for the loader's completion marker in
   * an init container (`InferenceServiceProps.modelCacheWait`)
   */
  readonly initContainers?: boolean;
}

type FlagProp = Exclude<keyof KnativeFeatureFlagsProps, keyof KnativeConfigOptions>;

/** [prop, key, GPU default] */
const FLAGS: [FlagProp, string, boolean | undefined][] = [
  ['nodeSelector', 'kubernetes.podspec-nodeselector', true],
  ['affinity', 'kubernetes.podspec-affinity', true],
  ['tolerations', 'kubernetes.podspec-tolerations', true],
  ['runtimeClassName', 'kubernetes.podspec-runtimeclassname', undefined],
  ['persistentVolumeClaims', 'kubernetes.podspec-persistent-volume-claim', true],
  ['persistentVolumeWrite', 'kubernetes.podspec-persistent-volume-write', true],
  ['initContainers', 'kubernetes.podspec-init-containers', true],
];

const REGISTRY = new AppRegistry<KnativeFeatureFlags>();

/**
 * The Knative Serving feature flags GPU serving needs, ConfigMap `config-features` in
 * `knative-serving` (or, with `operator`, `KnativeServing.spec.config.features`). Meant for a
 * platform chart: it affects every revision in the cluster.
 *
 * Only the flags below are written, never Knative's `_example` block. Applying the ConfigMap
 * replaces its keys: other flags go back to Knative's defaults.
 */
export class KnativeFeatureFlags extends Construct {
  /**
   * @internal The feature flags in the app (the construct tree) of `scope`, for the services'
   * checks at synth: registered when created, so that no service walks the whole app.
   */
  public static _inApp(scope: IConstruct): readonly KnativeFeatureFlags[] {
    return REGISTRY.inApp(scope);
  }

  /** Namespace the flags are written to. */
  public readonly namespace: string;
  /** The keys written, as Knative reads them. */
  public readonly data: { [key: string]: string };

  constructor(scope: Construct, id: string, props: KnativeFeatureFlagsProps = {}) {
    super(scope, id);
    props = checkPublicProps('KnativeFeatureFlags', this, props, struct<KnativeFeatureFlagsProps>({
      ...KNATIVE_CONFIG_OPTIONS_TYPES,
      nodeSelector: 'boolean',
      affinity: 'boolean',
      tolerations: 'boolean',
      runtimeClassName: 'boolean',
      persistentVolumeClaims: 'boolean',
      persistentVolumeWrite: 'boolean',
      initContainers: 'boolean',
    }));
    const problems = new Problems();
    checkKnativeConfigOptions(problems, props);
    problems.throwIfAny(this, 'KnativeFeatureFlags');

    const data: Record<string, string> = {};
    for (const [prop, key, gpuDefault] of FLAGS) {
      const enabled = props[prop] ?? gpuDefault;
      if (enabled !== undefined) data[key] = enabled ? 'enabled' : 'disabled';
    }
    this.data = data;
    this.namespace = writeKnativeConfig(this, { name: 'config-features', section: 'features', component: 'controller' }, data, props);
    REGISTRY.register(this);
    registerInApp(this);
  }
}
