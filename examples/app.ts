import { App } from 'cdk8s';
import { EXAMPLES } from './index';

const app = new App();
for (const [name, factory] of Object.entries(EXAMPLES)) {
  factory(app, name);
}
app.synth();
