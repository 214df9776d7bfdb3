/**
 * A provider's token anywhere in what a manifest holds in plain text (args, a container's command
 * and args, env values, an exec probe's command, vLLM arguments), amid hostile strings and at any
 * position in them, built where users build it (property-driver.ts's placement: several charts, a
 * long construct path, hostile ids, twins): it is refused,
 * as the library's own error naming the prop, and no error message shows it, whatever else is wrong.
 * And the value of an env variable named for a credential, in every env map: no message shows it,
 * whatever is wrong with it (a string a YAML reader takes for a number, a wrong type) or around it.
 */
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { dnsLabel, hostileString } from './hostile';
import { libraryErrorMessage } from './outcome';
import { buildPlaced, Placement, placement } from './property-driver';
import { PROPERTY_TIMEOUT, runs } from './settings';
import { InferenceService, LLMInferenceService, ModelFormat, ModelSource, ServingApi, ServingProbe } from '../../src';

/** The message of the error that building at a placement (under its id, twice with a twin) and synthesizing throws (undefined if none). */
function errorOf(where: Placement, build: (scope: Construct, id: string) => void): string | undefined {
  return libraryErrorMessage(() => buildPlaced(where, build).synth());
}

/** Whether the construct id holds a secret (the id 'a'.repeat(300) holds a token body of only 'a's): messages show the path, so they would too. */
const idHolds = (where: Placement, secret: string) => where.id.includes(secret);

const CUSTOM = { api: ServingApi.KNATIVE_SERVICE, container: { image: 'vllm/vllm-openai:v0.6.3' } };

/** Each place a plain-text value reaches the library: the prop that its message names, and how to build with the value there. */
const PLACES: Record<string, (scope: Construct, id: string, value: string, name: string) => void> = {
  'args': (scope, id, value, name) => new InferenceService(scope, id, { ...CUSTOM, metadata: { name }, args: ['--port=8080', value] }),
  'container.command': (scope, id, value, name) => new InferenceService(scope, id, {
    ...CUSTOM, metadata: { name }, container: { image: 'v:1', command: ['sh', '-c', value] },
  }),
  'container.args': (scope, id, value, name) => new InferenceService(scope, id, { ...CUSTOM, metadata: { name }, container: { image: 'v:1', args: [value] } }),
  'env.SETTING': (scope, id, value, name) => new InferenceService(scope, id, { ...CUSTOM, metadata: { name }, env: { SETTING: value } }),
  'transformer.env.SETTING': (scope, id, value, name) => new InferenceService(scope, id, {
    metadata: { name },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromHuggingFace('org/model'),
    transformer: { container: { image: 't:1' }, env: { SETTING: value } },
  }),
  'probes.readiness.command': (scope, id, value, name) => new InferenceService(scope, id, {
    ...CUSTOM, metadata: { name }, probes: { readiness: ServingProbe.exec(['sh', '-c', value]) },
  }),
  'vllmArgs': (scope, id, value, name) => new LLMInferenceService(scope, id, {
    metadata: { name }, model: ModelSource.fromHuggingFace('org/model'), vllmArgs: ['--max-model-len=8192', value],
  }),
};

/** Tokens as Hugging Face and GitHub issue them: the token, and its body, which no message may show. */
const token = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{34}$/).map((body) => ({ token: `hf_${body}`, body })),
  fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((body) => ({ token: `ghp_${body}`, body })),
);

/** What may stand just before the token: nothing, a separator, or a parameter or URL that a redaction reads. */
const context = fc.constantFrom('', ' ', '=', ';', '&', '"', '\'', '\\"', '/', '@', '$', '$(', '?token=', '?token=$', '--api-key=', 'HF_TOKEN=',
  'SECRET_DIR=', '?key=', 'https://', 'https://robot:', '--url=https://h/m?sig=', '-----BEGIN PRIVATE KEY-----', 'xoxb-0123456789-',
  'sk-proj-', 'AKIA', 'eyJhbGciOiJIUzI1NiJ9.');

/** A token inserted at any position of a hostile string, after a context. */
const valueWithToken = fc.tuple(token, hostileString, fc.nat(), context).map(([{ token: secret, body }, around, position, before]) => {
  const at = position % (around.length + 1);
  return { value: `${around.slice(0, at)}${before}${secret}${around.slice(at)}`, body };
});

const place = fc.constantFrom(...Object.keys(PLACES));

