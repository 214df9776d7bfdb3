import { ApiObject, Chart, Duration, JsonPatch, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { isWholeSeconds, quantity, sortedByKey } from './_format';
import { INT32_MAX } from './_knative-bounds';
import { LoaderJobSpec, LoaderSettings, loaderSettingsDigest } from './_loader-job';
import { checkLabels, isDnsLabel, isDnsSubdomain } from './_metadata-checks';
import { checkConsumerArgument, checkLoadableSource, checkUriPath, claimConsumerProblems, isRelativeDirectory, kibibytes, storageClassRegion } from './_model-cache-checks';
import { COMPLETION_MARKER, defaultLoaderImage, loaderEnvironment, loaderScript, SCRATCH_MOUNT_PATH, SECRET_FILES_MOUNT_PATH } from './_model-cache-loader';
import { bindModelSource } from './_model-source-binding';
import { acceptedName, dnsLabelAt, FixedValue, LateProducer, PlainSpecObject, plainObjectJson } from './_own-object';
import { NODE_TOLERATION_TYPES } from './_prop-types';
import { checkArguments, checkPublicProps, checkYamlSafe, CONTAINER_RESOURCES, DURATION, enumOf, instanceOf, SIZE, STRING_MAP, struct, withMembers } from './_public-types';
import { checkCpu, checkFiniteSize, checkRequestsWithinLimits, MAX_SAFE_SECONDS } from './_unit-checks';
import { GpuProvider } from './gpu';
import { IModelCache, ModelCacheCompletionMarker, ModelCacheConsumer } from './model-cache-contract';
import { ModelReader, ModelSource } from './model-source';
import { checkTolerations, NodeToleration } from './scheduling';

/** How the loader Job runs. Every prop has a safe default. */
export interface ModelCacheLoaderOptions {
  /**
   * Downloader image. It needs `sh` and the source's tool: `aws` (S3), `gcloud` (GCS),
   * `python` with `pip` (Hugging Face) or `curl`, `tar` and `unzip` (HTTP).
   * @default - a pinned, maintained image for the source: `amazon/aws-cli:2.32.8` (S3),
   * `google/cloud-sdk:530.0.0-alpine` (GCS), `python:3.12.11-slim-bookworm` installing
   * huggingface_hub 1.1.7 (Hugging Face), `curlimages/curl:8.11.1` (HTTP)
   */
  readonly image?: string;
  /**
   * CPU and memory of the loader container.
   * @default - requests 500m CPU and 1Gi memory, limits 2 CPUs and 4Gi memory
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Retries before the Job is marked failed. Each retry is a new pod, with the Job controller's
   * exponential back-off between them.
   * @default 3
   */
  readonly backoffLimit?: number;
  /**
   * How long a finished Job (and its pods) is kept before Kubernetes deletes it. A Job that is
   * re-applied later finds the completion marker and exits at once.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Longest time the Job may run, retries included.
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;
  /**
   * Labels of the nodes the loader may run on: nodes that can reach the storage (for example
   * `topology.kubernetes.io/region: ORD1`). Rendered as a required node affinity, the way
   * cdk8s-plus expresses node selection. `{}` lets the loader run anywhere.
   * @default - the region of a CoreWeave storage class (`shared-nvme-ord1`:
   * `topology.kubernetes.io/region: ORD1`), since its volumes mount only in their region; any
   * node for other classes
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the loader tolerates, for example a tainted GPU node pool that holds the storage.
   * @default - none
   */
  readonly tolerations?: NodeToleration[];
  /**
   * ServiceAccount of the loader, for a pod identity (IAM role for the ServiceAccount, GKE
   * Workload Identity) when the source has no credentials Secret.
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * User id the loader runs as. The restricted Pod Security profile needs a non-root user, and
   * the default images run as root unless told otherwise.
   * @default 1000
   */
  readonly runAsUser?: number;
  /**
   * Group id the loader runs as, also the volume's `fsGroup`, so that the volume is writable.
   * @default 1000
   */
  readonly runAsGroup?: number;
}

/** Props of a `ModelCache`. */
export interface ModelCacheProps {
  /**
   * Name of the PersistentVolumeClaim. Object names are an API: a renamed PersistentVolumeClaim is a new, empty volume and a full download.
   * @default - derived from the construct path (`Names.toDnsLabel`), so renaming the construct renames it
   */
  readonly claimName?: string;
  /**
   * Where the loader Job downloads the model from: S3 or an S3-compatible store, GCS, an HTTP(S)
   * URL or the Hugging Face Hub.
   * @default - no loader: the volume is filled some other way (for example from a notebook)
   */
  readonly source?: ModelSource;
  /**
   * Size of the volume, a whole number of gibibytes.
   * @default - `modelSize` plus `headroomPercent`, rounded up to whole gibibytes
   */
  readonly size?: Size;
  /**
   * Size of the model's files. The volume must hold it plus the headroom, and consumers' GPUs
   * must hold it.
   * @default - unknown: `size` is required, and the model-size checks are skipped
   */
  readonly modelSize?: Size;
  /**
   * Free space kept on the volume above `modelSize`, in percent of `modelSize`.
   * @default 10
   */
  readonly headroomPercent?: number;
  /**
   * StorageClass of the volume. On CoreWeave, use the class of the GPUs' region
   * (`shared-nvme-ord1` for ReadWriteMany); consumers in other regions are reported.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * How the volume can be mounted. ReadWriteOnce and ReadWriteOncePod volumes cannot serve a
   * service that can run more than one replica; ReadOnlyMany volumes cannot be filled by the
   * loader.
   * @default PersistentVolumeAccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: kplus.PersistentVolumeAccessMode;
  /**
   * Directory in the volume that holds the model, and the default path of `uri()`. `''` puts the
   * model at the volume root (a server that reads the whole volume).
   * @default 'model'
   */
  readonly modelDirectory?: string;
  /**
   * How the loader Job runs. Only with a `source`.
   * @default - the defaults of each `ModelCacheLoaderOptions` prop
   */
  readonly loader?: ModelCacheLoaderOptions;
}

/**
 * What is known about an existing claim adopted with `ModelCache.fromClaimName()`. What is left
 * out is not checked.
 */
export interface ModelCacheClaimOptions {
  /**
   * Directory in the volume that holds the model, and the default path of `uri()`.
   * @default - the root of the volume
   */
  readonly modelDirectory?: string;
  /**
   * How the claim can be mounted.
   * @default - unknown: the replica check is skipped
   */
  readonly accessMode?: kplus.PersistentVolumeAccessMode;
  /**
   * StorageClass of the claim.
   * @default - unknown: the region check is skipped
   */
  readonly storageClassName?: string;
  /**
   * Size of the model's files.
   * @default - unknown: the GPU memory check is skipped
   */
  readonly modelSize?: Size;
}

const ACCESS_MODE = enumOf('PersistentVolumeAccessMode', kplus.PersistentVolumeAccessMode);
const MODEL_CACHE_PROPS_TYPES = struct<ModelCacheProps>({
  claimName: 'string',
  source: instanceOf(ModelSource, 'ModelSource.fromS3("s3://bucket/model")'),
  size: SIZE,
  modelSize: SIZE,
  headroomPercent: 'number',
  storageClassName: 'string',
  accessMode: ACCESS_MODE,
  modelDirectory: 'string',
  loader: struct<ModelCacheLoaderOptions>({
    image: 'string',
    resources: CONTAINER_RESOURCES,
    backoffLimit: 'number',
    ttlAfterFinished: DURATION,
    activeDeadline: DURATION,
    nodeSelector: STRING_MAP,
    tolerations: { arrayOf: NODE_TOLERATION_TYPES },
    serviceAccount: withMembers('an IServiceAccount', { name: 'string', kind: 'string' }, 'kplus.ServiceAccount.fromServiceAccountName(scope, id, name)'),
    runAsUser: 'number',
    runAsGroup: 'number',
  }),
});
const CLAIM_OPTIONS_TYPES = struct<ModelCacheClaimOptions>({ modelDirectory: 'string', accessMode: ACCESS_MODE, storageClassName: 'string', modelSize: SIZE });

const GIBIBYTE_IN_KIB = 1024 * 1024;
/** Longest object name cdk8s generates (a DNS label). */
const MAX_NAME_LENGTH = 63;
/** The loader's volume of the claim is `pvc-<claim>` (the name cdk8s-plus gave it). */
const LOADER_VOLUME_PREFIX = 'pvc-';
/** A Duration does not change: one serves every loader that keeps the default. */
const DEFAULT_LOADER_TTL = Duration.days(1);
const DEFAULT_LOADER_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
  memory: { request: Size.gibibytes(1), limit: Size.gibibytes(4) },
};

