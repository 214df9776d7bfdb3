/**
 * knative-probes: a vLLM server as a plain Knative Service with health checks: a startup probe
 * that gives the model 10 minutes to load, then readiness and liveness probes on vLLM's /health.
 * The container has its own name, and an optional Secret supplies an API key the server reads
 * when it exists. vLLM batches requests, so the service declares the LLM profile.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { InferenceService, ModelSource, ServingApi, ServingProbe, ServingProfile } from '../src';

export function knativeProbes(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: 'tenant-ml' });
  new InferenceService(chart, 'Phi', {
    metadata: { name: 'phi-3-mini' },
    api: ServingApi.KNATIVE_SERVICE,
    container: {
      name: 'vllm',
      image: 'vllm/vllm-openai:v0.6.3',
      args: ['--model=/mnt/models', '--served-model-name=phi-3-mini', '--port=8080'],
      port: 8080,
    },
    model: ModelSource.fromPvc('model-cache', 'phi-3-mini-4k-instruct'),
    modelSize: Size.gibibytes(8),
    secretEnv: { VLLM_API_KEY: { secretName: 'vllm-api-key', key: 'key', optional: true } },
    servingProfile: ServingProfile.llm(),
    probes: {
      startup: ServingProbe.httpGet('/health', { period: Duration.seconds(10), failureThreshold: 60 }),
      readiness: ServingProbe.httpGet('/health', { period: Duration.seconds(5), timeout: Duration.seconds(2) }),
      liveness: ServingProbe.httpGet('/health', { period: Duration.seconds(15), timeout: Duration.seconds(5), failureThreshold: 4 }),
    },
    gpu: { count: 1 },
  });
  return chart;
}
