/**
 * Hand-written L1 for the subset of KServe `serving.kserve.io/v1alpha2` LLMInferenceService that
 * the construct emits. Internal: the shapes follow crds/kserve/serving.kserve.io_llminferenceservices.yaml
 * (v0.20.0), and tests check every object against it with unknown fields rejected.
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { HpaBehaviorJson } from './_hpa-behavior';
import { PodFieldsJson } from './_k8s-json';

export interface LLMScalingJson {
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  readonly wva: {
    readonly variantCost?: string;
    readonly hpa?: { readonly behavior?: HpaBehaviorJson };
    readonly keda?: {
      readonly pollingInterval?: number;
      readonly cooldownPeriod?: number;
      readonly initialCooldownPeriod?: number;
      readonly idleReplicaCount?: number;
      readonly advanced?: { readonly horizontalPodAutoscalerConfig: { readonly behavior: HpaBehaviorJson } };
    };
  };
}

export interface LLMParallelismJson {
  readonly tensor?: number;
  readonly pipeline?: number;
  readonly data?: number;
  readonly dataLocal?: number;
  readonly dataRPCPort?: number;
  readonly expert?: boolean;
}

export interface LLMKvCacheOffloadingJson {
  readonly cpu: string;
  readonly evictionPolicy?: string;
  readonly secondary?: {
    readonly fileSystem: {
      readonly emptyDir?: { readonly size: string };
      readonly pvc?: { readonly ref: { readonly name: string; readonly path?: string } };
    };
  }[];
}

/** `WorkloadSpec`: the decode (or only) workload inline in the spec, or `prefill`. */
export interface LLMWorkloadJson {
  readonly replicas?: number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly scaling?: LLMScalingJson;
  readonly parallelism?: LLMParallelismJson;
  readonly template?: PodFieldsJson;
  readonly worker?: PodFieldsJson;
  readonly kvCacheOffloading?: LLMKvCacheOffloadingJson;
}

export interface LLMModelJson {
  readonly uri: string;
  readonly name?: string;
  readonly lora?: {
    /** Schemaless in the CRD (recursive type); each entry is `{ name, uri }`. */
    readonly adapters?: { readonly name: string; readonly uri: string }[];
    readonly maxRank?: number;
    readonly maxAdapters?: number;
    readonly maxCpuAdapters?: number;
  };
}

export interface LLMRouterJson {
  readonly gateway?: { readonly refs?: { readonly name: string; readonly namespace?: string; readonly sectionName?: string }[] };
  readonly route?: { readonly http?: { readonly refs: { readonly name: string }[] } };
  readonly scheduler?: {
    readonly replicas?: number;
    readonly config?: { readonly ref: { readonly name: string; readonly key: string } };
    readonly pool?: { readonly ref: { readonly name: string } };
  };
}

export interface LLMInferenceServiceSpecJson extends LLMWorkloadJson {
  readonly model: LLMModelJson;
  readonly baseRefs?: { readonly name: string }[];
  readonly storageInitializer?: { readonly enabled: boolean };
  readonly prefill?: LLMWorkloadJson;
  readonly router?: LLMRouterJson;
}

/** `serving.kserve.io/v1alpha2` LLMInferenceService. */
export class LLMInferenceServiceL1 extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata?: ApiObjectMetadata; readonly spec: any }) {
    super(scope, id, { apiVersion: 'serving.kserve.io/v1alpha2', kind: 'LLMInferenceService', metadata: props.metadata, spec: props.spec });
  }
}
