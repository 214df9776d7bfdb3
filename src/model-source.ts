import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { isDnsSubdomain, isSecretKey, SECRET_KEY_RULE } from './_metadata-checks';
import { checkArguments, struct, withMembers } from './_public-types';
import { redactSecrets, uriCredential } from './_secrets';
import { IModelCache } from './model-cache-contract';
import { KServeVersion } from './serving-api';

/** Where a model's files live, by URI scheme. */
export enum ModelSourceKind {
  /** Amazon S3 or an S3-compatible object store (`s3://`). */
  S3 = 's3',
  /** Google Cloud Storage (`gs://`). */
  GCS = 'gs',
  /** An HTTP(S) URL, usually an archive that is unpacked (`http://`, `https://`). */
  HTTP = 'http',
  /** A Hugging Face Hub repository (`hf://`). */
  HUGGING_FACE = 'hf',
  /** An OCI image holding the model (`oci://`), served through KServe's modelcar. */
  OCI = 'oci',
  /** A PersistentVolumeClaim in the service's namespace (`pvc://`). */
  PVC = 'pvc',
}

const SOURCE_KINDS: ReadonlySet<string> = new Set(Object.values(ModelSourceKind));

/** A reference to one key of an existing Secret. The library never sees the secret value. */
export interface SecretKeyReference {
  /** Name of the Secret, in the namespace of the objects that use it. */
  readonly secretName: string;
  /** Key within the Secret. */
  readonly key: string;
}

/**
 * S3 credentials: an existing Secret holding an access key pair. KServe's storage initializer
 * reads the keys named in the cluster's `inferenceservice-config` (`credentials.s3`), by default
 * `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
 */
export interface S3Credentials {
  /** Name of the existing Secret. */
  readonly secretName: string;
  /**
   * Key of the access key id in the Secret.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in the Secret.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKeyKey?: string;
}

/** Options for a model in S3 or an S3-compatible store. */
export interface S3SourceOptions {
  /**
   * The access key pair, from an existing Secret.
   * @default - no keys: the pod's identity (for example an IAM role for the ServiceAccount) is used
   */
  readonly credentials?: S3Credentials;
  /**
   * Endpoint of an S3-compatible store, a host with an optional port and no scheme
   * (`object.ord1.coreweave.com`, `minio.storage:9000`).
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Whether the endpoint is reached over HTTPS.
   * @default true
   */
  readonly useHttps?: boolean;
  /**
   * Region of the bucket.
   * @default - the store's default region
   */
  readonly region?: string;
  /**
   * Read a public bucket without credentials or a pod identity (unsigned requests). KServe reads
   * it from the `s3-useanoncredential` annotation of the credentials Secret or from its
   * `inferenceservice-config` (listed in the service's warnings); a ModelCache loader passes
   * `--no-sign-request` to the AWS CLI.
   * @default false
   */
  readonly anonymous?: boolean;
}

/** Options for a model on the Hugging Face Hub. */
export interface HuggingFaceSourceOptions {
  /**
   * Git revision: a branch, tag or commit hash. Pin a commit for reproducible deployments.
   * @default - the repository's default branch
   */
  readonly revision?: string;
  /**
   * Access token for gated or private repositories, from an existing Secret.
   * @default - anonymous access
   */
  readonly token?: SecretKeyReference;
}

/** Options for a model in Google Cloud Storage. */
export interface GcsSourceOptions {
  /**
   * A service-account key file from an existing Secret.
   * @default - the pod's identity (Workload Identity)
   */
  readonly credentials?: SecretKeyReference;
}

/** The Secret keys KServe's storage initializer reads, at their defaults (config/configmap/inferenceservice.yaml). */
const S3_ACCESS_KEY_ID = 'AWS_ACCESS_KEY_ID';
const S3_SECRET_ACCESS_KEY = 'AWS_SECRET_ACCESS_KEY';
const GCS_CREDENTIAL_FILE = 'gcloud-application-credentials.json';
const HF_TOKEN = 'HF_TOKEN';

const SECRET_KEY_REFERENCE_TYPES = struct<SecretKeyReference>({ secretName: 'string', key: 'string' }, 'secretName', 'key');
const S3_OPTIONS_TYPES = struct<S3SourceOptions>({
  credentials: struct<S3Credentials>({ secretName: 'string', accessKeyIdKey: 'string', secretAccessKeyKey: 'string' }, 'secretName'),
  endpoint: 'string',
  anonymous: 'boolean',
  useHttps: 'boolean',
  region: 'string',
});
const GCS_OPTIONS_TYPES = struct<GcsSourceOptions>({ credentials: SECRET_KEY_REFERENCE_TYPES });
const HUGGING_FACE_OPTIONS_TYPES = struct<HuggingFaceSourceOptions>({ revision: 'string', token: SECRET_KEY_REFERENCE_TYPES });
const MODEL_CACHE_TYPE = withMembers('an IModelCache, such as a ModelCache', { uri: 'function', checkConsumer: 'function' });

const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const GCS_URI = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](\/.*)?$/;
const HTTP_URI = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const HF_REPO = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;
const OCI_URI = /^oci:\/\/[a-z0-9][a-z0-9.-]*(:[0-9]+)?(\/[a-z0-9._-]+)+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})?$/;
const ENDPOINT = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

