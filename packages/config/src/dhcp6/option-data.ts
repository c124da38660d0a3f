import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import { normaliseHex } from '../net/hex.js';
import { parseIpv4, parseIpv6, parseIpv6Prefix } from '../net/ip.js';
import type { OptionData6, OptionDef6 } from './model.js';
import {
  isStandardSpace,
  OPTION_TYPES,
  type OptionDefinition,
  OptionDefinitions,
  type OptionFieldType,
  STANDARD_OPTION_DEFINITIONS,
} from './option-defs.js';

/**
 * option-def and option-data: resolution of names and codes against the standard and custom
 * definitions, and a check that each option's data text fits its definition field by field.
 * Encoding to wire bytes is the codec's job and is not done here (OptionData6.encoded stays
 * unset until packages/codec exports an option-data encoder).
 */

type Path = readonly (string | number)[];
const DEFAULT_SPACE = 'dhcp6';
const MAX_CODE = 65535;

const INTEGER_RANGES: Partial<Record<OptionFieldType, [number, number]>> = {
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

/** Splits csv option data on commas that are not escaped with a backslash, trimming fields. */
export function splitCsv(data: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '\\' && data[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      fields.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current.trim());
  return fields;
}

function isFqdn(text: string): boolean {
  if (text === '' || text.length > 255) return false;
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name === '') return true; // the root
  return name.split('.').every((label) => label.length > 0 && label.length <= 63);
}

/** Why one field's text does not fit its type, or undefined when it does. */
function fieldProblem(type: OptionFieldType, text: string): string | undefined {
  const range = INTEGER_RANGES[type];
  if (range) {
    const value = /^-?\d+$/.test(text)
      ? Number(text)
      : /^0x[0-9a-f]+$/i.test(text)
        ? Number.parseInt(text.slice(2), 16)
        : Number.NaN;
    if (Number.isNaN(value)) return `unable to convert the value '${text}' to integer data type`;
    if (value < range[0] || value > range[1])
      return `unable to convert '${text}' to numeric type. This value is expected to be in the range of ${range[0]}..${range[1]}`;
    return undefined;
  }
  switch (type) {
    case 'boolean':
      return /^(true|false|0|1)$/i.test(text) ? undefined : `unable to convert '${text}' to boolean`;
    case 'ipv6-address':
      return parseIpv6(text) !== undefined ? undefined : `Failed to convert string to address '${text}'`;
    case 'ipv4-address':
      return parseIpv4(text) !== undefined ? undefined : `Failed to convert string to address '${text}'`;
    case 'ipv6-prefix':
      return parseIpv6Prefix(text) ? undefined : `'${text}' is not a valid IPv6 prefix`;
    case 'psid':
      return /^\d+\/\d+$/.test(text) ? undefined : `'${text}' is not a valid PSID (psid/length)`;
    case 'fqdn':
      return isFqdn(text) ? undefined : `'${text}' is not a valid domain name`;
    case 'binary':
      return text === '' || normaliseHex(text) !== undefined
        ? undefined
        : `'${text}' is not valid hexadecimal data`;
    case 'string':
      return text === '' ? 'no option value specified' : undefined;
    default:
      return undefined;
  }
}

/** Checks csv data against a definition; returns the first problem or undefined. */
export function checkCsvData(def: OptionDefinition, data: string): string | undefined {
  if (def.type === 'empty') {
    return data.trim() === '' ? undefined : 'attempt to write data into an option of type empty';
  }
  if (data.trim() === '') return def.array ? undefined : 'no option value specified';
  const fields = def.type === 'string' || def.type === 'tuple' ? [data] : splitCsv(data);
  if (def.type === 'record') {
    const types = def.recordTypes;
    if (fields.length < types.length)
      return `the number of fields (${fields.length}) is lower than the number of record fields (${types.length})`;
    if (fields.length > types.length && !def.array) {
      // Kea lets the last string or binary field absorb the rest.
      const last = types[types.length - 1];
      if (last !== 'string' && last !== 'binary')
        return `too many fields (${fields.length}) for a record of ${types.length}`;
    }
    for (let i = 0; i < types.length; i++) {
      const problem = fieldProblem(types[i]!, fields[i]!);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!def.array && fields.length > 1 && def.type !== 'binary') {
    return `option '${def.name}' takes one value, got ${fields.length}`;
  }
  for (const field of def.type === 'binary' ? [data.trim()] : fields) {
    const problem = fieldProblem(def.type, field);
    if (problem) return problem;
  }
  return undefined;
}

/** Reads `option-def`, refusing unknown types, clashes with standard options and duplicates. */
export function buildOptionDefs(
  list: readonly JsonObject[],
  path: Path,
  problems: ProblemCollector,
): { definitions: OptionDefinitions; defs: OptionDef6[] } {
  const definitions = OptionDefinitions.standard();
  const defs: OptionDef6[] = [];
  const seenNames = new Set<string>();
  const seenCodes = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    const at = [...path, i];
    const name = raw.name as string;
    const code = raw.code as number;
    const space = (raw.space as string | undefined) ?? DEFAULT_SPACE;
    const type = raw.type as string;
    const recordTypesText = (raw['record-types'] as string | undefined) ?? '';
    const recordTypes = recordTypesText === '' ? [] : recordTypesText.split(',').map((t) => t.trim());
    if (code < 1 || code > MAX_CODE) {
      problems.add([...at, 'code'], `invalid option code '${code}': it must be within 1..${MAX_CODE}`);
      continue;
    }
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      problems.add([...at, 'name'], `invalid option name '${name}'`);
      continue;
    }
    if (!(OPTION_TYPES as readonly string[]).includes(type)) {
      problems.add([...at, 'type'], `option type '${type}' is not supported`);
      continue;
    }
    const badRecord = recordTypes.find(
      (t) => !(OPTION_TYPES as readonly string[]).includes(t) || t === 'record',
    );
    if (badRecord !== undefined) {
      problems.add([...at, 'record-types'], `record field type '${badRecord}' is not supported`);
      continue;
    }
    if (type === 'record' && recordTypes.length < 2) {
      problems.add(
        at,
        `invalid number of data fields: ${recordTypes.length} specified for the option of type 'record'. Expected at least 2 fields.`,
      );
      continue;
    }
    if (isStandardSpace(space) && STANDARD_OPTION_DEFINITIONS.byCodeIn(space, code)) {
      problems.add(
        [...at, 'code'],
        `unable to override definition of option '${code}' in standard option space '${space}'`,
      );
      continue;
    }
    if (isStandardSpace(space) && STANDARD_OPTION_DEFINITIONS.byNameIn(space, name)) {
      problems.add(
        [...at, 'name'],
        `unable to override definition of option '${name}' in standard option space '${space}'`,
      );
      continue;
    }
    const nameKey = `${space}.${name}`;
    const codeKey = `${space}.${code}`;
    if (seenNames.has(nameKey)) {
      problems.add(
        [...at, 'name'],
        `option definition with name '${name}' already exists in option space '${space}'`,
      );
      continue;
    }
    if (seenCodes.has(codeKey)) {
      problems.add(
        [...at, 'code'],
        `option definition with code '${code}' already exists in option space '${space}'`,
      );
      continue;
    }
    seenNames.add(nameKey);
    seenCodes.add(codeKey);
    const def: OptionDefinition = {
      name,
      code,
      space,
      type: type as OptionFieldType,
      array: (raw.array as boolean | undefined) ?? false,
      recordTypes: recordTypes as OptionFieldType[],
      encapsulate: (raw.encapsulate as string | undefined) ?? '',
    };
    definitions.add(def);
    const modelDef: OptionDef6 = { ...def, recordTypes: [...def.recordTypes] };
    if (raw['user-context'] !== undefined) modelDef.userContext = raw['user-context'] as JsonObject;
    defs.push(modelDef);
  }
  return { definitions, defs };
}

