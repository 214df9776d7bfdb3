import { Lazy, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { quantity, sortedByKey } from './_format';
import { LocalModelNodeGroupL1, LocalModelNodeGroupSpecJson } from './_kserve-l1';
import { checkLabels, isDnsSubdomain } from './_metadata-checks';
import { kibibytes } from './_model-cache-checks';
import { withAcceptedName } from './_own-object';
import { checkArguments, checkPublicProps, SIZE, STRING_MAP, struct } from './_public-types';
import { checkFiniteSize } from './_unit-checks';

/** A KServe LocalModelNodeGroup: nodes whose local disks hold `LocalModelCache` copies. */
export interface ILocalModelNodeGroup extends IConstruct {
  /** Name of the LocalModelNodeGroup object. */
  readonly nodeGroupName: string;
  /**
   * Space each node reserves for cached models.
   * @default - unknown (a group created elsewhere)
   */
  readonly storageLimit?: Size;
}

/** Props of a `LocalModelNodeGroup`. */
export interface LocalModelNodeGroupProps {
  /**
   * Name of the LocalModelNodeGroup. Object names are an API: a renamed LocalModelNodeGroup gets new volumes on every node, and its caches copy their models again.
   * @default - derived from the construct path (`Names.toDnsLabel`), so renaming the construct renames it
   */
  readonly name?: string;
  /** Space each node reserves for cached models; KServe refuses caches that do not fit. */
  readonly storageLimit: Size;
  /**
   * Directory on each node's local disk that holds the models. It must be the `hostPath` of
   * KServe's `kserve-localmodelnode-agent` DaemonSet (`/mnt/models` for Helm installs,
   * `/models` for Kustomize installs) and be owned by uid/gid 1000.
   */
  readonly localPath: string;
  /**
   * Labels of the nodes in the group, for example
   * `{ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }`. Rendered as the local volume's
   * required node affinity.
   */
  readonly nodeSelector: { [key: string]: string };
  /**
   * StorageClass of the local volumes.
   * @default 'local-storage'
   */
  readonly storageClassName?: string;
  /**
   * Capacity of each node's local volume.
   * @default - `storageLimit`
   */
  readonly volumeSize?: Size;
}


/** A node group created elsewhere, referenced by name. */
class ImportedLocalModelNodeGroup extends Construct implements ILocalModelNodeGroup {
  constructor(scope: Construct, id: string, public readonly nodeGroupName: string) {
    super(scope, id);
    checkArguments('LocalModelNodeGroup', [['nodeGroupName', nodeGroupName, 'string', true]]);
    const problems = new Problems();
    if (!isDnsSubdomain(nodeGroupName)) {
      problems.add('nodeGroupName', nodeGroupName, 'must be an object name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    problems.throwIfAny(this, 'LocalModelNodeGroup');
  }
}

/**
 * A KServe `LocalModelNodeGroup` (`serving.kserve.io/v1alpha1`, KServe >= 0.14, cluster-scoped):
 * the nodes, local disk path and storage limit where `LocalModelCache`s keep node-local copies
 * of models. Usually created once per cluster by the platform team; other charts reference it
 * with `LocalModelNodeGroup.fromNodeGroupName()`.
 *
 * The object's name is derived from the construct path: renaming the construct replaces the
 * group, and KServe downloads every cached model again.
 */
export class LocalModelNodeGroup extends Construct implements ILocalModelNodeGroup {
  /** References a node group created elsewhere. */
  public static fromNodeGroupName(scope: Construct, id: string, nodeGroupName: string): ILocalModelNodeGroup {
    return new ImportedLocalModelNodeGroup(scope, id, nodeGroupName);
  }

  /** Name of the LocalModelNodeGroup object. */
  public readonly nodeGroupName: string;
  /** Space each node reserves for cached models. */
  public readonly storageLimit?: Size;
  /** Directory on each node's local disk that holds the models. */
  public readonly localPath: string;
  /** StorageClass of the local volumes. */
  public readonly storageClassName: string;
  /** Capacity of each node's local volume. */
  public readonly volumeSize: Size;
  private readonly nodeSelector: { [key: string]: string };
  /** `storageLimit`, known to be set: a group created here always has one. */
  private readonly limit: Size;

  constructor(scope: Construct, id: string, props: LocalModelNodeGroupProps) {
    super(scope, id);
    props = checkPublicProps('LocalModelNodeGroup', this, props, struct<LocalModelNodeGroupProps>({
      name: 'string', storageLimit: SIZE, localPath: 'string', nodeSelector: STRING_MAP, storageClassName: 'string', volumeSize: SIZE,
    }, 'storageLimit', 'localPath', 'nodeSelector'));
    this.storageLimit = props.storageLimit;
    this.limit = props.storageLimit;
    this.localPath = props.localPath;
    this.storageClassName = props.storageClassName ?? 'local-storage';
    this.volumeSize = props.volumeSize ?? props.storageLimit;
    this.nodeSelector = sortedByKey(props.nodeSelector);

    const problems = new Problems();
    if (kibibytes(this.limit) <= 0) problems.add('storageLimit', this.limit, 'must be more than zero');
    checkFiniteSize(problems, 'storageLimit', this.limit);
    checkFiniteSize(problems, 'volumeSize', this.volumeSize);
    if (!this.localPath.startsWith('/') || this.localPath.split('/').includes('..') || /\s/.test(this.localPath)) {
      problems.add('localPath', this.localPath, 'must be an absolute path on the node, without \'..\' or white space',
        'Use the hostPath of the kserve-localmodelnode-agent DaemonSet, for example "/mnt/models"');
    }
    if (Object.keys(this.nodeSelector).length === 0) {
      problems.addMessage('\'nodeSelector\' is {}: a local volume needs at least one node label to pin it to the group\'s nodes. '
        + 'For example { \'nvidia.com/gpu.product\': \'NVIDIA-A100-SXM4-80GB\' }');
    }
    checkLabels(problems, 'nodeSelector', this.nodeSelector);
    if (props.name !== undefined && !isDnsSubdomain(props.name)) {
      problems.add('name', props.name, 'must be an object name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    if (!isDnsSubdomain(this.storageClassName)) {
      problems.add('storageClassName', this.storageClassName, 'must be a StorageClass name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    if (kibibytes(this.volumeSize) < kibibytes(this.limit)) {
      problems.add('volumeSize', this.volumeSize, `must be at least 'storageLimit' (${quantity(this.limit)})`,
        'Raise \'volumeSize\', or lower \'storageLimit\' to what the disks hold');
    }
    problems.throwIfAny(this, 'LocalModelNodeGroup');

    const spec = Lazy.any({ produce: () => this.renderSpec() });
    const resource = withAcceptedName(this, 'Resource', 'LocalModelNodeGroup', (name = props.name) => new LocalModelNodeGroupL1(this, 'Resource', { metadata: name !== undefined ? { name } : undefined, spec }));
    this.nodeGroupName = resource.name;
    registerInApp(this);
  }

  private renderSpec(): LocalModelNodeGroupSpecJson {
    const storage = quantity(this.volumeSize);
    const matchExpressions = Object.entries(this.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
    return {
      storageLimit: quantity(this.limit),
      persistentVolumeClaimSpec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage } },
        storageClassName: this.storageClassName,
        volumeMode: 'Filesystem',
      },
      persistentVolumeSpec: {
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Filesystem',
        capacity: { storage },
        local: { path: this.localPath },
        storageClassName: this.storageClassName,
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions }] } },
      },
    };
  }
}
