import type { Dhcp6Option, RelayLayer } from '@nestor/codec';

/** OPTION_VENDOR_CLASS (RFC 8415 section 21.16): enterprise-number, then length-value tuples. */
const VENDOR_CLASS = 16;

/**
 * Why Kea 2.2 could not parse this vendor-class option's data, or undefined when it can. Kea
 * reads option 16 as an enterprise number followed by opaque-data tuples, each a 2-byte length
 * and that many bytes. A tuple longer than what is left fails the whole message, unless
 * compatibility.lenient-option-parsing is set: the tuple then takes the rest of the option (RAD
 * MiNID and others send such). A 4-byte enterprise number and each tuple's length field must be
 * there whatever the setting.
 */
export function vendorClassProblem(data: Uint8Array, lenient: boolean): string | undefined {
  if (data.length < 4) return `parsed Vendor Class option data truncated to size ${data.length}`;
  let at = 4;
  while (at < data.length) {
    const left = data.length - at;
    if (left < 2)
      return `unable to parse the opaque data tuple, the buffer length is ${left}, expected at least 2`;
    const length = (data[at]! << 8) | data[at + 1]!;
    if (left - 2 < length) {
      if (!lenient)
        return `unable to parse the opaque data tuple, the buffer length is ${left - 2}, but the tuple length is ${length}`;
      return undefined; // the rest of the option is this tuple's value
    }
    at += 2 + length;
  }
  return undefined;
}

function firstProblem(options: readonly Dhcp6Option[], lenient: boolean): string | undefined {
  for (const option of options) {
    if (option.code !== VENDOR_CLASS || option.kind !== 'raw') continue;
    const problem = vendorClassProblem(option.data, lenient);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The first vendor-class option of a message (its own options or a relay layer's, all of which
 * Kea parses on receipt) that Kea 2.2 fails to parse, with the reason; undefined when none.
 */
export function messageVendorClassProblem(
  options: readonly Dhcp6Option[],
  relays: readonly RelayLayer[],
  lenient: boolean,
): string | undefined {
  return (
    firstProblem(options, lenient) ??
    relays.reduce<string | undefined>((found, r) => found ?? firstProblem(r.options, lenient), undefined)
  );
}
