import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerInApp } from './_app-checks';
import { Problems } from './_errors';
import { isWholeSeconds } from './_format';
import { checkInteger, INT32_MAX } from './_knative-bounds';
import { AppRegistry, checkKnativeConfigOptions, writeKnativeConfig } from './_knative-config';
import { KNATIVE_CONFIG_OPTIONS_TYPES } from './_prop-types';
import { checkPublicProps, DURATION, struct } from './_public-types';
import { MAX_SAFE_SECONDS } from './_unit-checks';
import { KnativeConfigOptions } from './knative-operator-config';

/**
 * The `config-defaults` settings a GPU service depends on. Each is written only when set; a key
 * left out keeps Knative's default (shown in brackets, knative/serving v1.23
 * pkg/apis/config/defaults.go).
 */
export interface KnativeDefaultsConfigProps extends KnativeConfigOptions {
  /**
   * `container-concurrency`: the containerConcurrency of revisions that set none; 0 is unlimited (0).
   * @default - not written
   */
  readonly containerConcurrency?: number;

  /**
   * `container-concurrency-max-limit`: the highest containerConcurrency a revision may set, at
   * least 1 (1000).
   * @default - not written
   */
  readonly containerConcurrencyMaxLimit?: number;

  /**
   * `allow-container-concurrency-zero`: whether a revision may set containerConcurrency 0
   * (unlimited) (true).
   * @default - not written
   */
  readonly allowContainerConcurrencyZero?: boolean;

  /**
   * `revision-timeout-seconds`: the request timeout of revisions that set none, in whole seconds (300s).
   * @default - not written
   */
  readonly revisionTimeout?: Duration;

  /**
   * `max-revision-timeout-seconds`: the longest request timeout a revision may set, in whole
   * seconds (600s). Raise the activator's terminationGracePeriodSeconds with it.
   * @default - not written
   */
  readonly maxRevisionTimeout?: Duration;
}

const REGISTRY = new AppRegistry<KnativeDefaultsConfig>();

/**
 * The cluster-wide Knative revision defaults, ConfigMap `config-defaults` in `knative-serving` (or,
 * with `operator`, `KnativeServing.spec.config.defaults`), limited to the settings that decide
 * whether a GPU service's revision is accepted. Meant for a platform chart.
 *
 * Services in the same app are checked against it at synth: Knative rejects a revision whose
 * containerConcurrency is above `containerConcurrencyMaxLimit` (or 0 when
 * `allowContainerConcurrencyZero` is false), or whose timeout is above `maxRevisionTimeout`
 * (pkg/apis/serving/k8s_validation.go ValidateContainerConcurrency, revision_validation.go).
 */
export class KnativeDefaultsConfig extends Construct {
  /**
   * @internal The defaults configs in the app (the construct tree) of `scope`, for the services'
   * checks at synth.
   */
  public static _inApp(scope: IConstruct): readonly KnativeDefaultsConfig[] {
    return REGISTRY.inApp(scope);
  }

  /** Namespace the settings are written to. */
  public readonly namespace: string;
  /** The keys written, as Knative reads them. */
  public readonly data: { [key: string]: string };
  /** The highest containerConcurrency a revision may set: the prop, or Knative's 1000. */
  public readonly containerConcurrencyMaxLimit: number;
  /** Whether a revision may set containerConcurrency 0: the prop, or Knative's true. */
  public readonly allowContainerConcurrencyZero: boolean;
  /** The longest request timeout a revision may set: the prop, or Knative's 600s. */
  public readonly maxRevisionTimeout: Duration;

  constructor(scope: Construct, id: string, props: KnativeDefaultsConfigProps = {}) {
    super(scope, id);
    props = checkPublicProps('KnativeDefaultsConfig', this, props, struct<KnativeDefaultsConfigProps>({
      ...KNATIVE_CONFIG_OPTIONS_TYPES,
      containerConcurrency: 'number',
      containerConcurrencyMaxLimit: 'number',
      allowContainerConcurrencyZero: 'boolean',
      revisionTimeout: DURATION,
      maxRevisionTimeout: DURATION,
    }));
    this.containerConcurrencyMaxLimit = props.containerConcurrencyMaxLimit ?? 1000;
    this.allowContainerConcurrencyZero = props.allowContainerConcurrencyZero ?? true;
    this.maxRevisionTimeout = props.maxRevisionTimeout ?? Duration.seconds(600);

    const problems = new Problems();
    checkKnativeConfigOptions(problems, props);
    const limitValid = checkInteger(problems, 'containerConcurrencyMaxLimit', props.containerConcurrencyMaxLimit, 1, INT32_MAX, 'Use Knative\'s 1000');
    if (checkInteger(problems, 'containerConcurrency', props.containerConcurrency, 0, INT32_MAX, 'Use 0 for unlimited') && limitValid) {
      const concurrency = props.containerConcurrency;
      if (concurrency !== undefined && concurrency > this.containerConcurrencyMaxLimit) {
        problems.add('containerConcurrency', concurrency, `must be at most containerConcurrencyMaxLimit (${this.containerConcurrencyMaxLimit})`);
      }
    }
    const timeouts = [['revisionTimeout', props.revisionTimeout], ['maxRevisionTimeout', props.maxRevisionTimeout]] as const;
    for (const [prop, timeout] of timeouts) {
      if (timeout !== undefined && !(isWholeSeconds(timeout) && timeout.toSeconds() >= 0 && timeout.toSeconds() <= MAX_SAFE_SECONDS)) {
        problems.add(prop, timeout, `must be a whole number of seconds, at most ${MAX_SAFE_SECONDS}`, 'For example Duration.minutes(30)');
      }
    }
    problems.throwIfAny(this, 'KnativeDefaultsConfig');
    if (props.revisionTimeout && props.revisionTimeout.toSeconds() > this.maxRevisionTimeout.toSeconds()) {
      problems.add('revisionTimeout', props.revisionTimeout, `must be at most maxRevisionTimeout (${this.maxRevisionTimeout.toSeconds()}s)`);
    }
    problems.throwIfAny(this, 'KnativeDefaultsConfig');

    const entries: [string, string | undefined][] = [
      ['revision-timeout-seconds', props.revisionTimeout?.toSeconds().toString()],
      ['max-revision-timeout-seconds', props.maxRevisionTimeout?.toSeconds().toString()],
      ['container-concurrency', props.containerConcurrency?.toString()],
      ['container-concurrency-max-limit', props.containerConcurrencyMaxLimit?.toString()],
      ['allow-container-concurrency-zero', props.allowContainerConcurrencyZero?.toString()],
    ];
    this.data = Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
    this.namespace = writeKnativeConfig(this, { name: 'config-defaults', section: 'defaults', component: 'controller' }, this.data, props);
    REGISTRY.register(this);
    // Registered with the app checks, so that a second writer of config-defaults is an error.
    registerInApp(this);
  }
}
