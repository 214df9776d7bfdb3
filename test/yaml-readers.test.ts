import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { hostileNumber, hostileString } from './properties/hostile';
import { runs } from './properties/settings';
import { readBothWays, readLikeKubernetes, readYaml12 } from './support/yaml-readers';

/** A manifest-like document of hostile keys and values, as cdk8s writes them. */
const document = fc.dictionary(hostileString, fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 })), { maxKeys: 5 });

/** What a read gives: its value, or the message of what it throws. */
function outcomeOf(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

test('one parse reads the YAML as each reader does on its own (property)', () => {
  fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), (documents) => {
    const yaml = Yaml.stringify(...documents);
    const apart = outcomeOf(() => ({ yaml12: readYaml12(yaml), kubernetes: readLikeKubernetes(yaml) }));
    expect(outcomeOf(() => readBothWays(yaml))).toEqual(apart);
  }), { numRuns: runs(300) });
});

test('YAML 1.1 words and Go numbers read apart, and a plain merge key is refused, from one parse as from two', () => {
  const yaml = 'a: yes\nb: 0o17\nc: 0X1F\nd: "yes"\ne: ~\nf: 1_000\n1: one\ng: 0017\nh: .inf\n';
  expect(readBothWays(yaml)).toEqual({ yaml12: readYaml12(yaml), kubernetes: readLikeKubernetes(yaml) });
  expect(readBothWays(yaml).kubernetes).toEqual([{ a: true, b: 15, c: 31, d: 'yes', e: null, f: 1000, 1: 'one', g: 15, h: Infinity }]);
  expect(() => readBothWays('<<: {a: 1}\n')).toThrow('a plain << key is a merge key to go-yaml');
  expect(() => readLikeKubernetes('<<: {a: 1}\n')).toThrow('a plain << key is a merge key to go-yaml');
});
