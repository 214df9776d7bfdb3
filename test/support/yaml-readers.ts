/**
 * The two kinds of reader the written YAML must survive: a YAML 1.2 reader (the `yaml` package's
 * core schema, as most current tools read) and Kubernetes' own (kubectl and the API server read
 * YAML with sigs.k8s.io/yaml, a fork of go-yaml v2: YAML 1.1's words and Go's number syntax).
 *
 * node_modules has js-yaml 4, which reads YAML 1.2's core schema as well, not YAML 1.1, so the
 * Kubernetes reader is a port: the `yaml` package parses the structure with its failsafe schema
 * (every scalar a string, its quoting style kept), and every plain scalar is resolved as go-yaml v2
 * resolves it (src/_go-values.ts `resolveGoYamlPlain`, checked against go-yaml's own test table in
 * test/go-values.test.ts). Like sigs.k8s.io/yaml's YAMLToJSON, map keys become strings.
 */
import { isMap, isScalar, isSeq, Node, parseAllDocuments, Scalar } from 'yaml';
import { resolveGoYamlPlain } from '../../src/_go-values';

/** Reads every document as a YAML 1.2 reader does. */
export function readYaml12(text: string): unknown[] {
  return parseAllDocuments(text).map((document) => document.toJS());
}

/** Reads every document as Kubernetes' YAML reader does. */
export function readLikeKubernetes(text: string): unknown[] {
  return parseAllDocuments(text, { schema: 'failsafe' }).map((document) => toGoValue(document.contents));
}

/**
 * Reads every document as both readers do, from one parse: what `readYaml12` and
 * `readLikeKubernetes` return. The structure is the same whatever the schema, and each scalar
 * keeps its source text, which the Kubernetes reader resolves.
 */
export function readBothWays(text: string): { readonly yaml12: unknown[]; readonly kubernetes: unknown[] } {
  const documents = parseAllDocuments(text);
  return { yaml12: documents.map((document) => document.toJS()), kubernetes: documents.map((document) => toGoValue(document.contents)) };
}

function toGoValue(node: Node | null): unknown {
  if (node === null) return null;
  if (isScalar(node)) return scalarValue(node);
  if (isSeq(node)) return node.items.map((item) => toGoValue(item as Node));
  if (isMap(node)) {
    const object: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = toGoValue(pair.key as Node);
      if (isScalar(pair.key) && pair.key.type === Scalar.PLAIN && sourceOf(pair.key) === '<<') throw new Error('a plain << key is a merge key to go-yaml');
      Object.defineProperty(object, String(key), { value: toGoValue(pair.value as Node), enumerable: true, writable: true, configurable: true });
    }
    return object;
  }
  throw new Error(`unexpected YAML node ${String(node)}`);
}

function scalarValue(node: Scalar): unknown {
  const text = sourceOf(node);
  return node.type === Scalar.PLAIN ? resolveGoYamlPlain(text).value : text;
}

/** A scalar's text as written (quotes and escapes resolved), before any schema reads it: its value under the failsafe schema. */
function sourceOf(node: Scalar): string {
  return node.source ?? String(node.value);
}
