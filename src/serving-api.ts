/**
 * The serving API an `InferenceService` is written for. Each API has its own group, annotation
 * prefix and set of fields; the construct validates what it emits against the chosen one.
 */
export class ServingApi {
  /** KServe `serving.kserve.io/v1beta1` InferenceService (KServe >= 0.7). The default. */
  public static readonly KSERVE_V1BETA1 = new ServingApi('serving.kserve.io/v1beta1', 'InferenceService', 'serving.kserve.io', 'kserve-container');

  /** Legacy KFServing `serving.kubeflow.org/v1beta1` InferenceService (KFServing 0.5 and 0.6). */
  public static readonly KFSERVING_V1BETA1 = new ServingApi('serving.kubeflow.org/v1beta1', 'InferenceService', 'serving.kubeflow.org', 'kfserving-container');

  /**
   * Legacy KFServing `serving.kubeflow.org/v1alpha2` InferenceService (KFServing <= 0.6), the API of
   * the original GPU-cloud guide: no node selectors, GPU class only through the `gke-accelerator`
   * annotation, no canary on KFServing >= 0.5.
   */
  public static readonly KFSERVING_V1ALPHA2 = new ServingApi('serving.kubeflow.org/v1alpha2', 'InferenceService', 'serving.kubeflow.org', 'kfserving-container');

  /**
   * KServe `serving.kserve.io/v1alpha2` LLMInferenceService (KServe >= 0.16; v1alpha2 is the storage
   * version from 0.20), written by the `LLMInferenceService` construct, not by `InferenceService`.
   */
  public static readonly KSERVE_LLM_V1ALPHA2 = new ServingApi('serving.kserve.io/v1alpha2', 'LLMInferenceService', 'serving.kserve.io', 'main');

  /** A plain Knative Serving `serving.knative.dev/v1` Service running a custom container. */
  public static readonly KNATIVE_SERVICE = new ServingApi('serving.knative.dev/v1', 'Service', undefined, 'user-container');

  /** The `apiVersion` of the emitted object. */
  public readonly apiVersion: string;
  /** The `kind` of the emitted object. */
  public readonly kind: string;
  /**
   * Prefix of the serving annotations (`<prefix>/gke-accelerator`, `<prefix>/s3-endpoint`).
   * Undefined for a plain Knative Service, which has no serving annotations.
   */
  public readonly annotationPrefix?: string;
  /** Name of the container that serves the model. */
  public readonly containerName: string;

  private constructor(apiVersion: string, kind: string, annotationPrefix: string | undefined, containerName: string) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.annotationPrefix = annotationPrefix;
    this.containerName = containerName;
  }

  /** True for the KServe and KFServing InferenceService APIs. */
  public get isInferenceService(): boolean {
    return this.kind === 'InferenceService';
  }

  /** True for the legacy `serving.kubeflow.org` group. */
  public get isKfserving(): boolean {
    return this.annotationPrefix === 'serving.kubeflow.org';
  }

  public toString(): string {
    return `${this.apiVersion} ${this.kind}`;
  }
}

/**
 * How KServe runs a component. Only the KServe API has a choice; KFServing and plain Knative
 * Services always run on Knative.
 */
export enum DeploymentMode {
  /**
   * A Knative Service per component: scale to zero, request-based autoscaling, canary rollouts.
   * Written `Knative` for KServe >= 0.16 and `Serverless` before.
   */
  KNATIVE = 'Knative',
  /**
   * A Deployment with an HPA or KEDA autoscaler. No scale to zero with HPA, no Knative settings.
   * Written `Standard` for KServe >= 0.16 and `RawDeployment` before.
   */
  STANDARD = 'Standard',
}

/**
 * The KServe release an InferenceService is written for. It decides how values are spelled
 * (deployment modes were renamed in 0.16) and which fields and URI schemes exist.
 */
export class KServeVersion {
  /** KServe 0.20, the release whose CRDs this library validates against. */
  public static readonly V0_20 = new KServeVersion(0, 20);
  /** KServe 0.16: deployment modes renamed `Knative` / `Standard`. */
  public static readonly V0_16 = new KServeVersion(0, 16);
  /** KServe 0.15: `hf://` model URIs, LocalModelCache. */
  public static readonly V0_15 = new KServeVersion(0, 15);
  /** KServe 0.12: the Hugging Face runtime and `oci://` model URIs. */
  public static readonly V0_12 = new KServeVersion(0, 12);
  /** KServe 0.9: `scaleTarget` / `scaleMetric`. */
  public static readonly V0_9 = new KServeVersion(0, 9);

  /**
   * Any release from 0.9 on (older releases lack `predictor.model` and the typed scaling fields).
   * @param version `0.<minor>`, for example `0.14`
   */
  public static of(version: string): KServeVersion {
    const match = /^0\.(\d{1,3})$/.exec(version);
    if (!match || Number(match[1]) < 9) {
      throw new Error(`'version' is ${JSON.stringify(version)}: give a KServe release from 0.9 on as "0.<minor>", for example "0.14"`);
    }
    return new KServeVersion(0, Number(match[1]));
  }

  private constructor(
    /** Major version. */
    public readonly major: number,
    /** Minor version. */
    public readonly minor: number,
  ) {}

  /** True when this release is `other` or newer. */
  public isAtLeast(other: KServeVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * A KFServing release, for the legacy `serving.kubeflow.org/v1alpha2` API: KFServing <= 0.4 served
 * `spec.canary` with `canaryTrafficPercent`; 0.5 moved canaries to v1beta1's
 * `canaryTrafficPercent` and rejects them on v1alpha2.
 */
export class KfservingVersion {
  /** KFServing 0.6, the last release (the vendored CRD, v0.6.1). */
  public static readonly V0_6 = new KfservingVersion(6);
  /** KFServing 0.5: canaries on serving.kubeflow.org/v1beta1 only. */
  public static readonly V0_5 = new KfservingVersion(5);
  /** KFServing 0.4 (and older): serving.kubeflow.org/v1alpha2 with `spec.canary`. */
  public static readonly V0_4 = new KfservingVersion(4);

  private constructor(
    /** Minor version (KFServing releases are 0.x). */
    public readonly minor: number,
  ) {}

  /** True when this release still serves v1alpha2 canaries (0.4 and older). */
  public get servesV1alpha2Canary(): boolean {
    return this.minor <= 4;
  }

  public toString(): string {
    return `0.${this.minor}`;
  }
}
