/**
 * The LLM profile's defaults and what it resolves to for one service. Internal: the public face is
 * `ServingProfile.llm()` (serving-profile.ts), whose option docs name each default's source.
 */
import { Duration, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { ServingProbe } from './serving-probe';

/**
 * Every default of the LLM profile. The first seven are documented with their sources on
 * `LlmProfileOptions`; the others:
 * - startupProbePeriod: Kubernetes' default probe period (10 s);
 * - startupMargin: the startup probe allows twice the expected load (an assumption: a cold node,
 *   a slower disk), since a probe that gives up early restarts the load from the beginning;
 * - minProgressDeadline: GPU_TUNED's progress deadline (30 min); a longer startup budget raises
 *   it to one minute past the budget, or Knative fails the revision while the probe still waits.
 */
export const LLM_PROFILE_DEFAULTS = {
  cpuPerGpu: 6,
  memoryPerModelSize: 1.5,
  memoryPerGpu: Size.gibibytes(24),
  sharedMemory: Size.gibibytes(2),
  maxBatchSize: 256,
  unknownLoadTime: Duration.minutes(10),
  engineStartup: Duration.minutes(2),
  startupProbePeriod: Duration.seconds(10),
  startupMargin: 2,
  minProgressDeadline: Duration.minutes(30),
} as const;

/** What the profile gives one service, resolved from its GPUs, model size and args. */
export interface ResolvedProfile {
  readonly resources: ContainerResources;
  readonly sharedMemory?: Size;
  readonly startupProbe: ServingProbe;
  /** Undefined when the service brings its own autoscaler. */
  readonly autoscaling?: GpuAutoscalingPolicy;
}

/** What the profile is resolved from. */
export interface ProfileInputs {
  readonly gpuCount: number;
  readonly modelSize?: Size;
  /** The cold start estimated from the model size and store, when the size is known. */
  readonly estimatedColdStart?: Duration;
  readonly args?: string[];
  readonly resources?: ContainerResources;
  /** Whether the service brings its own autoscaler (the profile then builds none). */
  readonly autoscalingGiven: boolean;
}

/** The value of vLLM's `--max-num-seqs` in server args (`--max-num-seqs=N`, `--max_num_seqs N`). */
export function maxNumSeqsIn(args: string[] | undefined): number | undefined {
  if (!args) return undefined;
  for (let i = 0; i < args.length; i++) {
    const match = /^--max[-_]num[-_]seqs(?:=(\d+))?$/.exec(args[i]);
    if (!match) continue;
    const value = Number(match[1] ?? args[i + 1]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  }
  return undefined;
}
