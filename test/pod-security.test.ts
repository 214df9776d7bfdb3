import { Size, Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import {
  DeploymentMode, GpuAutoscalingPolicy, InferenceService, InferenceServiceProps, ModelCache, ModelFormat, ModelSource, ScalingMetric,
  ServingApi, ServingSecurity,
} from '../src';
import { expectRestrictedPods, findPodTemplates, restrictedProfileViolations } from './support/pod-security';
import { synthValid, testChart } from './support/synth';

const container = { image: 'ghcr.io/example/server:1.0.0' };
const transformer = { container: { image: 'ghcr.io/example/transformer:1.0.0' } };

/** The default configuration of each serving API, with a transformer where the API has one. */
const SERVICES: Record<string, () => InferenceServiceProps> = {
  'KServe, Knative mode': () => ({ modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromS3('s3://models/gpt2'), transformer }),
  'KServe, Standard mode': () => ({
    deploymentMode: DeploymentMode.STANDARD, modelFormat: ModelFormat.HUGGINGFACE, model: ModelSource.fromS3('s3://models/gpt2'), transformer,
  }),
  'KServe, custom container': () => ({ container, model: ModelSource.fromS3('s3://models/gpt2') }),
  'KFServing v1beta1, framework predictor': () => ({
    api: ServingApi.KFSERVING_V1BETA1, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/gpt2'), transformer,
  }),
  'KFServing v1alpha2, custom container': () => ({ api: ServingApi.KFSERVING_V1ALPHA2, container, transformer }),
  'Knative Service': () => ({ api: ServingApi.KNATIVE_SERVICE, container, model: ModelSource.fromPvc('models', 'gpt2') }),
};

function synthService(props: InferenceServiceProps): any[] {
  const chart = testChart();
  const autoscaling = props.deploymentMode === DeploymentMode.STANDARD
    ? new GpuAutoscalingPolicy({ metric: ScalingMetric.CPU, maxReplicas: 2 }) : undefined;
  new InferenceService(chart, 'Service', { autoscaling, ...props });
  return synthValid(chart);
}

/** [path of each pod template, paths of its containers] of every object. */
function templatePaths(manifests: any[]): [string, string[]][] {
  return manifests.flatMap((m) => findPodTemplates(m).templates.map((t): [string, string[]] => [t.path, t.containers.map((c) => c.path)]));
}

describe('the default configuration of every construct meets the restricted profile', () => {
  test.each(Object.keys(SERVICES))('InferenceService: %s', (name) => {
    // GIVEN / WHEN
    const manifests = synthService(SERVICES[name]());

    // THEN
    expect(templatePaths(manifests).length).toBeGreaterThan(0);
    expectRestrictedPods(manifests);
  });

  test.each([
    ['S3 with credentials', () => ModelSource.fromS3('s3://models/gpt2', { credentials: { secretName: 's3' } })],
    ['GCS with a key file', () => ModelSource.fromGcs('gs://models/gpt2', { credentials: { secretName: 'gcs', key: 'key.json' } })],
    ['HTTP', () => ModelSource.fromHttp('https://example.com/gpt2.tar.gz')],
    ['Hugging Face with a token', () => ModelSource.fromHuggingFace('openai-community/gpt2', { token: { secretName: 'hf', key: 'token' } })],
  ])('ModelCache loader Job: %s', (_name, source) => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new ModelCache(chart, 'Cache', { source: source(), modelSize: Size.gibibytes(1) });
    const manifests = synthValid(chart);

    // THEN
    expect(templatePaths(manifests)).toEqual([['/spec/template/spec', ['/spec/template/spec/containers/0']]]);
    expectRestrictedPods(manifests);
  });
});

describe('every example meets the restricted profile', () => {
  test.each(Object.keys(EXAMPLES))('%s', (name) => {
    // GIVEN / WHEN
    const manifests = Testing.synth(EXAMPLES[name](Testing.app(), name));

    // THEN
    expectRestrictedPods(manifests);
  });
});

describe('the pod templates of each kind are found', () => {
  const withTransformer = (model: string) => [['/spec/predictor', [model]], ['/spec/transformer', ['/spec/transformer/containers/0']]];
  test.each([
    ['KServe, Knative mode', withTransformer('/spec/predictor/model')],
    ['KServe, Standard mode', withTransformer('/spec/predictor/model')],
    ['KServe, custom container', [['/spec/predictor', ['/spec/predictor/containers/0']]]],
    ['KFServing v1beta1, framework predictor', withTransformer('/spec/predictor/tensorflow')],
    ['KFServing v1alpha2, custom container', [
      ['/spec/default/predictor/custom', ['/spec/default/predictor/custom/container']],
      ['/spec/default/transformer/custom', ['/spec/default/transformer/custom/container']],
    ]],
    ['Knative Service', [['/spec/template/spec', ['/spec/template/spec/containers/0']]]],
  ])('InferenceService: %s', (name, expected) => {
    // GIVEN / WHEN
    const paths = templatePaths(synthService(SERVICES[name]()));

    // THEN
    expect(paths).toEqual(expected);
  });
});

