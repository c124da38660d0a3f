/**
 * Runs ISC kea-dhcp6 2.2 inside a throw-away network namespace joined to this one by a veth
 * pair, so a test can send it real DHCPv6 messages and read its replies. Everything it creates
 * (namespace, veth, temp dir, the Kea process) is removed by stop(), also after failures.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEA_DHCP6 } from './kea.js';

const IP = '/usr/sbin/ip';

/** Whether this process may create network namespaces (root with iproute2 and Kea installed). */
export function canRunKeaInNamespace(): { ok: boolean; reason: string } {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root' };
  try {
    execFileSync(IP, ['netns', 'list'], { stdio: 'pipe' });
    execFileSync(KEA_DHCP6, ['-v'], { stdio: 'pipe' });
  } catch (error) {
    return { ok: false, reason: `ip netns or ${KEA_DHCP6} unavailable: ${(error as Error).message}` };
  }
  return { ok: true, reason: '' };
}

export class KeaInNamespace {
  readonly namespace = `codec${process.pid}`;
  readonly clientIface = `cdc${process.pid % 100000}c`;
  readonly serverIface = `cdc${process.pid % 100000}k`;
  readonly clientAddress = 'fe80::c1';
  private dir = '';
  private kea: ChildProcess | undefined;
  private log: string[] = [];

  private ip(...args: string[]): void {
    execFileSync(IP, args, { stdio: 'pipe', timeout: 10_000 });
  }

  /** Creates the namespace and veth pair and starts Kea with `dhcp6` as its Dhcp6 section. */
  start(dhcp6: object): void {
    this.dir = mkdtempSync(join(tmpdir(), 'codec-kea-net-'));
    this.ip('netns', 'add', this.namespace);
    this.ip('link', 'add', this.clientIface, 'type', 'veth', 'peer', 'name', this.serverIface);
    this.ip('link', 'set', this.serverIface, 'netns', this.namespace);
    this.ip('addr', 'add', `${this.clientAddress}/64`, 'dev', this.clientIface, 'nodad');
    this.ip('link', 'set', this.clientIface, 'up');
    this.ip(
      'netns',
      'exec',
      this.namespace,
      IP,
      'addr',
      'add',
      'fe80::5e/64',
      'dev',
      this.serverIface,
      'nodad',
    );
    this.ip('netns', 'exec', this.namespace, IP, 'link', 'set', this.serverIface, 'up');
    const config = {
      Dhcp6: {
        ...dhcp6,
        'interfaces-config': { interfaces: [this.serverIface] },
        'lease-database': { type: 'memfile', persist: false },
        'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0102', persist: false },
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: this.serverIface,
            pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
          },
        ],
        loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'WARN' }],
      },
    };
    const file = join(this.dir, 'kea-dhcp6.json');
    writeFileSync(file, JSON.stringify(config));
    // `ip netns exec` execs Kea in place, so this PID is Kea's own.
    this.kea = spawn(IP, ['netns', 'exec', this.namespace, KEA_DHCP6, '-c', file], {
      env: { ...process.env, KEA_PIDFILE_DIR: this.dir, KEA_LOCKFILE_DIR: this.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.kea.stdout?.on('data', (chunk) => this.log.push(String(chunk)));
    this.kea.stderr?.on('data', (chunk) => this.log.push(String(chunk)));
  }

  /**
   * Sends `message` to ff02::1:2 on the veth and returns the first reply; retries every 250 ms
   * (Kea may still be starting) and gives up after `timeoutMs`.
   */
  exchange(message: Uint8Array, timeoutMs = 10_000): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type: 'udp6', reuseAddr: true });
      let timer: NodeJS.Timeout | undefined;
      let deadline: NodeJS.Timeout | undefined;
      let done = false;
      let exited: () => void = () => {};
      const finish = (error: Error | undefined, reply?: Uint8Array) => {
        if (done) return;
        done = true;
        this.kea?.removeListener('exit', exited);
        clearInterval(timer);
        clearTimeout(deadline);
        socket.close();
        if (error) reject(error);
        else resolve(reply!);
      };
      socket.on('error', (error) => finish(error));
      // A configuration Kea refuses makes it exit at once: report that instead of waiting.
      exited = () => finish(new Error(`kea-dhcp6 exited; its log:\n${this.log.join('')}`));
      this.kea?.once('exit', exited);
      socket.on('message', (reply) => finish(undefined, new Uint8Array(reply)));
      socket.bind({ port: 546, address: `${this.clientAddress}%${this.clientIface}` }, () => {
        const send = () => socket.send(message, 547, `ff02::1:2%${this.clientIface}`);
        send();
        timer = setInterval(send, 250);
        deadline = setTimeout(
          () => finish(new Error(`no reply from Kea within ${timeoutMs} ms; Kea log:\n${this.log.join('')}`)),
          timeoutMs,
        );
      });
    });
  }

  /** Stops Kea by PID (bounded wait) and removes the namespace, veth and files. */
  async stop(): Promise<void> {
    const kea = this.kea;
    if (kea && kea.exitCode === null && kea.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => kea.kill('SIGKILL'), 5_000);
        kea.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        kea.kill('SIGTERM');
      });
    }
    try {
      this.ip('link', 'del', this.clientIface);
    } catch {
      // already gone with the namespace or never created
    }
    try {
      this.ip('netns', 'del', this.namespace);
    } catch {
      // never created
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
