/**
 * Rules of KServe, KFServing and Knative that no schema expresses: settings an API server accepts
 * and then silently drops, or that a webhook rejects only when the object is applied. The
 * constructs refuse each of them at construction; these rules find them in YAML written by hand.
 */

/** A check that the validation plugin runs on every object, with what to tell the user. */
export interface ManifestRule {
  /** Short name, shown as the rule of a violation. */
  readonly name: string;
  /** What is wrong and why it matters. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** Problems of one object, each `<JSON pointer>: <message>`; empty when the object complies. */
  check(manifest: any): string[];
}

import { isDns1035Label } from '../src/_metadata-checks';

const INFERENCE_SERVICE_GROUPS = ['serving.kserve.io', 'serving.kubeflow.org'];
/** The keys KServe filters from user annotations (pkg/constants/constants.go ServiceAnnotationDisallowedList). */
const FILTERED_SCALE_KEYS: Record<string, string> = {
  'autoscaling.knative.dev/min-scale': 'minReplicas',
  'autoscaling.knative.dev/minScale': 'minReplicas',
  'autoscaling.knative.dev/max-scale': 'maxReplicas',
  'autoscaling.knative.dev/maxScale': 'maxReplicas',
};
const COMPONENTS = ['predictor', 'transformer', 'explainer'];
const STANDARD_MODES = ['Standard', 'RawDeployment'];
const KNATIVE_OBJECTS_WITH_TEMPLATE = ['Service', 'Configuration'];

/** A JSON pointer segment (RFC 6901). */
function pointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function entries(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}

function isInferenceService(manifest: any): boolean {
  return manifest?.kind === 'InferenceService' && INFERENCE_SERVICE_GROUPS.includes(String(manifest?.apiVersion).split('/')[0]);
}

/** `[annotations, pointer]` of the object's metadata and of each v1beta1 component. */
function inferenceServiceAnnotations(manifest: any): [unknown, string][] {
  return [
    [manifest.metadata?.annotations, '/metadata/annotations'],
    ...COMPONENTS.map((name): [unknown, string] => [manifest.spec?.[name]?.annotations, `/spec/${name}/annotations`]),
  ];
}

const INFERENCE_SERVICE_NAME_RULE: ManifestRule = {
  name: 'InferenceService name',
  recommendation: 'KServe refuses an InferenceService whose name is not a DNS-1035 label: its name becomes the name of Knative Services and hosts',
  fix: 'Rename the InferenceService: lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit',
  check: (manifest) => {
    const name = manifest?.metadata?.name;
    if (!isInferenceService(manifest) || typeof name !== 'string' || isDns1035Label(name)) return [];
    return [`/metadata/name: '${name}' must start with a letter and hold only lowercase letters, digits and '-', ending with a letter or digit (KServe refuses dots)`];
  },
};

const FILTERED_SCALE_ANNOTATIONS_RULE: ManifestRule = {
  name: 'InferenceService scale annotations',
  recommendation: 'KServe removes min-scale and max-scale annotations before it creates the revision, so they have no effect',
  fix: 'Remove the annotation and set minReplicas or maxReplicas on the component',
  check: (manifest) => {
    if (!isInferenceService(manifest)) return [];
    return inferenceServiceAnnotations(manifest).flatMap(([annotations, at]) => entries(annotations)
      .filter(([key]) => key in FILTERED_SCALE_KEYS)
      .map(([key]) => `${at}/${pointer(key)}: KServe filters out '${key}'; set ${FILTERED_SCALE_KEYS[key]} on the component instead`));
  },
};

/**
 * Canaries where they are ignored or rejected. A v1alpha2 canary (`spec.canary` and
 * `canaryTrafficPercent`) is allowed when the cluster runs KFServing 0.4 or older
 * (`kfservingMinor` <= 4), the last releases that served it.
 */
function canaryRule(kfservingMinor: number): ManifestRule {
  return {
    name: 'InferenceService canary',
    recommendation: 'Only Knative mode splits traffic between revisions: KServe ignores canaryTrafficPercent in Standard mode, '
      + 'and KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2',
    fix: 'Remove canaryTrafficPercent, or use the Knative deployment mode of serving.kserve.io/v1beta1 or serving.kubeflow.org/v1beta1 '
      + '(or set the plugin\'s kfservingVersion to "0.4" for a cluster that still serves v1alpha2 canaries)',
    check: (manifest) => {
      if (!isInferenceService(manifest)) return [];
      if (manifest.apiVersion === 'serving.kubeflow.org/v1alpha2') {
        return manifest.spec?.canaryTrafficPercent === undefined || kfservingMinor <= 4 ? []
          : [`/spec/canaryTrafficPercent: KFServing >= 0.5 rejects canary rollouts on serving.kubeflow.org/v1alpha2 (kfservingVersion 0.${kfservingMinor})`];
      }
      const mode = manifest.metadata?.annotations?.['serving.kserve.io/deploymentMode'];
      if (!STANDARD_MODES.includes(mode)) return [];
      return COMPONENTS.filter((name) => manifest.spec?.[name]?.canaryTrafficPercent !== undefined)
        .map((name) => `/spec/${name}/canaryTrafficPercent: ignored in the ${mode} deployment mode`);
    },
  };
}

const TICK_INTERVAL_RULE: ManifestRule = {
  name: 'Knative tick-interval',
  recommendation: 'Knative removed tick-interval in v0.16 and silently ignores it: the autoscaler decides every 2 seconds',
  fix: 'Remove tick-interval; for steadier scaling use a longer stable window or a scale-down delay',
  check: (manifest) => {
    if (manifest?.apiVersion === 'v1' && manifest.kind === 'ConfigMap' && manifest.metadata?.name === 'config-autoscaler') {
      return entries(manifest.data).some(([key]) => key === 'tick-interval') ? ['/data/tick-interval: not a Knative setting since v0.16'] : [];
    }
    if (manifest?.apiVersion?.startsWith?.('operator.knative.dev/') && manifest.kind === 'KnativeServing') {
      return entries(manifest.spec?.config?.autoscaler).some(([key]) => key === 'tick-interval')
        ? ['/spec/config/autoscaler/tick-interval: not a Knative setting since v0.16'] : [];
    }
    return [];
  },
};

const KNATIVE_SERVICE_AUTOSCALING_RULE: ManifestRule = {
  name: 'Knative autoscaling annotations',
  recommendation: 'Knative\'s webhook rejects autoscaling annotations on the metadata of the Service or Configuration itself',
  fix: 'Move the annotations to spec.template.metadata.annotations, the revision template',
  check: (manifest) => {
    if (manifest?.apiVersion !== 'serving.knative.dev/v1' || !KNATIVE_OBJECTS_WITH_TEMPLATE.includes(manifest.kind)) return [];
    return entries(manifest.metadata?.annotations).filter(([key]) => key.startsWith('autoscaling.knative.dev'))
      .map(([key]) => `/metadata/annotations/${pointer(key)}: '${key}' belongs on spec.template.metadata.annotations`);
  },
};

/**
 * Every serving rule, in the order the plugin reports them, for a cluster that runs KFServing
 * `0.<kfservingMinor>` where it runs KFServing at all (default 6, the last release).
 */
export function servingRules(kfservingMinor: number = 6): ManifestRule[] {
  return [
    INFERENCE_SERVICE_NAME_RULE, FILTERED_SCALE_ANNOTATIONS_RULE, canaryRule(kfservingMinor), TICK_INTERVAL_RULE, KNATIVE_SERVICE_AUTOSCALING_RULE,
  ];
}
