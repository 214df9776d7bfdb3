import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-inference',
  description: 'cdk8s constructs for GPU online inference serving: KServe, legacy KFServing and Knative InferenceServices, model caches and GPU-tuned autoscaling.',
  author: 'cdk8s-inference maintainers',
  authorAddress: 'maintainers@cdk8s-inference.example',
  repositoryUrl: 'https://example.com/cdk8s-inference.git',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  keywords: ['cdk8s', 'kserve', 'kfserving', 'knative', 'inference', 'gpu', 'kubernetes'],

  jsiiVersion: '~6.0.0',
  cdk8sVersion: '2.70.106',
  // cdk8s-plus-27 needs constructs >= 10.3.0 (ERESOLVE with projen's 10.0.0 pin).
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: [
    // projen would otherwise pick the newest @types/node, which does not match Node 20.
    '@types/node@^20',
    'cdk8s-cli@2.207.60',
    'ajv@^8',
    'yaml@^2',
    // Source of the core Kubernetes schema (scripts/generate-core-schema.mjs), never loaded at run time.
    '@kubernetes/client-node@2.0.1',
    // Property-based tests (test/properties).
    'fast-check@^3',
  ],

  github: false,
  release: false,
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
    },
  },
});

for (const path of ['/examples/', '/crds/', '/cdk8s.yaml', '/.ci/', '/scripts/', '/dist/', '/validation/', '/bench/', '/docs/', '/tsconfig.examples.json']) {
  project.addPackageIgnore(path);
}
// validation/: the manifest checks shared by the tests and the cdk8s validation plugin; they use
// ajv and yaml, which are dev dependencies, so they are not part of the published package.
project.eslint?.addLintPattern('validation');
project.eslint?.allowDevDeps('validation/**');
project.gitignore.exclude('/cdk8s.out/');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('CDK8S_CHECK_UPGRADE', 'false');
// ts-jest runs with isolatedModules and does not type-check the tests.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');
project.addTask('synth', {
  description: 'Synthesizes every chart in examples/ into dist/<chart>.k8s.yaml',
  exec: 'cdk8s synth --no-check-upgrade',
});
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
  description: 'Regenerates test/schemas/k8s-core.json from @kubernetes/client-node models',
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
