import { readFileSync } from 'fs';
import { join } from 'path';
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import {
  DeploymentMode, GpuAutoscalingPolicy, GpuType, InferenceService, InferenceServiceProps, ModelFormat, ModelSource, ScalingMetric, ServingApi,
  TaintEffect,
} from '../src';
import { expectRestrictedPods } from './support/pod-security';
import { serviceProblems, synthValid, testChart } from './support/synth';

/** A Llama 3.1 405B in FP8 over two 8-GPU nodes: the smallest multi-node service KServe accepts. */
const MULTI_NODE: InferenceServiceProps = {
  deploymentMode: DeploymentMode.STANDARD,
  modelFormat: ModelFormat.HUGGINGFACE,
  model: ModelSource.fromPvc('llama-405b', 'fp8'),
  gpu: { types: [GpuType.H100_80GB_SXM], count: 8 },
  multiNode: { pipelineParallelSize: 2 },
};

function predictor(props: Partial<InferenceServiceProps> = {}): any {
  const chart = testChart('llm');
  new InferenceService(chart, 'Llama', { ...MULTI_NODE, ...props });
  return synthValid(chart)[0];
}

describe('multi-node predictors (KServe workerSpec)', () => {
  test('golden manifest: a head and a worker pod of 8 GPUs each, no autoscaler, restricted', () => {
    // GIVEN
    const chart = testChart('llm');

    // WHEN
    new InferenceService(chart, 'Llama', {
      ...MULTI_NODE,
      metadata: { name: 'llama-405b' },
      runtime: 'kserve-huggingfaceserver-multinode',
      resources: { cpu: { request: Cpu.units(16) }, memory: { request: Size.gibibytes(256) } },
      gpu: { types: [GpuType.H100_80GB_SXM], count: 8, tolerations: [{ key: 'nvidia.com/gpu', effect: TaintEffect.NO_SCHEDULE }] },
      multiNode: {
        pipelineParallelSize: 2, tensorParallelSize: 8, workerResources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(128) } },
      },
    });

    // THEN
    const manifests = synthValid(chart);
    expectRestrictedPods(manifests);
    const golden = parseAllDocuments(readFileSync(join(__dirname, 'golden', 'inference-service-multi-node.yaml'), 'utf8')).map((d) => d.toJS());
    expect(manifests).toEqual(golden);
  });

  test('tensorParallelSize defaults to the GPUs of each pod, the replicas to one', () => {
    const written = predictor();
    expect(written.metadata.annotations['serving.kserve.io/autoscalerClass']).toBe('none');
    expect(written.spec.predictor).toEqual(expect.objectContaining({ minReplicas: 1, maxReplicas: 1 }));
    expect(written.spec.predictor.workerSpec).toEqual(expect.objectContaining({ pipelineParallelSize: 2, tensorParallelSize: 8 }));
    expect(written.spec.predictor.workerSpec.containers[0].resources.limits['nvidia.com/gpu']).toBe('8');
  });

  test('several replicas of the group', () => {
    const written = predictor({ multiNode: { pipelineParallelSize: 2, replicas: 3 } });
    expect(written.spec.predictor).toEqual(expect.objectContaining({ minReplicas: 3, maxReplicas: 3 }));
  });

  test('the worker takes the head\'s resources', () => {
    const written = predictor({ resources: { memory: { request: Size.gibibytes(64) } } });
    expect(written.spec.predictor.workerSpec.containers[0].resources.limits.memory).toBe('64Gi');
  });

  test('KServe\'s rules: Standard mode, a runtime, a PVC or OCI model, no size env, no autoscaler', () => {
    expect(serviceProblems({
      ...MULTI_NODE,
      deploymentMode: DeploymentMode.KNATIVE,
      modelFormat: undefined,
      container: { image: 'vllm/vllm-openai:v0.11.0' },
      model: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-405B'),
      env: { TENSOR_PARALLEL_SIZE: '8' },
      autoscaling: new GpuAutoscalingPolicy({ maxReplicas: 2 }),
      multiNode: { pipelineParallelSize: 1, tensorParallelSize: 4, replicas: 0 },
    })).toEqual([
      '\'deploymentMode\' is "Knative": KServe runs multi-node predictors in Standard mode only. Use DeploymentMode.STANDARD',
      '\'container\' is "vllm/vllm-openai:v0.11.0": a multi-node predictor runs the head and workers of a ServingRuntime with a worker spec. '
      + 'Use modelFormat (ModelFormat.HUGGINGFACE with KServe\'s vLLM multi-node runtime) instead of a custom container',
      '\'model\' is "hf://meta-llama/Llama-3.1-405B": KServe reads the model of a multi-node predictor only from pvc:// or oci://, which every pod mounts. '
      + 'Put the model on a ReadWriteMany PVC (a ModelCache) or in an OCI image',
      '\'env\' is "TENSOR_PARALLEL_SIZE": KServe refuses the parallel sizes as environment variables of a multi-node predictor. Give them in multiNode instead',
      '\'multiNode.pipelineParallelSize\' is 1: must be a whole number of at least 2: the head and at least one worker. Use a single-node predictor for one pod',
      '\'multiNode.tensorParallelSize\' is 4: is the GPUs of each pod, and gpu.count is 8. Give the same number, or leave tensorParallelSize out',
      '\'multiNode.replicas\' is 0: must be a whole number of at least 1',
      '\'autoscaling\' is "autoscalerClass undefined": KServe refuses a multi-node predictor unless its autoscalerClass is none. '
      + 'Remove autoscaling, and give the replicas in multiNode.replicas',
    ]);
  });

  test('a Standard-mode autoscaler is refused with its class', () => {
    expect(serviceProblems({ ...MULTI_NODE, autoscaling: new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, maxReplicas: 2 }) })).toEqual([
      '\'autoscaling\' is "autoscalerClass hpa": KServe refuses a multi-node predictor unless its autoscalerClass is none. '
      + 'Remove autoscaling, and give the replicas in multiNode.replicas',
    ]);
  });

  test('a budget counts the GPUs of every pod of the group', () => {
    // GIVEN 2 pods x 8 GPUs x 1 replica x 2.00 x 730 h = 23,360
    const chart = testChart('llm');

    // WHEN
    const service = new InferenceService(chart, 'Llama', { ...MULTI_NODE, gpuBudget: { monthlyBudget: 30_000, pricePerGpuHour: 2 } });
    synthValid(chart);

    // THEN
    expect(service.podsPerReplica).toBe(2);
    expect(service.gpuCount).toBe(8);
    expect(serviceProblems({ ...MULTI_NODE, gpuBudget: { monthlyBudget: 20_000, pricePerGpuHour: 2 } })).toEqual([
      '\'test/Service\' can cost 23,360.00 a month in the worst case (1 replicas × 16 GPU(s) × 2.00/GPU-hour × 730 h), over its budget of 20,000.00. '
      + 'Not even one replica fits (23,360.00 a month): raise the budget or use fewer or cheaper GPUs.',
    ]);
  });

  test('no GPU', () => {
    expect(serviceProblems({ ...MULTI_NODE, gpu: undefined })).toEqual([
      '\'gpu\' is undefined: a multi-node predictor splits the model over the GPUs of its pods. Give gpu with the GPUs of each pod',
    ]);
  });

  test('the other serving APIs have no worker pods', () => {
    expect(serviceProblems({
      api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.PYTORCH, model: ModelSource.fromPvc('models'), multiNode: { pipelineParallelSize: 2 },
    })).toContain('\'multiNode\' is "pipelineParallelSize 2": serving.kubeflow.org/v1beta1 InferenceService has no worker pods: multi-node predictors are KServe\'s. '
      + 'Use ServingApi.KSERVE_V1BETA1 in Standard mode, or the LLMInferenceService construct');
  });
});
