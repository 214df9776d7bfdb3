/**
 * An `InferenceService` as its constructor resolved it: what its spec renders from at synth, and
 * what it checks against the other constructs of its app then (the app is complete at synth): the
 * Knative feature flags its pods need, the cluster's Knative autoscaler and defaults settings its
 * revision must pass, and the ModelCache it reads. Internal.
 */
import { Chart, IAnyProducer, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AppMember, ReservedObject } from './_app-checks';
import { Problems } from './_errors';
import { KnativeAnnotationConfig, knativeClusterProblems, KNATIVE_KEYS } from './_knative-annotations';
import { kibibytes } from './_model-cache-checks';
import { AutoscalerConfig } from './autoscaler';
import { KnativeAutoscalerConfig } from './knative-autoscaler-config';
import { KnativeDefaultsConfig } from './knative-defaults-config';
import { KnativeFeatureFlags } from './knative-feature-flags';
import { ServingApi } from './serving-api';
import { Bindings, Workload } from './targets/_workload';
import { autoscalingAnnotations, ServingTarget } from './targets/serving-target';

/** What the constructor resolved, as the spec and the app checks read it. */
export interface ServiceResolution {
  readonly scope: IConstruct;
  readonly target: ServingTarget;
  readonly workload: Workload;
  readonly bindings: Bindings;
  readonly requiredKnativeFeatures: string[];
  readonly gpuCount: number;
  readonly podsPerReplica: number;
  /** The user's annotations, if any. */
  readonly userAnnotations?: Record<string, string>;
  /** The namespace the object lands in: its own, or the chart's. */
  readonly namespace?: string;
  readonly warningMessages: readonly string[];
  /** The warning that the cluster must enable the pods' Knative features, if they need any. */
  readonly featuresWarning?: string;
}

/**
 * One object per service, kept with the app for the synth: it produces the spec and is the
 * service's member of the app checks. Its fields are the resolution's, copied, so that no record
 * and no closure over the constructor's scope stay alive beside it (peak memory is a target of the
 * benchmark: docs/benchmarks.md).
 */
export class ResolvedService implements AppMember, IAnyProducer {
  public readonly scope: IConstruct;
  public readonly target: ServingTarget;
  public readonly workload: Workload;
  public readonly requiredKnativeFeatures: string[];
  public readonly gpuCount: number;
  public readonly podsPerReplica: number;
  public readonly userAnnotations: Record<string, string>;
  private readonly bindings: Bindings;
  private readonly namespace?: string;
  private readonly warningMessages: readonly string[];
  private readonly featuresWarning?: string;

  constructor(resolution: ServiceResolution) {
    this.scope = resolution.scope;
    this.target = resolution.target;
    this.workload = resolution.workload;
    this.requiredKnativeFeatures = resolution.requiredKnativeFeatures;
    this.gpuCount = resolution.gpuCount;
    this.podsPerReplica = resolution.podsPerReplica;
    this.userAnnotations = resolution.userAnnotations ?? NO_ANNOTATIONS;
    this.bindings = resolution.bindings;
    this.namespace = resolution.namespace;
    this.warningMessages = resolution.warningMessages;
    this.featuresWarning = resolution.featuresWarning;
  }

  /** The spec, rendered by the target at synth (so that it is not kept in memory with the app). */
  public produce(): unknown {
    return this.target.renderSpec(this.workload, this.bindings);
  }

  public reserved(): { readonly namespace?: string; readonly objects: readonly ReservedObject[] } {
    return { namespace: this.namespace, objects: this.target.reservedObjects(this.workload) };
  }

  /** With a KnativeFeatureFlags in the app, the feature check of `problems()` settles the features warning. */
  public warnings(): readonly string[] {
    const featuresWarning = this.featuresWarning;
    return featuresWarning && KnativeFeatureFlags._inApp(this.scope).length > 0
      ? this.warningMessages.filter((warning) => warning !== featuresWarning) : this.warningMessages;
  }