test('a provider token anywhere in a plain-text value is refused, naming the prop, and not shown (property)', () => {
  fc.assert(fc.property(valueWithToken, place, placement, ({ value, body }, at, where) => {
    fc.pre(!idHolds(where, body));
    // GIVEN / WHEN
    const message = errorOf(where, (scope, id) => PLACES[at](scope, id, value, 'llm'));

    // THEN
    expect(message).toMatch(new RegExp(`\\n {2}- '${at.replace(/\./g, '\\.')}' is "[^\\n]*": holds what looks like a credential, `));
    expect(message).not.toContain(body);
  }), { numRuns: runs(300) });
}, PROPERTY_TIMEOUT);

test('no message shows the token, whatever else is wrong: a hostile service name, the token in it too (property)', () => {
  const name = fc.oneof(hostileString, valueWithToken.map(({ value }) => value));
  fc.assert(fc.property(valueWithToken, name, place, placement, ({ value, body }, serviceName, at, where) => {
    fc.pre(!idHolds(where, body));
    // GIVEN / WHEN
    const message = errorOf(where, (scope, id) => PLACES[at](scope, id, value, serviceName));

    // THEN: refused, for the token or for the name first
    expect(message).toBeDefined();
    expect(message).not.toContain(body);
    expect(message).not.toMatch(/(hf|ghp)_[A-Za-z0-9]{20}/);
  }), { numRuns: runs(300) });
}, PROPERTY_TIMEOUT);

/**
 * A password as curl's -u and --user take it, after `user:` (curl's tool_paramhlp.c, checkpasswd):
 * an upper-case letter first, so that no hostile string ('a'.repeat(64)) holds it by chance.
 */
const password = fc.stringMatching(/^[A-Z][a-z0-9]{6,12}[0-9][A-Za-z0-9_.!*~+-]{0,8}$/);

/** curl's options that take `user:password`, as a command line writes them, quoted or not. */
const userOption = fc.tuple(fc.constantFrom(' curl -u ', ' curl -fsS --user ', ' curl --user=', ' /usr/bin/curl -u', ' curl -L -u \'', ' curl -u "'), dnsLabel)
  .map(([option, user]) => `${option}${user}:`);

test('a password given to curl\'s -u or --user amid a hostile string is refused, naming the prop, and not shown (property)', () => {
  const value = fc.tuple(password, hostileString, fc.nat(), userOption).map(([secret, around, position, before]) => {
    const at = position % (around.length + 1);
    return { value: `${around.slice(0, at)}${before}${secret}${around.slice(at)}`, body: secret };
  });
  fc.assert(fc.property(value, place, placement, ({ value: text, body }, at, where) => {
    fc.pre(!idHolds(where, body));
    // GIVEN / WHEN
    const message = errorOf(where, (scope, id) => PLACES[at](scope, id, text, 'llm'));

    // THEN
    expect(message).toMatch(new RegExp(`\\n {2}- '${at.replace(/\./g, '\\.')}' is "[^\\n]*": holds what looks like a credential, `));
    expect(message).not.toContain(body);
  }), { numRuns: runs(200) });
}, PROPERTY_TIMEOUT);

/** curl run by an array of arguments, and its password as one item or two: the prop its message names, and how to build with it. */
const CURL_ITEMS: Record<string, (scope: Construct, id: string, items: string[], name: string) => void> = {
  'probes.readiness.command': (scope, id, items, name) => new InferenceService(scope, id, {
    ...CUSTOM, metadata: { name }, probes: { readiness: ServingProbe.exec(['curl', '-fsS', ...items, 'http://localhost:8080/health']) },
  }),
  'container.args': (scope, id, items, name) => new InferenceService(scope, id, {
    ...CUSTOM, metadata: { name }, container: { image: 'curlimages/curl:8.11.1', command: ['curl'], args: ['-L', ...items, 'https://h/m.tar'] },
  }),
};

test('a password given to curl\'s -u or --user as items of an array is refused, and not shown, whatever the service name (property)', () => {
  const items = fc.tuple(fc.constantFrom('-u', '--user', '--user=', '-u'), dnsLabel, password)
    .map(([option, user, secret]) => ({ items: option.endsWith('=') ? [`${option}${user}:${secret}`] : [option, `${user}:${secret}`], body: secret }));
  fc.assert(fc.property(items, fc.constantFrom(...Object.keys(CURL_ITEMS)), fc.oneof(fc.constant('llm'), hostileString), placement,
    ({ items: given, body }, at, name, where) => {
      fc.pre(!idHolds(where, body));
      // GIVEN / WHEN
      const message = errorOf(where, (scope, id) => CURL_ITEMS[at](scope, id, given, name));

      // THEN: refused when nothing else is wrong, and never shown
      if (name === 'llm') expect(message).toContain(`'${at}' is `);
      expect(message ?? '').not.toContain(body);
    }), { numRuns: runs(200) });
}, PROPERTY_TIMEOUT);

