/**
 * The serving target of each API. Adding a serving API is one target file and one line here
 * (docs/architecture.md).
 */
import { ServingApi } from '../serving-api';
import { KfservingV1alpha2Target } from './kfserving-v1alpha2';
import { KfservingV1beta1Target } from './kfserving-v1beta1';
import { KnativeServiceTarget } from './knative-service';
import { KServeV1beta1Target } from './kserve-v1beta1';
import { ServingTarget } from './serving-target';

const TARGETS: ReadonlyMap<ServingApi, ServingTarget> = new Map<ServingApi, ServingTarget>([
  [ServingApi.KSERVE_V1BETA1, new KServeV1beta1Target()],
  [ServingApi.KFSERVING_V1BETA1, new KfservingV1beta1Target()],
  [ServingApi.KFSERVING_V1ALPHA2, new KfservingV1alpha2Target()],
  [ServingApi.KNATIVE_SERVICE, new KnativeServiceTarget()],
]);

/** The target that writes `api`, or undefined for a value that is not a `ServingApi`. */
export function targetFor(api: ServingApi): ServingTarget | undefined {
  return TARGETS.get(api);
}
