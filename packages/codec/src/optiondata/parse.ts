/**
 * option-data entries from configuration into option payload bytes, once, at configuration
 * time. Follows Kea's OptionDataParser: look the definition up by code or name in the entry's
 * space, csv-format (default true) splits the data into field values, csv-format false takes
 * hex or 'quoted text'; an option without a definition needs csv-format false and a code.
 */
import { FqdnFlag } from '../constants.js';
import { isValidOptionName } from '../defs/option-def.js';
import type { OptionDefinitionRegistry } from '../defs/registry.js';
import { DHCP6_SPACE } from '../defs/standard.js';
import type { OptionDefinition } from '../defs/types.js';
import { CodecError, codecError } from '../errors.js';
import { decodeOptionValue, encodeCsvTokens, optionLabel } from '../values/option-value.js';
import { decodeOptions } from '../wire/decode.js';
import { parseHexOrQuoted, splitCsv } from './text.js';

/** An option-data entry as it appears in Kea's JSON configuration. */
export interface OptionDataEntry {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly space?: unknown;
  readonly data?: unknown;
  readonly 'csv-format'?: unknown;
  readonly 'always-send'?: unknown;
  readonly 'never-send'?: unknown;
}

export interface ParsedOptionData {
  readonly code: number;
  readonly space: string;
  readonly name: string | undefined;
  readonly definition: OptionDefinition | undefined;
  /** The option payload: its value, without the 4-byte header and without encapsulated sub-options. */
  readonly data: Uint8Array;
  readonly csvFormat: boolean;
  readonly alwaysSend: boolean;
  readonly neverSend: boolean;
  /** Things Kea accepts silently that an operator probably did not mean (extra csv values). */
  readonly warnings: readonly string[];
}

const STRUCTURAL_CODES = new Set([3, 4, 5, 6, 13, 17, 25, 26, 39]);

/**
 * Checks that Kea's specialised option classes would accept these bytes: the structural
 * layouts of IA/IAADDR/status-code/..., client-fqdn flags, vendor-class tuples.
 */
function checkSpecialFormat(def: OptionDefinition, data: Uint8Array): void {
  if (def.space !== DHCP6_SPACE || !def.standard) return;
  const label = optionLabel(def);
  if (STRUCTURAL_CODES.has(def.code)) {
    const tlv = new Uint8Array(4 + data.length);
    tlv.set([def.code >> 8, def.code & 0xff, data.length >> 8, data.length & 0xff]);
    tlv.set(data, 4);
    try {
      decodeOptions(tlv);
    } catch (error) {
      throw codecError('MALFORMED_VALUE', `${label}: ${(error as Error).message}`);
    }
  }
  if (def.code === 39) {
    // Kea refuses N together with S but, like RFC 4704 receivers, ignores the MBZ bits.
    const flags = data[0]!;
    if ((flags & FqdnFlag.N) !== 0 && (flags & FqdnFlag.S) !== 0) {
      throw codecError('MALFORMED_VALUE', `${label}: flags set both N and S`);
    }
  }
  if (def.code === 16) {
    // vendor-class: enterprise number, then opaque data as 2-byte-length tuples (RFC 8415 21.16).
    let at = 4;
    while (at < data.length) {
      if (at + 2 > data.length)
        throw codecError('MALFORMED_VALUE', `${label}: truncated vendor-class-data length`);
      const length = (data[at]! << 8) | data[at + 1]!;
      if (at + 2 + length > data.length) {
        throw codecError(
          'MALFORMED_VALUE',
          `${label}: vendor-class-data claims ${length} bytes, ${data.length - at - 2} left`,
        );
      }
      at += 2 + length;
    }
  }
  if (def.code === 67 && data.length < 2) {
    throw codecError(
      'MALFORMED_VALUE',
      `${label}: pd-exclude needs a prefix length and at least one subnet-id byte`,
    );
  }
}

function fail(message: string, index: number | undefined): never {
  throw codecError('INVALID_OPTION_DATA', message, { index });
}

/**
 * Parses one option-data entry. Errors are CodecErrors (INVALID_OPTION_DATA, UNKNOWN_OPTION,
 * MALFORMED_VALUE) with messages such as
 * "option 'dns-servers' (23): '2001:db8::zz' is not an IPv6 address"; `index` is echoed back.
 */
