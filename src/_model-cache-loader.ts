/**
 * What the ModelCache loader Job runs for each kind of source: the downloader image, the shell
 * script and its environment. Internal: the construct turns these into the loader Job (_loader-job.ts).
 *
 * Every value reaches the script through the environment, never through the script text, so no
 * URI or name can inject shell code. Secrets are only referenced (secretKeyRef or a Secret
 * volume); the library never sees their values.
 */
import { ModelSourceEnvVar, ModelSourceKind } from './model-source';

/** Where the loader mounts the cache volume. */
export const CACHE_MOUNT_PATH = '/mnt/cache';
/** Writable scratch space (HOME, tool caches): the root filesystem is read-only. */
export const SCRATCH_MOUNT_PATH = '/tmp';
/** Where the loader mounts the Secret files a source needs (the GCS service-account key). */
export const SECRET_FILES_MOUNT_PATH = '/var/run/secrets/gcs';
/** Written last, holding the source URI: the loader skips the download when it matches. */
export const COMPLETION_MARKER = '.cdk8s-inference-complete';

/** The pinned huggingface_hub release installed by the Hugging Face loader. */
export const HUGGING_FACE_HUB_VERSION = '1.1.7';

/** Source kinds the loader can download. */
export const LOADABLE_KINDS: ModelSourceKind[] = [
  ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.HTTP, ModelSourceKind.HUGGING_FACE,
];

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
 * How the script names the source in its log: an HTTP URL without its query string and fragment,
 * which may hold settings the log has no use for; other URIs as they are (an S3 or GCS key may
 * contain '?'). Kept to HTTP so that the scripts of the other kinds, hashed into their loader
 * Jobs' names, are unchanged.
 */
function shownSource(kind: ModelSourceKind): string {
  return kind === ModelSourceKind.HTTP ? '${MODEL_SOURCE%%[?#]*}' : '$MODEL_SOURCE';
}

/**
 * Skips the work when the marker names this source; otherwise starts a fresh staging directory
 * on the same volume, so that the final `mv` is an atomic rename. A model at the volume root has
 * no directory to swap in atomically: there the marker is removed first, the old files replaced,
 * and the marker written last (completeAtRoot), so a reader never sees a marked partial copy.
 */
function prepare(shown: string, atRoot: boolean): string[] {
  return [
    'set -eu',
    atRoot ? 'target="$CACHE_ROOT"' : 'target="$CACHE_ROOT/$MODEL_DIRECTORY"',
    `marker="$target/${COMPLETION_MARKER}"`,
    'if [ -f "$marker" ] && [ "$(cat "$marker")" = "$MODEL_SOURCE" ]; then',
    `  echo "${shown} is already cached in $target"`,
    '  exit 0',
    'fi',
    atRoot ? 'staging="$CACHE_ROOT/.staging/root"' : 'staging="$CACHE_ROOT/.staging/$MODEL_DIRECTORY"',
    'rm -rf "$staging"',
    'mkdir -p "$staging"',
  ];
}

function completeAtRoot(shown: string): string[] {
  return [
    'rm -f "$marker"',
    'for entry in "$CACHE_ROOT"/* "$CACHE_ROOT"/.[!.]* "$CACHE_ROOT"/..?*; do',
    '  case "${entry##*/}" in .staging|lost+found) continue ;; esac',
    '  if [ -e "$entry" ]; then rm -rf "$entry"; fi',
    'done',
    'for entry in "$staging"/* "$staging"/.[!.]* "$staging"/..?*; do',
    '  if [ -e "$entry" ]; then mv "$entry" "$CACHE_ROOT/"; fi',
    'done',
    'rm -rf "$CACHE_ROOT/.staging"',
    'printf \'%s\' "$MODEL_SOURCE" > "$marker"',
    `echo "cached ${shown} in $target"`,
  ];
}

/** Marks the staged copy complete, then swaps it in: a partial download is never marked. */
function complete(shown: string): string[] {
  return [
    `printf '%s' "$MODEL_SOURCE" > "$staging/${COMPLETION_MARKER}"`,
    'rm -rf "$target"',
    'mkdir -p "$(dirname "$target")"',
    'mv "$staging" "$target"',
    `echo "cached ${shown} in $target"`,
  ];
}

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

/** A public bucket: the AWS CLI sends unsigned requests. */
const FETCH_S3_ANONYMOUS = FETCH_S3.map((line) => line.replace(/aws s3 (sync|cp) /, 'aws s3 $1 --no-sign-request '));

const FETCH_COMMANDS: Partial<Record<ModelSourceKind, string[]>> = {
  [ModelSourceKind.S3]: FETCH_S3,
  [ModelSourceKind.GCS]: FETCH_GCS,
  [ModelSourceKind.HUGGING_FACE]: FETCH_HUGGING_FACE,
};

function buildLoaderScript(kind: ModelSourceKind, atRoot: boolean, anonymous: boolean): string {
  const shown = shownSource(kind);
  const fetch = anonymous && kind === ModelSourceKind.S3 ? FETCH_S3_ANONYMOUS : FETCH_COMMANDS[kind] ?? FETCH_HTTP;
  const script = [...prepare(shown, atRoot), ...fetch, ...(atRoot ? completeAtRoot(shown) : complete(shown))];
  return script.join('\n');
}

const scriptKey = (kind: ModelSourceKind, atRoot: boolean, anonymous: boolean) => `${kind}/${atRoot}/${anonymous}`;

/**
 * Every loader script, written once: a few kilobytes each, which every cache of a fleet shares
 * instead of holding its own copy. At 10,000 services that is 9 MiB less peak memory (464 to
 * 455 MiB on FleetApp, 2 %), and no time measurably (docs/benchmarks.md).
 */
const LOADER_SCRIPTS: ReadonlyMap<string, string> = new Map(Object.values(ModelSourceKind).flatMap((kind) => [false, true]
  .flatMap((atRoot) => [false, true]
    .map((anonymous): [string, string] => [scriptKey(kind, atRoot, anonymous), buildLoaderScript(kind, atRoot, anonymous)]))));

/** The `sh -c` script of the loader for a kind of source, filling a directory or the volume root. */
export function loaderScript(kind: ModelSourceKind, options: { atRoot?: boolean; anonymous?: boolean } = {}): string {
  return LOADER_SCRIPTS.get(scriptKey(kind, options.atRoot === true, options.anonymous === true))!;
}

/** The loader's own environment (where to write, what to fetch), then the source's. */
export function loaderEnvironment(sourceUri: string, modelDirectory: string, sourceEnv: ModelSourceEnvVar[]): ModelSourceEnvVar[] {
  return [
    { name: 'CACHE_ROOT', value: CACHE_MOUNT_PATH },
    { name: 'MODEL_DIRECTORY', value: modelDirectory },
    { name: 'MODEL_SOURCE', value: sourceUri },
    { name: 'HOME', value: SCRATCH_MOUNT_PATH },
    ...sourceEnv,
  ];
}