/** An existing claim used as a model cache. */
class ImportedModelCache extends Construct implements IModelCache {
  constructor(scope: Construct, id: string, private readonly claimName: string, private readonly options: ModelCacheClaimOptions) {
    super(scope, id);
    checkArguments('ModelCache', [['claimName', claimName, 'string', true], ['options', options, CLAIM_OPTIONS_TYPES]]);
    const problems = new Problems();
    if (!isDnsSubdomain(claimName)) {
      problems.add('claimName', claimName, 'must be a PersistentVolumeClaim name (lowercase alphanumerics, \'-\' and \'.\')');
    }
    if (options.modelDirectory !== undefined && !isRelativeDirectory(options.modelDirectory)) {
      problems.add('modelDirectory', options.modelDirectory, 'must be a directory relative to the volume root',
        'For example "models/gpt2" (no leading \'/\', no \'..\'), or leave it out for the root');
    }
    if (options.modelSize && kibibytes(options.modelSize) <= 0) {
      problems.add('modelSize', options.modelSize, 'must be more than zero');
    }
    problems.throwIfAny(this, 'ModelCache');
  }

  public uri(path?: string): string {
    checkArguments('ModelCache', [['path', path, 'string']]);
    const directory = path ?? this.options.modelDirectory;
    if (directory !== undefined) checkUriPath(directory);
    return `pvc://${this.claimName}${directory ? `/${directory}` : ''}`;
  }

