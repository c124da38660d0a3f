import { isIP } from 'node:net';
import { prefixMask, toBigInt } from '@nestor/codec';
import type { Subnet6 } from '@nestor/config';
import { canonicalIPv6, LeaseType } from '@nestor/leases';
import { CommandArgumentError } from '../arguments.js';

/** Kea's lease type names as the lease commands take them. */
const TYPE_BY_NAME: Readonly<Record<string, LeaseType>> = {
  IA_NA: LeaseType.NA,
  IA_TA: LeaseType.TA,
  IA_PD: LeaseType.PD,
};

/** `"IA_NA"`, `"IA_TA"` or `"IA_PD"` to the lease type; anything else is refused. */
export function leaseTypeOf(text: string): LeaseType {
  const type = TYPE_BY_NAME[text];
  if (type === undefined) {
    throw new CommandArgumentError(
      `Incorrect lease type: ${text}, the only supported values are: IA_NA, IA_TA and IA_PD`,
    );
  }
  return type;
}

/** An IPv6 address in canonical text; IPv4 and garbage are refused with Kea's two texts. */
export function ipv6Address(text: string): string {
  const canonical = canonicalIPv6(text);
  if (canonical !== undefined) return canonical;
  if (isIP(text) === 4) throw new CommandArgumentError(`Non-IPv6 address specified: ${text}`);
  throw new CommandArgumentError(`Failed to convert string to address '${text}': Invalid argument`);
}

/** Is the address inside the subnet's prefix (host bits of the configured prefix ignored)? */
export function subnetHolds(subnet: Subnet6, address: string): boolean {
  const mask = prefixMask(subnet.prefix.length);
  return (toBigInt(address) & mask) === (subnet.prefix.address & mask);
}
