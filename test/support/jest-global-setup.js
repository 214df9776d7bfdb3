// The suite's temporary files go to one folder per run, which jest-global-teardown.js removes.
// cdk8s's `Testing.app()` makes a folder in os.tmpdir() for every app and nothing removes it: one
// run of this suite made 15,063 of them, and a machine that ran it a few hundred times had
// millions of entries in /tmp, where esbuild, which lists the folders above the project it
// bundles, took 5 s instead of 10 ms for each of the build's two bundles. Node's os.tmpdir()
// reads TMPDIR, and jest starts its workers after this hook, with this process's environment.
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = () => {
  const folder = mkdtempSync(join(tmpdir(), 'cdk8s-inference-test-'));
  process.env.CDK8S_INFERENCE_TEST_TMPDIR = folder;
  process.env.TMPDIR = folder;
};
