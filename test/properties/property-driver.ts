/**
 * The shape the property drivers share: recipes of props at each hostility, built where users
 * build them (among several charts, under a long construct path) and synthesized, with the outcome
 * that every construct owes (outcome.ts): the library's own error, or valid objects.
 */
import { App, Chart, ChartProps, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { synthOrLibraryError } from './outcome';
import { HOSTILE, Hostility, MOSTLY_VALID, ONE_HOSTILE_VALUE } from './recipes';
import { PROPERTY_TIMEOUT, runs } from './settings';
import { InferenceService, ModelFormat, ModelSource } from '../../src';
import { warningOutput } from '../../src/_app-checks';

/** A property of a construct: its recipes, how to build one, and what else its objects must hold. */
export interface SynthesisProperty<R> {
  /** The recipes at a hostility: plain data, turned into props only in `build`. */
  readonly recipe: (hostility: Hostility) => fc.Arbitrary<R>;
  /** Builds a chart or an app from a recipe (inside the property, so that a factory's error is an outcome). */
  readonly build: (recipe: R) => Chart | App;
  /** Whether the pods must meet the restricted Pod Security profile, for every recipe or per recipe. */
  readonly restricted: boolean | ((recipe: R) => boolean);
  /** The runs per hostility (`FC_RUNS` overrides it: settings.ts). */
  readonly runs: number;
  /** What the property checks besides the outcome, on the objects when the build succeeds. */
  readonly expectObjects?: (manifests: any[]) => void;
  /** What the tests' names start with, where one `describe` holds the properties of several subjects. */
  readonly subject?: string;
}

/**
 * One test per hostility, `hostile props` (hammering the checks, and a quarter of the runs with one
 * hostile value or none, which often synthesize) and `mostly valid props` (reaching the rendering
 * behind them): any recipe either fails with the library's own error or synthesizes objects that
 * pass outcome.ts's checks and `expectObjects`. Each test synthesizes in some runs, or it would
 * check no objects.
 */
export function testSynthesisProperty<R>(property: SynthesisProperty<R>): void {
  const prefix = property.subject === undefined ? '' : `${property.subject}, `;
  const hostile = fc.oneof({ arbitrary: property.recipe(HOSTILE), weight: 3 }, { arbitrary: property.recipe(ONE_HOSTILE_VALUE), weight: 1 });
  const hostilities: [string, fc.Arbitrary<R>][] = [[`${prefix}hostile props`, hostile], [`${prefix}mostly valid props`, property.recipe(MOSTLY_VALID)]];
  test.each(hostilities)('%s', (_name, recipes) => {
    // The app's warnings are no outcome: the property checks errors and objects.
    const quiet = jest.spyOn(warningOutput, 'write').mockImplementation(() => undefined);
    let synthesized = 0;
    const numRuns = runs(property.runs);
    fc.assert(fc.property(recipes, (recipe) => {
      const restricted = typeof property.restricted === 'function' ? property.restricted(recipe) : property.restricted;
      const manifests = synthOrLibraryError(() => property.build(recipe), { restricted });
      if (manifests === undefined) return;
      synthesized++;
      property.expectObjects?.(manifests);
    }), { numRuns });
    quiet.mockRestore();
    if (numRuns >= 100) expect(synthesized).toBeGreaterThan(numRuns / 100);
  }, PROPERTY_TIMEOUT);
}

/** How many charts the app holds. */
export const chartCount = fc.integer({ min: 1, max: 3 });
/** How many constructs deep below its chart a construct is built. */
export const scopeDepth = fc.integer({ min: 0, max: 4 });

/**
 * Construct ids as users write them, and as they break the names derived from a path: upper case,
 * '_', '.', a leading digit or '-', unicode that normalizes to nothing, ids at and far beyond a
 * name's length, and ids that normalize to the same name.
 */
export const constructId = fc.oneof(
  { arbitrary: fc.constantFrom('Service', 'gpt2', 'Llama3'), weight: 2 },
  {
    arbitrary: fc.constantFrom('My_Model', 'my-model', 'my.model', 'MY-MODEL', 'Model.', 'Model_', '-model-', '_', '.', '2024-model', 'Llama3.1',
      '模型', '🚀', 'naïve', 'a b', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(300), `${'a'.repeat(300)}b`),
    weight: 3,
  },
  // constructs refuses an empty id (only the root has one), and keeps children in a plain object, where
  // 'constructor' and its like already are: programming errors outside the library, not props.
  { arbitrary: fc.fullUnicodeString({ minLength: 1, maxLength: 12 }).filter((id) => !(id in {})), weight: 1 },
);

/**
 * Where a property builds its subject: among `charts` charts, `depth` levels below a chart (with
 * or without cdk8s's name hashes), under the id `id`; with `twin`, once more at the same path in
 * a chart whose id differs only in case, so that names given in props, and names derived from the
 * path without hashes, are the same: the library refuses the second writer of an object.
 */
export const placement = fc.record({
  charts: chartCount,
  depth: scopeDepth,
  id: constructId,
  nameHashes: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  twin: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
});

export type Placement = typeof placement extends fc.Arbitrary<infer T> ? T : never;

/**
 * An app (`app`, or a new one) holding what `build` builds into a scope under an id at the
 * placement (twice with a twin), in charts with `chartProps` (a namespace, say) besides the hashes.
 */
export function buildPlaced(
  where: Placement, build: (scope: Construct, id: string) => void, chartProps: ChartProps = {}, app: App = Testing.app(),
): App {
  const placedChartProps = { ...chartProps, disableResourceNameHashes: !where.nameHashes };
  build(scopeAmongCharts(app, where.charts, where.depth, placedChartProps), where.id);
  if (where.twin) build(scopeBelow(new Chart(app, 'Platform-Team-Inference-Chart', placedChartProps), where.depth), where.id);
  return app;
}

/** A scope `depth` levels deep under long construct ids in one of `charts` charts, each other chart holding a service. */
export function scopeAmongCharts(app: App, charts: number, depth: number, chartProps: ChartProps = {}): Construct {
  for (let index = 1; index < charts; index++) {
    new InferenceService(new Chart(app, `other-${index}`), 'Llm', { modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model') });
  }
  return scopeBelow(new Chart(app, 'platform-team-inference-chart', chartProps), depth);
}

function scopeBelow(chart: Chart, depth: number): Construct {
  let scope: Construct = chart;
  for (let level = 0; level < depth; level++) scope = new Construct(scope, `Level${level}WithAVeryLongConstructIdForPaths`);
  return scope;
}
