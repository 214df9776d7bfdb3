/**
 * What a serving API owns: which props it accepts (its rules and messages), how its objects are
 * named (the length budget), and how the resolved workload renders into its object. One subclass
 * per API; `InferenceService` picks one through the registry and never branches on the API.
 * Internal. docs/architecture.md shows how to add one.
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { memberPath, Problems } from '../_errors';
import { quantity } from '../_format';
import { NVIDIA_GPU_RESOURCE } from '../_gpu-resources';
import { AffinityJson, ContainerJson, EnvVarJson, NodeSelectorRequirementJson, ResourceRequirementsJson, TolerationJson } from '../_k8s-json';
import { AUTOSCALING_PREFIX, knativeAnnotationProblems } from '../_knative-annotations';
import { GpuNodeSelection, GpuProvider, GpuType } from '../gpu';
import { ServingContainer } from '../inference-service-props';
import { ModelFormat } from '../model-format';
import { ModelSourceKind } from '../model-source';
import { renderTolerations } from '../scheduling';
import { DeploymentMode, ServingApi } from '../serving-api';
import { Bindings, GpuPlacement, Workload } from './_workload';

const DEFAULT_PORT = 8080;

/**
 * What Knative reserves in a revision's containers, which it rejects (knative/serving
 * pkg/apis/serving/k8s_validation.go, `reservedEnvVars` and `reservedPorts`): the variables of its
 * runtime contract, and the ports of the queue-proxy sidecar (knative.dev/networking
 * pkg/apis/networking/register.go: BackendHTTPPort 8012, BackendHTTP2Port 8013, BackendHTTPSPort
 * 8112, QueueAdminPort 8022, AutoscalingQueueMetricsPort 9090, UserQueueMetricsPort 9091) and of
 * profiling (knative.dev/pkg/profiling: ProfilingPort 8008).
 */
