/**
 * ISC kea-dhcp6 2.2 and Nestor's bin/kea-dhcp6 side by side on the same configuration, each in a
 * network namespace of its own with a client namespace in front (four namespaces, two veth
 * pairs, both client ends with the same MAC so the client's link-local address is the same in
 * both worlds). The same messages go to both, one at a time, and the replies come back for
 * comparison. Everything belongs to one TestNetwork: destroy() stops both servers by pid and
 * removes namespaces and files, also after a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ControlAnswer, sendUnixCommand } from '@nestor/control';
import {
  binPath,
  ISC_KEA_DHCP6,
  type Namespace,
  type NsProcess,
  startDhcp6Server,
  TestNetwork,
} from '@nestor/testkit';
import { rawExchange } from './raw-exchange.js';

const NCR_LISTENER = join(dirname(fileURLToPath(import.meta.url)), 'ncr-listen.mjs');

/** Options of TwinServers.start. */
export interface TwinOptions {
  /**
   * A UDP listener on 127.0.0.1:<port> in each server's namespace, standing in for
   * kea-dhcp-ddns (the configuration's dhcp-ddns should point there): ncrDatagrams() reads it.
   */
  ncrPort?: number;
  /**
   * A database server reached from inside each server's namespace: 127.0.0.1:<port> there is
   * bridged (socat) to the server's unix socket outside, so both servers' hosts-database can
   * name 127.0.0.1 as a test run outside the namespaces does.
   */
  databaseBridge?: { port: number; unixSocket: string };
  /** Both servers' lease-database (one SQL database they share) instead of memory only. */
  leaseDatabase?: Record<string, unknown>;
  /** More environment for both servers. */
  env?: NodeJS.ProcessEnv;
  /** Each server writes its leases to a lease file (leaseFile() names it) instead of keeping them in memory only. */
  persistLeases?: boolean;
}
/** The interface name both servers listen on (the configuration names it). */
export const SERVER_IFACE = 'srv0';
const CLIENT_IFACE = 'c0';
const CLIENT_MAC = '02:00:00:00:c1:01';

interface Side {
  label: string;
  server: NsProcess;
  client: Namespace;
  /** Its control socket (a file: reachable from outside the namespace). */
  socket: string;
  /** The NCR listener in its namespace, and how many of its datagrams were read already. */
  ncr?: { listener: NsProcess; read: number };
}

export interface TwinReplies {
  kea: (Uint8Array | undefined)[];
  nestor: (Uint8Array | undefined)[];
}

export class TwinServers {
  private constructor(
    readonly network: TestNetwork,
    private readonly kea: Side,
    private readonly nestor: Side,
  ) {}

