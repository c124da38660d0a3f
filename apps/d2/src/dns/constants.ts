/** The DNS numbers an RFC 2136 update uses (RFC 1035, 2136, 3596, 4701, 8945). */

export const RR_TYPE = { A: 1, SOA: 6, PTR: 12, AAAA: 28, DHCID: 49, TSIG: 250, ANY: 255 } as const;
export const RR_CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;
export const OPCODE_UPDATE = 5;

export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
} as const;

const RCODE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(RCODE).map(([name, code]) => [code, name]),
);

/** An rcode as Kea prints it: its name, or the number when it has none. */
export function rcodeText(code: number): string {
  return RCODE_NAMES[code] ?? String(code);
}

/** TSIG error codes (RFC 8945 §3) as Kea's TSIGError::toText names them. */
export const TSIG_ERROR_NAMES: Record<number, string> = {
  0: 'NOERROR',
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  22: 'BADTRUNC',
};
