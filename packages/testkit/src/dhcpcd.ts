import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dhcpcdScript, parseScriptLog, type ScriptEvent } from './client-script.js';
import { TestkitError, tail } from './errors.js';
import { checkInterfaceName, checkNamePart } from './names.js';
import type { Namespace, TestNetwork } from './network.js';
import type { NsProcess } from './ns-process.js';
import { waitUntil } from './wait.js';

export interface DhcpcdOptions {
  ns: Namespace;
  iface: string;
  /** Names the files in the network's folder: <tag>.conf, <tag>.script, <tag>.script.log. */
  tag: string;
  /** IAID of the IA_NA to ask for; false for none. Default 1. */
  iaNa?: number | false;
  /** IA_PD to ask for (IAID and prefix length hint); default none. */
  iaPd?: { iaid: number; prefixLength: number };
  /** Ask for Rapid Commit (the server may still do the 4-way exchange). Default false. */
  rapidCommit?: boolean;
}

const IAID_MAX = 0xffffffff;

/**
 * The shell run under `unshare --mount`: dhcpcd keeps its DUID and leases in /var/lib/dhcpcd and
 * its pid file and control socket in /run/dhcpcd (compiled in, not settable), so a private
 * mount namespace gets a tmpfs over each; nothing dhcpcd writes reaches the host. /run/dhcpcd
 * may not exist on the host (and must not be created there), so the tmpfs goes over /run and
 * the folder is made inside it. `mount -n` keeps util-linux from recording the mounts in the
 * host's /run/mount/utab.
 */
const PRIVATE_MOUNTS = [
  'set -e',
  'if [ -d /var/lib/dhcpcd ]; then mount -n -t tmpfs -o mode=0755 nestor-dhcpcd /var/lib/dhcpcd;',
  'else mount -n -t tmpfs -o mode=0755 nestor-dhcpcd /var/lib; mkdir /var/lib/dhcpcd; fi',
  'mount -n -t tmpfs -o mode=0755 nestor-dhcpcd /run',
  'mkdir -p /run/dhcpcd',
  'exec dhcpcd -6 -B -d -f "$1" -c "$2" "$3"',
].join('\n');

/**
 * dhcpcd in DHCPv6-only mode (no router solicitation), in the foreground (-B), in a private
 * mount namespace so it never touches the host's files; "release" in its conf makes it send a
 * Release when it gets SIGTERM.
 */
export class Dhcpcd {
  private constructor(
    readonly options: DhcpcdOptions,
    readonly process: NsProcess,
    private readonly scriptLog: string,
  ) {}

  static start(network: TestNetwork, options: DhcpcdOptions): Dhcpcd {
    checkNamePart(options.tag, 'dhcpcd tag');
    checkInterfaceName(options.iface);
    const iaNa = options.iaNa ?? 1;
    const lines = ['ipv6only', 'noipv6rs', 'release'];
    if (options.rapidCommit) lines.push('option rapid_commit');
    lines.push(`interface ${options.iface}`);
    if (iaNa !== false) lines.push(`  ia_na ${checkIaid(iaNa)}`);
    if (options.iaPd) {
      const { iaid, prefixLength } = options.iaPd;
      if (!Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > 128)
        throw new TestkitError('BAD_INPUT', `dhcpcd: bad prefix length ${prefixLength}`);
      // "-": delegate to no interface; the test only wants the prefix
      lines.push(`  ia_pd ${checkIaid(iaid)}/::/${prefixLength} -`);
    }
    if (iaNa === false && !options.iaPd)
      throw new TestkitError('BAD_INPUT', 'dhcpcd: ask for IA_NA, IA_PD or both');
    const base = join(network.dir, options.tag);
    const scriptLog = `${base}.script.log`;
    writeFileSync(`${base}.conf`, `${lines.join('\n')}\n`);
    writeFileSync(`${base}.script`, dhcpcdScript(scriptLog), { mode: 0o755 });
    const child = network.spawn(options.ns, `${options.tag}-dhcpcd`, [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      PRIVATE_MOUNTS,
      'sh',
      `${base}.conf`,
      `${base}.script`,
      options.iface,
    ]);
    return new Dhcpcd(options, child, scriptLog);
  }

  output(): string {
    return this.process.output();
  }

  events(): ScriptEvent[] {
    try {
      return parseScriptLog(readFileSync(this.scriptLog, 'utf8'));
    } catch {
      return [];
    }
  }

  /** Waits (bounded) for a global address on the interface that `accept` takes; returns it. */
  async waitForAddress(accept: (address: string) => boolean, timeoutMs = 20_000): Promise<string> {
    return waitUntil(async () => (await this.options.ns.globalAddresses(this.options.iface)).find(accept), {
      timeoutMs,
      intervalMs: 200,
      what: `dhcpcd (${this.options.tag}) to configure an address on ${this.options.iface}`,
      abortIf: () => this.exitedReason(),
    });
  }

  /** Waits (bounded) for dhcpcd to report a delegated prefix; returns it ("2001:db8:8000::/56"). */
  async waitForDelegatedPrefix(timeoutMs = 20_000): Promise<{ prefix: string; length: number }> {
    const match = await waitUntil(
      () => /delegated prefix ([0-9a-f:]+)\/(\d+)/.exec(this.output()) ?? undefined,
      {
        timeoutMs,
        intervalMs: 200,
        what: `dhcpcd (${this.options.tag}) to report a delegated prefix`,
        abortIf: () => this.exitedReason(),
      },
    );
    return { prefix: match[1]!, length: Number(match[2]) };
  }

  /** SIGTERM: with "release" in its conf dhcpcd sends Release, then exits. Bounded. */
  async release(timeoutMs = 10_000): Promise<void> {
    this.process.signal('SIGTERM');
    await this.process.waitForExit(timeoutMs);
    if (!/RELEASE6/.test(this.output()))
      throw new TestkitError(
        'COMMAND_FAILED',
        `dhcpcd (${this.options.tag}) exited without releasing:\n${tail(this.output())}`,
      );
  }

  private exitedReason(): string | undefined {
    return this.process.running ? undefined : `dhcpcd exited; output:\n${tail(this.output())}`;
  }
}

function checkIaid(iaid: number): number {
  if (!Number.isInteger(iaid) || iaid < 0 || iaid > IAID_MAX)
    throw new TestkitError('BAD_INPUT', `bad IAID ${iaid}`);
  return iaid;
}
