/**
 * keda-vllm: Llama 3.1 8B on KServe's Hugging Face runtime (vLLM backend) in Standard mode,
 * scaled by KEDA on vLLM's own metrics in Prometheus instead of CPU: one more replica for every
 * 4 requests waiting in vLLM's queue, or when the KV cache of the replicas is 80 % full on
 * average, whichever asks for more. KServe turns `autoScaling.metrics` into a KEDA ScaledObject
 * per component; the queries are summed over this service's predictor pods.
 */
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { DeploymentMode, GpuType, InferenceService, KedaMetric, ModelFormat, ModelSource, StandardModeAutoscaler, VllmMetric } from '../src';

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

export function kedaVllm(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'llm' });
  new InferenceService(chart, 'Llama', {
    metadata: { name: 'llama-31-8b-keda' },
    deploymentMode: DeploymentMode.STANDARD,
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromHuggingFace('meta-llama/Llama-3.1-8B-Instruct', {
      revision: '0e9e39f249a16976918f6564b8830bc894c89659',
      token: { secretName: 'hf-token', key: 'HF_TOKEN' },
    }),
    args: ['--model_name=llama-31-8b', '--max_model_len=8192'],
    resources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(48) } },
    gpu: { types: [GpuType.A100_80GB_SXM, GpuType.H100_80GB_SXM] },
    autoscaling: StandardModeAutoscaler.keda({
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [
        KedaMetric.vllm(VllmMetric.NUM_REQUESTS_WAITING, { serverAddress: PROMETHEUS, target: 4 }),
        KedaMetric.vllm(VllmMetric.KV_CACHE_USAGE, { serverAddress: PROMETHEUS, target: 0.8 }),
      ],
    }),
  });
  return chart;
}
