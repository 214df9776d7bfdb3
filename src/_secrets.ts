/**
 * What looks like a credential in a value: user-info in a URL, credential-named parameters (query
 * parameters, flags, assignments), `Authorization` headers and well-known token formats. Internal. `redactSecrets` is the
 * one helper every error message and warning goes through (`Problems`, `describeValue`, the
 * warnings printed at synth); `holdsCredential` is how values a manifest holds in plain text are
 * refused (more narrowly than redaction hides), and `uriCredential` is how model sources refuse a
 * URI that carries a credential.
 */

/**
 * Names of parameters that carry a credential: AWS SigV4 and SigV2 presigned URLs (`X-Amz-Signature`,
 * `X-Amz-Credential`, `X-Amz-Security-Token`, `Signature`, `AWSAccessKeyId`), GCS signed URLs
 * (`X-Goog-Signature`, `X-Goog-Credential`, `GoogleAccessId`), Azure SAS (`sig`), and the generic
 * names of tokens, keys and passwords (`token`, `access_token`, `api_key`, `key`, `password`,
 * `HF_TOKEN`, `--api-key`, ...).
 */
const CREDENTIAL_NAME_PARTS: ReadonlySet<string> = new Set(['sig', 'key', 'auth', 'pwd', 'googleaccessid', 'awsaccesskeyid']);
const CREDENTIAL_NAME_ENDING = /(token|secret|passwd|password|signature|credentials?|apikey)$/;
/**
 * A word that every credential name holds: most names are not, and are passed over without being
 * split. Unicode case folding, as `toLowerCase` reads the Kelvin sign as `k`.
 */
const CREDENTIAL_WORD = /sig|key|auth|pwd|token|secret|passw|credential|googleaccessid/iu;

/**
 * Whether a parameter's or an environment variable's name says it holds a credential (its parts
 * split at '-', '_' and '.'): `HF_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`, `--api-key`.
 */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_WORD.test(name)
    && name.toLowerCase().split(/[-_.]/).some((part) => CREDENTIAL_NAME_PARTS.has(part) || CREDENTIAL_NAME_ENDING.test(part));
}

/**
 * `scheme://user-info@host`: anything between `//` and the last `@` before the authority ends. A
 * password may hold an `@` of its own (`alice:p@ss@host`): URL parsers end the user-info at the last one.
 */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"']+)@/gi;

/**
 * What ends the name of a `name=value` parameter, read back from its `=`. The parameter may stand in
 * a query string or fragment (`?`, `&`, `;`, `#`), or be a flag (`--api-key=...`) or a shell or env
 * assignment (`HF_TOKEN=... ./serve`, `"API_KEY=..."`): its name is all the characters before the
 * `=` up to whitespace, a quote or a character of a URL's syntax. So in `--url=https://h/m?token=x`
 * the scan finds `--url` and then `token`.
 */