/** Throws the message, credentials redacted, when `ok` is false; the message is built only then. */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(redactSecrets(message()));
}

/**
 * Refuses a URI that carries a credential (user-info, a presigned or token query parameter): the
 * URI is written in plain text to `storageUri`, the loader's environment and log line, and the
 * completion marker on the cache volume.
 */
function checkNoCredential(prop: string, uri: string): void {
  const credential = uriCredential(uri);
  check(credential === undefined, () => `'${prop}' is ${JSON.stringify(uri)}: carries a credential (${credential}), which would be written in plain text `
    + 'to storageUri, the loader\'s environment and log, and the cache\'s completion marker. Remove it from the URI and keep it in a Secret: '
    + '`credentials` of ModelSource.fromS3 or fromGcs, `token` of fromHuggingFace (fromHttp takes none: serve the model from one of those stores)');
}

function checkSecretKeyReference(prop: string, reference: SecretKeyReference | undefined): void {
  if (!reference) return;
  check(isDnsSubdomain(reference.secretName),
    () => `'${prop}.secretName' is ${JSON.stringify(reference.secretName)}: must be a Secret name (lowercase alphanumerics, '-' and '.')`);
  check(isSecretKey(reference.key), () => `'${prop}.key' is ${JSON.stringify(reference.key)}: ${SECRET_KEY_RULE}`);
}

/** Who reads a model source, which decides what `ModelSource.bind()` attaches. */
export enum ModelReader {
  /**
   * KServe's (or KFServing's) storage initializer, which reads credentials from the Secrets that
   * the pod's ServiceAccount lists: `bind()` creates that ServiceAccount.
   */
  STORAGE_INITIALIZER = 'storage-initializer',
  /**
   * A downloader that runs the store's own tool (the `ModelCache` loader): `bind()` returns the
   * environment and the Secret files it needs.
   */
  DOWNLOADER = 'downloader',
}

/** What a consumer tells a model source when it binds it. */
export interface ModelSourceBindOptions {
  /** Who reads the model. */
  readonly reader: ModelReader;
  /**
   * Name of the consumer; objects created for it are named after it (`<name>-storage`).
   * @default - required for ModelReader.STORAGE_INITIALIZER
   */
  readonly name?: string;
  /**
   * Namespace of the consumer.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Writable directory of a downloader, for its tools' configuration.
   * @default '/tmp'
   */
  readonly scratchPath?: string;
  /**
   * Directory where a downloader mounts the Secret files the source needs (`secretFiles`).
   * @default '/var/run/secrets/model-source'
   */
  readonly secretFilesPath?: string;
}

