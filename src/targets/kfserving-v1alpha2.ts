/**
 * Legacy KFServing `serving.kubeflow.org/v1alpha2` (KFServing <= 0.6), the API of the original
 * GPU-cloud guide: `spec.default.predictor.<framework>`, no node selection (the GPU class only
 * through the single-valued `gke-accelerator` annotation), no timeout, no canary on KFServing >= 0.5.
 */
import { ReservedObject } from '../_app-checks';
import { Problems } from '../_errors';
import { GpuPlacement } from '../_gpu-placement';
import { KfservingV1alpha2ComponentJson, KfservingV1alpha2FrameworkJson, KfservingV1alpha2SpecJson } from '../_kserve-l1';
import { GpuNodeSelection, GpuType } from '../gpu';
import { ModelSource, ModelSourceKind } from '../model-source';
import { ServingApi } from '../serving-api';
import { Bindings, Workload } from './_workload';
import { checkFrameworkPredictor, V1ALPHA2_FRAMEWORKS } from './kfserving-v1beta1';
import { ServingTarget, UnwrittenScalingField } from './serving-target';

/**
 * KFServing names a component's Knative Service `{name}-{component}-default` (and `-canary`, one
 * character shorter), and Knative its revision's private Service `{ksvc}-00001-private`.
 */
const CHILD_SUFFIX = { predictor: '-predictor-default-00001-private', transformer: '-transformer-default-00001-private' };

export class KfservingV1alpha2Target extends ServingTarget {
  public readonly api: ServingApi = ServingApi.KFSERVING_V1ALPHA2;
  /** v1alpha2's components have replicas and `parallelism`, no `scaleTarget` or `scaleMetric` (the v0.6.1 CRD). */
  protected readonly unwrittenScalingFields: readonly UnwrittenScalingField[] = ['scaleTarget', 'scaleMetric'];
  public readonly sourceKinds: readonly ModelSourceKind[] = [ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.PVC];
  public readonly readsKfservingVersion: boolean = true;

  public nameBudget(workload: Pick<Workload, 'transformer'>): number {
    return 63 - CHILD_SUFFIX[workload.transformer ? 'transformer' : 'predictor'].length;
  }

  public longestChildName(workload: Workload): string {
    return `${workload.name}${CHILD_SUFFIX[workload.transformer ? 'transformer' : 'predictor']}`;
  }

  public checkServer(workload: Workload, problems: Problems): void {
    this.checkPredictorImplementation(workload, problems);
    const format = checkFrameworkPredictor(this, V1ALPHA2_FRAMEWORKS, workload, problems);
    if (!format) return;
    if (workload.protocolVersion !== undefined) {
      problems.add('protocolVersion', workload.protocolVersion, 'serving.kubeflow.org/v1alpha2 has no protocol field', 'Remove protocolVersion');
    }
    const secretNames = Object.keys(workload.secretEnv);
    if (workload.args || Object.keys(workload.env).length > 0 || secretNames.length > 0) {
      problems.add('args/env', workload.args ?? [...Object.keys(workload.env), ...secretNames],
        'a serving.kubeflow.org/v1alpha2 framework predictor takes only storageUri, runtimeVersion and resources', 'Use a custom container, or ServingApi.KFSERVING_V1BETA1');
    }
    this.checkFrameworkVersion(workload, format, problems);
    this.checkModelPresent(workload, problems);
  }

  /** The gke-accelerator annotation is this API's only node selection. */
  public defaultNodeSelection(types: GpuType[]): GpuNodeSelection {
    return types.length === 0 ? GpuNodeSelection.NONE : GpuNodeSelection.ACCELERATOR_ANNOTATION;
  }

