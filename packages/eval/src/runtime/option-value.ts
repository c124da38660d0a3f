/**
 * option[..].hex as Kea computes it: Option::toBinary(), the payload re-packed from the option
 * object Kea built when it parsed the packet. For most options that is the received bytes;
 * the differences, all verified against kea-dhcp6 2.2, are:
 *
 * - sub-options come out in ascending code order (Kea keeps them in a multimap keyed by
 *   code), for the structured options (IA_NA/TA/PD, IAADDR, IAPREFIX, vendor-opts) and for
 *   any option whose definition encapsulates a space;
 * - a string option loses its trailing NUL bytes (OptionString trims them when unpacking);
 * - an option of type empty keeps no data at all.
 */
import {
  type Dhcp6Option,
  type OptionDefinition,
  type OptionDefinitionRegistry,
  optionPayload,
} from '@nestor/codec';
import { layoutLength } from './option-layout.js';
import { trimTrailingNuls } from './values.js';

const byCode = (a: { code: number }, b: { code: number }) => a.code - b.code;

/**
 * A copy of an option as Kea holds it after parsing: sub-options (recursively) in ascending
 * code order, each raw one's payload by its own definition in the space it belongs to.
 */
function repackedTree(
  option: Dhcp6Option,
  space: string,
  definitions: OptionDefinitionRegistry,
): Dhcp6Option {
  switch (option.kind) {
    case 'ia_na':
    case 'ia_pd':
    case 'iaaddr':
    case 'iaprefix':
      return {
        ...option,
        options: option.options
          .filter((o) => o.kind !== 'raw' || !isSkippedOption(ruleOf(o.code, 'dhcp6', definitions), o.data))
          .map((o) => repackedTree(o, 'dhcp6', definitions))
          .sort(byCode),
      } as Dhcp6Option;
    case 'ia_ta':
      // Kea parses IA_TA's sub-options without definitions (see OptionReader.subOptions).
      return { ...option, options: option.options.map((o) => repackedTree(o, '', definitions)).sort(byCode) };
    case 'vendor_opts': {
      const vendorSpace = `vendor-${option.enterpriseNumber}`;
      const options = option.options
        .filter((o) => !isSkippedOption(ruleOf(o.code, vendorSpace, definitions), o.data))
        .map((o) => ({ ...o, data: rawPayload(o.code, o.data, vendorSpace, definitions) }));
      return { ...option, options: options.sort(byCode) };
    }
    case 'raw':
      return { ...option, data: rawPayload(option.code, option.data, space, definitions) };
    default:
      return option;
  }
}

/** The payload Kea's toBinary() gives for a structured (non-raw) option of `space`. */
export function repackedPayload(
  option: Dhcp6Option,
  space: string,
  definitions: OptionDefinitionRegistry,
): Uint8Array {
  return optionPayload(repackedTree(option, space, definitions));
}

/** How the received bytes of a raw option become its .hex value. */
export type PayloadRule = 'as-is' | 'trim-nuls' | 'drop' | 'repack';

const INTEGER_TYPES = new Set(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32']);

/** The rule for a raw option with this definition (undefined: no definition, as received). */
export function payloadRule(definition: OptionDefinition | undefined): PayloadRule {
  if (!definition) return 'as-is';
  if (definition.type === 'string' && !definition.array) return 'trim-nuls';
  if (definition.type === 'empty') return definition.encapsulate ? 'repack' : 'drop';
  if (definition.encapsulate) return 'repack';
  // OptionInt parses whatever follows its value as (unnamed) sub-options and re-packs them.
  if (INTEGER_TYPES.has(definition.type) && !definition.array) return 'repack';
  return 'as-is';
}

const EMPTY = new Uint8Array(0);

/**
 * Whether Kea leaves this option out of the packet it parsed: a string option that is empty
 * or only NULs fails OptionString's check with SkipThisOptionError, which drops the option but
 * keeps the packet. Such an option does not exist for expressions, nor in its parent's bytes.
 */
export function isSkippedOption(rule: PayloadRule, data: Uint8Array): boolean {
  return rule === 'trim-nuls' && trimTrailingNuls(data).length === 0;
}

/** Sub-options in code order, re-packed, each by its own definition in `space`. */
function repackOptions(
  bytes: Uint8Array,
  space: string,
  definitions: OptionDefinitionRegistry,
): Uint8Array[] {
  const options: Array<{ code: number; data: Uint8Array }> = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const code = (bytes[at]! << 8) | bytes[at + 1]!;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (at + 4 + length > bytes.length) break;
    options.push({ code, data: bytes.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  options.sort(byCode);
  const kept = options.filter(({ code, data }) => !isSkippedOption(ruleOf(code, space, definitions), data));
  return kept.map(({ code, data }) => {
    const payload = rawPayload(code, data, space, definitions);
    const out = new Uint8Array(4 + payload.length);
    out[0] = code >>> 8;
    out[1] = code & 0xff;
    out[2] = payload.length >>> 8;
    out[3] = payload.length & 0xff;
    out.set(payload, 4);
    return out;
  });
}

function ruleOf(code: number, space: string, definitions: OptionDefinitionRegistry): PayloadRule {
  return payloadRule(space ? definitions.getByCode(space, code) : undefined);
}

/** The .hex value of a raw option of `space` with code `code` and received payload `data`. */
export function rawPayload(
  code: number,
  data: Uint8Array,
  space: string,
  definitions: OptionDefinitionRegistry,
): Uint8Array {
  const definition = space ? definitions.getByCode(space, code) : undefined;
  switch (payloadRule(definition)) {
    case 'as-is':
      return data;
    case 'trim-nuls':
      return trimTrailingNuls(data);
    case 'drop':
      return EMPTY;
    default: {
      const fixed = layoutLength(definition!, data);
      if (fixed === undefined) return data; // does not fit the definition: Kea drops such packets
      const parts = [
        data.subarray(0, fixed),
        ...repackOptions(data.subarray(fixed), definition!.encapsulate, definitions),
      ];
      return Buffer.concat(parts);
    }
  }
}
