import * as fc from 'fast-check';
import { buildPlaced, placement, testSynthesisProperty } from './property-driver';
import { Recipes } from './recipes';
import { DeploymentMode, GpuAutoscalingPolicy, InferenceService, InferenceServiceProps, ModelFormat, ModelSource, ServingApi } from '../../src';

/** One valid service per serving target, so that only the policy decides the outcome. */
const TARGETS: Record<string, () => InferenceServiceProps> = {
  'KServe, Knative mode': () => ({ modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromS3('s3://models/gpt2') }),
  'KServe, Standard mode': () => ({ deploymentMode: DeploymentMode.STANDARD, modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromS3('s3://models/gpt2') }),
  'KFServing v1beta1': () => ({ api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/gpt2') }),
  'KFServing v1alpha2': () => ({ api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/gpt2') }),
  'Knative Service': () => ({ api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.6.3' } }),
};

describe('GpuAutoscalingPolicy: any props either fail with the library\'s own error or render valid objects for every target', () => {
  testSynthesisProperty({
    recipe: (hostility) => fc.record({
      target: fc.constantFrom(...Object.keys(TARGETS)),
      policy: new Recipes(hostility).autoscaling(),
      // The service named in props or from its path.
      name: fc.option(fc.constant('gpt2'), { nil: undefined }),
      where: placement,
    }),
    build: ({ target, policy: props, name, where }) => buildPlaced(where, (scope, id) => {
      const policy = new GpuAutoscalingPolicy(props);
      // Reading the explanation and the warnings of a constructed policy never throws.
      expect(policy.explain()).toContain(`preset ${policy.preset.name}`);
      expect(policy.warnings.every((warning) => typeof warning === 'string')).toBe(true);
      new InferenceService(scope, id, { ...TARGETS[target](), metadata: { name }, autoscaling: policy });
    }),
    restricted: true,
    runs: 400,
  });
});
