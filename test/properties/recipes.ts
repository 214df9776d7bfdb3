/**
 * Props recipes: plain data that fast-check generates, prints and shrinks, turned into props
 * (value-class factories included) only inside the property, so that a factory's validation
 * error counts as an outcome of the run.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { dnsLabel, hostileCpu, hostileDuration, hostileNumber, hostileSize, hostileString, labelKey } from './hostile';
import {
  AnnotationKeyStyle, AutoscalingPreset, GpuAutoscalingPolicyProps, GpuOptions, GpuProvider, GpuType, ModelSource, ScalingMetric, TaintEffect,
} from '../../src';

/** How often a recipe picks a hostile value and leaves an optional prop out. */
export interface Hostility {
  /** Weight of a hostile value against `valid` for a valid one. */
  readonly hostile: number;
  /** Weight of a valid value (10 unless given). */
  readonly valid?: number;
  /** Weight of leaving an optional prop out against 1 for setting it. */
  readonly absent: number;
}

/** Hammers the checks: half the values are hostile, and half the optional props are set. */
export const HOSTILE: Hostility = { hostile: 10, absent: 1 };
/** Reaches the rendering behind the checks: few hostile values, few optional props set. */
export const MOSTLY_VALID: Hostility = { hostile: 1, absent: 3 };
/**
 * One hostile value or none amid valid ones, few optional props set: a recipe that often
 * synthesizes, so that a hostile value that passes the checks reaches the rendering and the
 * checks of the objects (the restricted profile among them).
 */
export const ONE_HOSTILE_VALUE: Hostility = { hostile: 1, valid: 60, absent: 3 };

/** Builds the arbitraries of props recipes for one hostility. */
export class Recipes {
  constructor(private readonly hostility: Hostility) {}

  /** An optional prop: left out (undefined) or set. */
  public opt<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
    return fc.oneof({ arbitrary: fc.constant(undefined), weight: this.hostility.absent }, { arbitrary, weight: 1 });
  }

  /** A prop that does not apply to the target: left out, except as often as a hostile value. */
  public misplaced<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
    return fc.oneof({ arbitrary: fc.constant(undefined), weight: this.hostility.valid ?? 10 }, { arbitrary, weight: this.hostility.hostile });
  }

  /** A valid value, or a hostile value of the same type. */
  public pick<T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
    return fc.oneof({ arbitrary: valid, weight: this.hostility.valid ?? 10 }, { arbitrary: hostile, weight: this.hostility.hostile });
  }

  public string(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
    return this.pick(valid, hostileString);
  }

  public number(min: number, max: number): fc.Arbitrary<number> {
    return this.pick(fc.integer({ min, max }), hostileNumber);
  }

  public seconds(min: number, max: number) {
    return this.pick(fc.integer({ min, max }).map((s) => Duration.seconds(s)), hostileDuration);
  }

  public size(minGi: number, maxGi: number) {
    return this.pick(fc.integer({ min: minGi, max: maxGi }).map((gi) => Size.gibibytes(gi)), hostileSize);
  }

  public map(key: fc.Arbitrary<string>, value: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> {
    return fc.dictionary(this.string(key), this.string(value), { maxKeys: 3 });
  }

  /** `ContainerResources`, with hostile CPU amounts and sizes. */
  public resources() {
    const cpu = this.pick(fc.integer({ min: 1, max: 16 }).map((n) => Cpu.units(n)), hostileCpu);
    const pair = <T>(a: fc.Arbitrary<T>) => fc.record({ request: this.opt(a), limit: this.opt(a) });
    return fc.record({ cpu: this.opt(pair(cpu)), memory: this.opt(pair(this.size(1, 64))), ephemeralStorage: this.opt(pair(this.size(1, 100))) });
  }

  /** A model source recipe for `buildSource`: of the given kinds, or of any kind as often as a hostile value. */
  public source(kinds: SourceKind[] = ['s3', 'gcs', 'http', 'hf', 'oci', 'pvc']): fc.Arbitrary<SourceRecipe> {
    const secret = this.string(dnsLabel);
    const key = this.string(fc.constantFrom('token', 'key.json', 'AWS_SECRET_ACCESS_KEY'));
    const byKind: Record<SourceKind, fc.Arbitrary<SourceRecipe>> = {
      s3: fc.record({
        kind: fc.constant('s3' as const),
        uri: this.string(fc.constantFrom('s3://models/gpt2', 's3://tensorflow-models/gpt-2/124M')),
        credentials: this.opt(fc.record({ secretName: secret, accessKeyIdKey: this.opt(key), secretAccessKeyKey: this.opt(key) })),
        endpoint: this.opt(this.string(fc.constantFrom('object.ord1.coreweave.com', 'minio.storage:9000'))),
        region: this.opt(this.string(fc.constant('ORD1'))),
        useHttps: this.opt(fc.boolean()),
      }),
      gcs: fc.record({
        kind: fc.constant('gcs' as const),
        uri: this.string(fc.constant('gs://models/gpt2')),
        credentials: this.opt(fc.record({ secretName: secret, key })),
      }),
      http: fc.record({ kind: fc.constant('http' as const), uri: this.string(fc.constant('https://example.com/models/gpt2.tar.gz')) }),
      hf: fc.record({
        kind: fc.constant('hf' as const),
        uri: this.string(fc.constantFrom('openai-community/gpt2', 'meta-llama/Llama-3.1-8B-Instruct')),
        revision: this.opt(this.string(fc.constantFrom('main', '0e9e39f249a16976918f6564b8830bc894c89659'))),
        token: this.opt(fc.record({ secretName: secret, key })),
      }),
      oci: fc.record({ kind: fc.constant('oci' as const), uri: this.string(fc.constant('oci://ghcr.io/example/gpt2:1.0')) }),
      pvc: fc.record({ kind: fc.constant('pvc' as const), uri: this.string(dnsLabel), path: this.opt(this.string(fc.constantFrom('gpt2', 'models/gpt2'))) }),
    };
    return fc.oneof(
      { arbitrary: fc.oneof(...kinds.map((kind) => byKind[kind])), weight: this.hostility.valid ?? 10 },
      { arbitrary: fc.oneof(...Object.values(byKind)), weight: this.hostility.hostile },
    );
  }

  /** A GPU recipe for `buildGpu`. */
  public gpu() {
    const custom = fc.record({
      name: this.string(fc.constant('Custom GPU')),
      memory: this.size(1, 192),
      gpuProduct: this.opt(this.string(fc.constant('NVIDIA-Custom'))),
      customLabelValue: this.opt(this.string(fc.constant('custom'))),
    });
    return fc.record({
      types: fc.array(fc.oneof(fc.constantFrom(GpuType.A100_80GB_SXM, GpuType.L4, GpuType.V100_16GB, GpuType.A40), custom), { maxLength: 3 }),
      count: this.opt(this.number(1, 16)),
      provider: this.opt(fc.oneof(fc.constantFrom('coreweave', 'gke', 'gfd'), fc.record({ labelKey: this.string(labelKey) }))),
      regions: this.opt(fc.array(this.string(fc.constantFrom('ORD1', 'LAS1')), { maxLength: 2 })),
      tolerations: this.opt(fc.array(fc.record({
        key: this.string(fc.constant('nvidia.com/gpu')),
        value: this.opt(this.string(dnsLabel)),
        effect: this.opt(fc.constantFrom(...Object.values(TaintEffect))),
      }), { maxLength: 2 })),
    });
  }

  /** `GpuAutoscalingPolicyProps`, every knob optional and possibly hostile. */
  public autoscaling(): fc.Arbitrary<GpuAutoscalingPolicyProps> {
    return fc.record({
      preset: this.opt(fc.constantFrom(AutoscalingPreset.GPU_TUNED, AutoscalingPreset.KNATIVE_DEFAULTS, AutoscalingPreset.SEED_GUIDE)),
      metric: this.opt(fc.constantFrom(...Object.values(ScalingMetric))),
      target: this.opt(this.number(1, 100)),
      targetUtilizationPercent: this.opt(this.number(1, 100)),
      containerConcurrency: this.opt(this.number(0, 8)),
      stableWindow: this.opt(this.seconds(6, 3600)),
      panicWindow: this.opt(this.seconds(1, 600)),
      panicThresholdPercent: this.opt(this.number(110, 1000)),
      minReplicas: this.opt(this.number(0, 4)),
      maxReplicas: this.opt(this.number(0, 20)),
      initialScale: this.opt(this.number(0, 4)),
      activationScale: this.opt(this.number(2, 8)),
      scaleDownDelay: this.opt(this.seconds(0, 3600)),
      scaleToZeroPodRetention: this.opt(this.seconds(0, 3600)),
      targetBurstCapacity: this.opt(this.pick(fc.integer({ min: -1, max: 300 }), hostileNumber)),
      progressDeadline: this.opt(this.seconds(1, 7200)),
      annotationKeyStyle: this.opt(fc.constantFrom(...Object.values(AnnotationKeyStyle))),
    });
  }
}

