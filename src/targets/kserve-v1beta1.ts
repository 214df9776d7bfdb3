/**
 * KServe `serving.kserve.io/v1beta1` InferenceService, in Knative or Standard mode. KFServing's
 * `serving.kubeflow.org/v1beta1` has the same shape and extends this target
 * (kfserving-v1beta1.ts).
 */
import { ReservedObject } from '../_app-checks';
import { checkCustomScaleTarget, checkKServeScaleMetric, KServeScaler } from '../_autoscaler-config-checks';
import { memberPath, Problems } from '../_errors';
import { NVIDIA_GPU_RESOURCE } from '../_gpu-resources';
import { renderHpaBehavior } from '../_hpa-behavior';
import { checkPodMetric, checkResourceMetric } from '../_keda-checks';
import { isScaleBoundKey, KNATIVE_KEYS } from '../_knative-annotations';
import { AUTOSCALER_CLASS_ANNOTATION, KServeAutoScalingJson, KServeComponentJson, KServeMetricJson, KServeInferenceServiceSpecJson, KServeModelJson, KServePredictorJson, KServeWorkerSpecJson } from '../_kserve-l1';
import { AutoscalerConfig, ServingComponent } from '../autoscaler';
import { GpuNodeSelection, GpuProvider, GpuType } from '../gpu';
import { ModelFormat } from '../model-format';
import { ModelSourceKind } from '../model-source';
import { AutoscalerClass, ScalingMetric } from '../scaling-metric';
import { DeploymentMode, KServeVersion, ServingApi } from '../serving-api';
import { StandardAutoscalerClass } from '../standard-mode-autoscaler';
import { Bindings, NamePlacement, Workload } from './_workload';
import { autoscalingAnnotations, renderProbes, renderResources, RUNTIME_PORT, ServingTarget } from './serving-target';

/** Knative: `{name}-{component}-00001-private` must be a DNS label (63). */
const KNATIVE_CHILD_SUFFIX = { predictor: '-predictor-00001-private', transformer: '-transformer-00001-private' };
/** Standard mode: `{name}-{component}-{namespace}` is a host label (63). */
const STANDARD_CHILD_SUFFIX = { predictor: '-predictor-', transformer: '-transformer-' };
/**
 * Component `labels` and `annotations`, which KServe puts over the InferenceService's on that
 * component's pods and revision (kserve/kserve#2925, released in 0.11; components/transformer.go).
 */
const COMPONENT_ANNOTATIONS_SINCE = KServeVersion.of('0.11');
/** The OpenTelemetry Operator's pod annotation that injects a sidecar-mode collector by name. */
const OTEL_SIDECAR_ANNOTATION = 'sidecar.opentelemetry.io/inject';
/**
 * The port KServe's OpenTelemetryCollector scrapes on `localhost`, and the port it takes without
 * the annotation (kserve/kserve@v0.20.0
 * pkg/controller/v1beta1/inferenceservice/reconcilers/otel/otel_reconciler.go, createOtelCollector:
 * `AnnotationPrometheusPort`, `DefaultPrometheusPort`).
 */
const PROMETHEUS_PORT_ANNOTATION = 'prometheus.kserve.io/port';
const OTEL_DEFAULT_SCRAPE_PORT = 8080;
/** KServe's name of the worker pods' container (pkg/constants WorkerContainerName). */
const WORKER_CONTAINER = 'worker-container';
/** What KServe sets from workerSpec and refuses in the head's environment (validateMultiNodeVariables). */
const MULTI_NODE_SIZE_ENV = ['PIPELINE_PARALLEL_SIZE', 'TENSOR_PARALLEL_SIZE'];
const MAX_INT32 = 2147483647;
/** KServe 0.11 names a component `{name}-{component}`, without the `-default` of earlier releases (kserve/kserve#2508). */
const WITHOUT_DEFAULT_SUFFIX = KServeVersion.of('0.11');

export class KServeV1beta1Target extends ServingTarget {
  public readonly api: ServingApi = ServingApi.KSERVE_V1BETA1;
  public readonly sourceKinds: readonly ModelSourceKind[] = Object.values(ModelSourceKind);
  public readonly hasDeploymentModes: boolean = true;
  public readonly hasInitContainers: boolean = true;
  protected readonly withComponentAnnotations: string = `kserveVersion ${COMPONENT_ANNOTATIONS_SINCE} or newer`;
  /** The controller that creates the components' objects, for messages. */
  protected readonly controller: string = 'KServe';

