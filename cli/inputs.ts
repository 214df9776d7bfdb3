/** Turns the CLI's text arguments into the simulator's inputs: policies, traces, durations and sizes. */
import { readFileSync } from 'fs';
import { basename } from 'path';
import { Duration, Size } from 'cdk8s';
import { AutoscalingPreset } from '../src/autoscaling-preset';
import { KnativeAutoscalingSettings, KnativeAutoscalingValues } from '../src/simulator/knative-policy';
import { PresetKnativeValues } from '../src/simulator/preset-spec';
import { ReferenceTrace, RequestTrace } from '../src/simulator/request-trace';

/** A usage error: printed without a stack trace. */
export class UsageError extends Error {}

const PRESETS: Record<string, AutoscalingPreset> = {
  'gpu-tuned': AutoscalingPreset.GPU_TUNED,
  'knative-defaults': AutoscalingPreset.KNATIVE_DEFAULTS,
  'seed-guide': AutoscalingPreset.SEED_GUIDE,
};

/** The preset names the CLI takes, in the order `compare` shows them. */
export const PRESET_NAMES = Object.keys(PRESETS);

const DURATION_KEYS = new Set([
  'stableWindow', 'scaleDownDelay', 'scaleToZeroGracePeriod', 'scaleToZeroPodRetentionPeriod', 'progressDeadline', 'requestTimeout',
]);

/** `1500ms`, `45s`, `30m`, `2h`, `1d`, or a number of seconds. */
export function parseDuration(text: string, what: string): Duration {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${what} is ${JSON.stringify(text)}: use a number with ms, s, m, h or d, for example 45s`);
  const value = Number(match[1]);
  switch (match[2]) {
    case 'ms': return Duration.millis(value);
    case 'm': return Duration.seconds(value * 60);
    case 'h': return Duration.seconds(value * 3600);
    case 'd': return Duration.seconds(value * 86400);
    default: return Duration.seconds(value);
  }
}

/** `548MB`, `140GB`, `131GiB`, `500MiB`. */
export function parseSize(text: string, what: string): Size {
  const match = /^(\d+(?:\.\d+)?)\s*(MB|GB|TB|MiB|GiB|TiB)$/i.exec(text.trim());
  if (!match) throw new UsageError(`${what} is ${JSON.stringify(text)}: use a number with MB, GB, MiB or GiB, for example 140GB`);
  const bytesPer: Record<string, number> = { mb: 1e6, gb: 1e9, tb: 1e12, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
  return Size.kibibytes(Math.ceil((Number(match[1]) * bytesPer[match[2].toLowerCase()]) / 1024));
}

/** A finite number, for numeric options. */
export function parseNumber(text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${what} is ${JSON.stringify(text)}: use a number`);
  return value;
}

/**
 * A policy: a preset name, or a JSON file of Knative values (durations as text such as "180s"),
 * with `key=value` overrides on top.
 */
export function parsePolicy(spec: string, overrides: string[]): { name: string; values: KnativeAutoscalingValues } {
  const key = spec.toLowerCase().replace(/_/g, '-');
  let values: Record<string, unknown>;
  let name = spec;
  if (PRESETS[key]) {
    values = { ...PresetKnativeValues.of(PRESETS[key]) };
    name = PRESETS[key].name;
  } else if (spec.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(spec, 'utf8'));
    } catch (e) {
      throw new UsageError(`--policy ${spec}: cannot read a JSON object from it (${(e as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--policy ${spec}: the file must hold a JSON object of Knative values`);
    values = {};
    for (const [k, v] of Object.entries(parsed)) {
      // Checked before it is assigned: a key '__proto__' would set the prototype of the values.
      const unknown = KnativeAutoscalingSettings._unknownKey(k);
      if (unknown) throw new UsageError(`--policy ${spec}: ${JSON.stringify(k)} ${unknown}`);
      values[k] = DURATION_KEYS.has(k) && typeof v === 'string' ? parseDuration(v, k) : v;
    }
  } else {
    throw new UsageError(`--policy is ${JSON.stringify(spec)}: use ${PRESET_NAMES.join(', ')}, or a .json file of Knative values`);
  }
  for (const override of overrides) {
    const [k, ...rest] = override.split('=');
    const v = rest.join('=');
    if (!k || rest.length === 0) throw new UsageError(`--set is ${JSON.stringify(override)}: use key=value, for example --set maxScale=8`);
    const unknown = KnativeAutoscalingSettings._unknownKey(k);
    if (unknown) throw new UsageError(`--set ${override}: ${JSON.stringify(k)} ${unknown}`);
    if (DURATION_KEYS.has(k)) values[k] = parseDuration(v, k);
    else if (v === 'true' || v === 'false') values[k] = v === 'true';
    else if (k === 'metric') values[k] = v;
    else values[k] = parseNumber(v, k);
  }
  if (overrides.length > 0) name += ` (${overrides.join(', ')})`;
  return { name, values: values as KnativeAutoscalingValues };
}

/**
 * A trace: a reference name (bursty, diurnal, sparse), `poisson:RATE[:HOURS]`, or a CSV file of
 * `arrival_seconds,service_seconds`.
 */
export function parseTrace(spec: string, serviceTime: Duration | undefined, seed: number | undefined): RequestTrace {
  const reference = Object.values(ReferenceTrace).find((t) => t === spec.toLowerCase());
  if (reference) return RequestTrace.reference(reference, serviceTime);
  const poisson = /^poisson:(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(spec);
  if (poisson) {
    // RequestTrace.poisson's bound (31 days), in the flag's hours.
    if (Number(poisson[2] ?? 24) > 744) throw new UsageError(`--trace is ${JSON.stringify(spec)}: a generated trace lasts at most 744 hours (31 days)`);
    return RequestTrace.poisson({
      ratePerSecond: Number(poisson[1]),
      duration: Duration.seconds(Number(poisson[2] ?? 24) * 3600),
      serviceTime,
      seed,
    });
  }
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch {
    throw new UsageError(`--trace is ${JSON.stringify(spec)}: use ${Object.values(ReferenceTrace).join(', ')}, poisson:RATE[:HOURS], or a CSV file that exists`);
  }
  // Named after the file, as reports show it: a trace's name is at most 100 characters, a path may be longer.
  return RequestTrace.fromCsv(text, basename(spec).slice(0, 100));
}