  /**
   * Builds the namespaces and starts both servers on `dhcp6` (its interfaces, data directory and
   * loggers are set here). Resolves once both have bound port 547; destroys everything on failure.
   */
  /**
   * `keaHooks`: hook libraries (paths) ISC's server loads, e.g. lease_cmds for the lease
   * commands Nestor has built in.
   */
  static async start(
    tag: string,
    dhcp6: Record<string, unknown>,
    keaHooks: readonly string[] = [],
    options: TwinOptions = {},
  ): Promise<TwinServers> {
    const network = new TestNetwork({ tag });
    try {
      const sides: Side[] = [];
      for (const [short, label, argv] of [
        ['kea', 'ISC Kea 2.2', [ISC_KEA_DHCP6]],
        ['nst', 'Nestor', [binPath('kea-dhcp6')]],
      ] as const) {
        const serverNs = await network.addNamespace(short);
        const clientNs = await network.addNamespace(`${short}c`);
        let ncr: Side['ncr'];
        if (options.ncrPort !== undefined) {
          const listener = network.spawn(serverNs, `${short}-ncr`, [
            process.execPath,
            NCR_LISTENER,
            String(options.ncrPort),
          ]);
          await listener.waitForOutput(/LISTENING/, 10_000);
          ncr = { listener, read: 0 };
        }
        if (options.databaseBridge) {
          const { port, unixSocket } = options.databaseBridge;
          const bridge = network.spawn(serverNs, `${short}-db-bridge`, [
            'socat',
            '-d',
            '-d',
            `TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`,
            `UNIX-CONNECT:${unixSocket}`,
          ]);
          await bridge.waitForOutput(/listening on/, 10_000);
        }
        await network.link(clientNs, CLIENT_IFACE, serverNs, SERVER_IFACE, { macA: CLIENT_MAC });
        // Each server its own data directory (server-id persist false writes nothing, but a file
        // either might keep there must not be shared).
        const dataDir = join(network.dir, short);
        mkdirSync(dataDir);
        const configPath = join(network.dir, `${short}.json`);
        const config = {
          Dhcp6: {
            ...dhcp6,
            ...(short === 'kea' && keaHooks.length > 0
              ? { 'hooks-libraries': keaHooks.map((library) => ({ library })) }
              : {}),
            'control-socket': { 'socket-type': 'unix', 'socket-name': join(dataDir, 'ctrl.sock') },
            'interfaces-config': { interfaces: [SERVER_IFACE] },
            'data-directory': dataDir,
            'lease-database':
              options.leaseDatabase ??
              (options.persistLeases
                ? { type: 'memfile', persist: true, name: join(dataDir, 'leases6.csv'), 'lfc-interval': 0 }
                : { type: 'memfile', persist: false }),
            loggers: [
              {
                name: 'kea-dhcp6',
                severity: 'DEBUG',
                debuglevel: 45,
                output_options: [{ output: 'stdout' }],
              },
            ],
          },
        };
        writeFileSync(configPath, JSON.stringify(config, null, 2));
        const server = await startDhcp6Server(network, serverNs, {
          command: { label, argv },
          configPath,
          tag: `${short}-server`,
          controlSocket: join(dataDir, 'ctrl.sock'),
          ...(options.env ? { env: options.env } : {}),
        });
        sides.push({
          label,
          server,
          client: clientNs,
          socket: join(dataDir, 'ctrl.sock'),
          ...(ncr ? { ncr } : {}),
        });
      }
      return new TwinServers(network, sides[0]!, sides[1]!);
    } catch (error) {
      await network.destroy().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Sends each side its messages (each side in order, the two sides at once). The lists are
   * usually the same; they differ where a message repeats what that side answered before.
   */
  async exchange(
    toKea: readonly Uint8Array[],
    toNestor: readonly Uint8Array[] = toKea,
    waitMs = 300,
  ): Promise<TwinReplies> {
    const [kea, nestor] = await Promise.all([
      this.send(this.kea, toKea, waitMs),
      this.send(this.nestor, toNestor, waitMs),
    ]);
    return { kea: kea!, nestor: nestor! };
  }

  private async send(
    side: Side,
    packets: readonly Uint8Array[],
    waitMs: number,
  ): Promise<(Uint8Array | undefined)[]> {
    if (!side.server.running)
      throw new Error(`${side.label} is not running:\n${side.server.output().slice(-3000)}`);
    return rawExchange(this.network, side.client, packets, {
      iface: CLIENT_IFACE,
      waitMs,
      label: `exchange-${side.client.name.slice(-4)}`,
    });
  }

  /**
   * Each server's statistics with a value other than 0, by the newest sample (a counter Kea
   * creates on first use and Nestor at start is then alike on both sides).
   */
  async statistics(): Promise<{ kea: Record<string, number>; nestor: Record<string, number> }> {
    const read = async (side: Side): Promise<Record<string, number>> => {
      const answer = await sendUnixCommand(
        side.socket,
        { command: 'statistic-get-all' },
        { timeoutMs: 10_000 },
      );
      const all = (answer.arguments ?? {}) as Record<string, [number, string][]>;
      return Object.fromEntries(
        Object.entries(all)
          .map(([name, samples]) => [name, samples[0]?.[0] ?? 0] as const)
          .filter(([, value]) => value !== 0),
      );
    };
    const [kea, nestor] = await Promise.all([read(this.kea), read(this.nestor)]);
    return { kea, nestor };
  }

  /** Sends one control command to both servers; their answers. */
  async command(
    command: string,
    args?: Record<string, unknown>,
  ): Promise<{ kea: ControlAnswer; nestor: ControlAnswer }> {
    const send = (side: Side) =>
      sendUnixCommand(side.socket, args === undefined ? { command } : { command, arguments: args as never }, {
        timeoutMs: 10_000,
      });
    const [kea, nestor] = await Promise.all([send(this.kea), send(this.nestor)]);
    return { kea, nestor };
  }

  /** Sends one control command to one server (Nestor's built-in host_cmds, which ISC's lacks). */
  commandTo(
    which: 'kea' | 'nestor',
    command: string,
    args?: Record<string, unknown>,
  ): Promise<ControlAnswer> {
    const side = which === 'kea' ? this.kea : this.nestor;
    return sendUnixCommand(
      side.socket,
      args === undefined ? { command } : { command, arguments: args as never },
      {
        timeoutMs: 10_000,
      },
    );
  }

  /**
   * config-set on both servers: each side's config-get (so its own sockets, data directory and
   * loggers stay), changed by `change` (told which side it changes), sent back. The answers.
   */
  async reconfigure(
    change: (dhcp6: Record<string, unknown>, side: 'kea' | 'nestor') => void,
  ): Promise<{ kea: ControlAnswer; nestor: ControlAnswer }> {
    const apply = async (side: Side, which: 'kea' | 'nestor'): Promise<ControlAnswer> => {
      const current = await sendUnixCommand(side.socket, { command: 'config-get' }, { timeoutMs: 10_000 });
      const config = (current.arguments ?? {}) as { Dhcp6: Record<string, unknown> };
      // Kea's config-get carries a hash that config-set refuses.
      delete (config as Record<string, unknown>).hash;
      change(config.Dhcp6, which);
      return sendUnixCommand(
        side.socket,
        { command: 'config-set', arguments: config as never },
        {
          timeoutMs: 10_000,
        },
      );
    };
    const [kea, nestor] = await Promise.all([apply(this.kea, 'kea'), apply(this.nestor, 'nestor')]);
    return { kea, nestor };
  }

  /**
   * The NCR datagrams each server sent since the last call (see TwinOptions.ncrPort), after
   * waiting `settleMs` for those under way.
   */
  async ncrDatagrams(settleMs = 150): Promise<{ kea: Uint8Array[]; nestor: Uint8Array[] }> {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const read = (side: Side): Uint8Array[] => {
      if (!side.ncr) throw new Error('no NCR listener: start with ncrPort');
      const lines = side.ncr.listener
        .output()
        .split('\n')
        .filter((l) => l.startsWith('NCR '));
      const fresh = lines.slice(side.ncr.read);
      side.ncr.read = lines.length;
      return fresh.map((l) => Uint8Array.from(Buffer.from(l.slice(4), 'hex')));
    };
    return { kea: read(this.kea), nestor: read(this.nestor) };
  }

  /** The lease file of a side started with persistLeases. */
  leaseFile(which: 'kea' | 'nestor'): string {
    return join(this.network.dir, which === 'kea' ? 'kea' : 'nst', 'leases6.csv');
  }

  /** What each server printed, for failure messages. */
  output(which: 'kea' | 'nestor'): string {
    return (which === 'kea' ? this.kea : this.nestor).server.output();
  }

  destroy(): Promise<void> {
    return this.network.destroy();
  }
}
