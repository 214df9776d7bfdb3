/**
 * The shape the property drivers share: recipes of props at each hostility, built where users
 * build them (among several charts, under a long construct path) and synthesized, with the outcome
 * that every construct owes (outcome.ts): the library's own error, or valid objects.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { synthOrLibraryError } from './outcome';
import { HOSTILE, Hostility, MOSTLY_VALID } from './recipes';
import { PROPERTY_TIMEOUT, runs } from './settings';
import { InferenceService, ModelFormat, ModelSource } from '../../src';

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
 * One test per hostility, `hostile props` (hammering the checks) and `mostly valid props`
 * (reaching the rendering behind them): any recipe either fails with the library's own error or
 * synthesizes objects that pass outcome.ts's checks and `expectObjects`.
 */
export function testSynthesisProperty<R>(property: SynthesisProperty<R>): void {
  const prefix = property.subject === undefined ? '' : `${property.subject}, `;
  const hostilities: [string, Hostility][] = [[`${prefix}hostile props`, HOSTILE], [`${prefix}mostly valid props`, MOSTLY_VALID]];
  test.each(hostilities)('%s', (_name, hostility) => {
    fc.assert(fc.property(property.recipe(hostility), (recipe) => {
      const restricted = typeof property.restricted === 'function' ? property.restricted(recipe) : property.restricted;
      const manifests = synthOrLibraryError(() => property.build(recipe), { restricted });
      if (manifests !== undefined) property.expectObjects?.(manifests);
    }), { numRuns: runs(property.runs) });
  }, PROPERTY_TIMEOUT);
}

/** How many charts the app holds. */
export const chartCount = fc.integer({ min: 1, max: 3 });
/** How many constructs deep below its chart a construct is built. */
export const scopeDepth = fc.integer({ min: 0, max: 4 });

/** A scope `depth` levels deep under long construct ids in one of `charts` charts, each other chart holding a service. */
export function scopeAmongCharts(app: App, charts: number, depth: number): Construct {
  for (let index = 1; index < charts; index++) {
    new InferenceService(new Chart(app, `other-${index}`), 'Llm', { modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromHuggingFace('org/model') });
  }
  let scope: Construct = new Chart(app, 'platform-team-inference-chart');
  for (let level = 0; level < depth; level++) scope = new Construct(scope, `Level${level}WithAVeryLongConstructIdForPaths`);
  return scope;
}