  public problems(): string[] {
    return [...cacheProblems(this), ...knativeFeatureProblems(this), ...knativeConfigProblems(this)];
  }
}

/** Shared by every service without annotations of its own. */
const NO_ANNOTATIONS: Record<string, string> = Object.freeze({});

/** Cross-construct: KnativeFeatureFlags in the same app must enable what the pods use. */
function knativeFeatureProblems(service: ResolvedService): string[] {
  const flags = KnativeFeatureFlags._inApp(service.scope);
  if (flags.length === 0) return [];
  return service.requiredKnativeFeatures
    .filter((feature) => !flags.some((f) => f.data[feature] === 'enabled'))
    .map((feature) => `the pods need the Knative feature '${feature}', which ${flags.map((f) => `KnativeFeatureFlags '${f.node.path}'`).join(' and ')} `
      + 'does not enable: Knative would reject the revision. Enable it there, or remove what needs it');
}

/**
 * Cross-construct: the revision must pass what a KnativeAutoscalerConfig or KnativeDefaultsConfig
 * in the same app sets, as Knative checks it when the revision is created: max-scale within
 * max-scale-limit and initial-scale 0 only when allowed (pkg/apis/autoscaling/annotation_validation.go),
 * containerConcurrency within container-concurrency-max-limit and 0 only when allowed, the timeout
 * within max-revision-timeout-seconds (pkg/apis/serving/k8s_validation.go, revision_validation.go).
 */
function knativeConfigProblems(service: ResolvedService): string[] {
  const { target, workload, userAnnotations } = service;
  if (!target.runsOnKnative(workload)) return [];
  const problems = new Problems();
  const scaling = workload.autoscaling;
  const revision = scaling.revisionAnnotations ?? {};
  const maxReplicas = scaling.replicaLimit;
  const initialScale = KNATIVE_KEYS.initialScale.map((key) => revision[key]).find((value) => value !== undefined);
  // A user's autoscaling annotations reach the revision on the InferenceService APIs (checkUserAnnotations refuses the others).
  const userAutoscaling = workload.api.isInferenceService ? Object.fromEntries(autoscalingAnnotations(userAnnotations)) : {};
  const transformer = workload.customTransformerAutoscaling ? workload.transformerAutoscaling : undefined;
  for (const config of KnativeAutoscalerConfig._inApp(service.scope)) {
    const where = `KnativeAutoscalerConfig '${config.node.path}'`;
    const limit = config._settings.maxScaleLimit ?? 0;
    const allowZero = config._settings.allowZeroInitialScale ?? false;
    const cluster: KnativeAnnotationConfig = { maxScaleLimit: limit, allowZeroInitialScale: allowZero };
    if (workload.customAutoscaling) {
      customAutoscalerClusterProblems(problems, 'autoscaling', scaling, cluster, where);
    } else {
      // The library's own autoscalers write max-scale as maxReplicas, which replicaLimit is.
      if (limit > 0 && maxReplicas > limit) {
        problems.add('autoscaling.maxReplicas', maxReplicas, `${where} sets max-scale-limit ${limit}, and Knative rejects a revision whose max-scale is above it`,
          `Set maxReplicas from 1 to ${limit}, or raise maxScaleLimit`);
      }
      if (initialScale === '0' && !allowZero) {
        problems.add('autoscaling.initialScale', 0, `${where} does not set allow-zero-initial-scale, and Knative rejects an initial-scale of 0 without it`,
          'Set allowZeroInitialScale: true there, or use 1');
      }
    }
    if (transformer) customAutoscalerClusterProblems(problems, 'transformer.autoscaling', transformer, cluster, where);
    problems.addAll(clusterAnnotationProblems(userAutoscaling, cluster, 'metadata.annotations', where));
  }
  for (const config of KnativeDefaultsConfig._inApp(service.scope)) {
    const where = `KnativeDefaultsConfig '${config.node.path}'`;
    const concurrency = scaling.containerConcurrency;
    if (concurrency !== undefined && concurrency > config.containerConcurrencyMaxLimit) {
      problems.add('autoscaling.containerConcurrency', concurrency,
        `${where} sets container-concurrency-max-limit ${config.containerConcurrencyMaxLimit}, and Knative rejects a revision above it`,
        `Use ${config.containerConcurrencyMaxLimit} or less, or raise containerConcurrencyMaxLimit`);
    }
    if (concurrency === 0 && !config.allowContainerConcurrencyZero) {
      problems.add('autoscaling.containerConcurrency', 0, `${where} sets allow-container-concurrency-zero: false, and Knative rejects a revision with 0 (unlimited)`,
        'Set a limit such as 1, or allow zero there');
    }
    const timeout = workload.timeout;
    if (timeout && timeout.toSeconds() > config.maxRevisionTimeout.toSeconds()) {
      problems.add('timeout', timeout, `${where} allows at most ${config.maxRevisionTimeout.toSeconds()}s (max-revision-timeout-seconds), and Knative rejects a longer revision timeout`,
        'Shorten the timeout, or raise maxRevisionTimeout');
    }
  }
  return problems.toArray();
}

