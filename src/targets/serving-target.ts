/**
 * What a serving API owns: which props it accepts (its rules and messages), how its objects are
 * named (the length budget), and how the resolved workload renders into its object. One subclass
 * per API; `InferenceService` picks one through the registry and never branches on the API.
 * Internal. docs/architecture.md shows how to add one.
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ReservedObject } from '../_app-checks';
import { Problems } from '../_errors';
import { orderedEnv, quantity } from '../_format';
import { NVIDIA_GPU_RESOURCE } from '../_gpu-resources';
import { AffinityJson, ContainerJson, EnvVarJson, NodeSelectorRequirementJson, ResourceRequirementsJson, TolerationJson } from '../_k8s-json';
import { GpuNodeSelection, GpuProvider, GpuType } from '../gpu';
import { ServingContainer } from '../inference-service-props';
import { ModelFormat } from '../model-format';
import { ModelSourceKind } from '../model-source';
import { renderTolerations } from '../scheduling';
import { DeploymentMode, ServingApi } from '../serving-api';
import { Bindings, GpuPlacement, Workload } from './_workload';

const DEFAULT_PORT = 8080;
/** KServe's own defaults, written explicitly (renderResources). */
const DEFAULT_CPU = '1';
const DEFAULT_MEMORY = '2Gi';

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

  /**
   * Objects the API's controllers create for the service under names derived from its name, which
   * no construct of the app may write (checked once per synth across the app).
   */
  public abstract reservedObjects(workload: Workload): ReservedObject[];

  /** Annotations the target writes on the object itself (the user's may not contradict them). */
  public abstract objectAnnotations(workload: Workload): Record<string, string>;

  /** Creates the object in `scope` (id `Resource`), its spec rendered at synth. */
  public abstract render(scope: Construct, workload: Workload, bindings: Bindings, metadata: ApiObjectMetadata): ApiObject;

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
        ? orderedEnv(transformer.env).map(([name, value]) => ({ name, value })) : undefined,
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
