import { Duration } from 'cdk8s';
import { addProblem, checkDuration, checkInteger, checkNumber, checkProps, secondsOf, throwIfAny } from './_checks';
import { TICK_SECONDS } from './_constants';
import { percentiles } from './_percentiles';
import { KnativeDecider } from './knative-decider';
import { KnativeAutoscalingSettings, KnativeAutoscalingValues } from './knative-policy';
import { KpaScaler } from './kpa-scaler';
import { PodAutoscalerActivity, Reachability } from './kpa-states';
import { TimedFloat64Buckets } from './metric-windows';
import { RequestTrace } from './request-trace';
import { Problems } from '../_errors';

/** How one pod of the model server behaves. */
export interface ServerModel {
  /** Time from a pod's creation to its readiness: scheduling, image start, model download and load (see `ColdStartEstimator`). */
  readonly coldStart: Duration;
  /**
   * Requests the model server works on at once (its batch size); requests Knative routes beyond
   * that wait in the pod's queue-proxy.
   * @default 1 - a GPU model server that serves one request at a time
   */
  readonly serverConcurrency?: number;
  /**
   * How much slower each request gets per other request in service when it starts, for batching
   * servers: service time × (1 + batchSlowdown × (requests in service − 1)).
   * @default 0 - requests in a batch take as long as alone
   */
  readonly batchSlowdown?: number;
  /**
   * GPUs each pod holds, for the GPU-minutes.
   * @default 1
   */
  readonly gpusPerReplica?: number;
}

/** A simulation: a policy, a trace and a server. */
export interface SimulationProps {
  /** The Knative autoscaling values (`PresetKnativeValues.of(preset)` for a preset). */
  readonly policy: KnativeAutoscalingValues;
  /** The requests. */
  readonly trace: RequestTrace;
  /** The model server. */
  readonly server: ServerModel;
  /**
   * Price of one GPU for an hour, for the cost.
   * @default 0
   */
  readonly pricePerGpuHour?: number;
  /**
   * Name shown in reports.
   * @default 'policy'
   */
  readonly name?: string;
}

/** Per-second series of a simulation, index = second from the start. */
export interface SimulationTimeline {
  /** Requests in the system at the end of each second: in service, queued at pods and buffered. */
  readonly requestsInFlight: number[];
  /** Requests waiting for capacity (buffered by the activator or queue-proxy, not in service). */
  readonly requestsWaiting: number[];
  /** The Deployment's replicas: what the autoscaler, its bounds and the scale-to-zero gate want. */
  readonly desiredPods: number[];
  /** Pods ready to serve. */
  readonly readyPods: number[];
  /** Pods that exist and hold GPUs (starting, ready or draining). */
  readonly billedPods: number[];
}

/** What a simulation measured. Latencies are in seconds; each is 0 when no request counts. */
export interface SimulationResult {
  /** The name of the simulation. */
  readonly name: string;
  /** The name of the trace. */
  readonly traceName: string;
  /** Seconds simulated. */
  readonly durationSeconds: number;
  /** Requests in the trace. */
  readonly requests: number;
  /** Requests answered. */
  readonly served: number;
  /** Requests that waited longer than the request timeout and failed. */
  readonly timedOut: number;
  /** Requests still waiting or in service at the end. */
  readonly unfinished: number;
  /** Requests served by a pod that became ready after they arrived: they waited for a cold start. */
  readonly coldStartDelayed: number;
  /** Median wait of the requests delayed by a cold start. */
  readonly coldStartWaitP50: number;
  /** 99th percentile wait of the requests delayed by a cold start. */
  readonly coldStartWaitP99: number;
  /** Longest wait of a request delayed by a cold start. */
  readonly coldStartWaitMax: number;
  /** Median latency (wait + service) of all served requests. */
  readonly latencyP50: number;
  /** 95th percentile latency of all served requests. */
  readonly latencyP95: number;
  /** 99th percentile latency of all served requests. */
  readonly latencyP99: number;
  /** Median latency of the requests not delayed by a cold start. */
  readonly warmLatencyP50: number;
  /** 99th percentile latency of the requests not delayed by a cold start. */
  readonly warmLatencyP99: number;
  /** GPU-minutes billed: each pod's life rounded up to whole minutes, times its GPUs. */
  readonly gpuMinutes: number;
  /** gpuMinutes × price per GPU-hour / 60. */
  readonly cost: number;
  /** Seconds the autoscaler spent in panic mode. */
  readonly panicSeconds: number;
  /** Times the revision went to zero pods. */
  readonly scaleToZeroEvents: number;
  /** Pods started. */
  readonly podStarts: number;
  /** Most pods billed at once. */
  readonly maxBilledPods: number;
  /** Per-second series. */
  readonly timeline: SimulationTimeline;
}