/** An environment variable: a literal value or a reference to a Secret key. */
export interface ModelSourceEnvVar {
  /** Name of the variable. */
  readonly name: string;
  /**
   * Literal value.
   * @default - the value comes from `secret`
   */
  readonly value?: string;
  /**
   * Secret key the value is read from.
   * @default - a literal value
   */
  readonly secret?: SecretKeyReference;
}

/** A Secret key mounted as a file. */
export interface ModelSourceSecretFile {
  /** The Secret key. */
  readonly secret: SecretKeyReference;
  /** File name within `ModelSourceBindOptions.secretFilesPath`. */
  readonly fileName: string;
}

/** What a model source attaches to the consumer that binds it. */
export interface ModelSourceConfig {
  /** The URI a serving API reads (`storageUri`). */
  readonly uri: string;
  /**
   * ServiceAccount created for the storage initializer, listing the credentials Secret.
   * @default - none: the source needs no credentials, or the reader is a downloader
   */
  readonly serviceAccountName?: string;
  /**
   * The ServiceAccount object created for the storage initializer, for the consumer to order
   * itself after it.
   * @default - none: the source needs no credentials, or the reader is a downloader
   */
  readonly serviceAccount?: ApiObject;
  /**
   * Existing Secret that holds the source's credentials.
   * @default - no credentials
   */
  readonly credentialsSecretName?: string;
  /**
   * Settings KServe reads only from annotations on the credentials Secret (or its own
   * `inferenceservice-config`), keyed without the API's prefix: `s3-endpoint`, `s3-usehttps`,
   * `s3-region`. The library does not own that Secret, so consumers report them as a warning.
   * @default - none
   */
  readonly credentialsAnnotations?: { [key: string]: string };
  /**
   * Environment of a downloader.
   * @default - none (storage initializer)
   */
  readonly env?: ModelSourceEnvVar[];
  /**
   * Secret keys a downloader mounts as files in `secretFilesPath`.
   * @default - none
   */
  readonly secretFiles?: ModelSourceSecretFile[];
  /**
   * Whether a downloader reads the store anonymously (unsigned requests).
   * @default false
   */
  readonly anonymous?: boolean;
}

const DEFAULT_SCRATCH_PATH = '/tmp';
const DEFAULT_SECRET_FILES_PATH = '/var/run/secrets/model-source';

/**
 * Where a model comes from. Create one with a static factory; the URI is checked when it is
 * created, and the serving API is checked against it when a service uses it. Each kind of store
 * knows its URI, its credentials and how to attach them to whoever reads it (`bind()`).
 *
 * A store of your own extends this class and overrides `bind()`: what it returns is checked where
 * a service or cache binds it (the types of its fields, and no credential in its URI or in the
 * literal values of its environment: return a Secret reference as `secret` instead).
 */
export abstract class ModelSource {
  /**
   * A model in S3 or an S3-compatible object store.
   * @param uri `s3://<bucket>/<path>`
   */
  public static fromS3(uri: string, options: S3SourceOptions = {}): ModelSource {
    checkArguments('ModelSource', [['uri', uri, 'string', true], ['options', options, S3_OPTIONS_TYPES]]);
    checkNoCredential('uri', uri);
    check(S3_URI.test(uri), () => `'uri' is ${JSON.stringify(uri)}: an S3 model URI is s3://<bucket>/<path> with a valid bucket name`);
    if (options.endpoint !== undefined) {
      check(ENDPOINT.test(options.endpoint),
        () => `'endpoint' is ${JSON.stringify(options.endpoint)}: give a host with an optional port and no scheme, for example "object.ord1.coreweave.com"`);
    }
    check(options.anonymous === undefined || typeof options.anonymous === 'boolean', () => `'anonymous' is ${JSON.stringify(options.anonymous)}: give true or false`);
    check(!(options.anonymous && options.credentials),
      () => `'anonymous' is true: anonymous reads send no credentials, and 'credentials' names the Secret "${options.credentials!.secretName}". Remove one of them`);
    if (options.credentials) {
      checkSecretKeyReference('credentials', { secretName: options.credentials.secretName, key: options.credentials.accessKeyIdKey ?? S3_ACCESS_KEY_ID });
      checkSecretKeyReference('credentials', { secretName: options.credentials.secretName, key: options.credentials.secretAccessKeyKey ?? S3_SECRET_ACCESS_KEY });
    }
    return new S3ModelSource(uri, options);
  }

