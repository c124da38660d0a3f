import { join } from 'node:path';
import { TestkitError } from './errors.js';
import { checkInterfaceName, checkNamePart } from './names.js';
import type { Namespace, TestNetwork } from './network.js';
import type { NsProcess } from './ns-process.js';

export interface DhcrelayOptions {
  ns: Namespace;
  /** Names the relay's files and process: <tag>.pid. */
  tag: string;
  /** Client-facing interfaces (-l). The relay's global address on each is its link-address. */
  lower: readonly string[];
  /** Where to relay to (-u): "SERVER-ADDRESS%INTERFACE", e.g. "2001:db8:ffff::1%v-up". */
  upper: string;
  /** Bound on waiting for the relay to bind UDP 547. Default 5 s. */
  timeoutMs?: number;
}

/**
 * ISC dhcrelay -6 in the foreground (-d), its pid file in the network's folder. Note that the
 * server must listen on a unicast address of its upstream link for relayed traffic to reach it
 * (Kea: "interfaces": ["IF/ADDRESS"]).
 */
export class Dhcrelay {
  private constructor(
    readonly options: DhcrelayOptions,
    readonly process: NsProcess,
  ) {}

  /** Starts the relay and resolves once it has bound UDP 547 in its namespace. */
  static async start(network: TestNetwork, options: DhcrelayOptions): Promise<Dhcrelay> {
    checkNamePart(options.tag, 'dhcrelay tag');
    if (options.lower.length === 0)
      throw new TestkitError('BAD_INPUT', 'dhcrelay: no client-facing interface');
    options.lower.forEach(checkInterfaceName);
    const upper = /^([0-9a-fA-F:]+)%(.+)$/.exec(options.upper);
    if (!upper)
      throw new TestkitError('BAD_INPUT', `dhcrelay: upper must be ADDRESS%INTERFACE, not ${options.upper}`);
    checkInterfaceName(upper[2]!);
    const child = network.spawn(options.ns, `${options.tag}-dhcrelay`, [
      'dhcrelay',
      '-6',
      '-d',
      '-pf',
      join(network.dir, `${options.tag}.pid`),
      ...options.lower.flatMap((ifname) => ['-l', ifname]),
      '-u',
      options.upper,
    ]);
    const relay = new Dhcrelay(options, child);
    const timeoutMs = options.timeoutMs ?? 5_000;
    try {
      // dhcrelay binds 547 before it checks its interfaces, so the port alone does not mean
      // ready: wait for it to report a socket on every interface it was given
      for (const ifname of new Set([...options.lower, upper[2]!]))
        await child.waitForOutput(
          new RegExp(`^Sending on\\s+Socket/${ifname.replace(/\./g, '\\.')}$`, 'm'),
          timeoutMs,
        );
      await options.ns.waitForUdpPort(547, timeoutMs, child);
    } catch (error) {
      await child.stop(1_000);
      throw error;
    }
    return relay;
  }

  output(): string {
    return this.process.output();
  }

  /** Stops the relay by pid (SIGTERM, bounded, SIGKILL). */
  async stop(): Promise<void> {
    await this.process.stop(3_000);
  }
}