interface Pod {
  readonly createdAt: number;
  readonly readyAt: number;
  ready: boolean;
  terminating: boolean;
  deleted: boolean;
  deletedAt: number;
  /** Requests routed to the pod and not finished: in service and in its queue. */
  outstanding: number;
  inService: number;
  queue: number[];
  queueHead: number;
}

/** A binary min-heap of service completions: time, and the request in service. */
class CompletionHeap {
  private times = new Float64Array(64);
  private requests = new Int32Array(64);
  private pods: Pod[] = [];
  public size = 0;

  public push(time: number, request: number, pod: Pod): void {
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      times.set(this.times);
      this.times = times;
      const requests = new Int32Array(this.size * 2);
      requests.set(this.requests);
      this.requests = requests;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = Math.floor((i - 1) / 2);
      if (this.times[parent] <= time) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, time, request, pod);
  }

  public get topTime(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }

  public get topRequest(): number {
    return this.requests[0];
  }

  public get topPod(): Pod {
    return this.pods[0];
  }

  public pop(): void {
    const last = --this.size;
    const time = this.times[last];
    const request = this.requests[last];
    const pod = this.pods[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.times[child + 1] < this.times[child]) child++;
      if (this.times[child] >= time) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, time, request, pod);
  }

  private move(from: number, to: number): void {
    this.set(to, this.times[from], this.requests[from], this.pods[from]);
  }

  private set(i: number, time: number, request: number, pod: Pod): void {
    this.times[i] = time;
    this.requests[i] = request;
    this.pods[i] = pod;
  }
}

/**
 * Simulates Knative's KPA on a request trace, second by second: the metric windows, the decider
 * every 2 s, the bounds and scale-to-zero gate, GPU pods that become ready only after their cold
 * start, requests buffered by the activator and queue-proxy, and requests that time out.
 * Run it at once with `run`, or in steps with `advance` to show progress.
 */
export class AutoscalingSimulation {
  /** Simulates the whole trace. */
  public static run(props: SimulationProps): SimulationResult {
    const simulation = new AutoscalingSimulation(props);
    simulation.advance(simulation.durationSeconds);
    return simulation.result();
  }

  /** Seconds the simulation covers: the trace's duration. */
  public readonly durationSeconds: number;

  private readonly name: string;
  private readonly trace: RequestTrace;
  private readonly settings: KnativeAutoscalingSettings;
  private readonly coldStart: number;
  private readonly serverConcurrency: number;
  private readonly batchSlowdown: number;
  private readonly gpusPerReplica: number;
  private readonly price: number;
  private readonly cc: number;
  private readonly timeout: number;
  private readonly stableWindow: number;
  private readonly grace: number;
  private readonly retention: number;
  private readonly progressDeadline: number;
  private readonly tbc: number;

  private readonly decider: KnativeDecider;
  private readonly stable: TimedFloat64Buckets;
  private readonly panic: TimedFloat64Buckets;
  private readonly rpsMetric: boolean;

  private readonly arrivals: Float64Array;
  private readonly service: Float64Array;
  private readonly started: Float64Array;
  private readonly finished: Float64Array;
  private readonly coldDelayed: Uint8Array;
  private readonly buffer: Int32Array;
  private bufferHead = 0;
  private bufferTail = 0;
  private nextArrival = 0;
  private readonly completions = new CompletionHeap();

  private readonly pods: Pod[] = [];
  private readonly routable: Pod[] = [];
  private readonly starting: Pod[] = [];
  private replicas = 0;
  private readyCount = 0;
  private billedCount = 0;

  private inSystem = 0;
  private timedOut = 0;
  private clock = 0;
  private lastEventTime = 0;
  private integral = 0;
  private arrivalsThisSecond = 0;

  private desired = -1;
  private excessBurstCapacity: number;
  private activity = PodAutoscalerActivity.ACTIVATING;
  private activitySince = 0;
  private scaleTargetInitialized = false;
  private proxyMode = true;
  private proxySince = 0;