export function parseOptionData(
  entry: OptionDataEntry,
  registry: OptionDefinitionRegistry,
  index?: number,
): ParsedOptionData {
  if (typeof entry !== 'object' || entry === null) fail('an option-data entry must be an object', index);
  const space = entry.space ?? DHCP6_SPACE;
  if (typeof space !== 'string' || !isValidOptionName(space))
    fail(`invalid option space name '${String(space)}'`, index);
  if (space === 'dhcp4') fail("'dhcp4' option space name is reserved for the DHCPv4 server", index);

  const { name, code } = entry;
  if (name !== undefined && (typeof name !== 'string' || name.includes(' ') || name === '')) {
    fail(`invalid option name '${String(name)}'`, index);
  }
  if (code !== undefined) {
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 0xffff) {
      fail(`invalid option code '${String(code)}', it must be an integer from 1 to 65535`, index);
    }
    if (code === 0 && space === DHCP6_SPACE) fail("invalid option code '0': reserved value", index);
  }
  if (name === undefined && code === undefined) {
    fail("option data configuration requires one of 'code' or 'name' parameters to be specified", index);
  }
  const csvFormat = entry['csv-format'] ?? true;
  const alwaysSend = entry['always-send'] ?? false;
  const neverSend = entry['never-send'] ?? false;
  for (const [key, value] of [
    ['csv-format', csvFormat],
    ['always-send', alwaysSend],
    ['never-send', neverSend],
  ] as const) {
    if (typeof value !== 'boolean') fail(`'${key}' must be true or false`, index);
  }
  const dataText = entry.data ?? '';
  if (typeof dataText !== 'string') fail("'data' must be a string", index);

  const def =
    typeof code === 'number' ? registry.getByCode(space, code) : registry.getByName(space, name as string);
  const where = optionLabel({
    code: (code as number | undefined) ?? def?.code ?? 0,
    space,
    name: (name as string) ?? def?.name,
  });

  if (!def) {
    if (code === undefined) {
      throw codecError(
        'UNKNOWN_OPTION',
        `option '${String(name)}' has no definition in option space '${space}'`,
        { index },
      );
    }
    if (csvFormat) {
      throw codecError(
        'UNKNOWN_OPTION',
        `${where} has no definition in option space '${space}': define it with option-def, or set csv-format to false and give the data as hex`,
        { index },
      );
    }
  } else if (name !== undefined && def.name !== name) {
    fail(
      `${where}: the name does not match the definition of code ${def.code} in space '${space}' ('${def.name}')`,
      index,
    );
  }

  let data: Uint8Array;
  let warnings: string[] = [];
  try {
    if (def && csvFormat) {
      ({ data, warnings } = encodeCsvTokens(def, splitCsv(dataText as string)));
    } else {
      const bytes = parseHexOrQuoted(dataText as string);
      if (!bytes) {
        fail(`${where}: option data is neither hexadecimal digits nor 'quoted text': '${dataText}'`, index);
      }
      data = bytes;
      // Validate the bytes against the definition; this is what Kea's option factory does.
      if (def) decodeOptionValue(def, data);
    }
    if (def) {
      if (csvFormat) decodeOptionValue(def, data);
      checkSpecialFormat(def, data);
    }
  } catch (error) {
    // Value problems are configuration errors here, whichever layer noticed them.
    if (error instanceof CodecError && (error.kind === 'MALFORMED_VALUE' || error.index === undefined)) {
      const kind = error.kind === 'MALFORMED_VALUE' ? 'INVALID_OPTION_DATA' : error.kind;
      throw new CodecError(kind, error.message, { index, cause: error });
    }
    throw error;
  }
  if (data.length > 0xffff) fail(`${where}: option data is ${data.length} bytes, more than 65535`, index);

  return {
    code: def?.code ?? (code as number),
    space,
    name: def?.name ?? (name as string | undefined),
    definition: def,
    data,
    csvFormat: csvFormat as boolean,
    alwaysSend: alwaysSend as boolean,
    neverSend: neverSend as boolean,
    warnings,
  };
}
