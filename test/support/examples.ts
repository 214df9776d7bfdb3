import { Testing } from 'cdk8s';
import { synthValid } from './synth';
import { EXAMPLES } from '../../examples';

export { EXAMPLES };

/** Synthesizes one example of the gallery in a fresh test app, checking every object it writes. */
export function synthExample(name: string): any[] {
  return synthValid(EXAMPLES[name](Testing.app(), name));
}
