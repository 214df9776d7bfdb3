import { Duration, Size } from 'cdk8s';
import { addProblem, checkBoolean, checkDuration, checkNumber, checkProps, checkSize, secondsOf, throwIfAny } from './_checks';
import { BANDWIDTH, DEFAULT_POD_STARTUP_SECONDS, loadSecondsOf, megabytesOf } from './_cold-start-model';
import { Problems } from '../_errors';

/** Where a pod reads its model weights from at start. */
export enum ModelStorageKind {
  /**
   * Object storage (S3, GCS, Azure Blob): the storage initializer downloads the model to the pod's
   * disk, then the server reads it from there.
   */
  OBJECT_STORAGE = 'OBJECT_STORAGE',
  /** A ModelCache on shared storage (an NFS or EFS-like volume): the server reads it over the network. */
  SHARED_MODEL_CACHE = 'SHARED_MODEL_CACHE',
  /** A cache on the node's local NVMe disk: the server reads it locally. */
  NODE_LOCAL_CACHE = 'NODE_LOCAL_CACHE',
}

/** What a cold start is estimated from. */
export interface ColdStartEstimateProps {
  /** Size of the model's weights. */
  readonly modelSize: Size;
  /** Where the weights are read from. */
  readonly storage: ModelStorageKind;
  /**
   * Read bandwidth of the storage, in MB/s (10^6 bytes a second).
   * @default - the documented figure of the storage kind (`ColdStartEstimator.bandwidthOf`)
   */
  readonly bandwidthMegabytesPerSecond?: number;
  /**
   * Time from pod creation to the model server starting its load: scheduling on a node that has a
   * free GPU, pulling a cached serving image, CUDA initialisation. A new GPU node adds minutes.
   * @default Duration.seconds(30) - an assumption for a warm node with the image cached
   */
  readonly podStartup?: Duration;
}

/** An estimated cold start, with its parts. */
export interface ColdStartEstimate {
  /** The whole cold start: pod startup + reading the weights. */
  readonly total: Duration;
  /** Pod startup before the load. */
  readonly podStartup: Duration;
  /** Reading the weights (for object storage: the download plus the read from the pod's disk). */
  readonly load: Duration;
  /** The bandwidth used, in MB/s. */
  readonly bandwidthMegabytesPerSecond: number;
  /** One sentence for `explain()`: the estimate and how it was made. */
  readonly description: string;
}

/** Estimates a GPU pod's cold start from the model's size and the storage it is read from. */
export class ColdStartEstimator {
  /** The documented read bandwidth of a storage kind, in MB/s. */
  public static bandwidthOf(storage: ModelStorageKind): number {
    const problems = new Problems();
    checkStorage(problems, storage);
    throwIfAny(problems, 'ColdStartEstimator.bandwidthOf');
    return BANDWIDTH[storage];
  }

  /** Estimates the cold start. */
  public static estimate(props: ColdStartEstimateProps): ColdStartEstimate {
    const problems = new Problems();
    if (checkProps(problems, 'props', props)) {
      checkSize(problems, 'modelSize', props.modelSize);
      checkStorage(problems, props.storage);
      checkNumber(problems, 'bandwidthMegabytesPerSecond', props.bandwidthMegabytesPerSecond, 1, 1_000_000, true);
      checkDuration(problems, 'podStartup', props.podStartup, 0, 86400, true);
    }
    throwIfAny(problems, 'ColdStartEstimator.estimate');
    const megabytes = megabytesOf(props.modelSize);
    const bandwidth = props.bandwidthMegabytesPerSecond ?? BANDWIDTH[props.storage];
    const loadSeconds = loadSecondsOf(megabytes, props.storage, bandwidth);
    const startup = props.podStartup === undefined ? DEFAULT_POD_STARTUP_SECONDS : secondsOf(props.podStartup);
    const total = Math.ceil(startup + loadSeconds);
    const where = props.storage.toLowerCase().replace(/_/g, ' ');
    return {
      total: Duration.seconds(total),
      podStartup: Duration.seconds(startup),
      load: Duration.seconds(Math.ceil(loadSeconds)),
      bandwidthMegabytesPerSecond: bandwidth,
      description: `Estimated cold start ${formatSeconds(total)}: ${formatSeconds(startup)} pod startup, then ${Math.round(megabytes).toLocaleString('en-US')} MB `
        + `read from ${where} at ${bandwidth.toLocaleString('en-US')} MB/s in ${formatSeconds(Math.ceil(loadSeconds))}`
        + `${props.storage === ModelStorageKind.OBJECT_STORAGE ? ' (download, then the read from the pod\'s disk)' : ''}.`,
    };
  }
}

