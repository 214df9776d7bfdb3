/**
 * The arithmetic of the cold-start estimate, without its checks or its description: the services
 * use it once each for the LLM profile's startup probe, so it stays cheap. Internal; the public
 * estimator is `ColdStartEstimator` (cold-start.ts). Storage kinds are the values of
 * `ModelStorageKind`, as strings, so that this module does not import the estimator's.
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Read bandwidths, MB/s. Each is a stated assumption below the source's ceiling, since the ceiling
 * is the best case of the best instance:
 * - object storage 500: AWS's S3 performance guidelines recommend parallel byte-range GETs of 8-16
 *   MB (KServe's storage initializer uses boto3, whose transfers run 10 such requests at once); the
 *   s3-benchmark measurements (github.com/dvassallo/s3-benchmark) reach 2.8-8 GB/s only on 25-100
 *   Gbit/s instances, so 500 MB/s is a sustained rate a typical GPU node reaches;
 * - shared model cache 1,500 MiB/s (1,573 MB/s): Amazon EFS's documented per-client read limit
 *   with Elastic throughput (docs.aws.amazon.com/efs/latest/ug/performance.html);
 * - node-local cache 2,000: a PCIe 3.0 x4 NVMe SSD's link carries 3.94 GB/s; 2 GB/s is a sustained
 *   sequential read of data-centre NVMe drives below that link limit.
 */
export const BANDWIDTH: { readonly [storage: string]: number } = {
  OBJECT_STORAGE: 500,
  SHARED_MODEL_CACHE: 1573,
  NODE_LOCAL_CACHE: 2000,
};

/** Pod start before the load: an assumption for a warm node with the image cached. */
export const DEFAULT_POD_STARTUP_SECONDS = 30;

/** A size in MB (10^6 bytes), as storage bandwidths are given. */
export function megabytesOf(size: Size): number {
  return (size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024) / 1e6;
}

/** Seconds to read the weights; a download lands on the pod's disk first, and the server then reads it from there. */
export function loadSecondsOf(megabytes: number, storage: string, bandwidth: number = BANDWIDTH[storage]): number {
  const read = megabytes / bandwidth;
  return storage === 'OBJECT_STORAGE' ? read + megabytes / BANDWIDTH.NODE_LOCAL_CACHE : read;
}

/** The whole cold start in whole seconds, with the default bandwidth and pod start. */
export function coldStartSecondsOf(size: Size, storage: string): number {
  return Math.ceil(DEFAULT_POD_STARTUP_SECONDS + loadSecondsOf(megabytesOf(size), storage));
}