  private panicSeconds = 0;
  private scaleToZeroEvents = 0;
  private podStarts = 0;
  private maxBilled = 0;
  private readonly timeline: { inFlight: Int32Array; waiting: Int32Array; desired: Int32Array; ready: Int32Array; billed: Int32Array };

  public constructor(props: SimulationProps) {
    const problems = new Problems();
    let settings: KnativeAutoscalingSettings | undefined;
    if (checkProps(problems, 'props', props)) {
      try {
        settings = KnativeAutoscalingSettings.resolve(props.policy);
      } catch (e) {
        problems.addAll((e as Error).message.split('\n  - ').slice(1).map((m) => `policy: ${m}`));
      }
      if (!(props.trace instanceof RequestTrace)) addProblem(problems, 'trace', props.trace, 'must be a RequestTrace', 'For example RequestTrace.reference(ReferenceTrace.BURSTY)');
      if (checkProps(problems, 'server', props.server)) {
        checkDuration(problems, 'server.coldStart', props.server.coldStart, 0, 86400);
        checkInteger(problems, 'server.serverConcurrency', props.server.serverConcurrency, 1, 10_000, true);
        checkNumber(problems, 'server.batchSlowdown', props.server.batchSlowdown, 0, 100, true);
        checkInteger(problems, 'server.gpusPerReplica', props.server.gpusPerReplica, 1, 64, true);
      }
      checkNumber(problems, 'pricePerGpuHour', props.pricePerGpuHour, 0, 1e6, true);
      if (props.name !== undefined && (typeof props.name !== 'string' || props.name.length === 0)) addProblem(problems, 'name', props.name, 'must be a non-empty text');
    }
    throwIfAny(problems, 'AutoscalingSimulation');
    this.settings = settings!;
    this.name = props.name ?? 'policy';
    this.trace = props.trace;
    this.durationSeconds = Math.ceil(this.trace.durationSeconds);
    this.coldStart = secondsOf(props.server.coldStart);
    this.serverConcurrency = props.server.serverConcurrency ?? 1;
    this.batchSlowdown = props.server.batchSlowdown ?? 0;
    this.gpusPerReplica = props.server.gpusPerReplica ?? 1;
    this.price = props.pricePerGpuHour ?? 0;
    const spec = this.settings.deciderSpec;
    this.cc = this.settings.containerConcurrency;
    this.timeout = secondsOf(this.settings.requestTimeout);
    this.stableWindow = secondsOf(spec.stableWindow);
    this.grace = secondsOf(this.settings.scaleToZeroGracePeriod);
    this.retention = secondsOf(this.settings.scaleToZeroPodRetentionPeriod);
    this.progressDeadline = secondsOf(this.settings.progressDeadline);
    this.tbc = spec.targetBurstCapacity;
    this.rpsMetric = spec.scalingMetric === 'rps';
    this.decider = new KnativeDecider(spec, 0, 0);
    const second = Duration.seconds(1);
    this.stable = new TimedFloat64Buckets(spec.stableWindow, second);
    this.panic = new TimedFloat64Buckets(this.settings.panicWindow, second);
    // The EBC a decider publishes before its first decision (`createScaler` in multiscaler.go).
    this.excessBurstCapacity = this.tbc <= 0 ? this.tbc : this.settings.initialScale * spec.totalValue - this.tbc;

    this.arrivals = this.trace._arrivals;
    this.service = this.trace._service;
    const n = this.arrivals.length;
    this.started = new Float64Array(n).fill(Number.NaN);
    this.finished = new Float64Array(n).fill(Number.NaN);
    this.coldDelayed = new Uint8Array(n);
    this.buffer = new Int32Array(n);
    const seconds = this.durationSeconds;
    this.timeline = {
      inFlight: new Int32Array(seconds),
      waiting: new Int32Array(seconds),
      desired: new Int32Array(seconds),
      ready: new Int32Array(seconds),
      billed: new Int32Array(seconds),
    };
    // A revision's Deployment is created with initial-scale replicas.
    this.setReplicas(this.settings.initialScale, 0);
  }

  /** Share of the trace simulated, from 0 to 1. */
  public get progress(): number {
    return this.clock / this.durationSeconds;
  }

  /** Whether the whole trace has been simulated. */
  public get done(): boolean {
    return this.clock >= this.durationSeconds;
  }

