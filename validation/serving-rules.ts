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

import { findPodTemplates, groupKind, isObject, shown } from './pod-security';
import {
  isKedaMemoryTarget, isTargetUtilization, KEDA_RESOURCE_TARGET_TYPES, MEMORY_TARGET_RULE, TARGET_UTILIZATION_RULE,
} from '../src/_keda-checks';
import { replicaBoundFaults } from '../src/_knative-bounds';
import { generatedNameOf, isDns1035Label, isQuantity, KNATIVE_RESERVED_ENV, KNATIVE_RESERVED_PORTS } from '../src/_metadata-checks';

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
  return isObject(value) ? Object.entries(value) : [];
}

function isInferenceService(manifest: any): boolean {
  const kind = groupKind(manifest);
  return kind !== undefined && INFERENCE_SERVICE_GROUPS.some((group) => kind === `${group}/InferenceService`);
}

/** The `serving.kserve.io/deploymentMode` annotation of an object, or undefined. */
function deploymentMode(manifest: any): unknown {
  return isObject(manifest.metadata) && isObject(manifest.metadata.annotations) ? manifest.metadata.annotations['serving.kserve.io/deploymentMode'] : undefined;
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
  // KServe's webhook (pkg/apis/serving/v1beta1/inference_service_validation.go, IsvcRegexp) checks the name only, with no length
  // limit, and runs after the API server has generated the name from a generateName (its first 58 characters, then 5 random ones).
  check: (manifest) => {
    if (!isInferenceService(manifest) || !isObject(manifest.metadata)) return [];
    const { name, generateName } = manifest.metadata;
    const problems: string[] = [];
    if (typeof name === 'string' && name !== '' && !isDns1035Label(name)) {
      problems.push(`/metadata/name: '${name}' must start with a letter and hold only lowercase letters, digits and '-', ending with a letter or digit `
        + '(KServe refuses dots)');
    }
    // The generated name itself, rather than apimachinery's prefix check, which lets 'a.-' through; none is generated when a name is given.
    if ((typeof name !== 'string' || name === '') && typeof generateName === 'string' && generateName !== ''
      && !isDns1035Label(generatedNameOf(generateName))) {
      problems.push(`/metadata/generateName: '${generateName}' must start with a letter and hold only lowercase letters, digits and '-' (KServe refuses dots): `
        + 'KServe checks the name generated from it');
    }
    return problems;
  },
};

