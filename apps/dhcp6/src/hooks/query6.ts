import { networkInterfaces } from 'node:os';
import type { ClientServerMessage, Dhcp6Option, RelayLayer } from '@nestor/codec';
import type { Query } from '../query.js';

/**
 * A received client message as a hook's callout sees it (Kea's query6): what it carries, where
 * it came from, and its client classes, to which a callout may add (a class added at
 * pkt6_receive steers subnet, pool and option selection like any other).
 */
export class Query6 {
  /** Classes a callout added while the configuration classifies nothing (no class could use them). */
  private readonly added: string[] = [];

  constructor(private readonly q: Query) {}

  get type(): number {
    return this.q.message.msgType;
  }

  get transactionId(): number {
    return this.q.message.transactionId;
  }

  /** The decoded client message (inside any relay layers). */
  get message(): ClientServerMessage {
    return this.q.message;
  }

  /** The relay layers, outermost first. */
  get relays(): readonly RelayLayer[] {
    return this.q.relays;
  }

  /** The client DUID as lease files write it (hex with colons), '' without a client-id. */
  get duid(): string {
    return this.q.duid;
  }

  get remoteAddress(): string {
    return this.q.datagram.remoteAddress;
  }

  get remotePort(): number {
    return this.q.datagram.remotePort;
  }

  /** Where it was received: ff02::1:2, or the unicast address it was sent to. */
  get localAddress(): string {
    return this.q.datagram.localAddress;
  }

  get localPort(): number {
    return this.q.datagram.localPort ?? 547;
  }

  get interfaceName(): string {
    return this.q.datagram.interfaceName;
  }

  /** The kernel's index of the receiving interface (0 when it has no IPv6 link-local address). */
  get interfaceIndex(): number {
    // Looked up when asked (run_script asks once per lease event), never on the packet path.
    const addresses = networkInterfaces()[this.q.datagram.interfaceName] ?? [];
    return addresses.find((a) => a.family === 'IPv6' && a.scopeid)?.scopeid ?? 0;
  }

  /** The first option of the client message with this code. */
  getOption(code: number): Dhcp6Option | undefined {
    return this.q.message.options.find((o) => o.code === code);
  }

  getOptions(code: number): Dhcp6Option[] {
    return this.q.message.options.filter((o) => o.code === code);
  }

  /** The packet's classes so far, in the order they were assigned. */
  get classes(): string[] {
    return this.q.classes ? [...this.q.classes.classes.toArray()] : [...this.added];
  }

  inClass(name: string): boolean {
    return this.q.classes ? this.q.classes.has(name) : this.added.includes(name);
  }

  addClass(name: string): void {
    if (this.q.classes) this.q.classes.add(name);
    else if (!this.added.includes(name)) this.added.push(name);
  }
}
