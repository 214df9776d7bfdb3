/**
 * What a serving API owns: which props it accepts (its rules and messages), how its objects are
 * named (the length budget), and how the resolved workload renders into its object. One subclass
 * per API; `InferenceService` picks one through the registry and never branches on the API.
 * Internal. docs/architecture.md shows how to add one.
 */
import { ContainerResources } from 'cdk8s-plus-27';
import { ReservedObject } from '../_app-checks';
import { checkAutoscalerConfigRanges } from '../_autoscaler-config-checks';
import { memberPath, Problems } from '../_errors';
import { orderedEnv, quantity } from '../_format';
import { defaultGpuNodeSelection, GpuPlacement, gpuAffinity, gpuNodeSelector, gpuTolerations } from '../_gpu-placement';
import { NVIDIA_GPU_RESOURCE } from '../_gpu-resources';
import { checkStabilizationSeconds } from '../_hpa-behavior';
import { AffinityJson, ContainerJson, EnvVarJson, ResourceRequirementsJson, TolerationJson, VolumeJson, VolumeMountJson } from '../_k8s-json';
import { checkExternalMetric } from '../_keda-checks';
import { AUTOSCALING_PREFIX, KNATIVE_KEYS, PROGRESS_DEADLINE_KEY, revisionAnnotationProblems } from '../_knative-annotations';
import { KNATIVE_RESERVED_ENV, KNATIVE_RESERVED_PORTS } from '../_metadata-checks';
import { AutoscalerConfig } from '../autoscaler';
import { GpuNodeSelection, GpuProvider, GpuType } from '../gpu';
import { ServingContainer } from '../inference-service-props';
import { ModelFormat } from '../model-format';
import { ModelSourceKind } from '../model-source';
import { DeploymentMode, ServingApi } from '../serving-api';
import { ServingProbes } from '../serving-probe';
import { CACHE_WAIT_NAME, cacheWaitContainer, cacheWaitVolume } from './_cache-wait';
import { Bindings, NamePlacement, Workload } from './_workload';

const DEFAULT_PORT = 8080;
/** Every KServe ServingRuntime serves HTTP on 8080 (config/runtimes in kserve/kserve): a runtime's probes use it. */
export const RUNTIME_PORT = 8080;
/** The memory-backed /dev/shm of a tensor-parallel server. */
const SHARED_MEMORY_VOLUME = 'dshm';

/** KServe's own defaults, written explicitly (renderResources). */
const DEFAULT_CPU = '1';
const DEFAULT_MEMORY = '2Gi';

/** A typed scaling field an API may lack, with the Knative annotation that says the same on the revision. */
const UNWRITTEN_FIELD_ANNOTATION = { minReplicas: 'minScale', maxReplicas: 'maxScale', scaleTarget: 'target', scaleMetric: 'metric' } as const;
export type UnwrittenScalingField = keyof typeof UNWRITTEN_FIELD_ANNOTATION;

/** Why a Knative annotation does nothing where the component runs as a Deployment. */
const NO_REVISION = 'does nothing in KServe Standard mode, where no Knative revision exists';

/** The `autoscaling.knative.dev/*` entries of a map of annotations. */
export function autoscalingAnnotations(annotations: Record<string, string>): [string, string][] {
  return Object.entries(annotations).filter(([key]) => key.startsWith(`${AUTOSCALING_PREFIX}/`));
}

export abstract class ServingTarget {
  /** The API this target writes. */
  public abstract readonly api: ServingApi;
  /** URI schemes the API's storage initializer (or pod) reads. */
  public abstract readonly sourceKinds: readonly ModelSourceKind[];
  /** KServe >= 0.18 refuses PYTHONPATH in model server containers (InferenceService APIs). */
  public readonly refusesPythonPath: boolean = true;
  /** Whether `deploymentMode` and `kserveVersion` apply (the KServe API only). */
  public readonly hasDeploymentModes: boolean = false;
  /** Whether the predictor's pod takes init containers (the wait for a ModelCache). */
  public readonly hasInitContainers: boolean = false;
  /** Whether `kfservingVersion` applies (serving.kubeflow.org/v1alpha2 only). */
  public readonly readsKfservingVersion: boolean = false;
  /** What has per-component annotations, for the messages of an API without them. */
  protected readonly withComponentAnnotations: string = 'ServingApi.KSERVE_V1BETA1';
  /** The typed scaling fields of `AutoscalerConfig` the API has no place for. */
  protected readonly unwrittenScalingFields: readonly UnwrittenScalingField[] = [];