  public checkConsumer(consumer: ModelCacheConsumer): string[] {
    checkConsumerArgument('ModelCache', consumer);
    return claimConsumerProblems({ ...this.options, cache: this, namespace: Chart.of(this).namespace }, consumer);
  }
}

/**
 * A PersistentVolumeClaim that holds a model, filled once by a loader Job, that
 * `InferenceService`s read as `pvc://<claim>/<directory>` instead of downloading the model on
 * every start (`ModelSource.fromModelCache(cache)`).
 *
 * The loader is idempotent: it downloads into a staging directory on the volume, writes a
 * completion marker and moves the directory into place, and skips the download when the marker
 * names the same source. It runs non-root under the restricted Pod Security profile, retries a
 * bounded number of times and is deleted a while after it finishes. Its name carries a digest of
 * its settings, so changing the source creates a new Job instead of failing on the immutable pod
 * template of the old one.
 *
 * The cache is itself a cdk8s-plus `IPersistentVolumeClaim`, so that other workloads can mount
 * the weights: `kplus.Volume.fromPersistentVolumeClaim(scope, 'Weights', cache)`.
 *
 * Construct ids are part of the contract: the claim's name is derived from this construct's path.
 * Renaming the construct (or a parent) creates a new, empty claim and downloads the model again;
 * the old claim and its cached weights are deleted or orphaned, depending on the tool that
 * applies the manifests. The cache is the claim's `ApiObject` (`cache.addJsonPatch(...)`).
 */
export class ModelCache extends ApiObject implements IModelCache, kplus.IPersistentVolumeClaim {
  /**
   * Adopts an existing claim as a model cache: no claim and no loader are created.
   * @param claimName name of the PersistentVolumeClaim, in the namespace of the consumers
   */
  public static fromClaimName(scope: Construct, id: string, claimName: string, options: ModelCacheClaimOptions = {}): IModelCache {
    return new ImportedModelCache(scope, id, claimName, options);
  }

