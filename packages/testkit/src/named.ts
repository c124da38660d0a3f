import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestkitError, tail } from './errors.js';
import { freePort } from './ports.js';
import { RunningProgram, runToEnd } from './process.js';

/** Debian's BIND 9, by absolute path: the DNS server D2 updates in the tests. */
export const NAMED = '/usr/sbin/named';
export const DIG = '/usr/bin/dig';

/** BIND's names of the TSIG algorithms Kea's D2 offers (tsig-keys `algorithm`, lower-cased). */
export const TSIG_ALGORITHMS = [
  'hmac-md5',
  'hmac-sha1',
  'hmac-sha224',
  'hmac-sha256',
  'hmac-sha384',
  'hmac-sha512',
] as const;
export type TsigAlgorithmName = (typeof TSIG_ALGORITHMS)[number];

export interface NamedKey {
  name: string;
  algorithm: TsigAlgorithmName;
  /** Base64. */
  secret: string;
}

export interface StartNamedOptions {
  /** Zones served as primary, e.g. "example.com." and "8.b.d.0.1.0.0.2.ip6.arpa.". */
  zones: readonly string[];
  /** Keys named.conf defines; updates are allowed with any of them and with nothing else. */
  keys: readonly NamedKey[];
  /** Extra lines per zone file (master-file text relative to the zone). */
  records?: Readonly<Record<string, readonly string[]>>;
  /** UDP/TCP port on 127.0.0.1 and ::1; a free one by default. */
  port?: number;
  /** Bound on start-up. Default 15 s. */
  timeoutMs?: number;
  /** Runs named (and dig) inside this network namespace (`ip netns exec`, which execs: the pid is named's). */
  netns?: string;
}

/** A secret of `bytes` random octets, base64 (what tsig-keygen makes). */
export function randomTsigSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64');
}

/** One key per algorithm, named "<algorithm>.key.", with fresh secrets. */
export function keyPerAlgorithm(): NamedKey[] {
  return TSIG_ALGORITHMS.map((algorithm) => ({
    name: `${algorithm}.key.`,
    algorithm,
    secret: randomTsigSecret(),
  }));
}

const withDot = (name: string) => (name.endsWith('.') ? name : `${name}.`);

function zoneFile(zone: string, extra: readonly string[]): string {
  return [
    `$ORIGIN ${withDot(zone)}`,
    '$TTL 300',
    '@ IN SOA ns.nestor.test. hostmaster.nestor.test. 1 3600 600 86400 300',
    '@ IN NS ns.nestor.test.',
    ...extra,
    '',
  ].join('\n');
}

/**
 * BIND 9 for one test: its own temporary directory (configuration, zone files, journals, pid
 * file), authoritative for the given zones, accepting RFC 2136 updates signed with one of the
 * keys only, on 127.0.0.1 and ::1 at a port of its own. Runs in the foreground (-g) as the
 * current user (no -u, so nothing changes owner), with no rndc channel. stop() ends it by its pid
 * and removes the directory, also when it never started.
 */
