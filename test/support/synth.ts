import { App, Chart, Testing } from 'cdk8s';
import { expectValidManifests } from './manifest-schema';
import { InferenceService, InferenceServiceProps } from '../../src';

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

/** The problem lines of the error an InferenceService throws for these props, or [] when it is built. */
export function serviceProblems(props: InferenceServiceProps): string[] {
  try {
    new InferenceService(testChart(), 'Service', props);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map((line) => line.replace(/^ {2}- /, ''));
  }
}
