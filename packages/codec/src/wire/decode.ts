/**
 * One-pass DHCPv6 decoder. It walks the buffer once, creates views (subarray) for option
 * payloads instead of copying them, and bounds everything by the bytes actually present:
 * a claimed length is compared with what remains before anything is allocated for it.
 * Every failure is a CodecError; nothing else is thrown for any input.
 */
import { HOP_COUNT_LIMIT, MessageType } from '../constants.js';
import { CodecError, codecError } from '../errors.js';
import { ipv6BytesToText } from '../ipv6/address.js';
import { decodeUtf8 } from '../util/text.js';
import { decodeDomainName } from '../values/fqdn.js';
import type {
  ClientFqdnOption,
  Dhcp6Message,
  Dhcp6Option,
  IaAddrOption,
  IaNaOption,
  IaPdOption,
  IaPrefixOption,
  IaTaOption,
  OroOption,
  RawOption,
  RelayMsgOption,
  StatusCodeOption,
  VendorOptsOption,
} from './types.js';

/** Container options (IA, IAADDR, ...) may nest at most this deep inside one message. */
export const MAX_OPTION_DEPTH = 8;

export interface DecodeLimits {
  /** Most relay layers accepted; defaults to HOP_COUNT_LIMIT (32). */
  readonly maxRelayHops?: number;
}

function u16(buf: Uint8Array, at: number): number {
  return (buf[at]! << 8) | buf[at + 1]!;
}

function u32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

/** Whether a type is laid out as msg-type + transaction-id + options (RFC 8415, 5007, 5460, 6977). */
export function isClientServerType(type: number): boolean {
  return (
    (type >= MessageType.SOLICIT && type <= MessageType.INFORMATION_REQUEST) ||
    (type >= MessageType.LEASEQUERY && type <= MessageType.RECONFIGURE_REPLY)
  );
}

export function isRelayType(type: number): boolean {
  return type === MessageType.RELAY_FORW || type === MessageType.RELAY_REPL;
}

class Decoder {
  constructor(
    private readonly buf: Uint8Array,
    private readonly maxRelayHops: number,
  ) {}

  message(start: number, end: number, relayDepth: number): Dhcp6Message {
    const buf = this.buf;
    if (end - start < 1) throw codecError('TRUNCATED_HEADER', 'empty message', { offset: start });
    const msgType = buf[start]!;
    // relayDepth counts the relay-msg options above this message: 32 relay layers may wrap a
    // client message, and no message may sit deeper than that (a relay-msg inside a client
    // message is nonsense, but must not be able to recurse without bound).
    if (relayDepth > this.maxRelayHops) {
      throw codecError(
        'NESTING_TOO_DEEP',
        `messages nested more than ${this.maxRelayHops} levels in relay-msg options`,
        {
          offset: start,
        },
      );
    }
    if (isRelayType(msgType)) {
      if (relayDepth >= this.maxRelayHops) {
        throw codecError('RELAY_HOPS_EXCEEDED', `more than ${this.maxRelayHops} relay layers`, {
          offset: start,
        });
      }
      if (end - start < 34) {
        throw codecError('TRUNCATED_HEADER', `relay message needs 34 header bytes, has ${end - start}`, {
          offset: start,
        });
      }
      return {
        kind: 'relay',
        msgType,
        hopCount: buf[start + 1]!,
        linkAddress: ipv6BytesToText(buf, start + 2),
        peerAddress: ipv6BytesToText(buf, start + 18),
        options: this.options(start + 34, end, 0, relayDepth),
      };
    }
    if (isClientServerType(msgType)) {
      if (end - start < 4) {
        throw codecError('TRUNCATED_HEADER', `message needs 4 header bytes, has ${end - start}`, {
          offset: start,
        });
      }
      return {
        kind: 'client-server',
        msgType,
        transactionId: (buf[start + 1]! << 16) | (buf[start + 2]! << 8) | buf[start + 3]!,
        options: this.options(start + 4, end, 0, relayDepth),
      };
    }
    const kind =
      msgType === MessageType.DHCPV4_QUERY || msgType === MessageType.DHCPV4_RESPONSE ? 'dhcpv4' : 'unknown';
    return { kind, msgType, body: buf.subarray(start + 1, end) };
  }