/**
 * Reads one scope's `option-data` list: every entry must name a known option (by name, or by
 * code with csv-format false), name and code must agree, and the data must fit the definition.
 */
export function buildOptionData(
  list: readonly JsonObject[] | undefined,
  path: Path,
  definitions: OptionDefinitions,
  problems: ProblemCollector,
): OptionData6[] {
  const result: OptionData6[] = [];
  if (!list) return result;
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    const at = [...path, i];
    const name = raw.name as string | undefined;
    const code = raw.code as number | undefined;
    const space = (raw.space as string | undefined) ?? DEFAULT_SPACE;
    const data = (raw.data as string | undefined) ?? '';
    const csvFormat = (raw['csv-format'] as boolean | undefined) ?? true;
    if (name === undefined && code === undefined) {
      problems.add(
        at,
        "option data configuration requires one of 'code' or 'name' parameters to be specified",
      );
      continue;
    }
    if (code !== undefined && code > MAX_CODE) {
      problems.add([...at, 'code'], `invalid option code '${code}', it must not exceed '${MAX_CODE}'`);
      continue;
    }
    const byName = name !== undefined ? definitions.byNameIn(space, name) : undefined;
    const byCode = code !== undefined && code > 0 ? definitions.byCodeIn(space, code) : undefined;
    if (name !== undefined && byName === undefined) {
      problems.add([...at, 'name'], `definition for the option '${space}.${name}' does not exist`);
      continue;
    }
    if (byName && code !== undefined && byName.code !== code) {
      problems.add(
        [...at, 'name'],
        `specified option name '${name}' does not match the option definition: '${space}.${byCode?.name ?? code}'`,
      );
      continue;
    }
    const def = byName ?? byCode;
    if (!def && (code === 0 || csvFormat)) {
      problems.add(at, `definition for the option '${space}.' having code '${code}' does not exist`);
      continue;
    }
    let problem: string | undefined;
    if (!csvFormat) {
      if (data !== '' && normaliseHex(data) === undefined)
        problem = `option data is not a valid string of hexadecimal digits: ${data}`;
    } else if (def) {
      const misfit = checkCsvData(def, data);
      if (misfit)
        problem = `option data does not match option definition (space: ${space}, code: ${def.code}): ${misfit}`;
    }
    if (problem) {
      problems.add([...at, 'data'], problem);
      continue;
    }
    const option: OptionData6 = {
      code: def?.code ?? code!,
      space,
      data,
      csvFormat,
      alwaysSend: (raw['always-send'] as boolean | undefined) ?? false,
    };
    const resolvedName = def?.name ?? name;
    if (resolvedName !== undefined) option.name = resolvedName;
    if (raw['user-context'] !== undefined) option.userContext = raw['user-context'] as JsonObject;
    result.push(option);
  }
  return result;
}

/** Resolves `relay-supplied-options` entries (codes or dhcp6 option names) to codes. */
export function resolveRelaySuppliedOptions(
  list: readonly string[],
  path: Path,
  definitions: OptionDefinitions,
  problems: ProblemCollector,
): number[] {
  const codes: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!.trim();
    if (/^\d+$/.test(entry)) {
      const code = Number(entry);
      if (code < 1 || code > MAX_CODE) problems.add([...path, i], `invalid option code '${entry}'`);
      else codes.push(code);
      continue;
    }
    const def = definitions.byNameIn(DEFAULT_SPACE, entry);
    if (!def) {
      problems.add(
        [...path, i],
        `unable to find option code for the specified option name '${entry}' while parsing the list of enabled relay-supplied-options`,
      );
      continue;
    }
    codes.push(def.code);
  }
  return codes;
}
