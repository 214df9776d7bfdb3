import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DeploymentMode, ServingApi } from './serving-api';

// What a model cache and the constructs that read it share. Its own module, so that
// model-source.ts (which reads caches) and model-cache.ts (which reads sources) do not import
// each other.

/**
 * What a serving construct tells a model cache about itself, so that the cache can check that
 * it fits: enough replicas can mount it, the model fits the GPUs, the storage is in the GPUs'
 * region.
 */
export interface ModelCacheConsumer {
  /** Construct path of the consumer, used in messages. */
  readonly path: string;
  /** The serving API the consumer emits. */
  readonly servingApi: ServingApi;
  /**
   * KServe deployment mode.
   * @default - not a KServe InferenceService
   */
  readonly deploymentMode?: DeploymentMode;
  /** Most replicas the consumer can run; 0 means unlimited. */
  readonly maxReplicas: number;
  /**
   * GPU memory of one replica: the memory of the smallest acceptable GPU type times the count.
   * @default - no GPU, or a GPU type of unknown memory
   */
  readonly gpuMemory?: Size;
  /**
   * Regions the consumer's GPUs are pinned to (for example CoreWeave `ORD1`).
   * @default - not pinned to a region
   */
  readonly gpuRegions?: string[];
  /**
   * Namespace of the consumer. A `pvc://` model must be in the same namespace.
   * @default - unknown: the namespace check is skipped
   */
  readonly namespace?: string;
}

/**
 * The file a cache's loader writes once the model is complete, which a reader waits for before it
 * starts serving.
 */
export interface ModelCacheCompletionMarker {
  /** Name of the PersistentVolumeClaim that holds the marker. */
  readonly claimName: string;
  /** Path of the marker, relative to the volume root. */
  readonly path: string;
  /** What the marker holds once the model is complete (the source URI). */
  readonly content: string;
  /** Name of the Job that writes the marker, for the reader's message. */
  readonly writerJobName: string;
}

/** A model cache that serving constructs can read from. */
export interface IModelCache extends IConstruct {
  /**
   * The marker the cache's loader writes last: readers wait for it.
   * @default - no marker: the cache is filled some other way, and readers do not wait
   */
  readonly completionMarker?: ModelCacheCompletionMarker;

  /**
   * The storage URI a serving API reads for a directory in the cache, for example
   * `pvc://<claim>/<path>`.
   * @param path directory within the cache; defaults to the cache's model directory
   */
  uri(path?: string): string;

  /**
   * Problems with using this cache from a consumer (empty when it fits). Serving constructs call
   * this from their validation.
   */
  checkConsumer(consumer: ModelCacheConsumer): string[];
}