  /** Options of the dhcp6 space: structural codes become typed objects. */
  options(pos: number, end: number, depth: number, relayDepth: number): Dhcp6Option[] {
    if (depth > MAX_OPTION_DEPTH) {
      throw codecError('NESTING_TOO_DEEP', `options nested more than ${MAX_OPTION_DEPTH} levels`, {
        offset: pos,
      });
    }
    const buf = this.buf;
    const out: Dhcp6Option[] = [];
    while (pos < end) {
      if (end - pos < 4) {
        throw codecError(
          'OPTION_HEADER_TRUNCATED',
          `${end - pos} stray bytes where an option header should be`,
          {
            offset: pos,
          },
        );
      }
      const code = u16(buf, pos);
      const length = u16(buf, pos + 2);
      const dataStart = pos + 4;
      const dataEnd = dataStart + length;
      if (dataEnd > end) {
        throw codecError(
          'OPTION_LENGTH_PAST_END',
          `option ${code} claims ${length} bytes but only ${end - dataStart} remain`,
          { offset: pos },
        );
      }
      out.push(this.option(code, dataStart, dataEnd, depth, relayDepth));
      pos = dataEnd;
    }
    return out;
  }

  /** Options of any other space (vendor sub-options): all stay raw. */
  rawOptions(pos: number, end: number): RawOption[] {
    const buf = this.buf;
    const out: RawOption[] = [];
    while (pos < end) {
      if (end - pos < 4) {
        throw codecError(
          'OPTION_HEADER_TRUNCATED',
          `${end - pos} stray bytes where an option header should be`,
          {
            offset: pos,
          },
        );
      }
      const code = u16(buf, pos);
      const length = u16(buf, pos + 2);
      const dataEnd = pos + 4 + length;
      if (dataEnd > end) {
        throw codecError(
          'OPTION_LENGTH_PAST_END',
          `option ${code} claims ${length} bytes but only ${end - pos - 4} remain`,
          { offset: pos },
        );
      }
      out.push({ kind: 'raw', code, data: buf.subarray(pos + 4, dataEnd) });
      pos = dataEnd;
    }
    return out;
  }

  private malformed(code: number, start: number, reason: string): CodecError {
    return codecError('MALFORMED_OPTION', `option ${code}: ${reason}`, { offset: start - 4 });
  }

