/**
 * Compiles the option look-ups of the grammar: option[code], option[code].option[sub],
 * relay6[nest].option[code] and vendor[id].option[code], as .hex, .text or .exists. What can
 * be decided statically (the payload rule of a code of the dhcp6 space) is decided here.
 */
import type { Dhcp6Option, VendorOptsOption } from '@nestor/codec';
import type { OptionRepresentation } from '../ast.js';
import type { OptionReader } from '../runtime/option-reader.js';
import type { PayloadRule } from '../runtime/option-value.js';
import type { EvalContext } from '../runtime/packet.js';
import { bytesToLatin1, rangeEquals } from '../runtime/values.js';
import { vendorOpts } from '../runtime/vendor.js';
import type { CompiledBool, CompiledString } from './compiled.js';

/**
 * How a look-up finds its option in a packet, and the option space whose definitions
 * describe what it found. `spaceOfLast` is the space of the last find(): a look-up runs
 * synchronously and never re-enters itself, so keeping it aside avoids building an object per
 * evaluation on the hot path.
 */
export interface Lookup {
  readonly find: (context: EvalContext) => Dhcp6Option | undefined;
  readonly spaceOfLast: () => string;
  /** The payload rule, when the code and space are known statically. */
  readonly rule?: PayloadRule;
}

const EMPTY = new Uint8Array(0);
const dhcp6Space = () => 'dhcp6';

/** The vendor-opts option if present and of the wanted enterprise (0: any). Kea looks at the first only. */
export function matchingVendor(context: EvalContext, enterprise: number): VendorOptsOption | undefined {
  const vendor = vendorOpts(context.option(17));
  return vendor && (enterprise === 0 || vendor.enterpriseNumber === enterprise) ? vendor : undefined;
}

export class OptionLookups {
  constructor(readonly reader: OptionReader) {}

  /** option[code] of the client message; the common case (no option Kea may skip) is a plain scan. */
  topLevel(code: number): (context: EvalContext) => Dhcp6Option | undefined {
    const rule = this.reader.ruleFor('dhcp6', code);
    if (rule !== 'trim-nuls') return (c) => c.option(code);
    const reader = this.reader;
    return (c) => reader.find(c.options, code, 'dhcp6', rule);
  }

  option(code: number): Lookup {
    return { find: this.topLevel(code), spaceOfLast: dhcp6Space, rule: this.reader.ruleFor('dhcp6', code) };
  }

  subOption(code: number, subCode: number): Lookup {
    const reader = this.reader;
    const parentOf = this.topLevel(code);
    let space = '';
    return {
      find: (c) => {
        const parent = reader.subOptions(parentOf(c));
        space = parent.space;
        return reader.find(parent.options, subCode, space);
      },
      spaceOfLast: () => space,
    };
  }

  relayOption(nest: number, code: number): Lookup {
    const reader = this.reader;
    const rule = reader.ruleFor('dhcp6', code);
    return {
      find: (c) => {
        const relay = c.relay(nest);
        return relay && reader.find(relay.options, code, 'dhcp6', rule);
      },
      spaceOfLast: dhcp6Space,
      rule,
    };
  }

  /** vendor[enterprise].option[code]: a sub-option of the first vendor-opts, if of that vendor. */
  vendorOption(enterprise: number, code: number): Lookup {
    const reader = this.reader;
    let space = '';
    return {
      find: (c) => {
        const vendor = matchingVendor(c, enterprise);
        if (vendor === undefined) return undefined;
        space = `vendor-${vendor.enterpriseNumber}`;
        return reader.find(vendor.options, code, space);
      },
      spaceOfLast: () => space,
    };
  }

  exists(lookup: Lookup): CompiledBool {
    const find = lookup.find;
    return { evaluate: (c) => find(c) !== undefined, canFail: false };
  }

  /** .hex or .text of the option a look-up finds; '' when there is none. */
  value(lookup: Lookup, representation: OptionRepresentation): CompiledString {
    const reader = this.reader;
    const { find, spaceOfLast, rule } = lookup;
    if (representation === 'hex') {
      const bytes = (c: EvalContext): Uint8Array => {
        const option = find(c);
        return option === undefined ? EMPTY : reader.hex(c, option, spaceOfLast(), rule);
      };
      const equalsConstant = (c: EvalContext, expected: Uint8Array): boolean => {
        const actual = bytes(c);
        return rangeEquals(actual, 0, actual.length, expected);
      };
      return { evaluate: (c) => bytesToLatin1(bytes(c)), bytes, equalsConstant, canFail: false };
    }
    return {
      evaluate: (c) => {
        const option = find(c);
        return option === undefined ? '' : reader.text(c, option, spaceOfLast(), rule);
      },
      canFail: false,
    };
  }
}
