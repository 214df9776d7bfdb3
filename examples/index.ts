/**
 * The examples gallery: one chart per scenario. `app.ts` synthesizes every entry into
 * `dist/<name>.k8s.yaml`, and test/examples.test.ts validates every object they emit.
 */
import { App, Chart } from 'cdk8s';
import { anyGpuHf } from './any-gpu-hf';
import { canaryRollout } from './canary-rollout';
import { coreweaveGpt2Pvc } from './coreweave-gpt2-pvc';
import { coreweaveGpt2S3 } from './coreweave-gpt2-s3';
import { hfLlm } from './hf-llm';
import { kedaVllm } from './keda-vllm';
import { kfservingLegacyV1alpha2 } from './kfserving-legacy-v1alpha2';
import { kfservingV1alpha2Canary } from './kfserving-v1alpha2-canary';
import { kfservingV1beta1 } from './kfserving-v1beta1';
import { knativeCustomContainer } from './knative-custom-container';
import { knativeProbes } from './knative-probes';
import { legacyYaml } from './legacy-yaml';
import { llmTensorParallel } from './llm-tensor-parallel';
import { llmLora } from './llm-lora';
import { llmMultiNode } from './llm-multi-node';
import { llmPrefillDecode } from './llm-prefill-decode';
import { llmSingleNode } from './llm-single-node';
import { localModelCache } from './local-model-cache';
import { platformKnativeConfig } from './platform-knative-config';
import { transformerScaling } from './transformer-scaling';

/** Adds one example chart, named after the example, to an app. */
export type ExampleFactory = (app: App, name: string) => Chart;

/** Example name (the chart and output file name) -> factory. Add new examples here. */
export const EXAMPLES: Record<string, ExampleFactory> = {
  'coreweave-gpt2-pvc': coreweaveGpt2Pvc,
  'coreweave-gpt2-s3': coreweaveGpt2S3,
  'kfserving-legacy-v1alpha2': kfservingLegacyV1alpha2,
  'kfserving-v1beta1': kfservingV1beta1,
  'knative-custom-container': knativeCustomContainer,
  'hf-llm': hfLlm,
  'canary-rollout': canaryRollout,
  'local-model-cache': localModelCache,
  'platform-knative-config': platformKnativeConfig,
  'legacy-yaml': legacyYaml,
  'any-gpu-hf': anyGpuHf,
  'llm-tensor-parallel': llmTensorParallel,
  'knative-probes': knativeProbes,
  'kfserving-v1alpha2-canary': kfservingV1alpha2Canary,
  'keda-vllm': kedaVllm,
  'transformer-scaling': transformerScaling,
  'llm-single-node': llmSingleNode,
  'llm-prefill-decode': llmPrefillDecode,
  'llm-multi-node': llmMultiNode,
  'llm-lora': llmLora,
};
