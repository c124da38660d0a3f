import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonValue, parseKeaJson } from '../src/index.js';

/** ISC Kea 2.2's binaries, the reference for what Kea accepts. */
export const KEA_BINARIES = {
  Dhcp6: '/usr/sbin/kea-dhcp6',
  DhcpDdns: '/usr/sbin/kea-dhcp-ddns',
  'Control-agent': '/usr/sbin/kea-ctrl-agent',
} as const;

export function keaAvailable(section: keyof typeof KEA_BINARIES): boolean {
  return existsSync(KEA_BINARIES[section]);
}

/**
 * Kea's -t looks at the machine: it opens the network interfaces a configuration names and
 * loads its hook libraries, refusing what this machine lacks. Configuration checking here does
 * not (the daemons do at start-up), so before Kea sees a document its interface names point at
 * the loopback and its hook libraries are left out.
 */
function withLocalInterfaces(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withLocalInterfaces);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'hooks-libraries') continue;
    if (key === 'interface' && typeof child === 'string') out[key] = 'lo';
    else if (key === 'interfaces-config' && child && typeof child === 'object' && !Array.isArray(child))
      out[key] = { ...child, interfaces: [] };
    else out[key] = withLocalInterfaces(child);
  }
  return out;
}

/** Runs Kea's `-t` on a document; returns whether Kea accepts it and what it said. */
export function keaCheck(
  section: keyof typeof KEA_BINARIES,
  text: string,
  workDir: string,
  name: string,
): { accepted: boolean; output: string } {
  let body: string;
  try {
    body = JSON.stringify(withLocalInterfaces(parseKeaJson(text, name).value));
  } catch {
    body = text; // not even our dialect: let Kea see it as written
  }
  const file = join(workDir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.kea.json`);
  writeFileSync(file, body);
  const result = spawnSync(KEA_BINARIES[section], ['-t', file], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, KEA_PIDFILE_DIR: workDir, KEA_LOCKFILE_DIR: workDir },
  });
  return { accepted: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
