/** The schema checks live in validation/, shared with the cdk8s validation plugin. */
export { expectValidManifests, validateManifest } from '../../validation/manifest-schema';
