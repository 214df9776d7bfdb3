/**
 * legacy-yaml: an InferenceService that a platform team wrote by hand, brought into the app
 * unchanged with cdk8s `Include`. It is synthesized next to the construct-built services, and the
 * validation plugin in cdk8s.yaml checks it the same way: schema, KServe and Knative rules, and
 * the restricted Pod Security profile. Existing YAML can be checked before it is migrated.
 */
import { join } from 'path';
import { App, Chart, Include } from 'cdk8s';

export function legacyYaml(app: App, name: string): Chart {
  const chart = new Chart(app, name);
  new Include(chart, 'FlanT5', { url: join(__dirname, 'legacy-yaml', 'inference-service.yaml') });
  return chart;
}
