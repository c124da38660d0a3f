import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { type ConflictResolutionMode, dhcidFromDuid, type NameChangeRequest, NcrSender } from '@nestor/ncr';
import {
  type DaemonDirs,
  keaTsigKey,
  keyPerAlgorithm,
  type NamedKey,
  NamedServer,
  type RunningProgram,
  sendControlCommand,
  waitUntil,
} from '@nestor/testkit';
import { startD2, writeConfig } from './d2.js';

export const FORWARD_ZONE = 'example.com.';
export const REVERSE_ZONE = '8.b.d.0.1.0.0.2.ip6.arpa.';

/** A UDP port free right now on 127.0.0.1 (D2's NCR port; a "DNS server" that never answers). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Kea's tsig-keys entry for a BIND key. */
export const keaKey = keaTsigKey;

export interface NcrOptions {
  changeType?: 0 | 1;
  forward?: boolean;
  reverse?: boolean;
  mode?: ConflictResolutionMode;
  leaseLength?: number;
}

/** An NCR as kea-dhcp6 makes it for a client DUID, name and address. */
export function ncrFor(
  duid: Uint8Array,
  fqdn: string,
  ipAddress: string,
  o: NcrOptions = {},
): NameChangeRequest {
  return {
    changeType: o.changeType ?? 0,
    forwardChange: o.forward ?? true,
    reverseChange: o.reverse ?? true,
    fqdn,
    ipAddress,
    dhcid: dhcidFromDuid(duid, fqdn),
    leaseExpiresOn: Math.floor(Date.now() / 1000) + 3600,
    leaseLength: o.leaseLength ?? 3600,
    conflictResolutionMode: o.mode ?? 'check-with-dhcid',
  };
}

/**
 * BIND plus Nestor's kea-dhcp-ddns for one test file: named serves both zones with a key per
 * algorithm, D2 listens on a free port with a unix control socket, and an NCR sender talks to it.
 */
export class DdnsHarness {
  sender!: NcrSender;
  d2!: RunningProgram;
  ncrPort = 0;
  readonly keys = keyPerAlgorithm();

  constructor(
    readonly named: NamedServer,
    readonly dirs: DaemonDirs,
    readonly started: RunningProgram[],
  ) {}

  static async start(dirs: DaemonDirs, started: RunningProgram[]): Promise<DdnsHarness> {
    const keys = keyPerAlgorithm();
    const named = await NamedServer.start({ zones: [FORWARD_ZONE, REVERSE_ZONE], keys });
    const harness = new DdnsHarness(named, dirs, started);
    (harness as { keys: NamedKey[] }).keys = keys;
    return harness;
  }

  get socket(): string {
    return join(this.dirs.run, 'd2-socket');
  }

  /** A DhcpDdns section for both zones on this BIND, updates signed with `key` (by algorithm). */
  section(
    options: {
      algorithm?: string;
      secret?: string;
      forwardServers?: { 'ip-address': string; port: number }[];
      timeout?: number;
      extraForward?: Record<string, unknown>[];
    } = {},
  ): Record<string, unknown> {
    const key = this.keys.find((k) => k.algorithm === (options.algorithm ?? 'hmac-sha256'))!;
    const servers = options.forwardServers ?? [{ 'ip-address': '127.0.0.1', port: this.named.port }];
    return {
      'ip-address': '127.0.0.1',
      port: this.ncrPort,
      'dns-server-timeout': options.timeout ?? 500,
      'control-socket': { 'socket-type': 'unix', 'socket-name': this.socket },
      'tsig-keys': this.keys.map((k) => keaKey(k, k === key && options.secret ? options.secret : k.secret)),
      'forward-ddns': {
        'ddns-domains': [
          { name: FORWARD_ZONE, 'key-name': key.name, 'dns-servers': servers },
          ...(options.extraForward ?? []),
        ],
      },
      'reverse-ddns': {
        'ddns-domains': [
          {
            name: REVERSE_ZONE,
            'key-name': key.name,
            'dns-servers': [{ 'ip-address': '::1', port: this.named.port }],
          },
        ],
      },
      loggers: [
        { name: 'kea-dhcp-ddns', severity: 'DEBUG', debuglevel: 50, output_options: [{ output: 'stdout' }] },
      ],
    };
  }

  async startD2(section: Record<string, unknown>): Promise<void> {
    this.ncrPort = (section.port as number) || (await freeUdpPort());
    const file = writeConfig(this.dirs, 'd2.conf', { ...section, port: this.ncrPort });
    this.d2 = await startD2(this.dirs, file, this.started);
    // Kea 2.6's member, so that every conflict-resolution-mode reaches D2 (2.2's boolean has two).
    this.sender = new NcrSender({ serverIp: '127.0.0.1', serverPort: this.ncrPort, dialect: 'kea-2.6' });
    await this.sender.open();
  }

  command(command: string, args?: Record<string, unknown>) {
    return sendControlCommand(this.socket, command, args, 10_000);
  }

  async stat(name: string): Promise<number> {
    const answer = await this.command('statistic-get', { name });
    const samples = (answer.arguments as Record<string, [number, string][]>)[name];
    return samples?.[0]?.[0] ?? Number.NaN;
  }

  /** Counts of D2's transaction outcomes in its log so far. */
  outcomes(): number {
    return (this.d2.output.match(/DHCP_DDNS_(ADD|REMOVE)_(SUCCEEDED|FAILED)/g) ?? []).length;
  }

  /** Sends NCRs and waits until D2 has logged an outcome for each (or `count` more outcomes). */
  async send(ncrs: NameChangeRequest[], count = ncrs.length, timeoutMs = 15_000): Promise<void> {
    const before = this.outcomes();
    for (const ncr of ncrs) this.sender.send(ncr);
    await waitUntil(() => this.outcomes() >= before + count, {
      timeoutMs,
      what: `${count} DDNS outcomes in D2's log`,
    });
  }

  async stop(): Promise<void> {
    await this.sender?.close();
    await this.named.stop();
  }
}
