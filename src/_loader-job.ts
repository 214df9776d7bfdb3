/**
 * The spec of the ModelCache loader Job, as plain JSON. Internal.
 *
 * The shape is the one cdk8s-plus 2.9 rendered when the loader was a `kplus.Job` (its pod
 * defaults, the `pvc-<claim>` volume name), without the pod address label, which nothing selects
 * a Job's pods by. A plain object is used because the cdk8s-plus Job, its volumes and its secret
 * references were five or six constructs per cache (docs/benchmarks.md).
 */
import { createHash } from 'crypto';
import { Duration, IAnyProducer, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerJson, EnvVarJson, JobSpecJson, PodSpecJson, ResourceRequirementsJson, VolumeJson, VolumeMountJson } from './_k8s-json';
import { CACHE_MOUNT_PATH, SCRATCH_MOUNT_PATH, SECRET_FILES_MOUNT_PATH } from './_model-cache-loader';
import { ModelSourceEnvVar, ModelSourceSecretFile, SecretKeyReference } from './model-source';
import { NodeToleration, renderTolerations } from './scheduling';

/** The loader's resolved settings; also hashed into the Job name. */
export interface LoaderSettings {
  readonly image: string;
  readonly script: string;
  readonly env: ModelSourceEnvVar[];
  readonly secretFiles: ModelSourceSecretFile[];
  readonly resources: kplus.ContainerResources;
  readonly backoffLimit: number;
  readonly ttlAfterFinished: Duration;
  readonly activeDeadline?: Duration;
  readonly nodeSelector: { [key: string]: string };
  readonly tolerations: NodeToleration[];
  readonly serviceAccount?: kplus.IServiceAccount;
  readonly runAsUser: number;
  readonly runAsGroup: number;
}

const SCRATCH_SIZE = Size.gibibytes(1);

/**
 * Version of the Job's pod template, hashed into the Job's name with the settings: a Job's pod
 * template is immutable, so a new shape needs a new Job. 2: without the pod address label.
 */
export const LOADER_TEMPLATE_VERSION = 2;

/**
 * Eight hex digits of the SHA-256 of the settings as JSON, with the template version first and
 * the ServiceAccount by name. The keys and their order are part of every loader Job's name: a
 * renamed key renames the Jobs (the GCS key file keeps its first name, `gcsKey`).
 */
export function loaderSettingsDigest(settings: LoaderSettings): string {
  const { image, script, env, secretFiles, ...rest } = settings;
  const json = JSON.stringify({
    template: LOADER_TEMPLATE_VERSION,
    image,
    script,
    env: env.map(({ name, value, secret }) => ({ name, value, secret: secretKey(secret) })),
    gcsKey: secretKey(secretFiles[0]?.secret),
    ...rest,
    // The user's structs in the order their interfaces declare the fields, so that the order a
    // user wrote them in does not rename the Job. The map (nodeSelector) is sorted already.
    resources: inDeclaredOrder(rest.resources),
    tolerations: rest.tolerations.map(({ key, value, effect }) => ({ key, value, effect })),
    serviceAccount: settings.serviceAccount?.name,
  });
  return createHash('sha256').update(json).digest('hex').slice(0, 8);
}

function secretKey(secret: SecretKeyReference | undefined): SecretKeyReference | undefined {
  return secret && { secretName: secret.secretName, key: secret.key };
}

function inDeclaredOrder(resources: kplus.ContainerResources): kplus.ContainerResources {
  const { cpu, memory, ephemeralStorage } = resources;
  return {
    cpu: cpu && { request: cpu.request, limit: cpu.limit },
    memory: memory && { request: memory.request, limit: memory.limit },
    ephemeralStorage: ephemeralStorage && { request: ephemeralStorage.request, limit: ephemeralStorage.limit },
  };
}

/** The loader Job's spec, rendered at synth, so that it is not kept in memory with the app. */
export class LoaderJobSpec implements IAnyProducer {
  constructor(private readonly settings: LoaderSettings, private readonly claimName: string) {}

  public produce(): JobSpecJson {
    return renderLoaderJobSpec(this.settings, this.claimName);
  }
}