  public nameBudget(workload: NamePlacement): number {
    const component = workload.transformer ? 'transformer' : 'predictor';
    const suffix = this.componentSuffix(workload).length;
    if (workload.deploymentMode === DeploymentMode.STANDARD) {
      return 63 - STANDARD_CHILD_SUFFIX[component].length - suffix - (workload.namespace?.length ?? 0);
    }
    return 63 - KNATIVE_CHILD_SUFFIX[component].length - suffix;
  }

  public longestChildName(workload: Workload): string {
    const component = `${workload.transformer ? 'transformer' : 'predictor'}${this.componentSuffix(workload)}`;
    return workload.deploymentMode === DeploymentMode.STANDARD
      ? `${workload.name}-${component}-${workload.namespace ?? ''}`
      : `${workload.name}-${component}-00001-private`;
  }

  public checkServer(workload: Workload, problems: Problems): void {
    this.checkPredictorImplementation(workload, problems);
    const format = workload.modelFormat;
    if (!format || workload.container) return;
    if (format === ModelFormat.HUGGINGFACE && !workload.kserveVersion.isAtLeast(KServeVersion.V0_12)) {
      problems.add('modelFormat', format.name, `the Hugging Face runtime exists from KServe 0.12; kserveVersion is ${workload.kserveVersion}`, 'Use a custom container or a newer KServe');
    }
    this.checkModelPresent(workload, problems);
  }

  public checkSourceVersion(workload: Workload, problems: Problems): void {
    const source = workload.model;
    const since = source?.kserveSince;
    if (source && since && !workload.kserveVersion.isAtLeast(since)) {
      problems.add('model', source.uri, `KServe reads ${source.kind}:// from ${since}; kserveVersion is ${workload.kserveVersion}`, 'Use another source or a newer KServe');
    }
  }

  public checkCanary(workload: Workload, problems: Problems): void {
    const canary = workload.canary!;
    this.checkNoStableModel(workload, problems);
    if (workload.deploymentMode === DeploymentMode.STANDARD) {
      problems.add('canary', canary.trafficPercent, 'KServe ignores canaryTrafficPercent in Standard mode (only Knative splits traffic between revisions)', 'Use DeploymentMode.KNATIVE');
    }
    if (canary.stableRevisionName !== undefined) {
      problems.add('canary.stableRevisionName', canary.stableRevisionName, 'InferenceService APIs track the stable revision themselves', 'Remove stableRevisionName');
    }
  }

