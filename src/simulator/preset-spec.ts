/**
 * The one place that reads an `AutoscalingPreset`'s values for the simulator. Everything else in
 * the simulator takes Knative's own names (`KnativeAutoscalingValues`), so a change to how presets
 * store their values is adapted here only.
 */
import { Duration } from 'cdk8s';
import { addProblem, throwIfAny } from './_checks';
import { KnativeAutoscalingValues } from './knative-policy';
import { Problems } from '../_errors';
import { AutoscalingPreset } from '../autoscaling-preset';

/** Translates an autoscaling preset into the Knative values the simulator reads. */
export class PresetKnativeValues {
  /**
   * The Knative values of a preset: a per-revision value wins over the cluster-wide one, and
   * Knative's defaults apply to what the preset leaves unset.
   */
  public static of(preset: AutoscalingPreset): KnativeAutoscalingValues {
    const problems = new Problems();
    if (!(preset instanceof AutoscalingPreset)) addProblem(problems, 'preset', preset, 'must be an AutoscalingPreset', 'For example AutoscalingPreset.GPU_TUNED');
    throwIfAny(problems, 'PresetKnativeValues.of');
    const revision = preset._revision;
    const cluster = preset._cluster;
    const stableWindow = revision.stableWindow ?? cluster.stableWindow;
    const panicWindow = revision.panicWindow ?? cluster.panicWindow;
    // Knative takes the panic window as a percentage of the stable window.
    const stableSeconds = (stableWindow ?? Duration.seconds(60)).toSeconds();
    const panicWindowPercentage = panicWindow === undefined ? undefined : (100 * panicWindow.toSeconds()) / stableSeconds;
    return {
      containerConcurrency: revision.containerConcurrency,
      metric: revision.metric,
      target: revision.target,
      targetUtilizationPercentage: revision.targetUtilizationPercent ?? cluster.containerConcurrencyTargetPercent,
      containerConcurrencyTargetDefault: cluster.containerConcurrencyTargetDefault,
      requestsPerSecondTargetDefault: cluster.requestsPerSecondTargetDefault,
      targetBurstCapacity: revision.targetBurstCapacity ?? cluster.targetBurstCapacity,
      stableWindow,
      panicWindowPercentage,
      panicThresholdPercentage: revision.panicThresholdPercent ?? cluster.panicThresholdPercent,
      maxScaleUpRate: cluster.maxScaleUpRate,
      maxScaleDownRate: cluster.maxScaleDownRate,
      scaleDownDelay: revision.scaleDownDelay ?? cluster.scaleDownDelay,
      activationScale: revision.activationScale,
      minScale: revision.minReplicas ?? cluster.minScale,
      maxScale: revision.maxReplicas ?? cluster.maxScale,
      initialScale: revision.initialScale ?? cluster.initialScale,
      enableScaleToZero: cluster.enableScaleToZero,
      scaleToZeroGracePeriod: cluster.scaleToZeroGracePeriod,
      scaleToZeroPodRetentionPeriod: revision.scaleToZeroPodRetention ?? cluster.scaleToZeroPodRetention,
      progressDeadline: revision.progressDeadline,
    };
  }
}
