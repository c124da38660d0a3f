/**
 * Reads options the way Kea's evaluator sees them: the option objects Kea built when it parsed
 * the packet, not the received bytes. Kea re-packs those objects for .hex (Option::toBinary),
 * prints them for .text (Option::toString) and sums their packed sizes for pkt.len
 * (Pkt6::len), so all three go through the same payload rules (option-value.ts). One reader
 * per configuration: it holds the option definitions, which decide those rules.
 */
import { type Dhcp6Option, decodeOptionValue, type OptionDefinitionRegistry } from '@nestor/codec';
import { OptionTextFormatter } from './option-text.js';
import {
  isSkippedOption,
  type PayloadRule,
  payloadRule,
  rawPayload,
  repackedPayload,
} from './option-value.js';
import type { EvalContext } from './packet.js';
import { trimTrailingNuls } from './values.js';

const EMPTY = new Uint8Array(0);
const NO_OPTIONS: readonly Dhcp6Option[] = [];

/** An option found by a lookup, with the option space whose definitions describe it. */
export interface LocatedOption {
  readonly option: Dhcp6Option | undefined;
  readonly space: string;
}

/** The size of the relay-forward header (type, hop count, link and peer addresses). */
const RELAY_HEADER = 34;

export class OptionReader {
  private readonly formatter: OptionTextFormatter;

  constructor(readonly definitions: OptionDefinitionRegistry) {
    this.formatter = new OptionTextFormatter(definitions);
  }

  /** The payload rule of option `code` of `space`, when it can be fixed at compile time. */
  ruleFor(space: string, code: number): PayloadRule {
    return payloadRule(space ? this.definitions.getByCode(space, code) : undefined);
  }

  /**
   * The first option with `code` among `options` of `space`, as Kea's getOption() finds it in
   * the option objects it built: a string option Kea skipped while parsing (see
   * isSkippedOption) is not there. `rule` is the code's payload rule when known statically.
   */
  find(
    options: readonly Dhcp6Option[],
    code: number,
    space: string,
    rule?: PayloadRule,
  ): Dhcp6Option | undefined {
    const applied = rule ?? this.ruleFor(space, code);
    for (let i = 0; i < options.length; i++) {
      const option = options[i]!;
      if (option.code !== code) continue;
      if (applied === 'trim-nuls' && option.kind === 'raw' && isSkippedOption(applied, option.data)) continue;
      return option;
    }
    return undefined;
  }

  /**
   * The .hex bytes of an option: a raw one by its definition's rule (`rule`, when the caller
   * already knows it), a structured one re-encoded with its sub-options in code order. Derived
   * values are computed once per packet (EvalContext.memo).
   */
  hex(context: EvalContext, option: Dhcp6Option, space: string, rule?: PayloadRule): Uint8Array {
    if (option.kind !== 'raw')
      return context.memo(option, () => repackedPayload(option, space, this.definitions));
    switch (rule ?? this.ruleFor(space, option.code)) {
      case 'as-is':
        return option.data;
      case 'trim-nuls':
        return trimTrailingNuls(option.data);
      case 'drop':
        return EMPTY;
      default:
        return context.memo(option, () => rawPayload(option.code, option.data, space, this.definitions));
    }
  }

  /** The .text of an option (Kea's Option::toString()). */
  text(context: EvalContext, option: Dhcp6Option, space: string, rule?: PayloadRule): string {
    return this.formatter.toString(option.code, this.hex(context, option, space, rule), space);
  }

  /**
   * The sub-options of an option, as Kea's Option::getOption(code) searches them, and their
   * space: IA and address options carry dhcp6 options, vendor-opts those of its vendor, and an
   * option whose definition encapsulates a space carries that space's options.
   */
  subOptions(option: Dhcp6Option | undefined): { options: readonly Dhcp6Option[]; space: string } {
    if (option === undefined) return { options: NO_OPTIONS, space: '' };
    switch (option.kind) {
      case 'ia_na':
      case 'ia_pd':
      case 'iaaddr':
      case 'iaprefix':
        return { options: option.options, space: 'dhcp6' };
      case 'ia_ta':
        // Kea builds IA_TA as a plain uint32 option: its sub-options have no definitions.
        return { options: option.options, space: '' };
      case 'vendor_opts':
        return { options: option.options, space: `vendor-${option.enterpriseNumber}` };
      case 'raw': {
        const definition = this.definitions.getByCode('dhcp6', option.code);
        if (!definition?.encapsulate) return { options: NO_OPTIONS, space: '' };
        try {
          return {
            options: decodeOptionValue(definition, option.data).options,
            space: definition.encapsulate,
          };
        } catch {
          return { options: NO_OPTIONS, space: '' };
        }
      }
      default:
        return { options: NO_OPTIONS, space: '' };
    }
  }

  /**
   * pkt.len: Kea's Pkt6::len(), the size of the message as Kea would pack it again from the
   * options it parsed. That is the datagram's size unless a payload rule shortened an option
   * (trailing NULs of a string, data of an empty-type option), so it is computed, once.
   */
  wireLength(context: EvalContext): number {
    return context.memoNumber('wire-length', () => {
      let length = 4 + this.optionsLength(context, context.options);
      const relays = context.packet.relays;
      for (let i = relays.length - 1; i >= 0; i--) {
        // Each layer: header, its own options, then the relay-msg option around the inner part.
        length = RELAY_HEADER + this.optionsLength(context, relays[i]!.options) + 4 + length;
      }
      return length;
    });
  }

  private optionsLength(context: EvalContext, options: readonly Dhcp6Option[]): number {
    let total = 0;
    for (const option of options) {
      const rule = this.ruleFor('dhcp6', option.code);
      if (option.kind === 'raw' && isSkippedOption(rule, option.data)) continue;
      total += this.headerLength(option.code) + this.hex(context, option, 'dhcp6', rule).length;
    }
    return total;
  }

  /**
   * The header size Kea counts for a dhcp6 option: 4, except for an ipv4-address array, which
   * Kea builds as a DHCPv4 address-list option (Option4AddrLst) with a 2-byte header.
   */
  private headerLength(code: number): number {
    const definition = this.definitions.getByCode('dhcp6', code);
    return definition?.type === 'ipv4-address' && definition.array ? 2 : 4;
  }
}
