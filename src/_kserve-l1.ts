/**
 * Hand-written L1 for the subset of KServe `serving.kserve.io` that the constructs emit.
 * Internal: the shapes follow crds/kserve (v0.20.0) and tests check every object against it.
 * See the README's design notes for why this is not a `cdk8s import` of the full CRD.
 */
import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { HpaBehaviorJson } from './_hpa-behavior';
import { ContainerJson, PodFieldsJson, ResourceRequirementsJson } from './_k8s-json';

/** The object annotation KServe reads the autoscaler class from (pkg/constants AutoscalerClass). */
export const AUTOSCALER_CLASS_ANNOTATION = 'serving.kserve.io/autoscalerClass';

/** Component extension fields shared by predictor and transformer (component.go). */
export interface KServeComponentJson extends PodFieldsJson {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly scaleTarget?: number;
  readonly scaleMetric?: string;
  readonly containerConcurrency?: number;
  readonly autoScaling?: KServeAutoScalingJson;
  readonly timeout?: number;
  readonly canaryTrafficPercent?: number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * `autoScaling` (AutoScalingSpec): the metrics KEDA or KServe's HPA scale on (KServe >= 0.15), and
 * the stabilization windows of the HPA KEDA drives (`behavior`, KServe >= 0.16).
 */
export interface KServeAutoScalingJson {
  /** KServe's KEDA reconciler reads only the stabilization windows of `behavior`. */
  readonly behavior?: HpaBehaviorJson;
  readonly metrics?: KServeMetricJson[];
}

/** An entry of `autoScaling.metrics` (MetricsSpec): a query to a metrics backend, a metric of the pods through OpenTelemetry, or a resource of the pods. */
export type KServeMetricJson = {
  readonly type: 'External';
  readonly external: {
    readonly metric: { readonly backend: string; readonly serverAddress: string; readonly query: string };
    readonly target: { readonly type: 'Value'; readonly value: string };
    readonly authenticationRef?: { readonly authenticationRef: { readonly name: string } };
  };
} | {
  readonly type: 'PodMetric';
  readonly podmetric: {
    readonly metric: {
      readonly backend: 'opentelemetry';
      readonly metricNames: string[];
      readonly query: string;
      readonly operationOverTime?: string;
      readonly serverAddress?: string;
    };
    readonly target: { readonly type: 'Value'; readonly value: string };
  };
} | {
  readonly type: 'Resource';
  readonly resource: {
    readonly name: string;
    readonly target: { readonly type: 'Utilization'; readonly averageUtilization?: number } | { readonly type: 'AverageValue'; readonly averageValue: string };
  };
};

/** `predictor.model` and the framework shortcuts: a container plus where the model lives. */
export interface KServeModelJson extends ContainerJson {
  readonly modelFormat?: { readonly name: string; readonly version?: string };
  readonly runtime?: string;
  readonly runtimeVersion?: string;
  readonly protocolVersion?: string;
  readonly storageUri?: string;
}

/** `predictor.workerSpec`: the worker pods of a multi-node predictor. */
export interface KServeWorkerSpecJson extends PodFieldsJson {
  readonly pipelineParallelSize?: number;
  readonly tensorParallelSize?: number;
}

export interface KServePredictorJson extends KServeComponentJson {
  readonly workerSpec?: KServeWorkerSpecJson;
  readonly model?: KServeModelJson;
  readonly huggingface?: KServeModelJson;
  readonly tensorflow?: KServeModelJson;
  readonly pytorch?: KServeModelJson;
  readonly triton?: KServeModelJson;
  readonly sklearn?: KServeModelJson;
  readonly xgboost?: KServeModelJson;
  readonly onnx?: KServeModelJson;
  readonly lightgbm?: KServeModelJson;
  readonly pmml?: KServeModelJson;
}

export interface KServeInferenceServiceSpecJson {
  readonly predictor: KServePredictorJson;
  readonly transformer?: KServeComponentJson;
}

export interface KServeL1Props {
  readonly metadata?: ApiObjectMetadata;
  /** A `Lazy` producing the spec: rendering happens at synth, after every mutation. */
  readonly spec: any;
}

/** `serving.kserve.io/v1alpha1` LocalModelCache: a node-local copy of a model (KServe >= 0.15). */
export interface LocalModelCacheSpecJson {
  readonly sourceModelUri: string;
  readonly modelSize: string;
  readonly nodeGroups: string[];
  readonly serviceAccountName?: string;
}

/** `serving.kserve.io/v1alpha1` LocalModelNodeGroup: where node-local model copies are stored. */
export interface LocalModelNodeGroupSpecJson {
  readonly storageLimit: string;
  readonly persistentVolumeSpec: {
    readonly accessModes: string[];
    readonly capacity: Record<string, string>;
    readonly storageClassName?: string;
    readonly volumeMode?: string;
    readonly persistentVolumeReclaimPolicy?: string;
    readonly local?: { readonly path: string };
    readonly nodeAffinity?: {
      readonly required: {
        readonly nodeSelectorTerms: { readonly matchExpressions: { key: string; operator: string; values?: string[] }[] }[];
      };
    };
  };
  readonly persistentVolumeClaimSpec: {
    readonly accessModes: string[];
    readonly resources: ResourceRequirementsJson;
    readonly storageClassName?: string;
    readonly volumeMode?: string;
  };
}

/** Cluster-scoped objects carry no namespace, even in a chart that has one. */
function dropNamespace(object: ApiObject): void {
  if (object.metadata.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

export class LocalModelCacheL1 extends ApiObject {
  constructor(scope: Construct, id: string, props: KServeL1Props) {
    super(scope, id, { apiVersion: 'serving.kserve.io/v1alpha1', kind: 'LocalModelCache', metadata: props.metadata, spec: props.spec });
    dropNamespace(this);
  }
}

export class LocalModelNodeGroupL1 extends ApiObject {
  constructor(scope: Construct, id: string, props: KServeL1Props) {
    super(scope, id, { apiVersion: 'serving.kserve.io/v1alpha1', kind: 'LocalModelNodeGroup', metadata: props.metadata, spec: props.spec });
    dropNamespace(this);
  }
}

/** Legacy KFServing `serving.kubeflow.org/v1alpha2`: `spec.default.predictor.<framework>`. */
export interface KfservingV1alpha2FrameworkJson {
  readonly storageUri: string;
  readonly runtimeVersion?: string;
  readonly resources?: ResourceRequirementsJson;
}

export interface KfservingV1alpha2ComponentJson {
  readonly serviceAccountName?: string;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly parallelism?: number;
  readonly custom?: { readonly container: ContainerJson };
  readonly tensorflow?: KfservingV1alpha2FrameworkJson;
  readonly triton?: KfservingV1alpha2FrameworkJson;
  readonly pytorch?: KfservingV1alpha2FrameworkJson;
  readonly sklearn?: KfservingV1alpha2FrameworkJson;
  readonly xgboost?: KfservingV1alpha2FrameworkJson;
  readonly onnx?: KfservingV1alpha2FrameworkJson;
}

export interface KfservingV1alpha2EndpointJson {
  readonly predictor: KfservingV1alpha2ComponentJson;
  readonly transformer?: KfservingV1alpha2ComponentJson;
}

export interface KfservingV1alpha2SpecJson {
  readonly default: KfservingV1alpha2EndpointJson;
  readonly canary?: KfservingV1alpha2EndpointJson;
  readonly canaryTrafficPercent?: number;
}