  /**
   * A model in Google Cloud Storage.
   * @param uri `gs://<bucket>/<path>`
   */
  public static fromGcs(uri: string, options: GcsSourceOptions = {}): ModelSource {
    checkArguments('ModelSource', [['uri', uri, 'string', true], ['options', options, GCS_OPTIONS_TYPES]]);
    checkNoCredential('uri', uri);
    check(GCS_URI.test(uri), () => `'uri' is ${JSON.stringify(uri)}: a GCS model URI is gs://<bucket>/<path> with a valid bucket name`);
    checkSecretKeyReference('credentials', options.credentials);
    return new GcsModelSource(uri, options);
  }

  /**
   * A model at an HTTP(S) URL. Archives (`.zip`, `.tar`, `.tar.gz`) are unpacked.
   * @param url `https://...` (or `http://...`)
   */
  public static fromHttp(url: string): ModelSource {
    checkArguments('ModelSource', [['url', url, 'string', true]]);
    checkNoCredential('url', url);
    check(HTTP_URI.test(url), () => `'url' is ${JSON.stringify(url)}: give an http:// or https:// URL`);
    return new PlainModelSource(ModelSourceKind.HTTP, url);
  }

  /**
   * A model repository on the Hugging Face Hub.
   * @param repo `<organization>/<model>`, for example `meta-llama/Llama-3.1-8B-Instruct`
   */
  public static fromHuggingFace(repo: string, options: HuggingFaceSourceOptions = {}): ModelSource {
    checkArguments('ModelSource', [['repo', repo, 'string', true], ['options', options, HUGGING_FACE_OPTIONS_TYPES]]);
    check(HF_REPO.test(repo) && repo.length <= 96,
      () => `'repo' is ${JSON.stringify(repo)}: give a Hugging Face repository as <organization>/<model>, for example "meta-llama/Llama-3.1-8B-Instruct"`);
    if (options.revision !== undefined) {
      check(/^[\w][\w./-]{0,127}$/.test(options.revision),
        () => `'revision' is ${JSON.stringify(options.revision)}: give a branch, tag or commit hash`);
    }
    checkSecretKeyReference('token', options.token);
    return new HuggingFaceModelSource(repo, options);
  }

  /**
   * A model packaged as an OCI image (KServe modelcar, KServe >= 0.12).
   * @param uri `oci://<registry>/<repository>[:<tag>|@sha256:<digest>]`
   */
  public static fromOci(uri: string): ModelSource {
    checkArguments('ModelSource', [['uri', uri, 'string', true]]);
    checkNoCredential('uri', uri);
    check(OCI_URI.test(uri), () => `'uri' is ${JSON.stringify(uri)}: give oci://<registry>/<repository>[:<tag>|@sha256:<digest>]`);
    return new PlainModelSource(ModelSourceKind.OCI, uri);
  }

  /**
   * A model on an existing PersistentVolumeClaim in the service's namespace.
   * @param claimName name of the claim
   * @param path directory within the volume
   */
  public static fromPvc(claimName: string, path: string = ''): ModelSource {
    checkArguments('ModelSource', [['claimName', claimName, 'string', true], ['path', path, 'string']]);
    check(isDnsSubdomain(claimName),
      () => `'claimName' is ${JSON.stringify(claimName)}: give the name of a PersistentVolumeClaim (lowercase alphanumerics, '-' and '.')`);
    check(!path.split('/').includes('..') && !/\s/.test(path),
      () => `'path' is ${JSON.stringify(path)}: a path within the volume must not contain '..' or white space`);
    return new PlainModelSource(ModelSourceKind.PVC, `pvc://${claimName}${path ? `/${path.replace(/^\/+/, '')}` : ''}`);
  }

