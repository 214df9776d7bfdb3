import { cdk8s, javascript, release } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-inference',
  description: 'cdk8s constructs for GPU online inference serving: KServe, legacy KFServing and Knative InferenceServices, model caches and GPU-tuned autoscaling.',
  author: 'cdk8s-inference maintainers',
  authorAddress: 'maintainers@cdk8s-inference.example',
  // The README's links to docs/ and examples/ point here: neither is in the npm tarball.
  repositoryUrl: 'https://github.com/cdk8s-inference/cdk8s-inference.git',
  homepage: 'https://github.com/cdk8s-inference/cdk8s-inference#readme',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  keywords: ['cdk8s', 'kserve', 'kfserving', 'knative', 'inference', 'gpu', 'kubernetes'],

  jsiiVersion: '~6.0.0',
  // The validation plugin (validation/, compiled to lib/validation.js) reads YAML and compiles the
  // vendored schemas at run time. jsii requires a dependency that is not a jsii module to be bundled.
  bundledDeps: ['ajv@^8', 'yaml@^2'],
  // `npm test` checks and never rewrites: eslint reports what `npx eslint --fix` would change.
  eslintOptions: { dirs: ['src'], commandOptions: { fix: false } },
  cdk8sVersion: '2.70.106',
  // cdk8s-plus-27 needs constructs >= 10.3.0 (ERESOLVE with projen's 10.0.0 pin).
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    // projen would otherwise pick the newest @types/node, which does not match Node 20.
    '@types/node@^20',
    'cdk8s-cli@2.207.60',
    // Source of the core Kubernetes schema (scripts/generate-core-schema.mjs), never loaded at run time.
    '@kubernetes/client-node@2.0.1',
    // Property-based tests (test/properties).
    'fast-check@^3',
  ],

  github: false,
  // Versions come from projen's release flow: `npx projen release` bumps the last `v0.*` tag by the
  // conventional commits since it, builds, writes the tarball with that version to dist/js and tags
  // it; package.json keeps 0.0.0 between releases. Without a tag, the first release is 0.1.0 (projen
  // would release 0.0.0). CHANGELOG.md is written by hand.
  release: true,
  majorVersion: 0,
  nextVersionCommand: 'node -e "if (!process.env.LATEST_TAG) console.log(\'0.1.0\')"',
  releaseTrigger: release.ReleaseTrigger.manual({ changelog: false }),
  depsUpgrade: false,
  vscode: false,
  sampleCode: false,
  readme: undefined,

  jestOptions: {
    // CI must fail on a changed snapshot: `npm run test:update` rewrites them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      testTimeout: 60_000,
      // CI time (2 shared cores, fresh clone, cold caches; medians of several runs): the jest step
      // went from ~115 s to ~38 s with the three settings below. One worker, CPU seconds of the
      // whole suite: V8 coverage 97 s, babel coverage 59 s, no coverage 48 s. V8's block counters
      // run over everything each test file loads (cdk8s-plus-27, 17 MB of compiled schema
      // validators); babel (istanbul) instruments only our own files, for the same report (its
      // percentages count statements a little differently). Tried and dropped: @swc/jest, within
      // the noise of ts-jest, which only transpiles already (isolatedModules).
      coverageProvider: 'babel',
      // jest's default is one worker less than the cores: on 2 cores the suite ran in band on one.
      maxWorkers: '100%',
      // Loads the compiled schema validators once per worker, not once per test file
      // (test/support/jest-runtime.js): 59 s -> 52 s of CPU, one worker.
      runtime: '<rootDir>/test/support/jest-runtime.js',
      // The run's temporary files (cdk8s's Testing.app() makes a folder per app) in one folder,
      // removed at the end (test/support/jest-global-setup.js).
      globalSetup: '<rootDir>/test/support/jest-global-setup.js',
      globalTeardown: '<rootDir>/test/support/jest-global-teardown.js',
    },
  },
});

