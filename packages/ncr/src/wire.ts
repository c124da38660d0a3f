import { NcrMessageError } from './errors.js';
import { type NcrJsonDialect, ncrFromJson, ncrToJson } from './json.js';
import type { NameChangeRequest } from './model.js';

/**
 * One NCR per UDP datagram, as Kea frames it (NameChangeRequest::toFormat / fromFormat with
 * FMT_JSON): a 2-byte network-order length, then that many bytes of JSON. Bytes past the length
 * are ignored, as Kea ignores them.
 */

/** The largest JSON text the 2-byte length can announce. */
export const MAX_NCR_JSON_BYTES = 0xffff;

export function encodeNcr(ncr: NameChangeRequest, dialect?: NcrJsonDialect): Buffer {
  const json = Buffer.from(ncrToJson(ncr, dialect), 'utf8');
  if (json.length > MAX_NCR_JSON_BYTES) throw new NcrMessageError('toFormat: NCR JSON exceeds 65535 bytes');
  const out = Buffer.allocUnsafe(2 + json.length);
  out.writeUInt16BE(json.length, 0);
  json.copy(out, 2);
  return out;
}

export function decodeNcr(datagram: Uint8Array): NameChangeRequest {
  if (datagram.length < 2)
    throw new NcrMessageError('fromFormat: buffer read error: read beyond end of buffer');
  const length = (datagram[0]! << 8) | datagram[1]!;
  if (datagram.length < 2 + length)
    throw new NcrMessageError('fromFormat: buffer read error: read beyond end of buffer');
  return ncrFromJson(Buffer.from(datagram.buffer, datagram.byteOffset + 2, length).toString('utf8'));
}
