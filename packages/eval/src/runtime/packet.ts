/**
 * What an expression can look at, and the per-packet context that serves it. The server
 * builds one EvalContext per received packet and hands it to every class test, so facts that
 * cost something to derive (address bytes, re-encoded options, the parsed vendor-class) are
 * computed at most once per packet and only when a test asks for them.
 */
import type { Dhcp6Message, Dhcp6Option, RelayLayer } from '@nestor/codec';
import { decodeOptions, ipv6TextToBytes, parseIpv4 } from '@nestor/codec';
import { bytesToLatin1, uint32String } from './values.js';
import { parseVendorClass, type VendorClass } from './vendor.js';

/** The received packet, as the server knows it after decoding and unwrapping relays. */
export interface EvalPacket {
  /** The client's message: the innermost message after unwrapRelay(). */
  readonly message: Dhcp6Message;
  /** Relay layers, outermost (closest to the server, relay6[0]) first, as unwrapRelay() gives them. */
  readonly relays: readonly RelayLayer[];
  /** Name of the interface the packet arrived on (pkt.iface). */
  readonly iface: string;
  /** Source address of the datagram (pkt.src); a "%zone" suffix is ignored. */
  readonly remoteAddress: string;
  /** Destination address of the datagram (pkt.dst), e.g. ff02::1:2; a "%zone" suffix is ignored. */
  readonly localAddress: string;
}

/** The classes assigned so far, for member(); a Set<string> will do. */
export interface ClassMembership {
  has(name: string): boolean;
}

const NO_OPTIONS: readonly Dhcp6Option[] = [];

/**
 * The options of the client's message. Kea parses every non-relay message as type,
 * transaction id and options, also the types the codec keeps opaque (DHCPv4-QUERY, unknown
 * ones); a body that does not parse is one Kea would have dropped before classifying.
 */
function messageOptions(message: Dhcp6Message): readonly Dhcp6Option[] {
  if (message.kind === 'client-server') return message.options;
  if (message.kind === 'relay' || message.body.length < 3) return NO_OPTIONS;
  try {
    return decodeOptions(message.body.subarray(3));
  } catch {
    return NO_OPTIONS;
  }
}

/** An address as the 4 or 16 bytes Kea's IOAddress::toBytes() gives ('' if unparsable). */
function addressBytes(text: string): string {
  const bare = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (bare.includes(':')) {
    const bytes = ipv6TextToBytes(bare);
    return bytes ? bytesToLatin1(bytes) : '';
  }
  try {
    return bytesToLatin1(parseIpv4(bare));
  } catch {
    return '';
  }
}

export class EvalContext {
  readonly packet: EvalPacket;
  readonly classes: ClassMembership;
  /** The client message's options. */
  readonly options: readonly Dhcp6Option[];
  private srcValue: string | undefined;
  private dstValue: string | undefined;
  private payloads: Map<Dhcp6Option, Uint8Array> | undefined;
  private numbers: Map<string, number> | undefined;
  private vendorClassValue: VendorClass | null | undefined;

  constructor(packet: EvalPacket, classes: ClassMembership) {
    this.packet = packet;
    this.classes = classes;
    this.options = messageOptions(packet.message);
  }

  /** The first option with `code` in `options` (Kea's getOption: first of a multimap key). */
  static find(options: readonly Dhcp6Option[], code: number): Dhcp6Option | undefined {
    for (let i = 0; i < options.length; i++) if (options[i]!.code === code) return options[i];
    return undefined;
  }

  option(code: number): Dhcp6Option | undefined {
    return EvalContext.find(this.options, code);
  }

  /** The relay layer relay6[nest] names, or undefined when there is none at that level. */
  relay(nest: number): RelayLayer | undefined {
    const relays = this.packet.relays;
    const level = nest >= 0 ? nest : relays.length + nest;
    return level >= 0 ? relays[level] : undefined;
  }

  /** A value derived from one option, computed once per packet. */
  memo(option: Dhcp6Option, compute: () => Uint8Array): Uint8Array {
    this.payloads ??= new Map();
    let bytes = this.payloads.get(option);
    if (bytes === undefined) {
      bytes = compute();
      this.payloads.set(option, bytes);
    }
    return bytes;
  }

  /** A number derived from the whole packet (e.g. its packed length), computed once. */
  memoNumber(key: string, compute: () => number): number {
    this.numbers ??= new Map();
    let value = this.numbers.get(key);
    if (value === undefined) {
      value = compute();
      this.numbers.set(key, value);
    }
    return value;
  }

  /** The first vendor-class option, parsed; undefined when absent or malformed. */
  get vendorClass(): VendorClass | undefined {
    if (this.vendorClassValue === undefined)
      this.vendorClassValue = parseVendorClass(this.option(16)) ?? null;
    return this.vendorClassValue ?? undefined;
  }

  get src(): string {
    this.srcValue ??= addressBytes(this.packet.remoteAddress);
    return this.srcValue;
  }

  get dst(): string {
    this.dstValue ??= addressBytes(this.packet.localAddress);
    return this.dstValue;
  }

  get msgtype(): string {
    return uint32String(this.packet.message.msgType);
  }

  /** The 24-bit transaction id as 4 bytes; for a message the codec keeps opaque, its first three body bytes. */
  get transid(): string {
    const message = this.packet.message;
    if (message.kind === 'client-server') return uint32String(message.transactionId);
    if (message.kind === 'relay') return uint32String(0);
    const body = message.body;
    return uint32String(((body[0] ?? 0) << 16) | ((body[1] ?? 0) << 8) | (body[2] ?? 0));
  }
}
