/**
 * An experiment, not part of `npm run bench` (`side.js --single-pass-synth`): cdk8s 2.70 writes
 * each chart through `App._synthChart`, which resolves the dependencies and runs the validations
 * of the whole app every time, so `app.synth()` walks every construct once per chart. This makes
 * the first chart do both for the app and the others only render their own objects, in the same
 * order: what synthesis would cost if cdk8s prepared the app once.
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';

interface ChartSynthesizer {
  _synthChart(chart: Chart): unknown[];
}

export function prepareAppOncePerSynth(): void {
  const synthesizer = App as unknown as ChartSynthesizer;
  const perChart = synthesizer._synthChart;
  const prepared = new WeakSet<App>();
  synthesizer._synthChart = (chart: Chart) => {
    const app = App.of(chart);
    if (!prepared.has(app)) {
      prepared.add(app);
      return perChart.call(App, chart);
    }
    return new DependencyGraph(chart.node).topology()
      .filter((construct): construct is ApiObject => construct instanceof ApiObject && Chart.of(construct) === chart)
      .map((object) => object.toJson());
  };
}
