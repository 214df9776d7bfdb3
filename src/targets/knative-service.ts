/**
 * A plain Knative Serving `serving.knative.dev/v1` Service running a custom container: no
 * ServingRuntime, no storage initializer (a model is a mounted PVC), no transformer, and traffic
 * split by revision name.
 */
import { ReservedObject } from '../_app-checks';
import { memberPath, Problems } from '../_errors';
import { VolumeJson, VolumeMountJson } from '../_k8s-json';
import { KnativeServiceSpecJson } from '../_knative-l1';
import { isDnsLabel, isDnsSubdomain } from '../_metadata-checks';
import { ModelSourceKind } from '../model-source';
import { ServingApi } from '../serving-api';
import { Bindings, Workload } from './_workload';
import { autoscalingAnnotations, ServingTarget, UnwrittenScalingField } from './serving-target';

/** Knative Service: `{name}-00001-private`. */
const CHILD_SUFFIX = '-00001-private';
const MODEL_MOUNT_PATH = '/mnt/models';

export class KnativeServiceTarget extends ServingTarget {
  public readonly api: ServingApi = ServingApi.KNATIVE_SERVICE;
  /** A revision template has `containerConcurrency` and annotations: Knative reads the replicas, target and metric from these. */
  protected readonly unwrittenScalingFields: readonly UnwrittenScalingField[] = ['minReplicas', 'maxReplicas', 'scaleTarget', 'scaleMetric'];
  public readonly sourceKinds: readonly ModelSourceKind[] = [ModelSourceKind.PVC];
  public readonly refusesPythonPath: boolean = false;
  public readonly hasInitContainers: boolean = true;

  public nameBudget(): number {
    return 63 - CHILD_SUFFIX.length;
  }

  public longestChildName(workload: Workload): string {
    return `${workload.name}${CHILD_SUFFIX}`;
  }

  public checkServer(workload: Workload, problems: Problems): void {
    if (!workload.container) problems.add('container', undefined, 'a plain Knative Service runs a custom container', 'Give container: { image }');
    const runtimeProps = [['modelFormat', workload.modelFormat?.name], ['runtime', workload.runtime], ['runtimeVersion', workload.runtimeVersion],
      ['protocolVersion', workload.protocolVersion]] as const;
    for (const [prop, value] of runtimeProps) {
      if (value !== undefined) problems.add(prop, value, 'a plain Knative Service has no ServingRuntime', `Remove ${prop}, or use ServingApi.KSERVE_V1BETA1`);
    }
  }

  /** Knative reserves `queue-proxy` for its sidecar (k8s_validation.go, reservedContainerNames). */
  public checkContainerName(problems: Problems, prop: string, name: string | undefined): void {
    if (name === undefined) return;
    if (!isDnsLabel(name) || name.length > 63) problems.add(prop, name, 'must be a DNS label (lowercase alphanumerics and \'-\', at most 63)');
    if (name === 'queue-proxy') problems.add(prop, name, 'is the name of Knative\'s own sidecar', 'Choose another name');
  }

  public checkCanary(workload: Workload, problems: Problems): void {
    const canary = workload.canary!;
    this.checkNoStableModel(workload, problems);
    if (canary.stableRevisionName === undefined) {
      problems.add('canary.stableRevisionName', undefined, 'a Knative Service needs the revision that keeps the rest of the traffic', 'Give the current revision name, for example "my-service-00001"');
    } else if (!isDnsSubdomain(canary.stableRevisionName) || canary.stableRevisionName.length > 63) {
      problems.add('canary.stableRevisionName', canary.stableRevisionName, 'must be a revision name (a DNS label)');
    }
    if (canary.tagRouting) {
      problems.add('canary.tagRouting', true, 'a plain Knative Service has no tag-routing annotation; tags are set per traffic target', 'Remove tagRouting');
    }
  }

  public checkTransformer(workload: Workload, problems: Problems): void {
    problems.add('transformer', workload.transformer!.container.image, 'a plain Knative Service has no transformer component', 'Run the transformer as its own service, or use an InferenceService API');
  }

  public knativeFeatures(workload: Workload): string[] {
    const features = [...this.gpuFeatures(workload), ...this.cacheWaitFeatures(workload)];
    if (workload.model) features.push('kubernetes.podspec-persistent-volume-claim');
    return [...new Set(features)];
  }

  /**
   * Knative refuses autoscaling annotations on a Service's own metadata
   * (knative/serving pkg/apis/serving/metadata_validation.go, ValidateHasNoAutoscalingAnnotation):
   * they belong on the revision template, which the construct fills from its autoscaler.
   */
  public checkUserAnnotations(_workload: Workload, annotations: Record<string, string>, problems: Problems): void {
    for (const [key, value] of autoscalingAnnotations(annotations)) {
      problems.add(memberPath('metadata.annotations', key), value, 'Knative refuses autoscaling annotations on a Service\'s own metadata',
        'Set it through autoscaling (a GpuAutoscalingPolicy), which writes the revision template');
    }
  }

  public credentialsAnnotationPrefix(): undefined {
    return undefined;
  }

  /** The placeholder Service of the Service's route, named after it (Knative's `MakeK8sPlaceholderService`). */
  public reservedObjects(workload: Workload): ReservedObject[] {
    return [{ group: '', kind: 'Service', name: workload.name, creator: 'Knative creates the placeholder Service of the route' }];
  }

  public objectAnnotations(workload: Workload): Record<string, string> {
    // Knative refuses autoscaling annotations on the Service's own metadata: they go on the template.
    return { ...workload.autoscaling.objectAnnotations };
  }

  public renderSpec(workload: Workload, bindings: Bindings): KnativeServiceSpecJson {
    const scaling = workload.autoscaling;
    const volumes: VolumeJson[] = [];
    const mounts: VolumeMountJson[] = [];
    if (workload.model) {
      const [claimName, ...path] = workload.model.uri.slice('pvc://'.length).split('/');
      volumes.push({ name: 'model', persistentVolumeClaim: { claimName, readOnly: true } });
      mounts.push({ name: 'model', mountPath: MODEL_MOUNT_PATH, subPath: path.join('/') || undefined, readOnly: true });
    }
    volumes.push(...this.extraVolumes(workload).filter((v) => v.persistentVolumeClaim === undefined));
    const container = this.customContainer(workload, workload.container!);
    const allMounts = [...mounts, ...container.volumeMounts ?? []];
    const annotations = scaling.revisionAnnotations ?? {};
    return {
      template: {
        metadata: Object.keys(annotations).length > 0 ? { annotations } : undefined,
        spec: {
          containerConcurrency: scaling.containerConcurrency,
          timeoutSeconds: workload.timeout?.toSeconds(),
          serviceAccountName: bindings.serviceAccountName,
          nodeSelector: this.nodeSelector(workload.gpu),
          affinity: this.affinity(workload.gpu),
          tolerations: this.tolerations(workload.gpu),
          volumes: volumes.length > 0 ? volumes : undefined,
          // The wait reads the model's own claim volume, at its root.
          initContainers: this.initContainers(workload, 'model'),
          containers: [{ ...container, volumeMounts: allMounts.length > 0 ? allMounts : undefined }],
        },
      },
      traffic: workload.canary ? [
        { latestRevision: true, percent: workload.canary.trafficPercent, tag: 'latest' },
        { latestRevision: false, revisionName: workload.canary.stableRevisionName, percent: 100 - workload.canary.trafficPercent, tag: 'prev' },
      ] : undefined,
    };
  }
}
