import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DHCLIENT_SCRIPT, parseScriptLog, type ScriptEvent } from './client-script.js';
import { type DhclientLease6, type DhclientLeaseFile, readDhclientLeaseFile } from './dhclient-leases.js';
import { TestkitError, tail } from './errors.js';
import { checkInterfaceName, checkNamePart } from './names.js';
import type { Namespace, TestNetwork } from './network.js';
import { isAlive, readPidFile, stopPids } from './pids.js';
import { waitUntil } from './wait.js';

export interface DhclientOptions {
  ns: Namespace;
  iface: string;
  /** Names the client's files in the network's folder: <tag>.conf, .leases, .pid, .log, .script.log. */
  tag: string;
  /** Ask for an address (IA_NA, -N). Default true. */
  address?: boolean;
  /** Ask for a delegated prefix (IA_PD, -P). Default false. */
  prefix?: boolean;
  /** DUID type: dhclient's default DUID-LLT, or DUID-LL from the interface's MAC (-D LL). */
  duid?: 'LLT' | 'LL';
  /** How long one attempt keeps trying ("timeout N;" in its conf). Default 15 s. */
  timeoutSeconds?: number;
  /** Extra dhclient.conf statements (e.g. 'send fqdn.fqdn "host.example.org.";'). */
  conf?: string;
}

export interface DhclientFiles {
  conf: string;
  leases: string;
  pid: string;
  script: string;
  scriptLog: string;
}

/**
 * ISC dhclient -6 driven the way the tests need it: one attempt (-1), its own -sf script (the
 * stock one rewrites /etc/resolv.conf), every file under the network's folder, and the daemon
 * it becomes once bound adopted by pid so that teardown stops it.
 */
export class Dhclient {
  readonly files: DhclientFiles;
  /** The daemon dhclient left running after binding (undefined once released or stopped). */
  daemonPid: number | undefined;
  private readonly flags: string[];

  private constructor(
    readonly network: TestNetwork,
    readonly options: DhclientOptions,
  ) {
    checkNamePart(options.tag, 'dhclient tag');
    checkInterfaceName(options.iface);
    const base = join(network.dir, options.tag);
    this.files = {
      conf: `${base}.conf`,
      leases: `${base}.leases`,
      pid: `${base}.pid`,
      script: join(network.dir, 'dhclient-script'),
      scriptLog: `${base}.script.log`,
    };
    this.flags = [
      ...(options.address === false ? [] : ['-N']),
      ...(options.prefix ? ['-P'] : []),
      ...(options.duid === 'LL' ? ['-D', 'LL'] : []),
    ];
    if (this.flags.every((f) => f !== '-N' && f !== '-P'))
      throw new TestkitError('BAD_INPUT', 'dhclient: ask for an address, a prefix or both');
  }

