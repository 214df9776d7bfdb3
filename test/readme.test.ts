/**
 * Every TypeScript snippet of the README and docs/ compiles against the library, so the docs
 * cannot drift from the code. Each snippet is type-checked on its own, inside a fixture that
 * imports every export of the library, cdk8s and cdk8s-plus-27 and declares the charts the
 * snippets use.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as cdk8s from 'cdk8s';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as ts from 'typescript';
import * as library from '../src';
import { synthValid } from './support/synth';

const REPO = join(__dirname, '..');
const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function snippets(file: string): { line: number; code: string }[] {
  const text = readFileSync(join(REPO, file), 'utf8');
  const found: { line: number; code: string }[] = [];
  const fence = /^```ts\n([\s\S]*?)^```/gm;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    found.push({ line: text.slice(0, match.index).split('\n').length, code: match[1] });
  }
  return found;
}

const FIXTURE = [
  'import { ApiObject, App, Chart, Duration, JsonPatch, Size } from \'cdk8s\';',
  'import * as kplus from \'cdk8s-plus-27\';',
  'import { Cpu } from \'cdk8s-plus-27\';',
  `import { ${Object.keys(library).join(', ')} } from './src';`,
  'declare const chart: Chart;',
  'declare const platform: Chart;',
  'export function snippet(): void {',
].join('\n');

const all = DOCS.flatMap((file) => snippets(file).map((s) => ({ file, ...s })));

test('every ts fence of the docs is found', () => {
  for (const file of DOCS) {
    const fences = readFileSync(join(REPO, file), 'utf8').split('```ts\n').length - 1;
    expect(all.filter((s) => s.file === file)).toHaveLength(fences);
  }
  expect(all.length).toBeGreaterThan(0);
});

test('every snippet type-checks', () => {
  // GIVEN one virtual file per snippet
  const files = new Map(all.map((s, i) => [join(REPO, `__snippet_${i}.ts`), `${FIXTURE}\n${s.code}\n}\n`]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    noUnusedLocals: false,
    ignoreDeprecations: '6.0',
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);

  // WHEN
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
    .map((d) => {
      const index = Number(/__snippet_(\d+)\.ts$/.exec(d.file!.fileName)![1]);
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start!);
      const snippet = all[index];
      return `${snippet.file}:${snippet.line + line - FIXTURE.split('\n').length}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });

  // THEN
  expect(problems).toEqual([]);
});

describe('every snippet runs and synthesizes valid objects', () => {
  const globals: Record<string, unknown> = { ...cdk8s, Cpu: kplus.Cpu, kplus, ...library };
  test.each(all.map((s) => [`${s.file}:${s.line}`, s.code]))('%s', (_where, code) => {
    // GIVEN charts for the snippet, and its code compiled to JavaScript
    const app = Testing.app();
    const chart = new cdk8s.Chart(app, 'chart');
    const platform = new cdk8s.Chart(app, 'platform');
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const run = new Function('chart', 'platform', 'console', ...Object.keys(globals), js);

    // WHEN
    run(chart, platform, { log: () => undefined }, ...Object.values(globals));

    // THEN
    synthValid(chart);
    synthValid(platform);
  });
});
