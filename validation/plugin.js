// Entry point of the cdk8s validation plugin named in cdk8s.yaml. cdk8s-cli loads plugins with a
// plain require(), and the checks are TypeScript shared with the tests, so they are compiled on
// load (ts-node, already used to run the examples app) instead of kept as a second, built copy.
if (!process[Symbol.for('ts-node.register.instance')]) {
  require('ts-node').register({ project: require('path').join(__dirname, 'tsconfig.json'), transpileOnly: true });
}
module.exports = require('./cdk8s-plugin');
