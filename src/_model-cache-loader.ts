/**
 * What the ModelCache loader Job runs for each kind of source: the downloader image, the shell
 * script and its environment. Internal: the construct turns these into the loader Job (_loader-job.ts).
 *
 * Every value reaches the script through the environment, never through the script text, so no
 * URI or name can inject shell code. Secrets are only referenced (secretKeyRef or a Secret
 * volume); the library never sees their values.
 */
import { ModelSource, ModelSourceKind, SecretKeyReference } from './model-source';

/** Where the loader mounts the cache volume. */
export const CACHE_MOUNT_PATH = '/mnt/cache';
/** Writable scratch space (HOME, tool caches): the root filesystem is read-only. */
export const SCRATCH_MOUNT_PATH = '/tmp';
/** Where the loader mounts the GCS service-account key. */
export const GCS_KEY_MOUNT_PATH = '/var/run/secrets/gcs';
/** File name of the GCS key inside GCS_KEY_MOUNT_PATH. */
export const GCS_KEY_FILE = 'key.json';
/** Written last, holding the source URI: the loader skips the download when it matches. */
export const COMPLETION_MARKER = '.cdk8s-inference-complete';

/** The pinned huggingface_hub release installed by the Hugging Face loader. */
export const HUGGING_FACE_HUB_VERSION = '1.1.7';

/** Source kinds the loader can download. */
export const LOADABLE_KINDS: ModelSourceKind[] = [
  ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.HTTP, ModelSourceKind.HUGGING_FACE,
];

/** One environment variable: a literal value or a reference to a Secret key. */
export interface LoaderEnvVar {
  readonly name: string;
  readonly value?: string;
  readonly secret?: SecretKeyReference;
}

/** The maintained downloader image for a kind of source, pinned to a release. */
export function defaultLoaderImage(kind: ModelSourceKind): string {
  switch (kind) {
    case ModelSourceKind.S3: return 'amazon/aws-cli:2.32.8';
    case ModelSourceKind.GCS: return 'google/cloud-sdk:530.0.0-alpine';
    case ModelSourceKind.HUGGING_FACE: return 'python:3.12.11-slim-bookworm';
    default: return 'curlimages/curl:8.11.1';
  }
}

/**
 * Skips the work when the marker names this source; otherwise starts a fresh staging directory
 * on the same volume, so that the final `mv` is an atomic rename.
 */
const PREPARE = [
  'set -eu',
  'target="$CACHE_ROOT/$MODEL_DIRECTORY"',
  `marker="$target/${COMPLETION_MARKER}"`,
  'if [ -f "$marker" ] && [ "$(cat "$marker")" = "$MODEL_SOURCE" ]; then',
  '  echo "$MODEL_SOURCE is already cached in $target"',
  '  exit 0',
  'fi',
  'staging="$CACHE_ROOT/.staging/$MODEL_DIRECTORY"',
  'rm -rf "$staging"',
  'mkdir -p "$staging"',
];

/** Marks the staged copy complete, then swaps it in: a partial download is never marked. */
const COMPLETE = [
  `printf '%s' "$MODEL_SOURCE" > "$staging/${COMPLETION_MARKER}"`,
  'rm -rf "$target"',
  'mkdir -p "$(dirname "$target")"',
  'mv "$staging" "$target"',
  'echo "cached $MODEL_SOURCE in $target"',
];

/** A prefix is synced as a directory; a URI naming one object is copied as a file. */
const FETCH_S3 = [
  'aws s3 sync --only-show-errors --no-progress "${MODEL_SOURCE%/}/" "$staging"',
  'if [ -z "$(ls -A "$staging")" ]; then',
  '  aws s3 cp --only-show-errors --no-progress "$MODEL_SOURCE" "$staging/"',
  'fi',
];

const FETCH_GCS = [
  'if gcloud storage ls "${MODEL_SOURCE%/}/" > /dev/null 2>&1; then',
  '  gcloud storage rsync --recursive "${MODEL_SOURCE%/}" "$staging"',
  'else',
  '  gcloud storage cp "$MODEL_SOURCE" "$staging/"',
  'fi',
];