/** The Job spec of a loader that fills `claimName`. */
function renderLoaderJobSpec(settings: LoaderSettings, claimName: string): JobSpecJson {
  const volumes: VolumeJson[] = [
    { name: volumeName('pvc', claimName), persistentVolumeClaim: { claimName, readOnly: false } },
    { name: 'scratch', emptyDir: { sizeLimit: `${SCRATCH_SIZE.toMebibytes()}Mi` } },
  ];
  const volumeMounts: VolumeMountJson[] = [
    { name: volumes[0].name, mountPath: CACHE_MOUNT_PATH },
    { name: 'scratch', mountPath: SCRATCH_MOUNT_PATH },
  ];
  for (const file of settings.secretFiles) {
    const name = volumeName('secret', file.secret.secretName);
    volumes.push({ name, secret: { secretName: file.secret.secretName, items: [{ key: file.secret.key, path: file.fileName }] } });
    volumeMounts.push({ name, mountPath: SECRET_FILES_MOUNT_PATH, readOnly: true });
  }
  const container: ContainerJson = {
    name: 'loader',
    image: settings.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', settings.script],
    env: settings.env.map(envVar),
    resources: containerResources(settings.resources),
    // The restricted Pod Security profile: non-root, no privilege escalation, no capabilities.
    securityContext: { runAsNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    volumeMounts,
  };
  const nodeLabels = Object.entries(settings.nodeSelector);
  const tolerations = renderTolerations(settings.tolerations);
  const pod: PodSpecJson = {
    restartPolicy: 'Never',
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: settings.runAsUser,
      runAsGroup: settings.runAsGroup,
      fsGroup: settings.runAsGroup,
      // Large volumes: skip the recursive chown when the root already has the right owner.
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [container],
    volumes,
    dnsPolicy: 'ClusterFirst',
    setHostnameAsFQDN: false,
    hostNetwork: false,
    terminationGracePeriodSeconds: 30,
    serviceAccountName: settings.serviceAccount?.name,
    affinity: nodeLabels.length > 0 ? {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: nodeLabels.map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
        },
      },
    } : undefined,
    tolerations: tolerations.length > 0 ? tolerations : undefined,
  };
  return {
    template: { spec: pod },
    backoffLimit: settings.backoffLimit,
    ttlSecondsAfterFinished: settings.ttlAfterFinished.toSeconds(),
    activeDeadlineSeconds: settings.activeDeadline?.toSeconds(),
  };
}

/**
 * A volume name is a DNS label (at most 63, no '.'): `<kind>-<object name>` as cdk8s-plus named it,
 * its dots turned into '-' and cut to 63 where the object's name (a claim of up to 63, a Secret
 * of up to 253 with dots) does not fit. Names that fit are unchanged.
 */
export function volumeName(kind: string, objectName: string): string {
  const name = `${kind}-${objectName}`;
  return name.length <= 63 && !name.includes('.') ? name : name.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
}

function envVar(variable: ModelSourceEnvVar): EnvVarJson {
  return variable.secret
    ? { name: variable.name, valueFrom: { secretKeyRef: { name: variable.secret.secretName, key: variable.secret.key } } }
    : { name: variable.name, value: variable.value };
}

/** Memory in whole mebibytes and ephemeral storage in whole gibibytes, as cdk8s-plus writes them. */
function containerResources(resources: kplus.ContainerResources): ResourceRequirementsJson | undefined {
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (resources.cpu?.limit) limits.cpu = resources.cpu.limit.amount;
  if (resources.cpu?.request) requests.cpu = resources.cpu.request.amount;
  if (resources.memory?.limit) limits.memory = `${resources.memory.limit.toMebibytes()}Mi`;
  if (resources.memory?.request) requests.memory = `${resources.memory.request.toMebibytes()}Mi`;
  if (resources.ephemeralStorage?.limit) limits['ephemeral-storage'] = `${resources.ephemeralStorage.limit.toGibibytes()}Gi`;
  if (resources.ephemeralStorage?.request) requests['ephemeral-storage'] = `${resources.ephemeralStorage.request.toGibibytes()}Gi`;
  const nonEmpty = (values: Record<string, string>) => (Object.keys(values).length > 0 ? values : undefined);
  if (!nonEmpty(limits) && !nonEmpty(requests)) return undefined;
  return { limits: nonEmpty(limits), requests: nonEmpty(requests) };
}
