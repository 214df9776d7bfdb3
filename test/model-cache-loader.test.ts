/**
 * Runs the loader scripts the ModelCache emits with /bin/sh, against fake `aws`, `gcloud`,
 * `curl`, `pip` and `python` commands, to check the idempotency contract: a completed download
 * is marked and skipped next time, a failed one is never marked or moved into place, and a new
 * source replaces the old copy.
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Size } from 'cdk8s';
import { ModelCache, ModelSource } from '../src';
import { synthValid, testChart } from './support/synth';

const MARKER = '.cdk8s-inference-complete';

/** The script and literal environment of the loader Job for a source. */
function loader(source: ModelSource, modelDirectory = 'model') {
  const chart = testChart();
  new ModelCache(chart, 'Cache', { source, size: Size.gibibytes(1), modelDirectory });
  const container = synthValid(chart).find((m) => m.kind === 'Job').spec.template.spec.containers[0];
  const env: Record<string, string> = Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
  return { script: container.command[2] as string, env };
}

const sandboxes: string[] = [];
afterEach(() => sandboxes.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A sandbox: a cache root, a "remote" directory and a bin directory of fake tools that log calls. */
function sandbox(fakes: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'model-cache-'));
  sandboxes.push(root);
  const dirs = { cache: join(root, 'cache'), remote: join(root, 'remote'), bin: join(root, 'bin'), calls: join(root, 'calls.log') };
  for (const dir of [dirs.cache, dirs.remote, dirs.bin]) mkdirSync(dir);
  for (const [name, body] of Object.entries(fakes)) {
    writeFileSync(join(dirs.bin, name), `#!/bin/sh\necho "${name} $*" >> "$CALLS"\n${body}\n`);
    chmodSync(join(dirs.bin, name), 0o755);
  }
  const run = (script: string, env: Record<string, string>, extra: Record<string, string> = {}) => spawnSync('/bin/sh', ['-c', script], {
    encoding: 'utf8',
    env: { ...env, CACHE_ROOT: dirs.cache, HOME: root, PATH: `${dirs.bin}:${process.env.PATH}`, CALLS: dirs.calls, REMOTE: dirs.remote, ...extra },
  });
  const calls = () => (existsSync(dirs.calls) ? readFileSync(dirs.calls, 'utf8').trim().split('\n') : []);
  return { ...dirs, run, calls };
}

// aws s3 sync <flags> SRC DST copies the remote directory; aws s3 cp <flags> SRC DST/ copies one file.
const FAKE_AWS = [
  'if [ -n "${FAIL:-}" ]; then echo partial > "$6/part-0001"; exit 1; fi',
  'case "$2" in',
  '  sync) if [ -z "${SINGLE:-}" ]; then cp -R "$REMOTE/." "$6"; fi ;;',
  '  cp) cp "$REMOTE/model.onnx" "$6" ;;',
  'esac',
].join('\n');

describe('S3 loader', () => {
  const source = ModelSource.fromS3('s3://models/gpt2');

  test('downloads, marks the copy with the source and moves it into place', () => {
    // GIVEN
    const box = sandbox({ aws: FAKE_AWS });
    writeFileSync(join(box.remote, 'config.json'), '{}');
    const { script, env } = loader(source);

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'config.json']);
    expect(readFileSync(join(box.cache, 'model', MARKER), 'utf8')).toBe('s3://models/gpt2');
    expect(readdirSync(join(box.cache, '.staging'))).toEqual([]);
    expect(box.calls()).toEqual(['aws s3 sync --only-show-errors --no-progress s3://models/gpt2/ ' + join(box.cache, '.staging', 'model')]);
  });

  test('skips the download when the copy is marked complete for the same source', () => {
    // GIVEN
    const box = sandbox({ aws: FAKE_AWS });
    writeFileSync(join(box.remote, 'config.json'), '{}');
    const { script, env } = loader(source);
    box.run(script, env);

    // WHEN
    const again = box.run(script, env);

    // THEN
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('s3://models/gpt2 is already cached in');
    expect(box.calls()).toHaveLength(1);
  });

  test('a failed download is neither marked nor moved into place, and the next run starts over', () => {
    // GIVEN
    const box = sandbox({ aws: FAKE_AWS });
    writeFileSync(join(box.remote, 'config.json'), '{}');
    const { script, env } = loader(source);

    // WHEN
    const failed = box.run(script, env, { FAIL: '1' });

    // THEN
    expect(failed.status).not.toBe(0);
    expect(existsSync(join(box.cache, 'model'))).toBe(false);

    // WHEN
    const retried = box.run(script, env);

    // THEN: the partial file of the failed attempt is gone
    expect(retried.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'config.json']);
  });

  test('a copy of another source is replaced', () => {
    // GIVEN
    const box = sandbox({ aws: FAKE_AWS });
    mkdirSync(join(box.cache, 'model'));
    writeFileSync(join(box.cache, 'model', 'old.bin'), 'old');
    writeFileSync(join(box.cache, 'model', MARKER), 's3://models/gpt2-old');
    writeFileSync(join(box.remote, 'config.json'), '{}');
    const { script, env } = loader(source);

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'config.json']);
  });

  test('a URI that names one object is copied as a file, into a nested model directory', () => {
    // GIVEN
    const box = sandbox({ aws: FAKE_AWS });
    writeFileSync(join(box.remote, 'model.onnx'), 'onnx');
    const { script, env } = loader(ModelSource.fromS3('s3://models/resnet/model.onnx'), 'models/resnet');

    // WHEN
    const result = box.run(script, env, { SINGLE: '1' });

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'models', 'resnet')).sort()).toEqual([MARKER, 'model.onnx']);
  });
});