describe('ServingSecurity.unrestricted() is flagged', () => {
  test('on a KServe InferenceService: every container of every component', () => {
    // GIVEN / WHEN
    const manifests = synthService({ ...SERVICES['KServe, Knative mode'](), security: ServingSecurity.unrestricted() });

    // THEN
    expect(restrictedProfileViolations(manifests.find((m) => m.kind === 'InferenceService'))).toEqual([
      '/spec/predictor/model: securityContext.allowPrivilegeEscalation must be false',
      '/spec/predictor/model: securityContext.runAsNonRoot must be true, on the container or the pod',
      '/spec/predictor/model: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, on the container or the pod',
      '/spec/predictor/model: securityContext.capabilities.drop must include ALL',
      '/spec/transformer/containers/0: securityContext.allowPrivilegeEscalation must be false',
      '/spec/transformer/containers/0: securityContext.runAsNonRoot must be true, on the container or the pod',
      '/spec/transformer/containers/0: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, on the container or the pod',
      '/spec/transformer/containers/0: securityContext.capabilities.drop must include ALL',
    ]);
  });

  test.each(Object.keys(SERVICES))('%s', (name) => {
    // GIVEN / WHEN
    const manifests = synthService({ ...SERVICES[name](), security: ServingSecurity.unrestricted() });

    // THEN
    expect(() => expectRestrictedPods(manifests)).toThrow(/Pod Security violation\(s\):\n {2}.*allowPrivilegeEscalation must be false/);
  });
});

describe('KFServing v1alpha2 framework predictors cannot express a security context', () => {
  test('they are reported as unexpressible instead of checked, and nothing else of the object is skipped', () => {
    // GIVEN
    const manifests = synthService({ api: ServingApi.KFSERVING_V1ALPHA2, modelFormat: ModelFormat.TENSORFLOW, model: ModelSource.fromS3('s3://models/gpt2'), transformer });
    const service = manifests.find((m) => m.kind === 'InferenceService');

    // WHEN
    const scan = findPodTemplates(service);

    // THEN
    expect(scan.unexpressible).toEqual([{
      path: '/spec/default/predictor/tensorflow',
      reason: 'v1alpha2 framework predictors have no security context field (only a custom container can run restricted)',
    }]);
    expect(scan.templates.map((t) => t.path)).toEqual(['/spec/default/transformer/custom']);
    expect(restrictedProfileViolations(service)).toEqual([]);
  });

  test('the same framework predictor on KFServing v1beta1 is checked, not skipped', () => {
    // GIVEN
    const manifests = synthService({ ...SERVICES['KFServing v1beta1, framework predictor'](), security: ServingSecurity.unrestricted() });
    const service = manifests.find((m) => m.kind === 'InferenceService');

    // WHEN
    const scan = findPodTemplates(service);

    // THEN
    expect(scan.unexpressible).toEqual([]);
    expect(restrictedProfileViolations(service)).toContain('/spec/predictor/tensorflow: securityContext.allowPrivilegeEscalation must be false');
  });

  test('a v1alpha2 custom container is checked', () => {
    // GIVEN
    const manifests = synthService({ ...SERVICES['KFServing v1alpha2, custom container'](), security: ServingSecurity.unrestricted() });

    // WHEN
    const violations = restrictedProfileViolations(manifests.find((m) => m.kind === 'InferenceService'));

    // THEN
    expect(violations).toContain('/spec/default/predictor/custom/container: securityContext.runAsNonRoot must be true, on the container or the pod');
  });
});