  /**
   * A model held by a `ModelCache`: the service reads the cached copy, and the cache's
   * placement and size are checked against the service.
   * @param path directory within the cache
   */
  public static fromModelCache(cache: IModelCache, path?: string): ModelSource {
    checkArguments('ModelSource', [['cache', cache, MODEL_CACHE_TYPE, true], ['path', path, 'string']]);
    const uri = cache.uri(path);
    const scheme = uri.slice(0, uri.indexOf('://'));
    const kind = scheme === 'https' ? ModelSourceKind.HTTP : SOURCE_KINDS.has(scheme) ? scheme as ModelSourceKind : ModelSourceKind.PVC;
    return new PlainModelSource(kind, uri, cache);
  }

  /** The URI a serving API reads (`storageUri`). */
  public readonly uri: string;
  /** The kind of store, from the URI scheme. */
  public readonly kind: ModelSourceKind;
  /**
   * The cache this source reads from.
   * @default - not a cache
   */
  public readonly cache?: IModelCache;

  protected constructor(kind: ModelSourceKind, uri: string, cache?: IModelCache) {
    this.kind = kind;
    this.uri = uri;
    this.cache = cache;
  }

  /**
   * The first KServe release whose storage initializer reads this kind of source.
   * @default - every release
   */
  public get kserveSince(): KServeVersion | undefined {
    switch (this.kind) {
      case ModelSourceKind.OCI: return KServeVersion.V0_12;
      case ModelSourceKind.HUGGING_FACE: return KServeVersion.V0_15;
      default: return undefined;
    }
  }

  /**
   * Name of the existing Secret holding the source's credentials.
   * @default - the source needs no credentials
   */
  public get credentialsSecretName(): string | undefined {
    return undefined;
  }

  /**
   * Attaches the source to a reader: a storage initializer gets a ServiceAccount that lists the
   * credentials Secret (created in `scope`), a downloader the environment and Secret files of the
   * store's tool.
   */
  public bind(scope: Construct, options: ModelSourceBindOptions): ModelSourceConfig {
    const credentialsSecretName = this.credentialsSecretName;
    const credentialsAnnotations = this.credentialsAnnotations();
    if (options.reader === ModelReader.DOWNLOADER) {
      return {
        uri: this.uri,
        credentialsSecretName,
        credentialsAnnotations,
        env: this.downloaderEnv(options.scratchPath ?? DEFAULT_SCRATCH_PATH, options.secretFilesPath ?? DEFAULT_SECRET_FILES_PATH),
        secretFiles: this.secretFiles(),
        anonymous: this.anonymous || undefined,
      };
    }
    if (credentialsSecretName === undefined) return { uri: this.uri, credentialsAnnotations };
    if (options.name === undefined) throw new Error('\'name\' is undefined: a storage initializer binding names the ServiceAccount it creates after its consumer');
    const account = new k8s.KubeServiceAccount(scope, 'StorageServiceAccount', {
      metadata: { name: `${options.name}-storage`, namespace: options.namespace },
      secrets: [{ name: credentialsSecretName }],
    });
    return { uri: this.uri, serviceAccountName: account.name, serviceAccount: account, credentialsSecretName, credentialsAnnotations };
  }

  /**
   * What a reader cannot take from this source, one message a problem, for its consumer to report:
   * KServe's storage initializer reads a credentials Secret only under the key names configured
   * cluster-wide, so a custom key name would be dropped. A downloader reads any key.
   */
  public readerProblems(reader: ModelReader): string[] {
    if (reader !== ModelReader.STORAGE_INITIALIZER) return [];
    return this._credentialKeys()
      .filter(([, key, readKey]) => key !== readKey)
      .map(([prop, key, readKey, setting]) => `'${prop}' is ${JSON.stringify(key)}: KServe's storage initializer reads this Secret only under the key `
        + `"${readKey}" (${setting}), and would ignore this one. Name the key "${readKey}" in the Secret, `
        + 'or read the model through a ModelCache, whose loader reads any key');
  }

