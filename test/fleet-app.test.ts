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
 * charts (indexed file names), nested charts, objects ordered by a dependency, one of them in a
 * chart nested below a plain construct (which orders the outer chart's objects too), and the
 * library's constructs.
 */
function buildWithDependencies(app: App): void {
  const group = buildPlainChart(app, 'plain').node.findChild('Group');
  // An object of a chart below a plain construct that depends on an object of the outer chart:
  // cdk8s then orders the outer chart's objects by that dependency as well.
  group.node.findChild('Inner').node.findChild('Middle').node.addDependency(group.node.findChild('Apple'));
  const platform = new Chart(app, 'platform');
  const config = new ApiObject(platform, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
  for (const team of ['team-a', 'team-b']) {
    const chart = buildTeam(app, team);
    const first = new ApiObject(chart, 'First', { apiVersion: 'v1', kind: 'ConfigMap' });
    const second = new ApiObject(chart, 'Second', { apiVersion: 'v1', kind: 'ConfigMap' });
    first.node.addDependency(second);
    new ApiObject(new Chart(chart, 'Nested'), 'Inner', { apiVersion: 'v1', kind: 'ConfigMap' });
  }
  app.node.findChild('team-b').node.addDependency(platform);
  config.metadata.addLabel('tier', 'platform');
}

/**
 * A fleet without a single dependency, where FleetApp orders charts and objects without cdk8s's
 * dependency graph: chart ids that JavaScript orders as array indices ("2024", "7"), charts below
 * plain constructs, objects with children.
 */
function buildWithoutDependencies(app: App): void {
  buildTeam(app, 'team-z');
  buildTeam(app, '2024');
  buildPlainChart(app, 'plain');
  buildTeam(app, '7');
  new ApiObject(new Chart(new Construct(app, 'Region'), 'ord1'), 'Quota', { apiVersion: 'v1', kind: 'ResourceQuota' });
  buildTeam(app, 'team-a');
}

function buildTeam(app: App, name: string): Chart {
  const chart = new Chart(app, name, { namespace: `ns-${name}` });
  const cache = new ModelCache(chart, 'Cache', { source: ModelSource.fromS3('s3://models/gpt2'), modelSize: Size.gibibytes(5) });
  new InferenceService(chart, 'Gpt2', {
    metadata: { name: 'gpt2' },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromModelCache(cache),
    gpu: { types: [GpuType.A100_80GB_SXM] },
  });
  return chart;
}

function buildPlainChart(app: App, name: string): Chart {
  const plain = new Chart(app, name);
  const zebra = new ApiObject(plain, 'Zebra', { apiVersion: 'v1', kind: 'ConfigMap' });
  new ApiObject(zebra, 'Child', { apiVersion: 'v1', kind: 'ConfigMap' });
  const group = new Construct(plain, 'Group');
  // A chart below a plain construct: cdk8s adds no dependency on it, unlike on a child chart.
  new ApiObject(new Chart(group, 'Inner'), 'Middle', { apiVersion: 'v1', kind: 'ConfigMap' });
  new ApiObject(group, 'Apple', { apiVersion: 'v1', kind: 'Secret' });
  return plain;
}

const BUILDERS: [string, (app: App) => void][] = [['with dependencies', buildWithDependencies], ['without dependencies', buildWithoutDependencies]];

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

function synthFiles(appClass: new (props: AppProps) => App, props: AppProps = {}, build = buildWithDependencies): Record<string, string> {
  const app = new appClass({ ...props, outdir: outdir() });
  build(app);
  app.synth();
  return filesOf(app.outdir);
}

describe('FleetApp', () => {
  const outputTypes: [string, AppProps][] = [
    ['FILE_PER_CHART (the default)', {}],
    ['FILE_PER_APP', { yamlOutputType: YamlOutputType.FILE_PER_APP }],
    ['FILE_PER_RESOURCE', { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE }],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE }],
    ['construct metadata recorded', { recordConstructMetadata: true }],
  ];
  test.each(BUILDERS.flatMap(([app, build]) => outputTypes.map(([output, props]) => [app, output, props, build] as const)))(
    'writes the same files as App, byte for byte: an app %s, %s', (_app, _output, props, build) => {
      // GIVEN / WHEN
      const expected = synthFiles(App, props, build);
      const actual = synthFiles(FleetApp, props, build);

      // THEN
      expect(Object.keys(actual).length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });

  test.each(BUILDERS)('lists the charts in the order of App.charts: an app %s', (_app, build) => {
    // GIVEN
    const plain = new App();
    const fleet = new FleetApp();
    build(plain);
    build(fleet);

    // WHEN
    const paths = fleet.charts.map((chart) => chart.node.path);

    // THEN
    expect(paths).toEqual(plain.charts.map((chart) => chart.node.path));
    expect(new Set(paths).size).toBeGreaterThanOrEqual(5);
  });

  test('orders charts as App does without dependencies, numeric ids first as JavaScript keys them', () => {
    // GIVEN
    const app = new FleetApp();
    buildWithoutDependencies(app);

    // WHEN / THEN
    expect(app.charts.map((chart) => chart.node.path)).toEqual(['7', '2024', 'team-z', 'plain', 'plain/Group/Inner', 'Region/ord1', 'team-a']);
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
    buildWithDependencies(plain);
    buildWithDependencies(fleet);

    // WHEN / THEN
    expect(fleet.synthYaml()).toEqual(plain.synthYaml());
  });

  test('validates every construct once per synth, where App does it again for every chart', () => {
    // GIVEN
    const countValidations = (app: App) => {
      buildWithDependencies(app);
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
    buildWithDependencies(app);
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
