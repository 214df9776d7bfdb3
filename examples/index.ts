/**
 * The examples gallery: one chart per scenario. `app.ts` synthesizes every entry into
 * `dist/<name>.k8s.yaml`, and test/examples.test.ts validates every object they emit.
 */
import { App, Chart } from 'cdk8s';

/** Adds one example chart, named after the example, to an app. */
export type ExampleFactory = (app: App, name: string) => Chart;

/** Example name (the chart and output file name) -> factory. Add new examples here. */
export const EXAMPLES: Record<string, ExampleFactory> = {
};
