/**
 * The layering of docs/architecture.md, read from the source's own imports: no module imports
 * itself through others, the serving targets sit below the construct that picks them, and no
 * value module imports a construct back.
 */
import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

/** Each module's relative imports (type-only ones too: a cycle of types is still a cycle of design). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^import [^;]*? from '(\.[^']+)';/gms)].map((m) => relative(SRC, `${resolve(dirname(file), m[1])}.ts`));
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      found.push([...path.slice(path.indexOf(node)), node]);
      return;
    }
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  return found;
}

describe('the import structure of src/', () => {
  const graph = importGraph();

  test('every relative import names a module of src/', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((i) => !graph.has(i)).map((i) => `${file} -> ${i}`));
    expect(missing).toEqual([]);
  });

  test('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('the targets are reached only through the construct and the registry, and never import the construct', () => {
    const importersOfTargets = [...graph].filter(([file, imports]) => !file.startsWith('targets/') && imports.some((i) => i.startsWith('targets/')))
      .map(([file]) => file);
    expect(importersOfTargets.sort()).toEqual(['_resolved-service.ts', '_service-checks.ts', '_service-props-checks.ts', '_service-workload.ts', 'inference-service.ts']);
    const upward = [...graph].filter(([file, imports]) => file.startsWith('targets/') && imports.includes('inference-service.ts')).map(([file]) => file);
    expect(upward).toEqual([]);
  });

  test('model sources, presets and GPU types import no construct', () => {
    const constructs = ['inference-service.ts', 'model-cache.ts', 'local-model-cache.ts', 'gpu-autoscaling-policy.ts', 'knative-autoscaler-config.ts'];
    for (const value of ['model-source.ts', 'autoscaling-preset.ts', 'gpu.ts', 'autoscaler.ts', 'model-cache-contract.ts']) {
      expect([value, (graph.get(value) ?? []).filter((i) => constructs.includes(i))]).toEqual([value, []]);
    }
  });
});
