/** Hand-built wire bytes for tests, written independently of the codec's encoder. */

/** "01 02 ab" / "0102ab" -> bytes (whitespace ignored). */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex in test: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export function u16(v: number): number[] {
  return [v >> 8, v & 0xff];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** One option: code, length, payload. */
export function tlv(code: number, ...payload: (Uint8Array | number[])[]): Uint8Array {
  const body = concat(...payload);
  return concat(u16(code), u16(body.length), body);
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function clientServer(type: number, xid: number, ...options: Uint8Array[]): Uint8Array {
  return concat([type, (xid >> 16) & 0xff, (xid >> 8) & 0xff, xid & 0xff], ...options);
}

export function relay(
  type: number,
  hops: number,
  link: Uint8Array,
  peer: Uint8Array,
  ...options: Uint8Array[]
): Uint8Array {
  return concat([type, hops], link, peer, ...options);
}

export const ADDR = {
  link: hex('20010db8000100000000000000000001'), // 2001:db8:1::1
  peer: hex('fe800000000000000211 22fffe334455'.replace(' ', '')), // fe80::211:22ff:fe33:4455
  lease: hex('20010db8000100000000000000000100'), // 2001:db8:1::100
  prefix: hex('20010db8ff0000000000000000000000'), // 2001:db8:ff00::
};

/** A DUID-LLT (Ethernet, time 0x1d2c3b4a, MAC 00:11:22:33:44:55). */
export const CLIENT_DUID = hex('0001 0001 1d2c3b4a 001122334455');
export const SERVER_DUID = hex('0002 0000 0009 0102030405');
