import { Lazy, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { quantity } from './_format';
import { LocalModelCacheL1, LocalModelCacheSpecJson } from './_kserve-l1';
import { isDnsSubdomain } from './_metadata-checks';
import { checkConsumerArgument, checkGpuMemory, checkLoadableSource, checkUriPath, kibibytes } from './_model-cache-checks';
import { addReaderProblems, checkUriCarriesNoCredential, checkUserSourceTypes, settingsBeyondUriOf } from './_model-source-binding';
import { withAcceptedName } from './_own-object';
import { checkArguments, checkPublicProps, checkYamlSafe, instanceOf, SIZE, struct, withMembers } from './_public-types';
import { checkFiniteSize } from './_unit-checks';
import { ILocalModelNodeGroup } from './local-model-node-group';
import { IModelCache, ModelCacheConsumer } from './model-cache-contract';
import { isLibraryModelSource, ModelReader, ModelSource } from './model-source';
import { ServingApi } from './serving-api';

/** Props of a `LocalModelCache`. */
export interface LocalModelCacheProps {
  /**
   * Name of the LocalModelCache. Object names are an API: a renamed LocalModelCache makes KServe copy the model onto every node again.
   * @default - derived from the construct path (`Names.toDnsLabel`), so renaming the construct renames it
   */
  readonly name?: string;
  /**
   * The model to copy onto the nodes: S3 or an S3-compatible store, GCS, an HTTP(S) URL or the
   * Hugging Face Hub. Services whose storage URI equals this URI, or sits under it, are served
   * from the node-local copy.
   */
  readonly source: ModelSource;
  /** Size of the model's files. KServe refuses a cache larger than a node group's storage limit. */
  readonly modelSize: Size;
  /** Node groups that keep a copy (at least one). */
  readonly nodeGroups: ILocalModelNodeGroup[];
  /**
   * ServiceAccount, in KServe's download-job namespace (`kserve-localmodel-jobs` by default),
   * whose Secrets hold the source's credentials and S3 settings. Needs KServe >= 0.18.
   * @default - the job namespace's default ServiceAccount, or a ClusterStorageContainer for the URI
   */
  readonly serviceAccountName?: string;
}


/**
 * A KServe `LocalModelCache` (`serving.kserve.io/v1alpha1`, KServe >= 0.15, cluster-scoped):
 * KServe downloads the model onto the local disks of every node in the node groups, and serves
 * any `InferenceService` whose storage URI equals (or sits under) the source URI from that copy.
 * The local model cache must be enabled in KServe's `inferenceservice-config`
 * (`localModel.enabled`).
 *
 * `uri()` returns the source URI itself: use `ModelSource.fromModelCache(cache)` so that the
 * service is checked against the cache. Only `serving.kserve.io/v1beta1` InferenceServices use
 * the cache; opt a service out with the `serving.kserve.io/disable-localmodel` annotation.
 *
 * The object's name is derived from the construct path: renaming the construct replaces the
 * cache, and KServe downloads the model again.
 */
export class LocalModelCache extends Construct implements IModelCache {
  /** The model KServe copies onto the nodes. */
  public readonly source: ModelSource;
  /** Size of the model's files. */
  public readonly modelSize: Size;
  /**
   * ServiceAccount of KServe's download jobs.
   * @default - the job namespace's default ServiceAccount
   */
  public readonly serviceAccountName?: string;
  /** Name of the LocalModelCache object. */
  public readonly cacheName: string;
  private readonly _nodeGroups: ILocalModelNodeGroup[];

  constructor(scope: Construct, id: string, props: LocalModelCacheProps) {
    super(scope, id);
    props = checkPublicProps('LocalModelCache', this, props, struct<LocalModelCacheProps>({
      name: 'string',
      source: instanceOf(ModelSource, 'ModelSource.fromHuggingFace("org/model")'),
      modelSize: SIZE,
      nodeGroups: { arrayOf: withMembers('an ILocalModelNodeGroup', { nodeGroupName: 'string' }) },
      serviceAccountName: 'string',
    }, 'source', 'modelSize', 'nodeGroups'));
    this.source = props.source;
    this.modelSize = props.modelSize;
    this.serviceAccountName = props.serviceAccountName;
    this._nodeGroups = [...props.nodeGroups];

    const problems = new Problems();
    this.checkSource(problems);
    if (kibibytes(this.modelSize) <= 0) problems.add('modelSize', this.modelSize, 'must be more than zero');
    checkFiniteSize(problems, 'modelSize', this.modelSize);
    const names = this._nodeGroups.map((group) => group.nodeGroupName);
    for (const name of names) checkYamlSafe(problems, 'nodeGroups', name, false);
    if (names.length === 0) {
      problems.add('nodeGroups', names, 'KServe needs at least one node group to copy the model to', 'Add a LocalModelNodeGroup');
    } else if (new Set(names).size !== names.length) {
      problems.add('nodeGroups', names, 'each node group may appear once', 'Remove the duplicates');
    }
    for (const group of this._nodeGroups) {
      if (group.storageLimit && kibibytes(this.modelSize) > kibibytes(group.storageLimit)) {
        problems.add('modelSize', this.modelSize,
          `the model does not fit in the storage limit of node group ${group.node.path} (${quantity(group.storageLimit)})`,
          'Raise the group\'s \'storageLimit\', or cache the model on a group with larger disks');
      }
    }
    if (props.name !== undefined && !isDnsSubdomain(props.name)) {
      problems.add('name', props.name, 'must be an object name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    if (this.serviceAccountName !== undefined && !isDnsSubdomain(this.serviceAccountName)) {
      problems.add('serviceAccountName', this.serviceAccountName, 'must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    problems.throwIfAny(this, 'LocalModelCache');

    const spec = Lazy.any({ produce: () => this.renderSpec() });
    const resource = withAcceptedName(this, 'Resource', 'LocalModelCache', (name = props.name) => new LocalModelCacheL1(this, 'Resource', { metadata: name !== undefined ? { name } : undefined, spec }));
    registerInApp(this);
    this.cacheName = resource.name;
  }

  /** Node groups that keep a copy. Returns a copy. */
  public get nodeGroups(): ILocalModelNodeGroup[] {
    return [...this._nodeGroups];
  }

  /**
   * The source URI, which KServe replaces with the node-local copy.
   * @param path directory under the source URI; defaults to the source URI itself
   */
  public uri(path?: string): string {
    checkArguments('LocalModelCache', [['path', path, 'string']]);
    if (path === undefined) return this.source.uri;
    checkUriPath(path);
    return `${this.source.uri.replace(/\/+$/, '')}/${path}`;
  }

  /**
   * Problems with reading this cache from a consumer: a serving API that KServe's local model
   * cache does not apply to, or a model larger than the GPU memory of one replica.
   */
  public checkConsumer(consumer: ModelCacheConsumer): string[] {
    checkConsumerArgument('LocalModelCache', consumer);
    const problems = new Problems();
    // KServe's LLMInferenceService controller reads the cache too (pkg/controller/llmisvc, LocalModelLabel).
    if (consumer.servingApi !== ServingApi.KSERVE_V1BETA1 && consumer.servingApi !== ServingApi.KSERVE_LLM_V1ALPHA2) {
      problems.add('servingApi', consumer.servingApi.toString(),
        `KServe's local model cache (${this.node.path}) serves only serving.kserve.io InferenceServices and LLMInferenceServices, and ${consumer.path} is neither`,
        'Use ServingApi.KSERVE_V1BETA1, or a ModelCache (a PersistentVolumeClaim) for the other APIs');
    }
    checkGpuMemory(problems, this, this.modelSize, consumer);
    return problems.toArray();
  }

  private checkSource(problems: Problems): void {
    // A source of the user's own is not bound here: its URI is what KServe's download jobs read.
    if (!isLibraryModelSource(this.source)) {
      checkUserSourceTypes(problems, 'source', this.source);
      if (!problems.isEmpty) return;
      // KServe's download jobs read the URI alone, and credentials through their ServiceAccount's Secrets.
      checkUriCarriesNoCredential(problems, 'source.uri', this.source.uri,
        'give \'serviceAccountName\' a ServiceAccount whose Secrets hold it (KServe >= 0.18)');
    }
    if (!checkLoadableSource(problems, this.source, 'Serve an OCI or PVC model directly, without a cache')) return;
    // KServe's download jobs run its storage initializer.
    addReaderProblems(problems, this.source, ModelReader.STORAGE_INITIALIZER, 'source');
    const ignored = settingsBeyondUriOf(problems, this.source, 'source');
    if (ignored.length > 0 && this.serviceAccountName === undefined) {
      problems.add('source', this.source.uri,
        `KServe's download jobs run in their own namespace and do not read the source's ${ignored.join(', ')}`,
        'Set \'serviceAccountName\' to a ServiceAccount there whose Secrets hold them (KServe >= 0.18), '
        + 'or remove them from the source when the job namespace\'s default ServiceAccount already has them');
    }
  }

  private renderSpec(): LocalModelCacheSpecJson {
    return {
      sourceModelUri: this.source.uri,
      modelSize: quantity(this.modelSize),
      nodeGroups: this._nodeGroups.map((group) => group.nodeGroupName),
      serviceAccountName: this.serviceAccountName,
    };
  }
}