/** Each env map of the library: the path its messages name, and how to build with a variable in it. */
const ENV_PLACES: Record<string, (scope: Construct, id: string, env: Record<string, unknown>, name: string) => void> = {
  'env': (scope, id, env, name) => new InferenceService(scope, id, { ...CUSTOM, metadata: { name }, env: env as Record<string, string> }),
  'transformer.env': (scope, id, env, name) => new InferenceService(scope, id, {
    metadata: { name },
    modelFormat: ModelFormat.HUGGINGFACE,
    model: ModelSource.fromHuggingFace('org/model'),
    transformer: { container: { image: 't:1' }, env: env as Record<string, string> },
  }),
  'llm env': (scope, id, env, name) => new LLMInferenceService(scope, id, {
    metadata: { name }, model: ModelSource.fromHuggingFace('org/model'), env: env as Record<string, string>,
  }),
  'prefill.env': (scope, id, env, name) => new LLMInferenceService(scope, id, {
    metadata: { name }, model: ModelSource.fromHuggingFace('org/model'), gpu: { count: 1 }, prefill: { replicas: 2, env: env as Record<string, string> },
  }),
  'worker.env': (scope, id, env, name) => new LLMInferenceService(scope, id, {
    metadata: { name },
    model: ModelSource.fromHuggingFace('org/model'),
    gpu: { count: 4 },
    parallelism: { pipeline: 2, tensor: 4 },
    worker: { env: env as Record<string, string> },
  }),
};

/** Names that say a variable holds a credential, as providers and tools spell them. */
const credentialName = fc.tuple(fc.constantFrom('', 'HF_', 'AWS_', 'DB_', 'OPENAI_', 'MY_APP_', 'x-', 'svc.'),
  fc.constantFrom('TOKEN', 'SECRET_ACCESS_KEY', 'PASSWORD', 'API_KEY', 'ACCESS_KEY_ID', 'PWD', 'AUTH_TOKEN', 'CLIENT_SECRET', 'apikey', 'Signature', 'CREDENTIALS'))
  .map(([prefix, suffix]) => `${prefix}${suffix}`);

/**
 * A secret in a value that is wrong for another reason, and every form of it that no message may
 * show: a string a YAML reader takes for a number (and that number, which tells the digits in
 * another base), a number where a string belongs, or a literal amid a hostile string (refused for
 * what it is, or accepted as a path, and then shown by no problem).
 */
const hostileSecret = fc.oneof(
  fc.tuple(fc.stringMatching(/^[1-7][0-7]{11,16}$/), fc.constantFrom('0o', '0O')).map(([digits, prefix]) => ({
    value: `${prefix}${digits}` as unknown, shown: [digits, String(parseInt(digits, 8))], refused: true,
  })),
  fc.stringMatching(/^[1-9A-F][0-9A-F]{11}$/).map((digits) => ({
    value: `0X${digits}` as unknown, shown: [digits, String(parseInt(digits, 16))], refused: true,
  })),
  fc.integer({ min: 100_000_000_000, max: 900_000_000_000_000 }).map((secret) => ({
    value: secret as unknown, shown: [String(secret)], refused: true,
  })),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{12,24}$/), hostileString, fc.boolean()).map(([body, around, after]) => ({
    value: (after ? `${around}Zq9${body}` : `Zq9${body}${around}`) as unknown, shown: [`Zq9${body}`], refused: false,
  })),
);

test('no message shows the value of an env variable named for a credential, whatever is wrong with it or around it (property)', () => {
  const serviceName = fc.oneof(fc.constant('llm'), hostileString);
  fc.assert(fc.property(credentialName, hostileSecret, fc.constantFrom(...Object.keys(ENV_PLACES)), serviceName, placement,
    (variable, { value, shown, refused }, at, name, where) => {
      fc.pre(!shown.some((secret) => idHolds(where, secret)));
      // GIVEN / WHEN: the secret beside an ordinary variable, in one of several charts under a long path
      const message = errorOf(where, (scope, id) => ENV_PLACES[at](scope, id, { HF_HOME: '/models', [variable]: value }, name));

      // THEN: refused when nothing else is wrong, and never shown
      if (refused && name === 'llm') expect(message).toBeDefined();
      for (const secret of shown) expect(message ?? '').not.toContain(secret);
    }), { numRuns: runs(300) });
}, PROPERTY_TIMEOUT);
