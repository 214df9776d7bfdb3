/**
 * The npm package is publishable: its README works from the npm page, its metadata names the
 * repository, its version comes from projen's release flow and `npm test` only checks. What the
 * tarball holds is checked on the packed tarball itself, which CI installs in an app outside the
 * repository (.ci/consumer-app.sh).
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import * as library from '../src';

const REPO = join(__dirname, '..');
const GITHUB = 'https://github.com/cdk8s-inference/cdk8s-inference';
const packageJson = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const tasks = JSON.parse(readFileSync(join(REPO, '.projen', 'tasks.json'), 'utf8')).tasks;

describe('the README, as the npm page shows it', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

  test('links only to anchors and absolute URLs: docs/ and examples/ are not in the tarball', () => {
    expect(links.filter((link) => !link.startsWith('#') && !/^https?:\/\//.test(link))).toEqual([]);
  });

  test('every link into the repository names a file or folder that exists on main', () => {
    // GIVEN
    const intoRepository = links.filter((link) => link.startsWith(`${GITHUB}/`));

    // WHEN
    const missing = intoRepository.filter((link) => {
      const match = /^\/(blob|tree)\/main\/([^#]+)/.exec(link.slice(GITHUB.length));
      return !match || !existsSync(join(REPO, match[2]));
    });

    // THEN
    expect(intoRepository.length).toBeGreaterThanOrEqual(5);
    expect(missing).toEqual([]);
  });
});

test('the package metadata names the repository the README links to', () => {
  expect(packageJson.repository.url).toBe(`${GITHUB}.git`);
  expect(packageJson.homepage).toBe(`${GITHUB}#readme`);
});

test('versions come from projen\'s release flow, 0.x, the first one 0.1.0', () => {
  // GIVEN
  const bump = tasks.bump;
  const nextVersion = tasks['bump:next-version'].steps.map((step: { exec: string }) => step.exec).join('\n');

  // WHEN
  const first = execFileSync('sh', ['-c', nextVersion], { env: { ...process.env, LATEST_TAG: '' }, encoding: 'utf8' });
  const later = execFileSync('sh', ['-c', nextVersion], { env: { ...process.env, LATEST_TAG: 'v0.1.0' }, encoding: 'utf8' });

  // THEN
  expect(tasks.release.env).toMatchObject({ RELEASE: 'true', MAJOR: '0' });
  expect(bump.steps.map((step: { builtin?: string }) => step.builtin).filter(Boolean)).toEqual(['release/resolve-latest-tag', 'release/suggest-version-bump', 'release/apply-version-bump']);
  expect(first.trim()).toBe('0.1.0');
  expect(later.trim()).toBe(''); // the bump the conventional commits since the tag suggest
});

test('npm test checks and never rewrites: eslint without --fix, jest without snapshot updates', () => {
  // GIVEN
  const steps = JSON.stringify([...tasks.test.steps, ...tasks.eslint.steps]);

  // THEN
  expect(tasks.test.steps.map((step: { exec?: string; execArgs?: string[] }) => step.exec ?? step.execArgs?.join(' '))).toEqual([
    "sh -c 'tsc --noEmit -p test/tsconfig.json & types=$!; projen eslint; lint=$?; wait $types && [ $lint -eq 0 ]'",
    'jest --passWithNoTests --ci',
  ]);
  expect(steps).not.toMatch(/--fix|--updateSnapshot|"-u"/);
});

test('the plugin is a property of the package\'s main module that `import *` does not list (it is no jsii type)', () => {
  // GIVEN / WHEN
  const descriptor = Object.getOwnPropertyDescriptor(library, 'InferenceManifestValidation');

  // THEN
  expect(descriptor).toMatchObject({ enumerable: false, get: expect.any(Function) });
  expect(Object.keys(library)).not.toContain('InferenceManifestValidation');
});
