/**
 * ISC's kea-dhcp6 2.2, run for compatibility tests: a memfile server with the lease_cmds hook,
 * driven over its control socket and stopped by pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const ISC_KEA_DHCP6 = '/usr/sbin/kea-dhcp6';
export const ISC_LEASE_CMDS = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so';

export interface KeaAnswer {
  result: number;
  text?: string;
  arguments?: Record<string, unknown>;
}

export class IscKeaDhcp6 {
  private constructor(
    private readonly child: ChildProcess,
    readonly socket: string,
    readonly leaseFile: string,
    private readonly logFile: string,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts the server in `dir`; fails loudly when ISC Kea is not installed. */
  static async start(dir: string): Promise<IscKeaDhcp6> {
    for (const needed of [ISC_KEA_DHCP6, ISC_LEASE_CMDS]) {
      if (!existsSync(needed))
        throw new Error(`${needed} is missing: ISC Kea 2.2 with lease_cmds is required`);
    }
    const socket = join(dir, 'kea6.sock');
    const leaseFile = join(dir, 'kea-leases6.csv');
    const logFile = join(dir, 'kea-dhcp6.log');
    const config = join(dir, 'kea-dhcp6.conf');
    writeFileSync(
      config,
      JSON.stringify({
        Dhcp6: {
          'data-directory': dir,
          'interfaces-config': { interfaces: [] },
          'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
          'lease-database': { type: 'memfile', name: leaseFile, 'lfc-interval': 0 },
          'hooks-libraries': [{ library: ISC_LEASE_CMDS }],
          subnet6: [
            {
              id: 1,
              subnet: '2001:db8:1::/64',
              pools: [{ pool: '2001:db8:1::/80' }],
              'pd-pools': [{ prefix: '3000::', 'prefix-len': 48, 'delegated-len': 56 }],
            },
            { id: 7, subnet: '2001:db8:7::/64' },
          ],
          loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: logFile }] }],
        },
      }),
    );
    const child = spawn(ISC_KEA_DHCP6, ['-c', config], {
      env: { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const server = new IscKeaDhcp6(child, socket, leaseFile, logFile, exited);
    const deadline = Date.now() + 10_000;
    while (!existsSync(socket)) {
      if (child.exitCode !== null) throw new Error(`kea-dhcp6 exited at start:\n${server.log()}`);
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`kea-dhcp6 opened no control socket in 10 s:\n${server.log()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return server;
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** Sends one command (one connection per command, as Kea's socket expects) and reads the answer. */
  command(command: string, args?: Record<string, unknown>): Promise<KeaAnswer> {
    return new Promise((resolve, reject) => {
      const connection = createConnection(this.socket);
      let text = '';
      const timer = setTimeout(() => {
        connection.destroy();
        reject(new Error(`no answer to ${command} in 10 s`));
      }, 10_000);
      const settle = (): void => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(text) as KeaAnswer);
        } catch (err) {
          reject(new Error(`unreadable answer to ${command}: ${text} (${(err as Error).message})`));
        }
      };
      connection.on('connect', () => connection.write(JSON.stringify({ command, arguments: args })));
      connection.on('data', (chunk) => {
        text += chunk;
        // Kea may keep the connection open: a complete JSON document is the whole answer.
        try {
          JSON.parse(text);
          connection.end();
        } catch {
          // not complete yet
        }
      });
      connection.on('close', settle);
      connection.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Stops the server by pid (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const kill = setTimeout(() => {
      if (this.child.exitCode === null) process.kill(pid, 'SIGKILL');
    }, 5_000);
    await this.exited;
    clearTimeout(kill);
  }
}
