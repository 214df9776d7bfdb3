import { App, Chart, Testing } from 'cdk8s';
import { expectValidManifests } from './manifest-schema';

/** A chart in a fresh test app. */
export function testChart(namespace?: string): Chart {
  const app = Testing.app();
  return new Chart(app, 'test', { namespace });
}

/** Synthesizes a chart and checks every object against the real schemas before returning it. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
  return manifests;
}

/** Synthesizes every chart of an app, checking every object. */
export function synthAppValid(app: App): any[] {
  return app.charts.flatMap((chart) => synthValid(chart));
}
