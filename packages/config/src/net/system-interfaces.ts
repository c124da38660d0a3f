import { readdirSync, readFileSync } from 'node:fs';

/**
 * The machine's network interfaces, as Kea's configuration checks see them: every interface of
 * the process's network namespace (up or down, with or without addresses) and its IPv6
 * addresses. A configuration checked without one is not checked against any machine.
 */
export interface SystemInterfaces {
  has(name: string): boolean;
  /** Whether `address` (an IPv6 address as a number) is assigned to the interface. */
  hasAddress(name: string, address: bigint): boolean;
}

/** Interface names from /proc/net/dev: two header lines, then `  name: counters...` per interface. */
export function parseProcNetDev(text: string): string[] {
  return text
    .split('\n')
    .slice(2)
    .map((line) => line.slice(0, line.indexOf(':')).trim())
    .filter((name) => name !== '');
}

/** IPv6 addresses from /proc/net/if_inet6: `<32 hex digits> <index> <plen> <scope> <flags> <name>`. */
export function parseProcIfInet6(text: string): Map<string, Set<bigint>> {
  const addresses = new Map<string, Set<bigint>>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6 || !/^[0-9a-f]{32}$/i.test(fields[0]!)) continue;
    const name = fields[5]!;
    let set = addresses.get(name);
    if (!set) {
      set = new Set();
      addresses.set(name, set);
    }
    set.add(BigInt(`0x${fields[0]}`));
  }
  return addresses;
}

/**
 * Reads the interfaces of this process's network namespace now. /proc/self/net is the kernel's
 * view of the namespace the process is in, as the interface list Kea asks the kernel for;
 * /sys/class/net shows the namespace sysfs was mounted in (the host's, for a process moved by
 * nsenter), so it is read only when /proc is not there. os.networkInterfaces() is no use: it
 * omits interfaces without addresses, which Kea counts.
 */
export function readSystemInterfaces(): SystemInterfaces {
  let names: string[];
  try {
    names = parseProcNetDev(readFileSync('/proc/self/net/dev', 'utf8'));
  } catch {
    names = readdirSync('/sys/class/net');
  }
  let addresses = new Map<string, Set<bigint>>();
  try {
    addresses = parseProcIfInet6(readFileSync('/proc/self/net/if_inet6', 'utf8'));
  } catch {
    // No IPv6 in this kernel: no interface has an IPv6 address.
  }
  const present = new Set(names);
  return {
    has: (name) => present.has(name),
    hasAddress: (name, address) => addresses.get(name)?.has(address) ?? false,
  };
}