  /**
   * The longest service name whose derived child names still fit, and the longest child name for
   * the message.
   */
  public abstract nameBudget(workload: NamePlacement): number;
  public abstract longestChildName(workload: Workload): string;

  /** deploymentMode and kserveVersion: only the KServe API has them; kfservingVersion: only v1alpha2. */
  public checkApiOptions(workload: Workload, problems: Problems): void {
    if (workload.kfservingVersionGiven && !this.readsKfservingVersion) {
      problems.add('kfservingVersion', workload.kfservingVersion.toString(), `applies to serving.kubeflow.org/v1alpha2 only, not ${this.api}`, 'Remove kfservingVersion');
    }
    if (this.hasDeploymentModes) return;
    if (workload.givenDeploymentMode !== undefined) {
      // The value given: the workload's deploymentMode is already KNATIVE on these APIs.
      problems.add('deploymentMode', workload.givenDeploymentMode, `only the KServe API has deployment modes; ${this.api} always runs on Knative`, 'Remove deploymentMode');
    }
    if (workload.kserveVersionGiven) {
      problems.add('kserveVersion', workload.kserveVersion.toString(), `applies to the KServe API only, not ${this.api}`, 'Remove kserveVersion');
    }
  }

  /** What serves the model: a runtime by format, or a custom container. */
  public abstract checkServer(workload: Workload, problems: Problems): void;

  /**
   * A container's name: a DNS label. The InferenceService APIs rename a component's container to
   * `kserve-container` (predictor_custom.go `Default`), so only that name is accepted there.
   */
  public checkContainerName(problems: Problems, prop: string, name: string | undefined): void {
    if (name === undefined || name === this.api.containerName) return;
    problems.add(prop, name, `${this.api} names the container "${this.api.containerName}" itself`, 'Remove name');
  }

  /** Probes, /dev/shm and init containers the API's pod cannot carry. */
  public checkPodExtras(_workload: Workload, _problems: Problems): void {}

  /** A warning when the service reads a ModelCache it cannot wait for. */
  public cacheWaitWarning(workload: Workload): string | undefined {
    const wait = workload.cacheWait;
    if (!wait || this.hasInitContainers) return undefined;
    return `${this.api} has no init containers, so pods do not wait for the ModelCache loader: a pod that starts before the Job `
      + `${wait.marker.writerJobName} finishes reads a half-filled volume. Apply the service after the Job completes`;
  }

  /** The KServe release that reads the source's scheme (KServe only). */
  public checkSourceVersion(_workload: Workload, _problems: Problems): void {}

  /** The node selection that needs the fewest cluster feature flags (`defaultGpuNodeSelection`). */
  public defaultNodeSelection(types: GpuType[], _provider: GpuProvider, _regions: string[], _mode: DeploymentMode): GpuNodeSelection {
    return defaultGpuNodeSelection(types);
  }

  /** GPU placement the API cannot express. */
  public checkGpu(workload: Workload, problems: Problems): void {
    if (workload.gpu!.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) {
      problems.add('gpu.nodeSelection', GpuNodeSelection.ACCELERATOR_ANNOTATION, `${this.api} has no accelerator annotation: only KServe's pod webhook reads it`,
        'Use GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY');
    }
  }

  /** How the API splits traffic. */
  public abstract checkCanary(workload: Workload, problems: Problems): void;

  /** `canary.stableModel` exists only for the v1alpha2 canary (`spec.default`). */
  protected checkNoStableModel(workload: Workload, problems: Problems): void {
    const stable = workload.canary?.stableModel;
    if (stable !== undefined) {
      problems.add('canary.stableModel', stable.uri, `${this.api} keeps the previous revision itself`, 'Remove stableModel (it is for serving.kubeflow.org/v1alpha2 on KFServing <= 0.4)');
    }
  }

  /** Whether the pods run in a Knative revision (every API but KServe's Standard mode). */
  public runsOnKnative(_workload: Pick<Workload, 'deploymentMode'>): boolean {
    return true;
  }