  /**
   * Simulates up to `seconds` more seconds of the trace.
   * @returns whether there is more to simulate
   */
  public advance(seconds: number): boolean {
    if (typeof seconds !== 'number' || !(seconds > 0)) {
      throwIfAny(problemsOf('seconds', seconds, 'must be a number of more than 0'), 'AutoscalingSimulation.advance');
    }
    const until = Math.min(this.durationSeconds, this.clock + Math.ceil(seconds));
    while (this.clock < until) this.simulateSecond();
    return !this.done;
  }

  /** The measurements, after simulating what is left of the trace. */
  public result(): SimulationResult {
    this.advance(this.durationSeconds);
    return this.summarize();
  }

  private simulateSecond(): void {
    const s = this.clock;
    const end = s + 1;
    for (;;) {
      const arrival = this.nextArrival < this.arrivals.length ? this.arrivals[this.nextArrival] : Infinity;
      const completion = this.completions.topTime;
      const ready = this.nextReadyTime();
      const t = Math.min(arrival, completion, ready);
      if (t >= end) break;
      this.advanceIntegral(t);
      if (completion === t) this.complete(t);
      else if (ready === t) this.podReady(t);
      else this.arrive(t);
    }
    this.advanceIntegral(end);
    this.expireBuffered(end);
    this.collectMetric(end);
    if (end % TICK_SECONDS === 0 || (this.desired === 0 && this.bufferTail > this.bufferHead)) this.decide(end);
    if (this.decider.inPanic) this.panicSeconds++;
    this.recordTimeline(s);
    this.integral = 0;
    this.arrivalsThisSecond = 0;
    this.clock = end;
  }

  private advanceIntegral(t: number): void {
    this.integral += this.inSystem * (t - this.lastEventTime);
    this.lastEventTime = t;
  }

  private nextReadyTime(): number {
    while (this.starting.length > 0 && this.starting[0].deleted) this.starting.shift();
    return this.starting.length > 0 ? this.starting[0].readyAt : Infinity;
  }

  private arrive(t: number): void {
    const request = this.nextArrival++;
    this.inSystem++;
    this.arrivalsThisSecond++;
    const pod = this.leastLoaded();
    if (pod) this.route(request, pod, t);
    else this.buffer[this.bufferTail++] = request;
  }

  /** The routable pod with the fewest outstanding requests, as the activator balances; undefined when all are full. */
  private leastLoaded(): Pod | undefined {
    let best: Pod | undefined;
    for (const pod of this.routable) {
      if ((this.cc === 0 || pod.outstanding < this.cc) && (!best || pod.outstanding < best.outstanding)) best = pod;
    }
    return best;
  }

  private route(request: number, pod: Pod, t: number): void {
    pod.outstanding++;
    if (pod.inService < this.serverConcurrency) this.startService(request, pod, t);
    else pod.queue.push(request);
  }

  private startService(request: number, pod: Pod, t: number): void {
    pod.inService++;
    this.started[request] = t;
    // It waited for a cold start when the pod serving it was not ready yet when it arrived.
    if (pod.readyAt > this.arrivals[request]) this.coldDelayed[request] = 1;
    const duration = this.service[request] * (1 + this.batchSlowdown * (pod.inService - 1));
    this.completions.push(t + duration, request, pod);
  }

  private complete(t: number): void {
    const request = this.completions.topRequest;
    const pod = this.completions.topPod;
    this.completions.pop();
    this.finished[request] = t;
    this.inSystem--;
    pod.inService--;
    pod.outstanding--;
    // The pod's queue first (queue-proxy), dropping requests that waited past the timeout.
    while (pod.queueHead < pod.queue.length && pod.inService < this.serverConcurrency) {
      const next = pod.queue[pod.queueHead++];
      if (t - this.arrivals[next] > this.timeout) {
        pod.outstanding--;
        this.inSystem--;
        this.timedOut++;
      } else {
        this.startService(next, pod, t);
      }
    }
    if (pod.queueHead === pod.queue.length) {
      pod.queue.length = 0;
      pod.queueHead = 0;
    }
    if (pod.terminating) {
      if (pod.outstanding === 0) this.deletePod(pod, t);
    } else {
      this.drainBuffer(pod, t);
    }
  }

  private podReady(t: number): void {
    const pod = this.starting.shift()!;
    pod.ready = true;
    this.readyCount++;
    this.routable.push(pod);
    this.drainBuffer(pod, t);
  }

