/**
 * Legacy KFServing `serving.kubeflow.org/v1beta1` (KFServing 0.5 and 0.6): KServe's shape, but
 * framework predictors instead of runtimes, the `serving.kubeflow.org` prefix, and Knative only.
 */
import { Problems } from '../_errors';
import { KServeModelJson, KServePredictorJson } from '../_kserve-l1';
import { ModelFormat } from '../model-format';
import { ModelSourceKind } from '../model-source';
import { ServingApi } from '../serving-api';
import { Workload } from './_workload';
import { KServeV1beta1Target } from './kserve-v1beta1';
import { ServingTarget, UnwrittenScalingField } from './serving-target';

/** The framework predictors of serving.kubeflow.org/v1alpha2 (v1beta1 adds lightgbm). */
export const V1ALPHA2_FRAMEWORKS = ['tensorflow', 'triton', 'pytorch', 'sklearn', 'xgboost', 'onnx'];

/** Framework predictors: the format must name one this API serves, and no ServingRuntime applies. */
export function checkFrameworkPredictor(
  target: ServingTarget, frameworks: string[], workload: Workload, problems: Problems,
): ModelFormat | undefined {
  const format = workload.modelFormat;
  if (!format || workload.container) return undefined;
  if (!format.framework || !frameworks.includes(format.framework)) {
    problems.add('modelFormat', format.name, `${target.api} serves only the framework predictors ${frameworks.join(', ')}`, 'Use a custom container, or ServingApi.KSERVE_V1BETA1');
  }
  if (workload.runtime !== undefined) problems.add('runtime', workload.runtime, `${target.api} has no ServingRuntimes`, 'Remove runtime');
  return format;
}

export class KfservingV1beta1Target extends KServeV1beta1Target {
  public readonly api: ServingApi = ServingApi.KFSERVING_V1BETA1;
  public readonly hasDeploymentModes: boolean = false;
  /** KFServing's predictor has no `initContainers` (the v0.6.1 CRD). */
  public readonly hasInitContainers: boolean = false;
  protected readonly controller: string = 'KFServing';
  public readonly sourceKinds: readonly ModelSourceKind[] = [ModelSourceKind.S3, ModelSourceKind.GCS, ModelSourceKind.HTTP, ModelSourceKind.PVC];
  protected readonly withComponentAnnotations: string = 'ServingApi.KSERVE_V1BETA1';

  /** KFServing's components have no `scaleTarget` or `scaleMetric` (the v0.6.1 CRD): Knative's annotations say them. */
  protected readonly unwrittenScalingFields: readonly UnwrittenScalingField[] = ['scaleTarget', 'scaleMetric'];

  public checkServer(workload: Workload, problems: Problems): void {
    this.checkPredictorImplementation(workload, problems);
    const format = checkFrameworkPredictor(this, V1ALPHA2_FRAMEWORKS.concat(['lightgbm']), workload, problems);
    if (!format) return;
    if (workload.protocolVersion && workload.protocolVersion.startsWith('grpc')) {
      problems.add('protocolVersion', workload.protocolVersion, 'KFServing knows only v1 and v2', 'Use ProtocolVersion.V1 or V2');
    }
    this.checkFrameworkVersion(workload, format, problems);
    this.checkModelPresent(workload, problems);
  }

  public checkSourceVersion(): void {
    // KFServing has no kserveVersion: every scheme it reads, it always read.
  }

  /** KFServing's components have no `annotations` field (the v0.6.1 CRD). */
  protected hasComponentAnnotations(): boolean {
    return false;
  }

  protected withoutComponentAnnotations(): string {
    return this.api.toString();
  }

  protected acceptsAutoScalingMetrics(): boolean {
    return false;
  }

  /** KFServing names a component `{name}-{component}-default` (`DefaultPredictorServiceName`). */
  protected componentSuffix(): string {
    return '-default';
  }

  protected addModeAnnotation(): void {
    // KFServing always runs on Knative and has no deployment-mode annotation.
  }

  /** KFServing names the predictor's implementation after its framework, with no format field. */
  protected runtimePredictor(format: ModelFormat, model: KServeModelJson): KServePredictorJson {
    return { [format.framework!]: model };
  }
}
