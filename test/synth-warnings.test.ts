/**
 * Warnings reach the person who runs synth: printed to stderr once per synthesis with the
 * construct's path, by cdk8s's `App` (which validates the app again for every chart) and by
 * `FleetApp`; and made errors for pipelines by `SynthWarnings.asErrors` or an environment variable.
 */
import { App, Chart, Testing } from 'cdk8s';
import {
  GpuType, InferenceService, KnativeAutoscalerConfig, KnativeFeatureFlags, LLMInferenceService, ModelFormat, ModelSource, SynthWarnings,
} from '../src';
import { APP_CLASSES, removeAppOutdirs } from './support/apps';

afterAll(removeAppOutdirs);

const S3_WARNING = '\'model\' reads S3 through settings KServe takes from annotations on the credentials Secret, which this chart does not own: '
  + 'make the Secret \'s3\' carry serving.kserve.io/s3-endpoint: "object.ord1.coreweave.com", serving.kserve.io/s3-usehttps: "1"';
const FEATURES_WARNING = 'the cluster must enable the Knative features kubernetes.podspec-affinity in config-features, or Knative rejects the revision: '
  + 'a KnativeFeatureFlags in the same app is checked at synth';
const RATE_WARNING_START = '\'maxScaleUpRate\' is 1.5: a burst from 0 to 20 GPU pods takes';

/** Three charts: a service with two warnings, a platform chart with one, and a chart without any. */
function build(app: App): void {
  new InferenceService(new Chart(app, 'serving', { namespace: 'ml' }), 'Gpt2', {
    metadata: { name: 'gpt2' },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3' }, endpoint: 'object.ord1.coreweave.com' }),
    gpu: { types: [GpuType.A100_80GB_SXM] },
  });
  new KnativeAutoscalerConfig(new Chart(app, 'platform'), 'Autoscaler', { maxScaleUpRate: 1.5 });
  new Chart(app, 'empty');
}

/** What `synthesize` wrote to stderr. */
function stderrOf(synthesize: () => void): string {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => {
    written.push(String(text));
    return true;
  });
  try {
    synthesize();
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

describe.each(APP_CLASSES)('warnings at synth (%s)', (_name, newApp) => {
  test('synth() prints every warning once, with its construct path', () => {
    // GIVEN
    const app = newApp();
    build(app);

    // WHEN
    const lines = stderrOf(() => app.synth()).split('\n').filter((line) => line !== '');

    // THEN: once each, though cdk8s's App validates the app again for each of the three charts
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`[Warning at serving/Gpt2] ${S3_WARNING}`);
    expect(lines[1]).toBe(`[Warning at serving/Gpt2] ${FEATURES_WARNING}`);
    expect(lines[2].startsWith(`[Warning at platform/Autoscaler] ${RATE_WARNING_START}`)).toBe(true);
  });

  test('synthYaml() prints them once too', () => {
    // GIVEN
    const app = newApp();
    build(app);

    // WHEN / THEN
    expect(stderrOf(() => app.synthYaml()).split('\n').filter((line) => line !== '')).toHaveLength(3);
  });

  test('SynthWarnings.asErrors makes each warning an error at its construct', () => {
    // GIVEN
    const app = newApp();
    build(app);
    SynthWarnings.asErrors(app);

    // WHEN / THEN
    expect(() => stderrOf(() => app.synth())).toThrow(
      `[serving/Gpt2] Warning, an error here because warnings are errors: ${S3_WARNING}\n`
      + `  [serving/Gpt2] Warning, an error here because warnings are errors: ${FEATURES_WARNING}\n`
      + `  [platform/Autoscaler] Warning, an error here because warnings are errors: ${RATE_WARNING_START}`);
  });

  test('SynthWarnings.asErrors answers a scope that is no construct with the library\'s error', () => {
    expect(() => SynthWarnings.asErrors('app' as never)).toThrow(new Error('Invalid SynthWarnings:\n  - \'scope\' is "app": must be a construct. For example the App'));
    expect(() => SynthWarnings.asErrors(undefined as never)).toThrow(new Error('Invalid SynthWarnings:\n  - \'scope\' is undefined: is required: a construct'));
  });

  test(`${SynthWarnings.AS_ERRORS_ENV}=1 makes them errors`, () => {
    // GIVEN
    const app = newApp();
    build(app);
    process.env[SynthWarnings.AS_ERRORS_ENV] = '1';

    // WHEN / THEN
    try {
      expect(() => stderrOf(() => app.synth())).toThrow('[platform/Autoscaler] Warning, an error here because warnings are errors');
    } finally {
      delete process.env[SynthWarnings.AS_ERRORS_ENV];
    }
  });
});

describe.each(APP_CLASSES)('an LLMInferenceService\'s warnings at synth (%s)', (_name, newApp) => {
  /** An LLMInferenceService reading S3 through an endpoint set on the credentials Secret, which the chart does not own. */
  function buildLlm(app: App): LLMInferenceService {
    return new LLMInferenceService(new Chart(app, 'llm', { namespace: 'ml' }), 'Qwen', {
      metadata: { name: 'qwen' },
      model: ModelSource.fromS3('s3://models/qwen', { credentials: { secretName: 's3' }, endpoint: 'object.ord1.coreweave.com' }),
    });
  }

  test('are printed once, with the construct path, and kept on the construct', () => {
    // GIVEN
    const app = newApp();
    const service = buildLlm(app);

    // WHEN
    const printed = stderrOf(() => app.synth());

    // THEN
    expect(service.warnings).toEqual([S3_WARNING]);
    expect(printed).toBe(`[Warning at llm/Qwen] ${S3_WARNING}\n`);
  });

  test('SynthWarnings.asErrors makes them errors at the construct', () => {
    // GIVEN
    const app = newApp();
    buildLlm(app);
    SynthWarnings.asErrors(app);

    // WHEN / THEN
    expect(() => stderrOf(() => app.synth())).toThrow(`[llm/Qwen] Warning, an error here because warnings are errors: ${S3_WARNING}`);
  });
});

describe('which warnings are printed', () => {
  test('the Knative features warning is left to the feature check when the app has a KnativeFeatureFlags', () => {
    // GIVEN
    const app = Testing.app();
    build(app);
    new KnativeFeatureFlags(new Chart(app, 'features'), 'Features');

    // WHEN
    const printed = stderrOf(() => app.synth());

    // THEN: the service's own warnings still list it
    expect(printed).not.toContain('Knative features');
    expect(printed).toContain(S3_WARNING);
    expect((app.node.findAll().find((c) => c instanceof InferenceService) as InferenceService).warnings).toContain(FEATURES_WARNING);
  });

  test('an app without warnings prints nothing', () => {
    // GIVEN
    const app = Testing.app();
    new InferenceService(new Chart(app, 'serving'), 'Gpt2', { container: { image: 'registry.example.com/server:1' } });

    // WHEN / THEN
    expect(stderrOf(() => app.synth())).toBe('');
  });

  test('a construct added after a synthesis is checked and printed by the next one', () => {
    // GIVEN
    const app = Testing.app();
    new KnativeAutoscalerConfig(new Chart(app, 'platform'), 'Autoscaler', { maxScaleUpRate: 1.5 });
    const first = stderrOf(() => app.synthYaml());

    // WHEN
    new KnativeAutoscalerConfig(new Chart(app, 'other', { namespace: 'other' }), 'Autoscaler', { namespace: 'knative-other', maxScaleUpRate: 2 });
    const second = stderrOf(() => app.synthYaml());

    // THEN
    expect(first.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(second).toContain('[Warning at other/Autoscaler] \'maxScaleUpRate\' is 2');
  });
});
