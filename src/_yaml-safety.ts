/**
 * Strings that do not survive cdk8s's YAML. cdk8s writes YAML 1.1 (cdk8s lib/yaml.js,
 * `yamlSchemaVersion = '1.1'`) and quotes a string only when YAML 1.1 would read it as another type.
 * A YAML 1.2 reader takes `0o17` for the number 15, and Kubernetes' reader (sigs.k8s.io/yaml, Go's
 * integer syntax) also `0O17`, `0X1F` and `-0B1`: such a string, written plain, comes back as a
 * number, which the API server refuses in a label, a name or an environment variable. The library
 * cannot make cdk8s quote them, so it refuses them where the caller hands them over.
 */
import { Yaml } from 'cdk8s';
import { resolveGoYamlPlain } from './_go-values';

/** The YAML 1.2 core schema's plain scalars of another type than string (YAML 1.2.2 §10.3.2). */
const YAML_12_CORE = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const MAYBE_RESOLVED = /^[-+0-9.yYnNtTfFoO~<]/;

/**
 * What a reader takes `text` for when cdk8s writes it without quotes (as a map key when `asKey`),
 * for example "the number 15", or only "a number" without `withValue` (a message that hides the
 * text must not show it in another base); undefined when it reads back as the same string. Cheap
 * for almost every string: only those a reader would resolve are written out to ask cdk8s.
 */
export function yamlMisreading(text: string, asKey = false, withValue = true): string | undefined {
  // Every form either reader resolves starts with one of these (most names and values do not).
  if (text !== '' && !MAYBE_RESOLVED.test(text)) return undefined;
  const goValue = resolveGoYamlPlain(text);
  const core = YAML_12_CORE.test(text);
  // A plain `<<` key is a merge key to Go's reader.
  const merge = asKey && text === '<<';
  if (goValue.type === 'string' && !core && !merge) return undefined;
  const written = Yaml.stringify(asKey ? { [text]: '' } : text);
  if (/^["']/.test(written)) return undefined;
  if (merge) return 'a merge key';
  if (goValue.type !== 'string') {
    const type = goValue.type === 'int' || goValue.type === 'float' ? 'number' : goValue.type;
    return withValue ? `the ${type} ${String(goValue.value)}` : `a ${type}`;
  }
  return 'another type than a string (YAML 1.2)';
}