  /** Knative's reserved environment variables and ports, in every container of a Knative revision. */
  public checkKnativeContract(workload: Workload, problems: Problems): void {
    if (!this.runsOnKnative(workload)) return;
    const containers: [string, { [name: string]: unknown }, ServingContainer | undefined][] = [
      ['', { ...workload.env, ...workload.secretEnv }, workload.container],
      ['transformer.', workload.transformer?.env ?? {}, workload.transformer?.container],
    ];
    for (const [prefix, env, container] of containers) {
      for (const name of Object.keys(env).filter((n) => KNATIVE_RESERVED_ENV.includes(n))) {
        problems.add(`${prefix}env`, name, `Knative reserves ${KNATIVE_RESERVED_ENV.join(', ')} and sets them itself; it rejects a revision that sets them`,
          name === 'PORT' ? `Remove it: Knative sets PORT to the container's port (${prefix}container.port)` : 'Remove it, or name the variable differently');
      }
      const port = container?.port;
      if (port !== undefined && KNATIVE_RESERVED_PORTS.includes(port)) {
        problems.add(`${prefix}container.port`, port, `Knative reserves ${KNATIVE_RESERVED_PORTS.join(', ')} for its queue-proxy and profiling`,
          'Use another port, for example 8080');
      }
    }
  }

  /**
   * The user's `autoscaling.knative.dev/*` annotations and `serving.knative.dev/progress-deadline`:
   * InferenceService APIs copy the object's annotations onto the Knative revision, where Knative
   * checks them as it checks the library's own; without a revision (KServe Standard mode) the
   * autoscaling ones do nothing.
   */
  public checkUserAnnotations(workload: Workload, annotations: Record<string, string>, problems: Problems): void {
    const autoscaling = autoscalingAnnotations(annotations);
    const deadline = Object.prototype.hasOwnProperty.call(annotations, PROGRESS_DEADLINE_KEY) ? annotations[PROGRESS_DEADLINE_KEY] : undefined;
    if (autoscaling.length === 0 && deadline === undefined) return;
    if (!this.runsOnKnative(workload)) {
      for (const [key, value] of autoscaling) {
        problems.add(memberPath('metadata.annotations', key), value, NO_REVISION, 'Remove it, or use DeploymentMode.KNATIVE');
      }
      return;
    }
    if (deadline !== undefined) autoscaling.push([PROGRESS_DEADLINE_KEY, deadline]);
    const custom = workload.customAutoscaling;
    revisionAnnotationProblems(problems, [
      // What an autoscaler of your own gets wrong by itself is reported by checkAutoscaling; with the user's
      // annotations, under its own prop. The library's autoscalers write valid annotations: what goes
      // wrong with them comes of the user's, and is reported as the user's.
      { prop: custom ? 'autoscaling.revisionAnnotations' : 'metadata.annotations', annotations: workload.autoscaling.revisionAnnotations ?? {}, checkedAlone: custom },
      { prop: 'metadata.annotations', annotations: Object.fromEntries(autoscaling), checkedAlone: false },
    ]);
  }

  /** Whether the API has a request timeout. */
  public checkTimeout(_workload: Workload, _problems: Problems): void {}

  /**
   * The transformer's own autoscaler. Its class must be the predictor's: KServe reads
   * `serving.kserve.io/autoscalerClass` from the InferenceService and validates every component
   * against it (inference_service_validation.go, validateAutoScalingCompExtension). Where a
   * component has no annotations of its own, its Knative annotations are the InferenceService's.
   */
  public checkTransformer(workload: Workload, problems: Problems): void {
    if (workload.transformerGpu) this.checkTransformerGpu(workload, workload.transformerGpu, problems);
    const own = workload.transformerAutoscaling;
    if (!own) return;
    const predictor = workload.autoscaling;
    for (const [key, value] of Object.entries(own.objectAnnotations ?? {})) {
      const shared = predictor.objectAnnotations?.[key];
      if (shared !== value) {
        problems.add('transformer.autoscaling', `${key}: ${value}`, `the InferenceService's ${key} applies to every component, and the predictor's autoscaler writes ${shared === undefined ? 'none' : JSON.stringify(shared)}`,
          'Give the transformer an autoscaler of the predictor\'s class');
      }
    }
    if (this.hasComponentAnnotations(workload)) return;
    for (const [key, value] of Object.entries(own.revisionAnnotations ?? {})) {
      const shared = predictor.revisionAnnotations?.[key];
      if (shared !== value) {
        problems.add('transformer.autoscaling', `${key}: ${value}`, `${this.withoutComponentAnnotations(workload)} has no per-component annotations, and the predictor's autoscaler `
          + `writes ${shared === undefined ? 'none' : JSON.stringify(shared)} on the InferenceService`,
        `Give the transformer a policy with the predictor's Knative settings (the same preset), or use ${this.withComponentAnnotations}`);
      }
    }
  }

