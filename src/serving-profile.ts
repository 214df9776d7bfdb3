import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-27';
import { isDuration, isSize } from './_cdk8s-values';
import { Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { isProgressDeadlineTooLong, PROGRESS_DEADLINE_MAX_RULE } from './_knative-annotations';
import { LLM_PROFILE_DEFAULTS, maxNumSeqsIn, ProfileInputs, ResolvedProfile } from './_llm-profile';
import { checkArguments, DURATION, SIZE, struct } from './_public-types';
import { GpuAutoscalingPolicy } from './gpu-autoscaling-policy';
import { ServingProbe } from './serving-probe';

/** Options of the LLM profile: each replaces one default. */
export interface LlmProfileOptions {
  /**
   * CPU cores per GPU, requested and limited.
   * @default 6 - KServe's Hugging Face runtime example for Llama 3 8B on one GPU requests 6 CPUs
   * (kserve.github.io/website/docs/model-serving/storage/providers/hf)
   */
  readonly cpuPerGpu?: number;
  /**
   * Host memory as a multiple of the model's size, requested and limited (the memory-backed
   * `/dev/shm` is added on top, since Kubernetes charges it to the container's memory).
   * @default 1.5 - the same KServe example gives Llama 3 8B (16 GB of bf16 weights) 24Gi
   */
  readonly memoryPerModelSize?: number;
  /**
   * Host memory per GPU when the model's size is unknown.
   * @default Size.gibibytes(24) - the same KServe example: 24Gi for one GPU
   */
  readonly memoryPerGpu?: Size;
  /**
   * Size of the memory-backed `/dev/shm` mounted with more than one GPU: PyTorch and NCCL share
   * tensors between the tensor-parallel workers through it, and a container's default is 64 MiB.
   * `Size.mebibytes(0)` mounts none.
   * @default Size.gibibytes(2) - vLLM's Kubernetes guide mounts a 2Gi `medium: Memory` emptyDir at
   * /dev/shm (docs.vllm.ai, "Using Kubernetes"); its Docker guide asks for `--ipc=host` or
   * `--shm-size` for tensor parallelism (docs.vllm.ai, "Using Docker")
   */
  readonly sharedMemory?: Size;
  /**
   * Requests the server batches at once: the per-pod concurrency target Knative scales on. The
   * pod takes more (containerConcurrency 0) and the server queues them.
   * @default - the `--max-num-seqs` (or `--max_num_seqs`) value in `args`, else 256: vLLM's
   * default `max_num_seqs` (EngineArgs, vllm/engine/arg_utils.py)
   */
  readonly maxBatchSize?: number;
  /**
   * How long the server takes from container start until it serves: sizes the startup probe
   * (twice this) and the progress deadline (a minute past the probe's budget), which must stay
   * within 2147483647s, Knative's int32 progressDeadlineSeconds.
   * @default - the cold start estimated from `modelSize` and the store (ColdStartEstimator) plus 2
   * minutes of engine start (an assumption: vLLM's memory profiling and CUDA graph capture);
   * 10 minutes when the size is unknown (an assumption)
   */
  readonly loadTime?: Duration;
}

const LLM_PROFILE_OPTIONS_TYPES = struct<LlmProfileOptions>({
  cpuPerGpu: 'number', memoryPerModelSize: 'number', memoryPerGpu: SIZE, sharedMemory: SIZE, maxBatchSize: 'number', loadTime: DURATION,
});

/**
 * How a model server is sized and scaled. `ServingProfile.llm()` is the default of the Hugging
 * Face runtime (vLLM); a custom container that batches requests (vLLM, TGI, SGLang, Triton with
 * dynamic batching) declares itself with `servingProfile: ServingProfile.llm()`.
 */
export class ServingProfile {
  /**
   * A batching LLM server: CPU from the GPU count, memory from the model size, a memory-backed
   * `/dev/shm` for tensor parallelism, a concurrency target at the server's batch size instead of
   * one request per pod, and a startup probe and progress deadline from the model's load time.
   * Each value is overridden by the prop it fills (`resources.cpu`, `resources.memory`,
   * `probes.startup`, `autoscaling`) or by an option here.
   */
  public static llm(options: LlmProfileOptions = {}): ServingProfile {
    checkArguments('ServingProfile', [['options', options, LLM_PROFILE_OPTIONS_TYPES]]);
    return new ServingProfile('llm', options);
  }

  /** No profile: KServe's default resources (1 CPU, 2Gi) and the autoscaler's one request per GPU. */
  public static none(): ServingProfile {
    return new ServingProfile('none', {});
  }

  /** `llm` or `none`. */
  public readonly name: string;
  /** The options given. */
  public readonly options: LlmProfileOptions;

  /** The options' problems, found once: a profile does not change, and every service that uses it reports them. */
  private readonly problems: string[];

  private constructor(name: string, options: LlmProfileOptions) {
    this.name = name;
    this.options = Object.freeze({ ...options });
    this.problems = optionProblems(this.options);
  }

  /** @internal Problems of the options, under `servingProfile`. */
  public _check(problems: Problems): void {
    problems.addAll(this.problems);
  }

  /** @internal The profile's settings for one service; undefined for `none`. */
  public _resolve(inputs: ProfileInputs): ResolvedProfile | undefined {
    if (this.name !== 'llm') return undefined;
    const d = LLM_PROFILE_DEFAULTS;
    const o = this.options;
    const sharedMemory = inputs.gpuCount > 1 ? o.sharedMemory ?? d.sharedMemory : undefined;
    const sharedMib = sharedMemory?.toMebibytes() ?? 0;
    const resources = this._resources(inputs.gpuCount, inputs.modelSize, inputs.resources, sharedMemory)!;

    // The estimate reads at most 1 PiB (usableModelSize), whose deadline is far inside Knative's
    // bound; only a loadTime can pass it, and optionProblems refuses that one.
    const loadSeconds = o.loadTime?.toSeconds()
      ?? (inputs.estimatedColdStart ? inputs.estimatedColdStart.toSeconds() + d.engineStartup.toSeconds() : d.unknownLoadTime.toSeconds());
    const { failureThreshold, budgetMinutes } = startupBudget(loadSeconds);
    const startupProbe = ServingProbe.tcpSocket({ period: d.startupProbePeriod, failureThreshold });
    // Only a budget past GPU_TUNED's own deadline is written, so that the APIs without the
    // progress-deadline annotation (KFServing) take the profile whenever the preset fits.
    const progressDeadline = budgetMinutes > d.minProgressDeadline.toMinutes() ? Duration.minutes(budgetMinutes) : undefined;
    const maxBatchSize = o.maxBatchSize ?? maxNumSeqsIn(inputs.args) ?? d.maxBatchSize;
    const autoscaling = inputs.autoscalingGiven
      ? undefined : new GpuAutoscalingPolicy({ containerConcurrency: 0, target: maxBatchSize, progressDeadline });
    return { resources, sharedMemory: sharedMib > 0 ? sharedMemory : undefined, startupProbe, autoscaling };
  }

  /**
   * @internal CPU from the GPU count and host memory from the model's size (else the GPU count),
   * plus `sharedMemory` since Kubernetes charges a memory-backed volume to the container; the
   * user's `cpu`, `memory` and `ephemeralStorage` win. Undefined for `none`.
   */
  public _resources(
    gpuCount: number, modelSize: Size | undefined, user: ContainerResources | undefined, sharedMemory?: Size,
  ): ContainerResources | undefined {
    if (this.name !== 'llm') return undefined;
    const d = LLM_PROFILE_DEFAULTS;
    const o = this.options;
    const gpus = Math.max(1, gpuCount);
    const modelMib = modelSize?.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    const hostMib = modelMib !== undefined
      ? Math.ceil((modelMib * (o.memoryPerModelSize ?? d.memoryPerModelSize)) / 1024) * 1024
      : (o.memoryPerGpu ?? d.memoryPerGpu).toMebibytes() * gpus;
    const memory = Size.mebibytes(hostMib + (sharedMemory?.toMebibytes() ?? 0));
    const cpu = Cpu.units((o.cpuPerGpu ?? d.cpuPerGpu) * gpus);
    return {
      cpu: user?.cpu ?? { request: cpu, limit: cpu },
      memory: user?.memory ?? { request: memory, limit: memory },
      ephemeralStorage: user?.ephemeralStorage,
    };
  }
}

/**
 * The startup probe's failure threshold for a load of `loadSeconds` (the probe waits
 * `startupMargin` times the load), and the progress deadline the profile derives from it: one
 * minute past the probe's budget, in whole minutes.
 */
function startupBudget(loadSeconds: number): { failureThreshold: number; budgetMinutes: number } {
  const d = LLM_PROFILE_DEFAULTS;
  const period = d.startupProbePeriod.toSeconds();
  const failureThreshold = Math.ceil((d.startupMargin * loadSeconds) / period);
  return { failureThreshold, budgetMinutes: Math.ceil((failureThreshold * period) / 60) + 1 };
}

/** A load time of whole seconds, from 1s, whose derived progress deadline Knative can write. */
function checkLoadTime(problems: Problems, loadTime: Duration): void {
  if (!(isDuration(loadTime) && isWholeSeconds(loadTime) && loadTime.toSeconds() >= 1)) {
    problems.add('servingProfile.loadTime', loadTime, 'must be a whole number of seconds, at least 1s', 'For example Duration.minutes(4)');
    return;
  }
  const { budgetMinutes } = startupBudget(loadTime.toSeconds());
  if (isProgressDeadlineTooLong(budgetMinutes * 60)) {
    problems.add('servingProfile.loadTime', loadTime,
      `gives a progress deadline of ${budgetMinutes}m (a minute past a startup probe of ${LLM_PROFILE_DEFAULTS.startupMargin} times the load), `
        + `and a progress deadline must be ${PROGRESS_DEADLINE_MAX_RULE}`,
      'Give the time the server really takes to load, such as Duration.minutes(20)');
  }
}

/** Problems of the LLM profile's options, under `servingProfile`. */
function optionProblems(o: LlmProfileOptions): string[] {
  const problems = new Problems();
  const positive = (name: string, value: number | undefined, integer: boolean) => {
    if (value !== undefined && !(value > 0 && (!integer || Number.isInteger(value)))) {
      problems.add(`servingProfile.${name}`, value, integer ? 'must be a whole number of 1 or more' : 'must be a number above 0');
    }
  };
  positive('cpuPerGpu', o.cpuPerGpu, false);
  positive('memoryPerModelSize', o.memoryPerModelSize, false);
  positive('maxBatchSize', o.maxBatchSize, true);
  for (const [name, size, min] of [['memoryPerGpu', o.memoryPerGpu, 1], ['sharedMemory', o.sharedMemory, 0]] as const) {
    if (size === undefined) continue;
    const mib = isSize(size) ? size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : NaN;
    if (!(Number.isInteger(mib) && mib >= min)) problems.add(`servingProfile.${name}`, size, `must be a whole number of mebibytes${min > 0 ? ', more than zero' : ''}`);
  }
  if (o.loadTime !== undefined) checkLoadTime(problems, o.loadTime);
  return problems.toArray();
}
