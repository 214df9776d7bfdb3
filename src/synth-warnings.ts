import { Construct, IConstruct } from 'constructs';
import { treatWarningsAsErrors, WARNINGS_AS_ERRORS_ENV } from './_app-checks';
import { checkArguments, InstanceSpec } from './_public-types';

/** Any construct, by the marker of the constructs library (an instance of another copy of it included). */
const CONSTRUCT: InstanceSpec = { expected: 'a construct', is: (value) => Construct.isConstruct(value), example: 'the App' };

/**
 * How the library's warnings reach whoever runs synth. Every warning of every construct of the
 * library (an `InferenceService`'s, a `KnativeAutoscalerConfig`'s) is printed to stderr with its
 * construct path, `[Warning at <path>] <message>`, once when the app is synthesized, with cdk8s's
 * `App` and with `FleetApp`. In a pipeline, make them errors: `SynthWarnings.asErrors(app)`, or
 * the environment variable `CDK8S_INFERENCE_WARNINGS_AS_ERRORS=1`.
 */
export class SynthWarnings {
  /** The environment variable that makes every warning a synth error when it is `1` or `true`. */
  public static readonly AS_ERRORS_ENV = WARNINGS_AS_ERRORS_ENV;

  /**
   * Makes the warnings of every construct of the library in the app of `scope` synth errors,
   * each reported at its construct's path.
   * @param scope the app, or any construct of it
   */
  public static asErrors(scope: IConstruct): void {
    checkArguments('SynthWarnings', [['scope', scope, CONSTRUCT, true]]);
    treatWarningsAsErrors(scope);
  }

  private constructor() {}
}