const NAME_END = /[\s=&;#"'?/:@\\]/;
/** NAME_END for ASCII, by character code: read for every character of every name. */
const ASCII_NAME_END = Array.from({ length: 128 }, (_, code) => NAME_END.test(String.fromCharCode(code)));

function endsName(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code < 128 ? ASCII_NAME_END[code] : NAME_END.test(text[index]);
}
/**
 * A parameter's value, from just after its `=`: quoted (`"..."`, `'...'`, or with escaped quotes as a
 * message shows them) or up to the next separator. A backslash before a quote ends it.
 */
const PARAMETER_VALUE = /\\?"[^"]*"?|\\?'[^']*'?|(?:[^\s&;#"'\\]|\\(?!["']))*/y;
const QUOTES = /^\\?["']|\\?["']$/g;

/**
 * A credential-named parameter of a text: where its value stands, the value without its quotes, and
 * whether its name says that the value is the credential itself, whatever its shape (`SECRET_NOUN`,
 * `VALUED_FLAG`).
 */
interface CredentialParameter {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly valueIsCredential: boolean;
}

/**
 * The credential-named parameter whose value starts at `start`, if the value is given here: not
 * empty, and not read from elsewhere (a value that starts with `$` is a reference: `$API_KEY`,
 * `$(API_KEY)` from secretEnv, `$(cat /secrets/token)`).
 */
function parameterAt(text: string, start: number, valueIsCredential: boolean): CredentialParameter | undefined {
  PARAMETER_VALUE.lastIndex = start;
  const end = start + PARAMETER_VALUE.exec(text)![0].length;
  const value = text.slice(start, end).replace(QUOTES, '');
  return isGivenHere(value) && value !== REDACTED ? { start, end, value, valueIsCredential } : undefined;
}

/** Whether a parameter's value is given where it stands: not empty, and no reference (`$API_KEY`, `$(API_KEY)`, `$(cat ...)`). */
function isGivenHere(value: string): boolean {
  return value !== '' && !value.startsWith('$');
}

/**
 * Every `name=value` parameter of the text whose name says it holds a credential and whose value
 * is given here. The scan goes on inside other values, so that a URL given to a flag is searched too.
 */
function credentialParameters(text: string): CredentialParameter[] {
  let found: CredentialParameter[] | undefined;
  for (let equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', equals + 1)) {
    let nameStart = equals;
    while (nameStart > 0 && !endsName(text, nameStart - 1)) nameStart--;
    const name = text.slice(nameStart, equals);
    if (name === '' || !isCredentialName(name)) continue;
    const parameter = parameterAt(text, equals + 1, SECRET_NOUN.test(name));
    if (!parameter) continue;
    (found ??= []).push(parameter);
    // A value's own '=' (base64 padding) starts no parameter.
    equals = parameter.end - 1;
  }
  return found ?? [];
}

/**
 * A `--flag` whose value is the next word of a command line (`vllm serve m --api-key token-abc123`,
 * vLLM's own example) or the next item of an args array. Whether a flag takes a value is for its
 * program to say: vLLM's `--allow-credentials` and transformers' `--use-auth-token` are switches,
 * and the word after them may be a model's name. So the word after a credential-named flag is
 * refused when a machine generated it, and any literal only after `VALUED_FLAG`s.
 */
const SPACED_FLAG = /--([A-Za-z][\w.-]*)\s+/y;
const BARE_FLAG = /^--[A-Za-z][\w.-]*$/;
/** Flags that take the credential as their value: vLLM's `--api-key` and `--hf-token`, the Hugging Face CLI's `--token`. */
const VALUED_FLAG = /^--(api-key|hf-token|token)$/;

/** Every credential-named `--flag value` of the text, whose value is given here and is no other flag. */
function spacedFlagParameters(text: string): CredentialParameter[] {
  let found: CredentialParameter[] | undefined;
  for (let dashes = text.indexOf('--'); dashes >= 0; dashes = text.indexOf('--', dashes + 2)) {
    if (dashes > 0 && !endsName(text, dashes - 1)) continue;
    SPACED_FLAG.lastIndex = dashes;
    const flag = SPACED_FLAG.exec(text);
    if (!flag || !isCredentialName(flag[1])) continue;
    const start = dashes + flag[0].length;
    const parameter = text[start] === '-' ? undefined : parameterAt(text, start, VALUED_FLAG.test(`--${flag[1]}`));
    if (parameter) (found ??= []).push(parameter);
  }
  return found ?? [];
}

/**
 * The credentials of an HTTP `Authorization` or `Proxy-Authorization` header, as a command line
 * or a script hands them to curl, wget or an HTTP client: `-H 'Authorization: Bearer <token>'`,
 * `--header=Authorization: Basic <base64>`, `{"Authorization": "Bearer <token>"}`. Schemes are
 * case-insensitive (RFC 9110, section 11.1); `Bearer` (RFC 6750), `Basic` (RFC 7617) and `Token`
 * (GitHub's and Django REST framework's) carry the credential itself, which follows the scheme.
 */
const AUTHORIZATION_SCHEME = String.raw`authorization["']?[ \t]*[:=][ \t]*["']?(?:bearer|basic|token)`;
const AUTHORIZATION_HEADER = new RegExp(String.raw`\b${AUTHORIZATION_SCHEME}[ \t]+`, 'gi');

/**
 * The credentials of every `Authorization` header of the text that are given here: a header that
 * reads them from elsewhere (`Bearer $TOKEN`, `"Bearer $(cat /secrets/token)"`) has none.
 */
function authorizationParameters(text: string): CredentialParameter[] {
  let found: CredentialParameter[] | undefined;
  for (const header of text.matchAll(AUTHORIZATION_HEADER)) {
    const parameter = parameterAt(text, header.index! + header[0].length, true);
    if (parameter) (found ??= []).push(parameter);
  }
  return found ?? [];
}

/**
 * curl's `-u`/`--user <user:password>` (`-u alice:hunter2`, `-ualice:hunter2`, `--user=alice:hunter2`,
 * quoted or not): the password follows the first colon (curl's tool_paramhlp.c, checkpasswd).
 * The user must stand at a word's start, and holds no `+` or `%`, so that `date -u +%H:%M` is
 * no user. A password read from elsewhere (`-u $USER:$PASS`, `-u "$(cat /secrets/user)"`) or left
 * for curl to prompt for (`-u alice:`) is none.
 *
 * `-u` and `--user` are a user id in other tools (`docker run -u 1000:1000`, `--user root`,
 * `sudo -u www-data`, `sort -u`), and `user:group` has curl's shape (`-u nobody:nogroup`), so a
 * value is refused only where curl reads it: after a `curl` word of the same command (no `;`, `&`
 * or `|` between) in a text, or after a `curl` item in an array (`checkNoPlainCredential`).
 * Redaction hides it anywhere, being broader. Numbers on both sides (`--user=1000:1000`) are a
 * uid:gid wherever they stand, and neither refused nor hidden: a password of digits only after a
 * user of digits only is the one form this misses.
 */
const USER_OPTION = /(?<=^|[\s'"=])(?:-u[ \t]*|--user(?:[ \t]+|=))["']?([\w.@${}-]+):/g;
const USER_PASSWORD = /[^\s"'\\]*/y;
const DIGITS = /^\d+$/;
/** An item that is `user:password` in full, as curl reads the item after `-u` or `--user`. */
const USER_PASSWORD_ITEM = /^([\w.@${}-]+):([^\s"'\\]+)$/;
/** The `curl` word of the command that an option of a text belongs to (USER_OPTION). */
const CURL_COMMAND = /\bcurl\b[^;&|\n]*$/;

/** Whether `user:password` gives a password here, and is no uid:gid. */
function givesPassword(user: string, password: string): boolean {
  return isGivenHere(password) && password !== REDACTED && !(DIGITS.test(user) && DIGITS.test(password));
}

/** The passwords of the `-u`/`--user` options of the text that are given here; only those curl reads, when `curlOnly`. */
function userPasswordParameters(text: string, curlOnly: boolean): CredentialParameter[] {
  let found: CredentialParameter[] | undefined;
  for (const option of text.matchAll(USER_OPTION)) {
    const start = option.index! + option[0].length;
    USER_PASSWORD.lastIndex = start;
    const value = USER_PASSWORD.exec(text)![0];
    if (!givesPassword(option[1], value) || (curlOnly && !CURL_COMMAND.test(text.slice(0, option.index)))) continue;
    (found ??= []).push({ start, end: start + value.length, value, valueIsCredential: true });
  }
  return found ?? [];
}

/** Whether an item of an array of arguments runs curl (`curl`, `/usr/bin/curl`): the `-u` options after it are curl's. */
export function runsCurl(item: unknown): boolean {
  return typeof item === 'string' && item.endsWith('curl') && (item.length === 4 || item[item.length - 5] === '/');
}

/**
 * Whether an item of an array of arguments is a password given here as curl reads it: the item
 * after a `-u` or `--user` item (`['-u', 'alice:hunter2']`), or an option with its value
 * (`'--user=alice:hunter2'`, `'-ualice:hunter2'`). Only for an array that runs curl (`runsCurl`).
 */
export function curlUserHoldsCredential(flag: unknown, value: string): boolean {
  if (flag === '-u' || flag === '--user') {
    const item = USER_PASSWORD_ITEM.exec(value);
    if (item) return givesPassword(item[1], item[2]);
  }
  return value.startsWith('-') && userPasswordParameters(value, false).length > 0;
}

/** An item that ends in an `Authorization` header's scheme, so that the next item is its credential (`['-H', 'Authorization: Bearer', 'token']`). */
const AUTHORIZATION_SCHEME_ITEM = new RegExp(String.raw`^["']?(?:proxy-)?${AUTHORIZATION_SCHEME}[ \t]*$`, 'i');

function hideParameters(text: string, parameters: readonly CredentialParameter[]): string {
  let hidden = text;
  for (let i = parameters.length - 1; i >= 0; i--) hidden = `${hidden.slice(0, parameters[i].start)}${REDACTED}${hidden.slice(parameters[i].end)}`;
  return hidden;
}

/**
 * Token formats a provider gives its credentials, so that they stand out: Hugging Face
 * (`hf_`), AWS access key ids (`AKIA`, `ASIA`), GitHub (`ghp_`, `github_pat_`, ...), OpenAI-style
 * (`sk-`), Slack (`xox.-`), Google API keys (`AIza`), JWTs and PEM private keys. `hf_` and GitHub's
 * prefixes count after a letter or `_` too (`MY_hf_...`): no word ends in them before 20
 * alphanumerics, where `sk-` ends `task-` and `disk-`.
 */
const TOKENS = [
  /hf_[A-Za-z0-9]{20,}/g,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];
/**
 * Whether a text holds any of them, in one reading. Redaction replaces them one format after the
 * other instead: one expression would go on after the first token it meets, and a token that
 * begins inside that one (`xoxb-0123456789-hf_...`) would keep its tail.
 */
const ANY_TOKEN = new RegExp(TOKENS.map((token) => token.source).join('|'));

/** What replaces a secret in a message. */
export const REDACTED = '***';

/**
 * The text with every value that looks like a credential replaced by `***`: a URL's user-info,
 * the value of every credential-named parameter and `Authorization` header given in the text, the
 * password of every `-u`/`--user` option, whatever program reads it (`USER_OPTION`), and provider
 * token formats.
 * Everything else is kept, so that a message still shows which value is wrong.
 *
 * Broader than `holdsCredential` on purpose: a message hides the value of every credential-named
 * parameter (`SECRET_DIR=***`, `?key=***`), while a value is refused only when it looks like a
 * secret. Hiding a path costs a message a detail; showing a secret that the refusal took for none
 * (a short token, a password without digits) would print it to a terminal and a CI log.
 */
export function redactSecrets(text: string): string {
  let redacted = text.includes('://') ? text.replace(USER_INFO, (_match, scheme: string) => `${scheme}${REDACTED}@`) : text;
  redacted = hideParameters(redacted, credentialParameters(redacted));
  redacted = hideParameters(redacted, spacedFlagParameters(redacted));
  redacted = hideParameters(redacted, authorizationParameters(redacted));
  if (redacted.includes('-u')) redacted = hideParameters(redacted, userPasswordParameters(redacted, false));
  if (ANY_TOKEN.test(redacted)) for (const token of TOKENS) redacted = redacted.replace(token, REDACTED);
  return redacted;
}

/**
 * Whether a value holds what looks like a credential, and so must not stand in plain text in a
 * manifest: a URL's user-info, a provider token, a credential-named parameter (`name=value`,
 * `--flag value`) or `Authorization` header whose value looks like a secret (`secretValue`), or a
 * password given to curl's `-u`/`--user` (`USER_OPTION`). Narrower than `redactSecrets`,
 * which hides every credential-named parameter's value.
 */
export function holdsCredential(text: string): boolean {
  USER_INFO.lastIndex = 0;
  return (text.includes('://') && USER_INFO.test(text)) || ANY_TOKEN.test(text) || credentialParameters(text).some(looksSecret)
    || spacedFlagParameters(text).some(looksSecret) || authorizationParameters(text).some(looksSecret)
    || (text.includes('curl') && userPasswordParameters(text, true).length > 0);
}

/**
 * Whether an item of an array of arguments is the value of the credential-named `--flag` before it
 * (`['--api-key', 'token-abc123']`), or the credential of an `Authorization` header whose scheme
 * ends the item before it (`['-H', 'Authorization: Bearer', 'token-abc123']`), and looks like a
 * secret, as in `holdsCredential`.
 */
export function flagValueHoldsCredential(flag: string, value: string): boolean {
  if (AUTHORIZATION_SCHEME_ITEM.test(flag)) return isGivenHere(value) && secretValue(value, true);
  return hidesAfterFlag(flag, value) && secretValue(value, VALUED_FLAG.test(flag));
}

/**
 * Whether an environment variable's literal value is a credential by its name (`HF_TOKEN: 'abc'`,
 * `AWS_SECRET_ACCESS_KEY: '...'`): the value looks like a secret, as it would after `NAME=` in a
 * command line (`secretValue`). What its value holds by itself is `holdsCredential`'s to say.
 */
export function envValueIsCredential(name: string, value: string): boolean {
  return isCredentialName(name) && isGivenHere(value) && secretValue(value, SECRET_NOUN.test(name));
}

/**
 * An array's item as a message shows it: hidden (`***`) when it is the value of a credential-named
 * `--flag` before it, whatever it looks like, or the credential of an `Authorization` header whose
 * scheme ends the item before it (`['-H', 'Authorization: Bearer', '<token>']`), or `user:password`
 * after `-u` or `--user` (`USER_OPTION`), as `redactSecrets` hides such a value in a text.
 */
export function hidesAfterFlag(flag: unknown, value: unknown): boolean {
  if (typeof flag !== 'string' || typeof value !== 'string') return false;
  if (flag === '-u' || flag === '--user') {
    const item = USER_PASSWORD_ITEM.exec(value);
    return item !== null && givesPassword(item[1], item[2]);
  }
  return ((BARE_FLAG.test(flag) && isCredentialName(flag)) || AUTHORIZATION_SCHEME_ITEM.test(flag)) && isGivenHere(value) && !value.startsWith('-');
}

/**
 * What a machine generates as a secret: 16 or more characters in a row of the base64, hex and
 * URL-encoded alphabets that mix two of lower case, upper case and digits (a signature, an access
 * key, a SAS `sig`), or a UUID. Words, version numbers, file and model names do not: `-`, `_` and
 * `.` part them into shorter runs (`model-00001-of-00002.safetensors`, `Llama-3.1-8B-Instruct`).
 */
const MACHINE_RUN = /[A-Za-z0-9+/=%]{16,}/g;
const LOWER = /[a-z]/;
const UPPER = /[A-Z]/;
const DIGIT = /[0-9]/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Names that end in the credential itself (`HF_TOKEN`, `--api-key`, `password`, `X-Amz-Signature`,
 * `sig`, `AWSAccessKeyId`): their value is the secret, whatever its shape. Not `key` or `auth` alone
 * (an object's key, an auth mode), nor `credentials` (a file, or a switch: vLLM's
 * `--allow-credentials`), nor a name that only starts with one (`SECRET_DIR`, `TOKEN_PATH`).
 */
const SECRET_NOUN = /(token|secret|passwd|password|signature|credential|apikey|accesskeyid|googleaccessid|(^|[-_.])(sig|pwd|api[-_.]key))$/i;

/**
 * Values that are no secret even under such a name: a path or URL to read it from, a file name
 * with a lower-case extension (`GOOGLE_APPLICATION_CREDENTIALS=key.json`), a boolean or placeholder
 * (vLLM's `--hf-token=true` reads the token `hf auth login` stored: ModelConfig.hf_token;
 * `--api-key=EMPTY`).
 */
const PATH_OR_URL = /^(\/|\.\.?\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i;
const FILE_NAME = /^[\w.-]*\.[a-z][a-z0-9]{0,11}$/;
const PLACEHOLDER = /^(true|false|yes|no|on|off|none|null|empty|0|1)$/i;

/**
 * Whether the value of a credential-named parameter looks like a secret: generated by a machine
 * (`MACHINE_RUN`) under any credential name, or any value but a path, file name, URL or placeholder
 * under a name that ends in the credential (`SECRET_NOUN`: `--api-key=token-abc123`,
 * `password=hunter2`). Other names take other values for none: `SECRET_DIR=/etc/secret`,
 * `?key=model.bin`, `?key=abc`, `TOKEN_TTL=3600`.
 */
function secretValue(value: string, valueIsCredential: boolean): boolean {
  return machineGenerated(value) || (valueIsCredential && !PATH_OR_URL.test(value) && !FILE_NAME.test(value) && !PLACEHOLDER.test(value));
}

/** `secretValue` of a parameter found in a text. */
function looksSecret(parameter: CredentialParameter): boolean {
  return secretValue(parameter.value, parameter.valueIsCredential);
}

function machineGenerated(value: string): boolean {
  MACHINE_RUN.lastIndex = 0;
  for (let match = MACHINE_RUN.exec(value); match; match = MACHINE_RUN.exec(value)) {
    const run = match[0];
    if (Number(LOWER.test(run)) + Number(UPPER.test(run)) + Number(DIGIT.test(run)) >= 2) return true;
  }
  return UUID.test(value);
}

/**
 * What makes a URI carry a credential, in words for an error message (`user-info`, `the query
 * parameter 'X-Amz-Signature'`), or undefined for a URI without one.
 */
export function uriCredential(uri: string): string | undefined {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri)?.[1] ?? '';
  if (authority.includes('@')) return 'user-info (user:password@)';
  const query = uri.indexOf('?');
  if (query >= 0) {
    const end = uri.indexOf('#', query);
    for (const parameter of uri.slice(query + 1, end >= 0 ? end : undefined).split(/[&;]/)) {
      const [name, value] = parameter.split('=', 2);
      if (value !== undefined && value !== '' && isCredentialName(decodeName(name))) return `the query parameter '${decodeName(name)}'`;
    }
  }
  // Any credential-named parameter, as a message would hide it: a URI reaches a log line.
  return redactSecrets(uri) !== uri ? 'a token' : undefined;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