export type SourceKind = 's3' | 'gcs' | 'http' | 'hf' | 'oci' | 'pvc';

export type SourceRecipe =
  | {
    kind: 's3';
    uri: string;
    credentials?: { secretName: string; accessKeyIdKey?: string; secretAccessKeyKey?: string };
    endpoint?: string;
    region?: string;
    useHttps?: boolean;
  }
  | { kind: 'gcs'; uri: string; credentials?: { secretName: string; key: string } }
  | { kind: 'http'; uri: string }
  | { kind: 'hf'; uri: string; revision?: string; token?: { secretName: string; key: string } }
  | { kind: 'oci'; uri: string }
  | { kind: 'pvc'; uri: string; path?: string };

export function buildSource(recipe: SourceRecipe): ModelSource {
  switch (recipe.kind) {
    case 's3': return ModelSource.fromS3(recipe.uri, { credentials: recipe.credentials, endpoint: recipe.endpoint, region: recipe.region, useHttps: recipe.useHttps });
    case 'gcs': return ModelSource.fromGcs(recipe.uri, { credentials: recipe.credentials });
    case 'http': return ModelSource.fromHttp(recipe.uri);
    case 'hf': return ModelSource.fromHuggingFace(recipe.uri, { revision: recipe.revision, token: recipe.token });
    case 'oci': return ModelSource.fromOci(recipe.uri);
    case 'pvc': return ModelSource.fromPvc(recipe.uri, recipe.path);
  }
}

const PROVIDERS: Record<string, GpuProvider> = { coreweave: GpuProvider.COREWEAVE, gke: GpuProvider.GKE, gfd: GpuProvider.GPU_FEATURE_DISCOVERY };

/** The recipes that a function returning an arbitrary generates. */
export type RecipeOf<F extends (...args: any[]) => fc.Arbitrary<unknown>> = ReturnType<F> extends fc.Arbitrary<infer T> ? T : never;

export type GpuRecipe = RecipeOf<Recipes['gpu']>;

export function buildGpu(recipe: GpuRecipe): GpuOptions {
  return {
    types: recipe.types.map((type) => (type instanceof GpuType ? type : GpuType.custom(type))),
    count: recipe.count,
    provider: recipe.provider === undefined ? undefined
      : typeof recipe.provider === 'string' ? PROVIDERS[recipe.provider] : GpuProvider.nodeLabel(recipe.provider.labelKey),
    regions: recipe.regions,
    tolerations: recipe.tolerations,
  };
}
