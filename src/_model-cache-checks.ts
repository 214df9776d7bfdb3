/**
 * Cross-resource checks between a model cache and the service that reads it, shared by the
 * cache constructs. Internal: each construct passes what it knows about itself.
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import { PersistentVolumeAccessMode } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { Problems } from './_errors';
import { quantity } from './_format';
import { LOADABLE_KINDS } from './_model-cache-loader';
import { checkArguments, enumOf, instanceOf, SIZE, STRINGS, struct } from './_public-types';
import { ModelCacheConsumer } from './model-cache-contract';
import { ModelSource } from './model-source';
import { DeploymentMode, ServingApi } from './serving-api';

/** A relative directory of plain path segments (no '.', '..', empty segments or white space). */
export function isRelativeDirectory(path: string): boolean {
  return /^[\w.-]+(\/[\w.-]+)*$/.test(path) && !path.split('/').some((segment) => segment === '.' || segment === '..');
}

/** Throws when `uri(path)` is given a path that is not a relative directory. */
export function checkUriPath(path: string): void {
  if (!isRelativeDirectory(path)) {
    throw new Error(`'path' is ${JSON.stringify(path)}: give a directory relative to the cache, for example "models/gpt2" (no leading '/', no '..')`);
  }
}

/** A size in KiB, fractions kept, for comparisons. */
export function kibibytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
}

/**
 * Reports a source that a cache cannot download (another cache, or a kind without a
 * downloader), with a fix for this kind of cache. True when the source is loadable.
 */
export function checkLoadableSource(problems: Problems, source: ModelSource, fix: string): boolean {
  if (source.cache) {
    problems.add('source', source.uri, 'is another model cache, and a cache is filled from a store', 'Use the store the other cache reads from');
    return false;
  }
  if (!LOADABLE_KINDS.includes(source.kind)) {
    problems.add('source', source.uri, 'a model cache downloads from S3, GCS, HTTP(S) or Hugging Face', fix);
    return false;
  }
  return true;
}

/** Reports a model that does not fit in the memory of one replica's GPUs. */
export function checkGpuMemory(problems: Problems, cache: IConstruct, modelSize: Size | undefined, consumer: ModelCacheConsumer): void {
  if (!modelSize || !consumer.gpuMemory || kibibytes(modelSize) <= kibibytes(consumer.gpuMemory)) return;
  problems.add('modelSize', modelSize,
    `the model in ${cache.node.path} is larger than the GPU memory of one replica of ${consumer.path} (${quantity(consumer.gpuMemory)})`,
    'Choose GPUs with more memory or more GPUs per replica, or serve a smaller (for example quantized) model');
}

/** CoreWeave storage classes are region-bound: `shared-nvme-ord1`, `shared-hdd-las1`, `block-nvme-ord1`. */
const COREWEAVE_STORAGE_CLASS = /^((?:shared|block)-(?:nvme|hdd)-)([a-z0-9][a-z0-9-]*)$/i;

/** The region of a CoreWeave storage class (`shared-nvme-ord1` is in ORD1), or undefined for another class. */
export function storageClassRegion(storageClassName: string | undefined): string | undefined {
  return storageClassName?.match(COREWEAVE_STORAGE_CLASS)?.[2].toUpperCase();
}

/** What a PersistentVolumeClaim-backed cache knows about itself; undefined means unknown. */
export interface ClaimCacheFacts {
  /** The cache, named by its path in messages. */
  readonly cache: IConstruct;
  readonly accessMode?: PersistentVolumeAccessMode;
  readonly storageClassName?: string;
  readonly modelSize?: Size;
  readonly namespace?: string;
}

/** Problems with reading a claim-backed cache (`pvc://`) from a consumer. */
export function claimConsumerProblems(facts: ClaimCacheFacts, consumer: ModelCacheConsumer): string[] {
  const problems = new Problems();
  const singleAttach = facts.accessMode === PersistentVolumeAccessMode.READ_WRITE_ONCE
    || facts.accessMode === PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;
  if (singleAttach && consumer.maxReplicas !== 1) {
    const replicas = consumer.maxReplicas === 0 ? 'any number of replicas (maxReplicas 0 is unlimited)' : `up to ${consumer.maxReplicas} replicas`;
    const attach = facts.accessMode === PersistentVolumeAccessMode.READ_WRITE_ONCE ? 'one node' : 'one pod';
    problems.add('accessMode', facts.accessMode,
      `the volume of ${facts.cache.node.path} mounts on ${attach} at a time, but ${consumer.path} can run ${replicas}`,
      'Use PersistentVolumeAccessMode.READ_WRITE_MANY with a storage class that supports it, or set maxReplicas to 1');
  }

  const storageRegion = facts.storageClassName?.match(COREWEAVE_STORAGE_CLASS);
  const region = storageClassRegion(facts.storageClassName);
  if (storageRegion && region) {
    const elsewhere = (consumer.gpuRegions ?? []).filter((r) => r.toUpperCase() !== region);
    if (elsewhere.length > 0) {
      const suggestion = elsewhere.length === 1 ? ` (for example "${storageRegion[1]}${elsewhere[0].toLowerCase()}")` : '';
      problems.add('storageClassName', facts.storageClassName,
        `the volume of ${facts.cache.node.path} is in region ${region}, but ${consumer.path} can run its GPUs in ${elsewhere.join(', ')}, where it cannot be mounted`,
        `Use the storage class of the GPUs' region${suggestion}, or pin the GPUs to ${region} only`);
    }
  }

  if (facts.namespace !== undefined && consumer.namespace !== undefined && facts.namespace !== consumer.namespace) {
    problems.add('namespace', consumer.namespace,
      `a pvc:// model must be in the service's namespace, and the volume of ${facts.cache.node.path} is in "${facts.namespace}"`,
      'Create the cache in a chart with the same namespace as the service');
  }

  checkGpuMemory(problems, facts.cache, facts.modelSize, consumer);
  return problems.toArray();
}

const MODEL_CACHE_CONSUMER_TYPES = struct<ModelCacheConsumer>({
  path: 'string',
  servingApi: instanceOf(ServingApi, 'ServingApi.KSERVE_V1BETA1'),
  deploymentMode: enumOf('DeploymentMode', DeploymentMode),
  maxReplicas: 'number',
  gpuMemory: SIZE,
  gpuRegions: STRINGS,
  namespace: 'string',
}, 'path', 'servingApi', 'maxReplicas');

/**
 * Checks the consumer handed to a cache's `checkConsumer` (which a JavaScript caller may call),
 * and throws the library's error for a value of the wrong type.
 */
export function checkConsumerArgument(cacheKind: string, consumer: ModelCacheConsumer): void {
  checkArguments(`${cacheKind}.checkConsumer`, [['consumer', consumer, MODEL_CACHE_CONSUMER_TYPES, true]]);
}
