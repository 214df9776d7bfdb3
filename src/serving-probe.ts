import { Duration } from 'cdk8s';
import { isDuration } from './_cdk8s-values';
import { checkNoPlainCredential } from './_credential-checks';
import { Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { ProbeJson } from './_k8s-json';
import { checkArguments, DURATION, FieldsOf, STRINGS, struct } from './_public-types';

/**
 * When and how often a probe runs. Fields left out are not written, so Kubernetes' own defaults
 * apply (period 10 s, timeout 1 s, 3 failures, 1 success: kubernetes.io, "Configure Liveness,
 * Readiness and Startup Probes").
 */
export interface ProbeTiming {
  /**
   * Wait before the first probe.
   * @default - Kubernetes' default: 0 s
   */
  readonly initialDelay?: Duration;
  /**
   * Time between probes, at least 1 s. A readiness probe without a period is probed aggressively by
   * Knative's queue-proxy (periodSeconds 0), which then refuses `timeout` and `failureThreshold`.
   * @default - Kubernetes' default: 10 s (Knative: aggressive readiness probing)
   */
  readonly period?: Duration;
  /**
   * Time after which one probe counts as failed, at least 1 s.
   * @default - Kubernetes' default: 1 s
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures that fail the probe.
   * @default - Kubernetes' default: 3
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes that pass the probe after a failure (readiness only: Kubernetes requires
   * 1 for liveness and startup probes).
   * @default - Kubernetes' default: 1
   */
  readonly successThreshold?: number;
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends ProbeTiming {
  /**
   * Port probed.
   * @default - the server's port: the container's `port`, or 8080 for a runtime (every KServe
   * ServingRuntime serves HTTP on 8080, config/runtimes in kserve/kserve)
   */
  readonly port?: number;
}

/** Options of a TCP probe. */
export interface TcpProbeOptions extends ProbeTiming {
  /**
   * Port probed.
   * @default - the server's port, as for `HttpProbeOptions.port`
   */
  readonly port?: number;
}

/** How a probe checks the server. */
enum ProbeHandler {
  HTTP = 'httpGet',
  TCP = 'tcpSocket',
  EXEC = 'exec',
}

const PROBE_TIMING_TYPES: FieldsOf<ProbeTiming> = {
  initialDelay: DURATION, period: DURATION, timeout: DURATION, failureThreshold: 'number', successThreshold: 'number',
};
const HTTP_PROBE_OPTIONS_TYPES = struct<HttpProbeOptions>({ ...PROBE_TIMING_TYPES, port: 'number' });
const TCP_PROBE_OPTIONS_TYPES = struct<TcpProbeOptions>({ ...PROBE_TIMING_TYPES, port: 'number' });

/** The largest int32, Kubernetes' bound for every probe field. */
const INT32_MAX = 2147483647;

/**
 * A health check of the model server: an HTTP GET, a TCP connection or a command. Handlers and
 * fields are those Knative accepts on a serving container (knative/serving
 * pkg/apis/serving/k8s_validation.go, `validateProbe`: exactly one of httpGet, tcpSocket, exec;
 * ports by number), which KServe and Kubernetes accept too.
 */
export class ServingProbe {
  /**
   * An HTTP GET that passes with a status from 200 to 399.
   * @param path request path, starting with '/' (for example vLLM's `/health`)
   */
  public static httpGet(path: string, options: HttpProbeOptions = {}): ServingProbe {
    checkArguments('ServingProbe', [['path', path, 'string', true], ['options', options, HTTP_PROBE_OPTIONS_TYPES]]);
    return new ServingProbe(ProbeHandler.HTTP, options, options.port, path);
  }

  /** A TCP connection to the server's port: passes once the server listens, which a model server does once its model is loaded. */
  public static tcpSocket(options: TcpProbeOptions = {}): ServingProbe {
    checkArguments('ServingProbe', [['options', options, TCP_PROBE_OPTIONS_TYPES]]);
    return new ServingProbe(ProbeHandler.TCP, options, options.port);
  }

  /**
   * A command run in the container, passing when it exits 0.
   * @param command the command and its arguments (not run in a shell)
   */
  public static exec(command: string[], options: ProbeTiming = {}): ServingProbe {
    checkArguments('ServingProbe', [['command', command, STRINGS, true], ['options', options, struct<ProbeTiming>(PROBE_TIMING_TYPES)]]);
    // A copy: the probe renders at synth, after the caller may have changed its array.
    return new ServingProbe(ProbeHandler.EXEC, options, undefined, undefined, [...command]);
  }

  /** Timing of the probe. */
  public readonly timing: ProbeTiming;

  private constructor(
    private readonly handler: ProbeHandler,
    timing: ProbeTiming,
    private readonly port?: number,
    private readonly path?: string,
    private readonly command?: string[],
  ) {
    this.timing = { ...timing };
  }

  /**
   * Longest time the probe lets a server take before it fails: initialDelay + failureThreshold x
   * period, with Kubernetes' defaults for what is not given.
   */
  public get budget(): Duration {
    const t = this.timing;
    const seconds = (t.initialDelay?.toSeconds() ?? 0) + (t.failureThreshold ?? 3) * (t.period?.toSeconds() ?? 10);
    return Duration.seconds(seconds);
  }

  /**
   * @internal Problems of the probe under `prop`. A readiness probe may pass after several
   * successes; `knative` adds Knative's readiness rule for a probe without a period.
   */
  public _check(problems: Problems, prop: string, options: { readiness: boolean; knative: boolean }): void {
    const t = this.timing;
    if (this.handler === ProbeHandler.HTTP && !/^\/[^\s]*$/.test(this.path!)) {
      problems.add(`${prop}.path`, this.path, 'must be a request path starting with \'/\', without white space', 'For example "/health"');
    }
    if (this.port !== undefined && !(Number.isInteger(this.port) && this.port >= 1 && this.port <= 65535)) {
      problems.add(`${prop}.port`, this.port, 'must be a port number from 1 to 65535');
    }
    if (this.handler === ProbeHandler.EXEC && !(this.command!.length > 0 && this.command!.every((c) => c !== ''))) {
      problems.add(`${prop}.command`, this.command, 'must be a non-empty list of non-empty strings', 'For example ["cat", "/tmp/ready"]');
    }
    if (this.handler === ProbeHandler.EXEC) {
      checkNoPlainCredential(problems, `${prop}.command`, this.command!, 'secretEnv (a command run through sh -c reads it as $NAME)');
    }
    const durations: [string, Duration | undefined, number][] = [['initialDelay', t.initialDelay, 0], ['period', t.period, 1], ['timeout', t.timeout, 1]];
    for (const [name, value, min] of durations) {
      if (value === undefined) continue;
      if (!isDuration(value) || !isWholeSeconds(value) || value.toSeconds() < min || value.toSeconds() > INT32_MAX) {
        problems.add(`${prop}.${name}`, value, `must be a whole number of seconds, at least ${min}s`, 'Use Duration.seconds(n)');
      }
    }
    for (const [name, value] of [['failureThreshold', t.failureThreshold], ['successThreshold', t.successThreshold]] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= INT32_MAX)) problems.add(`${prop}.${name}`, value, 'must be a whole number of 1 or more');
    }
    if (!options.readiness && t.successThreshold !== undefined && t.successThreshold !== 1) {
      problems.add(`${prop}.successThreshold`, t.successThreshold, 'must be 1 for a liveness or startup probe (Kubernetes)', 'Remove successThreshold');
    }
    if (options.readiness && options.knative && t.period === undefined && (t.timeout !== undefined || t.failureThreshold !== undefined)) {
      problems.add(`${prop}.period`, undefined, 'Knative probes readiness aggressively when periodSeconds is 0, and then refuses timeoutSeconds and failureThreshold',
        'Give period, or remove timeout and failureThreshold');
    }
  }

  /** @internal The probe as Kubernetes reads it, probing `serverPort` unless the probe names a port. */
  public _render(serverPort: number): ProbeJson {
    const t = this.timing;
    const port = this.port ?? serverPort;
    return {
      httpGet: this.handler === ProbeHandler.HTTP ? { path: this.path!, port } : undefined,
      tcpSocket: this.handler === ProbeHandler.TCP ? { port } : undefined,
      exec: this.handler === ProbeHandler.EXEC ? { command: [...this.command!] } : undefined,
      initialDelaySeconds: t.initialDelay?.toSeconds(),
      periodSeconds: t.period?.toSeconds(),
      timeoutSeconds: t.timeout?.toSeconds(),
      failureThreshold: t.failureThreshold,
      successThreshold: t.successThreshold,
    };
  }
}

/** Health checks of the model server's container. */
export interface ServingProbes {
  /**
   * Whether the server takes requests; Knative's queue-proxy runs it.
   * @default - none: Knative probes the server's port over TCP; KServe Standard mode sends traffic once the container runs
   */
  readonly readiness?: ServingProbe;
  /**
   * Whether the server is alive; the kubelet restarts the container when it fails. Give a
   * `startup` probe too (or use the LLM profile), or a model that loads for minutes is killed.
   * @default - none
   */
  readonly liveness?: ServingProbe;
  /**
   * Holds off the readiness and liveness probes until it passes, and restarts the container when
   * its `budget` runs out: size it from the model's load time.
   * @default - none, or the serving profile's (`ServingProfile.llm()`: TCP, twice the load time)
   */
  readonly startup?: ServingProbe;
}
