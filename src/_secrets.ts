/**
 * What looks like a credential in a value: user-info in a URL, presigned query parameters and
 * well-known token formats. Internal. `redactSecrets` is the one helper every error message and
 * warning goes through (`Problems`, `describeValue`, the warnings printed at synth), and
 * `uriCredential` is how model sources refuse a URI that carries a credential.
 */

/**
 * Query parameters that carry a credential: AWS SigV4 and SigV2 presigned URLs (`X-Amz-Signature`,
 * `X-Amz-Credential`, `X-Amz-Security-Token`, `Signature`, `AWSAccessKeyId`), GCS signed URLs
 * (`X-Goog-Signature`, `X-Goog-Credential`, `GoogleAccessId`), Azure SAS (`sig`), and the generic
 * names of tokens, keys and passwords (`token`, `access_token`, `api_key`, `key`, `password`, ...).
 */
const CREDENTIAL_NAME_PARTS: ReadonlySet<string> = new Set(['sig', 'key', 'auth', 'pwd', 'googleaccessid', 'awsaccesskeyid']);
const CREDENTIAL_NAME_ENDING = /(token|secret|passwd|password|signature|credentials?|apikey)$/;

/** Whether a query parameter's name says it holds a credential (its parts split at '-', '_' and '.'). */
function isCredentialName(name: string): boolean {
  return name.toLowerCase().split(/[-_.]/).some((part) => CREDENTIAL_NAME_PARTS.has(part) || CREDENTIAL_NAME_ENDING.test(part));
}

/**
 * `scheme://user-info@host`: anything between `//` and the last `@` before the authority ends. A
 * password may hold an `@` of its own (`alice:p@ss@host`): URL parsers end the user-info at the last one.
 */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"']+)@/gi;

/**
 * `name=value` in a query string (after `?` or `&`), up to the next separator. A value that starts
 * with `$` reads the credential from elsewhere (`$API_KEY`, `$(API_KEY)` from secretEnv,
 * `$(cat /secrets/token)`): it is no credential itself.
 */
const QUERY_PARAMETER = /([?&;])([^\s=&;#"']+)=([^\s&;#"']*)/g;

/**
 * Token formats a provider gives its credentials, so that they stand out: Hugging Face
 * (`hf_`), AWS access key ids (`AKIA`, `ASIA`), GitHub (`ghp_`, `github_pat_`, ...), OpenAI-style
 * (`sk-`), Slack (`xox.-`), Google API keys (`AIza`), JWTs and PEM private keys.
 */
const TOKENS = [
  /\bhf_[A-Za-z0-9]{20,}/g,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** What replaces a secret in a message. */
export const REDACTED = '***';

/**
 * The text with every value that looks like a credential replaced by `***`: a URL's user-info,
 * the values of credential query parameters, and provider token formats. Everything else is kept,
 * so that a message still shows which value is wrong.
 */
export function redactSecrets(text: string): string {
  let redacted = text
    .replace(USER_INFO, (_match, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(QUERY_PARAMETER, (match, separator: string, name: string, value: string) => (
      value !== '' && !value.startsWith('$') && isCredentialName(name) ? `${separator}${name}=${REDACTED}` : match));
  for (const token of TOKENS) redacted = redacted.replace(token, REDACTED);
  return redacted;
}

/** Whether a value holds what looks like a credential (what `redactSecrets` would hide). */
export function holdsCredential(text: string): boolean {
  return redactSecrets(text) !== text;
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
  return holdsCredential(uri) ? 'a token' : undefined;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
