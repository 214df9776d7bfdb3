import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Testing } from 'cdk8s';
import { FleetApp } from '../../src';

const outdirs: string[] = [];

/** cdk8s's `App` and the library's `FleetApp`, each writing into its own temporary directory. */
export const APP_CLASSES: [name: string, newApp: () => App][] = [
  ['App', () => Testing.app()],
  ['FleetApp', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'fleet-app-'));
    outdirs.push(outdir);
    return new FleetApp({ outdir });
  }],
];

/** Removes the directories the apps of `APP_CLASSES` wrote (call in afterAll). */
export function removeAppOutdirs(): void {
  outdirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
}