  /**
   * KServe's rules for `workerSpec` (pkg/apis/serving/v1beta1/inference_service_validation.go,
   * validateMultiNodeVariables; the multi-node vLLM guide: Standard mode only, no autoscaler, a
   * PVC or OCI model, the sizes given in workerSpec and not as environment variables). Each pod
   * gets `tensorParallelSize` GPUs.
   */
  public checkMultiNode(workload: Workload, problems: Problems): void {
    if (!this.hasDeploymentModes) return super.checkMultiNode(workload, problems);
    const multiNode = workload.multiNode!;
    if (workload.deploymentMode !== DeploymentMode.STANDARD) {
      problems.add('deploymentMode', workload.deploymentMode, 'KServe runs multi-node predictors in Standard mode only', 'Use DeploymentMode.STANDARD');
    }
    if (workload.container) {
      problems.add('container', workload.container.image, 'a multi-node predictor runs the head and workers of a ServingRuntime with a worker spec',
        'Use modelFormat (ModelFormat.HUGGINGFACE with KServe\'s vLLM multi-node runtime) instead of a custom container');
    }
    const source = workload.model;
    if (source && source.kind !== ModelSourceKind.PVC && source.kind !== ModelSourceKind.OCI) {
      problems.add('model', source.uri, 'KServe reads the model of a multi-node predictor only from pvc:// or oci://, which every pod mounts',
        'Put the model on a ReadWriteMany PVC (a ModelCache) or in an OCI image');
    }
    for (const name of MULTI_NODE_SIZE_ENV) {
      if (Object.prototype.hasOwnProperty.call(workload.env, name)) {
        problems.add('env', name, 'KServe refuses the parallel sizes as environment variables of a multi-node predictor', 'Give them in multiNode instead');
      }
    }
    const pipeline = multiNode.pipelineParallelSize;
    if (!(Number.isInteger(pipeline) && pipeline >= 2 && pipeline <= MAX_INT32)) {
      problems.add('multiNode.pipelineParallelSize', pipeline, 'must be a whole number of at least 2: the head and at least one worker', 'Use a single-node predictor for one pod');
    }
    const tensor = multiNode.tensorParallelSize;
    if (tensor !== undefined && !(Number.isInteger(tensor) && tensor >= 1 && tensor <= MAX_INT32)) {
      problems.add('multiNode.tensorParallelSize', tensor, 'must be a whole number of at least 1 (KServe)');
    }
    const gpu = workload.gpu;
    if (!gpu) {
      problems.add('gpu', undefined, 'a multi-node predictor splits the model over the GPUs of its pods', 'Give gpu with the GPUs of each pod');
    } else if (tensor !== undefined && tensor !== gpu.count) {
      problems.add('multiNode.tensorParallelSize', tensor, `is the GPUs of each pod, and gpu.count is ${gpu.count}`, 'Give the same number, or leave tensorParallelSize out');
    }
    const replicas = multiNode.replicas;
    if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1 && replicas <= MAX_INT32)) {
      problems.add('multiNode.replicas', replicas, 'must be a whole number of at least 1');
    }
    const autoscalerClass = workload.autoscaling.objectAnnotations?.[AUTOSCALER_CLASS_ANNOTATION];
    if (autoscalerClass !== StandardAutoscalerClass.NONE) {
      problems.add('autoscaling', `autoscalerClass ${autoscalerClass}`, 'KServe refuses a multi-node predictor unless its autoscalerClass is none',
        'Remove autoscaling, and give the replicas in multiNode.replicas');
    }
  }

  /** One NVIDIA type on GKE: KServe's accelerator annotation needs no Knative feature flag. */
  public defaultNodeSelection(types: GpuType[], provider: GpuProvider, regions: string[], mode: DeploymentMode): GpuNodeSelection {
    return types.length === 1 && provider === GpuProvider.GKE && regions.length === 0 && types[0].resourceName === NVIDIA_GPU_RESOURCE
      ? GpuNodeSelection.ACCELERATOR_ANNOTATION : super.defaultNodeSelection(types, provider, regions, mode);
  }

  /** KServe's pod webhook writes the GKE label, and only for NVIDIA's resource (accelerator_injector.go). */
  public checkGpu(workload: Workload, problems: Problems): void {
    const gpu = workload.gpu!;
    if (gpu.nodeSelection !== GpuNodeSelection.ACCELERATOR_ANNOTATION) return;
    if (gpu.provider !== GpuProvider.GKE) {
      problems.add('gpu.nodeSelection', gpu.nodeSelection, `KServe turns the annotation into the cloud.google.com/gke-accelerator node selector, and the ${gpu.provider.kind} provider labels its nodes with ${gpu.provider.labelKey}`,
        'Use GpuProvider.GKE, or GpuNodeSelection.NODE_SELECTOR');
    }
    if (gpu.types.some((t) => t.resourceName !== NVIDIA_GPU_RESOURCE)) {
      problems.add('gpu.nodeSelection', gpu.nodeSelection, `KServe reads the annotation only for pods that request ${NVIDIA_GPU_RESOURCE}`, 'Use GpuNodeSelection.NODE_SELECTOR');
    }
  }

  public runsOnKnative(workload: Pick<Workload, 'deploymentMode'>): boolean {
    return workload.deploymentMode === DeploymentMode.KNATIVE;
  }

  /**
   * KServe drops a user's min-scale and max-scale (both spellings) from what it copies to the
   * revision, and writes its own from minReplicas and maxReplicas (kserve/kserve
   * pkg/constants/constants.go@v0.20.0, ServiceAnnotationDisallowedList). A component that scales
   * on OpenTelemetry metrics gets its own sidecar annotation, and the port its collector scrapes
   * where its server listens on another port than 8080: KServe puts a component's annotations over
   * the InferenceService's (components/predictor.go buildObjectMeta, transformer.go), so a
   * user's that says otherwise would be overruled.
   */
  public checkUserAnnotations(workload: Workload, annotations: Record<string, string>, problems: Problems): void {
    const injected = annotations[OTEL_SIDECAR_ANNOTATION];
    const scraped = annotations[PROMETHEUS_PORT_ANNOTATION];
    for (const [component, own] of Object.entries(this.otelAnnotations(workload))) {
      const sidecar = own[OTEL_SIDECAR_ANNOTATION];
      if (injected !== undefined && injected !== sidecar) {
        problems.add(memberPath('metadata.annotations', OTEL_SIDECAR_ANNOTATION), injected,
          `the ${component} scales on OpenTelemetry metrics, so its pods inject ${sidecar}, the OpenTelemetryCollector KServe creates for it, over this annotation`,
          'Remove the annotation: the library writes it on each component that scales on KedaMetric.openTelemetry()');
      }
      const port = own[PROMETHEUS_PORT_ANNOTATION];
      if (port !== undefined && scraped !== undefined && scraped !== port) {
        problems.add(memberPath('metadata.annotations', PROMETHEUS_PORT_ANNOTATION), scraped,
          `the ${component} scales on OpenTelemetry metrics and its server listens on port ${port}, so the library writes ${port} over this annotation `
            + `on the ${component}, the port KServe's OpenTelemetryCollector scrapes`,
          `Remove the annotation, or give "${port}": the library writes the container's port on each component that scales on KedaMetric.openTelemetry()`);
      }
    }
    if (this.runsOnKnative(workload)) {
      for (const [key, value] of autoscalingAnnotations(annotations).filter(([k]) => isScaleBoundKey(k))) {
        problems.add(memberPath('metadata.annotations', key), value, 'KServe removes min-scale and max-scale from the annotations it copies to the Knative revision',
          'Set minReplicas or maxReplicas on the service\'s GpuAutoscalingPolicy instead');
      }
    }
    super.checkUserAnnotations(workload, annotations, problems);
  }

  /**
   * Besides the shared rules: under KEDA every component needs metrics, because KServe creates a
   * ScaledObject per component and KEDA refuses one without triggers.
   */
  public checkTransformer(workload: Workload, problems: Problems): void {
    super.checkTransformer(workload, problems);
    const transformerScaling = workload.transformerAutoscaling;
    if (scalesWithKeda(workload) && !hasMetrics(transformerScaling)) {
      problems.add('transformer.autoscaling', transformerScaling && '0 metrics', 'the predictor scales with KEDA, and KServe gives the transformer a KEDA ScaledObject too, which needs metrics of its own',
        'Give transformer.autoscaling a StandardModeAutoscaler.keda() on the transformer\'s CPU (KedaMetric.cpu()) or a query of its own');
    }
  }

  /** Besides the shared rules: a custom autoscaler's Resource metrics, as the CRD and KServe's webhook take them. */
  public checkAutoscaling(workload: Workload, problems: Problems): void {
    super.checkAutoscaling(workload, problems);
    if (!this.acceptsAutoScalingMetrics(workload)) return;
    // The InferenceService's class applies to every component (checkTransformer refuses another).
    const keda = scalesWithKeda(workload);
    // StandardModeAutoscaler.keda() needs a metric; an autoscaler of your own may give none (the transformer: checkTransformer).
    if (keda && !hasMetrics(workload.autoscaling)) {
      problems.add('autoscaling', '0 metrics', 'KServe turns autoScaling.metrics into the triggers of the predictor\'s KEDA ScaledObject, and KEDA needs one',
        'Return externalMetrics, resourceMetrics or podMetrics from the autoscaler\'s bind(), or use StandardModeAutoscaler.keda()');
    }
    const components = [
      ['autoscaling', workload.autoscaling, workload.customAutoscaling],
      ['transformer.autoscaling', workload.transformerAutoscaling, workload.customTransformerAutoscaling],
    ] as const;
    for (const [prop, config, custom] of components) {
      (config?.resourceMetrics ?? []).forEach((metric, i) => checkResourceMetric(problems, `${prop}.resourceMetrics[${i}]`, metric, keda));
      // KedaMetric.openTelemetry() checks its props when built.
      if (custom) (config?.podMetrics ?? []).forEach((metric, i) => checkPodMetric(problems, `${prop}.podMetrics[${i}]`, metric));
    }
  }

  /**
   * Besides the shared ranges: `scaleTarget` and `scaleMetric`, as Knative and KServe take them.
   * KServe's webhook validates a component by the InferenceService's class, in Standard mode
   * `serving.kserve.io/autoscalerClass` and on Knative `autoscaling.knative.dev/class`
   * (validateAutoScalingCompExtension), under an HPA with cpu as the metric unless another is given
   * (validateScalingHPACompExtension). On Knative, KServe writes min-scale and max-scale from the
   * typed replicas and drops the annotations' (ServiceAnnotationDisallowedList), as for the user's.
   */
  protected checkCustomAutoscaler(workload: Workload, prop: string, config: AutoscalerConfig, problems: Problems): void {
    super.checkCustomAutoscaler(workload, prop, config, problems);
    if (this.runsOnKnative(workload)) {
      for (const [key, value] of autoscalingAnnotations(config.revisionAnnotations ?? {}).filter(([k]) => isScaleBoundKey(k))) {
        problems.add(memberPath(`${prop}.revisionAnnotations`, key), value, 'KServe removes min-scale and max-scale from the annotations it copies to the Knative revision',
          'Return minReplicas or maxReplicas from the autoscaler\'s bind() instead');
      }
    }
    if (this.unwrittenScalingFields.includes('scaleTarget')) return;
    const scaler = kserveScaler(workload);
    const hpa = scaler === 'hpa' || scaler === 'knative-hpa';
    checkCustomScaleTarget(problems, `${prop}.scaleTarget`, config.scaleTarget, hpa ? config.scaleMetric ?? ScalingMetric.CPU : undefined);
    checkKServeScaleMetric(problems, `${prop}.scaleMetric`, config.scaleMetric, scaler);
  }

  public knativeFeatures(workload: Workload): string[] {
    return workload.deploymentMode === DeploymentMode.KNATIVE ? [...this.gpuFeatures(workload), ...this.cacheWaitFeatures(workload)] : [];
  }

  /**
   * The objects KServe creates per component (predictor, transformer), named
   * `{name}-{component}` (`PredictorServiceName`, pkg/constants/constants.go): on Knative a
   * Knative Service and its route's placeholder Service; in Standard mode a Deployment and a Service.
   */
  public reservedObjects(workload: Workload): ReservedObject[] {
    const components = workload.transformer ? ['predictor', 'transformer'] : ['predictor'];
    return components.flatMap((component) => {
      const name = this.componentName(workload, component);
      return workload.deploymentMode === DeploymentMode.STANDARD ? [
        { group: 'apps', kind: 'Deployment', name, creator: `${this.controller} creates the ${component}'s Deployment` },
        { group: '', kind: 'Service', name, creator: `${this.controller} creates the ${component}'s Service` },
      ] : this.knativeComponentObjects(this.controller, component, name);
    });
  }

  public objectAnnotations(workload: Workload): Record<string, string> {
    const annotations: Record<string, string> = {};
    this.addModeAnnotation(workload, annotations);
    if (workload.canary?.tagRouting) annotations[`${this.api.annotationPrefix}/enable-tag-routing`] = 'true';
    const gpu = workload.gpu;
    if (gpu?.nodeSelection === GpuNodeSelection.ACCELERATOR_ANNOTATION) {
      annotations[`${this.api.annotationPrefix}/gke-accelerator`] = gpu.provider.labelValueOf(gpu.types[0])!;
    }
    Object.assign(annotations, workload.autoscaling.objectAnnotations);
    // InferenceService APIs copy their annotations onto the Knative revision template.
    Object.assign(annotations, workload.autoscaling.revisionAnnotations);
    return annotations;
  }

  protected hasComponentAnnotations(workload: Workload): boolean {
    return workload.kserveVersion.isAtLeast(COMPONENT_ANNOTATIONS_SINCE);
  }

  protected withoutComponentAnnotations(workload: Workload): string {
    return `KServe ${workload.kserveVersion}`;
  }

  protected acceptsAutoScalingMetrics(workload: Workload): boolean {
    return workload.deploymentMode === DeploymentMode.STANDARD && workload.kserveVersion.isAtLeast(KServeVersion.V0_15);
  }

  protected acceptsScalingBehavior(workload: Workload): boolean {
    return workload.deploymentMode === DeploymentMode.STANDARD && workload.kserveVersion.isAtLeast(KServeVersion.V0_16);
  }

  protected withoutScalingBehavior(workload: Workload): { readonly subject: string; readonly fix?: string } {
    // In Standard mode only the release is too old: the generic fix would name the API and mode the service already has.
    return workload.deploymentMode === DeploymentMode.STANDARD
      ? { subject: `KServe ${workload.kserveVersion}`, fix: 'Use kserveVersion KServeVersion.V0_16 or newer, or leave out scaleDownStabilization and scaleUpStabilization' }
      : super.withoutScalingBehavior(workload);
  }

  /** The name of a component's objects (`PredictorServiceName`, `TransformerServiceName`, pkg/constants/constants.go). */
  private componentName(workload: Workload, component: string): string {
    return `${workload.name}-${component}${this.componentSuffix(workload)}`;
  }

  /**
   * The annotations of each component that scales on PodMetrics, for the OpenTelemetryCollector
   * KServe creates for it (otel_reconciler.go, createOtelCollector, called from
   * raw_kube_reconciler.go with the component's metadata):
   * - `sidecar.opentelemetry.io/inject`: the collector runs in sidecar mode and takes the
   *   component's name, and the OpenTelemetry Operator injects it into the pods this annotation
   *   names it on (KServe's "Autoscale InferenceService with LLM metrics" guide: `<name>-predictor`).
   * - `prometheus.kserve.io/port`: the collector scrapes `localhost:<port>` of the pod, the
   *   annotation's port or 8080 without it. KServe reads it from the component's metadata only
   *   (the ServingRuntime's, the InferenceService's and the component's annotations, the last
   *   winning: predictor.go buildObjectMeta), never from the container, so a server of your own
   *   on another port (`container.port`) gets its port written. Only then: on 8080 the default
   *   applies, and a predictor with a ServingRuntime (`modelFormat`) takes the runtime's own
   *   annotation (KServe's runtimes serve on 8080). The collector scrapes the default path,
   *   `/metrics`, where vLLM serves its metrics; KServe reads no path annotation for it.
   */
  private otelAnnotations(workload: Workload): Partial<Record<ServingComponent, Record<string, string>>> {
    if (!this.acceptsAutoScalingMetrics(workload)) return {};
    const annotations: Partial<Record<ServingComponent, Record<string, string>>> = {};
    const own = (component: ServingComponent, port: number | undefined): Record<string, string> => ({
      [OTEL_SIDECAR_ANNOTATION]: this.componentName(workload, component),
      ...(port !== undefined && port !== OTEL_DEFAULT_SCRAPE_PORT ? { [PROMETHEUS_PORT_ANNOTATION]: String(port) } : {}),
    });
    if (workload.autoscaling.podMetrics?.length) annotations[ServingComponent.PREDICTOR] = own(ServingComponent.PREDICTOR, workload.container?.port);
    if (workload.transformer && workload.transformerAutoscaling?.podMetrics?.length) {
      annotations[ServingComponent.TRANSFORMER] = own(ServingComponent.TRANSFORMER, workload.transformer.container.port);
    }
    return annotations;
  }

  /** What follows `{name}-{component}` in the name of a component's objects. */
  protected componentSuffix(workload: Pick<Workload, 'kserveVersion'>): string {
    return workload.kserveVersion.isAtLeast(WITHOUT_DEFAULT_SUFFIX) ? '' : '-default';
  }

  /** `serving.kserve.io/deploymentMode`: always written, because KServe's built-in default changed. */
  protected addModeAnnotation(workload: Workload, annotations: Record<string, string>): void {
    const modern = workload.kserveVersion.isAtLeast(KServeVersion.V0_16);
    annotations['serving.kserve.io/deploymentMode'] = workload.deploymentMode === DeploymentMode.KNATIVE
      ? (modern ? 'Knative' : 'Serverless') : (modern ? 'Standard' : 'RawDeployment');
  }

  /** The predictor's runtime implementation: `model`, with its format, on KServe. */
  protected runtimePredictor(format: ModelFormat, model: KServeModelJson): KServePredictorJson {
    const modelFormat = format.version !== undefined ? { name: format.name, version: format.version } : { name: format.name };
    return { model: { ...model, modelFormat } };
  }

  public renderSpec(workload: Workload, bindings: Bindings): KServeInferenceServiceSpecJson {
    const scaling = workload.autoscaling;
    const podSecurityContext = this.podSecurityContext(workload);
    const implementation: KServePredictorJson = workload.container
      ? { containers: [this.customContainer(workload, workload.container, this.storageUriEnv(workload))] }
      : this.runtimePredictor(workload.modelFormat!, this.renderModel(workload));
    const otel = this.otelAnnotations(workload);
    const predictor: KServePredictorJson = {
      ...scalingFields(scaling),
      annotations: otel[ServingComponent.PREDICTOR],
      timeout: workload.timeout?.toSeconds(),
      canaryTrafficPercent: workload.canary?.trafficPercent,
      serviceAccountName: bindings.serviceAccountName,
      nodeSelector: this.nodeSelector(workload.gpu),
      affinity: this.affinity(workload.gpu),
      tolerations: this.tolerations(workload.gpu),
      securityContext: podSecurityContext,
      volumes: nonEmpty(this.extraVolumes(workload)),
      initContainers: this.initContainers(workload),
      ...implementation,
      workerSpec: this.workerSpec(workload),
    };
    const container = this.transformerContainer(workload);
    if (!container) return { predictor };
    const transformerScaling = workload.transformerAutoscaling;
    // The transformer's Knative annotations: KServe puts them over the InferenceService's on its revision.
    const annotations = this.hasComponentAnnotations(workload) ? {
      ...transformerScaling?.revisionAnnotations,
      ...otel[ServingComponent.TRANSFORMER],
    } : {};
    const transformer: KServeComponentJson = {
      ...scalingFields(transformerScaling),
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      nodeSelector: this.nodeSelector(workload.transformerGpu),
      affinity: this.affinity(workload.transformerGpu),
      tolerations: this.tolerations(workload.transformerGpu),
      securityContext: podSecurityContext,
      containers: [container],
    };
    return { predictor, transformer };
  }

  /** The worker pods of a multi-node predictor: placed like the head, each with the head's GPUs. */
  private workerSpec(workload: Workload): KServeWorkerSpecJson | undefined {
    const multiNode = workload.multiNode;
    if (!multiNode) return undefined;
    return {
      pipelineParallelSize: multiNode.pipelineParallelSize,
      tensorParallelSize: multiNode.tensorParallelSize ?? workload.gpu?.count,
      nodeSelector: this.nodeSelector(workload.gpu),
      affinity: this.affinity(workload.gpu),
      tolerations: this.tolerations(workload.gpu),
      securityContext: this.podSecurityContext(workload),
      // vLLM's workers run tensor parallelism over their own GPUs: they need /dev/shm as the head does.
      volumes: nonEmpty(this.sharedMemoryVolumes(workload)),
      containers: [{
        name: WORKER_CONTAINER,
        resources: renderResources(multiNode.workerResources ?? workload.resources, workload.gpu),
        securityContext: workload.security._containerSecurityContext(),
        volumeMounts: this.sharedMemoryMounts(workload),
      }],
    };
  }

  /** The predictor's model: its runtime and storage (the format is placed by `runtimePredictor`). */
  private renderModel(workload: Workload): KServeModelJson {
    return {
      resources: this.serverResources(workload),
      runtime: workload.runtime,
      runtimeVersion: workload.runtimeVersion,
      protocolVersion: workload.protocolVersion,
      storageUri: workload.model?.uri,
      args: workload.args,
      env: this.env(workload),
      securityContext: workload.security._containerSecurityContext(),
      ...renderProbes(workload.probes, RUNTIME_PORT),
      volumeMounts: this.sharedMemoryMounts(workload),
    };
  }

  /**
   * Knative rejects pod-level security settings unless `kubernetes.podspec-securitycontext` is
   * on, so on Knative the complete profile is set per container and the pod level stays empty.
   */
  private podSecurityContext(workload: Workload) {
    return workload.deploymentMode === DeploymentMode.STANDARD ? workload.security._podSecurityContext() : undefined;
  }
}