  /** Routes buffered requests to a pod with room. */
  private drainBuffer(pod: Pod, t: number): void {
    this.expireBuffered(t);
    while (this.bufferHead < this.bufferTail && (this.cc === 0 || pod.outstanding < this.cc)) {
      this.route(this.buffer[this.bufferHead++], pod, t);
      this.expireBuffered(t);
    }
  }

  /** Buffered requests that waited longer than the request timeout fail. */
  private expireBuffered(t: number): void {
    while (this.bufferHead < this.bufferTail && t - this.arrivals[this.buffer[this.bufferHead]] > this.timeout) {
      this.bufferHead++;
      this.inSystem--;
      this.timedOut++;
    }
  }

  /**
   * One second of metric: the average requests in the system (queue-proxy's concurrency from
   * ready pods plus the activator's buffered requests), or the arrivals for rps. Knative only
   * has data while pods are ready or the activator holds requests.
   */
  private collectMetric(t: number): void {
    if (this.readyCount === 0 && this.inSystem === 0 && this.integral === 0 && this.arrivalsThisSecond === 0) return;
    const value = this.rpsMetric ? this.arrivalsThisSecond : this.integral;
    this.stable._record(t, value);
    this.panic._record(t, value);
  }

  private decide(t: number): void {
    if (!this.stable._isEmpty(t)) {
      const result = this.decider._scale(t, this.readyCount, this.stable._windowAverage(t), this.panic._windowAverage(t));
      this.desired = result.desiredPodCount;
      this.excessBurstCapacity = result.excessBurstCapacity;
    }
    this.reconcile(t);
  }

  /** The PodAutoscaler reconciler: the scaler, then the Active condition and the SKS mode (kpa.go). */
  private reconcile(t: number): void {
    const settings = this.settings;
    const want = KpaScaler._scale({
      desiredScale: this.desired,
      activity: this.activity,
      activityFor: t - this.activitySince,
      proxyFor: this.proxyMode ? t - this.proxySince : 0,
      activatorInPath: this.proxyMode,
      sksInProxyMode: this.proxyMode,
      minScale: settings.minScale,
      maxScale: settings.maxScale,
      initialScale: settings.initialScale,
      scaleTargetInitialized: this.scaleTargetInitialized,
      reachability: Reachability.REACHABLE,
      enableScaleToZero: settings.enableScaleToZero,
      stableWindow: this.stableWindow,
      gracePeriod: this.grace,
      retention: this.retention,
      progressDeadline: this.progressDeadline,
      targetBurstCapacity: this.tbc,
    });
    if (want.applyScale) this.setReplicas(want.desiredScale, t);
    this.updateActivity(want.desiredScale, t);
    const proxy = want.desiredScale === 0 || this.excessBurstCapacity < 0;
    if (proxy !== this.proxyMode) {
      this.proxyMode = proxy;
      this.proxySince = t;
    }
  }

  /** `computeActiveCondition` in knative/serving `pkg/reconciler/autoscaling/kpa/kpa.go`. */
  private updateActivity(want: number, t: number): void {
    const min = this.settings.minScale;
    const minReady = this.scaleTargetInitialized ? Math.max(min, 1) : Math.max(min, this.settings.initialScale);
    const inactive = this.activity === PodAutoscalerActivity.INACTIVE;
    let next = this.activity;
    if (want === 0 || minReady === 0) {
      next = PodAutoscalerActivity.INACTIVE;
    } else if (this.readyCount < minReady) {
      if (want > 0 || !inactive) next = PodAutoscalerActivity.ACTIVATING;
    } else if (want > 0 || !inactive) {
      this.scaleTargetInitialized = true;
      next = PodAutoscalerActivity.ACTIVE;
    }
    if (next !== this.activity) {
      this.activity = next;
      this.activitySince = t;
    }
  }

  /** Sets the Deployment's replicas: new pods start their cold start; removed pods are the starting ones first, then the least busy. */
  private setReplicas(target: number, t: number): void {
    if (target > this.replicas) {
      for (let i = this.replicas; i < target; i++) this.createPod(t);
    } else if (target < this.replicas) {
      if (target === 0) this.scaleToZeroEvents++;
      let remove = this.replicas - target;
      for (let i = this.starting.length - 1; i >= 0 && remove > 0; i--) {
        const pod = this.starting[i];
        if (pod.deleted) continue;
        this.starting.splice(i, 1);
        this.deletePod(pod, t);
        remove--;
      }
      this.routable.sort((a, b) => a.outstanding - b.outstanding);
      const draining = this.routable.splice(0, remove);
      for (const pod of draining) {
        pod.terminating = true;
        this.readyCount--;
        if (pod.outstanding === 0) this.deletePod(pod, t);
      }
    }
    this.replicas = target;
  }

