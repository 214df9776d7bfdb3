/** The restricted-profile check lives in validation/, shared with the cdk8s validation plugin. */
import { findPodTemplates, restrictedProfileViolations } from '../../validation/pod-security';

export { findPodTemplates, restrictedProfileViolations };

/** Throws one error listing every restricted-profile violation of every object. */
export function expectRestrictedPods(manifests: any[]): void {
  const report = manifests.flatMap((manifest) => restrictedProfileViolations(manifest)
    .map((violation) => `${manifest?.kind ?? '?'} ${manifest?.metadata?.name ?? '?'}: ${violation}`));
  if (report.length > 0) {
    throw new Error(`${report.length} Pod Security violation(s):\n  ${report.join('\n  ')}`);
  }
}
