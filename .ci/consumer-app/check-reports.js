// Reads the two validation reports of .ci/consumer-app.sh: the app alone passes, and the
// hand-written YAML gets exactly the expected violations, from the plugin loaded by package name.
const { readFileSync } = require('fs');

const [good, bad] = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')).reports);
const problems = [];
const expect = (ok, message) => { if (!ok) problems.push(message); };

expect(good.length === 1 && good[0].title.startsWith('Validation Report (cdk8s-inference@'), `plugin not loaded by package name: ${good[0]?.title}`);
expect(good[0]?.summary.status === 'success' && good[0].violations.length === 0, `the app alone has violations: ${JSON.stringify(good[0]?.violations)}`);
const found = Object.fromEntries(bad[0].violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.resourceName).sort()]));
const wanted = {
  'Schema': ['root-runtime'], // an annotation that is a map
  'Quantities': ['warm-cache'],
  'Knative reserved ports': ['queue-port'],
  'Knative reserved environment variables': ['queue-port'],
  'Secret values in the manifest': ['hf-token'],
  'Pod Security restricted': ['root-runtime'],
};
expect(bad[0].summary.status === 'failure', 'the hand-written YAML passed');
expect(JSON.stringify(found) === JSON.stringify(wanted), `violations ${JSON.stringify(found)}, expected ${JSON.stringify(wanted)}`);
if (problems.length > 0) {
  console.error(`consumer app: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`consumer app: the plugin, loaded by package name, passed the app and reported ${Object.keys(found).join(', ')} in the hand-written YAML`);