describe('GCS loader', () => {
  // gcloud storage ls succeeds for a prefix; rsync copies the remote directory; cp one file.
  const FAKE_GCLOUD = [
    'case "$2" in',
    '  ls) [ -z "${SINGLE:-}" ] ;;',
    '  rsync) cp -R "$REMOTE/." "$5" ;;',
    '  cp) cp "$REMOTE/model.pt" "$4" ;;',
    'esac',
  ].join('\n');

  test('a prefix is synced', () => {
    // GIVEN
    const box = sandbox({ gcloud: FAKE_GCLOUD });
    writeFileSync(join(box.remote, 'vocab.txt'), 'a');
    const { script, env } = loader(ModelSource.fromGcs('gs://models/bert'));

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'vocab.txt']);
    expect(box.calls()[1]).toBe(`gcloud storage rsync --recursive gs://models/bert ${join(box.cache, '.staging', 'model')}`);
  });

  test('an object is copied', () => {
    // GIVEN
    const box = sandbox({ gcloud: FAKE_GCLOUD });
    writeFileSync(join(box.remote, 'model.pt'), 'pt');
    const { script, env } = loader(ModelSource.fromGcs('gs://models/bert/model.pt'));

    // WHEN
    const result = box.run(script, env, { SINGLE: '1' });

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'model.pt']);
  });
});

describe('HTTP loader', () => {
  // curl -fsSL --retry 5 --retry-connrefused -o FILE URL serves $REMOTE/payload.
  const FAKE_CURL = 'cp "$REMOTE/payload" "$6"';

  test('a .tar.gz archive is unpacked', () => {
    // GIVEN
    const box = sandbox({ curl: FAKE_CURL });
    mkdirSync(join(box.remote, 'src'));
    writeFileSync(join(box.remote, 'src', 'saved_model.pb'), 'pb');
    spawnSync('tar', ['-czf', join(box.remote, 'payload'), '-C', join(box.remote, 'src'), 'saved_model.pb']);
    const { script, env } = loader(ModelSource.fromHttp('https://example.com/models/resnet50.tar.gz?download=1'));

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'saved_model.pb']);
  });

  test('a .zip archive is unpacked', () => {
    // GIVEN: unzip -q FILE -d DIR, played by Python's zipfile (zip tools are not on every machine)
    const box = sandbox({ curl: FAKE_CURL, unzip: 'python3 -m zipfile -e "$2" "$4"' });
    writeFileSync(join(box.remote, 'model.onnx'), 'onnx');
    spawnSync('python3', ['-m', 'zipfile', '-c', join(box.remote, 'payload'), 'model.onnx'], { cwd: box.remote });
    const { script, env } = loader(ModelSource.fromHttp('https://example.com/model.zip'));

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'model.onnx']);
  });

  test('any other file keeps its name', () => {
    // GIVEN
    const box = sandbox({ curl: FAKE_CURL });
    writeFileSync(join(box.remote, 'payload'), 'weights');
    const { script, env } = loader(ModelSource.fromHttp('https://example.com/weights/model.safetensors#main'));

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'model.safetensors']);
  });

  test('a failed download is not marked', () => {
    // GIVEN
    const box = sandbox({ curl: 'exit 22' });
    const { script, env } = loader(ModelSource.fromHttp('https://example.com/model.zip'));

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(22);
    expect(existsSync(join(box.cache, 'model'))).toBe(false);
  });
});

describe('Hugging Face loader', () => {
  // python -c ... writes the snapshot and the Hub's metadata directory into $STAGING.
  const FAKE_PYTHON = [
    'echo "$HF_REPO@${HF_REVISION:-default} home=$HF_HOME" >> "$CALLS"',
    'mkdir -p "$STAGING/.cache/huggingface" "$HF_HOME/xet"',
    'echo "{}" > "$STAGING/config.json"',
  ].join('\n');

  test('installs the pinned huggingface_hub, downloads the revision and drops the Hub metadata', () => {
    // GIVEN
    const box = sandbox({ pip: '', python: FAKE_PYTHON });
    const { script, env } = loader(ModelSource.fromHuggingFace('openai-community/gpt2', { revision: 'v1' }));

    // WHEN
    const result = box.run(script, env);

    // THEN
    expect(result.status).toBe(0);
    expect(readdirSync(join(box.cache, 'model')).sort()).toEqual([MARKER, 'config.json']);
    expect(readdirSync(join(box.cache, '.staging'))).toEqual([]);
    expect(box.calls()).toEqual([
      'pip install --quiet --no-cache-dir --disable-pip-version-check --target /tmp/python huggingface_hub==1.1.7',
      expect.stringMatching(/^python -c import os; from huggingface_hub import snapshot_download; /),
      `openai-community/gpt2@v1 home=${join(box.cache, '.staging', '.huggingface')}`,
    ]);
  });
});
