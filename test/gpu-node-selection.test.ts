/**
 * How a service keeps its pods on GPU nodes, and what each form asks of the cluster: the default
 * is the form that needs the fewest Knative feature flags for what was asked.
 */
import {
  DeploymentMode, GpuAutoscalingPolicy, GpuNodeSelection, GpuOptions, GpuProvider, GpuType, InferenceService, InferenceServiceProps,
  KnativeFeatureFlags, ModelFormat, ModelSource, ScalingMetric, ServingApi,
} from '../src';
import { serviceProblems, synthValid, testChart } from './support/synth';

const kserve = (gpu: GpuOptions, extra: Partial<InferenceServiceProps> = {}): InferenceServiceProps => ({
  metadata: { name: 'llm' }, modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model'), gpu, ...extra,
});

function build(props: InferenceServiceProps) {
  const chart = testChart();
  const service = new InferenceService(chart, 'Service', props);
  const object = synthValid(chart).find((m) => m.kind === 'InferenceService' || m.kind === 'Service');
  const pod = object.kind === 'Service' ? object.spec.template.spec : object.spec.predictor;
  return { service, object, pod };
}


describe('defaults', () => {
  test('GPUs by count only: the resource limit, no node selection, no feature flag', () => {
    const { service, object, pod } = build(kserve({ count: 2 }));
    expect(pod.model.resources.limits['nvidia.com/gpu']).toBe('2');
    expect([pod.affinity, pod.nodeSelector, object.metadata.annotations['serving.kserve.io/gke-accelerator']]).toEqual([undefined, undefined, undefined]);
    expect(service.requiredKnativeFeatures).toEqual([]);
    expect(service.warnings).toEqual([]);
  });

  test('one GKE type on KServe: the accelerator annotation, which needs no Knative feature flag', () => {
    const { service, object, pod } = build(kserve({ types: [GpuType.L4], provider: GpuProvider.GKE }));
    expect(object.metadata.annotations['serving.kserve.io/gke-accelerator']).toBe('nvidia-l4');
    expect(pod.affinity).toBeUndefined();
    expect(service.requiredKnativeFeatures).toEqual([]);
  });

  test('one GKE type on KFServing v1beta1: the KFServing spelling of the annotation', () => {
    const { object } = build(kserve({ types: [GpuType.T4], provider: GpuProvider.GKE }, {
      api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.TENSORFLOW, runtimeVersion: '2.6.2-gpu', model: ModelSource.fromS3('s3://models/m'),
    }));
    expect(object.metadata.annotations['serving.kubeflow.org/gke-accelerator']).toBe('nvidia-tesla-t4');
  });

  test('several types, regions, or another provider: required node affinity (the form the examples use)', () => {
    for (const gpu of [
      { types: [GpuType.L4, GpuType.T4], provider: GpuProvider.GKE },
      { types: [GpuType.L4], provider: GpuProvider.GKE, regions: ['us-central1'] },
      { types: [GpuType.A100_80GB_SXM], provider: GpuProvider.COREWEAVE },
    ]) {
      const { service, pod } = build(kserve(gpu));
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeDefined();
      expect(service.requiredKnativeFeatures).toEqual(['kubernetes.podspec-affinity']);
    }
  });
});

describe('chosen forms', () => {
  test('a node selector with the type and region, which Knative allows with kubernetes.podspec-nodeselector', () => {
    const { service, pod } = build(kserve({
      types: [GpuType.A100_80GB_SXM], provider: GpuProvider.COREWEAVE, regions: ['ORD1'], nodeSelection: GpuNodeSelection.NODE_SELECTOR,
    }));
    expect(pod.nodeSelector).toEqual({ 'gpu.nvidia.com/class': 'A100_NVLINK_80GB', 'topology.kubernetes.io/region': 'ORD1' });
    expect(pod.affinity).toBeUndefined();
    expect(service.requiredKnativeFeatures).toEqual(['kubernetes.podspec-nodeselector']);
  });

  test('preferred affinity: the types are preferred, any GPU node will do', () => {
    const types = [GpuType.H100_80GB_SXM, GpuType.A100_80GB_SXM];
    const { service, pod } = build(kserve({ types, nodeSelection: GpuNodeSelection.PREFERRED_AFFINITY }));
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          preference: { matchExpressions: [{ key: 'nvidia.com/gpu.product', operator: 'In', values: ['NVIDIA-H100-80GB-HBM3', 'NVIDIA-A100-SXM4-80GB'] }] },
        }],
      },
    });
    expect(service.requiredKnativeFeatures).toEqual(['kubernetes.podspec-affinity']);
  });

  test('a plain Knative Service gets the node selector on its revision template', () => {
    const { pod } = build({
      api: ServingApi.KNATIVE_SERVICE,
      metadata: { name: 'llm' },
      container: { image: 'vllm/vllm-openai:v0.6.3' },
      gpu: { types: [GpuType.L4], provider: GpuProvider.GKE, nodeSelection: GpuNodeSelection.NODE_SELECTOR },
    });
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
  });

  test('in Standard mode no Knative feature is needed, whatever the form', () => {
    const { service } = build(kserve({ types: [GpuType.L4], nodeSelection: GpuNodeSelection.NODE_SELECTOR }, {
      deploymentMode: DeploymentMode.STANDARD, autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, maxReplicas: 2 }),
    }));
    expect(service.requiredKnativeFeatures).toEqual([]);
  });

  test('the app\'s KnativeFeatureFlags are checked for the flag the chosen form needs', () => {
    const chart = testChart();
    new KnativeFeatureFlags(chart, 'Features', { nodeSelector: false });
    new InferenceService(chart, 'Service', kserve({ types: [GpuType.L4], nodeSelection: GpuNodeSelection.NODE_SELECTOR }));
    expect(() => synthValid(chart)).toThrow(/the pods need the Knative feature 'kubernetes.podspec-nodeselector'/);
  });
});