  /** Name of the PersistentVolumeClaim. */
  public readonly claimName: string;
  /** The claim's resource type, as an `IPersistentVolumeClaim`. */
  public readonly resourceType: string;
  /** Size of the volume. */
  public readonly size: Size;
  /**
   * Size of the model's files.
   * @default - unknown
   */
  public readonly modelSize?: Size;
  /** Free space kept above `modelSize`, in percent. */
  public readonly headroomPercent: number;
  /**
   * StorageClass of the volume.
   * @default - the cluster's default StorageClass
   */
  public readonly storageClassName?: string;
  /** How the volume can be mounted. */
  public readonly accessMode: kplus.PersistentVolumeAccessMode;
  /** Directory in the volume that holds the model. */
  public readonly modelDirectory: string;
  /**
   * Where the loader downloads the model from.
   * @default - no loader
   */
  public readonly source?: ModelSource;
  /**
   * The loader Job, for escape hatches (`cache.loader.addJsonPatch(...)`).
   * @default - no loader
   */
  public readonly loader?: ApiObject;
  /**
   * Image of the loader.
   * @default - no loader
   */
  public readonly loaderImage?: string;
  /**
   * The marker the loader writes last; services that read the cache wait for it.
   * @default - no loader, no marker
   */
  public readonly completionMarker?: ModelCacheCompletionMarker;

  /** Whether the claim's name was given (the loader Job is then `<claim>-loader-<digest>`). */
  private readonly claimNameGiven: boolean;
  private readonly spec: LateProducer;
  private jsonPatched = false;