export class NamedServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly program: RunningProgram,
    private readonly netns: string | undefined,
  ) {}

  static async start(options: StartNamedOptions): Promise<NamedServer> {
    const dir = mkdtempSync(join(tmpdir(), 'nestor-named-'));
    let program: RunningProgram | undefined;
    try {
      const port = options.port ?? (await freePort());
      const keyNames = options.keys.map((k) => `key "${k.name}";`).join(' ');
      const conf = [
        'options {',
        `  directory "${dir}";`,
        `  pid-file "${join(dir, 'named.pid')}";`,
        `  session-keyfile "${join(dir, 'session.key')}";`,
        `  managed-keys-directory "${dir}";`,
        `  listen-on port ${port} { 127.0.0.1; };`,
        `  listen-on-v6 port ${port} { ::1; };`,
        '  recursion no;',
        '  dnssec-validation no;',
        '  notify no;',
        '  allow-query { any; };',
        '};',
        // No rndc: nothing listens but the DNS port.
        'controls { };',
        ...options.keys.map((k) => `key "${k.name}" { algorithm ${k.algorithm}; secret "${k.secret}"; };`),
        ...options.zones.map((zone, i) => {
          const file = join(dir, `zone${i}.db`);
          writeFileSync(file, zoneFile(zone, options.records?.[zone] ?? []));
          const allow = keyNames === '' ? 'none;' : keyNames;
          return `zone "${withDot(zone)}" { type primary; file "${file}"; allow-update { ${allow} }; };`;
        }),
        '',
      ].join('\n');
      const confFile = join(dir, 'named.conf');
      writeFileSync(confFile, conf);
      program = options.netns
        ? new RunningProgram('ip', ['netns', 'exec', options.netns, NAMED, '-g', '-c', confFile])
        : new RunningProgram(NAMED, ['-g', '-c', confFile]);
      const server = new NamedServer(dir, port, program, options.netns);
      try {
        // "running as: named ..." comes first; the bare "running" line means zones are loaded.
        await program.waitFor(/ running$/m, options.timeoutMs ?? 15_000);
      } catch (err) {
        throw new TestkitError('PROCESS_EXITED', `named did not start: ${tail(program.output)}`, {
          cause: err,
        });
      }
      return server;
    } catch (err) {
      await program?.stop(2_000);
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  get pid(): number {
    return this.program.pid;
  }

  get running(): boolean {
    return this.program.running;
  }

  /** What named has logged so far (stderr with -g). */
  get output(): string {
    return this.program.output;
  }

  /** `dig +short` of one name and type: the RDATA texts, sorted; [] when there is none. */
  dig(name: string, type: string, address = '127.0.0.1'): Promise<string[]> {
    return this.digShort([name, type], address);
  }

  /** The records of type `type` (PTR, DHCID...) at an address's reverse name (`dig -x`). */
  digReverse(ip: string, type = 'PTR', address = '127.0.0.1'): Promise<string[]> {
    return this.digShort(['-x', ip, type], address);
  }

  private async digShort(query: readonly string[], address: string): Promise<string[]> {
    const args = [
      `@${address}`,
      '-p',
      String(this.port),
      '+short',
      '+norecurse',
      '+time=2',
      '+tries=2',
      ...query,
    ];
    const result = this.netns
      ? await runToEnd('ip', ['netns', 'exec', this.netns, DIG, ...args], {}, 10_000)
      : await runToEnd(DIG, args, {}, 10_000);
    if (result.code !== 0)
      throw new TestkitError(
        'COMMAND_FAILED',
        `dig ${query.join(' ')} exited ${result.code}: ${result.stdout}${result.stderr}`,
      );
    return result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  }

  /** Stops named by its pid (SIGTERM, SIGKILL after the grace) and removes its directory. */
  async stop(graceMs = 5_000): Promise<void> {
    try {
      await this.program.stop(graceMs);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Kea's tsig-keys entry for a BIND key (Kea spells the algorithm in capitals). */
export function keaTsigKey(
  key: NamedKey,
  secret = key.secret,
): { name: string; algorithm: string; secret: string } {
  return { name: key.name, algorithm: key.algorithm.toUpperCase(), secret };
}

/** Where D2 sends one zone's updates: a BIND server (127.0.0.1 by default) and its port. */
export interface DdnsZoneTarget {
  zone: string;
  port: number;
  address?: string;
}

/**
 * The part of a DhcpDdns section that points D2 at BIND: the key, and one forward and one
 * reverse domain signed with it.
 */
export function d2ZonesSection(
  key: NamedKey,
  forward: DdnsZoneTarget,
  reverse: DdnsZoneTarget,
  secret = key.secret,
): Record<string, unknown> {
  const domains = (t: DdnsZoneTarget) => ({
    'ddns-domains': [
      {
        name: t.zone,
        'key-name': key.name,
        'dns-servers': [{ 'ip-address': t.address ?? '127.0.0.1', port: t.port }],
      },
    ],
  });
  return {
    'tsig-keys': [keaTsigKey(key, secret)],
    'forward-ddns': domains(forward),
    'reverse-ddns': domains(reverse),
  };
}
