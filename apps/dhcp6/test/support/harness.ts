import {
  type ClientServerMessage,
  type Dhcp6Message,
  decodeMessage,
  makeDuidLlt,
  PacketWriter,
} from '@nestor/codec';
import { type Dhcp6Config, parseDhcp6Config } from '@nestor/config';
import { CommandRegistry } from '@nestor/control';
import { LogManager, Statistics } from '@nestor/daemon';
import { HooksManager, type LibrarySpec } from '@nestor/hooks';
import { MemfileLeaseStore, type MemfileOptions } from '@nestor/leases';
import { buildGeneration, type Generation } from '../../src/generation.js';
import { Dhcp6Hooks } from '../../src/hooks/dhcp6-hooks.js';
import { DHCP6_HOOK_POINTS } from '../../src/hooks/points.js';
import type { Dhcp6ServerApi } from '../../src/hooks/server-api.js';
import { followRollbacks } from '../../src/lease-rollback.js';
import type { Datagram } from '../../src/net/sockets.js';
import { PacketPipeline } from '../../src/pipeline.js';
import { Reclaimer } from '../../src/reclaim.js';
import { LeaseStatistics } from '../../src/stats.js';

export const SERVER_DUID = makeDuidLlt(1, 100, new Uint8Array([2, 0, 0, 0, 0, 1]));

/** A client as tests drive it: DUID, and packets built with the codec's writer. */
export function duidOf(n: number): Uint8Array {
  return makeDuidLlt(1, 1000, new Uint8Array([2, 0, 0, 0, (n >> 8) & 0xff, n & 0xff]));
}

export interface IaSpec {
  iaid: number;
  addresses?: { address: string; preferred?: number; valid?: number }[];
  prefixes?: { prefix: string; length: number; preferred?: number; valid?: number }[];
}

export interface MessageSpec {
  type: number;
  tid?: number;
  clientId?: Uint8Array;
  serverId?: Uint8Array;
  iaNa?: IaSpec[];
  iaPd?: IaSpec[];
  oro?: number[];
  rapidCommit?: boolean;
  /** Extra raw options [code, data]. */
  extra?: [number, Uint8Array][];
}

export function clientMessage(spec: MessageSpec): Uint8Array {
  const w = new PacketWriter(4096).reset().header(spec.type, spec.tid ?? 0x1234);
  if (spec.clientId) w.option(1, spec.clientId);
  if (spec.serverId) w.option(2, spec.serverId);
  for (const ia of spec.iaNa ?? []) {
    w.beginIaNa(ia.iaid, 0, 0);
    for (const a of ia.addresses ?? []) w.iaAddress(a.address, a.preferred ?? 0, a.valid ?? 0);
    w.endOption();
  }
  if (spec.oro) {
    const data = new Uint8Array(spec.oro.length * 2);
    spec.oro.forEach((c, i) => {
      data[i * 2] = c >> 8;
      data[i * 2 + 1] = c & 0xff;
    });
    w.option(6, data);
  }
  if (spec.rapidCommit) w.emptyOption(14);
  for (const ia of spec.iaPd ?? []) {
    w.beginIaPd(ia.iaid, 0, 0);
    for (const p of ia.prefixes ?? []) w.iaPrefix(p.prefix, p.length, p.preferred ?? 0, p.valid ?? 0);
    w.endOption();
  }
  for (const [code, data] of spec.extra ?? []) w.option(code, data);
  return w.finishCopy();
}

export interface Sent {
  bytes: Uint8Array;
  message: Dhcp6Message;
  address: string;
  port: number;
}

export interface SendOptions {
  interfaceName?: string;
  remoteAddress?: string;
  multicast?: boolean;
}

/** A server built from a Dhcp6 section, minus sockets: datagrams go straight into its pipeline. */
export class TestServer {
  private constructor(
    readonly generation: Generation,
    readonly store: MemfileLeaseStore,
    readonly stats: Statistics,
    readonly pipeline: PacketPipeline,
    readonly hooks: HooksManager<Dhcp6ServerApi>,
    readonly commands: CommandRegistry,
    readonly reclaimer: Reclaimer,
    readonly config: Dhcp6Config,
  ) {}

