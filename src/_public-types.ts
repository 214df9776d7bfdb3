/**
 * The types of the public props, checked where a JavaScript or Python caller hands them over: a
 * table per props interface (its keys checked complete by the compiler), read by one checker.
 * A wrong type is answered with the library's own error, naming the prop, the value and the type
 * expected, before anything calls a method on it (`x.toMilliseconds is not a function`) or writes
 * it (`modelFormat: 'pytorch'`, a string, would leave the format out).
 */
import { DURATION_MEMBERS, hasMembers, SIZE_MEMBERS } from './_cdk8s-values';
import { memberPath, Problems } from './_errors';
import { meantName } from './_format';
import { yamlMisreading } from './_yaml-safety';

/** What a value must be. */
export type TypeSpec =
  | 'string'
  | 'boolean'
  /** A finite number: NaN and the infinities are refused wherever a number is taken. */
  | 'number'
  | InstanceSpec
  | EnumSpec
  | { readonly arrayOf: TypeSpec }
  | MapSpec
  | StructSpec;

/** An object with the members of a class or interface, checked by what the library calls on it. */
export interface InstanceSpec {
  /** The type's name for messages, with its article: `a GpuType`. */
  readonly expected: string;
  readonly is: (value: object) => boolean;
  /** A value to suggest. */
  readonly example?: string;
}

/** One of the values of a string enum. */
export interface EnumSpec {
  readonly enumName: string;
  readonly values: Record<string, string>;
  /** The values of `values`, listed once. */
  readonly allowed: readonly string[];
  /** The member to suggest (the first by default). */
  readonly example?: string;
}

/** A map of any keys to values of one spec. */
export interface MapSpec {
  readonly mapOf: TypeSpec;
  /**
   * Written as an object by cdk8s (labels, annotations), whose serializer cannot write the keys
   * `constructor` (it reads the object's class from it) and `__proto__` (it assigns it, and the key
   * is lost): cdk8s lib/_util.js `sanitizeValue`.
   */
  readonly writtenAsObject?: boolean;
}

/** A struct: each field's spec; fields are optional unless listed in `required`. */
export interface StructSpec {
  readonly fields: { readonly [field: string]: TypeSpec };
  readonly required?: readonly string[];
  /**
   * Other fields are allowed and passed on unchecked (cdk8s's `ApiObjectMetadata` has an index
   * signature). A closed struct refuses a field it does not know: from JavaScript, a misspelt prop
   * would otherwise be left out without a word.
   */
  readonly open?: boolean;
}

/** The fields of props `P`, every one of them. */
export type FieldsOf<P> = { readonly [K in keyof Required<P>]: TypeSpec };

/** A struct spec with every field of `P`. */
export function struct<P>(fields: FieldsOf<P>, ...required: (keyof P & string)[]): StructSpec {
  return { fields, required };
}

/** A class the library owns: its instances (jsii hands Python objects over as them too). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function instanceOf(type: Function, example?: string): InstanceSpec {
  return { expected: `${/^[AEIOU]/.test(type.name) ? 'an' : 'a'} ${type.name}`, is: (value) => value instanceof type, example };
}

/** An interface or a class of another package, known by the members the library reads. */
export function withMembers(expected: string, members: Readonly<Record<string, 'function' | 'string'>>, example?: string): InstanceSpec {
  return { expected, is: (value) => hasMembers(value, members), example };
}

export function enumOf(enumName: string, values: Record<string, string>, example?: string): EnumSpec {
  return { enumName, values, allowed: Object.values(values), example };
}

/** cdk8s value types, known by the members the library calls (_cdk8s-values.ts). */
export const DURATION = withMembers('a Duration', DURATION_MEMBERS, 'Duration.seconds(30)');
export const SIZE = withMembers('a Size', SIZE_MEMBERS, 'Size.gibibytes(10)');
export const CPU = withMembers('a Cpu', { amount: 'string' }, 'Cpu.units(1)');
export const STRING_MAP = { mapOf: 'string' } as const;
export const STRINGS = { arrayOf: 'string' } as const;
const REQUEST_AND_LIMIT = (spec: TypeSpec): StructSpec => ({ fields: { request: spec, limit: spec } });
/** cdk8s-plus `ContainerResources`. */
export const CONTAINER_RESOURCES: StructSpec = {
  fields: { cpu: REQUEST_AND_LIMIT(CPU), memory: REQUEST_AND_LIMIT(SIZE), ephemeralStorage: REQUEST_AND_LIMIT(SIZE) },
};
/** cdk8s `ApiObjectMetadata`, as far as the library reads it; open, as its index signature is. */
export const API_OBJECT_METADATA: StructSpec = {
  open: true,
  fields: {
    name: 'string',
    namespace: 'string',
    labels: { mapOf: 'string', writtenAsObject: true },
    annotations: { mapOf: 'string', writtenAsObject: true },
    finalizers: STRINGS,
  },
};

