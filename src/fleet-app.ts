import { ApiObject, App, AppProps, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * A cdk8s `App` for repos with many charts: it validates the app and resolves its dependencies
 * once per synthesis, where cdk8s 2.70 does both for the whole app again for every chart it
 * writes. With 200 charts of 50 services each, that is the difference between walking every
 * construct once and walking it 200 times (docs/benchmarks.md).
 *
 * A drop-in replacement: same props, same files, byte for byte. `synth()` and `synthYaml()`
 * validate and resolve dependencies first, as `App` does, and then write each chart from its own
 * objects. A chart class that overrides `toJson()` keeps its override, and with it the
 * per-chart passes.
 */
export class FleetApp extends App {
  /** The tree as one walk found it, while `synth()` or `synthYaml()` runs. */
  private synthesisTree?: TreeIndex;

  constructor(props: AppProps = {}) {
    super(props);
  }

  /**
   * The charts of the app, in the order `App.charts` gives: dependencies first. Without any
   * dependency in the app, the order is found without building the app's dependency graph, which
   * keys every construct by its path.
   */
  public get charts(): Chart[] {
    const tree = this.synthesisTree ?? new TreeIndex(this);
    // cdk8s adds chart dependencies while it prepares a synthesis, just before it asks for the
    // charts. Without any, the graph's order is the tree's pre-order: both come from objects keyed
    // by id or path.
    return tree.findDependencies() ? super.charts : [...tree.charts];
  }

  /** Synthesizes all manifests to the output directory, preparing the app once. */
  public synth(): void {
    this.withChartsRenderedAlone(() => super.synth());
  }

  /** Synthesizes the app into a YAML string, preparing the app once. */
  public synthYaml(): string {
    return this.withChartsRenderedAlone(() => super.synthYaml());
  }

  /**
   * Runs `synthesize` with every chart's `toJson()` rendering only the chart's own objects.
   * `App.synth()` and `App.synthYaml()` prepare the whole app before they write the first
   * chart; `Chart.toJson()` prepares it again, which is only needed when a chart is rendered
   * on its own.
   */
  private withChartsRenderedAlone<T>(synthesize: () => T): T {
    const tree = new TreeIndex(this);
    const charts = tree.charts.filter((chart) => chart.toJson === Chart.prototype.toJson);
    for (const chart of charts) {
      Object.defineProperty(chart, 'toJson', { value: () => tree.renderOwnObjects(chart), configurable: true, writable: true });
    }
    this.synthesisTree = tree;
    try {
      return synthesize();
    } finally {
      this.synthesisTree = undefined;
      for (const chart of charts) delete (chart as { toJson?: unknown }).toJson;
    }
  }
}

/**
 * The constructs of an app in the tree's pre-order, each with the chart it belongs to, from one
 * walk: cdk8s's own passes each walk the tree again, and its dependency graph keys every
 * construct by its path.
 */
class TreeIndex {
  /** Every chart, in pre-order. */
  public readonly charts: Chart[] = [];
  private readonly constructs: IConstruct[] = [];
  /** The chart of each construct (itself for a chart), by index in `constructs`. */
  private readonly chartOf: (Chart | undefined)[] = [];
  private readonly parentChart = new Map<Chart, Chart | undefined>();
  /** Each chart's own objects, not those of its nested charts, in pre-order. */
  private readonly ownObjects = new Map<Chart, ApiObject[]>();
  /** Charts with a dependency on or below them, nested charts included. */
  private chartsWithDependencies?: Set<Chart>;

  constructor(root: IConstruct) {
    this.visit(root, undefined);
  }

  /**
   * Finds which charts have a dependency on or below them, and keeps them for the renderings that
   * follow: cdk8s adds no dependency once it asks for the charts. Returns whether any construct of
   * the app has a dependency.
   */
  public findDependencies(): boolean {
    const charts = new Set<Chart>();
    let any = false;
    for (let index = 0; index < this.constructs.length; index++) {
      if (this.constructs[index].node.dependencies.length === 0) continue;
      any = true;
      for (let chart = this.chartOf[index]; chart && !charts.has(chart); chart = this.parentChart.get(chart)) charts.add(chart);
    }
    this.chartsWithDependencies = charts;
    return any;
  }

  /** What `Chart.toJson()` renders, without preparing the app: the chart's objects in dependency order. */
  public renderOwnObjects(chart: Chart): any[] {
    if (!this.chartsWithDependencies) this.findDependencies();
    const dependent = this.chartsWithDependencies!.has(chart);
    const ordered = dependent
      ? new DependencyGraph(chart.node).topology()
        .filter((construct): construct is ApiObject => construct instanceof ApiObject && Chart.of(construct) === chart)
      : this.ownObjects.get(chart) ?? [];
    return ordered.map((object) => object.toJson());
  }

  private visit(construct: IConstruct, owner: Chart | undefined): void {
    let chart = owner;
    if (Chart.isChart(construct)) {
      this.parentChart.set(construct, owner);
      this.ownObjects.set(construct, []);
      this.charts.push(construct);
      chart = construct;
    } else if (owner && construct instanceof ApiObject) {
      this.ownObjects.get(owner)!.push(construct);
    }
    this.constructs.push(construct);
    this.chartOf.push(chart);
    for (const child of construct.node.children) this.visit(child, chart);
  }
}
