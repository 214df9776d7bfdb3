import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { ApiObject, App, AppProps, Chart, Size, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { FleetApp, GpuType, InferenceService, ModelCache, ModelFormat, ModelSource } from '../src';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function outdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-app-'));
  outdirs.push(dir);
  return dir;
}

/**
 * An app with what changes the output of `synth()`: several charts, a dependency between two
 * charts (indexed file names), nested charts, objects ordered by a dependency, a chart without
 * dependencies whose objects are not in alphabetical order and have children, and the library's
 * constructs.
 */
function buildApp(app: App): void {
  const plain = new Chart(app, 'plain');
  const zebra = new ApiObject(plain, 'Zebra', { apiVersion: 'v1', kind: 'ConfigMap' });
  new ApiObject(zebra, 'Child', { apiVersion: 'v1', kind: 'ConfigMap' });
  const group = new Construct(plain, 'Group');
  // A chart below a plain construct: cdk8s adds no dependency on it, unlike on a child chart.
  new ApiObject(new Chart(group, 'Inner'), 'Middle', { apiVersion: 'v1', kind: 'ConfigMap' });
  new ApiObject(group, 'Apple', { apiVersion: 'v1', kind: 'Secret' });
  const platform = new Chart(app, 'platform');
  const config = new ApiObject(platform, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
  for (const team of ['team-a', 'team-b']) {
    const chart = new Chart(app, team, { namespace: team });
    const cache = new ModelCache(chart, 'Cache', { source: ModelSource.fromS3('s3://models/gpt2'), modelSize: Size.gibibytes(5) });
    new InferenceService(chart, 'Gpt2', {
      metadata: { name: 'gpt2' },
      modelFormat: ModelFormat.HUGGINGFACE,
      model: ModelSource.fromModelCache(cache),
      gpu: { types: [GpuType.A100_80GB_SXM] },
    });
    const first = new ApiObject(chart, 'First', { apiVersion: 'v1', kind: 'ConfigMap' });
    const second = new ApiObject(chart, 'Second', { apiVersion: 'v1', kind: 'ConfigMap' });
    first.node.addDependency(second);
    new ApiObject(new Chart(chart, 'Nested'), 'Inner', { apiVersion: 'v1', kind: 'ConfigMap' });
  }
  app.node.findChild('team-b').node.addDependency(platform);
  config.metadata.addLabel('tier', 'platform');
}

/** Every file under `dir`, by relative path. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function synthFiles(appClass: new (props: AppProps) => App, props: AppProps = {}): Record<string, string> {
  const app = new appClass({ ...props, outdir: outdir() });
  buildApp(app);
  app.synth();
  return filesOf(app.outdir);
}

describe('FleetApp', () => {
  test.each([
    ['FILE_PER_CHART (the default)', {}],
    ['FILE_PER_APP', { yamlOutputType: YamlOutputType.FILE_PER_APP }],
    ['FILE_PER_RESOURCE', { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE }],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE }],
    ['construct metadata recorded', { recordConstructMetadata: true }],
  ])('writes the same files as App, byte for byte: %s', (_, props: AppProps) => {
    // GIVEN / WHEN
    const expected = synthFiles(App, props);
    const actual = synthFiles(FleetApp, props);

    // THEN
    expect(Object.keys(actual).length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });

  test('chart dependencies keep cdk8s\'s indexed file names, dependencies first', () => {
    // GIVEN / WHEN
    const names = Object.keys(synthFiles(FleetApp));

    // THEN
    expect(names).toHaveLength(7);
    expect(names.every((name) => /^\d{4}-/.test(name))).toBe(true);
    expect(names.findIndex((name) => name.endsWith('-platform.k8s.yaml')))
      .toBeLessThan(names.findIndex((name) => name.endsWith('-team-b.k8s.yaml')));
  });

  test('synthYaml() returns the same YAML as App', () => {
    // GIVEN
    const plain = new App();
    const fleet = new FleetApp();
    buildApp(plain);
    buildApp(fleet);

    // WHEN / THEN
    expect(fleet.synthYaml()).toEqual(plain.synthYaml());
  });

  test('validates every construct once per synth, where App does it again for every chart', () => {
    // GIVEN
    const countValidations = (app: App) => {
      buildApp(app);
      let validations = 0;
      app.node.findChild('platform').node.addValidation({ validate: () => (validations++, []) });
      app.synth();
      return validations;
    };

    // WHEN / THEN
    expect(countValidations(new App({ outdir: outdir() }))).toBe(8); // once, then once per chart (7)
    expect(countValidations(new FleetApp({ outdir: outdir() }))).toBe(1);
  });

  test('a failed validation fails the synth with cdk8s\'s message, and the charts render alone again afterwards', () => {
    // GIVEN
    const app = new FleetApp({ outdir: outdir() });
    buildApp(app);
    const platform = app.node.findChild('platform') as Chart;
    platform.node.addValidation({ validate: () => ['not ready'] });

    // WHEN / THEN
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [platform] not ready');
    expect(Object.prototype.hasOwnProperty.call(platform, 'toJson')).toBe(false);
    expect(() => platform.toJson()).toThrow('[platform] not ready');
  });

  test('a chart that overrides toJson() keeps its override', () => {
    // GIVEN
    class LabelledChart extends Chart {
      public toJson(): any[] {
        return super.toJson().map((object) => ({ ...object, metadata: { ...object.metadata, labels: { rendered: 'by-subclass' } } }));
      }
    }
    const app = new FleetApp({ outdir: outdir() });
    const chart = new LabelledChart(app, 'labelled');
    new ApiObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap' });

    // WHEN
    app.synth();

    // THEN
    expect(readFileSync(join(app.outdir, 'labelled.k8s.yaml'), 'utf8')).toContain('rendered: by-subclass');
  });

  test('takes App\'s props and defaults', () => {
    // GIVEN / WHEN
    const app = new FleetApp({ outputFileExtension: '.yaml' });

    // THEN
    expect(app).toBeInstanceOf(App);
    expect(app.outputFileExtension).toBe('.yaml');
    expect(app.outdir).toBe(new App().outdir);
    expect(app.yamlOutputType).toBe(YamlOutputType.FILE_PER_CHART);
  });

  test('renders charts under constructs that are not charts', () => {
    // GIVEN
    const build = (app: App) => {
      new ApiObject(new Chart(new Construct(app, 'Group'), 'inner'), 'Config', { apiVersion: 'v1', kind: 'ConfigMap' });
      app.synth();
      return filesOf(app.outdir);
    };

    // WHEN
    const files = build(new FleetApp({ outdir: outdir() }));

    // THEN
    expect(Object.values(files).join()).toContain('kind: ConfigMap');
    expect(files).toEqual(build(new App({ outdir: outdir() })));
  });
});
