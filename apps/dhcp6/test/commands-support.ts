/**
 * What the command tests share: kea-dhcp6 started as operators start it (bin/kea-dhcp6, its
 * directories moved into a temporary root through Kea's environment variables), commands sent
 * through @nestor/control's unix socket client, and a DHCPv6 client on the loopback interface.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClientServerMessage,
  decodeMessage,
  findOption,
  findOptions,
  findRawOption,
  MessageType,
} from '@nestor/codec';
import { type ControlAnswer, type JsonValue, sendUnixCommand } from '@nestor/control';
import { binPath, RunningProgram } from '@nestor/testkit';
import { clientMessage, duidOf } from './support/harness.js';

export { duidOf };

/** One test file's directories: configuration, sockets and pid files, leases, logs, and a place outside them all. */
export interface Dirs {
  root: string;
  etc: string;
  run: string;
  lib: string;
  log: string;
  outside: string;
}

export function makeDirs(prefix: string): Dirs {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs: Dirs = {
    root,
    etc: join(root, 'etc'),
    run: join(root, 'run'),
    lib: join(root, 'lib'),
    log: join(root, 'log'),
    outside: join(root, 'outside'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

export function removeDirs(dirs: Dirs | undefined): void {
  if (dirs) rmSync(dirs.root, { recursive: true, force: true });
}

/** Kea's (2.6.3+) environment for its directories, which Nestor reads too. */
export function keaEnv(dirs: Dirs): NodeJS.ProcessEnv {
  return {
    KEA_PIDFILE_DIR: dirs.run,
    KEA_CONTROL_SOCKET_DIR: dirs.run,
    KEA_DHCP_DATA_DIR: dirs.lib,
    KEA_LOG_FILE_DIR: dirs.log,
    KEA_LOCKFILE_DIR: dirs.run,
  };
}

/** A UDP port free on ::1 right now. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp6');
    socket.once('error', reject);
    socket.bind(0, '::1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` holds (bounded). */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const LOG_TO_STDOUT = [
  { name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] },
];

/** A Dhcp6 section serving loopback clients: subnet on `lo`, unicast option so REQUESTs by unicast are taken. */
export function loopbackSection(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'interfaces-config': { interfaces: ['lo'] },
    'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
    'lease-database': { type: 'memfile', 'lfc-interval': 0 },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'option-data': [{ name: 'unicast', data: '::1' }],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: 'lo',
        pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
        'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56 }],
      },
    ],
    loggers: LOG_TO_STDOUT,
    ...overrides,
  };
}

/** Writes a configuration file (a comment first, as Kea's files may have). */
export function writeConfig(dirs: Dirs, name: string, section: Record<string, unknown>): string {
  const file = join(dirs.etc, name);
  writeFileSync(file, `// written by a test\n${JSON.stringify({ Dhcp6: section }, null, 2)}\n`);
  return file;
}

/** A kea-dhcp6 process and its control socket. */
export class Dhcp6Process {
  constructor(
    readonly program: RunningProgram,
    readonly configFile: string,
    readonly socket: string,
    readonly serverPort: number,
    readonly clientPort: number,
  ) {}

  /** Sends one command over the unix socket and returns the answer. */
  command(command: string, args?: JsonValue): Promise<ControlAnswer> {
    return sendUnixCommand(this.socket, args === undefined ? { command } : { command, arguments: args }, {
      timeoutMs: 10_000,
    });
  }

  /** The current value of a statistic (undefined when there is none). */
  async stat(name: string): Promise<number | undefined> {
    const answer = await this.command('statistic-get', { name });
    const samples = (answer.arguments as Record<string, [number, string][]>)[name];
    return samples?.[0]?.[0];
  }

  stop() {
    return this.program.stop();
  }
}

/**
 * Starts bin/kea-dhcp6 on a configuration file with free -p/-P ports and waits until it runs
 * (its control socket answers). The caller stops it by pid (`stop()`).
 */
