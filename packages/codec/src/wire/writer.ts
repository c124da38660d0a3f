/**
 * PacketWriter builds a DHCPv6 message straight into one preallocated buffer: the server keeps
 * one writer per socket and reuses it for every reply. Options nest with beginOption/endOption
 * (the length is patched on close), pre-encoded option bytes from configuration are copied in
 * with raw(), and relay layers are written around the reply with beginRelayReplies().
 */
import { MessageType, OptionCode } from '../constants.js';
import { codecError } from '../errors.js';
import { writeIpv6Text } from '../ipv6/address.js';
import { utf8Length, writeUtf8 } from '../util/text.js';
import type { RelayLayer } from './relay-types.js';

const DEFAULT_CAPACITY = 65535;

function checkUint(value: number, bits: 8 | 16 | 24 | 32, what: string): void {
  const max = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw codecError('INVALID_ARGUMENT', `${what} ${value} does not fit ${bits} bits`);
  }
}

export class PacketWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** Offsets of the length fields of options still open. */
  private readonly open: number[] = [];
  /** How many open entries beginRelayReplies pushed, per call (so endRelayReplies closes them). */
  private readonly relayGroups: number[] = [];

  constructor(bufferOrCapacity: Uint8Array | number = DEFAULT_CAPACITY) {
    this.buf = typeof bufferOrCapacity === 'number' ? new Uint8Array(bufferOrCapacity) : bufferOrCapacity;
  }

  /** Starts a new message at offset 0 (the previous one's view is overwritten). */
  reset(): this {
    this.pos = 0;
    this.open.length = 0;
    this.relayGroups.length = 0;
    return this;
  }

  get length(): number {
    return this.pos;
  }

  get capacity(): number {
    return this.buf.length;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.buf.length) {
      throw codecError(
        'BUFFER_OVERFLOW',
        `message needs more than the ${this.buf.length} bytes of the output buffer`,
      );
    }
  }

  u8(value: number): this {
    checkUint(value, 8, 'value');
    this.need(1);
    this.buf[this.pos++] = value;
    return this;
  }

  u16(value: number): this {
    checkUint(value, 16, 'value');
    this.need(2);
    const b = this.buf;
    b[this.pos] = value >>> 8;
    b[this.pos + 1] = value & 0xff;
    this.pos += 2;
    return this;
  }

  u32(value: number): this {
    checkUint(value, 32, 'value');
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = value >>> 24;
    b[p + 1] = (value >>> 16) & 0xff;
    b[p + 2] = (value >>> 8) & 0xff;
    b[p + 3] = value & 0xff;
    this.pos += 4;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.need(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  /** UTF-8 text without a length prefix. */
  text(value: string): this {
    this.need(utf8Length(value));
    this.pos += writeUtf8(value, this.buf, this.pos);
    return this;
  }

  /** A 16-byte IPv6 address from text or bytes. */
  address(address: string | Uint8Array): this {
    this.need(16);
    if (typeof address === 'string') {
      if (!writeIpv6Text(address, this.buf, this.pos)) {
        throw codecError('INVALID_ADDRESS', `'${address}' is not an IPv6 address`);
      }
    } else {
      if (address.length !== 16)
        throw codecError('INVALID_ADDRESS', `an IPv6 address has 16 bytes, not ${address.length}`);
      this.buf.set(address, this.pos);
    }
    this.pos += 16;
    return this;
  }

  /** msg-type + 24-bit transaction id. */
  header(msgType: number, transactionId: number): this {
    checkUint(msgType, 8, 'message type');
    checkUint(transactionId, 24, 'transaction id');
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = msgType;
    b[p + 1] = transactionId >>> 16;
    b[p + 2] = (transactionId >>> 8) & 0xff;
    b[p + 3] = transactionId & 0xff;
    this.pos += 4;
    return this;
  }

  /** RELAY-FORW / RELAY-REPL header: type, hop-count, link-address, peer-address. */
  relayHeader(
    msgType: number,
    hopCount: number,
    linkAddress: string | Uint8Array,
    peerAddress: string | Uint8Array,
  ): this {
    this.u8(msgType).u8(hopCount);
    return this.address(linkAddress).address(peerAddress);
  }

  /** A whole option: code, length, payload. */
  option(code: number, data: Uint8Array): this {
    checkUint(code, 16, 'option code');
    if (data.length > 0xffff)
      throw codecError('INVALID_ARGUMENT', `option ${code} payload of ${data.length} bytes exceeds 65535`);
    this.need(4 + data.length);
    const b = this.buf;
    const p = this.pos;
    b[p] = code >>> 8;
    b[p + 1] = code & 0xff;
    b[p + 2] = data.length >>> 8;
    b[p + 3] = data.length & 0xff;
    b.set(data, p + 4);
    this.pos += 4 + data.length;
    return this;
  }

  /** An option without payload (rapid-commit, reconf-accept). */
  emptyOption(code: number): this {
    return this.beginOption(code).endOption();
  }

  optionU8(code: number, value: number): this {
    return this.beginOption(code).u8(value).endOption();
  }

  optionU16(code: number, value: number): this {
    return this.beginOption(code).u16(value).endOption();
  }

  optionU32(code: number, value: number): this {
    return this.beginOption(code).u32(value).endOption();
  }

  /** Copies already-encoded bytes (complete options from configuration). */
  raw(encoded: Uint8Array): this {
    return this.bytes(encoded);
  }

  /** Opens an option; everything written until the matching endOption() is its payload. */
  beginOption(code: number): this {
    checkUint(code, 16, 'option code');
    this.need(4);
    this.buf[this.pos] = code >>> 8;
    this.buf[this.pos + 1] = code & 0xff;
    this.open.push(this.pos + 2);
    this.pos += 4;
    return this;
  }

  endOption(): this {
    const at = this.open.pop();
    if (at === undefined)
      throw codecError('UNBALANCED_WRITER', 'endOption() without a matching beginOption()');
    const length = this.pos - at - 2;
    if (length > 0xffff)
      throw codecError('INVALID_ARGUMENT', `option payload of ${length} bytes exceeds 65535`);
    this.buf[at] = length >>> 8;
    this.buf[at + 1] = length & 0xff;
    return this;
  }

  /** IA_NA header (iaid, T1, T2) left open for IAADDR and status-code sub-options. */
  beginIaNa(iaid: number, t1: number, t2: number): this {
    return this.beginOption(OptionCode.IA_NA).u32(iaid).u32(t1).u32(t2);
  }

  beginIaPd(iaid: number, t1: number, t2: number): this {
    return this.beginOption(OptionCode.IA_PD).u32(iaid).u32(t1).u32(t2);
  }

  beginIaTa(iaid: number): this {
    return this.beginOption(OptionCode.IA_TA).u32(iaid);
  }

  /** IAADDR left open for sub-options; close with endOption(). */
  beginIaAddress(address: string | Uint8Array, preferredLifetime: number, validLifetime: number): this {
    return this.beginOption(OptionCode.IAADDR).address(address).u32(preferredLifetime).u32(validLifetime);
  }

  /** A complete IAADDR without sub-options. */
  iaAddress(address: string | Uint8Array, preferredLifetime: number, validLifetime: number): this {
    return this.beginIaAddress(address, preferredLifetime, validLifetime).endOption();
  }

  beginIaPrefix(
    prefix: string | Uint8Array,
    prefixLength: number,
    preferredLifetime: number,
    validLifetime: number,
  ): this {
    checkUint(prefixLength, 8, 'prefix length');
    if (prefixLength > 128) throw codecError('INVALID_ARGUMENT', `prefix length ${prefixLength} exceeds 128`);
    return this.beginOption(OptionCode.IAPREFIX)
      .u32(preferredLifetime)
      .u32(validLifetime)
      .u8(prefixLength)
      .address(prefix);
  }

  iaPrefix(
    prefix: string | Uint8Array,
    prefixLength: number,
    preferredLifetime: number,
    validLifetime: number,
  ): this {
    return this.beginIaPrefix(prefix, prefixLength, preferredLifetime, validLifetime).endOption();
  }

  statusCode(status: number, message = ''): this {
    return this.beginOption(OptionCode.STATUS_CODE).u16(status).text(message).endOption();
  }

  /**
   * Writes one RELAY-REPL layer per relay (outermost first, as unwrapRelay returns them), each
   * echoing the options listed in `echo` (interface-id and relay-source-port by default, as
   * Kea does) and opening its relay-msg option. Write the reply next, then endRelayReplies().
   */
  beginRelayReplies(relays: readonly RelayLayer[], echo: readonly number[] = DEFAULT_ECHOED_OPTIONS): this {
    for (const relay of relays) {
      this.relayHeader(MessageType.RELAY_REPL, relay.hopCount, relay.linkAddress, relay.peerAddress);
      for (const option of relay.options) {
        if (option.kind === 'raw' && echo.includes(option.code)) this.option(option.code, option.data);
      }
      this.beginOption(OptionCode.RELAY_MSG);
    }
    this.relayGroups.push(relays.length);
    return this;
  }

  endRelayReplies(): this {
    const count = this.relayGroups.pop();
    if (count === undefined)
      throw codecError('UNBALANCED_WRITER', 'endRelayReplies() without beginRelayReplies()');
    for (let i = 0; i < count; i++) this.endOption();
    return this;
  }

  /** The finished message: a view of the writer's buffer, valid until the next reset(). */
  finish(): Uint8Array {
    if (this.open.length > 0) {
      throw codecError('UNBALANCED_WRITER', `${this.open.length} option(s) still open at finish()`);
    }
    return this.buf.subarray(0, this.pos);
  }

  /** Like finish() but returns a copy the caller may keep. */
  finishCopy(): Uint8Array {
    return this.finish().slice();
  }
}

/** RFC 8415 section 19.3 (interface-id) and RFC 8357 (relay-source-port), as Kea echoes them. */
export const DEFAULT_ECHOED_OPTIONS: readonly number[] = [
  OptionCode.INTERFACE_ID,
  OptionCode.RELAY_SOURCE_PORT,
];
