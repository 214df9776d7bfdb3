/**
 * The check that keeps credentials out of what a manifest holds in plain text. Internal: its own
 * module, so that value classes (probes) and the service checks share it.
 */
import { Problems } from './_errors';
import { curlUserHoldsCredential, envValueIsCredential, flagValueHoldsCredential, holdsCredential, REDACTED, runsCurl } from './_secrets';

/**
 * Values that the manifest would hold in plain text (env values, arguments) must not hold a
 * credential (`holdsCredential` in _secrets.ts): a provider token, a URL's user-info, or a
 * credential-named parameter (`?sig=`, `--api-key=`, `HF_TOKEN=`, `--api-key token-abc123`) whose
 * value looks like a secret; nor may an item be such a value of the `--flag` item before it
 * (`['--api-key', 'token-abc123']`). A path, a file name or a placeholder under such a name is
 * accepted. After an item that runs curl (in `values`, or in `runBy`: the container's command
 * for its args), a password given to `-u` or `--user` is refused too (`['curl', '-u', 'alice:hunter2']`);
 * those options are a user id in other programs (`curlUserHoldsCredential` in _secrets.ts).
 * The message shows the value redacted, as every message does, and redaction hides every
 * credential-named parameter's value.
 */
export function checkNoPlainCredential(
  problems: Problems, prop: string, values: readonly string[], secretProp: string, runBy: readonly string[] = [],
): void {
  let afterCurl = runBy.some(runsCurl);
  values.forEach((value, index) => {
    if (typeof value !== 'string') return;
    const flag = values[index - 1];
    const shown = holdsCredential(value) ? value
      : typeof flag === 'string' && flagValueHoldsCredential(flag, value) ? [flag, REDACTED]
        : afterCurl && curlUserHoldsCredential(flag, value) ? (value.startsWith('-') ? value : [flag, REDACTED])
          : undefined;
    if (shown !== undefined) refuse(problems, prop, shown, secretProp);
    afterCurl ||= runsCurl(value);
  });
}

/**
 * An environment variable of `env`: refused as `checkNoPlainCredential` refuses a value, and also
 * when its name says it holds a credential and its literal value looks like one
 * (`envValueIsCredential`: `HF_TOKEN: 'abc'`; not `HF_TOKEN_PATH: '/var/run/hf'` nor
 * `VLLM_API_KEY: 'EMPTY'`). The message shows such a value as `***`, as every message about a
 * credential-named variable does (`hidesValueAt` in _errors.ts, for an env map): nothing in the
 * value alone tells redaction to hide it, and a `prop` that names an item of an array
 * (`model.bind().env[0].value`) does not name the variable.
 */
export function checkNoPlainCredentialInEnv(problems: Problems, prop: string, name: string, value: string, secretProp: string): void {
  if (typeof value !== 'string') return;
  // The name decides for itself: a message hides the value whatever it looks like, under any prop.
  const shown = envValueIsCredential(name, value) ? REDACTED : holdsCredential(value) ? value : undefined;
  if (shown !== undefined) refuse(problems, prop, shown, secretProp);
}

function refuse(problems: Problems, prop: string, shown: unknown, secretProp: string): void {
  problems.add(prop, shown, 'holds what looks like a credential, which would stand in plain text in the manifest',
    `Put it in a Secret and read it through ${secretProp}`);
}
