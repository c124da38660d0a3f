import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ISC_KEA_DHCP6 } from './dhcp-server.js';
import { TestkitError, tail } from './errors.js';
import { sendControlCommand } from './kea-control.js';
import type { Lease6Row } from './lease-csv.js';
import { RunningProgram } from './process.js';
import { waitUntil } from './wait.js';

/** Debian's path of Kea 2.2's lease commands hook (lease6-get-all and friends). */
export const ISC_LEASE_CMDS_HOOK = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so';

/** A lease as Kea's lease6-get-all returns it. */
export interface KeaLease6 {
  'ip-address': string;
  duid: string;
  iaid: number;
  'valid-lft': number;
  'preferred-lft': number;
  cltt: number;
  'subnet-id': number;
  type: 'IA_NA' | 'IA_TA' | 'IA_PD';
  'prefix-len'?: number;
  'fqdn-fwd': boolean;
  'fqdn-rev': boolean;
  hostname: string;
  'hw-address'?: string;
  state: number;
  'user-context'?: unknown;
}

export interface ReadLeasesOptions {
  /** The lease6 CSV to load; F.1 and F.2 beside it are loaded too (as Kea does after LFC). */
  leaseFile: string;
  /** Kea's lease-checks (sanity-checks). Default "none": report the file as it is. */
  leaseChecks?: 'none' | 'warn' | 'fix' | 'fix-del' | 'del';
  /** Extra Dhcp6 members (e.g. subnet6) merged into the generated config. */
  dhcp6?: Record<string, unknown>;
  keaDhcp6?: string;
  leaseCmdsHook?: string;
  /** Bound on the whole exchange. Default 15 s. */
  timeoutMs?: number;
}

export interface KeaLeaseReading {
  leases: KeaLease6[];
  /** Kea's log while it ran (load warnings and errors are here). */
  log: string;
}

const LEASE_TYPES: Record<number, KeaLease6['type']> = { 0: 'IA_NA', 1: 'IA_TA', 2: 'IA_PD' };

/**
 * Starts ISC kea-dhcp6 on a copy of a lease file (copies, so the original is never appended to
 * or rotated), with no interfaces (no DHCP traffic at all), the lease_cmds hook and a unix
 * control socket, asks it for lease6-get-all and stops it by pid. This is the oracle for "Kea
 * loads the file Nestor wrote and serves the same leases".
 */
