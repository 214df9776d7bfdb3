import { isDnsSubdomain } from './_metadata-checks';
import { IModelCache } from './model-cache';

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

const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const GCS_URI = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](\/.*)?$/;
const HTTP_URI = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const HF_REPO = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;
const OCI_URI = /^oci:\/\/[a-z0-9][a-z0-9.-]*(:[0-9]+)?(\/[a-z0-9._-]+)+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})?$/;
const ENDPOINT = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

/** Throws the message when `ok` is false; the message is built only then. */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

function checkSecretKeyReference(prop: string, reference: SecretKeyReference | undefined): void {
  if (!reference) return;
  check(isDnsSubdomain(reference.secretName),
    () => `'${prop}.secretName' is ${JSON.stringify(reference.secretName)}: must be a Secret name (lowercase alphanumerics, '-' and '.')`);
  check(/^[-._a-zA-Z0-9]+$/.test(reference.key) && reference.key.length <= 253,
    () => `'${prop}.key' is ${JSON.stringify(reference.key)}: must be a Secret key (alphanumerics, '-', '_' and '.')`);
}

/**
 * Where a model comes from. Create one with a static factory; the URI is checked when it is
 * created, and the serving API is checked against it when a service uses it.
 */
export class ModelSource {
  /**
   * A model in S3 or an S3-compatible object store.
   * @param uri `s3://<bucket>/<path>`
   */
  public static fromS3(uri: string, options: S3SourceOptions = {}): ModelSource {
    check(S3_URI.test(uri), () => `'uri' is ${JSON.stringify(uri)}: an S3 model URI is s3://<bucket>/<path> with a valid bucket name`);
    if (options.endpoint !== undefined) {
      check(ENDPOINT.test(options.endpoint),
        () => `'endpoint' is ${JSON.stringify(options.endpoint)}: give a host with an optional port and no scheme, for example "object.ord1.coreweave.com"`);
    }
    if (options.credentials) {
      checkSecretKeyReference('credentials', { secretName: options.credentials.secretName, key: options.credentials.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID' });
      checkSecretKeyReference('credentials', { secretName: options.credentials.secretName, key: options.credentials.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY' });
    }
    return new ModelSource(ModelSourceKind.S3, uri, { s3: options });
  }

  /**
   * A model in Google Cloud Storage.
   * @param uri `gs://<bucket>/<path>`
   */
  public static fromGcs(uri: string, options: GcsSourceOptions = {}): ModelSource {
    check(GCS_URI.test(uri), () => `'uri' is ${JSON.stringify(uri)}: a GCS model URI is gs://<bucket>/<path> with a valid bucket name`);
    checkSecretKeyReference('credentials', options.credentials);
    return new ModelSource(ModelSourceKind.GCS, uri, { gcs: options });
  }

  /**
   * A model at an HTTP(S) URL. Archives (`.zip`, `.tar`, `.tar.gz`) are unpacked.
   * @param url `https://...` (or `http://...`)
   */
  public static fromHttp(url: string): ModelSource {
    check(HTTP_URI.test(url), () => `'url' is ${JSON.stringify(url)}: give an http:// or https:// URL`);
    return new ModelSource(ModelSourceKind.HTTP, url, {});
  }

  /**
   * A model repository on the Hugging Face Hub.
   * @param repo `<organization>/<model>`, for example `meta-llama/Llama-3.1-8B-Instruct`
   */
  public static fromHuggingFace(repo: string, options: HuggingFaceSourceOptions = {}): ModelSource {
    check(HF_REPO.test(repo) && repo.length <= 96,
      () => `'repo' is ${JSON.stringify(repo)}: give a Hugging Face repository as <organization>/<model>, for example "meta-llama/Llama-3.1-8B-Instruct"`);
    if (options.revision !== undefined) {
      check(/^[\w][\w./-]{0,127}$/.test(options.revision),
        () => `'revision' is ${JSON.stringify(options.revision)}: give a branch, tag or commit hash`);
    }
    checkSecretKeyReference('token', options.token);
    const uri = `hf://${repo}${options.revision ? `:${options.revision}` : ''}`;
    return new ModelSource(ModelSourceKind.HUGGING_FACE, uri, { huggingFace: { ...options, repo } });
  }

  /**
   * A model packaged as an OCI image (KServe modelcar, KServe >= 0.12).
   * @param uri `oci://<registry>/<repository>[:<tag>|@sha256:<digest>]`
   */
  public static fromOci(uri: string): ModelSource {
    check(OCI_URI.test(uri), () => `'uri' is ${JSON.stringify(uri)}: give oci://<registry>/<repository>[:<tag>|@sha256:<digest>]`);
    return new ModelSource(ModelSourceKind.OCI, uri, {});
  }

  /**
   * A model on an existing PersistentVolumeClaim in the service's namespace.
   * @param claimName name of the claim
   * @param path directory within the volume
   */
  public static fromPvc(claimName: string, path: string = ''): ModelSource {
    check(isDnsSubdomain(claimName),
      () => `'claimName' is ${JSON.stringify(claimName)}: give the name of a PersistentVolumeClaim (lowercase alphanumerics, '-' and '.')`);
    check(!path.split('/').includes('..') && !/\s/.test(path),
      () => `'path' is ${JSON.stringify(path)}: a path within the volume must not contain '..' or white space`);
    return new ModelSource(ModelSourceKind.PVC, `pvc://${claimName}${path ? `/${path.replace(/^\/+/, '')}` : ''}`, {});
  }

  /**
   * A model held by a `ModelCache`: the service reads the cached copy, and the cache's
   * placement and size are checked against the service.
   * @param path directory within the cache
   */
  public static fromModelCache(cache: IModelCache, path?: string): ModelSource {
    const uri = cache.uri(path);
    const scheme = uri.slice(0, uri.indexOf('://'));
    const kind = scheme === 'https' ? ModelSourceKind.HTTP : SOURCE_KINDS.has(scheme) ? scheme as ModelSourceKind : ModelSourceKind.PVC;
    return new ModelSource(kind, uri, { cache });
  }

  /** The URI a serving API reads (`storageUri`). */
  public readonly uri: string;
  /** The kind of store, from the URI scheme. */
  public readonly kind: ModelSourceKind;
  /**
   * S3 options.
   * @default - not an S3 source
   */
  public readonly s3?: S3SourceOptions;
  /**
   * GCS options.
   * @default - not a GCS source
   */
  public readonly gcs?: GcsSourceOptions;
  /**
   * Hugging Face repository and options.
   * @default - not a Hugging Face source
   */
  public readonly huggingFace?: HuggingFaceSource;
  /**
   * The cache this source reads from.
   * @default - not a cache
   */
  public readonly cache?: IModelCache;

  private constructor(kind: ModelSourceKind, uri: string, details: ModelSourceDetails) {
    this.kind = kind;
    this.uri = uri;
    this.s3 = details.s3;
    this.gcs = details.gcs;
    this.huggingFace = details.huggingFace;
    this.cache = details.cache;
  }
}

/** A Hugging Face repository with its options. */
export interface HuggingFaceSource extends HuggingFaceSourceOptions {
  /** `<organization>/<model>` */
  readonly repo: string;
}

interface ModelSourceDetails {
  readonly s3?: S3SourceOptions;
  readonly gcs?: GcsSourceOptions;
  readonly huggingFace?: HuggingFaceSource;
  readonly cache?: IModelCache;
}
