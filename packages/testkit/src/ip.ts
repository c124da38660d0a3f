import { TestkitError } from './errors.js';
import { runChecked } from './exec.js';
import { isAlive, stopPids } from './pids.js';

/** One address as `ip -j addr` reports it. */
export interface InterfaceAddress {
  address: string;
  prefixLength: number;
  scope: string;
  tentative: boolean;
}

/** Parses `ip -j -6 addr show` output into the addresses of its interfaces. */
export function parseIpAddrJson(json: string): InterfaceAddress[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json === '' ? '[]' : json);
  } catch (cause) {
    throw new TestkitError('PARSE', `ip -j addr printed something that is not JSON: ${json.slice(0, 200)}`, {
      cause,
    });
  }
  if (!Array.isArray(parsed)) throw new TestkitError('PARSE', 'ip -j addr did not print an array');
  const out: InterfaceAddress[] = [];
  for (const link of parsed as { addr_info?: unknown }[]) {
    if (!Array.isArray(link.addr_info)) continue;
    for (const info of link.addr_info as Record<string, unknown>[]) {
      if (typeof info['local'] !== 'string' || typeof info['prefixlen'] !== 'number') continue;
      out.push({
        address: info['local'],
        prefixLength: info['prefixlen'],
        scope: typeof info['scope'] === 'string' ? info['scope'] : '',
        tentative: info['tentative'] === true,
      });
    }
  }
  return out;
}

/**
 * Local ports of the sockets listed in /proc/net/udp and /proc/net/udp6 (a bound socket's
 * local_address is HEXADDR:HEXPORT).
 */
export function parseProcNetUdpPorts(text: string): Set<number> {
  const ports = new Set<number>();
  for (const line of text.split('\n')) {
    const match = /^\s*\d+:\s+[0-9A-Fa-f]+:([0-9A-Fa-f]{4})\s/.exec(line);
    if (match) ports.add(Number.parseInt(match[1]!, 16));
  }
  return ports;
}

/** Names listed by `ip netns list` ("name (id: 3)" or just "name"). */
export function parseNetnsList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

export async function listNamespaces(): Promise<string[]> {
  return parseNetnsList((await runChecked('ip', ['netns', 'list'])).stdout);
}

/** Pids of the processes inside a namespace (empty when it is gone). */
export async function namespacePids(namespace: string): Promise<number[]> {
  try {
    const { stdout } = await runChecked('ip', ['netns', 'pids', namespace]);
    return stdout
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((pid) => Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid);
  } catch {
    return [];
  }
}

/**
 * Last-resort cleanup for namespaces a crashed run left behind: stops every process inside
 * each (by pid, TERM then KILL) and deletes it. Returns the names it removed.
 */
export async function sweepNamespaces(names: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    const pids = (await namespacePids(name)).filter(isAlive);
    if (pids.length > 0) await stopPids(pids, 2_000);
    try {
      await runChecked('ip', ['netns', 'del', name]);
      removed.push(name);
    } catch {
      // reported by the caller's own check of what is left
    }
  }
  return removed;
}