  constructor(scope: Construct, id: string, props: ModelCacheProps = {}) {
    // The cache is its claim (one construct per object: _own-object.ts), named after the cache's
    // path as the wrapper named it.
    const spec = new LateProducer();
    const claimName = typeof props?.claimName === 'string' ? props.claimName : undefined;
    super(scope, id, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimName ?? acceptedName(dnsLabelAt(scope, id), false) },
      spec: Lazy.any(spec),
    });
    this.spec = spec;
    try {
      props = checkPublicProps('ModelCache', this, props, MODEL_CACHE_PROPS_TYPES);
      this.resourceType = 'persistentvolumeclaims';
      const problems = new Problems();

      this.source = props.source;
      this.modelSize = props.modelSize;
      this.headroomPercent = props.headroomPercent ?? 10;
      this.storageClassName = props.storageClassName;
      this.accessMode = props.accessMode ?? kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
      this.modelDirectory = props.modelDirectory ?? 'model';
      this.size = props.size ?? this.sizeWithHeadroom() ?? Size.gibibytes(0);

      this.checkSizes(problems, props.size);
      const longest = MAX_NAME_LENGTH - LOADER_VOLUME_PREFIX.length;
      if (props.claimName !== undefined && !(isDnsLabel(props.claimName) && props.claimName.length <= longest)) {
        problems.add('claimName', props.claimName, `must be a DNS label of at most ${longest} lowercase alphanumerics and '-': `
          + `the loader mounts it as the volume "${LOADER_VOLUME_PREFIX}<claim>", itself a DNS label`);
      }
      if (props.storageClassName !== undefined && !isDnsSubdomain(props.storageClassName)) {
        problems.add('storageClassName', props.storageClassName, 'must be a StorageClass name (lowercase alphanumerics, \'-\' and \'.\')');
      }
      if (this.modelDirectory !== '' && !isRelativeDirectory(this.modelDirectory)) {
        problems.add('modelDirectory', this.modelDirectory, 'must be a directory relative to the volume root, or \'\' for the root itself',
          'For example "model" or "models/gpt2" (no leading \'/\', no \'..\')');
      }
      if (props.source) {
        this.checkSource(problems, props.source);
      } else if (props.loader) {
        problems.add('source', undefined, 'the \'loader\' options need a source to download from', 'Set \'source\', or remove \'loader\'');
      }
      const loaderSettings = props.source ? this.resolveLoader(problems, props.source, props.loader ?? {}) : undefined;
      problems.throwIfAny(this, 'ModelCache');

      const claimSpec = {
        accessModes: [this.accessMode],
        resources: { requests: { storage: `${this.size.toGibibytes()}Gi` } },
        storageClassName: this.storageClassName,
        volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
      };
      spec.set(new FixedValue(claimSpec));
      this.claimName = this.name;
      this.claimNameGiven = props.claimName !== undefined;

      if (loaderSettings && props.source) {
        this.loaderImage = loaderSettings.image;
        this.loader = this.createLoader(loaderSettings);
        this.completionMarker = {
          claimName: this.claimName,
          path: this.modelDirectory ? `${this.modelDirectory}/${COMPLETION_MARKER}` : COMPLETION_MARKER,
          content: props.source.uri,
          writerJobName: this.loader.name,
        };
      }
    } catch (error) {
      // A refused cache leaves nothing in the app, as a construct that never existed.
      scope.node.tryRemoveChild(id);
      throw error;
    }
    registerInApp(this);
  }

  /**
   * The claim, for escape hatches: the cache itself, which is the claim's `ApiObject`
   * (`cache.addJsonPatch(...)` works too). To mount the cache in a cdk8s-plus workload, pass the
   * cache: it is an `IPersistentVolumeClaim`.
   */
  public get claim(): ApiObject {
    return this;
  }

  /**
   * Applies a set of RFC-6902 JSON-Patch operations to the manifest synthesized for this claim.
   *
   * @example
   *   cache.addJsonPatch(JsonPatch.add('/metadata/labels/backup', 'daily'));
   * @param ops The JSON-Patch operations to apply.
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * Renders the claim to Kubernetes JSON, as any `ApiObject` does: keys sorted, unless the
   * `CDK8S_DISABLE_SORT` environment variable is set to a non-empty value.
   */
  public toJson(): any {
    return plainObjectJson(this, this.spec, this.jsonPatched, () => super.toJson());
  }

  /** Name of the PersistentVolumeClaim, as an `IPersistentVolumeClaim`. */
  public get resourceName(): string | undefined {
    return this.claimName;
  }

  /**
   * The `pvc://` URI of a directory in the cache.
   * @param path directory relative to the volume root; defaults to `modelDirectory`
   */
  public uri(path?: string): string {
    checkArguments('ModelCache', [['path', path, 'string']]);
    const directory = path ?? this.modelDirectory;
    if (directory === '') return `pvc://${this.claimName}`;
    checkUriPath(directory);
    return `pvc://${this.claimName}/${directory}`;
  }

  /**
   * Problems with reading this cache from a consumer: a single-attach volume behind more than
   * one replica, a CoreWeave storage region other than the GPUs' region, another namespace, or
   * a model larger than the GPU memory of one replica.
   */
  public checkConsumer(consumer: ModelCacheConsumer): string[] {
    checkConsumerArgument('ModelCache', consumer);
    return claimConsumerProblems({
      cache: this,
      accessMode: this.accessMode,
      storageClassName: this.storageClassName,
      modelSize: this.modelSize,
      namespace: this.metadata.namespace,
    }, consumer);
  }

  private sizeWithHeadroom(): Size | undefined {
    // cdk8s refuses a negative Size: an invalid headroom is reported by checkSizes instead.
    if (!this.modelSize || !(this.headroomPercent >= 0)) return undefined;
    return Size.gibibytes(Math.ceil(kibibytes(this.modelSize) * (1 + this.headroomPercent / 100) / GIBIBYTE_IN_KIB));
  }

  private checkSizes(problems: Problems, size: Size | undefined): void {
    checkFiniteSize(problems, 'size', this.size);
    checkFiniteSize(problems, 'modelSize', this.modelSize);
    const headroomValid = Number.isFinite(this.headroomPercent) && this.headroomPercent >= 0;
    if (!headroomValid) {
      problems.add('headroomPercent', this.headroomPercent, 'must be a percentage of 0 or more', 'For example 10 to keep 10% of the model size free');
    }
    if (this.modelSize && kibibytes(this.modelSize) <= 0) {
      problems.add('modelSize', this.modelSize, 'must be more than zero');
    }
    if (!size) {
      if (!this.modelSize) problems.add('size', size, 'the volume needs a size', 'Set \'size\', or \'modelSize\' to derive it');
      return;
    }
    const kib = kibibytes(size);
    if (kib <= 0 || kib % GIBIBYTE_IN_KIB !== 0) {
      problems.add('size', size, 'must be a whole number of gibibytes, more than zero', 'For example Size.gibibytes(100)');
      return;
    }
    const needed = headroomValid ? this.sizeWithHeadroom() : undefined;
    if (needed && kib < kibibytes(this.modelSize!) * (1 + this.headroomPercent / 100)) {
      problems.add('size', size,
        `must hold 'modelSize' (${quantity(this.modelSize!)}) plus ${this.headroomPercent}% headroom`,
        `Give at least Size.gibibytes(${needed.toGibibytes()}), or leave 'size' out to derive it`);
    }
  }

  private checkSource(problems: Problems, source: ModelSource): void {
    checkLoadableSource(problems, source,
      'Serve an OCI model directly with ModelSource.fromOci(), or adopt an existing claim with ModelCache.fromClaimName()');
    if (this.accessMode === kplus.PersistentVolumeAccessMode.READ_ONLY_MANY) {
      problems.add('accessMode', this.accessMode, 'the loader cannot write to a ReadOnlyMany volume',
        'Use PersistentVolumeAccessMode.READ_WRITE_MANY, or fill the volume yourself and leave \'source\' out');
    }
  }

  private resolveLoader(problems: Problems, source: ModelSource, options: ModelCacheLoaderOptions): LoaderSettings {
    const binding = bindModelSource(this, 'ModelCache', 'source', source,
      { reader: ModelReader.DOWNLOADER, scratchPath: SCRATCH_MOUNT_PATH, secretFilesPath: SECRET_FILES_MOUNT_PATH });
    // The key order is part of the loader Job's name (loaderSettingsDigest).
    const settings: LoaderSettings = {
      image: options.image ?? defaultLoaderImage(source.kind),
      script: loaderScript(source.kind, { atRoot: this.modelDirectory === '', anonymous: binding.anonymous }),
      env: loaderEnvironment(source.uri, this.modelDirectory, binding.env ?? []),
      secretFiles: binding.secretFiles ?? [],
      resources: options.resources ?? DEFAULT_LOADER_RESOURCES,
      backoffLimit: options.backoffLimit ?? 3,
      ttlAfterFinished: options.ttlAfterFinished ?? DEFAULT_LOADER_TTL,
      activeDeadline: options.activeDeadline,
      nodeSelector: sortedByKey(options.nodeSelector ?? this.storageRegionSelector()),
      tolerations: options.tolerations ?? [],
      serviceAccount: options.serviceAccount,
      runAsUser: options.runAsUser ?? 1000,
      runAsGroup: options.runAsGroup ?? 1000,
    };
    if (!/^[^\s]+$/.test(settings.image)) {
      problems.add('loader.image', settings.image, 'must be an image reference without white space', 'Leave it out to use the default image for the source');
    }
    const serviceAccountName = settings.serviceAccount?.name;
    if (serviceAccountName !== undefined && !isDnsSubdomain(serviceAccountName)) {
      problems.add('loader.serviceAccount', serviceAccountName, 'must be a ServiceAccount name (lowercase alphanumerics, \'-\' and \'.\')');
    } else if (serviceAccountName !== undefined) {
      checkYamlSafe(problems, 'loader.serviceAccount', serviceAccountName, false);
    }
    // backoffLimit and ttlSecondsAfterFinished are int32 fields of the Job; activeDeadlineSeconds an int64.
    if (!Number.isInteger(settings.backoffLimit) || settings.backoffLimit < 0 || settings.backoffLimit > INT32_MAX) {
      problems.add('loader.backoffLimit', settings.backoffLimit, `must be a whole number from 0 to ${INT32_MAX}`, 'For example 3');
    }
    if (!isWholeSeconds(settings.ttlAfterFinished) || settings.ttlAfterFinished.toSeconds() > INT32_MAX) {
      problems.add('loader.ttlAfterFinished', settings.ttlAfterFinished, `must be a whole number of seconds, at most ${INT32_MAX}`, 'For example Duration.hours(6)');
    }
    if (settings.activeDeadline && (!isWholeSeconds(settings.activeDeadline) || settings.activeDeadline.toSeconds() < 1
      || settings.activeDeadline.toSeconds() > MAX_SAFE_SECONDS)) {
      problems.add('loader.activeDeadline', settings.activeDeadline, `must be a whole number of seconds from 1 to ${MAX_SAFE_SECONDS}`, 'For example Duration.hours(2)');
    }
    if (options.resources) this.checkLoaderResources(problems, options.resources);
    checkLabels(problems, 'loader.nodeSelector', settings.nodeSelector);
    checkTolerations(problems, 'loader.tolerations', settings.tolerations);
    for (const [prop, id] of [['loader.runAsUser', settings.runAsUser], ['loader.runAsGroup', settings.runAsGroup]] as const) {
      if (!Number.isInteger(id) || id < 1 || id > 2147483647) {
        problems.add(prop, id, 'must be a non-root id from 1 to 2147483647', 'For example 1000');
      }
    }
    return settings;
  }

  /** The loader runs where the volume mounts: a CoreWeave storage class names its region. */
  private storageRegionSelector(): { [key: string]: string } {
    const region = storageClassRegion(this.storageClassName);
    return region ? { [GpuProvider.COREWEAVE.regionLabel]: region } : {};
  }

  /** The loader Job writes memory in whole mebibytes and ephemeral storage in whole gibibytes. */
  private checkLoaderResources(problems: Problems, resources: kplus.ContainerResources): void {
    const prop = 'loader.resources';
    checkCpu(problems, `${prop}.cpu.request`, resources.cpu?.request);
    checkCpu(problems, `${prop}.cpu.limit`, resources.cpu?.limit);
    const sizes: [string, Size | undefined, number, string][] = [
      [`${prop}.memory.request`, resources.memory?.request, 1024, 'mebibytes'],
      [`${prop}.memory.limit`, resources.memory?.limit, 1024, 'mebibytes'],
      [`${prop}.ephemeralStorage.request`, resources.ephemeralStorage?.request, GIBIBYTE_IN_KIB, 'gibibytes'],
      [`${prop}.ephemeralStorage.limit`, resources.ephemeralStorage?.limit, GIBIBYTE_IN_KIB, 'gibibytes'],
    ];
    for (const [name, size] of sizes) checkFiniteSize(problems, name, size);
    checkRequestsWithinLimits(problems, prop, resources);
    for (const [name, size, unitInKib, unit] of sizes) {
      const kib = size ? kibibytes(size) : undefined;
      if (kib !== undefined && Number.isFinite(kib) && !(kib > 0 && kib % unitInKib === 0)) {
        problems.add(name, size, `must be a whole number of ${unit}, more than zero`, `For example Size.${unit}(4)`);
      }
    }
  }

  private createLoader(settings: LoaderSettings): ApiObject {
    const digest = loaderSettingsDigest(settings);
    const claimName = this.claimName;
    return new PlainSpecObject(this, 'Loader', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: this.claimNameGiven ? `${claimName.slice(0, MAX_NAME_LENGTH - 16)}-loader-${digest}` : loaderJobName(claimName, digest) },
      spec: new LoaderJobSpec(settings, claimName),
    });
  }
}

/**
 * The loader Job's name: the claim's (`<path>-<hash>`) with `loader-<digest>` before the hash,
 * the path shortened from the left to fit 63 characters. For short paths this is what
 * `Names.toDnsLabel(cache, { extra: ['loader', digest] })` gives, without a second pass over the
 * construct path (docs/benchmarks.md).
 */
function loaderJobName(claimName: string, digest: string): string {
  const hashStart = claimName.lastIndexOf('-') + 1;
  const suffix = `loader-${digest}-${claimName.slice(hashStart)}`;
  const path = claimName.slice(0, Math.max(0, hashStart - 1));
  const room = MAX_NAME_LENGTH - suffix.length - 1;
  const kept = path.slice(Math.max(0, path.length - room)).replace(/^[^a-z0-9]+/, '');
  return kept ? `${kept}-${suffix}` : suffix;
}
