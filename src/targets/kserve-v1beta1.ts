/**
 * KServe `serving.kserve.io/v1beta1` InferenceService, in Knative or Standard mode. KFServing's
 * `serving.kubeflow.org/v1beta1` has the same shape and extends this target
 * (kfserving-v1beta1.ts).
 */
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { memberPath, Problems } from '../_errors';
import { NVIDIA_GPU_RESOURCE } from '../_gpu-resources';
import { isScaleBoundKey } from '../_knative-annotations';
import { InferenceServiceL1, KServeInferenceServiceSpecJson, KServeModelJson, KServePredictorJson } from '../_kserve-l1';
import { GpuNodeSelection, GpuProvider, GpuType } from '../gpu';
import { ModelFormat } from '../model-format';
import { ModelSourceKind } from '../model-source';
import { DeploymentMode, KServeVersion, ServingApi } from '../serving-api';
import { Bindings, Workload } from './_workload';
import { autoscalingAnnotations, ServingTarget } from './serving-target';

/** Knative: `{name}-{component}-00001-private` must be a DNS label (63). */
const KNATIVE_CHILD_SUFFIX = { predictor: '-predictor-00001-private', transformer: '-transformer-00001-private' };
/** Standard mode: `{name}-{component}-{namespace}` is a host label (63). */
const STANDARD_CHILD_SUFFIX = { predictor: '-predictor-', transformer: '-transformer-' };

export class KServeV1beta1Target extends ServingTarget {
  public readonly api: ServingApi = ServingApi.KSERVE_V1BETA1;
  public readonly sourceKinds: readonly ModelSourceKind[] = Object.values(ModelSourceKind);
  public readonly hasDeploymentModes: boolean = true;

  public nameBudget(workload: Pick<Workload, 'deploymentMode' | 'namespace' | 'transformer'>): number {
    const component = workload.transformer ? 'transformer' : 'predictor';
    if (workload.deploymentMode === DeploymentMode.STANDARD) return 63 - STANDARD_CHILD_SUFFIX[component].length - (workload.namespace?.length ?? 0);
    return 63 - KNATIVE_CHILD_SUFFIX[component].length;
  }

  public longestChildName(workload: Workload): string {
    const component = workload.transformer ? 'transformer' : 'predictor';
    return workload.deploymentMode === DeploymentMode.STANDARD
      ? `${workload.name}-${component}-${workload.namespace ?? ''}`
      : `${workload.name}-${component}-00001-private`;
  }

  public checkServer(workload: Workload, problems: Problems): void {
    this.checkPredictorImplementation(workload, problems);
    const format = workload.modelFormat;
    if (!format || workload.container) return;
    if (format === ModelFormat.HUGGINGFACE && !workload.kserveVersion.isAtLeast(KServeVersion.V0_12)) {
      problems.add('modelFormat', format.name, `the Hugging Face runtime exists from KServe 0.12; kserveVersion is ${workload.kserveVersion}`, 'Use a custom container or a newer KServe');
    }
    this.checkModelPresent(workload, problems);
  }

  public checkSourceVersion(workload: Workload, problems: Problems): void {
    const source = workload.model;
    const since = source?.kserveSince;
    if (source && since && !workload.kserveVersion.isAtLeast(since)) {
      problems.add('model', source.uri, `KServe reads ${source.kind}:// from ${since}; kserveVersion is ${workload.kserveVersion}`, 'Use another source or a newer KServe');
    }
  }

  public checkCanary(workload: Workload, problems: Problems): void {
    const canary = workload.canary!;
    if (workload.deploymentMode === DeploymentMode.STANDARD) {
      problems.add('canary', canary.trafficPercent, 'KServe ignores canaryTrafficPercent in Standard mode (only Knative splits traffic between revisions)', 'Use DeploymentMode.KNATIVE');
    }
    if (canary.stableRevisionName !== undefined) {
      problems.add('canary.stableRevisionName', canary.stableRevisionName, 'InferenceService APIs track the stable revision themselves', 'Remove stableRevisionName');
    }
  }

  /** One NVIDIA type on GKE: KServe's accelerator annotation needs no Knative feature flag. */
  public defaultNodeSelection(types: GpuType[], provider: GpuProvider, regions: string[], mode: DeploymentMode): GpuNodeSelection {
    return types.length === 1 && provider === GpuProvider.GKE && regions.length === 0 && types[0].resourceName === NVIDIA_GPU_RESOURCE
      ? GpuNodeSelection.ACCELERATOR_ANNOTATION : super.defaultNodeSelection(types, provider, regions, mode);
  }

  /** KServe's pod webhook writes the GKE label, and only for NVIDIA's resource (accelerator_injector.go). */
  public checkGpu(workload: Workload, problems: Problems): void {
    const gpu = workload.gpu!;
    if (gpu.nodeSelection !== GpuNodeSelection.ACCELERATOR_ANNOTATION) return;
    if (gpu.provider !== GpuProvider.GKE) {
      problems.add('gpu.nodeSelection', gpu.nodeSelection, `KServe turns the annotation into the cloud.google.com/gke-accelerator node selector, and the ${gpu.provider.kind} provider labels its nodes with ${gpu.provider.labelKey}`,
        'Use GpuProvider.GKE, or GpuNodeSelection.NODE_SELECTOR');
    }
    if (gpu.types.some((t) => t.resourceName !== NVIDIA_GPU_RESOURCE)) {
      problems.add('gpu.nodeSelection', gpu.nodeSelection, `KServe reads the annotation only for pods that request ${NVIDIA_GPU_RESOURCE}`, 'Use GpuNodeSelection.NODE_SELECTOR');
    }
  }