const KNATIVE_RESERVED_ENV: readonly string[] = ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];
const KNATIVE_RESERVED_PORTS: readonly number[] = [8008, 8012, 8013, 8022, 8112, 9090, 9091];
/** KServe's own defaults, written explicitly (renderResources). */
const DEFAULT_CPU = '1';
const DEFAULT_MEMORY = '2Gi';

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

  /**
   * The longest service name whose derived child names still fit, and the longest child name for
   * the message.
   */
  public abstract nameBudget(workload: Pick<Workload, 'deploymentMode' | 'namespace' | 'transformer'>): number;
  public abstract longestChildName(workload: Workload): string;

  /** deploymentMode and kserveVersion: only the KServe API has them. */
  public checkApiOptions(workload: Workload, problems: Problems): void {
    if (this.hasDeploymentModes) return;
    if (workload.deploymentModeGiven) {
      problems.add('deploymentMode', workload.deploymentMode, `only the KServe API has deployment modes; ${this.api} always runs on Knative`, 'Remove deploymentMode');
    }
    if (workload.kserveVersionGiven) {
      problems.add('kserveVersion', workload.kserveVersion.toString(), `applies to the KServe API only, not ${this.api}`, 'Remove kserveVersion');
    }
  }

  /** What serves the model: a runtime by format, or a custom container. */
  public abstract checkServer(workload: Workload, problems: Problems): void;

  /** The KServe release that reads the source's scheme (KServe only). */
  public checkSourceVersion(_workload: Workload, _problems: Problems): void {}

  /**
   * The node selection that needs the fewest cluster feature flags: none without types, required
   * affinity otherwise (several types and regions fit one term; Knative needs one flag for it, as
   * for a node selector).
   */
  public defaultNodeSelection(types: GpuType[], _provider: GpuProvider, _regions: string[], _mode: DeploymentMode): GpuNodeSelection {
    return types.length === 0 ? GpuNodeSelection.NONE : GpuNodeSelection.REQUIRED_AFFINITY;
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
   * The user's `autoscaling.knative.dev/*` annotations: InferenceService APIs copy the object's
   * annotations onto the Knative revision, where Knative checks them as it checks the library's own;
   * without a revision (KServe Standard mode) they do nothing.
   */
  public checkUserAnnotations(workload: Workload, annotations: Record<string, string>, problems: Problems): void {
    const autoscaling = autoscalingAnnotations(annotations);
    if (autoscaling.length === 0) return;
    if (!this.runsOnKnative(workload)) {
      for (const [key, value] of autoscaling) {
        problems.add(memberPath('metadata.annotations', key), value, 'does nothing in KServe Standard mode, where no Knative revision exists',
          'Remove it, or use DeploymentMode.KNATIVE');
      }
      return;
    }
    knativeAnnotationProblems(problems, { ...workload.autoscaling.revisionAnnotations, ...Object.fromEntries(autoscaling) });
  }

  /** Whether the API has a request timeout. */
  public checkTimeout(_workload: Workload, _problems: Problems): void {}

  /** Whether the API has a transformer component. */
  public checkTransformer(_workload: Workload, _problems: Problems): void {}

  /** Knative `config-features` flags the pods need. */
  public abstract knativeFeatures(workload: Workload): string[];

  /** Settings KServe reads from the credentials Secret, as annotations of this API's prefix. */
  public credentialsAnnotationPrefix(): string | undefined {
    return this.api.annotationPrefix;
  }

  /** Annotations the target writes on the object itself (the user's may not contradict them). */
  public abstract objectAnnotations(workload: Workload): Record<string, string>;

  /** Creates the object in `scope` (id `Resource`), its spec rendered at synth. */
  public abstract render(scope: Construct, workload: Workload, bindings: Bindings, metadata: ApiObjectMetadata): ApiObject;

  /** The Knative `config-features` flags the GPU placement needs, on a target that runs on Knative. */
  protected gpuFeatures(workload: Workload): string[] {
    const gpu = workload.gpu;
    if (!gpu) return [];
    const features: string[] = [];
    if (gpu.nodeSelection === GpuNodeSelection.NODE_SELECTOR) features.push('kubernetes.podspec-nodeselector');
    if (gpu.nodeSelection === GpuNodeSelection.REQUIRED_AFFINITY || gpu.nodeSelection === GpuNodeSelection.PREFERRED_AFFINITY) {
      features.push('kubernetes.podspec-affinity');
    }
    if (gpu.tolerations.length > 0) features.push('kubernetes.podspec-tolerations');
    return features;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering shared by the targets

  /** GPU types and regions as required or preferred node affinity. */
  protected affinity(workload: Workload): AffinityJson | undefined {
    const gpu = workload.gpu;
    const selection = gpu?.nodeSelection;
    if (!gpu || (selection !== GpuNodeSelection.REQUIRED_AFFINITY && selection !== GpuNodeSelection.PREFERRED_AFFINITY)) return undefined;
    const provider = gpu.provider;
    const matchExpressions: NodeSelectorRequirementJson[] = [
      { key: provider.labelKey, operator: 'In', values: gpu.types.map((t) => provider.labelValueOf(t)!) },
    ];
    if (gpu.regions.length > 0) matchExpressions.push({ key: provider.regionLabel, operator: 'In', values: [...gpu.regions] });
    return selection === GpuNodeSelection.REQUIRED_AFFINITY
      ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } }
      : { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions } }] } };
  }

  /** One GPU type (and region) as a node selector. */
  protected nodeSelector(workload: Workload): Record<string, string> | undefined {
    const gpu = workload.gpu;
    if (!gpu || gpu.nodeSelection !== GpuNodeSelection.NODE_SELECTOR) return undefined;
    const selector: Record<string, string> = { [gpu.provider.labelKey]: gpu.provider.labelValueOf(gpu.types[0])! };
    if (gpu.regions.length > 0) selector[gpu.provider.regionLabel] = gpu.regions[0];
    return selector;
  }

  protected tolerations(workload: Workload): TolerationJson[] | undefined {
    const tolerations = workload.gpu?.tolerations;
    return tolerations && tolerations.length > 0 ? renderTolerations(tolerations) : undefined;
  }

  protected env(workload: Workload): EnvVarJson[] | undefined {
    const env: EnvVarJson[] = [
      ...Object.entries(workload.env).map(([name, value]) => ({ name, value })),
      ...Object.entries(workload.secretEnv)
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
    return {
      name: this.api.containerName,
      image: container.image,
      command: container.command,
      args: container.args ?? workload.args,
      env: env.length > 0 ? env : undefined,
      ports: [{ containerPort: container.port ?? DEFAULT_PORT, protocol: 'TCP' }],
      resources: this.serverResources(workload),
      securityContext: workload.security._containerSecurityContext(),
    };
  }

  /** The transformer's container. */
  protected transformerContainer(workload: Workload): ContainerJson | undefined {
    const transformer = workload.transformer;
    if (!transformer) return undefined;
    return {
      name: this.api.containerName,
      image: transformer.container.image,
      command: transformer.container.command,
      args: transformer.container.args,
      env: transformer.env && Object.keys(transformer.env).length > 0
        ? Object.entries(transformer.env).map(([name, value]) => ({ name, value })) : undefined,
      ports: [{ containerPort: transformer.container.port ?? DEFAULT_PORT, protocol: 'TCP' }],
      resources: renderResources(transformer.resources, undefined),
      securityContext: workload.security._containerSecurityContext(),
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
