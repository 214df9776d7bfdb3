// Compiles the validation plugin (validation/cdk8s-plugin.ts and the checks it runs) into
// lib/validation.js, which the package's `InferenceManifestValidation` export loads. The rules it
// shares with the constructs stay in src/ and are required from their jsii-compiled copies in lib/
// (one definition, one copy in the tarball); ajv and yaml are the package's bundled dependencies.
// lib/validation.js sits one folder below the package root, as validation/*.ts sit below the
// repository's, so both find crds/ at `<dirname>/../crds`.
import { build } from 'esbuild';

await build({
  entryPoints: ['validation/cdk8s-plugin.ts'],
  outfile: 'lib/validation.js',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['ajv', 'ajv/*', 'yaml'],
  plugins: [{
    name: 'src-from-lib',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/src\// }, (args) => ({ path: `./${args.path.slice('../src/'.length)}`, external: true }));
    },
  }],
  logLevel: 'warning',
});
