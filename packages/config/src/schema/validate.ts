import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ProblemCollector } from '../errors.js';
import type { JsonValue } from '../kea-json.js';
import type { Schema } from './common.js';

/**
 * Schema validation with ajv. Each schema is compiled once per process, on first use, and the
 * compiled function is kept: compiling costs tens of milliseconds, validating a section is
 * linear in its size.
 */

let ajv: Ajv | undefined;
const compiled = new Map<Schema, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true, strict: true });
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Compiles a schema ahead of need (daemon start-up, benchmarks). */
export function precompile(schema: Schema): void {
  validatorFor(schema);
}

/** JSON pointer -> keys and indexes, reading the document to tell array indexes from keys. */
function pointerToPath(pointer: string, data: JsonValue): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: JsonValue | undefined = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = node !== null && typeof node === 'object' ? node[key] : undefined;
    }
  }
  return path;
}

/** The name Kea gives the map at `path`: the last key on the way to it (`subnet6`, `pools`...). */
function mapName(path: readonly (string | number)[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const part = path[i];
    if (typeof part === 'string') return part;
  }
  return 'top-level';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'a map',
  array: 'a list',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}

function messageFor(error: ErrorObject, path: readonly (string | number)[]): string {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case 'additionalProperties':
      return `got unexpected keyword "${error.params.additionalProperty}" in ${mapName(path)} map`;
    case 'required':
      return `missing parameter '${error.params.missingProperty}'`;
    case 'type':
      return `'${mapName(path)}' must be ${describeType(error.params.type)}`;
    case 'enum':
      return `'${String(error.data)}' is not a supported value of '${mapName(path)}'; supported values are: ${(
        error.params.allowedValues as unknown[]
      ).join(', ')}`;
    case 'minimum':
    case 'maximum': {
      const min = schema?.minimum;
      const max = schema?.maximum;
      const range = max === undefined ? `at least ${min}` : `${min ?? '-inf'}..${max}`;
      return `value ${String(error.data)} of '${mapName(path)}' is out of range, expected ${range}`;
    }
    case 'minItems':
      return `'${mapName(path)}' must not be an empty list`;
    case 'minLength':
      return `'${mapName(path)}' must not be empty`;
    case 'minProperties':
      return `'${mapName(path)}' must not be an empty map`;
    default:
      return error.message ?? `invalid value (${error.keyword})`;
  }
}

/**
 * Validates `section` (found at `sectionPath` in the document the collector locates in) and
 * reports every schema violation. Returns whether the section is valid.
 */
export function validateSection(
  schema: Schema,
  section: JsonValue,
  sectionPath: readonly (string | number)[],
  problems: ProblemCollector,
): boolean {
  const validate = validatorFor(schema);
  if (validate(section)) return true;
  for (const error of validate.errors ?? []) {
    const path = [...sectionPath, ...pointerToPath(error.instancePath, section)];
    const at =
      error.keyword === 'additionalProperties' ? [...path, String(error.params.additionalProperty)] : path;
    problems.add(at, messageFor(error, path));
  }
  return false;
}