  /**
   * The transformer's GPU placement. The accelerator annotation is the InferenceService's, and
   * KServe's pod webhook applies it to every pod with a GPU limit (accelerator_injector.go), so
   * the transformer cannot choose it, nor pick types of its own under the predictor's.
   */
  protected checkTransformerGpu(workload: Workload, gpu: GpuPlacement, problems: Problems): void {
    if (gpu.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) {
      problems.add('transformer.gpu.nodeSelection', gpu.nodeSelection, 'the accelerator annotation belongs to the InferenceService and places the predictor',
        'Use GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY for the transformer');
    } else if (gpu.types.length > 0 && workload.gpu?.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) {
      problems.add('transformer.gpu.types', gpu.types.map((t) => t.name), 'the predictor\'s accelerator annotation also selects the nodes of every GPU pod of the InferenceService, the transformer\'s included',
        'Leave the transformer\'s types out, or give the predictor GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY');
    }
  }

  /**
   * KServe's `autoScaling` (KEDA's metrics and stabilization windows): only KServe's Standard mode
   * has it. What an autoscaler of your own returns is range-checked where the API writes it.
   */
  public checkAutoscaling(workload: Workload, problems: Problems): void {
    const fix = 'Use ServingApi.KSERVE_V1BETA1 with DeploymentMode.STANDARD, or a GpuAutoscalingPolicy';
    const components = [
      ['autoscaling', workload.autoscaling, workload.customAutoscaling],
      ['transformer.autoscaling', workload.transformerAutoscaling, workload.customTransformerAutoscaling],
    ] as const;
    for (const [prop, config, custom] of components) {
      if (custom && config) this.checkCustomAutoscaler(workload, prop, config, problems);
      const external = config?.externalMetrics ?? [];
      const metrics = [
        ...external.map((m) => m.query),
        ...(config?.resourceMetrics ?? []).map((m) => m.resource),
        ...(config?.podMetrics ?? []).map((m) => m.metricName),
      ];
      if (metrics.length > 0 && !this.acceptsAutoScalingMetrics(workload)) {
        problems.add(prop, metrics, `${this.api} has no autoScaling.metrics: KServe >= 0.15 reads them in Standard mode`, fix);
      } else if (custom) {
        external.forEach((metric, i) => checkExternalMetric(problems, `${prop}.externalMetrics[${i}]`, metric));
      }
      const windows = [config?.scaleUpStabilizationSeconds, config?.scaleDownStabilizationSeconds].filter((seconds) => seconds !== undefined);
      if (windows.length > 0 && !this.acceptsScalingBehavior(workload)) {
        const without = this.withoutScalingBehavior(workload);
        problems.add(prop, windows.map((seconds) => `${seconds}s`), `${without.subject} has no autoScaling.behavior: `
          + 'KServe >= 0.16 reads its stabilization windows in Standard mode', without.fix ?? fix);
      } else if (custom) {
        checkStabilizationSeconds(problems, `${prop}.scaleUpStabilizationSeconds`, config?.scaleUpStabilizationSeconds);
        checkStabilizationSeconds(problems, `${prop}.scaleDownStabilizationSeconds`, config?.scaleDownStabilizationSeconds);
      }
    }
  }

  /**
   * What an autoscaler of your own returns for a component, as this API writes it: a typed field
   * the API has no place for is refused (it would be dropped, or rejected as unknown), the others
   * are range-checked. The library's own autoscalers check theirs when they are built.
   */
  protected checkCustomAutoscaler(workload: Workload, prop: string, config: AutoscalerConfig, problems: Problems): void {
    const written: { -readonly [K in keyof AutoscalerConfig]: AutoscalerConfig[K] } = { ...config };
    for (const field of this.unwrittenScalingFields) {
      if (config[field] === undefined) continue;
      delete written[field];
      const key = KNATIVE_KEYS[UNWRITTEN_FIELD_ANNOTATION[field]][0];
      problems.add(`${prop}.${field}`, config[field], `${this.api} has no ${field}, so the value would never reach the cluster`,
        `Return the ${key} revision annotation instead`);
    }
    const knative = this.runsOnKnative(workload);
    checkAutoscalerConfigRanges(problems, prop, written, knative);
    if (knative) return;
    for (const [key, value] of autoscalingAnnotations(config.revisionAnnotations ?? {})) {
      problems.add(memberPath(`${prop}.revisionAnnotations`, key), value, NO_REVISION, 'Return it from bind() only for DeploymentMode.KNATIVE');
    }
  }

