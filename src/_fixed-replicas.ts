/**
 * The autoscaler of a multi-node KServe predictor: none. KServe refuses a `workerSpec` unless the
 * object's `serving.kserve.io/autoscalerClass` is `none` (pkg/apis/serving/v1beta1
 * inference_service_validation.go, validateMultiNodeVariables), and then runs `minReplicas`
 * replicas. Internal: `InferenceService` uses it for `multiNode` services.
 */
import { AUTOSCALER_CLASS_ANNOTATION } from './_kserve-l1';
import { AutoscalerConfig, IServingAutoscaler } from './autoscaler';
import { StandardAutoscalerClass } from './standard-mode-autoscaler';

export class FixedReplicas implements IServingAutoscaler {
  constructor(private readonly replicas: number) {}

  public bind(): AutoscalerConfig {
    return {
      objectAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: StandardAutoscalerClass.NONE },
      minReplicas: this.replicas,
      maxReplicas: this.replicas,
      replicaLimit: this.replicas,
    };
  }
}
