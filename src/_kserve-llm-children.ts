/**
 * The objects KServe's LLMInferenceService controller creates for a service, under names derived
 * from the service's name, which no construct of the app may write (`registerInApp`). Internal.
 *
 * Each name is checked at its source, kserve/kserve pkg/controller/v1alpha2/llmisvc (the
 * controller of serving.kserve.io/v1alpha2; the same suffixes since v1alpha1's
 * pkg/controller/llmisvc). Only what the construct's spec makes the controller create is listed:
 * objects that depend on a preset's content (the routing sidecar's ServiceAccount, Role and
 * RoleBinding of the prefill/decode presets) or on a cluster setting are left out.
 */
import { createHash } from 'crypto';
import { ReservedObject } from './_app-checks';

/** What of the spec decides which objects the controller creates. */
export interface LLMChildrenLayout {
  /** Whether the decode (or only) workload has worker pods: a LeaderWorkerSet instead of a Deployment. */
  readonly multiNode: boolean;
  /** The prefill workload, when there is one: whether it has worker pods. */
  readonly prefill?: { readonly multiNode: boolean };
  /** Whether the router has a managed HTTPRoute (a Gateway route without `httpRoutes`). */
  readonly managedRoute: boolean;
  /** Whether the router runs the scheduler with an InferencePool of KServe's (no `inferencePoolName`). */
  readonly managedScheduler: boolean;
}

/** The longest Kubernetes name, and how much of a long parent `ChildName` keeps before its MD5. */
const LONGEST = 63;
const HEAD = LONGEST - 32;

/**
 * `kmeta.ChildName` of knative.dev/pkg (kmeta/names.go), which the controller names every object
 * with: `parent + suffix`, or, when that passes 63 characters, the parent cut to leave room for
 * its MD5 in hex and the suffix. The controller's suffixes are all shorter than 31 characters,
 * the only case written here.
 */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= LONGEST - suffix.length) return parent + suffix;
  return `${parent.slice(0, HEAD - suffix.length)}${createHash('md5').update(parent).digest('hex')}${suffix}`;
}

/** The objects the controller creates for the service `name` with this layout. */
export function llmReservedObjects(name: string, layout: LLMChildrenLayout): ReservedObject[] {
  const object = (group: string, kind: string, suffix: string, what: string): ReservedObject => (
    { group, kind, name: childName(name, suffix), creator: `KServe creates ${what}` });
  const workload = (multiNode: boolean, suffix: string, role: string): ReservedObject => (multiNode
    // workload_multi_node.go, mainLWSName and prefillLWSName
    ? object('leaderworkerset.x-k8s.io', 'LeaderWorkerSet', `-kserve-mn${suffix}`, `the ${role} LeaderWorkerSet`)
    // workload_single_node.go, mainDeploymentName and prefillDeploymentName
    : object('apps', 'Deployment', `-kserve${suffix}`, `the ${role} Deployment`));
  const objects = [
    // workload.go, reconcileWorkloadService
    object('', 'Service', '-kserve-workload-svc', 'the workload\'s Service'),
    // the certificates reconciled by reconcileWorkload (reconcileSelfSignedCertsSecret), which the
    // presets mount (config/llmisvcconfig/config-llm-template.yaml, volume tls-certs)
    object('', 'Secret', '-kserve-self-signed-certs', 'the workload\'s self-signed certificates Secret'),
    workload(layout.multiNode, '', 'workload\'s'),
  ];
  if (layout.prefill) objects.push(workload(layout.prefill.multiNode, '-prefill', 'prefill workload\'s'));
  // router.go, expectedHTTPRoute
  if (layout.managedRoute) objects.push(object('gateway.networking.k8s.io', 'HTTPRoute', '-kserve-route', 'the router\'s HTTPRoute'));
  if (layout.managedScheduler) {
    objects.push(
      // scheduler.go, expectedSchedulerDeployment and expectedSchedulerService (RouterSpec.EPPServiceName)
      object('apps', 'Deployment', '-kserve-router-scheduler', 'the scheduler\'s Deployment'),
      object('', 'Service', '-epp-service', 'the scheduler\'s Service'),
      // scheduler.go, expectedSchedulerInferencePool and expectedSchedulerInferencePoolV1Alpha2: one
      // name in both API groups of the Gateway API Inference Extension
      object('inference.networking.k8s.io', 'InferencePool', '-inference-pool', 'the scheduler\'s InferencePool'),
      object('inference.networking.x-k8s.io', 'InferencePool', '-inference-pool', 'the scheduler\'s InferencePool (v1alpha2)'),
    );
  }
  return objects;
}