describe('the checks of the restricted profile', () => {
  const restricted = {
    runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
  };
  const job = (pod: Record<string, unknown>, securityContext: Record<string, unknown> = restricted, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'job' },
    spec: { template: { spec: { ...pod, containers: [{ name: 'main', image: 'busybox', securityContext, ...extra }] } } },
  });
  const at = '/spec/template/spec';
  const withTemplateAnnotations = (manifest: ReturnType<typeof job>, annotations: Record<string, string>) => ({
    ...manifest, spec: { template: { metadata: { annotations }, ...manifest.spec.template } },
  });

  test.each([
    ['a host namespace', job({ hostNetwork: true }), [`${at}: hostNetwork must not be true`]],
    ['a hostPath volume', job({ volumes: [{ name: 'host', hostPath: { path: '/' } }] }),
      [`${at}/volumes/0: hostPath volumes are not allowed; use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret`]],
    ['an unsafe sysctl', job({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }),
      [`${at}: securityContext.sysctls must not set the unsafe sysctl "kernel.msgmax"`]],
    ['a privileged container', job({}, { ...restricted, privileged: true }), [`${at}/containers/0: securityContext.privileged must not be true`]],
    ['an added capability', job({}, { ...restricted, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } }),
      [`${at}/containers/0: securityContext.capabilities.add may hold only NET_BIND_SERVICE, not SYS_ADMIN`]],
    ['root', job({}, { ...restricted, runAsUser: 0 }), [`${at}/containers/0: securityContext.runAsUser must not be 0 (root)`]],
    ['a container that overrides a non-root pod', job({ securityContext: { runAsNonRoot: true } }, { ...restricted, runAsNonRoot: false }),
      [`${at}/containers/0: securityContext.runAsNonRoot must be true, on the container or the pod`]],
    ['an unconfined seccomp profile', job({}, { ...restricted, seccompProfile: { type: 'Unconfined' } }), [
      `${at}/containers/0: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, on the container or the pod`,
      `${at}/containers/0: securityContext.seccompProfile.type must be RuntimeDefault or Localhost, not "Unconfined"`,
    ]],
    ['a host port', job({}, restricted, { ports: [{ containerPort: 80, hostPort: 80 }] }), [`${at}/containers/0/ports/0: hostPort must not be set`]],
    ['pod-level settings that cover every container', job({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
      { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }), []],
    ['an unconfined AppArmor annotation on the pod template', withTemplateAnnotations(job({}), {
      'container.apparmor.security.beta.kubernetes.io/main': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/other': 'localhost/k8s-deny-write',
    }), ['/spec/template/metadata/annotations: container.apparmor.security.beta.kubernetes.io/main must be runtime/default or localhost/<profile>, not "unconfined"']],
    // Restricted's privilege escalation, seccomp and capabilities rules are Linux only since Kubernetes 1.25.
    ['a Windows pod', job({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } }, {}), []],
    ['an SELinux user and role left empty', job({ securityContext: { seLinuxOptions: { user: '', role: '', type: 'container_t' } } }), []],
  ])('%s', (_name, manifest, expected) => {
    // GIVEN / WHEN
    const violations = restrictedProfileViolations(manifest);

    // THEN
    expect(violations).toEqual(expected);
  });

  test('every kind that carries a pod template, in every served version, has its templates found', () => {
    // GIVEN
    const pod = { containers: [{ image: 'busybox' }] };
    const object = (apiVersion: string, kind: string, spec: object) => ({ apiVersion, kind, metadata: { name: kind.toLowerCase() }, spec });
    const manifests = [
      object('serving.kserve.io/v1alpha1', 'ServingRuntime', { ...pod, workerSpec: pod }),
      object('serving.kserve.io/v1alpha1', 'ClusterServingRuntime', pod),
      object('v1', 'ReplicationController', { template: { spec: pod } }),
      { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'template' }, template: { spec: pod } },
      object('batch/v1beta1', 'CronJob', { jobTemplate: { spec: { template: { spec: pod } } } }),
      object('batch/v2alpha1', 'CronJob', { jobTemplate: { spec: { template: { spec: pod } } } }),
      object('apps/v1beta2', 'StatefulSet', { template: { spec: pod } }),
      object('extensions/v1beta1', 'DaemonSet', { template: { spec: pod } }),
      object('serving.kserve.io/v1alpha2', 'LLMInferenceService', { template: pod, worker: pod, prefill: { template: pod, worker: pod } }),
    ];

    // WHEN
    const paths = templatePaths(manifests);

    // THEN
    expect(paths).toEqual([
      ['/spec', ['/spec/containers/0']],
      ['/spec/workerSpec', ['/spec/workerSpec/containers/0']],
      ['/spec', ['/spec/containers/0']],
      ['/spec/template/spec', ['/spec/template/spec/containers/0']],
      ['/template/spec', ['/template/spec/containers/0']],
      ['/spec/jobTemplate/spec/template/spec', ['/spec/jobTemplate/spec/template/spec/containers/0']],
      ['/spec/jobTemplate/spec/template/spec', ['/spec/jobTemplate/spec/template/spec/containers/0']],
      ['/spec/template/spec', ['/spec/template/spec/containers/0']],
      ['/spec/template/spec', ['/spec/template/spec/containers/0']],
      ['/spec/template', ['/spec/template/containers/0']],
      ['/spec/worker', ['/spec/worker/containers/0']],
      ['/spec/prefill/template', ['/spec/prefill/template/containers/0']],
      ['/spec/prefill/worker', ['/spec/prefill/worker/containers/0']],
    ]);
  });

  test('a kind named like an Object property, or an apiVersion that is not a string, has no template and no error', () => {
    // GIVEN
    const manifests = [
      { apiVersion: 'v1', kind: 'constructor', spec: { containers: [{}] } },
      { apiVersion: 'core', kind: '__proto__' },
      { apiVersion: { toString: 'v1' }, kind: 'Pod', spec: { containers: [{}] } },
    ];

    // WHEN
    const paths = templatePaths(manifests);

    // THEN
    expect(paths).toEqual([]);
  });

  test('the pod template of a CronJob and of a Deployment is found', () => {
    // GIVEN
    const pod = { containers: [{ image: 'busybox' }] };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: pod } } } } };
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: pod } } };

    // WHEN
    const paths = templatePaths([cronJob, deployment]);

    // THEN
    expect(paths).toEqual([
      ['/spec/jobTemplate/spec/template/spec', ['/spec/jobTemplate/spec/template/spec/containers/0']],
      ['/spec/template/spec', ['/spec/template/spec/containers/0']],
    ]);
  });
});
