import { PodSecurityContextJson, SecurityContextJson } from './_k8s-json';
import { checkArguments, struct } from './_public-types';

/** Options for the restricted security profile. */
export interface RestrictedSecurityOptions {
  /**
   * User id the containers run as. Images that declare a numeric non-root `USER` can leave it
   * unset; images that run as root by default (many model servers) need one.
   * @default 1000
   */
  readonly runAsUser?: number;
  /**
   * Group id the containers run as.
   * @default - the image's group
   */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes (a model cache written by another pod).
   * @default - volumes keep their ownership
   */
  readonly fsGroup?: number;
  /**
   * Mount the root filesystem read-only. Model servers write caches to their home directory,
   * so this is off unless the image is known to cope.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/**
 * The security context of the containers a construct defines. The default meets the Kubernetes
 * Pod Security Standards "restricted" profile: non-root, no privilege escalation, all
 * capabilities dropped, the RuntimeDefault seccomp profile.
 */
export class ServingSecurity {
  /** The restricted profile (the default). */
  public static restricted(options: RestrictedSecurityOptions = {}): ServingSecurity {
    checkArguments('ServingSecurity', [['options', options, struct<RestrictedSecurityOptions>({
      runAsUser: 'number', runAsGroup: 'number', fsGroup: 'number', readOnlyRootFilesystem: 'boolean',
    })]]);
    const runAsUser = options.runAsUser ?? 1000;
    for (const [prop, value] of [['runAsUser', runAsUser], ['runAsGroup', options.runAsGroup], ['fsGroup', options.fsGroup]] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 2147483647)) {
        throw new Error(`'${prop}' is ${value}: must be a non-root id from 1 to 2147483647`);
      }
    }
    return new ServingSecurity(true, { ...options, runAsUser });
  }

  /**
   * Opt out: no security context is written and the image's own user (often root) applies.
   * Use only for images that cannot run as non-root; such pods are refused by namespaces that
   * enforce the restricted profile.
   */
  public static unrestricted(): ServingSecurity {
    return new ServingSecurity(false, {});
  }

  /** Whether the restricted profile applies. */
  public readonly isRestricted: boolean;
  private readonly options: RestrictedSecurityOptions;

  private constructor(isRestricted: boolean, options: RestrictedSecurityOptions) {
    this.isRestricted = isRestricted;
    this.options = options;
  }

  /** @internal the pod-level part, where the API allows one */
  public _podSecurityContext(): PodSecurityContextJson | undefined {
    if (!this.isRestricted) return undefined;
    return {
      runAsNonRoot: true,
      runAsUser: this.options.runAsUser,
      runAsGroup: this.options.runAsGroup,
      fsGroup: this.options.fsGroup,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  /** @internal the container-level part: complete on its own, for APIs without a pod-level one */
  public _containerSecurityContext(): SecurityContextJson | undefined {
    if (!this.isRestricted) return undefined;
    return {
      runAsNonRoot: true,
      runAsUser: this.options.runAsUser,
      runAsGroup: this.options.runAsGroup,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: this.options.readOnlyRootFilesystem ?? false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }
}
