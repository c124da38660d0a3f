import { prefixMask, toBigInt } from '@nestor/codec';
import type { Subnet6 } from '@nestor/config';
import { CommandArgumentError } from '@nestor/control';
import { LeaseType } from '@nestor/leases';

/**
 * The lease type of lease6-add and lease6-update. (Kea's refusal names the types by other names
 * than those it takes; the words are kept.)
 */
export function addedLeaseType(text: string): LeaseType {
  switch (text) {
    case 'IA_NA':
      return LeaseType.NA;
    case 'IA_TA':
      return LeaseType.TA;
    case 'IA_PD':
      return LeaseType.PD;
    default:
      throw new CommandArgumentError(
        `Incorrect lease type: ${text}, the only supported values are: na, ta and pd`,
      );
  }
}

/**
 * The lease type a lease6-get, lease6-del or a lease6-bulk-apply deletion asks for, by name or
 * by Kea's number as text ("0" to "3"). "V4" is a type of Kea's too: asked of a DHCPv6 server it
 * finds nothing, hence `undefined`.
 */
export function queriedLeaseType(text: string): LeaseType | undefined {
  switch (text) {
    case 'IA_NA':
    case '0':
      return LeaseType.NA;
    case 'IA_TA':
    case '1':
      return LeaseType.TA;
    case 'IA_PD':
    case '2':
      return LeaseType.PD;
    case 'V4':
    case '3':
      return undefined;
    default:
      throw new CommandArgumentError(
        `Invalid lease type specified: ${text}, only supported values are: IA_NA, IA_TA, IA_PD and V4`,
      );
  }
}

/** Is the address inside the subnet's prefix (host bits of the configured prefix ignored)? */
export function subnetHolds(subnet: Subnet6, address: string): boolean {
  const mask = prefixMask(subnet.prefix.length);
  return (toBigInt(address) & mask) === (subnet.prefix.address & mask);
}

/** Kea lowercases a hostname byte by byte: ASCII letters only, the rest as given. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
