/**
 * Hand-written L1 for Knative Serving `serving.knative.dev/v1` Service, the subset the
 * constructs emit (crds/knative/service.yaml, Knative v1.23.0).
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
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

export interface KnativeServiceL1Props {
  readonly metadata?: ApiObjectMetadata;
  /** A `Lazy` producing a `KnativeServiceSpecJson`. */
  readonly spec: any;
}

export class KnativeServiceL1 extends ApiObject {
  constructor(scope: Construct, id: string, props: KnativeServiceL1Props) {
    super(scope, id, { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: props.metadata, spec: props.spec });
  }
}
