/**
 * JSON shapes of the core Kubernetes types that the custom resources embed (containers,
 * scheduling, volumes). Internal: the field names are exactly the API's, so that rendering is a
 * plain object and the output is checked against the real schema in tests.
 */

export interface ObjectMetaJson {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface KeySelectorJson {
  readonly name: string;
  readonly key: string;
  readonly optional?: boolean;
}

export interface EnvVarJson {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: KeySelectorJson;
    readonly configMapKeyRef?: KeySelectorJson;
    readonly fieldRef?: { readonly fieldPath: string };
  };
}

export interface ResourceRequirementsJson {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
}

export interface SeccompProfileJson {
  readonly type: string;
}

export interface SecurityContextJson {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly allowPrivilegeEscalation?: boolean;
  readonly privileged?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: { readonly drop?: string[]; readonly add?: string[] };
  readonly seccompProfile?: SeccompProfileJson;
}

export interface PodSecurityContextJson {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly fsGroupChangePolicy?: string;
  readonly seccompProfile?: SeccompProfileJson;
}

export interface ContainerPortJson {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export interface VolumeMountJson {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
}

export interface ContainerJson {
  readonly name?: string;
  readonly image?: string;
  readonly imagePullPolicy?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: EnvVarJson[];
  readonly ports?: ContainerPortJson[];
  readonly resources?: ResourceRequirementsJson;
  readonly securityContext?: SecurityContextJson;
  readonly volumeMounts?: VolumeMountJson[];
  readonly readinessProbe?: ProbeJson;
  readonly livenessProbe?: ProbeJson;
  readonly startupProbe?: ProbeJson;
  readonly terminationMessagePolicy?: string;
}

export interface ProbeJson {
  readonly httpGet?: { readonly path: string; readonly port: number };
  readonly tcpSocket?: { readonly port: number };
  readonly exec?: { readonly command: string[] };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

export interface TolerationJson {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export interface NodeSelectorRequirementJson {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

export interface AffinityJson {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: {
      readonly nodeSelectorTerms: { readonly matchExpressions?: NodeSelectorRequirementJson[] }[];
    };
    readonly preferredDuringSchedulingIgnoredDuringExecution?: {
      readonly weight: number;
      readonly preference: { readonly matchExpressions?: NodeSelectorRequirementJson[] };
    }[];
  };
}

export interface VolumeJson {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly secret?: { readonly secretName: string; readonly items?: { readonly key: string; readonly path: string }[] };
}

/** The PodSpec fields that KServe components and Knative revision templates share. */
export interface PodFieldsJson {
  readonly serviceAccountName?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: AffinityJson;
  readonly tolerations?: TolerationJson[];
  readonly securityContext?: PodSecurityContextJson;
  readonly volumes?: VolumeJson[];
  readonly initContainers?: ContainerJson[];
  readonly containers?: ContainerJson[];
}

/** A complete PodSpec, as a Job's pod template holds it. */
export interface PodSpecJson extends PodFieldsJson {
  readonly restartPolicy?: string;
  readonly dnsPolicy?: string;
  readonly setHostnameAsFQDN?: boolean;
  readonly automountServiceAccountToken?: boolean;
  readonly hostNetwork?: boolean;
  readonly terminationGracePeriodSeconds?: number;
}

export interface JobSpecJson {
  readonly template: {
    readonly metadata?: ObjectMetaJson;
    readonly spec: PodSpecJson;
  };
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
}