  /**
   * @internal The credentials' Secret keys: [prop, key given, key KServe's storage initializer
   * reads, the cluster setting that names it].
   */
  protected _credentialKeys(): [string, string, string, string][] {
    return [];
  }

  /**
   * What the source says beyond its URI (credentials, endpoint, region), for readers that take
   * only the URI, such as KServe's LocalModelCache download jobs.
   */
  public settingsBeyondUri(): string[] {
    const secretName = this.credentialsSecretName;
    return secretName ? [`credentials (Secret "${secretName}")`] : [];
  }

  /** Whether the store is read without credentials (unsigned requests). */
  protected get anonymous(): boolean {
    return false;
  }

  /** Settings KServe reads from the credentials Secret's annotations, without the API's prefix. */
  protected credentialsAnnotations(): { [key: string]: string } | undefined {
    return undefined;
  }

  /** The environment of a downloader of this kind of store. */
  protected downloaderEnv(_scratchPath: string, _secretFilesPath: string): ModelSourceEnvVar[] {
    return [];
  }

  /** Secret keys a downloader mounts as files. */
  protected secretFiles(): ModelSourceSecretFile[] {
    return [];
  }
}

/**
 * @internal Whether a source is one of the library's own, which build what `bind()` returns from
 * checked props (a consumer checks only what a source of the user's own returns).
 */
export function isLibraryModelSource(source: ModelSource): boolean {
  return source instanceof PlainModelSource || source instanceof S3ModelSource || source instanceof GcsModelSource
    || source instanceof HuggingFaceModelSource;
}

/** HTTP(S), OCI and PVC URIs, and caches: everything is in the URI. */
class PlainModelSource extends ModelSource {
  constructor(kind: ModelSourceKind, uri: string, cache?: IModelCache) {
    super(kind, uri, cache);
  }
}

class S3ModelSource extends ModelSource {
  constructor(uri: string, private readonly options: S3SourceOptions) {
    super(ModelSourceKind.S3, uri);
  }

  public get credentialsSecretName(): string | undefined {
    return this.options.credentials?.secretName;
  }

  protected get anonymous(): boolean {
    return this.options.anonymous === true;
  }

  public settingsBeyondUri(): string[] {
    const settings = super.settingsBeyondUri();
    if (this.options.endpoint) settings.push('endpoint');
    if (this.options.region) settings.push('region');
    if (this.options.anonymous) settings.push('anonymous');
    return settings;
  }

  /** @internal kserve/kserve pkg/credentials/s3/s3_secret.go: the names of credentials.s3.s3AccessKeyIDName and s3SecretAccessKeyName. */
  protected _credentialKeys(): [string, string, string, string][] {
    const credentials = this.options.credentials;
    if (!credentials) return [];
    return [
      ['credentials.accessKeyIdKey', credentials.accessKeyIdKey ?? S3_ACCESS_KEY_ID, S3_ACCESS_KEY_ID, 'credentials.s3.s3AccessKeyIDName of the cluster\'s inferenceservice-config'],
      ['credentials.secretAccessKeyKey', credentials.secretAccessKeyKey ?? S3_SECRET_ACCESS_KEY, S3_SECRET_ACCESS_KEY, 'credentials.s3.s3SecretAccessKeyName of the cluster\'s inferenceservice-config'],
    ];
  }

  /** KServe's S3 annotations (pkg/credentials/s3: s3-endpoint, s3-usehttps, s3-region, s3-useanoncredential). */
  protected credentialsAnnotations(): { [key: string]: string } | undefined {
    const { endpoint, region, useHttps, anonymous } = this.options;
    if (endpoint === undefined && region === undefined && useHttps === undefined && !anonymous) return undefined;
    const annotations: { [key: string]: string } = {};
    if (endpoint !== undefined) annotations['s3-endpoint'] = endpoint;
    if (endpoint !== undefined || useHttps !== undefined) annotations['s3-usehttps'] = useHttps === false ? '0' : '1';
    if (region !== undefined) annotations['s3-region'] = region;
    if (anonymous) annotations['s3-useanoncredential'] = 'true';
    return annotations;
  }

