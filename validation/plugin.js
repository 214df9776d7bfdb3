// Entry point of the validation plugin for this repository's own cdk8s.yaml: `npm run synth` runs
// beside the build, before lib/validation.js (what the package ships) exists, so the TypeScript
// sources are compiled on load (ts-node, already used to run the examples app).
if (!process[Symbol.for('ts-node.register.instance')]) {
  require('ts-node').register({ project: require('path').join(__dirname, 'tsconfig.json'), transpileOnly: true });
}
module.exports = require('./cdk8s-plugin');
