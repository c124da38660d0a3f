import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestkitError } from './errors.js';
import { requireRoot, runChecked } from './exec.js';
import {
  type InterfaceAddress,
  listNamespaces,
  namespacePids,
  parseIpAddrJson,
  parseProcNetUdpPorts,
} from './ip.js';
import { checkInterfaceName, checkMac, checkNamePart, currentRunId, runNamespacePrefix } from './names.js';
import { NsProcess } from './ns-process.js';
import { isAlive, netnsInodeOf, stopPids } from './pids.js';
import { waitUntil } from './wait.js';

export interface TestNetworkOptions {
  /** A short word naming the test (a-z, 0-9, -): part of every namespace name. */
  tag: string;
  /** Groups the namespaces of a run; default NESTOR_NETNS_RUN, else this process. */
  runId?: string;
  /** Keep the work folder after destroy() (also NESTOR_E2E_KEEP=1), for a look after a failure. */
  keepFiles?: boolean;
  /** SIGTERM-to-SIGKILL grace for the processes stopped by destroy(). */
  stopGraceMs?: number;
}

export interface LinkOptions {
  macA?: string;
  macB?: string;
  /** Bound on waiting for both link-local addresses (default 5 s). */
  timeoutMs?: number;
}

export interface TrackedPid {
  pid: number;
  label: string;
}

// Sysctls for every namespace and every interface: no duplicate address detection (addresses
// are usable at once, no "tentative" window), no router advertisements (DHCPv6 only), no
// forwarding (a relay namespace relays at the application layer).
const NAMESPACE_SYSCTLS = [
  'net.ipv6.conf.all.accept_dad=0',
  'net.ipv6.conf.default.accept_dad=0',
  'net.ipv6.conf.all.dad_transmits=0',
  'net.ipv6.conf.default.dad_transmits=0',
  'net.ipv6.conf.all.accept_ra=0',
  'net.ipv6.conf.default.accept_ra=0',
  'net.ipv6.conf.all.forwarding=0',
];
const interfaceSysctls = (ifname: string) => [
  `net.ipv6.conf.${ifname}.accept_dad=0`,
  `net.ipv6.conf.${ifname}.dad_transmits=0`,
  `net.ipv6.conf.${ifname}.accept_ra=0`,
];

let networkSequence = 0;

/**
 * A set of network namespaces joined by veth pairs, made for one test and torn down by
 * destroy(). Names are unique per run and process, so concurrent runs never collide. Every
 * process started inside (or adopted from a pid file) is tracked by pid; destroy() stops
 * them, then anything else left in the namespaces, then deletes the namespaces, and removes
 * the work folder. destroy() is idempotent, so afterAll/afterEach may both call it.
 */
export class TestNetwork {
  /** Every namespace name of this network starts with this. */
  readonly prefix: string;
  /** A private work folder (configs, logs, lease files) removed by destroy(). */
  readonly dir: string;
  private readonly namespaces: Namespace[] = [];
  private readonly tracked: TrackedPid[] = [];
  private readonly processes: NsProcess[] = [];
  private teardown: Promise<void> | undefined;
  private readonly keepFiles: boolean;
  private readonly stopGraceMs: number;
  private processSequence = 0;

  constructor(options: TestNetworkOptions) {
    requireRoot();
    const tag = checkNamePart(options.tag, 'network tag');
    const run = options.runId ?? currentRunId();
    networkSequence += 1;
    this.prefix = `${runNamespacePrefix(run)}${process.pid.toString(36)}${networkSequence}${tag}-`;
    this.keepFiles = options.keepFiles ?? process.env['NESTOR_E2E_KEEP'] === '1';
    this.stopGraceMs = options.stopGraceMs ?? 5_000;
    this.dir = mkdtempSync(join(tmpdir(), `nestor-${tag}-`));
    // the clients drop privileges for some work (dhcpcd's privsep): keep the folder readable
    chmodSync(this.dir, 0o755);
  }

  get destroyed(): boolean {
    return this.teardown !== undefined;
  }

  /** Pids being tracked for teardown, oldest first. */
  get pids(): readonly TrackedPid[] {
    return this.tracked;
  }

  /** The programs started with spawn()/run(), oldest first (their logs explain failures). */
  get programs(): readonly NsProcess[] {
    return this.processes;
  }

  /** Names of the namespaces made so far. */
  get namespaceNames(): string[] {
    return this.namespaces.map((ns) => ns.name);
  }