  /** Whether a component carries annotations of its own (KServe >= 0.11). */
  protected hasComponentAnnotations(_workload: Workload): boolean {
    return false;
  }

  /** What has no per-component annotations, for the message. */
  protected withoutComponentAnnotations(_workload: Workload): string {
    return this.api.toString();
  }


  /** Whether the API reads `autoScaling.metrics` (External, Resource and PodMetric). */
  protected acceptsAutoScalingMetrics(_workload: Workload): boolean {
    return false;
  }

  /** Whether the API reads the stabilization windows of `autoScaling.behavior`. */
  protected acceptsScalingBehavior(_workload: Workload): boolean {
    return false;
  }

  /** What has no `autoScaling.behavior`, and how to fix it when not by changing the API or the mode, for the message. */
  protected withoutScalingBehavior(_workload: Workload): { readonly subject: string; readonly fix?: string } {
    return { subject: this.api.toString() };
  }

  /** Whether the API has multi-node predictors (`workerSpec`): KServe's only. */
  public checkMultiNode(workload: Workload, problems: Problems): void {
    problems.add('multiNode', `pipelineParallelSize ${workload.multiNode!.pipelineParallelSize}`, `${this.api} has no worker pods: multi-node predictors are KServe's`,
      'Use ServingApi.KSERVE_V1BETA1 in Standard mode, or the LLMInferenceService construct');
  }

  /** Knative `config-features` flags the pods need. */
  public abstract knativeFeatures(workload: Workload): string[];

  /** Settings KServe reads from the credentials Secret, as annotations of this API's prefix. */
  public credentialsAnnotationPrefix(): string | undefined {
    return this.api.annotationPrefix;
  }

  /**
   * Objects the API's controllers create for the service under names derived from its name, which
   * no construct of the app may write (checked once per synth across the app).
   */
  public abstract reservedObjects(workload: Workload): ReservedObject[];

  /** Annotations the target writes on the object itself (the user's may not contradict them). */
  public abstract objectAnnotations(workload: Workload): Record<string, string>;

  /** The object's spec, rendered at synth (the construct is the object: `ServingApi` gives its apiVersion and kind). */
  public abstract renderSpec(workload: Workload, bindings: Bindings): unknown;

  /**
   * A component's Knative Service, created by `controller`, and the placeholder Service Knative
   * creates for its route under the same name (Knative's `MakeK8sPlaceholderService`).
   */
  protected knativeComponentObjects(controller: string, component: string, name: string): ReservedObject[] {
    return [
      { group: 'serving.knative.dev', kind: 'Service', name, creator: `${controller} creates the ${component}'s Knative Service` },
      { group: '', kind: 'Service', name, creator: `Knative creates the placeholder Service of the ${component}'s route` },
    ];
  }

  /** The Knative `config-features` flags the GPU placement needs, on a target that runs on Knative. */
  protected gpuFeatures(workload: Workload): string[] {
    const features = new Set<string>();
    for (const gpu of [workload.gpu, workload.transformerGpu]) {
      if (!gpu) continue;
      if (gpu.nodeSelection === GpuNodeSelection.NODE_SELECTOR) features.add('kubernetes.podspec-nodeselector');
      if (gpu.nodeSelection === GpuNodeSelection.REQUIRED_AFFINITY || gpu.nodeSelection === GpuNodeSelection.PREFERRED_AFFINITY) {
        features.add('kubernetes.podspec-affinity');
      }
      if (gpu.tolerations.length > 0) features.add('kubernetes.podspec-tolerations');
    }
    return [...features];
  }