describe('what each form cannot express', () => {
  test('the accelerator annotation: one NVIDIA type of the GKE provider, no region, not on a plain Knative Service', () => {
    expect(serviceProblems(kserve({
      types: [GpuType.A100_80GB_SXM, GpuType.H100_80GB_SXM],
      provider: GpuProvider.COREWEAVE,
      regions: ['ORD1'],
      nodeSelection: GpuNodeSelection.ACCELERATOR_ANNOTATION,
    }))).toEqual([
      '\'gpu.types\' is ["NVIDIA A100 80GB SXM", "NVIDIA H100 80GB SXM"]: accelerator-annotation selects one type. '
        + 'Give one type, or use GpuNodeSelection.REQUIRED_AFFINITY for several',
      '\'gpu.nodeSelection\' is "accelerator-annotation": KServe turns the annotation into the cloud.google.com/gke-accelerator node selector, '
        + 'and the coreweave provider labels its nodes with gpu.nvidia.com/class. Use GpuProvider.GKE, or GpuNodeSelection.NODE_SELECTOR',
    ]);
    expect(serviceProblems({
      api: ServingApi.KNATIVE_SERVICE,
      metadata: { name: 'llm' },
      container: { image: 'a/b:1' },
      gpu: { types: [GpuType.L4], provider: GpuProvider.GKE, nodeSelection: GpuNodeSelection.ACCELERATOR_ANNOTATION },
    })).toEqual([
      '\'gpu.nodeSelection\' is "accelerator-annotation": serving.knative.dev/v1 Service has no accelerator annotation: only KServe\'s pod webhook reads it. '
        + 'Use GpuNodeSelection.NODE_SELECTOR or REQUIRED_AFFINITY',
    ]);
  });

  test('a node selector holds one type and one region; no selection takes no types; a selection needs types', () => {
    expect(serviceProblems(kserve({ types: [GpuType.L4, GpuType.T4], regions: ['a', 'b'], nodeSelection: GpuNodeSelection.NODE_SELECTOR }))).toEqual([
      '\'gpu.types\' is ["NVIDIA L4", "NVIDIA T4"]: node-selector selects one type. Give one type, or use GpuNodeSelection.REQUIRED_AFFINITY for several',
      '\'gpu.regions\' is ["a", "b"]: a node selector holds one region. Give one region, or use GpuNodeSelection.REQUIRED_AFFINITY for several',
    ]);
    expect(serviceProblems(kserve({ types: [GpuType.L4], nodeSelection: GpuNodeSelection.NONE }))).toEqual([
      '\'gpu.nodeSelection\' is "none": the types NVIDIA L4 would not be selected. Remove types for any GPU type, or choose how to select them',
    ]);
    expect(serviceProblems(kserve({ regions: ['ORD1'] }))).toEqual([
      '\'gpu.regions\' is ["ORD1"]: need node selection, and there is none without GPU types. Give types, or remove regions',
    ]);
    expect(serviceProblems(kserve({ nodeSelection: GpuNodeSelection.REQUIRED_AFFINITY }))).toEqual([
      '\'gpu.nodeSelection\' is "required-affinity": selects GPU types, and none are given. Give types, or leave nodeSelection out',
    ]);
  });

  test('a value that is not a GpuNodeSelection (a JavaScript caller\'s string) is the library\'s error', () => {
    expect(serviceProblems(kserve({ types: [GpuType.L4], nodeSelection: 'affinity' as GpuNodeSelection }))).toEqual([
      '\'gpu.nodeSelection\' is "affinity": must be a GpuNodeSelection: "none", "accelerator-annotation", "node-selector", "required-affinity", '
        + '"preferred-affinity". For example GpuNodeSelection.NODE_SELECTOR',
    ]);
  });

  test('KFServing v1alpha2 has the annotation only', () => {
    expect(serviceProblems(kserve({ types: [GpuType.V100_16GB], nodeSelection: GpuNodeSelection.NODE_SELECTOR }, {
      api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, runtimeVersion: '1.14.0-gpu', model: ModelSource.fromS3('s3://models/m'),
    }))).toEqual([
      '\'gpu.nodeSelection\' is "node-selector": serving.kubeflow.org/v1alpha2 selects a GPU only through the gke-accelerator annotation. '
        + 'Use GpuNodeSelection.ACCELERATOR_ANNOTATION, or ServingApi.KFSERVING_V1BETA1',
    ]);
  });
});
