// Bundles the simulator CLI (cli/main.ts) into bin/cdk8s-inference.js: one file with its argument
// parser, progress bar and charting library, so that none of them is a runtime dependency of the
// construct library. cdk8s and constructs are the package's peers and stay external. An argument
// writes the bundle elsewhere (the CLI test bundles into a temporary folder).
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: process.argv[2] ?? 'bin/cdk8s-inference.js',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: true,
  external: ['cdk8s', 'constructs', 'cdk8s-plus-27'],
  banner: { js: '#!/usr/bin/env node' },
  // Keeps the licence comments of the bundled libraries (ECharts, zrender, tslib: Apache-2.0 and 0BSD; commander, cli-progress: MIT).
  legalComments: 'eof',
  logLevel: 'warning',
});