export async function startDhcp6(
  dirs: Dirs,
  configFile: string,
  options: { socketName?: string; ports?: { server: number; client: number } } = {},
): Promise<Dhcp6Process> {
  const serverPort = options.ports?.server ?? (await freeUdpPort());
  const clientPort = options.ports?.client ?? (await freeUdpPort());
  const program = new RunningProgram(
    binPath('kea-dhcp6'),
    ['-c', configFile, '-p', String(serverPort), '-P', String(clientPort)],
    keaEnv(dirs),
  );
  const process = new Dhcp6Process(
    program,
    configFile,
    join(dirs.run, options.socketName ?? 'kea6-ctrl-socket'),
    serverPort,
    clientPort,
  );
  try {
    await program.waitFor(/DHCP6_STARTED|DHCP6_INIT_FAIL|DHCP6_CONFIG_LOAD_FAIL/, 15_000);
  } catch (err) {
    await program.stop();
    throw err;
  }
  if (!/DHCP6_STARTED/.test(program.output)) {
    await program.stop();
    throw new Error(`kea-dhcp6 did not start:\n${program.output}`);
  }
  return process;
}

/** IA_NA addresses (or IA_PD prefixes) in a reply. */
export function iaAddresses(reply: ClientServerMessage): string[] {
  return findOptions(reply.options, 3).flatMap((ia) => findOptions(ia.options, 5).map((a) => a.address));
}

export function iaPrefixes(reply: ClientServerMessage): string[] {
  return findOptions(reply.options, 25).flatMap((ia) =>
    findOptions(ia.options, 26).map((p) => `${p.prefix}/${p.prefixLength}`),
  );
}

/** The status code inside the first IA_NA, if any. */
export function iaStatus(reply: ClientServerMessage): number | undefined {
  const ia = findOption(reply.options, 3);
  return ia ? findOption(ia.options, 13)?.status : undefined;
}

/**
 * A DHCPv6 client on ::1 at the server's -P port: sends one message to the server's -p port and
 * waits (bounded) for the answer.
 */
export class LoopbackClient {
  private constructor(
    private readonly socket: Socket,
    private readonly serverPort: number,
  ) {}

  static open(clientPort: number, serverPort: number): Promise<LoopbackClient> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({ type: 'udp6', reuseAddr: true });
      socket.once('error', reject);
      socket.bind(clientPort, '::1', () => {
        socket.off('error', reject);
        resolve(new LoopbackClient(socket, serverPort));
      });
    });
  }

  /** Sends bytes; resolves with the decoded answer, or undefined when none came in `waitMs`. */
  send(bytes: Uint8Array, waitMs = 2_000): Promise<ClientServerMessage | undefined> {
    return new Promise((resolve) => {
      const onMessage = (data: Buffer): void => {
        const message = decodeMessage(new Uint8Array(data));
        if (message.kind !== 'client-server') return;
        clearTimeout(timer);
        this.socket.off('message', onMessage);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage);
        resolve(undefined);
      }, waitMs);
      this.socket.on('message', onMessage);
      this.socket.send(bytes, this.serverPort, '::1');
    });
  }

  /** Sends and requires an answer. */
  async exchange(bytes: Uint8Array): Promise<ClientServerMessage> {
    const reply = await this.send(bytes);
    if (!reply) throw new Error('the server did not answer');
    return reply;
  }

  /**
   * SOLICIT then REQUEST for one IA_NA; resolves with the address leased (REPLY), failing when
   * the server advertises nothing or does not confirm it.
   */
  async lease(duid: Uint8Array, iaid = 1): Promise<string> {
    const advertise = await this.exchange(
      clientMessage({ type: MessageType.SOLICIT, clientId: duid, iaNa: [{ iaid }], tid: 0x101 }),
    );
    const [address] = iaAddresses(advertise);
    if (!address) throw new Error(`no address advertised (status ${iaStatus(advertise)})`);
    const serverId = findRawOption(advertise.options, 2)!.data;
    const reply = await this.exchange(
      clientMessage({
        type: MessageType.REQUEST,
        clientId: duid,
        serverId,
        iaNa: [{ iaid, addresses: [{ address }] }],
        tid: 0x102,
      }),
    );
    if (reply.msgType !== MessageType.REPLY || iaAddresses(reply)[0] !== address) {
      throw new Error(`REQUEST for ${address} not confirmed (status ${iaStatus(reply)})`);
    }
    return address;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
