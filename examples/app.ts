import { FleetApp } from '../src';
import { EXAMPLES } from './index';

// FleetApp: a cdk8s App that prepares the app once per synth instead of once per chart.
const app = new FleetApp();
for (const [name, factory] of Object.entries(EXAMPLES)) {
  factory(app, name);
}
app.synth();
