/**
 * The CLI end to end: bundled as the package ships it, run on a short trace. The bundle needs the
 * package's peers, found through NODE_PATH.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cdk8s-inference-cli-'));
const bundle = join(dir, 'cdk8s-inference.js');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs'), bundle], { cwd: root });
  writeFileSync(join(dir, 'trace.csv'), 'arrival_seconds,service_seconds\n5,0.5\n5.2,0.5\n300,1\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [bundle, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('simulate prints the summary table and writes an SVG chart', () => {
  const run = cli('simulate', '--policy', 'gpu-tuned', '--trace', 'trace.csv', '--gpu', 'A100_80GB', '--price', '2.21', '--cold-start', '30s', '--plot', 'out.svg');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('trace trace.csv: 3 requests over 0.3 h; A100_80GB, 1 GPU(s) a pod; cold start 30s (given)');
  // The first two wait for the initial pod; the third finds it warm (GPU_TUNED keeps it 30 minutes).
  expect(run.stdout).toMatch(/delayed by a cold start\s+2 \(66\.7%\)/);
  expect(run.stderr).toBe('wrote out.svg\n');
  const svg = readFileSync(join(dir, 'out.svg'), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('GPU_TUNED on trace.csv (A100_80GB, cold start 30 s)');
  expect(svg).toContain('ready pods');
});

test('compare runs every preset on one trace; --json gives the numbers', () => {
  const run = cli('compare', '--trace', 'trace.csv', '--model-size', '548MB', '--storage', 'shared-model-cache', '--json');
  expect(run.code).toBe(0);
  const results = JSON.parse(run.stdout) as Array<{ name: string; requests: number }>;
  expect(results.map((r) => [r.name, r.requests])).toEqual([['GPU_TUNED', 3], ['KNATIVE_DEFAULTS', 3], ['SEED_GUIDE', 3]]);
});

test('wrong arguments exit 1 with the reason', () => {
  expect(cli('simulate', '--trace', 'missing.csv')).toMatchObject({ code: 1, stderr: expect.stringContaining('--trace is "missing.csv"') });
  expect(cli('simulate', '--trace', 'sparse', '--policy', 'fast')).toMatchObject({ code: 1, stderr: expect.stringContaining('--policy is "fast": use gpu-tuned, knative-defaults, seed-guide') });
  expect(cli('simulate', '--trace', 'sparse', '--set', 'maxScale=-1')).toMatchObject({
    code: 1, stderr: "Invalid AutoscalingSimulation:\n  - policy: 'maxScale' is -1: must be a whole number from 0 to 2147483647\n",
  });
});

test('a CSV trace is named after its file, however long its path', () => {
  const folder = join(dir, 'a-folder-name-long-enough-to-make-the-path-pass-one-hundred-characters-together-with-the-rest');
  mkdirSync(folder);
  writeFileSync(join(folder, 'trace.csv'), 'arrival_seconds,service_seconds\n5,0.5\n');
  const run = cli('simulate', '--trace', join(folder, 'trace.csv'));
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('trace trace.csv: 1 requests');
});

test('a flag out of the simulation\'s range is named as given', () => {
  expect(cli('simulate', '--trace', 'poisson:1:1', '--model-size', '100TB')).toMatchObject({
    code: 1, stderr: expect.stringMatching(/^error: --model-size 100TB: from object-storage the cold start would take .*; the simulation takes at most a day: /),
  });
  expect(cli('simulate', '--trace', 'poisson:1:800')).toMatchObject({
    code: 1, stderr: 'error: --trace is "poisson:1:800": a generated trace lasts at most 744 hours (31 days)\n',
  });
  expect(cli('simulate', '--trace', 'poisson:1:1', '--price', '-1')).toMatchObject({
    code: 1, stderr: 'error: --price is "-1": use a price per GPU-hour of 0 or more\n',
  });
});

test('flags that estimate a cold start are refused where the simulation would not use them', () => {
  expect(cli('simulate', '--trace', 'poisson:1:1', '--storage', 'nvme')).toMatchObject({
    code: 1, stderr: 'error: --storage is "nvme": use object-storage, shared-model-cache, node-local-cache\n',
  });
  // Names of Object.prototype's members are no storage kinds either.
  for (const name of ['__proto__', 'toString', 'constructor']) {
    expect(cli('simulate', '--trace', 'poisson:1:1', '--model-size', '16GB', '--storage', name)).toMatchObject({
      code: 1, stderr: `error: --storage is "${name}": use object-storage, shared-model-cache, node-local-cache\n`,
    });
  }
  expect(cli('simulate', '--trace', 'poisson:1:1', '--storage', 'node-local-cache')).toMatchObject({
    code: 1, stderr: 'error: --storage node-local-cache estimates the cold start of a model of --model-size: give --model-size too\n',
  });
  const both = 'error: --cold-start gives the cold start, which --model-size and --storage would estimate: give --cold-start, or --model-size and --storage\n';
  expect(cli('simulate', '--trace', 'poisson:1:1', '--cold-start', '30s', '--model-size', '16GB')).toMatchObject({ code: 1, stderr: both });
  expect(cli('simulate', '--trace', 'poisson:1:1', '--cold-start', '30s', '--storage', 'node-local-cache')).toMatchObject({ code: 1, stderr: both });
});

test('a Knative value that is misspelt is refused, not left out', () => {
  writeFileSync(join(dir, 'typo.json'), '{"max-scale": 1}');
  writeFileSync(join(dir, 'proto.json'), '{"__proto__": {"maxScale": 1}}');
  expect(cli('simulate', '--trace', 'sparse', '--set', 'maxscale=1')).toMatchObject({
    code: 1, stderr: 'error: --set maxscale=1: "maxscale" is no Knative autoscaling value; did you mean \'maxScale\'?\n',
  });
  expect(cli('simulate', '--trace', 'sparse', '--policy', 'typo.json')).toMatchObject({
    code: 1, stderr: 'error: --policy typo.json: "max-scale" is no Knative autoscaling value; did you mean \'maxScale\'?\n',
  });
  expect(cli('simulate', '--trace', 'sparse', '--policy', 'proto.json')).toMatchObject({
    code: 1, stderr: expect.stringMatching(/^error: --policy proto\.json: "__proto__" is no Knative autoscaling value: use containerConcurrency, metric, /),
  });
});

test('the construct library never imports the CLI or its libraries', () => {
  // `require('cdk8s-inference')` loads src/ compiled; only bin/ may pull in the chart and argument code.
  const sources = (folder: string): string[] => readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : []));
  const offending = sources(join(root, 'src')).filter((file) => /from '(echarts[^']*|commander|cli-progress|(\.\.\/)+cli\/[^']*)'/.test(readFileSync(file, 'utf8')));
  expect(offending).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  // The only runtime dependencies are the validation plugin's (bundled, loaded only by cdk8s-cli).
  expect(Object.keys(manifest.dependencies ?? {})).toEqual(['ajv', 'yaml']);
});
