/**
 * The type tables of structs that several props share (src/_public-types.ts): kept apart from the
 * public modules that define the structs, so that they are no export of the package.
 */
import { enumOf, FieldsOf, instanceOf, struct } from './_public-types';
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
