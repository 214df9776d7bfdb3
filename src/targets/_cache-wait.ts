/**
 * The init container that holds a model server until its ModelCache's loader has written the
 * completion marker, so that no pod serves from a half-filled volume. Internal: the targets that
 * have init containers (KServe v1beta1, Knative Service) render it.
 */
import { ContainerJson, VolumeJson } from '../_k8s-json';
import { ServingSecurity } from '../serving-security';
import { CacheWait } from './_workload';

/** A small shell image, pinned: the wait needs only `sh`, `cat`, `date` and `sleep`. */
export const CACHE_WAIT_IMAGE = 'busybox:1.37.0';
/** Name of the init container and of the volume it reads the claim through. */
export const CACHE_WAIT_NAME = 'wait-for-model-cache';
const MOUNT_PATH = '/mnt/model-cache';
/** Seconds between two looks at the marker. */
const POLL_SECONDS = 5;

/**
 * Waits until the marker holds the expected source (a marker of an older source means the new
 * loader has not finished), then exits 0; after the timeout it exits 1 with what to check. Every
 * value comes through the environment, never through the script text.
 */
const SCRIPT = [
  'deadline=$(( $(date +%s) + TIMEOUT_SECONDS ))',
  'until [ "$(cat "$MARKER" 2>/dev/null)" = "$MODEL_SOURCE" ]; do',
  '  if [ "$(date +%s)" -ge "$deadline" ]; then',
  '    echo "The model cache is not filled after ${TIMEOUT_SECONDS}s: $MARKER (claim $CLAIM_NAME) does not name $MODEL_SOURCE. '
    + 'Check the loader Job $LOADER_JOB: kubectl logs job/$LOADER_JOB" >&2',
  '    exit 1',
  '  fi',
  `  sleep ${POLL_SECONDS}`,
  'done',
  'echo "The model cache holds $MODEL_SOURCE"',
].join('\n');

/**
 * The init container, mounting `volumeName` (the claim, read-only, at its root).
 */
export function cacheWaitContainer(wait: CacheWait, volumeName: string, security: ServingSecurity): ContainerJson {
  return {
    name: CACHE_WAIT_NAME,
    image: CACHE_WAIT_IMAGE,
    command: ['/bin/sh', '-c', SCRIPT],
    env: [
      { name: 'MARKER', value: `${MOUNT_PATH}/${wait.marker.path}` },
      { name: 'MODEL_SOURCE', value: wait.marker.content },
      { name: 'CLAIM_NAME', value: wait.marker.claimName },
      { name: 'LOADER_JOB', value: wait.marker.writerJobName },
      { name: 'TIMEOUT_SECONDS', value: String(wait.timeout.toSeconds()) },
    ],
    // A shell loop: a tenth of a core and 32Mi are plenty.
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
    securityContext: security._containerSecurityContext(),
    // The message of a failed wait shows in `kubectl describe pod`.
    terminationMessagePolicy: 'FallbackToLogsOnError',
    volumeMounts: [{ name: volumeName, mountPath: MOUNT_PATH, readOnly: true }],
  };
}

/** The claim as a read-only volume named for the wait. */
export function cacheWaitVolume(wait: CacheWait): VolumeJson {
  return { name: CACHE_WAIT_NAME, persistentVolumeClaim: { claimName: wait.marker.claimName, readOnly: true } };
}
