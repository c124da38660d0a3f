import {
  assembleOptions,
  CodecError,
  DHCP6_SPACE,
  type OptionDefinition,
  OptionDefinitionRegistry,
  type ParsedOptionData,
  parseOptionData,
  parseOptionDef,
} from '@nestor/codec';
import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import type { OptionData6, OptionDef6 } from './model.js';

/**
 * option-def and option-data, through @nestor/codec: definitions are validated and added to
 * the standard ones, and every option-data entry is encoded once, at configuration time, to the
 * payload bytes the server sends. Codec errors become configuration problems at the JSON path
 * of the parameter they concern.
 */

type Path = readonly (string | number)[];

/** Which parameter of an entry a codec message is about, for the problem's path. */
function fieldOf(message: string, entry: JsonObject, kind: string): string | undefined {
  if (/option code|\bcode '/.test(message) && entry.code !== undefined) return 'code';
  if (/option type|record-types|data type|a record needs/.test(message)) {
    return /record-types|data type|a record needs/.test(message) && entry['record-types'] !== undefined
      ? 'record-types'
      : 'type';
  }
  if (kind === 'STANDARD_OPTION_OVERRIDE' || kind === 'DUPLICATE_OPTION_DEF') {
    return /with code/.test(message) ? 'code' : 'name';
  }
  if (/option space name/.test(message)) return 'space';
  if (/option name|does not match the definition|no definition/.test(message) && entry.name !== undefined)
    return 'name';
  if (/encapsulated/.test(message)) return 'encapsulate';
  if (kind === 'UNKNOWN_OPTION') return entry.name !== undefined ? 'name' : 'code';
  return entry.data !== undefined ? 'data' : undefined;
}

function report(problems: ProblemCollector, at: Path, entry: JsonObject, error: unknown, prefix = ''): void {
  if (!(error instanceof CodecError)) throw error;
  const field = fieldOf(error.message, entry, error.kind);
  problems.add(field ? [...at, field] : at, `${prefix}${error.message}`);
}

/** Reads `option-def` into a registry of the standard and custom definitions. */
export function buildOptionDefs(
  list: readonly JsonObject[],
  path: Path,
  problems: ProblemCollector,
): { definitions: OptionDefinitionRegistry; defs: OptionDef6[] } {
  let definitions = OptionDefinitionRegistry.standard();
  const defs: OptionDef6[] = [];
  list.forEach((raw, i) => {
    const at = [...path, i];
    let def: OptionDefinition;
    try {
      def = parseOptionDef(raw, i);
      definitions = definitions.extend([def]);
    } catch (error) {
      report(problems, at, raw, error);
      return;
    }
    const modelDef: OptionDef6 = {
      name: def.name,
      code: def.code,
      type: def.type,
      recordTypes: [...def.recordTypes],
      space: def.space,
      encapsulate: def.encapsulate,
      array: def.array,
    };
    if (raw['user-context'] !== undefined) modelDef.userContext = raw['user-context'] as JsonObject;
    defs.push(modelDef);
  });
  return { definitions, defs };
}

/**
 * Reads one scope's `option-data` list: each entry is resolved against the definitions and its
 * data encoded; an entry that names no known option or whose data does not fit is a problem.
 */
export function buildOptionData(
  list: readonly JsonObject[] | undefined,
  path: Path,
  definitions: OptionDefinitionRegistry,
  problems: ProblemCollector,
): OptionData6[] {
  const result: OptionData6[] = [];
  if (!list) return result;
  const parsedList: ParsedOptionData[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    try {
      const parsed = parseOptionData(raw, definitions, i);
      parsedList.push(parsed);
      const option: OptionData6 = {
        code: parsed.code,
        space: parsed.space,
        data: (raw.data as string | undefined) ?? '',
        csvFormat: parsed.csvFormat,
        alwaysSend: parsed.alwaysSend,
        encoded: parsed.data,
      };
      if (parsed.name !== undefined) option.name = parsed.name;
      if (raw['user-context'] !== undefined) option.userContext = raw['user-context'] as JsonObject;
      result.push(option);
    } catch (error) {
      const space = (raw.space as string | undefined) ?? DHCP6_SPACE;
      const def =
        typeof raw.code === 'number'
          ? definitions.getByCode(space, raw.code)
          : typeof raw.name === 'string'
            ? definitions.getByName(space, raw.name)
            : undefined;
      // Kea's wording for data that does not fit, so that operators' greps keep working.
      const prefix =
        def && error instanceof CodecError && error.kind !== 'UNKNOWN_OPTION'
          ? `option data does not match option definition (space: ${space}, code: ${def.code}): `
          : '';
      report(problems, [...path, i], raw, error, prefix);
    }
  }
  addEncapsulated(result, parsedList, path, problems);
  return result;
}

/**
 * Kea's CfgOption::encapsulate for one scope: an option whose definition encapsulates a space
 * carries the options configured for that space in the same scope (recursively). vendor-opts is
 * left out: Kea 2.2 adds vendor sub-options per reply, from the client's vendor ORO and the
 * always-send ones (dhcp6's vendor-options.ts), not here.
 */
function addEncapsulated(
  result: OptionData6[],
  parsedList: readonly ParsedOptionData[],
  path: Path,
  problems: ProblemCollector,
): void {
  if (!parsedList.some((p) => p.definition?.encapsulate && !isVendorOpts(p))) return;
  let assembled: ReturnType<typeof assembleOptions>;
  try {
    assembled = assembleOptions(
      parsedList.map((p) => (isVendorOpts(p) ? { ...p, definition: undefined } : p)),
    );
  } catch (error) {
    report(problems, path, {}, error);
    return;
  }
  assembled.forEach((option, i) => {
    const payload = option.wire.subarray(4);
    if (option.encapsulatedSpace && payload.length !== option.data.length) result[i]!.encapsulated = payload;
  });
}

const isVendorOpts = (p: ParsedOptionData): boolean => p.code === 17 && p.space === DHCP6_SPACE;

/**
 * Resolves `relay-supplied-options` entries (codes or dhcp6 option names) to codes. Like Kea,
 * the result always holds 65 (erp-local-domain-name, RFC 6422) and is sorted without repeats.
 */
export function resolveRelaySuppliedOptions(
  list: readonly string[],
  path: Path,
  definitions: OptionDefinitionRegistry,
  problems: ProblemCollector,
): number[] {
  const codes: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!.trim();
    if (/^\d+$/.test(entry)) {
      const code = Number(entry);
      if (code < 1 || code > 0xffff) problems.add([...path, i], `invalid option code '${entry}'`);
      else codes.push(code);
      continue;
    }
    const def = definitions.getByName(DHCP6_SPACE, entry);
    if (!def) {
      problems.add(
        [...path, i],
        `unable to find option code for the specified option name '${entry}' while parsing the list of enabled relay-supplied-options`,
      );
      continue;
    }
    codes.push(def.code);
  }
  return [...new Set([RSOO_ALWAYS, ...codes])].sort((a, b) => a - b);
}

/** The option Kea always accepts from relays' RSOO. */
const RSOO_ALWAYS = 65;
