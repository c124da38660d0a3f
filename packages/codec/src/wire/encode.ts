/**
 * Encoding of the decoded model back to wire bytes. Typed options are encoded from their
 * fields; raw options copy their payload. encodeMessage(decodeMessage(x)) reproduces x for
 * any well-formed x (see the round-trip tests).
 */
import { codecError } from '../errors.js';
import { encodeDomainName } from '../values/fqdn.js';
import type { Dhcp6Message, Dhcp6Option } from './types.js';
import { PacketWriter } from './writer.js';

const scratch = new PacketWriter(1 << 17);

export function writeOption(w: PacketWriter, option: Dhcp6Option): PacketWriter {
  switch (option.kind) {
    case 'raw':
      return w.option(option.code, option.data);
    case 'ia_na':
    case 'ia_pd':
      w.beginOption(option.code).u32(option.iaid).u32(option.t1).u32(option.t2);
      for (const sub of option.options) writeOption(w, sub);
      return w.endOption();
    case 'ia_ta':
      w.beginOption(option.code).u32(option.iaid);
      for (const sub of option.options) writeOption(w, sub);
      return w.endOption();
    case 'iaaddr':
      w.beginIaAddress(option.address, option.preferredLifetime, option.validLifetime);
      for (const sub of option.options) writeOption(w, sub);
      return w.endOption();
    case 'iaprefix':
      w.beginIaPrefix(option.prefix, option.prefixLength, option.preferredLifetime, option.validLifetime);
      for (const sub of option.options) writeOption(w, sub);
      return w.endOption();
    case 'status_code':
      return w.statusCode(option.status, option.message);
    case 'oro':
      w.beginOption(option.code);
      for (const code of option.requested) w.u16(code);
      return w.endOption();
    case 'vendor_opts':
      w.beginOption(option.code).u32(option.enterpriseNumber);
      for (const sub of option.options) w.option(sub.code, sub.data);
      return w.endOption();
    case 'client_fqdn':
      w.beginOption(option.code).u8(option.flags);
      if (option.name !== '') w.bytes(encodeDomainName(option.name));
      return w.endOption();
    case 'relay_msg':
      w.beginOption(option.code);
      writeMessage(w, option.message);
      return w.endOption();
    default:
      throw codecError('INVALID_ARGUMENT', `unknown option kind '${(option as { kind: string }).kind}'`);
  }
}

/** Appends a whole message (header and options) to the writer. */
export function writeMessage(w: PacketWriter, message: Dhcp6Message): PacketWriter {
  switch (message.kind) {
    case 'client-server':
      w.header(message.msgType, message.transactionId);
      break;
    case 'relay':
      w.relayHeader(message.msgType, message.hopCount, message.linkAddress, message.peerAddress);
      break;
    case 'dhcpv4':
    case 'unknown':
      return w.u8(message.msgType).bytes(message.body);
    default:
      throw codecError('INVALID_ARGUMENT', `unknown message kind '${(message as { kind: string }).kind}'`);
  }
  for (const option of message.options) writeOption(w, option);
  return w;
}

/** Encodes a message into a new Uint8Array of exactly its size. */
export function encodeMessage(message: Dhcp6Message): Uint8Array {
  scratch.reset();
  writeMessage(scratch, message);
  return scratch.finishCopy();
}

/** Encodes one option (header included) into a new Uint8Array. */
export function encodeOption(option: Dhcp6Option): Uint8Array {
  scratch.reset();
  writeOption(scratch, option);
  return scratch.finishCopy();
}

/**
 * The payload bytes of any option (without its 4-byte header): the data of a raw option,
 * or the encoding of a typed one. Classification expressions (option[N].hex) use this.
 */
export function optionPayload(option: Dhcp6Option): Uint8Array {
  if (option.kind === 'raw') return option.data;
  return encodeOption(option).subarray(4);
}
