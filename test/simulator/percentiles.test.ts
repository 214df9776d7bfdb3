import * as fc from 'fast-check';
import '../properties/settings'; // the fixed seed of the property tests
import { percentiles } from '../../src/simulator/_percentiles';

test('nearest-rank percentiles; 0 without values', () => {
  expect(percentiles(Float64Array.from([5, 1, 4, 2, 3]), [0.5, 0.99, 1])).toEqual([3, 5, 5]);
  expect(percentiles(new Float64Array(0), [0.5, 1])).toEqual([0, 0]);
});

test('property: quickselect gives what a sort gives, duplicates included', () => {
  const values = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 });
  const percents = fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1 });
  fc.assert(fc.property(values, percents, (list, chosen) => {
    const ps = chosen.map((p) => p / 100).sort((a, b) => a - b);
    const sorted = [...list].sort((a, b) => a - b);
    const want = ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]);
    return JSON.stringify(percentiles(Float64Array.from(list), ps)) === JSON.stringify(want);
  }));
});