/** Archives are unpacked as KServe's storage initializer does (.zip, .tar, .tar.gz, .tgz). */
const FETCH_HTTP = [
  'download="$staging/.download"',
  'curl -fsSL --retry 5 --retry-connrefused -o "$download" "$MODEL_SOURCE"',
  'path="${MODEL_SOURCE%%[?#]*}"',
  'case "$path" in',
  '  *.zip) unzip -q "$download" -d "$staging" ;;',
  '  *.tar.gz|*.tgz) tar -xzf "$download" -C "$staging" ;;',
  '  *.tar) tar -xf "$download" -C "$staging" ;;',
  '  *) name="${path##*/}"; mv "$download" "$staging/${name:-model}" ;;',
  'esac',
  'rm -f "$download"',
];

/**
 * Installs the pinned huggingface_hub into scratch space (the image is a plain Python image) and
 * keeps the Hub's own cache on the volume, since it can grow as large as the model.
 */
const FETCH_HUGGING_FACE = [
  `pip install --quiet --no-cache-dir --disable-pip-version-check --target /tmp/python "huggingface_hub==${HUGGING_FACE_HUB_VERSION}"`,
  'export HF_HOME="$CACHE_ROOT/.staging/.huggingface"',
  'STAGING="$staging" PYTHONPATH=/tmp/python python -c \'import os; from huggingface_hub import snapshot_download; '
    + 'snapshot_download(repo_id=os.environ["HF_REPO"], revision=os.environ.get("HF_REVISION") or None, local_dir=os.environ["STAGING"])\'',
  'rm -rf "$staging/.cache" "$HF_HOME"',
];

function fetchCommands(kind: ModelSourceKind): string[] {
  switch (kind) {
    case ModelSourceKind.S3: return FETCH_S3;
    case ModelSourceKind.GCS: return FETCH_GCS;
    case ModelSourceKind.HUGGING_FACE: return FETCH_HUGGING_FACE;
    default: return FETCH_HTTP;
  }
}

/** Scripts already assembled, by kind: every cache of a kind runs the same one. */
const SCRIPTS = new Map<ModelSourceKind, string>();

/** The `sh -c` script of the loader for a kind of source. */
export function loaderScript(kind: ModelSourceKind): string {
  let script = SCRIPTS.get(kind);
  if (script === undefined) {
    script = [...PREPARE, ...fetchCommands(kind), ...COMPLETE].join('\n');
    SCRIPTS.set(kind, script);
  }
  return script;
}

/** The loader's environment: where to write, what to fetch, and credential references. */
export function loaderEnvironment(source: ModelSource, modelDirectory: string): LoaderEnvVar[] {
  const env: LoaderEnvVar[] = [
    { name: 'CACHE_ROOT', value: CACHE_MOUNT_PATH },
    { name: 'MODEL_DIRECTORY', value: modelDirectory },
    { name: 'MODEL_SOURCE', value: source.uri },
    { name: 'HOME', value: SCRATCH_MOUNT_PATH },
  ];
  const s3 = source.s3;
  if (s3?.endpoint) env.push({ name: 'AWS_ENDPOINT_URL', value: `${s3.useHttps === false ? 'http' : 'https'}://${s3.endpoint}` });
  if (s3?.region) env.push({ name: 'AWS_REGION', value: s3.region });
  if (s3?.credentials) {
    const secretName = s3.credentials.secretName;
    env.push(
      { name: 'AWS_ACCESS_KEY_ID', secret: { secretName, key: s3.credentials.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID' } },
      { name: 'AWS_SECRET_ACCESS_KEY', secret: { secretName, key: s3.credentials.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY' } },
    );
  }
  if (source.kind === ModelSourceKind.GCS) {
    env.push(
      { name: 'CLOUDSDK_CONFIG', value: `${SCRATCH_MOUNT_PATH}/gcloud` },
      { name: 'CLOUDSDK_CORE_DISABLE_PROMPTS', value: '1' },
    );
    if (source.gcs?.credentials) {
      env.push({ name: 'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE', value: `${GCS_KEY_MOUNT_PATH}/${GCS_KEY_FILE}` });
    }
  }
  const hf = source.huggingFace;
  if (hf) {
    env.push({ name: 'HF_REPO', value: hf.repo });
    if (hf.revision) env.push({ name: 'HF_REVISION', value: hf.revision });
    if (hf.token) env.push({ name: 'HF_TOKEN', secret: hf.token });
    env.push({ name: 'HF_HUB_DISABLE_PROGRESS_BARS', value: '1' });
  }
  return env;
}
