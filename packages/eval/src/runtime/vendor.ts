/**
 * The vendor options as Kea's vendor tokens see them: the first vendor-class (16) and the
 * first vendor-opts (17) of the client message. A vendor-class whose tuples do not parse is
 * one Kea could not have built an OptionVendorClass from, so it counts as absent.
 */
import { type Dhcp6Option, decodeVendorClass, type VendorOptsOption } from '@nestor/codec';

export interface VendorClass {
  readonly enterpriseNumber: number;
  readonly data: readonly Uint8Array[];
}

export function parseVendorClass(option: Dhcp6Option | undefined): VendorClass | undefined {
  if (option?.kind !== 'raw') return undefined;
  try {
    return decodeVendorClass(option.data);
  } catch {
    return undefined; // truncated enterprise number or tuple
  }
}

export function vendorOpts(option: Dhcp6Option | undefined): VendorOptsOption | undefined {
  return option?.kind === 'vendor_opts' ? option : undefined;
}
