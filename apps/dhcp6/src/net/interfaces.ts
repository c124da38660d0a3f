import { networkInterfaces } from 'node:os';

/** One entry of `interfaces-config.interfaces`: "eth1", "eth1/2001:db8::1" or "*". */
export interface InterfaceSpec {
  name: string;
  /** A global unicast address to listen on besides the link-local one and ff02::1:2. */
  unicast?: string;
}

export function parseInterfaceSpec(entry: string): InterfaceSpec {
  const slash = entry.indexOf('/');
  if (slash < 0) return { name: entry };
  return { name: entry.slice(0, slash), unicast: entry.slice(slash + 1) };
}

/** What the server needs to know of a host interface. */
export interface HostInterface {
  name: string;
  index: number;
  loopback: boolean;
  /** The first link-local address, without scope. */
  linkLocal?: string;
  /** The interface's link-layer address, "aa:bb:cc:dd:ee:ff". */
  mac?: string;
  globals: string[];
}

/** The host's interfaces with IPv6 addresses (an interface that is down has none and is absent). */
export function detectInterfaces(): Map<string, HostInterface> {
  const found = new Map<string, HostInterface>();
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (!addresses) continue;
    const host: HostInterface = { name, index: 0, loopback: false, globals: [] };
    for (const a of addresses) {
      if (a.family !== 'IPv6') continue;
      host.loopback ||= a.internal;
      if (a.mac && a.mac !== '00:00:00:00:00:00') host.mac = a.mac;
      if (a.address.startsWith('fe80:')) {
        host.linkLocal ??= a.address;
        host.index = a.scopeid ?? 0;
      } else {
        host.globals.push(a.address);
      }
    }
    if (host.linkLocal !== undefined || host.globals.length > 0) found.set(name, host);
  }
  return found;
}

/** A listening plan for one interface: where to bind. */
export interface InterfacePlan {
  name: string;
  /** Join ff02::1:2 and bind it (not on loopback, which has no multicast). */
  multicast: boolean;
  /** Unicast addresses to bind: the link-local one (with scope) and any configured global one. */
  unicast: string[];
}

export interface PlanResult {
  plans: InterfacePlan[];
  problems: string[];
}

/**
 * Resolves the configured interface list against the host's interfaces, as Kea does: "*" means
 * every interface but loopback; loopback serves only when named, on ::1 (or its configured address);
 * an interface needs a link-local address or a configured unicast address.
 */
export function planInterfaces(entries: readonly string[], host: Map<string, HostInterface>): PlanResult {
  const specs = entries.map(parseInterfaceSpec);
  const wanted = new Map<string, string | undefined>();
  for (const spec of specs) {
    if (spec.name === '*') {
      for (const h of host.values()) if (!h.loopback && !wanted.has(h.name)) wanted.set(h.name, undefined);
    } else {
      wanted.set(spec.name, spec.unicast ?? wanted.get(spec.name));
    }
  }
  const plans: InterfacePlan[] = [];
  const problems: string[] = [];
  for (const [name, unicast] of wanted) {
    const h = host.get(name);
    if (!h) {
      problems.push(`interface ${name} not found or has no IPv6 address`);
      continue;
    }
    const addresses: string[] = [];
    if (h.loopback) {
      addresses.push(unicast ?? '::1');
    } else {
      if (h.linkLocal) addresses.push(`${h.linkLocal}%${name}`);
      if (unicast) addresses.push(unicast);
    }
    if (addresses.length === 0) {
      problems.push(`interface ${name} has no link-local address and no unicast address is configured`);
      continue;
    }
    plans.push({ name, multicast: !h.loopback, unicast: addresses });
  }
  return { plans, problems };
}
