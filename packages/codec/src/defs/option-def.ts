/**
 * Validation of `option-def` configuration entries into OptionDefinitions, with Kea's rules:
 * name and space syntax, known type names, record-types only for records (2+ fields, string
 * and binary last), no arrays of string/binary/empty, arrays may not encapsulate.
 */
import { codecError } from '../errors.js';
import { DHCP6_SPACE } from './standard.js';
import { type FieldType, isFieldType, isOptionDataType, type OptionDefinition } from './types.js';

/** An option-def entry as it appears in Kea's JSON configuration. */
export interface OptionDefEntry {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly type?: unknown;
  readonly array?: unknown;
  readonly 'record-types'?: unknown;
  readonly space?: unknown;
  readonly encapsulate?: unknown;
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** Kea's rule for option and option space names: letters, digits, '-' and '_', not at either end. */
export function isValidOptionName(name: string): boolean {
  return NAME.test(name) && !/^[-_]/.test(name) && !/[-_]$/.test(name);
}

export function parseOptionDef(entry: OptionDefEntry, index?: number): OptionDefinition {
  const fail = (message: string): never => {
    throw codecError('INVALID_OPTION_DEF', message, { index });
  };
  if (typeof entry !== 'object' || entry === null) fail('an option-def entry must be an object');
  const { name, code, type } = entry;
  if (typeof name !== 'string') return fail("option-def requires a 'name' string");
  if (!isValidOptionName(name)) fail(`invalid option name '${name}'`);
  const space = entry.space ?? DHCP6_SPACE;
  if (typeof space !== 'string' || !isValidOptionName(space))
    fail(`invalid option space name '${String(space)}'`);
  const where = `option-def '${space}.${name}'`;
  if (typeof code !== 'number' || !Number.isInteger(code)) return fail(`${where} requires an integer 'code'`);
  if (code < 0 || code > 0xffff)
    fail(`${where}: invalid option code '${code}', it must not be greater than '65535'`);
  if (code === 0 && space === DHCP6_SPACE) fail(`${where}: invalid option code '0': reserved value`);
  if (typeof type !== 'string') return fail(`${where} requires a 'type' string`);
  if (!isOptionDataType(type)) fail(`${where}: option type '${type}' is not supported`);
  const array = entry.array ?? false;
  if (typeof array !== 'boolean') fail(`${where}: 'array' must be true or false`);
  const encapsulate = entry.encapsulate ?? '';
  if (typeof encapsulate !== 'string') return fail(`${where}: 'encapsulate' must be a string`);
  if (encapsulate !== '' && !isValidOptionName(encapsulate)) {
    fail(`${where}: invalid encapsulated option space name '${encapsulate}'`);
  }
  const recordText = entry['record-types'] ?? '';
  if (typeof recordText !== 'string') return fail(`${where}: 'record-types' must be a string`);

  const recordTypes: FieldType[] = [];
  if (recordText.trim() !== '') {
    if (type !== 'record')
      fail(`${where}: record-types given, but the type is '${type}' instead of 'record'`);
    for (const raw of recordText.split(',')) {
      const field = raw.trim();
      if (!isFieldType(field)) fail(`${where}: invalid data type '${field}' in record-types`);
      recordTypes.push(field as FieldType);
    }
  }
  if (type === 'record') {
    if (recordTypes.length < 2) {
      fail(`${where}: a record needs at least 2 fields in record-types, has ${recordTypes.length}`);
    }
    recordTypes.forEach((field, i) => {
      if ((field === 'string' || field === 'binary') && i < recordTypes.length - 1) {
        fail(`${where}: a ${field} field can only be the last field of a record`);
      }
    });
  }
  const repeated = type === 'record' ? recordTypes[recordTypes.length - 1] : type;
  if (array) {
    if (repeated === 'string' || repeated === 'binary' || repeated === 'empty') {
      fail(`${where}: an array of ${repeated} values is not a valid option definition`);
    }
    if (encapsulate !== '') fail(`${where}: an array option may not encapsulate an option space`);
  }
  return Object.freeze({
    name,
    code,
    space: space as string,
    type: type as OptionDefinition['type'],
    array: array as boolean,
    recordTypes: Object.freeze(recordTypes),
    encapsulate,
    standard: false,
  });
}