// The tarball holds lib/ (the validation plugin among it), the vendored schemas it reads (crds/),
// README, CHANGELOG and LICENSE; the README links to everything else on GitHub.
for (const path of ['/examples/', '/cdk8s.yaml', '/.ci/', '/scripts/', '/dist/', '/validation/', '/bench/', '/docs/', '/tsconfig.examples.json']) {
  project.addPackageIgnore(path);
}
// validation/: the manifest checks shared by the tests and the cdk8s validation plugin. esbuild
// compiles them into lib/validation.js after jsii, with ajv and yaml (bundled dependencies) left
// external and src/ modules required from lib/, so the package's `InferenceManifestValidation`
// export (src/index.ts) loads them only when cdk8s-cli asks for the plugin.
project.eslint?.addLintPattern('validation');
// The release flow's version bumper runs only in `npx projen release`, which fetches it with npx
// (without a prompt: npm_config_yes); kept out of devDependencies, it costs `npm ci` (and CI) nothing.
project.deps.removeDependency('commit-and-tag-version');
for (const name of ['bump', 'unbump']) project.tasks.tryFind(name)?.env('npm_config_yes', 'true');
const bundleValidation = project.addTask('bundle:validation', {
  description: 'Compiles the validation plugin (validation/) into lib/validation.js',
  exec: 'node scripts/bundle-validation.mjs',
});
project.postCompileTask.spawn(bundleValidation);
project.gitignore.exclude('/cdk8s.out/');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('CDK8S_CHECK_UPGRADE', 'false');
// ts-jest runs with isolatedModules and does not type-check the tests: tsc does. tsc and eslint are
// single-threaded and independent of each other, so they run side by side, on the 2 cores that
// jest then takes alone, instead of eslint after jest: saves the shorter of the two (tsc's 6-10 s)
// on 2 cores. Either failing fails the task. (projen's own shell runs no `&`, hence `sh -c`.)
project.testTask.removeStep(project.testTask.steps.findIndex((step) => step.spawn === 'eslint'));
project.testTask.prependExec("sh -c 'tsc --noEmit -p test/tsconfig.json & types=$!; projen eslint; lint=$?; wait $types && [ $lint -eq 0 ]'");
project.addTask('synth', {
  description: 'Synthesizes every chart in examples/ into dist/<chart>.k8s.yaml',
  // The examples are type-checked with the tests (`tsc -p test/tsconfig.json`, below) and src/ by
  // jsii, so ts-node only transpiles them: the app alone, 6.4 s -> 2.7 s of CPU.
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: 'cdk8s synth --no-check-upgrade',
});
// Every example, examples/app.ts included (the tests import the others), is type-checked here.
project.tsconfigDev.addInclude('../examples/**/*.ts');
// bench/ measures the compiled lib/ that users load, so the task compiles first (docs/benchmarks.md).
project.addTask('bench', {
  description: 'Synthesis cost against hand-rolled ApiObjects at 100, 1,000 and 10,000 services, require time, tarball size',
  steps: [{ spawn: 'compile' }, { exec: 'tsc -p bench/tsconfig.json' }, { exec: 'node bench/out/run.js' }],
});
project.gitignore.exclude('/bench/out/');
project.eslint?.addLintPattern('bench');
// bench/ imports the compiled lib/, which `npm test` alone does not build.
project.eslint?.addOverride({ files: ['bench/**/*.ts'], rules: { 'import/no-unresolved': 'off' } });
project.addTask('generate:core-schema', {
  description: 'Regenerates crds/kubernetes/k8s-core.json from @kubernetes/client-node models',
  exec: 'node scripts/generate-core-schema.mjs',
});

// ---- Autoscaling simulator (issue 16): CLI, reference traces, benchmark ----
// The CLI (cli/) is bundled by esbuild into one file with its argument parser, progress bar and
// charting library, so they stay dev dependencies: `require('cdk8s-inference')` never loads them
// and a user who only synthesizes manifests installs none of them.
project.addDevDeps('esbuild@^0.28', 'echarts@^6', 'commander@^14', 'cli-progress@^3', '@types/cli-progress@^3');
project.addBins({ 'cdk8s-inference': 'bin/cdk8s-inference.js' });
project.gitignore.exclude('/bin/');
// The CLI's sources: the package ships only their bundle.
project.addPackageIgnore('/cli/');
const bundleCli = project.addTask('bundle:cli', {
  description: 'Type-checks the simulator CLI (cli/) and bundles it into bin/cdk8s-inference.js',
  steps: [{ exec: 'tsc -p cli/tsconfig.json' }, { exec: 'node scripts/bundle-cli.mjs' }],
});
project.postCompileTask.spawn(bundleCli);
project.eslint?.addLintPattern('cli');
project.eslint?.allowDevDeps('cli/**');
project.addTask('simulate:presets', {
  description: 'Runs the preset comparison on the seeded reference traces and rewrites its table in docs/simulator.md',
  exec: 'ts-node --transpile-only scripts/simulate-presets.ts',
});
project.addTask('bench:simulator', {
  description: 'Times 24 hours of a 50 request-per-second trace through the simulator (docs/simulator.md)',
  steps: [{ spawn: 'compile' }, { exec: 'tsc -p bench/tsconfig.json' }, { exec: 'node bench/out/simulator.js' }],
});
// ---- end of the autoscaling simulator block ----

project.synth();
