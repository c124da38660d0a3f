import { isDeepStrictEqual } from 'node:util';
import { type Logger, LongTimer } from '@nestor/daemon';
import type { DatagramPath } from './datagram-path.js';
import { type Endpoint, openEndpoint } from './endpoints.js';
import type { InterfacePlan } from './interfaces.js';

/** All_DHCP_Relay_Agents_and_Servers (RFC 8415 section 7.1). */
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';

/** A datagram as the pipeline sees it: bytes plus where it came from and how to answer. */
export interface Datagram {
  data: Buffer;
  /** Source address without scope. */
  remoteAddress: string;
  remotePort: number;
  /** The server port it was received on (547 unless -p says otherwise). */
  localPort?: number;
  /** The interface the packet came in on. */
  interfaceName: string;
  /** The address the packet was sent to: ff02::1:2, the link-local or a global unicast address. */
  localAddress: string;
  /** Sent to ff02::1:2 rather than to one of our unicast addresses. */
  multicast: boolean;
  /** Sends bytes from the socket best placed to answer this packet. */
  reply(data: Uint8Array, address: string, port: number): void;
}

export interface SocketPolicy {
  requireAll: boolean;
  maxRetries: number;
  retryWaitMs: number;
}

/** fe80::...%if: the kernel ties a socket bound to it to that interface. */
function isScopedLinkLocal(address: string): boolean {
  return address.startsWith('fe80:') && address.includes('%');
}

interface Bound {
  endpoint: Endpoint;
  plan: InterfacePlan;
  address: string;
}

/**
 * The server's UDP sockets: per interface, one bound to ff02::1:2 on that interface (joined as a
 * multicast group) and one per unicast address (the link-local one, replies go out through it,
 * and any configured global address for relays that send to it).
 */
export class ServiceSockets {
  private bound: Bound[] = [];
  // service-sockets-retry-wait-time is up to 2^32-1 ms, past what setTimeout holds.
  private retryTimers: LongTimer[] = [];
  private closed = false;

  constructor(
    private readonly port: number,
    private readonly log: Logger,
    private readonly onDatagram: (datagram: Datagram) => void,
    /** node:dgram, or the batched native addon (chooseDatagramPath). */
    private readonly path: DatagramPath = 'dgram',
  ) {}

  /** Sends the kernel refused (EAGAIN, unreachable ...), each also logged. */
  sendFailures = 0;

  /** What open() was asked to bind. */
  private plans: readonly InterfacePlan[] | undefined;

  /** Whether every socket of these plans is bound (and nothing else): the same plan, all open. */
  isOpenFor(plans: readonly InterfacePlan[]): boolean {
    if (this.closed || this.plans === undefined || !isDeepStrictEqual(this.plans, plans)) return false;
    const wanted = plans.reduce((n, p) => n + (p.multicast ? 1 : 0) + p.unicast.length, 0);
    return this.bound.length === wanted;
  }

  /** Binds every planned socket; failures are logged and retried per policy. */
  async open(plans: readonly InterfacePlan[], policy: SocketPolicy): Promise<void> {
    this.plans = plans;
    const failures: { plan: InterfacePlan; address: string; multicast: boolean }[] = [];
    for (const plan of plans) {
      const targets = [
        ...(plan.multicast ? [{ address: ALL_DHCP_RELAY_AGENTS_AND_SERVERS, multicast: true }] : []),
        ...plan.unicast.map((address) => ({ address, multicast: false })),
      ];
      for (const target of targets) {
        const error = await this.bindOne(plan, target.address, target.multicast);
        if (error) failures.push({ plan, ...target });
      }
    }
    if (failures.length === 0) return;
    if (policy.maxRetries > 0) {
      const retried = failures.map((f) => this.retry(f.plan, f.address, f.multicast, policy));
      if (policy.requireAll) {
        const results = await Promise.all(retried);
        if (results.some((ok) => !ok)) throw new Error('not all service sockets could be opened');
      }
      return;
    }
    if (policy.requireAll) throw new Error('not all service sockets could be opened');
  }

