/**
 * `InferenceService.explain()`: the autoscaler's account, the estimated cold start and the
 * settings it makes unsafe. Internal; the estimates are the simulator's (src/simulator/cold-start.ts).
 */
import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isSize } from './_cdk8s-values';
import { kibibytes } from './_model-cache-checks';
import { IServingAutoscaler } from './autoscaler';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { CanaryOptions, ExplainOptions } from './inference-service-props';
import { LocalModelCache } from './local-model-cache';
import { ModelSource, ModelSourceKind } from './model-source';
import { coldStartSecondsOf } from './simulator/_cold-start-model';
import { ColdStartBudget, ColdStartEstimator, ModelStorageKind } from './simulator/cold-start';
import { StandardModeAutoscaler } from './standard-mode-autoscaler';

/** What the service keeps for its explanation. */
export interface ColdStartFacts {
  readonly model?: ModelSource;
  readonly modelSize?: Size;
  readonly timeout?: Duration;
  /** How long the startup probe lets the server load, when it has one. */
  readonly startupProbeBudget?: Duration;
  /** Whether the service runs on Knative revisions. */
  readonly knative: boolean;
  readonly canary?: CanaryOptions;
}

/**
 * A canary at 0 or 100 % leaves one revision without traffic. Without a tag that still routes to
 * it, Knative marks it unreachable (routing state "reserve") and then forces its min-scale to 0 and
 * ignores scale-to-zero-pod-retention-period: the KPA scaler reads the PodAutoscaler's reachability
 * (knative/serving pkg/reconciler/autoscaling/kpa/scaler.go, `scale` and `handleScaleToZero`).
 */
function idleRevision(facts: ColdStartFacts, autoscaler: GpuAutoscalingPolicy | undefined): string | undefined {
  const canary = facts.canary;
  if (!facts.knative || !canary || canary.tagRouting || (canary.trafficPercent !== 0 && canary.trafficPercent !== 100)) return undefined;
  const revision = canary.trafficPercent === 0 ? 'the newest revision' : 'the previous revision';
  const floor = autoscaler && autoscaler.minReplicas > 0 ? ` (minReplicas ${autoscaler.minReplicas})` : '';
  return `- No traffic: at canary trafficPercent ${canary.trafficPercent} ${revision} receives none, so Knative treats it as unreachable: it ignores its min-scale${floor} `
    + 'and scale-to-zero-pod-retention-period and scales it to zero, and its first request waits for a cold start. Give canary.tagRouting to keep it reachable.';
}

/** Which store a cold start reads the weights from. */
function storageOf(model: ModelSource): ModelStorageKind {
  if (model.cache instanceof LocalModelCache) return ModelStorageKind.NODE_LOCAL_CACHE;
  if (model.cache || model.kind === ModelSourceKind.PVC) return ModelStorageKind.SHARED_MODEL_CACHE;
  return ModelStorageKind.OBJECT_STORAGE;
}

/** The model's size: the service's `modelSize`, else the size its cache declares. */
export function modelSizeOf(facts: Pick<ColdStartFacts, 'model' | 'modelSize'>): Size | undefined {
  const cache = facts.model?.cache as { readonly modelSize?: Size } | undefined;
  return facts.modelSize ?? cache?.modelSize;
}

/**
 * The model's size for sizing a server (`modelSizeOf`), within the estimator's range (more than
 * 0, at most 1 PiB); a size outside it, or not a Size, is treated as unknown.
 */
export function usableModelSize(facts: Pick<ColdStartFacts, 'model' | 'modelSize'>): Size | undefined {
  const size = modelSizeOf(facts);
  return isSize(size) && kibibytes(size) > 0 && kibibytes(size) <= 1024 ** 4 ? size : undefined;
}

/** The cold start estimated from the model's size and the store it is read from. */
export function estimatedColdStart(model: ModelSource, modelSize: Size): Duration {
  return Duration.seconds(coldStartSecondsOf(modelSize, storageOf(model)));
}

export function explainColdStart(service: IConstruct, autoscaler: IServingAutoscaler, facts: ColdStartFacts, options: ExplainOptions): string {
  const policy = autoscaler instanceof GpuAutoscalingPolicy ? autoscaler : undefined;
  const standard = autoscaler instanceof StandardModeAutoscaler ? autoscaler : undefined;
  const account = policy?.explain() ?? standard?.explain() ?? 'a custom autoscaler (IServingAutoscaler)';
  const lines = [`${service.node.path}: ${account}`];
  const idle = idleRevision(facts, policy);
  if (idle) lines.push(idle);
  const modelSize = modelSizeOf(facts);
  if (!facts.model || !modelSize) {
    lines.push('- Cold start: unknown; give modelSize (or read the model from a ModelCache) for an estimate.');
    return lines.join('\n');
  }
  const estimate = ColdStartEstimator.estimate({ modelSize, storage: storageOf(facts.model) });
  lines.push(`- ${estimate.description}`);
  const unsafe = ColdStartBudget.unsafeSettings({
    coldStart: estimate.total,
    progressDeadline: policy?.progressDeadline,
    startupProbeBudget: facts.startupProbeBudget,
    requestTimeout: facts.timeout,
    // A custom autoscaler's floor is its own: assume it may scale from zero, the case with the most to check.
    scalesFromZero: policy ? policy.minReplicas === 0 : standard?.minReplicas !== undefined ? standard.minReplicas === 0 : true,
    scaleToZeroPodRetention: policy?.scaleToZeroPodRetention,
    usualIdleGap: options.trace?.usualIdleGap(),
  });
  for (const setting of unsafe) lines.push(`- Unsafe: ${setting.message}`);
  if (unsafe.length === 0) lines.push('- No setting is shorter than the cold start.');
  return lines.join('\n');
}