/** Adds a problem for every value of the wrong type in `value`, as `prop` and its fields. */
export function checkType(problems: Problems, prop: string, value: unknown, spec: TypeSpec): void {
  if (value === undefined) return;
  if (value === null) {
    problems.add(prop, value, `must be ${describeSpec(spec)}, or left out`);
  } else if (spec === 'string') {
    if (typeof value !== 'string') wrongType(problems, prop, value, 'a string');
    else checkYamlSafe(problems, prop, value, false);
  } else if (spec === 'boolean') {
    if (typeof value !== 'boolean') wrongType(problems, prop, value, 'a boolean');
  } else if (spec === 'number') {
    if (typeof value !== 'number') wrongType(problems, prop, value, 'a number');
    else if (!Number.isFinite(value)) wrongType(problems, prop, value, 'a finite number');
  } else if ('values' in spec) {
    const allowed = spec.allowed;
    if (!allowed.includes(value as string)) {
      wrongType(problems, prop, value, `a ${spec.enumName}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        `${spec.enumName}.${spec.example ?? Object.keys(spec.values)[0]}`);
    }
  } else if ('is' in spec) {
    if (typeof value !== 'object' || !spec.is(value)) wrongType(problems, prop, value, spec.expected, spec.example);
  } else if ('arrayOf' in spec) {
    if (!Array.isArray(value)) {
      wrongType(problems, prop, value, `an array of ${describeSpec(spec.arrayOf, true)}`);
    } else {
      // By index, not forEach: a hole (`[, 'x']`) is an item left out, which cdk8s would write as null.
      for (let index = 0; index < value.length; index++) {
        const item = value[index];
        if (item === undefined) problems.add(`${prop}[${index}]`, item, `must be ${describeSpec(spec.arrayOf)}`);
        else checkType(problems, `${prop}[${index}]`, item, spec.arrayOf);
      }
    }
  } else if (!isPlainObject(value)) {
    // A class instance (a Duration where a struct belongs) would otherwise read as an empty struct.
    wrongType(problems, prop, value, describeSpec(spec));
  } else if ('mapOf' in spec) {
    for (const [key, item] of Object.entries(value)) {
      checkYamlSafe(problems, memberPath(prop, key), key, true);
      if (spec.writtenAsObject && (key === 'constructor' || key === '__proto__')) {
        problems.add(memberPath(prop, key), key, 'cdk8s cannot write this key in an object: its serializer takes it for a member of every JavaScript object',
          'Use another key');
      }
      if (item === undefined) problems.add(memberPath(prop, key), item, `must be ${describeSpec(spec.mapOf)}`);
      else checkType(problems, memberPath(prop, key), item, spec.mapOf);
    }
  } else {
    checkStruct(problems, prop, value as Record<string, unknown>, spec);
  }
}

function wrongType(problems: Problems, prop: string, value: unknown, expected: string, example?: string): void {
  problems.add(prop, value, `must be ${expected}`, example && `For example ${example}`);
}

const OBJECT_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** An object literal (or one without a prototype), as structs and maps are handed over from JavaScript and Python. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A string cdk8s would write so that it reads back as another type (_yaml-safety.ts). What it
 * reads back as is left out where the message hides the value (`Problems.hides`).
 */
export function checkYamlSafe(problems: Problems, prop: string, text: string, asKey: boolean): void {
  const misread = yamlMisreading(text, asKey);
  if (misread === undefined) return;
  // The path is read only for a misread string: every string prop passes through here.
  const shown = problems.hides(prop) ? yamlMisreading(text, asKey, false) : misread;
  problems.add(prop, text, `cdk8s writes this ${asKey ? 'key' : 'string'} without quotes, and a YAML reader (Kubernetes' or YAML 1.2) takes it for ${shown}`,
    'Write it another way: cdk8s quotes only the forms of YAML 1.1');
}

/** The fields of a struct; `prefix` names the struct ('' for the props themselves). */
export function checkStruct(problems: Problems, prefix: string, value: Record<string, unknown>, spec: StructSpec): void {
  // A key named like a member of every object (`constructor`) is no prop, and breaks cdk8s's serializer when passed on.
  for (const key of Object.keys(value).filter((k) => OBJECT_MEMBERS.has(k) && !Object.prototype.hasOwnProperty.call(spec.fields, k))) {
    problems.add(prefix ? memberPath(prefix, key) : key, value[key], 'is no prop: it names a member of every JavaScript object', 'Remove it');
  }
  const fields = spec.fields;
  if (!spec.open) {
    for (const key of Object.keys(value)) {
      // A field that holds nothing (`{ ...options, extra: undefined }`) sets nothing either.
      if (Object.prototype.hasOwnProperty.call(fields, key) || OBJECT_MEMBERS.has(key) || value[key] === undefined) continue;
      const meant = meantName(key, Object.keys(fields));
      problems.add(prefix ? memberPath(prefix, key) : key, value[key], 'is no prop', meant ? `Did you mean '${meant}'?` : 'Remove it, or check its spelling');
    }
  }
  // Most props are left out: a field's name is built only for a value to check or a required field.
  for (const field in fields) {
    // Own enumerable fields only, as a spread or JSON reads them (and the copy the constructs keep):
    // a field inherited from Object.prototype (`constructor`) is not a prop.
    const fieldValue = Object.prototype.propertyIsEnumerable.call(value, field) ? value[field] : undefined;
    if (fieldValue !== undefined) {
      checkType(problems, prefix ? `${prefix}.${field}` : field, fieldValue, fields[field]);
    } else if (spec.required?.includes(field)) {
      problems.add(prefix ? `${prefix}.${field}` : field, undefined, `is required: ${describeSpec(fields[field])}`);
    }
  }
}

/**
 * Checks props at the public boundary and throws the library's error for any value of the wrong
 * type, so that nothing below reads one. Returns the props to read from then on: a copy, since
 * the constructs render at synth, and a caller may change an object after handing it over (one
 * `env` reused for the next service) without changing what was checked. No message shows the
 * values at `hiddenProps` (`Problems`).
 */
export function checkPublicProps<P>(
  what: string, scope: Parameters<Problems['throwIfAny']>[0], props: P, spec: StructSpec, prefix: string = '', hiddenProps?: ReadonlySet<string>,
): P {
  const problems = new Problems(hiddenProps);
  if (!isPlainObject(props)) {
    if (props !== undefined || spec.required?.length) problems.add(prefix || 'props', props, 'must be an object of props');
  } else {
    checkStruct(problems, prefix, props, spec);
  }
  problems.throwIfAny(scope, what);
  return copyOf(props, spec) as P;
}

/**
 * A checked value with its structs, maps and arrays copied all the way down; instances (a
 * ModelSource, a Duration) and enum values are kept, as they do not change. A struct's fields
 * that its spec does not know are kept as they are.
 */
function copyOf(value: unknown, spec: TypeSpec): unknown {
  if (typeof value !== 'object' || value === null || typeof spec === 'string' || 'values' in spec || 'is' in spec) return value;
  if ('arrayOf' in spec) return (value as unknown[]).map((item) => copyOf(item, spec.arrayOf));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const itemSpec = 'mapOf' in spec ? spec.mapOf : Object.prototype.hasOwnProperty.call(spec.fields, key) ? spec.fields[key] : undefined;
    const itemCopy = itemSpec ? copyOf(item, itemSpec) : item;
    // Assigned, the quick way, but for '__proto__', which assigned would set the prototype instead of a key.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: itemCopy, enumerable: true, writable: true, configurable: true });
    else copy[key] = itemCopy;
  }
  return copy;
}

/** Checks the arguments of a factory or method: [name, value, spec, required]. */
export function checkArguments(what: string, args: [string, unknown, TypeSpec, boolean?][]): void {
  const problems = new Problems();
  for (const [name, value, spec, required] of args) {
    if (value === undefined && required) problems.add(name, value, `is required: ${describeSpec(spec)}`);
    else checkType(problems, name, value, spec);
  }
  problems.throwIfAny(undefined, what);
}

function describeSpec(spec: TypeSpec, plural = false): string {
  if (typeof spec === 'string') return plural ? `${spec}s` : `a ${spec}`;
  if ('values' in spec) return plural ? `${spec.enumName} values` : `a ${spec.enumName}`;
  if ('is' in spec) return plural ? spec.expected.replace(/^an? /, '') : spec.expected;
  if ('arrayOf' in spec) return `an array of ${describeSpec(spec.arrayOf, true)}`;
  if ('mapOf' in spec) return `${plural ? 'objects' : 'an object'} of ${describeSpec(spec.mapOf, true)}`;
  return plural ? 'objects' : 'an object';
}
