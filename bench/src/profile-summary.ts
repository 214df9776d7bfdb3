/**
 * Summarizes a `node --cpu-prof` profile: the functions with the most self time, and the most
 * inclusive (total) time, each with its file and line.
 *
 *   node bench/out/profile-summary.js <file.cpuprofile> [rows]
 */
import { readFileSync } from 'fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(lib|bench)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

function summarize(profile: CpuProfile, rows: number): string[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    all += micros;
    const own = label(nodes.get(id)!);
    self.set(own, (self.get(own) ?? 0) + micros);
    // A recursive function counts once per sample in the inclusive time.
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
      const name = label(nodes.get(current)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + micros);
    }
  });
  const table = (title: string, times: Map<string, number>) => [
    `${title} (of ${(all / 1000).toFixed(0)} ms)`,
    ...[...times].sort((a, b) => b[1] - a[1]).slice(0, rows)
      .map(([name, micros]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${(100 * micros / all).toFixed(1).padStart(5)}%  ${name}`),
  ];
  return [...table('self time', self), '', ...table('total time', total)];
}

const [file, rows] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/out/profile-summary.js <file.cpuprofile> [rows]');
console.log(summarize(JSON.parse(readFileSync(file, 'utf8')), Number(rows ?? 40)).join('\n'));