  /**
   * Runs one dhclient -6 exchange and resolves once it is bound (address configured by the
   * script, lease file written, daemon adopted). Throws NO_LEASE with dhclient's output when it
   * gets nothing within the timeout.
   */
  static async acquire(network: TestNetwork, options: DhclientOptions): Promise<Dhclient> {
    const client = new Dhclient(network, options);
    const timeout = options.timeoutSeconds ?? 15;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 300)
      throw new TestkitError('BAD_INPUT', `dhclient timeout ${timeout} s is out of 1..300`);
    writeFileSync(client.files.conf, `timeout ${timeout};\n${options.conf ?? ''}\n`);
    if (!existsSync(client.files.script))
      writeFileSync(client.files.script, DHCLIENT_SCRIPT, { mode: 0o755 });
    const result = await network.run(
      options.ns,
      `${options.tag}-dhclient`,
      client.argv(['-1']),
      (timeout + 15) * 1000,
      { NESTOR_SCRIPT_LOG: client.files.scriptLog },
    );
    if (result.code !== 0)
      throw new TestkitError(
        'NO_LEASE',
        `dhclient -6 ${client.flags.join(' ')} (${options.tag}) exited ${result.code ?? result.signal}:\n${tail(result.output)}`,
      );
    // once bound, dhclient forks; the child writes the pid file right after
    client.daemonPid = await waitUntil(
      () => {
        const pid = readPidFile(client.files.pid);
        return pid !== undefined && isAlive(pid) ? pid : undefined;
      },
      { timeoutMs: 3_000, what: `dhclient (${options.tag}) daemon pid in ${client.files.pid}` },
    );
    network.adopt(client.daemonPid, `${options.tag}-dhclient-daemon`);
    return client;
  }

  private argv(mode: string[]): string[] {
    return [
      'dhclient',
      '-6',
      ...mode,
      '-v',
      '-cf',
      this.files.conf,
      '-lf',
      this.files.leases,
      '-pf',
      this.files.pid,
      '-sf',
      this.files.script,
      '-e',
      `NESTOR_SCRIPT_LOG=${this.files.scriptLog}`,
      ...this.flags,
      this.options.iface,
    ];
  }

  /** dhclient's lease file as parsed (see readDhclientLeaseFile). */
  leaseFile(): DhclientLeaseFile {
    return readDhclientLeaseFile(this.files.leases);
  }

  /** The current lease: the last lease6 block dhclient wrote. */
  lease(): DhclientLease6 | undefined {
    return this.leaseFile().leases.at(-1);
  }

  /** The DUID this client sends, as colon hex. */
  duid(): string | undefined {
    return this.leaseFile().defaultDuid;
  }

  /** Every call of the client's script so far, oldest first. */
  events(): ScriptEvent[] {
    try {
      return parseScriptLog(readFileSync(this.files.scriptLog, 'utf8'));
    } catch {
      return [];
    }
  }

  /** Waits (bounded) for a script call with `reason` after the first `since` events. */
  async waitForEvent(reason: string, timeoutMs: number, since = this.events().length): Promise<ScriptEvent> {
    return waitUntil(
      () =>
        this.events()
          .slice(since)
          .find((e) => e.reason === reason),
      {
        timeoutMs,
        intervalMs: 100,
        what: `dhclient (${this.options.tag}) script event ${reason}`,
        abortIf: () =>
          this.daemonPid === undefined || !isAlive(this.daemonPid)
            ? 'the dhclient daemon is not running'
            : undefined,
      },
    );
  }

  /** Waits for the next renewal the daemon makes on its own (at T1). */
  async waitForRenewal(timeoutMs: number): Promise<ScriptEvent> {
    return this.waitForEvent('RENEW6', timeoutMs);
  }

  /**
   * dhclient -6 -r: stops the bound daemon (dhclient kills the pid in -pf itself), sends Release
   * for the leases in its file and runs the script with RELEASE6 (which removes the address).
   */
  async release(timeoutMs = 20_000): Promise<void> {
    const result = await this.network.run(
      this.options.ns,
      `${this.options.tag}-release`,
      this.argv(['-r']),
      timeoutMs,
      { NESTOR_SCRIPT_LOG: this.files.scriptLog },
    );
    if (result.code !== 0)
      throw new TestkitError(
        'COMMAND_FAILED',
        `dhclient -6 -r (${this.options.tag}) exited ${result.code ?? result.signal}:\n${tail(result.output)}`,
      );
    const pid = this.daemonPid;
    if (pid !== undefined)
      await waitUntil(() => !isAlive(pid), {
        timeoutMs: 5_000,
        what: `dhclient (${this.options.tag}) daemon ${pid} to exit after -r`,
      });
    this.daemonPid = undefined;
  }

  /** Stops the daemon without releasing (the lease stays with the server). */
  async stop(): Promise<void> {
    if (this.daemonPid !== undefined) await stopPids([this.daemonPid], 3_000);
    this.daemonPid = undefined;
  }
}

/** The DUID-LL dhclient -D LL sends for an Ethernet MAC: type 3, hardware type 1, the MAC. */
export function duidLl(mac: string): string {
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac))
    throw new TestkitError('BAD_INPUT', `bad MAC address ${mac}`);
  return `00:03:00:01:${mac.toLowerCase()}`;
}
