/**
 * The baseline: the same manifests from a hand-rolled generator, plain objects passed to
 * `new ApiObject(chart, name, {...})`, with no construct library in between. Its cost is what
 * emitting these manifests with cdk8s costs at least.
 *
 * To be byte-identical it reproduces the library's names: cdk8s derives a generated name from
 * the construct path (a SHA-1 address, as `constructs` computes it), and the loader Job's name
 * carries a digest of its settings. The loader script is read once from the library, as data.
 */
import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { AppClass, Fleet, ServiceSpec, TeamSpec } from './fleet';
import { loaderScript } from '../../lib/_model-cache-loader';
import { ModelSourceKind } from '../../lib/model-source';
import { ServingSecurity } from '../../lib/serving-security';
import { cacheWaitContainer } from '../../lib/targets/_cache-wait';

const S3_IMAGE = 'amazon/aws-cli:2.32.8';
const HF_IMAGE = 'python:3.12.11-slim-bookworm';
const SCRIPTS = { s3: loaderScript(ModelSourceKind.S3), hf: loaderScript(ModelSourceKind.HUGGING_FACE) };
const WAIT_SCRIPT = cacheWaitContainer(
  { marker: { claimName: '', path: '', content: '', writerJobName: '' }, timeout: Duration.minutes(30), requested: false }, '', ServingSecurity.restricted(),
).command![2];
const REGION_LABEL = 'topology.kubernetes.io/region';

/** The loader settings, in the form (and key order) the Job-name digest hashes; the loader runs in the storage class's region. */
function loaderSettings(region: string) {
  return {
    resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(1), limit: Size.gibibytes(4) } },
    backoffLimit: 3,
    ttlAfterFinished: Duration.days(1),
    nodeSelector: { [REGION_LABEL]: region },
    tolerations: [],
    runAsUser: 1000,
    runAsGroup: 1000,
  };
}

/**
 * The LLM profile's startup probe periods: twice the cold start of a shared model cache (30 s of
 * pod start, the model at 1,573 MB/s) plus 2 minutes of engine start, in periods of 10 s.
 */
function startupFailureThreshold(modelSizeGiB: number): number {
  const seconds = Math.ceil(30 + (modelSizeGiB * 1024 ** 3) / 1e6 / 1573) + 120;
  return Math.ceil((2 * seconds) / 10);
}

/** The fleet as plain ApiObjects, synthesized into `outdir` as `cdk8s synth` does. */
export function synthBaseline(fleet: Fleet, outdir: string, appClass: AppClass): void {
  const app = new appClass({ outdir });
  const platform = new Chart(app, 'platform');
  new ApiObject(platform, 'config-features', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'config-features',
      namespace: 'knative-serving',
      labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/component': 'controller' },
    },
    data: {
      'kubernetes.podspec-nodeselector': 'enabled',
      'kubernetes.podspec-affinity': 'enabled',
      'kubernetes.podspec-tolerations': 'enabled',
      'kubernetes.podspec-persistent-volume-claim': 'enabled',
      'kubernetes.podspec-persistent-volume-write': 'enabled',
      'kubernetes.podspec-init-containers': 'enabled',
    },
  });
  for (const team of fleet.teams) {
    const chart = new Chart(app, team.name, { namespace: team.name });
    for (const service of team.services) addService(chart, team, service);
  }
  app.synth();
}