  /**
   * `logFile`: every message (DEBUG 99) is written there, synchronously, for a test to read.
   * `hooks`: hook libraries loaded into the server (their commands into `commands`).
   * `store`: a lease store of these options instead of one in memory only, its rollbacks
   * followed as the server follows them.
   */
  static async create(
    dhcp6: object,
    options: { logFile?: string; hooks?: readonly LibrarySpec[]; store?: MemfileOptions } = {},
  ): Promise<TestServer> {
    const { model } = parseDhcp6Config({ Dhcp6: dhcp6 } as never);
    const stats = new Statistics();
    let generation: Generation | undefined;
    const store = await MemfileLeaseStore.open(
      options.store
        ? { ...options.store, onRollback: followRollbacks(stats, () => generation?.pools) }
        : { persist: false },
    );
    const leaseStats = new LeaseStatistics(stats);
    leaseStats.configure(model, []);
    const logs = new LogManager('kea-dhcp6');
    logs.configure([
      options.logFile
        ? {
            name: 'kea-dhcp6',
            severity: 'DEBUG',
            debuglevel: 99,
            output_options: [{ output: options.logFile, flush: true }],
          }
        : { name: 'kea-dhcp6', severity: 'NONE' },
    ]);
    const commands = new CommandRegistry();
    const manager = new HooksManager<Dhcp6ServerApi>({
      daemon: 'kea-dhcp6',
      hookPoints: DHCP6_HOOK_POINTS,
      server: undefined as never,
      log: logs.get('kea-dhcp6.hooks'),
      logger: (name) => logs.get(`kea-dhcp6.${name}`),
      commands,
      onCalloutFailure: () => stats.add('pkt6-hook-callout-failed'),
    });
    await manager.activate(await manager.prepare(options.hooks ?? [], process.cwd()));
    const hooks = new Dhcp6Hooks(manager);
    generation = await buildGeneration({
      config: model,
      store,
      serverId: SERVER_DUID,
      leaseStats,
      leaseLog: logs.get('kea-dhcp6.leases'),
      classLog: logs.get('kea-dhcp6.dhcp6'),
      hooks,
    });
    const pipeline = new PacketPipeline(
      {
        path: generation.path,
        macSources: model.macSources,
        lenientOptionParsing: model.lenientOptionParsing,
      },
      stats,
      logs.get('kea-dhcp6.packets'),
      { client: 546, relay: 547 },
    );
    const built = generation;
    const reclaimer = new Reclaimer(() => built.ledger, logs.get('kea-dhcp6.alloc-engine'), hooks);
    return new TestServer(built, store, stats, pipeline, manager, commands, reclaimer, model);
  }

  /** Sends one datagram; resolves with what the server sent back, if anything. */
  async send(bytes: Uint8Array, options: SendOptions = {}): Promise<Sent | undefined> {
    let sent: Sent | undefined;
    const datagram: Datagram = {
      data: Buffer.from(bytes),
      remoteAddress: options.remoteAddress ?? 'fe80::1',
      remotePort: 546,
      interfaceName: options.interfaceName ?? 'eth0',
      localAddress: 'ff02::1:2',
      multicast: options.multicast ?? true,
      reply: (data, address, port) => {
        sent = { bytes: data, message: decodeMessage(data), address, port };
      },
    };
    await this.pipeline.receive(datagram);
    return sent;
  }

  /** Sends a client message and returns the decoded reply (failing the test when none came). */
  async exchange(spec: MessageSpec, options?: SendOptions): Promise<ClientServerMessage> {
    const sent = await this.send(clientMessage(spec), options);
    if (!sent) throw new Error(`no reply to message type ${spec.type}`);
    if (sent.message.kind !== 'client-server') throw new Error(`reply is ${sent.message.kind}`);
    return sent.message;
  }

  stat(name: string): number {
    return Number(this.stats.get(name) ?? Number.NaN);
  }

  async close(): Promise<void> {
    await this.hooks.unloadAll();
    await this.store.close();
  }
}
