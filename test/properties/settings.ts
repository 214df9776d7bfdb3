/**
 * fast-check settings shared by the property tests: a fixed seed, so that `npm test` explores the
 * same inputs on every run, and a run count per property sized for the test budget. Search much
 * further locally with another seed and more runs:
 *
 *   FC_SEED=7 FC_RUNS=100000 npx jest test/properties
 */
import * as fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** The number of runs of a property: `FC_RUNS` when set, else the property's default. */
export function runs(defaultRuns: number): number {
  return Number(process.env.FC_RUNS ?? defaultRuns);
}

/** A long search must not hit jest's per-test timeout. */
export const PROPERTY_TIMEOUT = process.env.FC_RUNS ? 24 * 3_600_000 : 60_000;