/** Whether the InferenceService scales with KEDA: Standard mode, and the predictor's autoscaler writes class keda. */
function scalesWithKeda(workload: Workload): boolean {
  return kserveScaler(workload) === 'keda';
}

/**
 * What KServe's webhook validates the components' scaling fields against: the InferenceService's
 * class, which the predictor's autoscaler writes (checkTransformer refuses another for the transformer).
 */
function kserveScaler(workload: Workload): KServeScaler | undefined {
  if (workload.deploymentMode === DeploymentMode.KNATIVE) {
    return workload.autoscaling.revisionAnnotations?.[KNATIVE_KEYS.class[0]] === AutoscalerClass.HPA ? 'knative-hpa' : 'kpa';
  }
  const klass = workload.autoscaling.objectAnnotations?.[AUTOSCALER_CLASS_ANNOTATION];
  return klass === StandardAutoscalerClass.HPA ? 'hpa' : klass === StandardAutoscalerClass.KEDA ? 'keda' : undefined;
}

/** Whether an autoscaler gives KEDA a trigger: an autoscaler of your own may return empty lists. */
function hasMetrics(config: AutoscalerConfig | undefined): boolean {
  return Boolean(config?.externalMetrics?.length || config?.resourceMetrics?.length || config?.podMetrics?.length);
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** The typed scaling fields of a component (component.go, ComponentExtensionSpec). */
function scalingFields(scaling: AutoscalerConfig | undefined): Partial<KServeComponentJson> {
  if (!scaling) return {};
  return {
    minReplicas: scaling.minReplicas,
    maxReplicas: scaling.maxReplicas,
    scaleTarget: scaling.scaleTarget,
    scaleMetric: scaling.scaleMetric,
    containerConcurrency: scaling.containerConcurrency,
    autoScaling: renderAutoScaling(scaling),
  };
}

/**
 * KServe's `autoScaling`: the stabilization windows KServe copies into the ScaledObject's
 * `advanced.horizontalPodAutoscalerConfig.behavior` (keda_reconciler.go, createKedaScaledObject),
 * and `External` metrics with a `Value` target, which KServe's webhook requires for KEDA
 * (validateScalingKedaCompExtension) and turns into the trigger's threshold.
 */
function renderAutoScaling(scaling: AutoscalerConfig): KServeAutoScalingJson | undefined {
  const external = scaling.externalMetrics ?? [];
  const resource = scaling.resourceMetrics ?? [];
  const pod = scaling.podMetrics ?? [];
  const { scaleUpStabilizationSeconds: up, scaleDownStabilizationSeconds: down } = scaling;
  if (external.length === 0 && resource.length === 0 && pod.length === 0 && up === undefined && down === undefined) return undefined;
  const metrics: KServeMetricJson[] = [
    ...external.map((m) => ({
      type: 'External' as const,
      external: {
        metric: { backend: m.backend, serverAddress: m.serverAddress, query: m.query },
        target: { type: 'Value' as const, value: m.target },
        authenticationRef: m.authenticationRef !== undefined ? { authenticationRef: { name: m.authenticationRef } } : undefined,
      },
    })),
    // KServe's webhook needs a query and a Value target (validateScalingKedaCompExtension); its
    // reconcilers create the collector only for the opentelemetry backend with metricNames
    // (raw_kube_reconciler.go), and query it as sum(<query>{namespace,deployment}) (keda_reconciler.go).
    ...pod.map((m) => ({
      type: 'PodMetric' as const,
      podmetric: {
        metric: {
          backend: 'opentelemetry' as const, metricNames: [m.metricName], query: m.metricName, operationOverTime: m.operationOverTime, serverAddress: m.serverAddress,
        },
        target: { type: 'Value' as const, value: m.target },
      },
    })),
    // KServe's webhook takes cpu as a Utilization only, memory as a Utilization or an AverageValue.
    ...resource.map((m) => ({
      type: 'Resource' as const,
      resource: {
        name: m.resource,
        target: m.averageValue !== undefined
          ? { type: 'AverageValue' as const, averageValue: m.averageValue }
          : { type: 'Utilization' as const, averageUtilization: m.averageUtilization },
      },
    })),
  ];
  return {
    metrics: nonEmpty(metrics),
    behavior: renderHpaBehavior(up, down),
  };
}