/**
 * An autoscaler of your own against the cluster's config-autoscaler, by what reaches its
 * revision: max-scale from the typed maxReplicas, which KServe writes unless it is 0 (kserve/kserve@v0.20.0
 * pkg/controller/v1beta1/inferenceservice/reconcilers/knative/ksvc_reconciler.go, setAutoScalingAnnotations;
 * an API without the field refuses it when built), and the autoscaler's revision annotations. Not its
 * replicaLimit, which the cluster never reads.
 */
function customAutoscalerClusterProblems(
  problems: Problems, prop: string, scaling: AutoscalerConfig, cluster: KnativeAnnotationConfig, where: string,
): void {
  const max = scaling.maxReplicas;
  const limit = cluster.maxScaleLimit;
  if (limit > 0 && max !== undefined && max > limit) {
    problems.add(`${prop}.maxReplicas`, max, `${where} sets max-scale-limit ${limit}, and Knative rejects a revision whose max-scale is above it`,
      `Return maxReplicas from 1 to ${limit} from the autoscaler's bind(), or raise maxScaleLimit`);
  }
  problems.addAll(clusterAnnotationProblems(scaling.revisionAnnotations ?? {}, cluster, `${prop}.revisionAnnotations`, where));
}

/** What Knative rejects in revision annotations because of the KnativeAutoscalerConfig `where` (the rest is reported when built), naming it. */
function clusterAnnotationProblems(annotations: Record<string, string>, cluster: KnativeAnnotationConfig, prop: string, where: string): string[] {
  const found = new Problems();
  knativeClusterProblems(found, annotations, cluster, prop);
  return found.toArray().map((problem) => `${problem} (${where})`);
}

/** Cross-construct: the cache must fit this service (replicas, GPU memory, region). */
function cacheProblems(service: ResolvedService): string[] {
  const workload = service.workload;
  const cache = workload.model?.cache;
  if (!cache) return [];
  const gpu = workload.gpu;
  const smallest = gpu && gpu.types.length > 0 ? Math.min(...gpu.types.map((t) => kibibytes(t.memory))) : undefined;
  return cache.checkConsumer({
    path: service.scope.node.path,
    namespace: workload.namespace ?? Chart.of(service.scope).namespace,
    servingApi: workload.api,
    deploymentMode: workload.api === ServingApi.KSERVE_V1BETA1 ? workload.deploymentMode : undefined,
    maxReplicas: workload.autoscaling.replicaLimit,
    gpuMemory: smallest !== undefined ? Size.kibibytes(smallest * service.gpuCount * service.podsPerReplica) : undefined,
    gpuRegions: gpu?.regions.length ? gpu.regions : undefined,
  });
}
