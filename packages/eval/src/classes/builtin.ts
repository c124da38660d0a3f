/**
 * Kea 2.2's built-in client classes (dhcpsrv/client_class_def.cc): names and prefixes that
 * member() may always refer to, and that a configuration may not give a test. DROP is special
 * but not built in: it must be defined (with a test) to be used.
 */

/** Classes the server assigns itself (BOOTP is DHCPv4's, kept so the check matches Kea's). */
export const BUILTIN_CLASS_NAMES: readonly string[] = ['ALL', 'KNOWN', 'UNKNOWN', 'BOOTP'];

/** Prefixes of classes assigned by the server or by hook libraries. */
export const BUILTIN_CLASS_PREFIXES: readonly string[] = ['VENDOR_CLASS_', 'HA_', 'AFTER_', 'EXTERNAL_'];

/** The class that makes the server drop the packet when assigned. */
export const DROP_CLASS = 'DROP';

/** The prefix of the class derived from the vendor-class option (16). */
export const VENDOR_CLASS_PREFIX = 'VENDOR_CLASS_';

/** Whether `name` is built in: one of the names, or a prefix followed by at least one character. */
export function isBuiltinClass(name: string): boolean {
  if (BUILTIN_CLASS_NAMES.includes(name)) return true;
  return BUILTIN_CLASS_PREFIXES.some((prefix) => name.length > prefix.length && name.startsWith(prefix));
}