  protected downloaderEnv(): ModelSourceEnvVar[] {
    const { endpoint, region, useHttps, credentials } = this.options;
    const env: ModelSourceEnvVar[] = [];
    if (endpoint) env.push({ name: 'AWS_ENDPOINT_URL', value: `${useHttps === false ? 'http' : 'https'}://${endpoint}` });
    if (region) env.push({ name: 'AWS_REGION', value: region });
    if (credentials) {
      const secretName = credentials.secretName;
      env.push(
        { name: S3_ACCESS_KEY_ID, secret: { secretName, key: credentials.accessKeyIdKey ?? S3_ACCESS_KEY_ID } },
        { name: S3_SECRET_ACCESS_KEY, secret: { secretName, key: credentials.secretAccessKeyKey ?? S3_SECRET_ACCESS_KEY } },
      );
    }
    return env;
  }
}

/** File name of the GCS service-account key where a downloader mounts it. */
const GCS_KEY_FILE = 'key.json';

class GcsModelSource extends ModelSource {
  constructor(uri: string, private readonly options: GcsSourceOptions) {
    super(ModelSourceKind.GCS, uri);
  }

  public get credentialsSecretName(): string | undefined {
    return this.options.credentials?.secretName;
  }

  /** @internal kserve/kserve pkg/credentials/gcs/gcs_secret.go: the file of credentials.gcs.gcsCredentialFileName. */
  protected _credentialKeys(): [string, string, string, string][] {
    const key = this.options.credentials?.key;
    return key === undefined ? [] : [['credentials.key', key, GCS_CREDENTIAL_FILE, 'credentials.gcs.gcsCredentialFileName of the cluster\'s inferenceservice-config']];
  }

  protected downloaderEnv(scratchPath: string, secretFilesPath: string): ModelSourceEnvVar[] {
    const env: ModelSourceEnvVar[] = [
      { name: 'CLOUDSDK_CONFIG', value: `${scratchPath}/gcloud` },
      { name: 'CLOUDSDK_CORE_DISABLE_PROMPTS', value: '1' },
    ];
    if (this.options.credentials) env.push({ name: 'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE', value: `${secretFilesPath}/${GCS_KEY_FILE}` });
    return env;
  }

  protected secretFiles(): ModelSourceSecretFile[] {
    return this.options.credentials ? [{ secret: this.options.credentials, fileName: GCS_KEY_FILE }] : [];
  }
}

class HuggingFaceModelSource extends ModelSource {
  constructor(private readonly repo: string, private readonly options: HuggingFaceSourceOptions) {
    super(ModelSourceKind.HUGGING_FACE, `hf://${repo}${options.revision ? `:${options.revision}` : ''}`);
  }

  public get credentialsSecretName(): string | undefined {
    return this.options.token?.secretName;
  }

  /** @internal kserve/kserve pkg/credentials/hf/hf_secret.go: `HFTokenKey`, a constant rather than a cluster setting. */
  protected _credentialKeys(): [string, string, string, string][] {
    const key = this.options.token?.key;
    return key === undefined ? [] : [['token.key', key, HF_TOKEN, 'KServe\'s HFTokenKey, which no setting changes']];
  }

  protected downloaderEnv(): ModelSourceEnvVar[] {
    const env: ModelSourceEnvVar[] = [{ name: 'HF_REPO', value: this.repo }];
    if (this.options.revision) env.push({ name: 'HF_REVISION', value: this.options.revision });
    if (this.options.token) env.push({ name: HF_TOKEN, secret: this.options.token });
    env.push({ name: 'HF_HUB_DISABLE_PROGRESS_BARS', value: '1' });
    return env;
  }
}
