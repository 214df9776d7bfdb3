/**
 * Legacy KFServing `serving.kubeflow.org/v1alpha2` (KFServing <= 0.6), the API of the original
 * GPU-cloud guide: `spec.default.predictor.<framework>`, no node selection (the GPU class only
 * through the single-valued `gke-accelerator` annotation), no timeout, no canary on KFServing >= 0.5.
 */
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ReservedObject } from '../_app-checks';
import { Problems } from '../_errors';
import { InferenceServiceL1, KfservingV1alpha2ComponentJson, KfservingV1alpha2FrameworkJson, KfservingV1alpha2SpecJson } from '../_kserve-l1';
import { GpuNodeSelection, GpuType } from '../gpu';
import { ModelSourceKind } from '../model-source';
import { ServingApi } from '../serving-api';
import { Bindings, Workload } from './_workload';
import { checkFrameworkPredictor, V1ALPHA2_FRAMEWORKS } from './kfserving-v1beta1';
import { ServingTarget } from './serving-target';

const CHILD_SUFFIX = { predictor: '-predictor-00001-private', transformer: '-transformer-00001-private' };

export class KfservingV1alpha2Target extends ServingTarget {
  public readonly api: ServingApi = ServingApi.KFSERVING_V1ALPHA2;
  public readonly sourceKinds: readonly ModelSourceKind[] = [ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.PVC];

  public nameBudget(workload: Pick<Workload, 'transformer'>): number {
    return 63 - CHILD_SUFFIX[workload.transformer ? 'transformer' : 'predictor'].length;
  }

  public longestChildName(workload: Workload): string {
    return `${workload.name}-${workload.transformer ? 'transformer' : 'predictor'}-00001-private`;
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

  public checkCanary(workload: Workload, problems: Problems): void {
    const canary = workload.canary!;
    problems.add('canary', canary.trafficPercent, 'KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2', 'Use ServingApi.KFSERVING_V1BETA1 or ServingApi.KSERVE_V1BETA1');
    if (canary.stableRevisionName !== undefined) {
      problems.add('canary.stableRevisionName', canary.stableRevisionName, 'InferenceService APIs track the stable revision themselves', 'Remove stableRevisionName');
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

  public render(scope: Construct, workload: Workload, bindings: Bindings, metadata: ApiObjectMetadata): ApiObject {
    return new InferenceServiceL1(scope, 'Resource', this.api.apiVersion, { metadata, spec: Lazy.any({ produce: () => this.renderSpec(workload, bindings) }) });
  }

  private renderSpec(workload: Workload, bindings: Bindings): KfservingV1alpha2SpecJson {
    const scaling = workload.autoscaling;
    const framework = (): KfservingV1alpha2FrameworkJson => ({
      storageUri: workload.model!.uri, runtimeVersion: workload.runtimeVersion, resources: this.serverResources(workload),
    });
    const implementation = workload.container
      ? { custom: { container: this.customContainer(workload, workload.container, this.storageUriEnv(workload)) } }
      : { [workload.modelFormat!.framework!]: framework() };
    const predictor: KfservingV1alpha2ComponentJson = {
      serviceAccountName: bindings.serviceAccountName,
      minReplicas: scaling.minReplicas,
      maxReplicas: scaling.maxReplicas,
      parallelism: scaling.containerConcurrency,
      ...implementation,
    };
    const transformerContainer = this.transformerContainer(workload);
    const transformer = transformerContainer ? { custom: { container: transformerContainer } } : undefined;
    return { default: { predictor, transformer } };
  }
}
