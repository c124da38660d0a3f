/**
 * The built-in class Kea derives from the vendor-class option (16): VENDOR_CLASS_docsis3.0 or
 * VENDOR_CLASS_eRouter1.0 when any data item is exactly that (in this order of preference),
 * otherwise VENDOR_CLASS_ followed by the first data item; none when the option is absent or
 * carries no data (Dhcpv6Srv::classifyByVendor).
 */
import type { EvalContext } from '../runtime/packet.js';
import { VENDOR_CLASS_PREFIX } from './builtin.js';

const PREFERRED = ['docsis3.0', 'eRouter1.0'];

export function vendorClassName(context: EvalContext): string | undefined {
  const vendorClass = context.vendorClass;
  if (!vendorClass || vendorClass.data.length === 0) return undefined;
  const items = vendorClass.data.map((item) => Buffer.from(item).toString('latin1'));
  for (const special of PREFERRED) {
    if (items.includes(special)) return VENDOR_CLASS_PREFIX + special;
  }
  // Class names are UTF-8 text in the configuration, so the data is read as UTF-8 to match.
  return VENDOR_CLASS_PREFIX + Buffer.from(vendorClass.data[0]!).toString('utf8');
}