  public checkGpu(workload: Workload, problems: Problems): void {
    const gpu = workload.gpu!;
    if (gpu.nodeSelection !== GpuNodeSelection.ACCELERATOR_ANNOTATION && gpu.nodeSelection !== GpuNodeSelection.NONE) {
      problems.add('gpu.nodeSelection', gpu.nodeSelection, 'serving.kubeflow.org/v1alpha2 selects a GPU only through the gke-accelerator annotation',
        'Use GpuNodeSelection.ACCELERATOR_ANNOTATION, or ServingApi.KFSERVING_V1BETA1');
    }
    if (gpu.types.length > 1) {
      problems.add('gpu.types', gpu.types.map((t) => t.name), 'serving.kubeflow.org/v1alpha2 selects a GPU only through the single-valued gke-accelerator annotation',
        'Give one GPU type, or use ServingApi.KFSERVING_V1BETA1 for node affinity');
    }
    if (gpu.regions.length > 0) {
      problems.add('gpu.regions', gpu.regions, 'serving.kubeflow.org/v1alpha2 has no node affinity to pin a region', 'Remove regions, or use ServingApi.KFSERVING_V1BETA1');
    }
    if (gpu.tolerations.length > 0) {
      problems.add('gpu.tolerations', gpu.tolerations.map((t) => t.key), 'serving.kubeflow.org/v1alpha2 has no tolerations', 'Remove tolerations, or use ServingApi.KFSERVING_V1BETA1');
    }
  }

  /** Only the InferenceService's gke-accelerator annotation places GPU pods: the transformer takes a count. */
  protected checkTransformerGpu(_workload: Workload, gpu: GpuPlacement, problems: Problems): void {
    const placement = [['types', gpu.types.map((t) => t.name)], ['regions', gpu.regions], ['tolerations', gpu.tolerations.map((t) => t.key)]] as const;
    for (const [prop, values] of placement) {
      if (values.length > 0) {
        problems.add(`transformer.gpu.${prop}`, values, 'serving.kubeflow.org/v1alpha2 places GPU pods only through the InferenceService\'s gke-accelerator annotation, which the predictor\'s gpu sets',
          `Remove transformer.gpu.${prop}: the transformer lands on the predictor's GPU type. Or use ServingApi.KFSERVING_V1BETA1`);
      }
    }
    if (gpu.nodeSelectionGiven && gpu.nodeSelection !== GpuNodeSelection.NONE) {
      problems.add('transformer.gpu.nodeSelection', gpu.nodeSelection, 'serving.kubeflow.org/v1alpha2 has no node selection per component', 'Remove it, or use ServingApi.KFSERVING_V1BETA1');
    }
  }

