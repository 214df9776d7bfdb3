// Removes the run's temporary folder (jest-global-setup.js).
const { rmSync } = require('fs');

module.exports = () => {
  const folder = process.env.CDK8S_INFERENCE_TEST_TMPDIR;
  if (folder) rmSync(folder, { recursive: true, force: true });
};
