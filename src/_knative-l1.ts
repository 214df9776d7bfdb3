/**
 * The JSON shape of a Knative Serving `serving.knative.dev/v1` Service's spec, the subset the
 * constructs emit (crds/knative/service.yaml, Knative v1.23.0). `InferenceService` is the object.
 */
import { ObjectMetaJson, PodFieldsJson } from './_k8s-json';

export interface KnativeRevisionSpecJson extends PodFieldsJson {
  readonly containerConcurrency?: number;
  readonly timeoutSeconds?: number;
  readonly responseStartTimeoutSeconds?: number;
}

export interface KnativeTrafficTargetJson {
  readonly latestRevision?: boolean;
  readonly revisionName?: string;
  readonly percent: number;
  readonly tag?: string;
}

export interface KnativeServiceSpecJson {
  readonly template: {
    /** Autoscaling annotations are only accepted here, never on the Service's own metadata. */
    readonly metadata?: ObjectMetaJson;
    readonly spec: KnativeRevisionSpecJson;
  };
  readonly traffic?: KnativeTrafficTargetJson[];
}