  option(code: number, start: number, end: number, depth: number, relayDepth: number): Dhcp6Option {
    const buf = this.buf;
    const length = end - start;
    switch (code) {
      case 3:
      case 25: {
        if (length < 12) throw this.malformed(code, start, `IA needs 12 bytes, has ${length}`);
        const ia = {
          kind: code === 3 ? 'ia_na' : 'ia_pd',
          code,
          iaid: u32(buf, start),
          t1: u32(buf, start + 4),
          t2: u32(buf, start + 8),
          options: this.options(start + 12, end, depth + 1, relayDepth),
        };
        return ia as IaNaOption | IaPdOption;
      }
      case 4: {
        if (length < 4) throw this.malformed(code, start, `IA_TA needs 4 bytes, has ${length}`);
        const ta: IaTaOption = {
          kind: 'ia_ta',
          code: 4,
          iaid: u32(buf, start),
          options: this.options(start + 4, end, depth + 1, relayDepth),
        };
        return ta;
      }
      case 5: {
        if (length < 24) throw this.malformed(code, start, `IAADDR needs 24 bytes, has ${length}`);
        const addr: IaAddrOption = {
          kind: 'iaaddr',
          code: 5,
          address: ipv6BytesToText(buf, start),
          preferredLifetime: u32(buf, start + 16),
          validLifetime: u32(buf, start + 20),
          options: this.options(start + 24, end, depth + 1, relayDepth),
        };
        return addr;
      }
      case 26: {
        if (length < 25) throw this.malformed(code, start, `IAPREFIX needs 25 bytes, has ${length}`);
        const prefixLength = buf[start + 8]!;
        if (prefixLength > 128)
          throw this.malformed(code, start, `prefix length ${prefixLength} exceeds 128`);
        const prefix: IaPrefixOption = {
          kind: 'iaprefix',
          code: 26,
          preferredLifetime: u32(buf, start),
          validLifetime: u32(buf, start + 4),
          prefixLength,
          prefix: ipv6BytesToText(buf, start + 9),
          options: this.options(start + 25, end, depth + 1, relayDepth),
        };
        return prefix;
      }
      case 13: {
        if (length < 2) throw this.malformed(code, start, `status-code needs 2 bytes, has ${length}`);
        const status: StatusCodeOption = {
          kind: 'status_code',
          code: 13,
          status: u16(buf, start),
          message: decodeUtf8(buf, start + 2, end),
        };
        return status;
      }
      case 6: {
        if (length % 2 !== 0) throw this.malformed(code, start, `ORO length ${length} is odd`);
        const requested: number[] = new Array(length / 2);
        for (let i = 0; i < requested.length; i++) requested[i] = u16(buf, start + 2 * i);
        const oro: OroOption = { kind: 'oro', code: 6, requested };
        return oro;
      }
      case 17: {
        if (length < 4) throw this.malformed(code, start, `vendor-opts needs 4 bytes, has ${length}`);
        const vendor: VendorOptsOption = {
          kind: 'vendor_opts',
          code: 17,
          enterpriseNumber: u32(buf, start),
          options: this.rawOptions(start + 4, end),
        };
        return vendor;
      }
      case 39: {
        if (length < 1) throw this.malformed(code, start, 'client-fqdn needs a flags byte');
        const name = decodeDomainName(buf, start + 1, end, true);
        if (typeof name === 'string') throw this.malformed(code, start, name);
        const fqdn: ClientFqdnOption = {
          kind: 'client_fqdn',
          code: 39,
          flags: buf[start]!,
          name: name.names.length === 0 ? '' : name.names[0]!,
          partial: name.partial,
        };
        return fqdn;
      }
      case 9: {
        const relayed: RelayMsgOption = {
          kind: 'relay_msg',
          code: 9,
          message: this.message(start, end, relayDepth + 1),
        };
        return relayed;
      }
      default: {
        const raw: RawOption = { kind: 'raw', code, data: buf.subarray(start, end) };
        return raw;
      }
    }
  }
}

/** Decodes one DHCPv6 message (as received in a UDP payload). Throws CodecError only. */
export function decodeMessage(buf: Uint8Array, limits: DecodeLimits = {}): Dhcp6Message {
  const decoder = new Decoder(buf, limits.maxRelayHops ?? HOP_COUNT_LIMIT);
  try {
    return decoder.message(0, buf.length, 0);
  } catch (error) {
    if (error instanceof CodecError) throw error;
    // Only a stack overflow or a bug can land here; report it as a typed error all the same.
    throw codecError('MALFORMED_OPTION', `undecodable message: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export type DecodeResult = { ok: true; message: Dhcp6Message } | { ok: false; error: CodecError };

/** decodeMessage without exceptions: the server's receive path uses this. */
export function safeDecodeMessage(buf: Uint8Array, limits: DecodeLimits = {}): DecodeResult {
  try {
    return { ok: true, message: decodeMessage(buf, limits) };
  } catch (error) {
    return { ok: false, error: error as CodecError };
  }
}

/** Decodes an option list of a space other than dhcp6 (e.g. vendor sub-options): all raw. */
export function decodeRawOptions(buf: Uint8Array): RawOption[] {
  return new Decoder(buf, HOP_COUNT_LIMIT).rawOptions(0, buf.length);
}

/** Decodes a dhcp6-space option list (e.g. an IA's sub-options), with structural options typed. */
export function decodeOptions(buf: Uint8Array): Dhcp6Option[] {
  const decoder = new Decoder(buf, HOP_COUNT_LIMIT);
  try {
    return decoder.options(0, buf.length, 0, 0);
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw codecError('MALFORMED_OPTION', `undecodable options: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
