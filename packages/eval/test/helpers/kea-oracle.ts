/**
 * ISC kea-dhcp6 2.2 as the oracle: it runs in a network namespace of its own, joined by a veth
 * pair to a second namespace from which a small sender (send-dhcp6.mjs) delivers real DHCPv6
 * messages and collects the replies. Nothing is created outside the two namespaces. Every
 * name carries this run's id (see run-guard.ts), processes are stopped by pid, every wait is
 * bounded, and stop() removes everything (callers run it in afterAll, so also after a failure).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalRunPrefix } from './run-guard.js';

export const KEA_DHCP6 = '/usr/sbin/kea-dhcp6';
const IP = '/usr/sbin/ip';
const SENDER = join(dirname(fileURLToPath(import.meta.url)), 'send-dhcp6.mjs');

/** Whether this machine can run the oracle: root (namespaces), iproute2 and Kea installed. */
export function keaOracleAvailable(): { ok: boolean; reason: string } {
  if (!existsSync(KEA_DHCP6)) return { ok: false, reason: `${KEA_DHCP6} is not installed` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root (network namespaces)' };
  if (!existsSync(IP)) return { ok: false, reason: `${IP} is not installed` };
  return { ok: true, reason: '' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a short command, bounded; throws with its stderr when it fails. */
function run(program: string, args: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

let sequence = 0;

export interface KeaStartOptions {
  /** Merged into the Dhcp6 section (client-classes, option-def, loggers...). */
  dhcp6?: Record<string, unknown>;
  /** Merged into the one subnet (reservations, require-client-classes...). */
  subnet?: Record<string, unknown>;
  /** Puts the subnet in a shared network "net" (which then names the interface). */
  sharedNetwork?: boolean;
}

export class KeaOracle {
  /** Interface Kea listens on: pkt.iface as Kea sees it. */
  readonly serverIface = 'kea0';
  readonly clientIface = 'cli0';
  /** The test subnet; relayed messages select it with a link address inside it. */
  readonly subnet = '2001:db8:1::/64';
  private readonly keaNs: string;
  private readonly clientNs: string;
  private readonly dir: string;
  private kea: ChildProcess | undefined;
  private keaLog = '';
  private created: string[] = [];
  /** The client's only link-local address: pkt.src of every message Kea receives. */
  static readonly CLIENT_ADDRESS = 'fe80::c1';
  readonly clientAddress = KeaOracle.CLIENT_ADDRESS;

  private constructor() {
    sequence += 1;
    const base = `${evalRunPrefix()}${process.pid.toString(36)}${sequence}`;
    this.keaNs = `${base}k`;
    this.clientNs = `${base}c`;
    this.dir = mkdtempSync(join(tmpdir(), 'nestor-eval-kea-'));
  }

  /** Makes the namespaces and starts Kea; resolves once Kea listens on port 547. */
  static async start(options: KeaStartOptions = {}): Promise<KeaOracle> {
    const oracle = new KeaOracle();
    try {
      await oracle.setUp(options);
      return oracle;
    } catch (error) {
      const log = oracle.output;
      await oracle.stop();
      throw new Error(`${(error as Error).message}\nKea's output:\n${log.slice(-3000)}`, { cause: error });
    }
  }

  /** What Kea printed (its loggers go to stdout). */
  get output(): string {
    return this.keaLog;
  }

  private async setUp(options: KeaStartOptions): Promise<void> {
    for (const ns of [this.keaNs, this.clientNs]) {
      await run(IP, ['netns', 'add', ns]);
      // Recorded once made, so that stop() can never delete a namespace this run did not make.
      this.created.push(ns);
      // No duplicate address detection: link-local addresses are usable at once.
      await run(IP, [
        'netns',
        'exec',
        ns,
        'sysctl',
        '-qw',
        'net.ipv6.conf.all.accept_dad=0',
        'net.ipv6.conf.default.accept_dad=0',
      ]);
    }
    await run(IP, [
      '-n',
      this.clientNs,
      'link',
      'add',
      this.clientIface,
      'type',
      'veth',
      'peer',
      'name',
      this.serverIface,
      'netns',
      this.keaNs,
    ]);
    // The client end gets one fixed link-local address instead of the kernel's, so that
    // pkt.src is known before Kea starts (the tests compute expected values from it).
    await run(IP, ['-n', this.clientNs, 'link', 'set', 'dev', this.clientIface, 'addrgenmode', 'none']);
    await run(IP, [
      '-n',
      this.clientNs,
      'addr',
      'add',
      `${this.clientAddress}/64`,
      'dev',
      this.clientIface,
      'nodad',
    ]);
    await run(IP, ['-n', this.clientNs, 'link', 'set', this.clientIface, 'up']);
    await run(IP, ['-n', this.keaNs, 'link', 'set', this.serverIface, 'up']);
    const clientAddress = await this.waitForLinkLocal(this.clientNs, this.clientIface);
    if (clientAddress !== this.clientAddress) {
      throw new Error(`client link-local is ${clientAddress}, not ${this.clientAddress}`);
    }
    await this.waitForLinkLocal(this.keaNs, this.serverIface);

    const config = {
      Dhcp6: {
        'interfaces-config': { interfaces: [this.serverIface] },
        'lease-database': { type: 'memfile', persist: false },
        'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0102', persist: false },
        ...this.subnets(options),
        loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
        ...options.dhcp6,
      },
    };
    const file = join(this.dir, 'kea-dhcp6.json');
    writeFileSync(file, JSON.stringify(config, null, 2));
    // `ip netns exec` execs Kea in place, so this pid is Kea's own.
    this.kea = spawn(IP, ['netns', 'exec', this.keaNs, KEA_DHCP6, '-c', file], {
      env: { ...process.env, KEA_PIDFILE_DIR: this.dir, KEA_LOCKFILE_DIR: this.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.kea.stdout?.on('data', (chunk) => {
      this.keaLog += String(chunk);
    });
    this.kea.stderr?.on('data', (chunk) => {
      this.keaLog += String(chunk);
    });
    await this.waitForPort547();
  }

  private subnets(options: KeaStartOptions): Record<string, unknown> {
    const subnet = {
      id: 1,
      subnet: this.subnet,
      pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
      ...options.subnet,
    };
    if (!options.sharedNetwork) return { subnet6: [{ ...subnet, interface: this.serverIface }] };
    return { 'shared-networks': [{ name: 'net', interface: this.serverIface, subnet6: [subnet] }] };
  }

  private async waitForLinkLocal(ns: string, iface: string): Promise<string> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const text = await run(IP, ['-n', ns, '-6', '-j', 'addr', 'show', 'dev', iface]);
      const info = JSON.parse(text) as Array<{
        addr_info?: Array<{ local: string; scope: string; tentative?: boolean }>;
      }>;
      const found = info[0]?.addr_info?.find((a) => a.scope === 'link' && !a.tentative);
      if (found) return found.local;
      if (Date.now() > deadline) throw new Error(`no link-local address on ${iface} in ${ns} after 5 s`);
      await sleep(50);
    }
  }

  /** Kea is ready once some socket in its namespace is bound to UDP 547 (0223 in /proc). */
  private async waitForPort547(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.kea?.exitCode !== null || this.kea?.signalCode !== null)
        throw new Error('kea-dhcp6 exited at start');
      const table = await run(IP, ['netns', 'exec', this.keaNs, 'cat', '/proc/net/udp6']);
      if (/^\s*\d+: [0-9A-F]+:0223 /m.test(table)) return;
      if (Date.now() > deadline) throw new Error('kea-dhcp6 did not bind UDP 547 within 10 s');
      await sleep(50);
    }
  }

  /**
   * Sends a batch of messages from the client namespace and returns their replies in the same
   * order (undefined: none within `timeoutMs`, e.g. Kea dropped it). The messages need
   * distinct transaction ids: replies are matched by them.
   */
  async exchange(messages: readonly Uint8Array[], timeoutMs = 2_500): Promise<Array<Uint8Array | undefined>> {
    if (this.kea?.exitCode !== null || this.kea?.signalCode !== null) {
      throw new Error(`kea-dhcp6 is not running; its output:\n${this.output.slice(-3000)}`);
    }
    const batch = join(this.dir, `batch-${Date.now()}.json`);
    writeFileSync(
      batch,
      JSON.stringify({
        iface: this.clientIface,
        timeoutMs,
        resendMs: 1_000,
        packets: messages.map((m) => Buffer.from(m).toString('hex')),
      }),
    );
    // Bounded: the sender is killed (by pid, through execFile's timeout) if it overstays.
    const stdout = await run(
      IP,
      ['netns', 'exec', this.clientNs, process.execPath, SENDER, batch],
      timeoutMs + 10_000,
    );
    const replies = JSON.parse(stdout) as Array<string | null>;
    if (replies.length !== messages.length)
      throw new Error(`sender answered ${replies.length} of ${messages.length}`);
    return replies.map((reply) => (reply === null ? undefined : Uint8Array.from(Buffer.from(reply, 'hex'))));
  }

  /** Stops Kea by pid (SIGTERM, then SIGKILL after 5 s) and removes namespaces and files. */
  async stop(): Promise<void> {
    const kea = this.kea;
    if (kea?.pid !== undefined && kea.exitCode === null && kea.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => kea.kill('SIGKILL'), 5_000);
        const giveUp = setTimeout(resolve, 8_000);
        kea.once('exit', () => {
          clearTimeout(force);
          clearTimeout(giveUp);
          resolve();
        });
        kea.kill('SIGTERM');
      });
    }
    const problems: string[] = [];
    for (const ns of this.created.splice(0)) {
      try {
        // Deleting a namespace removes the veth end inside it, and so the pair.
        execFileSync(IP, ['netns', 'del', ns], { stdio: 'pipe', timeout: 10_000 });
      } catch (error) {
        if (!/No such file/.test(String((error as { stderr?: unknown }).stderr)))
          problems.push(String(error));
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`teardown: ${problems.join('; ')}`);
  }

  /** Kea's configuration as written, for failure messages. */
  configText(): string {
    return readFileSync(join(this.dir, 'kea-dhcp6.json'), 'utf8');
  }
}