export async function readLeasesWithKea(options: ReadLeasesOptions): Promise<KeaLeaseReading> {
  const keaDhcp6 = options.keaDhcp6 ?? ISC_KEA_DHCP6;
  const hook = options.leaseCmdsHook ?? ISC_LEASE_CMDS_HOOK;
  for (const [what, path] of [
    ['kea-dhcp6', keaDhcp6],
    ['lease_cmds hook', hook],
    ['lease file', options.leaseFile],
  ] as const)
    if (!existsSync(path)) throw new TestkitError('BAD_INPUT', `${what} not found: ${path}`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  const dir = mkdtempSync(join(tmpdir(), 'nestor-kea-leases-'));
  let kea: RunningProgram | undefined;
  try {
    const leaseCopy = join(dir, 'leases6.csv');
    copyFileSync(options.leaseFile, leaseCopy);
    for (const suffix of ['.1', '.2'])
      if (existsSync(options.leaseFile + suffix))
        copyFileSync(options.leaseFile + suffix, leaseCopy + suffix);
    const socketPath = join(dir, 'control.sock');
    const logPath = join(dir, 'kea.log');
    const config = {
      Dhcp6: {
        'interfaces-config': { interfaces: [] },
        'data-directory': dir,
        'lease-database': { type: 'memfile', persist: true, name: leaseCopy, 'lfc-interval': 0 },
        'sanity-checks': { 'lease-checks': options.leaseChecks ?? 'none' },
        // no reclamation while we look: expired leases must be reported as the file has them
        'expired-leases-processing': {
          'reclaim-timer-wait-time': 3600,
          'flush-reclaimed-timer-wait-time': 0,
        },
        'control-socket': { 'socket-type': 'unix', 'socket-name': socketPath },
        'hooks-libraries': [{ library: hook }],
        loggers: [{ name: 'kea-dhcp6', output_options: [{ output: logPath }], severity: 'INFO' }],
        ...options.dhcp6,
      },
    };
    const configPath = join(dir, 'kea-dhcp6.json');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    kea = new RunningProgram(keaDhcp6, ['-c', configPath], { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir });
    const running = kea;
    await waitUntil(() => existsSync(socketPath), {
      timeoutMs: Math.max(0, deadline - Date.now()),
      intervalMs: 50,
      what: `kea-dhcp6 control socket ${socketPath}`,
      abortIf: () =>
        running.running ? undefined : `kea-dhcp6 exited:\n${tail(running.output + readLog(logPath))}`,
    });
    const answer = await sendControlCommand(
      socketPath,
      'lease6-get-all',
      undefined,
      Math.max(1, deadline - Date.now()),
    );
    const log = readLog(logPath);
    if (answer.result === 3) return { leases: [], log };
    const leases = (answer.arguments as { leases?: unknown } | undefined)?.leases;
    if (answer.result !== 0 || !Array.isArray(leases))
      throw new TestkitError('CONTROL', `lease6-get-all answered ${JSON.stringify(answer).slice(0, 500)}`);
    return { leases: leases as KeaLease6[], log };
  } finally {
    await kea?.stop(3_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** JSON with object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One lease in a shape both a CSV row and a Kea answer map onto, for comparison. */
export interface ComparableLease6 {
  address: string;
  type: KeaLease6['type'];
  prefixLen: number;
  duid: string;
  iaid: number;
  subnetId: number;
  validLifetime: number;
  preferredLifetime: number;
  cltt: number;
  state: number;
  hostname: string;
  hwaddr: string;
  fqdnFwd: boolean;
  fqdnRev: boolean;
  /** Parsed user context, or null when there is none. */
  userContext: unknown;
}

export function comparableFromKea(lease: KeaLease6): ComparableLease6 {
  return {
    address: lease['ip-address'].toLowerCase(),
    type: lease.type,
    prefixLen: lease.type === 'IA_PD' ? (lease['prefix-len'] ?? 0) : 128,
    duid: lease.duid.toLowerCase(),
    iaid: lease.iaid,
    subnetId: lease['subnet-id'],
    validLifetime: lease['valid-lft'],
    preferredLifetime: lease['preferred-lft'],
    cltt: lease.cltt,
    state: lease.state,
    hostname: lease.hostname ?? '',
    hwaddr: (lease['hw-address'] ?? '').toLowerCase(),
    fqdnFwd: lease['fqdn-fwd'],
    fqdnRev: lease['fqdn-rev'],
    userContext: lease['user-context'] ?? null,
  };
}

export function comparableFromRow(row: Lease6Row): ComparableLease6 {
  const type = LEASE_TYPES[row.leaseType];
  if (type === undefined)
    throw new TestkitError('PARSE', `line ${row.line}: unknown lease_type ${row.leaseType}`);
  let userContext: unknown = null;
  if (row.userContext !== '') {
    try {
      userContext = JSON.parse(row.userContext);
    } catch (cause) {
      throw new TestkitError('PARSE', `line ${row.line}: user_context is not JSON: ${row.userContext}`, {
        cause,
      });
    }
  }
  return {
    address: row.address,
    type,
    prefixLen: type === 'IA_PD' ? row.prefixLen : 128,
    duid: row.duid,
    iaid: row.iaid,
    subnetId: row.subnetId,
    validLifetime: row.validLifetime,
    preferredLifetime: row.prefLifetime,
    cltt: row.cltt,
    state: row.state,
    hostname: row.hostname,
    hwaddr: row.hwaddr,
    fqdnFwd: row.fqdnFwd,
    fqdnRev: row.fqdnRev,
    userContext,
  };
}

/**
 * Differences between two lease sets keyed by address, one readable line each; [] when they
 * hold the same leases with the same fields.
 */
export function diffLeaseSets(
  expected: readonly ComparableLease6[],
  actual: readonly ComparableLease6[],
): string[] {
  const index = (list: readonly ComparableLease6[]) => new Map(list.map((l) => [l.address, l]));
  const want = index(expected);
  const got = index(actual);
  const out: string[] = [];
  for (const [address, lease] of want) {
    const other = got.get(address);
    if (!other) {
      out.push(`${address}: missing`);
      continue;
    }
    for (const key of Object.keys(lease) as (keyof ComparableLease6)[]) {
      const a = canonicalJson(lease[key]);
      const b = canonicalJson(other[key]);
      if (a !== b) out.push(`${address}: ${key} expected ${a}, got ${b}`);
    }
  }
  for (const address of got.keys()) if (!want.has(address)) out.push(`${address}: unexpected`);
  return out;
}
