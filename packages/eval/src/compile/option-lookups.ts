/**
 * Compiles the option look-ups of the grammar: option[code], option[code].option[sub],
 * relay6[nest].option[code] and vendor[id].option[code], as .hex, .text or .exists. What can
 * be decided statically (the payload rule of a code of the dhcp6 space) is decided here.
 */
import type { Dhcp6Option, VendorOptsOption } from '@nestor/codec';
import type { OptionRepresentation } from '../ast.js';
import type { LocatedOption, OptionReader } from '../runtime/option-reader.js';
import type { PayloadRule } from '../runtime/option-value.js';
import type { EvalContext } from '../runtime/packet.js';
import { bytesToLatin1 } from '../runtime/values.js';
import { vendorOpts } from '../runtime/vendor.js';
import type { CompiledString } from './compiled.js';

/** How a look-up finds its option (and the option space that defines it) in a packet. */
export type Locate = (context: EvalContext) => LocatedOption;

const EMPTY = new Uint8Array(0);
const NOT_FOUND: LocatedOption = { option: undefined, space: '' };

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

  option(code: number): Locate {
    const find = this.topLevel(code);
    return (c) => {
      const option = find(c);
      return option === undefined ? NOT_FOUND : { option, space: 'dhcp6' };
    };
  }

  subOption(code: number, subCode: number): Locate {
    const reader = this.reader;
    const parentOf = this.topLevel(code);
    return (c) => {
      const parent = reader.subOptions(parentOf(c));
      const option = reader.find(parent.options, subCode, parent.space);
      return option === undefined ? NOT_FOUND : { option, space: parent.space };
    };
  }

  relayOption(nest: number, code: number): Locate {
    const reader = this.reader;
    const rule = reader.ruleFor('dhcp6', code);
    return (c) => {
      const relay = c.relay(nest);
      const option = relay && reader.find(relay.options, code, 'dhcp6', rule);
      return option === undefined ? NOT_FOUND : { option, space: 'dhcp6' };
    };
  }

  /** vendor[enterprise].option[code]: a sub-option of the first vendor-opts, if of that vendor. */
  vendorOption(enterprise: number, code: number): Locate {
    const reader = this.reader;
    return (c) => {
      const vendor = matchingVendor(c, enterprise);
      if (vendor === undefined) return NOT_FOUND;
      const space = `vendor-${vendor.enterpriseNumber}`;
      const option = reader.find(vendor.options, code, space);
      return option === undefined ? NOT_FOUND : { option, space };
    };
  }

  /** .hex or .text of a located option; '' when there is none. */
  value(locate: Locate, representation: OptionRepresentation, rule?: PayloadRule): CompiledString {
    const reader = this.reader;
    if (representation === 'hex') {
      const bytes = (c: EvalContext): Uint8Array => {
        const { option, space } = locate(c);
        return option === undefined ? EMPTY : reader.hex(c, option, space, rule);
      };
      return { evaluate: (c) => bytesToLatin1(bytes(c)), bytes, canFail: false };
    }
    return {
      evaluate: (c) => {
        const { option, space } = locate(c);
        return option === undefined ? '' : reader.text(c, option, space, rule);
      },
      canFail: false,
    };
  }
}
