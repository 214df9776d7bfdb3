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
  constructor(props: AppProps = {}) {
    super(props);
  }

  /**
   * The charts of the app, in the order `App.charts` gives: dependencies first. Without any
   * dependency in the app, the order is found without building the app's dependency graph, which
   * keys every construct by its path.
   */
  public get charts(): Chart[] {
    const constructs = this.node.findAll();
    if (constructs.some((construct) => construct.node.dependencies.length > 0)) return super.charts;
    // The graph's order is then the tree's pre-order: both come from objects keyed by id or path.
    return constructs.filter((construct): construct is Chart => Chart.isChart(construct));
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
    const charts = this.node.findAll().filter((construct): construct is Chart =>
      Chart.isChart(construct) && construct.toJson === Chart.prototype.toJson);
    for (const chart of charts) {
      Object.defineProperty(chart, 'toJson', { value: () => renderOwnObjects(chart), configurable: true, writable: true });
    }
    try {
      return synthesize();
    } finally {
      for (const chart of charts) delete (chart as { toJson?: unknown }).toJson;
    }
  }
}

/** What `Chart.toJson()` renders, without preparing the app: the chart's objects in dependency order. */
function renderOwnObjects(chart: Chart): any[] {
  const objects: ApiObject[] = [];
  const ordered = collectWithoutDependencies(chart, objects) ? objects : new DependencyGraph(chart.node).topology()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject && Chart.of(construct) === chart);
  return ordered.map((object) => object.toJson());
}

/**
 * Collects the chart's own objects in the construct tree's pre-order, which is the order of cdk8s's
 * dependency graph when nothing in the chart has a dependency; returns false as soon as something
 * has one. Cheaper than the graph, which keys every construct by its path.
 */
function collectWithoutDependencies(construct: IConstruct, objects: ApiObject[], inNestedChart: boolean = false): boolean {
  if (construct.node.dependencies.length > 0) return false;
  if (construct instanceof ApiObject && !inNestedChart) objects.push(construct);
  for (const child of construct.node.children) {
    if (!collectWithoutDependencies(child, objects, inNestedChart || Chart.isChart(child))) return false;
  }
  return true;
}