  /**
   * The flags of the cache wait on Knative: init containers, and a PVC volume for the claim
   * (knative/serving k8s_validation.go: `validateInitContainers`, `validatePersistentVolumeClaims`).
   */
  protected cacheWaitFeatures(workload: Workload): string[] {
    return workload.cacheWait && this.hasInitContainers
      ? ['kubernetes.podspec-init-containers', 'kubernetes.podspec-persistent-volume-claim'] : [];
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering shared by the targets

  /** GPU types and regions as required or preferred node affinity. */
  protected affinity(gpu: GpuPlacement | undefined): AffinityJson | undefined {
    return gpuAffinity(gpu);
  }

  /** One GPU type (and region) as a node selector. */
  protected nodeSelector(gpu: GpuPlacement | undefined): Record<string, string> | undefined {
    return gpuNodeSelector(gpu);
  }

  protected tolerations(gpu: GpuPlacement | undefined): TolerationJson[] | undefined {
    return gpuTolerations(gpu);
  }

  /** `env` and then `secretEnv`, each in an order independent of how the map was filled (orderedEnv). */
  protected env(workload: Workload): EnvVarJson[] | undefined {
    const env: EnvVarJson[] = [
      ...orderedEnv(workload.env).map(([name, value]) => ({ name, value })),
      ...Object.entries(workload.secretEnv).sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key, optional: ref.optional } } })),
    ];
    return env.length > 0 ? env : undefined;
  }

  protected serverResources(workload: Workload): ResourceRequirementsJson {
    return renderResources(workload.resources, workload.gpu);
  }

  /** The model server's own container, its args defaulted from the service's `args`. */
  protected customContainer(workload: Workload, container: ServingContainer, extraEnv: EnvVarJson[] = []): ContainerJson {
    const env = [...(this.env(workload) ?? []), ...extraEnv];
    const port = container.port ?? DEFAULT_PORT;
    return {
      name: container.name ?? this.api.containerName,
      image: container.image,
      command: container.command,
      args: container.args ?? workload.args,
      env: env.length > 0 ? env : undefined,
      ports: [{ containerPort: port, protocol: 'TCP' }],
      resources: this.serverResources(workload),
      securityContext: workload.security._containerSecurityContext(),
      ...renderProbes(workload.probes, port),
      volumeMounts: this.sharedMemoryMounts(workload),
    };
  }

  /** /dev/shm in the server's container, with a memory-backed volume. */
  /** The memory-backed /dev/shm, on every pod of a replica that runs the server (head and workers). */
  protected sharedMemoryVolumes(workload: Workload): VolumeJson[] {
    return workload.sharedMemory ? [{ name: SHARED_MEMORY_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: quantity(workload.sharedMemory) } }] : [];
  }

  protected sharedMemoryMounts(workload: Workload): VolumeMountJson[] | undefined {
    return workload.sharedMemory ? [{ name: SHARED_MEMORY_VOLUME, mountPath: '/dev/shm' }] : undefined;
  }

  /**
   * The pod's extra volumes: the memory-backed /dev/shm (Kubernetes charges it to the container's
   * memory, which the LLM profile sized for it) and the claim the cache wait reads.
   */
  protected extraVolumes(workload: Workload): VolumeJson[] {
    const volumes: VolumeJson[] = this.sharedMemoryVolumes(workload);
    if (workload.cacheWait && this.hasInitContainers) volumes.push(cacheWaitVolume(workload.cacheWait));
    return volumes;
  }

  /** The init container that waits for the ModelCache, mounting `volumeName`. */
  protected initContainers(workload: Workload, volumeName: string = CACHE_WAIT_NAME): ContainerJson[] | undefined {
    return workload.cacheWait && this.hasInitContainers ? [cacheWaitContainer(workload.cacheWait, volumeName, workload.security)] : undefined;
  }

  /** The transformer's container. */
  protected transformerContainer(workload: Workload): ContainerJson | undefined {
    const transformer = workload.transformer;
    if (!transformer) return undefined;
    const port = transformer.container.port ?? DEFAULT_PORT;
    return {
      name: this.api.containerName,
      image: transformer.container.image,
      command: transformer.container.command,
      args: transformer.container.args,
      env: transformer.env && Object.keys(transformer.env).length > 0
        ? orderedEnv(transformer.env).map(([name, value]) => ({ name, value })) : undefined,
      ports: [{ containerPort: port, protocol: 'TCP' }],
      resources: renderResources(transformer.resources, workload.transformerGpu),
      securityContext: workload.security._containerSecurityContext(),
      ...renderProbes(transformer.probes ?? {}, port),
    };
  }

  /** `STORAGE_URI` for a custom container, which has no storage initializer field. */
  protected storageUriEnv(workload: Workload): EnvVarJson[] {
    return workload.model ? [{ name: 'STORAGE_URI', value: workload.model.uri }] : [];
  }

  /** Every runtime check of the InferenceService APIs: a format or a container, and a model. */
  protected checkPredictorImplementation(workload: Workload, problems: Problems): void {
    if (workload.container && workload.modelFormat) {
      problems.add('modelFormat', workload.modelFormat.name, 'a predictor has exactly one implementation: a model format or a custom container', 'Give modelFormat or container, not both');
    } else if (!workload.container && !workload.modelFormat) {
      problems.add('modelFormat', undefined, 'a predictor needs a model format or a custom container', 'Give modelFormat (for example ModelFormat.HUGGINGFACE) or container');
    }
    if (workload.container) {
      for (const [prop, value] of [['runtime', workload.runtime], ['runtimeVersion', workload.runtimeVersion], ['protocolVersion', workload.protocolVersion]] as const) {
        if (value !== undefined) problems.add(prop, value, 'applies to a runtime, not to a custom container', `Remove ${prop}`);
      }
    }
  }

  protected checkModelPresent(workload: Workload, problems: Problems): void {
    if (!workload.model) problems.add('model', undefined, 'a runtime predictor needs a model source', 'Give model: ModelSource.fromS3(...) or another source');
  }

  /** Framework predictors (KFServing): tensorflow and pytorch versions carry "-gpu" exactly when a GPU is requested. */
  protected checkFrameworkVersion(workload: Workload, format: ModelFormat, problems: Problems): void {
    const version = workload.runtimeVersion;
    if (!version || (format.framework !== 'tensorflow' && format.framework !== 'pytorch')) return;
    const hasGpu = workload.gpu !== undefined;
    if (version.includes('-gpu') !== hasGpu) {
      problems.add('runtimeVersion', version, hasGpu ? 'a GPU is requested, so the version must be a -gpu image' : 'no GPU is requested, so the version must not be a -gpu image',
        hasGpu ? `Use "${version}-gpu"` : 'Remove the -gpu suffix');
    }
  }
}

