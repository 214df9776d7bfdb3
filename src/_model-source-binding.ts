/**
 * How a consumer binds its model source. `ModelSource` is an abstract class with a protected
 * constructor and a public `bind()`, which a user may extend and override in TypeScript, JavaScript
 * or Python (jsii lets any language subclass a class that is not sealed): what a source of the
 * user's own returns is checked here, as what an `IServingAutoscaler` of the user's own returns is
 * (`bindAutoscaler` in _service-workload.ts). The library's own sources build what they return
 * from checked props, and are not checked again. Internal.
 */
import { Construct } from 'constructs';
import { checkNoPlainCredentialInEnv } from './_credential-checks';
import { Problems } from './_errors';
import { checkPublicProps, checkType, enumOf, STRING_MAP, STRINGS, struct, withMembers } from './_public-types';
import { isCredentialName, uriCredential } from './_secrets';
import {
  isLibraryModelSource, ModelReader, ModelSource, ModelSourceBindOptions, ModelSourceConfig, ModelSourceEnvVar, ModelSourceKind,
  ModelSourceSecretFile, SecretKeyReference,
} from './model-source';

const SECRET_KEY_REFERENCE_TYPES = struct<SecretKeyReference>({ secretName: 'string', key: 'string' }, 'secretName', 'key');

/** The types of what `ModelSource.bind()` returns. */
const MODEL_SOURCE_CONFIG_TYPES = struct<ModelSourceConfig>({
  uri: 'string',
  serviceAccountName: 'string',
  // A consumer orders itself after it (addDependency), and cdk8s writes it: an ApiObject of this copy of cdk8s or another.
  serviceAccount: withMembers('an ApiObject', { apiVersion: 'string', kind: 'string', name: 'string', toJson: 'function' }),
  credentialsSecretName: 'string',
  credentialsAnnotations: STRING_MAP,
  env: { arrayOf: struct<ModelSourceEnvVar>({ name: 'string', value: 'string', secret: SECRET_KEY_REFERENCE_TYPES }, 'name') },
  secretFiles: { arrayOf: struct<ModelSourceSecretFile>({ secret: SECRET_KEY_REFERENCE_TYPES, fileName: 'string' }, 'secret', 'fileName') },
  anonymous: 'boolean',
}, 'uri');

const KIND_TYPE = enumOf('ModelSourceKind', ModelSourceKind, 'S3');

/**
 * Binds `source`, named `prop` among the consumer's props (`model`, `source`), for `options.reader`.
 * What a source of the user's own returns is type-checked and copied as props are, a wrong type
 * answered with the library's error naming the field (`model.bind().env[0].value`); its URI (the
 * one the consumer writes, `source.uri`, and the one it returns) must carry no credential, and its
 * environment no plain credential (`checkNoPlainCredentialInEnv`): both are written in plain text
 * to the manifest (storageUri, the loader Job's environment).
 */
export function bindModelSource(
  scope: Construct, what: string, prop: string, source: ModelSource, options: ModelSourceBindOptions,
): ModelSourceConfig {
  if (isLibraryModelSource(source)) return source.bind(scope, options);
  const problems = new Problems();
  checkUserSourceTypes(problems, prop, source);
  problems.throwIfAny(scope, what);
  const bound = `${prop}.bind()`;
  const returned = source.bind(scope, options);
  const hidden = new Set(credentialValuesOf(returned, bound));
  const config = checkPublicProps(what, scope, returned, MODEL_SOURCE_CONFIG_TYPES, bound, hidden);
  const credentialProblems = new Problems(hidden);
  for (const [field, uri] of [[`${prop}.uri`, source.uri], [`${bound}.uri`, config.uri]]) {
    checkUriCarriesNoCredential(credentialProblems, field, uri, 'have bind() read it from a Secret: an env variable with `secret`, or `secretFiles`');
  }
  config.env?.forEach(({ name, value }, index) => {
    checkNoPlainCredentialInEnv(credentialProblems, `${bound}.env[${index}].value`, name, value!, 'an env variable with `secret` that bind() returns');
  });
  credentialProblems.throwIfAny(scope, what);
  return config;
}

/** The kind and URI of a source of the user's own, of the types every consumer reads before binding it. */
export function checkUserSourceTypes(problems: Problems, prop: string, source: ModelSource): void {
  checkType(problems, `${prop}.kind`, source.kind, KIND_TYPE);
  checkType(problems, `${prop}.uri`, source.uri, 'string');
}

/**
 * A source's URI, which a consumer writes in plain text (storageUri, a LocalModelCache's
 * sourceModelUri, the loader's environment): no credential in it. `readFromSecret` says how that
 * consumer's reader gets the credential instead.
 */
export function checkUriCarriesNoCredential(problems: Problems, field: string, uri: string, readFromSecret: string): void {
  const credential = uriCredential(uri);
  if (credential !== undefined) {
    problems.add(field, uri, `carries a credential (${credential}), which would be written in plain text to the manifest`,
      `Remove it from the URI, and ${readFromSecret}`);
  }
}

/**
 * What `reader` cannot take from `source` (`ModelSource.readerProblems`), added to `problems`. A
 * source of your own may override the method: what it answers must be messages, or is itself the
 * problem, named `<prop>.readerProblems()`, where adding it would end in a TypeError.
 */
export function addReaderProblems(problems: Problems, source: ModelSource, reader: ModelReader, prop: string): void {
  problems.addAll(answerOf(problems, source, source.readerProblems(reader), `${prop}.readerProblems()`, 'the problems a reader would have, one message each'));
}

/** The settings `source` holds beyond its URI (`ModelSource.settingsBeyondUri`); a source of your own's answer checked as in `addReaderProblems`. */
export function settingsBeyondUriOf(problems: Problems, source: ModelSource, prop: string): string[] {
  return answerOf(problems, source, source.settingsBeyondUri(), `${prop}.settingsBeyondUri()`, 'the settings a reader of the URI alone would miss, one phrase each');
}

/** The strings a source's method answered, or none, with a problem, when a source of your own answered something else. */
function answerOf(problems: Problems, source: ModelSource, answer: unknown, what: string, meaning: string): string[] {
  if (isLibraryModelSource(source)) return answer as string[];
  const found = new Problems();
  if (!Array.isArray(answer)) found.add(what, answer, `must be an array of strings: ${meaning}`, 'Return [] when there are none');
  else checkType(found, what, answer, STRINGS);
  problems.addAll(found.toArray());
  return found.isEmpty ? [...(answer as string[])] : [];
}

/**
 * The props of the env values that `bind()` returned under a credential's name (`HF_TOKEN`), which
 * no message shows, whatever is wrong with them (a number, a string a YAML reader takes for one):
 * the prop names the array's item, not the variable, so `hidesValueAt` cannot tell.
 */
function credentialValuesOf(returned: unknown, bound: string): string[] {
  const env = typeof returned === 'object' && returned !== null ? (returned as { env?: unknown }).env : undefined;
  if (!Array.isArray(env)) return [];
  return env.flatMap((item: unknown, index) => {
    const name = typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
    return typeof name === 'string' && isCredentialName(name) ? [`${bound}.env[${index}].value`] : [];
  });
}
