import { Testing } from 'cdk8s';
import { KnativeFeatureFlags, KnativeFeatureFlagsProps, KnativeOperatorConfig } from '../src';
import { expectValidManifests } from './support/manifest-schema';

function synth(props: KnativeFeatureFlagsProps = {}) {
  const chart = Testing.chart();
  const flags = new KnativeFeatureFlags(chart, 'Features', props);
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
  return { flags, manifests, configMap: manifests[0] };
}

describe('defaults', () => {
  test('config-features in knative-serving with the flags GPU serving needs (snapshot)', () => {
    // GIVEN / WHEN
    const { manifests } = synth();

    // THEN
    expect(manifests).toMatchSnapshot();
  });

  test('nodeSelector, affinity, tolerations, PVC volumes, PVC write and init containers are enabled; runtimeClassName is not written', () => {
    // GIVEN / WHEN
    const { flags, configMap } = synth();

    // THEN
    expect(configMap.metadata).toEqual({
      name: 'config-features',
      namespace: 'knative-serving',
      labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/component': 'controller' },
    });
    expect(configMap.data).toEqual({
      'kubernetes.podspec-nodeselector': 'enabled',
      'kubernetes.podspec-affinity': 'enabled',
      'kubernetes.podspec-tolerations': 'enabled',
      'kubernetes.podspec-persistent-volume-claim': 'enabled',
      'kubernetes.podspec-persistent-volume-write': 'enabled',
      'kubernetes.podspec-init-containers': 'enabled',
    });
    expect(flags.data).toEqual(configMap.data);
    expect(flags.namespace).toBe('knative-serving');
    expect(flags.node.defaultChild?.node.id).toBe('Resource');
  });
});

describe('everything set', () => {
  test('every flag (snapshot)', () => {
    // GIVEN / WHEN
    const { manifests } = synth({
      namespace: 'serving-system',
      nodeSelector: true,
      affinity: false,
      tolerations: true,
      runtimeClassName: true,
      persistentVolumeClaims: true,
      persistentVolumeWrite: false,
      initContainers: false,
    });

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests[0].metadata.namespace).toBe('serving-system');
  });

  test.each([
    ['nodeSelector', 'kubernetes.podspec-nodeselector'],
    ['affinity', 'kubernetes.podspec-affinity'],
    ['tolerations', 'kubernetes.podspec-tolerations'],
    ['runtimeClassName', 'kubernetes.podspec-runtimeclassname'],
    ['persistentVolumeClaims', 'kubernetes.podspec-persistent-volume-claim'],
    ['persistentVolumeWrite', 'kubernetes.podspec-persistent-volume-write'],
    ['initContainers', 'kubernetes.podspec-init-containers'],
  ])('%s writes %s', (prop, key) => {
    // GIVEN / WHEN
    const enabled = synth({ [prop]: true }).configMap.data;
    const disabled = synth({ [prop]: false }).configMap.data;

    // THEN
    expect(enabled[key]).toBe('enabled');
    expect(disabled[key]).toBe('disabled');
  });

  test('no _example block and no other flags are written', () => {
    // GIVEN / WHEN
    const keys = Object.keys(synth({ runtimeClassName: true }).flags.data);

    // THEN
    expect(keys).toHaveLength(7);
    expect(keys).not.toContain('_example');
  });
});

describe('Knative Operator output', () => {
  test('the flags go to KnativeServing spec.config.features', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing');

    // WHEN
    const flags = new KnativeFeatureFlags(chart, 'Features', { operator, runtimeClassName: true });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toEqual([{
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'knative-serving', namespace: 'knative-serving' },
      spec: { config: { features: flags.data } },
    }]);
    expect(flags.namespace).toBe('knative-serving');
  });

  test('a namespace next to an operator is refused', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing');

    // WHEN / THEN
    expect(() => new KnativeFeatureFlags(chart, 'Features', { operator, namespace: 'knative' })).toThrow(
      'Invalid KnativeFeatureFlags at \'test/Features\':\n  - \'namespace\' is "knative": applies only to a ConfigMap, and these settings go into a '
      + 'KnativeOperatorConfig. Remove it, or set the namespace on the KnativeOperatorConfig',
    );
  });

  test('a second feature flags construct for the same KnativeServing is refused', () => {
    // GIVEN
    const chart = Testing.chart();
    const operator = new KnativeOperatorConfig(chart, 'KnativeServing');
    new KnativeFeatureFlags(chart, 'Features', { operator });

    // WHEN / THEN
    expect(() => new KnativeFeatureFlags(chart, 'More', { operator })).toThrow(
      'Invalid Knative settings at \'test/More\':\n  - spec.config.features of the KnativeOperatorConfig \'test/KnativeServing\' is already written by '
      + '\'test/Features\'. Merge both into one construct',
    );
  });
});

describe('found by the property tests (test/properties)', () => {
  test('the namespace must be a namespace name', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth({ namespace: 'Knative_Serving' })).toThrow(
      'Invalid KnativeFeatureFlags at \'test/Features\':\n  - \'namespace\' is "Knative_Serving": must be a namespace name (at most 63 lowercase alphanumerics and \'-\')');
  });
});
