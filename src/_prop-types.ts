/**
 * The type tables of structs that several props share (src/_public-types.ts): kept apart from the
 * public modules that define the structs, so that they are no export of the package.
 */
import { enumOf, FieldsOf, instanceOf, STRING_MAP, STRINGS, struct } from './_public-types';
import { AutoscalerConfig, ExternalScalingMetric, PodScalingMetric, ResourceScalingMetric } from './autoscaler';
import { GpuNodeSelection, GpuOptions, GpuProvider, GpuType } from './gpu';
import { SecretEnvSource } from './inference-service-props';
import { KnativeConfigOptions, KnativeOperatorConfig } from './knative-operator-config';
import { NodeToleration, TaintEffect } from './scheduling';

/** The types of a `NodeToleration`. */
export const NODE_TOLERATION_TYPES = struct<NodeToleration>({ key: 'string', value: 'string', effect: enumOf('TaintEffect', TaintEffect) }, 'key');

/** The types of `GpuOptions`. */
export const GPU_OPTIONS_TYPES = struct<GpuOptions>({
  types: { arrayOf: instanceOf(GpuType, 'GpuType.L4') },
  nodeSelection: enumOf('GpuNodeSelection', GpuNodeSelection, 'NODE_SELECTOR'),
  count: 'number',
  provider: instanceOf(GpuProvider, 'GpuProvider.GKE'),
  regions: { arrayOf: 'string' },
  tolerations: { arrayOf: NODE_TOLERATION_TYPES },
});

/** The types of `KnativeConfigOptions`, the fields every Knative settings construct shares. */
export const KNATIVE_CONFIG_OPTIONS_TYPES: FieldsOf<KnativeConfigOptions> = {
  namespace: 'string',
  operator: instanceOf(KnativeOperatorConfig),
};

/** The types of a `secretEnv` map: InferenceService's and each workload's of LLMInferenceService. */
export const SECRET_ENV_TYPES = {
  mapOf: struct<SecretEnvSource>({ secretName: 'string', key: 'string', optional: 'boolean' }, 'secretName', 'key'),
} as const;

/** The types of what an `IServingAutoscaler` returns, which may be the user's own code. */
export const AUTOSCALER_CONFIG_TYPES = struct<AutoscalerConfig>({
  revisionAnnotations: STRING_MAP,
  objectAnnotations: STRING_MAP,
  minReplicas: 'number',
  maxReplicas: 'number',
  scaleTarget: 'number',
  scaleMetric: 'string',
  containerConcurrency: 'number',
  externalMetrics: {
    arrayOf: struct<ExternalScalingMetric>({ backend: 'string', serverAddress: 'string', query: 'string', target: 'string', authenticationRef: 'string' },
      'backend', 'serverAddress', 'query', 'target'),
  },
  resourceMetrics: { arrayOf: struct<ResourceScalingMetric>({ resource: 'string', averageUtilization: 'number', averageValue: 'string' }, 'resource') },
  podMetrics: {
    arrayOf: struct<PodScalingMetric>({ metricName: 'string', target: 'string', operationOverTime: 'string', serverAddress: 'string' }, 'metricName', 'target'),
  },
  scaleUpStabilizationSeconds: 'number',
  scaleDownStabilizationSeconds: 'number',
  replicaLimit: 'number',
  problems: STRINGS,
  warnings: STRINGS,
}, 'replicaLimit');
