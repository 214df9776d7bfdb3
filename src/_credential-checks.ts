/**
 * The check that keeps credentials out of what a manifest holds in plain text. Internal: its own
 * module, so that value classes (probes) and the service checks share it.
 */
import { Problems } from './_errors';
import { holdsCredential } from './_secrets';

/**
 * Values that the manifest would hold in plain text (env values, arguments) must not hold a
 * credential (`holdsCredential` in _secrets.ts): a provider token, a URL's user-info, or a
 * credential-named parameter (`?sig=`, `--api-key=`, `HF_TOKEN=`) whose value looks like a secret.
 * A path, a file name or a placeholder under such a name is accepted. The message shows the value
 * redacted, as every message does, and redaction hides every credential-named parameter's value.
 */
export function checkNoPlainCredential(problems: Problems, prop: string, values: readonly string[], secretProp: string): void {
  for (const value of values) {
    if (typeof value === 'string' && holdsCredential(value)) {
      problems.add(prop, value, 'holds what looks like a credential, which would stand in plain text in the manifest',
        `Put it in a Secret and read it through ${secretProp}`);
    }
  }
}