  /**
   * KFServing <= 0.4 splits traffic between `spec.default` (the stable model) and `spec.canary`
   * (the service's props); 0.5 dropped it from v1alpha2.
   */
  public checkCanary(workload: Workload, problems: Problems): void {
    const canary = workload.canary!;
    if (!workload.kfservingVersion.servesV1alpha2Canary) {
      problems.add('canary', canary.trafficPercent, `KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2; kfservingVersion is ${workload.kfservingVersion}`,
        'Use ServingApi.KFSERVING_V1BETA1 or ServingApi.KSERVE_V1BETA1, or kfservingVersion: KfservingVersion.V0_4 for a cluster that still serves it');
    } else if (canary.stableModel === undefined) {
      problems.add('canary.stableModel', undefined, 'a serving.kubeflow.org/v1alpha2 canary needs the model of spec.default, which keeps the rest of the traffic',
        'Give stableModel: the model the service serves today');
    } else if (!this.sourceKinds.includes(canary.stableModel.kind)) {
      problems.add('canary.stableModel', canary.stableModel.uri, `${this.api} reads only ${this.sourceKinds.map((k) => `${k}://`).join(', ')} model URIs`);
    }
    if (canary.tagRouting) {
      problems.add('canary.tagRouting', true, 'serving.kubeflow.org/v1alpha2 has no tag routing', 'Remove tagRouting');
    }
    if (canary.stableRevisionName !== undefined) {
      problems.add('canary.stableRevisionName', canary.stableRevisionName, 'InferenceService APIs track the stable revision themselves', 'Remove stableRevisionName');
    }
  }

  /** Framework predictors carry only storageUri, runtimeVersion and resources; no predictor carries volumes. */
  public checkPodExtras(workload: Workload, problems: Problems): void {
    if (!workload.container) {
      for (const kind of ['readiness', 'liveness', 'startup'] as const) {
        if (workload.probes[kind]) {
          problems.add(`probes.${kind}`, kind, 'a serving.kubeflow.org/v1alpha2 framework predictor has no probes', 'Use a custom container, or ServingApi.KFSERVING_V1BETA1');
        }
      }
    }
    if (workload.sharedMemory) {
      problems.add('servingProfile.sharedMemory', workload.sharedMemory, 'a serving.kubeflow.org/v1alpha2 predictor has no volumes for a memory-backed /dev/shm',
        'Give sharedMemory: Size.mebibytes(0), or use ServingApi.KFSERVING_V1BETA1');
    }
  }

  public checkTimeout(workload: Workload, problems: Problems): void {
    problems.add('timeout', workload.timeout, 'serving.kubeflow.org/v1alpha2 has no request timeout field', 'Remove timeout or use ServingApi.KFSERVING_V1BETA1');
  }

  public knativeFeatures(): string[] {
    // No node affinity or tolerations exist on this API, and models come through the storage initializer.
    return [];
  }

  /**
   * The Knative Service of each component, `{name}-{component}-default`
   * (`DefaultPredictorServiceName`, KFServing pkg/constants), and the placeholder Service of its route.
   */
  public reservedObjects(workload: Workload): ReservedObject[] {
    const components = workload.transformer ? ['predictor', 'transformer'] : ['predictor'];
    return components.flatMap((component) => this.knativeComponentObjects('KFServing', component, `${workload.name}-${component}-default`));
  }

  public objectAnnotations(workload: Workload): Record<string, string> {
    const annotations: Record<string, string> = {};
    const prefix = this.api.annotationPrefix;
    if (workload.canary?.tagRouting) annotations[`${prefix}/enable-tag-routing`] = 'true';
    const gpu = workload.gpu;
    if (gpu?.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) annotations[`${prefix}/gke-accelerator`] = gpu.provider.labelValueOf(gpu.types[0])!;
    Object.assign(annotations, workload.autoscaling.objectAnnotations);
    Object.assign(annotations, workload.autoscaling.revisionAnnotations);
    return annotations;
  }

  public renderSpec(workload: Workload, bindings: Bindings): KfservingV1alpha2SpecJson {
    const transformerContainer = this.transformerContainer(workload);
    const transformerScaling = workload.transformerAutoscaling;
    const transformer: KfservingV1alpha2ComponentJson | undefined = transformerContainer ? {
      minReplicas: transformerScaling?.minReplicas,
      maxReplicas: transformerScaling?.maxReplicas,
      parallelism: transformerScaling?.containerConcurrency,
      custom: { container: transformerContainer },
    } : undefined;
    const stableModel = workload.canary?.stableModel;
    if (!stableModel) return { default: { predictor: this.predictor(workload, workload.model, bindings), transformer } };
    // The props describe the new model (the canary); spec.default keeps serving the stable one.
    return {
      default: { predictor: this.predictor(workload, stableModel, bindings), transformer },
      canary: { predictor: this.predictor(workload, workload.model, bindings), transformer },
      canaryTrafficPercent: workload.canary!.trafficPercent,
    };
  }

  private predictor(workload: Workload, model: ModelSource | undefined, bindings: Bindings): KfservingV1alpha2ComponentJson {
    const scaling = workload.autoscaling;
    const framework = (): KfservingV1alpha2FrameworkJson => ({
      storageUri: model!.uri, runtimeVersion: workload.runtimeVersion, resources: this.serverResources(workload),
    });
    const storageUriEnv = model ? [{ name: 'STORAGE_URI', value: model.uri }] : [];
    const implementation = workload.container
      ? { custom: { container: this.customContainer(workload, workload.container, storageUriEnv) } }
      : { [workload.modelFormat!.framework!]: framework() };
    return {
      serviceAccountName: bindings.serviceAccountName,
      minReplicas: scaling.minReplicas,
      maxReplicas: scaling.maxReplicas,
      parallelism: scaling.containerConcurrency,
      ...implementation,
    };
  }
}
