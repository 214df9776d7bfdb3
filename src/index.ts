export * from './serving-api';
export * from './model-source';
export * from './model-cache-contract';
export * from './model-cache';
export * from './scheduling';
export * from './gpu';
export * from './model-format';
export * from './serving-security';
export * from './inference-service-props';
export * from './inference-service';
export * from './local-model-node-group';
export * from './local-model-cache';
export * from './scaling-metric';
export * from './autoscaling-preset';
export * from './autoscaler';
export * from './gpu-autoscaling-policy';
export * from './standard-mode-autoscaler';
export * from './knative-operator-config';
export * from './knative-autoscaler-config';
export * from './knative-feature-flags';
export * from './knative-defaults-config';
export * from './fleet-app';
export * from './app-gpu-budget';
export * from './simulator';
export * from './serving-probe';
export * from './serving-profile';
export * from './llm-inference-service-props';
export * from './llm-inference-service';
export * from './synth-warnings';

// The cdk8s validation plugin, for `cdk8s.yaml`: `package: cdk8s-inference`,
// `class: InferenceManifestValidation` (see the README). cdk8s-cli requires the package's main
// module and reads the class from it; the getter loads the plugin (lib/validation.js, ajv, yaml)
// only then, so an app that imports the constructs never does. It is no jsii type (the plugin runs
// inside cdk8s-cli, never in a user's app), hence not enumerable: `import *` does not list it.
Object.defineProperty(exports, 'InferenceManifestValidation', {
  enumerable: false,
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, compiled by scripts/bundle-validation.mjs
  get: () => require('./validation').InferenceManifestValidation,
});
