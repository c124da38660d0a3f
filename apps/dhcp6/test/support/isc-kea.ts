/**
 * ISC kea-dhcp6 2.2 as the oracle of the command tests: started on a Dhcp6 section of the test's
 * choosing with the lease_cmds and stat_cmds hooks loaded, its own unix control socket, lease file, log and pid
 * file in a directory of its own, and stopped by pid.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ControlAnswer, type JsonValue, sendUnixCommand } from '@nestor/control';
import { RunningProgram } from '@nestor/testkit';

export const ISC_KEA_DHCP6 = '/usr/sbin/kea-dhcp6';
export const ISC_KEA_CTRL_AGENT = '/usr/sbin/kea-ctrl-agent';
export const ISC_LEASE_CMDS = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so';
export const ISC_STAT_CMDS = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_stat_cmds.so';

/** Whether the reference is installed (the tests that need it are skipped, loudly, when not). */
export const iscKeaInstalled =
  existsSync(ISC_KEA_DHCP6) && existsSync(ISC_LEASE_CMDS) && existsSync(ISC_STAT_CMDS);

export class IscKeaDhcp6 {
  private constructor(
    readonly program: RunningProgram,
    readonly socket: string,
    readonly leaseFile: string,
    readonly logFile: string,
  ) {}

  /**
   * Starts kea-dhcp6 in `dir` on `section` (its control socket, lease database, data directory,
   * hooks and loggers are replaced by the oracle's own) and waits, bounded, until its control
   * socket answers.
   */
  static async start(
    dir: string,
    section: Record<string, unknown>,
    options: {
      /** Keep the section's lease-database (an SQL one shared with another server) instead of a file. */
      keepLeaseDatabase?: boolean;
      /** Extra command-line arguments (-p / -P ports). */
      args?: string[];
    } = {},
  ): Promise<IscKeaDhcp6> {
    mkdirSync(dir, { recursive: true });
    const socket = join(dir, 'kea6.sock');
    const leaseFile = join(dir, 'kea-leases6.csv');
    const logFile = join(dir, 'kea-dhcp6.log');
    const configFile = join(dir, 'kea-dhcp6.conf');
    const lease = (section['lease-database'] as Record<string, unknown> | undefined) ?? {};
    const config = {
      Dhcp6: {
        ...section,
        'data-directory': dir,
        'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
        'lease-database': options.keepLeaseDatabase
          ? lease
          : { ...lease, type: 'memfile', name: leaseFile, 'lfc-interval': 0 },
        'hooks-libraries': [{ library: ISC_LEASE_CMDS }, { library: ISC_STAT_CMDS }],
        loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: logFile }] }],
      },
    };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const program = new RunningProgram(ISC_KEA_DHCP6, ['-c', configFile, ...(options.args ?? [])], {
      KEA_PIDFILE_DIR: dir,
      KEA_LOCKFILE_DIR: dir,
    });
    const kea = new IscKeaDhcp6(program, socket, leaseFile, logFile);
    try {
      await kea.waitForSocket(10_000);
    } catch (err) {
      await program.stop();
      throw new Error(`${(err as Error).message}\n${program.output}\n${kea.log()}`);
    }
    return kea;
  }

  /** The socket file appears before Kea accepts on it: wait for a real answer. */
  private async waitForSocket(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.program.running) throw new Error('ISC kea-dhcp6 exited at start');
      if (existsSync(this.socket)) {
        try {
          await sendUnixCommand(this.socket, { command: 'version-get' }, { timeoutMs: 2_000 });
          return;
        } catch {
          // not accepting yet
        }
      }
      if (Date.now() > deadline) throw new Error(`ISC kea-dhcp6 opened no control socket in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** One command over the unix socket; `args` may be anything, to send Kea what it must refuse. */
  command(command: string, args?: JsonValue): Promise<ControlAnswer> {
    return sendUnixCommand(this.socket, args === undefined ? { command } : { command, arguments: args }, {
      timeoutMs: 10_000,
    });
  }

  /** Stops it by pid (SIGTERM, SIGKILL after 5 s). */
  async stop(): Promise<void> {
    await this.program.stop();
  }
}