  public runsOnKnative(workload: Pick<Workload, 'deploymentMode'>): boolean {
    return workload.deploymentMode === DeploymentMode.KNATIVE;
  }

  /**
   * KServe drops a user's min-scale and max-scale (both spellings) from what it copies to the
   * revision, and writes its own from minReplicas and maxReplicas (kserve/kserve
   * pkg/constants/constants.go@v0.20.0, ServiceAnnotationDisallowedList).
   */
  public checkUserAnnotations(workload: Workload, annotations: Record<string, string>, problems: Problems): void {
    if (this.runsOnKnative(workload)) {
      for (const [key, value] of autoscalingAnnotations(annotations).filter(([k]) => isScaleBoundKey(k))) {
        problems.add(memberPath('metadata.annotations', key), value, 'KServe removes min-scale and max-scale from the annotations it copies to the Knative revision',
          'Set minReplicas or maxReplicas on the service\'s GpuAutoscalingPolicy instead');
      }
    }
    super.checkUserAnnotations(workload, annotations, problems);
  }

  public knativeFeatures(workload: Workload): string[] {
    return this.runsOnKnative(workload) ? this.gpuFeatures(workload) : [];
  }

  public objectAnnotations(workload: Workload): Record<string, string> {
    const annotations: Record<string, string> = {};
    this.addModeAnnotation(workload, annotations);
    if (workload.canary?.tagRouting) annotations[`${this.api.annotationPrefix}/enable-tag-routing`] = 'true';
    const gpu = workload.gpu;
    if (gpu?.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) {
      annotations[`${this.api.annotationPrefix}/gke-accelerator`] = gpu.provider.labelValueOf(gpu.types[0])!;
    }
    Object.assign(annotations, workload.autoscaling.objectAnnotations);
    // InferenceService APIs copy their annotations onto the Knative revision template.
    Object.assign(annotations, workload.autoscaling.revisionAnnotations);
    return annotations;
  }

  public render(scope: Construct, workload: Workload, bindings: Bindings, metadata: ApiObjectMetadata): ApiObject {
    return new InferenceServiceL1(scope, 'Resource', this.api.apiVersion, { metadata, spec: Lazy.any({ produce: () => this.renderSpec(workload, bindings) }) });
  }

  /** `serving.kserve.io/deploymentMode`: always written, because KServe's built-in default changed. */
  protected addModeAnnotation(workload: Workload, annotations: Record<string, string>): void {
    const modern = workload.kserveVersion.isAtLeast(KServeVersion.V0_16);
    annotations['serving.kserve.io/deploymentMode'] = workload.deploymentMode === DeploymentMode.KNATIVE
      ? (modern ? 'Knative' : 'Serverless') : (modern ? 'Standard' : 'RawDeployment');
  }

  /** The predictor's runtime implementation: `model`, with its format, on KServe. */
  protected runtimePredictor(format: ModelFormat, model: KServeModelJson): KServePredictorJson {
    const modelFormat = format.version !== undefined ? { name: format.name, version: format.version } : { name: format.name };
    return { model: { ...model, modelFormat } };
  }

  private renderSpec(workload: Workload, bindings: Bindings): KServeInferenceServiceSpecJson {
    const scaling = workload.autoscaling;
    const podSecurityContext = this.podSecurityContext(workload);
    const implementation: KServePredictorJson = workload.container
      ? { containers: [this.customContainer(workload, workload.container, this.storageUriEnv(workload))] }
      : this.runtimePredictor(workload.modelFormat!, this.renderModel(workload));
    const predictor: KServePredictorJson = {
      minReplicas: scaling.minReplicas,
      maxReplicas: scaling.maxReplicas,
      scaleTarget: scaling.scaleTarget,
      scaleMetric: scaling.scaleMetric,
      containerConcurrency: scaling.containerConcurrency,
      timeout: workload.timeout?.toSeconds(),
      canaryTrafficPercent: workload.canary?.trafficPercent,
      serviceAccountName: bindings.serviceAccountName,
      nodeSelector: this.nodeSelector(workload),
      affinity: this.affinity(workload),
      tolerations: this.tolerations(workload),
      securityContext: podSecurityContext,
      ...implementation,
    };
    const container = this.transformerContainer(workload);
    return container ? { predictor, transformer: { securityContext: podSecurityContext, containers: [container] } } : { predictor };
  }

  /** The predictor's model: its runtime and storage (the format is placed by `runtimePredictor`). */
  private renderModel(workload: Workload): KServeModelJson {
    return {
      resources: this.serverResources(workload),
      runtime: workload.runtime,
      runtimeVersion: workload.runtimeVersion,
      protocolVersion: workload.protocolVersion,
      storageUri: workload.model?.uri,
      args: workload.args,
      env: this.env(workload),
      securityContext: workload.security._containerSecurityContext(),
    };
  }

  /**
   * Knative rejects pod-level security settings unless `kubernetes.podspec-securitycontext` is
   * on, so on Knative the complete profile is set per container and the pod level stays empty.
   */
  private podSecurityContext(workload: Workload) {
    return workload.deploymentMode === DeploymentMode.STANDARD ? workload.security._podSecurityContext() : undefined;
  }
}