  /** Makes namespace `<prefix><short>`: loopback up, DAD, RA and forwarding off. */
  async addNamespace(short: string): Promise<Namespace> {
    this.assertUsable();
    const name = this.prefix + checkNamePart(short, 'namespace name');
    if (this.namespaces.some((ns) => ns.name === name))
      throw new TestkitError('BAD_INPUT', `namespace ${short} exists already in this network`);
    const ns = new Namespace(this, name);
    // recorded before it exists, so a half-made namespace is still deleted by destroy()
    this.namespaces.push(ns);
    await runChecked('ip', ['netns', 'add', name]);
    await ns.sysctl(NAMESPACE_SYSCTLS);
    await runChecked('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    return ns;
  }

  /**
   * A veth pair with one end born in each namespace, DAD and RA off on both, both up; returns
   * once both ends have a usable (non-tentative) link-local address.
   */
  async link(a: Namespace, aIf: string, b: Namespace, bIf: string, options: LinkOptions = {}): Promise<void> {
    this.assertUsable();
    this.assertOwn(a);
    this.assertOwn(b);
    checkInterfaceName(aIf);
    checkInterfaceName(bIf);
    const macA = options.macA === undefined ? [] : ['address', checkMac(options.macA)];
    const macB = options.macB === undefined ? [] : ['address', checkMac(options.macB)];
    await runChecked('ip', [
      '-n',
      a.name,
      'link',
      'add',
      'name',
      aIf,
      ...macA,
      'type',
      'veth',
      'peer',
      'name',
      bIf,
      ...macB,
      'netns',
      b.name,
    ]);
    await a.sysctl(interfaceSysctls(aIf));
    await b.sysctl(interfaceSysctls(bIf));
    await runChecked('ip', ['-n', a.name, 'link', 'set', 'dev', aIf, 'up']);
    await runChecked('ip', ['-n', b.name, 'link', 'set', 'dev', bIf, 'up']);
    const timeoutMs = options.timeoutMs ?? 5_000;
    await Promise.all([a.waitForLinkLocal(aIf, timeoutMs), b.waitForLinkLocal(bIf, timeoutMs)]);
  }

  /**
   * Starts a program inside a namespace in the background; its output goes to
   * `<dir>/<label>.log`; its pid is tracked for teardown.
   */
  spawn(ns: Namespace, label: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): NsProcess {
    this.assertUsable();
    this.assertOwn(ns);
    if (argv.length === 0) throw new TestkitError('BAD_INPUT', `nothing to run for ${label}`);
    checkNamePart(label, 'process label');
    this.processSequence += 1;
    const logPath = join(this.dir, `${label}.${this.processSequence}.log`);
    const child = new NsProcess(label, ns.name, argv, logPath, env);
    this.processes.push(child);
    this.track(child.pid, label);
    return child;
  }

  /** Runs a program inside a namespace to its end (bounded), tracked while it runs. */
  async run(
    ns: Namespace,
    label: string,
    argv: readonly string[],
    timeoutMs: number,
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
    const child = this.spawn(ns, label, argv, env);
    const status = await child.waitForExit(timeoutMs);
    return { ...status, output: child.output() };
  }

  /** Tracks a pid this test started some other way, for teardown. */
  track(pid: number, label: string): void {
    if (!Number.isSafeInteger(pid) || pid <= 0) throw new TestkitError('BAD_INPUT', `bad pid ${pid}`);
    this.tracked.push({ pid, label });
  }

  /**
   * Tracks a pid read from a daemon's pid file, but only if that process lives in one of this
   * network's namespaces: a stale pid file must never make teardown kill a stranger.
   */
  adopt(pid: number, label: string): void {
    if (!isAlive(pid)) throw new TestkitError('FOREIGN_PID', `${label}: pid ${pid} is not running`);
    const inode = netnsInodeOf(pid);
    if (inode === undefined || !this.namespaces.some((ns) => ns.inode() === inode))
      throw new TestkitError('FOREIGN_PID', `${label}: pid ${pid} is not in a namespace of ${this.prefix}*`);
    this.track(pid, label);
  }

  /** Stops everything and deletes the namespaces; safe to call any number of times. */
  destroy(): Promise<void> {
    this.teardown ??= this.tearDown();
    return this.teardown;
  }

  private async tearDown(): Promise<void> {
    const problems: string[] = [];
    // 1. the processes we know by pid, newest first (clients before the server they talk to)
    const known = [...this.tracked].reverse().map((t) => t.pid);
    const stuck = await stopPids(known, this.stopGraceMs);
    if (stuck.length > 0) problems.push(`pids ${stuck.join(', ')} survived SIGKILL`);
    // 2. anything else still inside our namespaces (forked helpers, daemons we never saw)
    for (const ns of this.namespaces) {
      const left = (await namespacePids(ns.name)).filter(isAlive);
      const still = await stopPids(left, 2_000);
      if (still.length > 0) problems.push(`pids ${still.join(', ')} in ${ns.name} survived SIGKILL`);
    }
    // 3. the namespaces (deleting a namespace removes the veth ends inside it)
    const existing = new Set(await listNamespaces().catch(() => this.namespaceNames));
    for (const ns of this.namespaces) {
      if (!existing.has(ns.name)) continue;
      try {
        await runChecked('ip', ['netns', 'del', ns.name]);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const left = (await listNamespaces().catch(() => [])).filter((name) => name.startsWith(this.prefix));
    if (left.length > 0) problems.push(`namespaces left behind: ${left.join(', ')}`);
    if (!this.keepFiles) rmSync(this.dir, { recursive: true, force: true });
    if (problems.length > 0)
      throw new TestkitError('TEARDOWN', `teardown of ${this.prefix}*: ${problems.join('; ')}`);
  }

  private assertUsable(): void {
    if (this.teardown) throw new TestkitError('DESTROYED', `network ${this.prefix}* was destroyed`);
  }

  private assertOwn(ns: Namespace): void {
    if (!this.namespaces.includes(ns))
      throw new TestkitError('BAD_INPUT', `namespace ${ns.name} does not belong to ${this.prefix}*`);
  }
}

/** One namespace of a TestNetwork: runs commands inside it and inspects its addresses and sockets. */
export class Namespace {
  private cachedInode: number | undefined;

  constructor(
    readonly network: TestNetwork,
    readonly name: string,
  ) {}

  /** The namespace's inode (what /proc/PID/ns/net of a process inside it names). */
  inode(): number | undefined {
    if (this.cachedInode === undefined) {
      try {
        this.cachedInode = statSync(`/run/netns/${this.name}`).ino;
      } catch {
        return undefined;
      }
    }
    return this.cachedInode;
  }

  /** Runs a short helper inside the namespace, bounded; throws COMMAND_FAILED unless it exits 0. */
  async exec(argv: readonly string[], timeoutMs = 10_000): Promise<string> {
    const [program, ...args] = argv;
    if (program === undefined) throw new TestkitError('BAD_INPUT', 'nothing to execute');
    return (await runChecked('ip', ['netns', 'exec', this.name, program, ...args], timeoutMs)).stdout;
  }

  async sysctl(settings: readonly string[]): Promise<void> {
    await this.exec(['sysctl', '-qw', ...settings]);
  }

  /** IPv6 addresses on an interface (all scopes), as `ip -j -6 addr` reports them. */
  async addresses(ifname: string): Promise<InterfaceAddress[]> {
    checkInterfaceName(ifname);
    const { stdout } = await runChecked('ip', ['-n', this.name, '-j', '-6', 'addr', 'show', 'dev', ifname]);
    return parseIpAddrJson(stdout.trim());
  }

  /** Global-scope IPv6 addresses on an interface, without prefix length. */
  async globalAddresses(ifname: string): Promise<string[]> {
    return (await this.addresses(ifname)).filter((a) => a.scope === 'global').map((a) => a.address);
  }

  /** The interface's usable (non-tentative) link-local address, if it has one yet. */
  async linkLocal(ifname: string): Promise<string | undefined> {
    const found = (await this.addresses(ifname)).find(
      (a) => a.scope === 'link' && a.address.startsWith('fe80:') && !a.tentative,
    );
    return found?.address;
  }

  async waitForLinkLocal(ifname: string, timeoutMs = 5_000): Promise<string> {
    return waitUntil(() => this.linkLocal(ifname), {
      timeoutMs,
      what: `a link-local address on ${ifname} in ${this.name}`,
    });
  }

  /** Adds an address (CIDR) with no DAD, so it is usable at once. */
  async addAddress(ifname: string, cidr: string): Promise<void> {
    checkInterfaceName(ifname);
    checkCidr(cidr);
    await runChecked('ip', ['-n', this.name, '-6', 'addr', 'add', cidr, 'dev', ifname, 'nodad']);
  }

  async deleteAddress(ifname: string, cidr: string): Promise<void> {
    checkInterfaceName(ifname);
    checkCidr(cidr);
    await runChecked('ip', ['-n', this.name, '-6', 'addr', 'del', cidr, 'dev', ifname]);
  }

  /** Local ports of the UDP sockets (v4 and v6) bound inside the namespace. */
  async udpPorts(): Promise<Set<number>> {
    return parseProcNetUdpPorts(await this.exec(['cat', '/proc/net/udp', '/proc/net/udp6']));
  }

  /**
   * Waits (bounded) until some socket in the namespace is bound to UDP `port`; when `process`
   * is given, fails at once if it exits first (a server that died is not "slow to start").
   */
  async waitForUdpPort(port: number, timeoutMs = 10_000, watched?: NsProcess): Promise<void> {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new TestkitError('BAD_INPUT', `bad port ${port}`);
    await waitUntil(async () => (await this.udpPorts()).has(port), {
      timeoutMs,
      intervalMs: 100,
      what: `UDP port ${port} bound in ${this.name}`,
      abortIf: () =>
        watched && !watched.running
          ? `${watched.label} exited before binding it:\n${watched.output()}`
          : undefined,
    });
  }
}

function checkCidr(cidr: string): void {
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) throw new TestkitError('BAD_INPUT', `bad address ${cidr}`);
}