const FILTERED_SCALE_ANNOTATIONS_RULE: ManifestRule = {
  name: 'InferenceService scale annotations',
  recommendation: 'KServe removes min-scale and max-scale annotations before it creates the revision, so they have no effect',
  fix: 'Remove the annotation and set minReplicas or maxReplicas on the component',
  check: (manifest) => {
    if (!isInferenceService(manifest)) return [];
    return inferenceServiceAnnotations(manifest).flatMap(([annotations, at]) => entries(annotations)
      .filter(([key]) => Object.prototype.hasOwnProperty.call(FILTERED_SCALE_KEYS, key))
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
      const mode = deploymentMode(manifest);
      if (typeof mode !== 'string' || !STANDARD_MODES.includes(mode)) return [];
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
    if (groupKind(manifest) === 'operator.knative.dev/KnativeServing') {
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

/** Kinds whose pods Knative Serving creates, so that its webhook checks their containers. */
const KNATIVE_KINDS = ['serving.knative.dev/Service', 'serving.knative.dev/Configuration', 'serving.knative.dev/Revision'];

/** Whether Knative runs the object's pods: Knative's own kinds, and InferenceServices outside KServe's Standard mode. */
function runsOnKnative(manifest: any): boolean {
  if (KNATIVE_KINDS.includes(groupKind(manifest) ?? '')) return true;
  const mode = deploymentMode(manifest);
  return isInferenceService(manifest) && !(typeof mode === 'string' && STANDARD_MODES.includes(mode));
}

/**
 * The problems of each item of a list field of every container (`ports`, `env`) of an object whose
 * pods Knative runs; `problems` gets the item (a map) and its JSON pointer.
 */
function knativeContainerProblems(manifest: any, list: string, problems: (item: Record<string, any>, at: string) => string[]): string[] {
  if (!runsOnKnative(manifest)) return [];
  return findPodTemplates(manifest).templates.flatMap((template) => template.containers.flatMap((container) => {
    const items: unknown[] = Array.isArray(container.container[list]) ? container.container[list] : [];
    return items.flatMap((item, i) => (isObject(item) ? problems(item, `${container.path}/${list}/${i}`) : []));
  }));
}

const KNATIVE_RESERVED_PORTS_RULE: ManifestRule = {
  name: 'Knative reserved ports',
  recommendation: `Knative's webhook refuses a container port its queue-proxy or profiling uses (${KNATIVE_RESERVED_PORTS.join(', ')}), `
    + 'on a Knative Service and on an InferenceService in Knative mode',
  fix: 'Serve on another port, such as 8080, and declare that one',
  check: (manifest) => knativeContainerProblems(manifest, 'ports', (port, at) => (KNATIVE_RESERVED_PORTS.includes(port.containerPort)
    ? [`${at}/containerPort: ${port.containerPort} is reserved by Knative`] : [])),
};

const KNATIVE_RESERVED_ENV_RULE: ManifestRule = {
  name: 'Knative reserved environment variables',
  recommendation: `Knative sets ${KNATIVE_RESERVED_ENV.join(', ')} in every revision's containers and its webhook refuses a container that sets one, `
    + 'on a Knative Service and on an InferenceService in Knative mode',
  fix: 'Remove the variable: the server reads PORT and the K_ variables from Knative, or give yours another name',
  check: (manifest) => knativeContainerProblems(manifest, 'env', (entry, at) => (typeof entry.name === 'string' && KNATIVE_RESERVED_ENV.includes(entry.name)
    ? [`${at}/name: ${entry.name} is set by Knative`] : [])),
};

/**
 * The field of a target that each target type needs (validateScaleTarget), and that a
 * Utilization target is a whole percentage from 1 to 100 (validateTargetUtilization).
 */
const TARGET_FIELDS: ReadonlyMap<unknown, string> = new Map([['Utilization', 'averageUtilization'], ['AverageValue', 'averageValue'], ['Value', 'value']]);

function scaleTargetProblems(at: string, target: Record<string, any>): string[] {
  const field = TARGET_FIELDS.get(target.type);
  if (field === undefined) return []; // no type, or one the CRD's enum refuses: the webhook checks nothing more
  if (target[field] === undefined || target[field] === null) return [`${at}/${field}: is required by a target of type ${target.type}`];
  return target.type === 'Utilization' && !isTargetUtilization(target.averageUtilization)
    ? [`${at}/averageUtilization: ${shown(target.averageUtilization)} ${TARGET_UTILIZATION_RULE}`] : [];
}

/** One `Resource` metric under KEDA: cpu as a Utilization, memory as a Utilization or 1Mi or more per pod. */
function kedaResourceProblems(at: string, resource: Record<string, any>): string[] {
  const target = isObject(resource.target) ? resource.target : {};
  const types = KEDA_RESOURCE_TARGET_TYPES.get(resource.name);
  if (types === undefined) return []; // a name the CRD's enum refuses
  if (!types.includes(target.type)) {
    return [`${at}/target/type: ${shown(target.type)} is not a target KServe's webhook takes for ${resource.name} under KEDA: ${types.join(' or ')}`];
  }
  const problems = scaleTargetProblems(`${at}/target`, target);
  // An int-or-string: a bare number is a quantity of bytes too.
  const averageValue = typeof target.averageValue === 'number' && Number.isFinite(target.averageValue) ? String(target.averageValue) : target.averageValue;
  if (problems.length === 0 && target.type === 'AverageValue' && typeof averageValue === 'string' && isQuantity(averageValue) && !isKedaMemoryTarget(averageValue)) {
    problems.push(`${at}/target/averageValue: ${shown(target.averageValue)} ${MEMORY_TARGET_RULE}`);
  }
  return problems;
}

/** One `External` or `PodMetric` metric under KEDA: a query and a threshold (`target.value`). */
function kedaQueryProblems(at: string, source: Record<string, any>): string[] {
  const metric = isObject(source.metric) ? source.metric : {};
  const target = isObject(source.target) ? source.target : {};
  const problems: string[] = [];
  if (typeof metric.query !== 'string' || metric.query === '') problems.push(`${at}/metric/query: is required, the query KEDA runs`);
  if (target.value === undefined || target.value === null) {
    problems.push(`${at}/target/value: is required, the threshold KEDA divides the query's value by`);
  } else {
    // With a value, the target's type still needs its own field (a Utilization its averageUtilization).
    problems.push(...scaleTargetProblems(`${at}/target`, target));
  }
  return problems;
}

/** The field that holds each type of metric (MetricsSpec); maps, as the other tables, so that a hostile key finds nothing. */
const METRIC_SOURCES: ReadonlyMap<unknown, string> = new Map([['Resource', 'resource'], ['External', 'external'], ['PodMetric', 'podmetric']]);

/** The problems of one component's `autoScaling.metrics` and `scaleMetric` under an autoscaler class of Standard mode. */
function autoScalingProblems(at: string, component: Record<string, any>, autoscalerClass: string): string[] {
  const metrics: unknown[] = isObject(component.autoScaling) && Array.isArray(component.autoScaling.metrics) ? component.autoScaling.metrics : [];
  const problems: string[] = [];
  if (autoscalerClass === 'keda' && component.scaleMetric !== undefined && component.scaleMetric !== null) {
    problems.push(`${at}/scaleMetric: KServe's webhook takes no scaleMetric under KEDA; the metrics are autoScaling.metrics`);
  }
  metrics.forEach((metric, i) => {
    if (!isObject(metric)) return;
    const metricAt = `${at}/autoScaling/metrics/${i}`;
    const field = METRIC_SOURCES.get(metric.type);
    if (field === undefined) return; // no type, or one the CRD's enum refuses
    if (autoscalerClass === 'hpa' && metric.type !== 'Resource') {
      problems.push(`${metricAt}/type: ${shown(metric.type)} is not a metric KServe's HPA takes: only Resource (cpu or memory); `
        + 'External and PodMetric need autoscalerClass keda');
      return;
    }
    if (!isObject(metric[field])) {
      problems.push(`${metricAt}/${field}: is required by a metric of type ${metric.type}`);
    } else if (autoscalerClass === 'keda') {
      problems.push(...(metric.type === 'Resource' ? kedaResourceProblems(`${metricAt}/${field}`, metric[field]) : kedaQueryProblems(`${metricAt}/${field}`, metric[field])));
    }
  });
  return problems;
}

const AUTOSCALING_METRICS_RULE: ManifestRule = {
  name: 'InferenceService autoScaling metrics',
  recommendation: 'KServe\'s webhook refuses an InferenceService in Standard mode whose component metrics its autoscaler class cannot read: '
    + 'under KEDA, a Resource metric with cpu as anything but a Utilization, memory below 1Mi per pod, a utilization outside 1 to 100, '
    + 'an External or PodMetric without a query or a target value, or a scaleMetric; under its HPA, any metric but Resource',
  fix: 'Correct the metric as the message says, or build the service with StandardModeAutoscaler.keda() and KedaMetric, which write what the webhook takes',
  // kserve/kserve@v0.20.0 pkg/apis/serving/v1beta1/inference_service_validation.go: validateAutoScalingCompExtension reads
  // the InferenceService's own annotations; validateScalingKedaCompExtension, validateScaleTarget and validateTargetUtilization
  // under autoscalerClass keda, validateScalingHPACompExtension under hpa. The webhook compares the deploymentMode with
  // "Standard"; the legacy "RawDeployment", which KServe's controller runs as Standard (constants.ParseDeploymentMode), is
  // checked the same. Types, resource names and target types the CRD's enums refuse are left to the schema rule.
  check: (manifest) => {
    if (!isInferenceService(manifest) || !String(manifest.apiVersion).startsWith('serving.kserve.io/')) return [];
    const mode = deploymentMode(manifest);
    const autoscalerClass = manifest.metadata?.annotations?.['serving.kserve.io/autoscalerClass'];
    if (typeof mode !== 'string' || !STANDARD_MODES.includes(mode) || (autoscalerClass !== 'keda' && autoscalerClass !== 'hpa')) return [];
    return COMPONENTS.flatMap((name) => (isObject(manifest.spec?.[name]) ? autoScalingProblems(`/spec/${name}`, manifest.spec[name], autoscalerClass) : []));
  },
};

/** A replica count as the webhook reads it: an integer, or undefined (the schema rule reports what is not one). */
function replicaCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

const REPLICAS_RULE: ManifestRule = {
  name: 'InferenceService replicas',
  recommendation: 'KServe\'s webhook refuses a component whose minReplicas or maxReplicas is below 0, or whose maxReplicas is below its minReplicas '
    + '(0 means no cap); both are int32 fields, which no number past 2147483647 fits',
  fix: 'Give each component minReplicas and maxReplicas from 0 to 2147483647, with maxReplicas at least minReplicas or 0',
  // kserve/kserve pkg/apis/serving/v1beta1/component.go, validateReplicas (from ComponentExtensionSpec.Validate, for the
  // predictor, transformer and explainer), read at commit f7bf4fd, whose fields are int32 as in v0.20.0's CRD; the v0.20.0
  // tag's own text was not retrievable. An unset minReplicas is read as constants.DefaultMinReplicas (1), which no maxReplicas
  // of 1 or more, or 0, is below: it is left unset here. The CRD types both as integers of format int32, which the schema rule
  // does not check (it skips formats); the shared bounds (src/_knative-bounds.ts) add that range.
  check: (manifest) => {
    if (!isInferenceService(manifest) || manifest.apiVersion !== 'serving.kserve.io/v1beta1') return [];
    return COMPONENTS.filter((name) => isObject(manifest.spec?.[name])).flatMap((name) => {
      const component = manifest.spec[name];
      return replicaBoundFaults(replicaCount(component.minReplicas), replicaCount(component.maxReplicas))
        .map((fault) => `/spec/${name}/${fault.field}: ${fault.value} ${fault.rule}. ${fault.fix}`);
    });
  },
};

const COMMITTED_SECRET_RULE: ManifestRule = {
  name: 'Secret values in the manifest',
  recommendation: 'A Secret with data or stringData puts its values into the synthesized YAML and every copy of it: the repository, CI logs, '
    + 'the GitOps tool. The library only refers to Secrets by name',
  fix: 'Create the Secret outside the chart (kubectl, External Secrets, Sealed Secrets, a CSI driver) and refer to it by name',
  check: (manifest) => {
    if (groupKind(manifest) !== 'core/Secret') return [];
    // Keys only: the values are the secret.
    return ['data', 'stringData'].flatMap((field) => entries(manifest[field]).map(([key]) => `/${field}/${pointer(key)}: a value is written into the manifest`));
  },
};

/** What a quantity looks like, for messages. */
export const QUANTITY_GRAMMAR = 'is not a quantity (a number with an optional suffix: 500m, 1.5, 16Gi, 1e3)';

/** An exponent with a fraction, which the CRDs' quantity pattern allows and Kubernetes does not (see isQuantity). */
const FRACTIONAL_EXPONENT = /[eE][+-]?(\d+\.\d*|\.\d+)$/;

/** Whether a quantity is below zero: a '-' before a number that is not zero (`-0` and `-0.0e3` are zero). */
function isNegative(quantity: string): boolean {
  return quantity.startsWith('-') && /[1-9]/.test(/^-[\d.]*/.exec(quantity)![0]);
}

/**
 * The problems of one quantity. Every quantity this rule looks at must be at least 0: Pod
 * validation (kubernetes pkg/apis/core/validation ValidateResourceQuantityValue) refuses a negative
 * request, limit or overhead, an emptyDir sizeLimit and a claim's request. Where the kind's schema
 * checks the grammar (`grammarInSchema`), only what its pattern lets through is reported here.
 */
function quantityProblem(at: string, value: unknown, grammarInSchema: boolean): string[] {
  if (value === null) return []; // absent to the API server, as every null field (see withoutNullFields in manifest-schema.ts)
  if (typeof value === 'string') {
    if (!isQuantity(value)) {
      if (isQuantity(value.replace(FRACTIONAL_EXPONENT, 'e0'))) {
        return [`${at}: ${shown(value)} has an exponent with a fraction; Kubernetes reads only a whole exponent, such as 1e3 or 5e-1`];
      }
      return grammarInSchema ? [] : [`${at}: ${shown(value)} ${QUANTITY_GRAMMAR}`];
    }
    return isNegative(value) ? [`${at}: ${shown(value)} is negative; a resource quantity must be at least 0`] : [];
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    // The schema check asks for a string where it knows the kind; below zero is refused whatever the type.
    return value < 0 ? [`${at}: ${value} is negative; a resource quantity must be at least 0`] : [];
  }
  return grammarInSchema ? [] : [`${at}: must be a quantity such as "16Gi", not ${shown(value)}`];
}

/** Problems of each value of a map of quantities (`limits`, `requests`, `overhead`). */
function quantityMapProblems(at: string, map: unknown, grammarInSchema: boolean): string[] {
  return entries(map).flatMap(([name, value]) => quantityProblem(`${at}/${pointer(name)}`, value, grammarInSchema));
}

function resourcesProblems(at: string, resources: unknown, grammarInSchema: boolean): string[] {
  if (!isObject(resources)) return [];
  return ['limits', 'requests'].flatMap((field) => quantityMapProblems(`${at}/${field}`, resources[field], grammarInSchema));
}

/**
 * Every resource quantity of an object that Kubernetes would refuse: one it cannot parse, or a
 * negative one. It looks at container and pod resources, pod overhead and emptyDir size limits in
 * every pod template, and the storage a PersistentVolumeClaim asks for. Core kinds' schemas type
 * quantities only as strings, and kinds without a schema are not checked by one, so the grammar is
 * checked here for all of them; for a kind whose schema checks it (`grammarInSchema`, KServe's and
 * KFServing's CRDs), only what their pattern lets through: a fractional exponent and a negative value.
 */
export function quantityProblems(manifest: any, grammarInSchema: boolean = false): string[] {
  const problems = findPodTemplates(manifest).templates.flatMap((template) => [
    ...resourcesProblems(`${template.path}/resources`, template.pod.resources, grammarInSchema),
    ...quantityMapProblems(`${template.path}/overhead`, template.pod.overhead, grammarInSchema),
    ...(Array.isArray(template.pod.volumes) ? template.pod.volumes : []).flatMap((volume: unknown, i: number) => (
      isObject(volume) && isObject(volume.emptyDir) && volume.emptyDir.sizeLimit !== undefined
        ? quantityProblem(`${template.path}/volumes/${i}/emptyDir/sizeLimit`, volume.emptyDir.sizeLimit, grammarInSchema) : [])),
    ...template.containers.flatMap((at) => resourcesProblems(`${at.path}/resources`, at.container.resources, grammarInSchema)),
  ]);
  if (groupKind(manifest) === 'core/PersistentVolumeClaim' && isObject(manifest.spec)) {
    problems.push(...resourcesProblems('/spec/resources', manifest.spec.resources, grammarInSchema));
  }
  return problems;
}

/**
 * Every serving rule, in the order the plugin reports them, for a cluster that runs KFServing
 * `0.<kfservingMinor>` where it runs KFServing at all (default 6, the last release).
 */
export function servingRules(kfservingMinor: number = 6): ManifestRule[] {
  return [
    INFERENCE_SERVICE_NAME_RULE, FILTERED_SCALE_ANNOTATIONS_RULE, canaryRule(kfservingMinor), TICK_INTERVAL_RULE, KNATIVE_SERVICE_AUTOSCALING_RULE,
    KNATIVE_RESERVED_PORTS_RULE, KNATIVE_RESERVED_ENV_RULE, AUTOSCALING_METRICS_RULE, REPLICAS_RULE, COMMITTED_SECRET_RULE,
  ];
}
