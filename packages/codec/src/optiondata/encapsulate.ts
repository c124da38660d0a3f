/**
 * Kea's option encapsulation at configuration time: an option whose definition encapsulates a
 * space (s46-cont-mape -> s46-cont-mape-options, vendor-opts 4491 -> vendor-4491, custom
 * containers) carries the options configured in that space, the first of each code, in
 * ascending code order. The result is each option's complete wire bytes, ready to be copied
 * into replies. (Kea 2.2 itself fills vendor-opts per reply, from the client's vendor ORO and
 * the always-send vendor options; @nestor/config therefore leaves vendor-opts out of this.)
 */
import { DHCP6_SPACE } from '../defs/standard.js';
import { codecError } from '../errors.js';
import { subOptionSpace } from '../values/option-value.js';
import type { ParsedOptionData } from './parse.js';

export interface ConfiguredOption extends ParsedOptionData {
  /** Space of the sub-options appended to `data` in `wire` ('' when none). */
  readonly encapsulatedSpace: string;
  /** The complete option: header, payload, then the encapsulated sub-options. */
  readonly wire: Uint8Array;
}

const MAX_ENCAPSULATION_DEPTH = 8;

function u32At(data: Uint8Array): number {
  return ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
}

/**
 * Builds the wire bytes of every option of one configuration scope. `options` is the parsed
 * option-data of that scope (all spaces); each result keeps its own space so the server can
 * pick dhcp6 options for replies and vendor-space options for vendor requests.
 */
export function assembleOptions(options: readonly ParsedOptionData[]): ConfiguredOption[] {
  const bySpace = new Map<string, ParsedOptionData[]>();
  for (const option of options) {
    const list = bySpace.get(option.space);
    if (list) list.push(option);
    else bySpace.set(option.space, [option]);
  }

  const build = (option: ParsedOptionData, trail: readonly string[]): ConfiguredOption => {
    let space = '';
    if (option.definition) {
      const vendorId =
        option.code === 17 && option.space === DHCP6_SPACE && option.data.length >= 4
          ? u32At(option.data)
          : undefined;
      space = vendorId === undefined ? subOptionSpace(option.definition, []) : `vendor-${vendorId}`;
    }
    // Kea never pulls a whole top-level space into an option (lq-query names dhcp6).
    if (space === DHCP6_SPACE) space = '';
    const parts: Uint8Array[] = [];
    if (space && bySpace.has(space)) {
      if (trail.includes(space) || trail.length >= MAX_ENCAPSULATION_DEPTH) {
        throw codecError(
          'INVALID_OPTION_DATA',
          `option spaces encapsulate each other: ${[...trail, space].join(' -> ')}`,
        );
      }
      // Kea keeps sub-options in a multimap keyed by code, so they go out in ascending code
      // order; its CfgOption::encapsulate adds a sub-option only when the container has none of
      // that code yet, so only the first one configured of each code goes in (a second s46-rule
      // in s46-cont-mape stays out, as kea-dhcp6 2.2 sends it).
      const firsts = new Map<number, ParsedOptionData>();
      for (const sub of bySpace.get(space)!) if (!firsts.has(sub.code)) firsts.set(sub.code, sub);
      const subs = [...firsts.values()].sort((a, b) => a.code - b.code);
      for (const sub of subs) parts.push(build(sub, [...trail, space]).wire);
    }
    const length = option.data.length + parts.reduce((n, p) => n + p.length, 0);
    if (length > 0xffff) {
      throw codecError(
        'INVALID_OPTION_DATA',
        `option ${option.code} with its sub-options is ${length} bytes, more than 65535`,
      );
    }
    const wire = new Uint8Array(4 + length);
    wire.set([option.code >> 8, option.code & 0xff, length >> 8, length & 0xff]);
    wire.set(option.data, 4);
    let at = 4 + option.data.length;
    for (const part of parts) {
      wire.set(part, at);
      at += part.length;
    }
    return { ...option, encapsulatedSpace: space, wire };
  };

  return options.map((option) => build(option, [option.space]));
}