function addService(chart: Chart, team: TeamSpec, service: ServiceSpec): void {
  const region = team.region.toLowerCase();
  const cacheId = `${service.id}Cache`;
  const cacheAddress = address(team.name, cacheId);
  const claimName = `${team.name}-${cacheId.toLowerCase()}-${cacheAddress}`;
  new ApiObject(chart, claimName, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claimName },
    spec: {
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: `${Math.ceil(service.modelSizeGiB * 1.1)}Gi` } },
      storageClassName: `shared-nvme-${region}`,
      volumeMode: 'Filesystem',
    },
  });

  const env = service.source === 's3' ? [
    ...commonEnv(service.modelLocation),
    { name: 'AWS_ENDPOINT_URL', value: `https://object.${region}.coreweave.com` },
    { name: 'AWS_ACCESS_KEY_ID', secret: { secretName: 's3-credentials', key: 'AWS_ACCESS_KEY_ID' } },
    { name: 'AWS_SECRET_ACCESS_KEY', secret: { secretName: 's3-credentials', key: 'AWS_SECRET_ACCESS_KEY' } },
  ] : [
    ...commonEnv(`hf://${service.modelLocation}`),
    { name: 'HF_REPO', value: service.modelLocation },
    { name: 'HF_TOKEN', secret: { secretName: 'hf-token', key: 'HF_TOKEN' } },
    { name: 'HF_HUB_DISABLE_PROGRESS_BARS', value: '1' },
  ];
  const image = service.source === 's3' ? S3_IMAGE : HF_IMAGE;
  const script = SCRIPTS[service.source];
  const digest = createHash('sha256').update(JSON.stringify({ template: 2, image, script, env, ...loaderSettings(team.region) })).digest('hex').slice(0, 8);
  const jobName = `${team.name}-${cacheId.toLowerCase()}-loader-${digest}-${cacheAddress}`;
  const volumeName = `pvc-${claimName}`;
  new ApiObject(chart, jobName, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName },
    spec: {
      backoffLimit: 3,
      ttlSecondsAfterFinished: 86400,
      template: {
        spec: {
          automountServiceAccountToken: false,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: REGION_LABEL, operator: 'In', values: [team.region] }] }],
              },
            },
          },
          dnsPolicy: 'ClusterFirst',
          hostNetwork: false,
          restartPolicy: 'Never',
          setHostnameAsFQDN: false,
          terminationGracePeriodSeconds: 30,
          securityContext: {
            fsGroup: 1000,
            fsGroupChangePolicy: 'OnRootMismatch',
            runAsGroup: 1000,
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [{
            name: 'loader',
            image,
            imagePullPolicy: 'IfNotPresent',
            command: ['/bin/sh', '-c', script],
            env: env.map(({ name, value, secret }) => (secret
              ? { name, valueFrom: { secretKeyRef: { name: secret.secretName, key: secret.key } } }
              : { name, value })),
            resources: { limits: { cpu: '2', memory: '4096Mi' }, requests: { cpu: '500m', memory: '1024Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
            },
            volumeMounts: [{ mountPath: '/mnt/cache', name: volumeName }, { mountPath: '/tmp', name: 'scratch' }],
          }],
          volumes: [
            { name: volumeName, persistentVolumeClaim: { claimName, readOnly: false } },
            { name: 'scratch', emptyDir: { sizeLimit: '1024Mi' } },
          ],
        },
      },
    },
  });

  const resources = { 'cpu': String(service.cpuUnits), 'memory': `${service.memoryGiB}Gi`, 'nvidia.com/gpu': '1' };
  new ApiObject(chart, service.name, {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: service.name,
      labels: { team: team.name },
      annotations: {
        'serving.kserve.io/deploymentMode': 'Knative',
        'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
        'autoscaling.knative.dev/target-utilization-percentage': '90',
        'autoscaling.knative.dev/window': '3m',
        'autoscaling.knative.dev/panic-window-percentage': '16.67',
        'autoscaling.knative.dev/panic-threshold-percentage': '200',
        'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '30m',
        'serving.knative.dev/progress-deadline': '30m',
      },
    },
    spec: {
      predictor: {
        minReplicas: service.minReplicas,
        maxReplicas: service.maxReplicas,
        containerConcurrency: 1,
        scaleMetric: 'concurrency',
        timeout: service.timeoutSeconds,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{
                matchExpressions: [
                  {
                    key: 'gpu.nvidia.com/class',
                    operator: 'In',
                    values: service.gpu === 'a100' ? ['A100_NVLINK_80GB'] : ['H100_NVLINK_80GB', 'A100_NVLINK_80GB'],
                  },
                  { key: 'topology.kubernetes.io/region', operator: 'In', values: [team.region] },
                ],
              }],
            },
          },
        },
        initContainers: [{
          name: 'wait-for-model-cache',
          image: 'busybox:1.37.0',
          command: ['/bin/sh', '-c', WAIT_SCRIPT],
          env: [
            { name: 'MARKER', value: '/mnt/model-cache/model/.cdk8s-inference-complete' },
            { name: 'MODEL_SOURCE', value: service.source === 's3' ? service.modelLocation : `hf://${service.modelLocation}` },
            { name: 'CLAIM_NAME', value: claimName },
            { name: 'LOADER_JOB', value: jobName },
            { name: 'TIMEOUT_SECONDS', value: '1800' },
          ],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
          securityContext: RESTRICTED_CONTAINER,
          terminationMessagePolicy: 'FallbackToLogsOnError',
          volumeMounts: [{ name: 'wait-for-model-cache', mountPath: '/mnt/model-cache', readOnly: true }],
        }],
        volumes: [{ name: 'wait-for-model-cache', persistentVolumeClaim: { claimName, readOnly: true } }],
        model: {
          modelFormat: { name: 'huggingface' },
          storageUri: `pvc://${claimName}/model`,
          args: [`--model_name=${service.name}`],
          resources: { requests: resources, limits: resources },
          securityContext: RESTRICTED_CONTAINER,
          startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: startupFailureThreshold(service.modelSizeGiB) },
        },
      },
    },
  });
}

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: false,
  runAsNonRoot: true,
  runAsUser: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

function commonEnv(source: string): { name: string; value?: string; secret?: { secretName: string; key: string } }[] {
  return [
    { name: 'CACHE_ROOT', value: '/mnt/cache' },
    { name: 'MODEL_DIRECTORY', value: 'model' },
    { name: 'MODEL_SOURCE', value: source },
    { name: 'HOME', value: '/tmp' },
  ];
}

/** The 8-character address cdk8s appends to a generated name: SHA-1 over the construct path, from the app root. */
function address(...path: string[]): string {
  const hash = createHash('sha1');
  for (const component of ['', ...path]) hash.update(`${component}\n`);
  return `c8${hash.digest('hex')}`.slice(0, 8);
}