/**
 * Requests and limits are both always written: KServe's webhook fills a missing one from its
 * cluster defaults (1 CPU, 2Gi), which can leave a limit below the request. GPUs are an extended
 * resource: limits decide, and requests must equal them.
 */
export function renderResources(resources: ContainerResources | undefined, gpu: Pick<GpuPlacement, 'count' | 'types'> | undefined): ResourceRequirementsJson {
  const cpu = resources?.cpu;
  const memory = resources?.memory;
  const memoryRequest = memory?.request ?? memory?.limit;
  const memoryLimit = memory?.limit ?? memory?.request;
  const requests: Record<string, string> = {
    cpu: (cpu?.request ?? cpu?.limit)?.amount ?? DEFAULT_CPU,
    memory: memoryRequest ? quantity(memoryRequest) : DEFAULT_MEMORY,
  };
  const limits: Record<string, string> = {
    cpu: (cpu?.limit ?? cpu?.request)?.amount ?? DEFAULT_CPU,
    memory: memoryLimit ? quantity(memoryLimit) : DEFAULT_MEMORY,
  };
  if (resources?.ephemeralStorage?.request) requests['ephemeral-storage'] = quantity(resources.ephemeralStorage.request);
  if (resources?.ephemeralStorage?.limit) limits['ephemeral-storage'] = quantity(resources.ephemeralStorage.limit);
  if (gpu && gpu.count > 0) {
    // GPUs by count only: any type of NVIDIA's device plugin.
    const resourceName = gpu.types[0]?.resourceName ?? NVIDIA_GPU_RESOURCE;
    requests[resourceName] = String(gpu.count);
    limits[resourceName] = String(gpu.count);
  }
  return { requests, limits };
}

/** A container's probes, each probing `serverPort` unless it names its own. */
export function renderProbes(probes: ServingProbes, serverPort: number): Pick<ContainerJson, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
  const { readiness, liveness, startup } = probes;
  return {
    readinessProbe: readiness?._render(serverPort), livenessProbe: liveness?._render(serverPort), startupProbe: startup?._render(serverPort),
  };
}
