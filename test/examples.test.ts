import { Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { synthValid } from './support/synth';

describe('every example synthesizes and every object passes the schema checks', () => {
  test.each(Object.keys(EXAMPLES))('%s', (name) => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    const chart = EXAMPLES[name](app, name);

    // THEN
    expect(chart.node.id).toBe(name);
    expect(synthValid(chart)).toMatchSnapshot();
  });
});