  /** Closes every socket and cancels pending retries. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) timer.clear();
    this.retryTimers = [];
    await Promise.all(this.bound.map(({ endpoint }) => endpoint.close()));
    this.bound = [];
  }

  /** Number of bound sockets (for tests and status). */
  get count(): number {
    return this.bound.length;
  }

  private retry(
    plan: InterfacePlan,
    address: string,
    multicast: boolean,
    policy: SocketPolicy,
  ): Promise<boolean> {
    return new Promise((resolve) => {
      let attempt = 0;
      const again = (): void => {
        if (this.closed) {
          resolve(false);
          return;
        }
        attempt++;
        void this.bindOne(plan, address, multicast).then((error) => {
          if (!error) resolve(true);
          else if (attempt >= policy.maxRetries) resolve(false);
          else this.retryTimers.push(new LongTimer(again, policy.retryWaitMs));
        });
      };
      this.retryTimers.push(new LongTimer(again, policy.retryWaitMs));
    });
  }

  /** Binds one socket; resolves with the error, or undefined when bound. */
  private async bindOne(
    plan: InterfacePlan,
    address: string,
    multicast: boolean,
  ): Promise<Error | undefined> {
    const bindAddress = multicast ? `${address}%${plan.name}` : address;
    const localAddress = address.replace(/%.*$/, '');
    const interfaceName = plan.name;
    const localPort = this.port;
    // Filled in once bound; the reply function reads it only when a datagram has come in.
    let self: Bound | undefined;
    // Replies to a multicast query leave through the interface's link-local socket.
    const replyFrom = (): Bound | undefined =>
      multicast ? (this.bound.find((b) => b.plan === plan && b.address !== address) ?? self) : self;
    // One reply function per socket, shared by its datagrams: nothing in it is per packet.
    const reply = (bytes: Uint8Array, to: string, port: number): void => {
      const from = replyFrom();
      // A socket bound to a scoped link-local address sends through that interface: naming the
      // scope again would cost the runtime an interface-name lookup (three system calls) per send.
      const onInterface =
        to.startsWith('fe80:') && !to.includes('%') && !isScopedLinkLocal(from?.address ?? '');
      try {
        if (!from) throw new Error('Not running');
        from.endpoint.send(bytes, to, port, onInterface);
      } catch (err) {
        // The socket closed while this packet was being answered (reconfiguration, stop).
        this.log.warn(
          'DHCP6_PACKET_SEND_FAIL',
          `failed to send to ${onInterface ? `${to}%${plan.name}` : to} port ${port}: ${(err as Error).message}`,
        );
      }
    };
    let endpoint: Endpoint;
    try {
      endpoint = await openEndpoint(
        this.path,
        { interfaceName, bindAddress, port: this.port, joinGroup: multicast },
        {
          receive: (data, remoteAddress, remotePort) =>
            this.onDatagram({
              data,
              remoteAddress,
              remotePort,
              localPort,
              interfaceName,
              localAddress,
              multicast,
              reply,
            }),
          sendFailed: (err) => {
            this.sendFailures++;
            this.log.warn('DHCP6_PACKET_SEND_FAIL', `failed to send on ${plan.name}: ${err.message}`);
          },
          error: (err) =>
            this.log.error(
              'DHCP6_SOCKET_ERROR',
              `socket error on ${plan.name} (${bindAddress}): ${err.message}`,
            ),
        },
      );
    } catch (err) {
      this.log.error(
        'DHCP6_OPEN_SOCKET_FAIL',
        `failed to open socket on interface ${plan.name}, address ${bindAddress}, port ${this.port}: ${(err as Error).message}`,
      );
      return err as Error;
    }
    self = { endpoint, plan, address };
    this.bound.push(self);
    this.log.info(
      'DHCP6_SOCKET_OPENED',
      `listening on interface ${plan.name}, address ${bindAddress}, port ${this.port}`,
    );
    return undefined;
  }
}