/** What the cold-start checks read. */
export interface ColdStartBudgetProps {
  /** The estimated cold start. */
  readonly coldStart: Duration;
  /**
   * The revision's progress deadline.
   * @default Duration.seconds(600) - Knative's config-deployment progress-deadline
   */
  readonly progressDeadline?: Duration;
  /**
   * How long the startup probe allows: initialDelaySeconds + failureThreshold × periodSeconds.
   * @default - no startup probe
   */
  readonly startupProbeBudget?: Duration;
  /**
   * The request timeout (timeoutSeconds).
   * @default Duration.seconds(300) - Knative's revision-timeout-seconds
   */
  readonly requestTimeout?: Duration;
  /** Whether the service can scale to zero (min replicas 0). */
  readonly scalesFromZero: boolean;
  /**
   * scale-to-zero-pod-retention-period.
   * @default Duration.seconds(0)
   */
  readonly scaleToZeroPodRetention?: Duration;
  /**
   * The usual idle gap of the service's traffic (`RequestTrace.usualIdleGap`).
   * @default - unknown: the retention check is skipped
   */
  readonly usualIdleGap?: Duration;
}

/** A setting the cold start makes unsafe. */
export interface UnsafeSetting {
  /** The setting, by its prop name. */
  readonly setting: string;
  /** Why it is unsafe, with the numbers and a fix. */
  readonly message: string;
}

/** Lists the settings a cold start makes unsafe, for `explain()`. */
export class ColdStartBudget {
  /** The unsafe settings; empty when all are safe. */
  public static unsafeSettings(props: ColdStartBudgetProps): UnsafeSetting[] {
    const problems = new Problems();
    if (checkProps(problems, 'props', props)) {
      checkDuration(problems, 'coldStart', props.coldStart, 0, 86400);
      checkDuration(problems, 'progressDeadline', props.progressDeadline, 0, undefined, true);
      checkDuration(problems, 'startupProbeBudget', props.startupProbeBudget, 0, undefined, true);
      checkDuration(problems, 'requestTimeout', props.requestTimeout, 0, undefined, true);
      checkBoolean(problems, 'scalesFromZero', props.scalesFromZero);
      checkDuration(problems, 'scaleToZeroPodRetention', props.scaleToZeroPodRetention, 0, undefined, true);
      checkDuration(problems, 'usualIdleGap', props.usualIdleGap, 0, undefined, true);
    }
    throwIfAny(problems, 'ColdStartBudget.unsafeSettings');
    const coldStart = secondsOf(props.coldStart);
    const shown = formatSeconds(coldStart);
    const found: UnsafeSetting[] = [];
    const progressDeadline = props.progressDeadline === undefined ? 600 : secondsOf(props.progressDeadline);
    if (progressDeadline < coldStart) {
      found.push({
        setting: 'progressDeadline',
        message: `progressDeadline ${formatSeconds(progressDeadline)} is shorter than the cold start ${shown}: Knative marks the revision failed and scales it to zero `
          + `before the model has loaded. Set progressDeadline to at least ${formatSeconds(Math.ceil(coldStart * 1.5))}.`,
      });
    }
    if (props.startupProbeBudget !== undefined && secondsOf(props.startupProbeBudget) < coldStart) {
      found.push({
        setting: 'startupProbe',
        message: `the startup probe gives up after ${formatSeconds(secondsOf(props.startupProbeBudget))}, before the cold start ${shown} ends: the kubelet restarts `
          + `the container in a loop. Raise failureThreshold × periodSeconds to at least ${formatSeconds(Math.ceil(coldStart * 1.5))}.`,
      });
    }
    const timeout = props.requestTimeout === undefined ? 300 : secondsOf(props.requestTimeout);
    if (props.scalesFromZero && timeout < coldStart) {
      found.push({
        setting: 'requestTimeout',
        message: `requestTimeout ${formatSeconds(timeout)} is shorter than the cold start ${shown} of a service that scales to zero: the first requests after `
          + `an idle period time out. Raise the timeout above ${shown}, or keep a pod with minReplicas 1.`,
      });
    }
    const retention = props.scaleToZeroPodRetention === undefined ? 0 : secondsOf(props.scaleToZeroPodRetention);
    if (props.scalesFromZero && props.usualIdleGap !== undefined && retention < secondsOf(props.usualIdleGap)) {
      const gap = formatSeconds(secondsOf(props.usualIdleGap));
      found.push({
        setting: 'scaleToZeroPodRetention',
        message: `scaleToZeroPodRetention ${formatSeconds(retention)} is shorter than the usual idle gap ${gap} of the traffic: the service goes to zero `
          + `between bursts and most bursts wait ${shown} for a cold start. Keep the pod for ${gap} (at most 1h) if a warm GPU costs less than the wait.`,
      });
    }
    return found;
  }
}

function checkStorage(problems: Problems, storage: unknown): void {
  if (!Object.values(ModelStorageKind).includes(storage as ModelStorageKind)) {
    addProblem(problems, 'storage', storage, `must be a ModelStorageKind: ${Object.values(ModelStorageKind).join(', ')}`);
  }
}

/** 45 → "45s", 380 → "6m20s", 3600 → "1h0m0s": Go's duration style, as Knative writes durations. */
function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${m}m${rest}s`;
  if (m > 0) return `${m}m${rest}s`;
  return `${rest}s`;
}