  private createPod(t: number): void {
    const pod: Pod = {
      createdAt: t,
      readyAt: t + this.coldStart,
      ready: false,
      terminating: false,
      deleted: false,
      deletedAt: Infinity,
      outstanding: 0,
      inService: 0,
      queue: [],
      queueHead: 0,
    };
    this.pods.push(pod);
    this.starting.push(pod);
    this.podStarts++;
    this.billedCount++;
    if (this.billedCount > this.maxBilled) this.maxBilled = this.billedCount;
  }

  private deletePod(pod: Pod, t: number): void {
    pod.deleted = true;
    pod.deletedAt = t;
    this.billedCount--;
  }

  private recordTimeline(s: number): void {
    const timeline = this.timeline;
    timeline.inFlight[s] = this.inSystem;
    timeline.waiting[s] = this.bufferTail - this.bufferHead + this.queuedAtPods();
    timeline.desired[s] = this.replicas;
    timeline.ready[s] = this.readyCount;
    timeline.billed[s] = this.billedCount;
  }

  private queuedAtPods(): number {
    let queued = 0;
    for (const pod of this.routable) queued += pod.queue.length - pod.queueHead;
    return queued;
  }

  private summarize(): SimulationResult {
    const n = this.arrivals.length;
    // Typed arrays, filled then cut to length: a day at 50 requests/s has 4.3 million latencies.
    const latencies = new Float64Array(n);
    const warm = new Float64Array(n);
    const coldWaits = new Float64Array(n);
    let served = 0;
    let warmCount = 0;
    let coldCount = 0;
    let unfinished = 0;
    for (let i = 0; i < n; i++) {
      const finished = this.finished[i];
      if (Number.isNaN(finished)) {
        unfinished++;
        continue;
      }
      const latency = finished - this.arrivals[i];
      latencies[served++] = latency;
      if (this.coldDelayed[i]) coldWaits[coldCount++] = this.started[i] - this.arrivals[i];
      else warm[warmCount++] = latency;
    }
    unfinished -= this.timedOut;
    const horizon = this.durationSeconds;
    let gpuMinutes = 0;
    for (const pod of this.pods) {
      const lifetime = Math.min(pod.deletedAt, horizon) - pod.createdAt;
      gpuMinutes += Math.ceil(lifetime / 60) * this.gpusPerReplica;
    }
    const [latencyP50, latencyP95, latencyP99] = percentiles(latencies.subarray(0, served), [0.5, 0.95, 0.99]);
    const [warmLatencyP50, warmLatencyP99] = percentiles(warm.subarray(0, warmCount), [0.5, 0.99]);
    const [coldStartWaitP50, coldStartWaitP99, coldStartWaitMax] = percentiles(coldWaits.subarray(0, coldCount), [0.5, 0.99, 1]);
    const timeline = this.timeline;
    return {
      name: this.name,
      traceName: this.trace.name,
      durationSeconds: horizon,
      requests: n,
      served,
      timedOut: this.timedOut,
      unfinished,
      coldStartDelayed: coldCount,
      coldStartWaitP50,
      coldStartWaitP99,
      coldStartWaitMax,
      latencyP50,
      latencyP95,
      latencyP99,
      warmLatencyP50,
      warmLatencyP99,
      gpuMinutes,
      cost: (gpuMinutes * this.price) / 60,
      panicSeconds: this.panicSeconds,
      scaleToZeroEvents: this.scaleToZeroEvents,
      podStarts: this.podStarts,
      maxBilledPods: this.maxBilled,
      timeline: {
        requestsInFlight: Array.from(timeline.inFlight),
        requestsWaiting: Array.from(timeline.waiting),
        desiredPods: Array.from(timeline.desired),
        readyPods: Array.from(timeline.ready),
        billedPods: Array.from(timeline.billed),
      },
    };
  }
}

function problemsOf(prop: string, value: unknown, rule: string): Problems {
  const problems = new Problems();
  addProblem(problems, prop, value, rule);
  return problems;
}
