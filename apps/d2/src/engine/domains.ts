import { isIPv4 } from 'node:net';

/**
 * Which configured domain serves a name: the longest suffix that ends on a label boundary, the
 * wildcard domain "*" when nothing else matches (or when it is the only one), as Kea's
 * DdnsDomainListMgr picks. Names compare without case and without the trailing dot, so
 * "example.com" and "Example.COM." configure the same zone.
 */

export interface DomainEntry<S> {
  name: string;
  servers: S[];
}

const normalise = (name: string) => name.toLowerCase().replace(/\.$/, '');

export class DomainMatcher<S, D extends DomainEntry<S> = DomainEntry<S>> {
  private readonly byName: { key: string; domain: D }[];
  private readonly wildcard: D | undefined;

  constructor(readonly domains: readonly D[]) {
    this.wildcard = domains.find((d) => d.name === '*');
    // Longest first, so the first boundary match is the best one.
    this.byName = domains
      .filter((d) => d.name !== '*')
      .map((domain) => ({ key: normalise(domain.name), domain }))
      .sort((a, b) => b.key.length - a.key.length);
  }

  get enabled(): boolean {
    return this.domains.length > 0;
  }

  match(name: string): D | undefined {
    if (this.domains.length === 1 && this.wildcard) return this.wildcard;
    const wanted = normalise(name);
    for (const { key, domain } of this.byName) {
      if (wanted === key) return domain;
      if (
        wanted.length > key.length &&
        wanted.endsWith(key) &&
        wanted[wanted.length - key.length - 1] === '.'
      )
        return domain;
      if (key === '') return domain; // a domain named "." serves every name
    }
    return this.wildcard;
  }
}

/** The reverse-mapping name of an address (in-addr.arpa. or ip6.arpa., nibbles for IPv6). */
export function reverseName(address: string): string {
  if (isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa.`;
  const hex = expandIpv6(address);
  let out = '';
  for (let i = 31; i >= 0; i--) out += `${hex[i]}.`;
  return `${out}ip6.arpa.`;
}

/** The 32 hex digits of an IPv6 address (an embedded IPv4 tail included). */
export function expandIpv6(address: string): string {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    text =
      text.slice(0, -v4[1]!.length) +
      ((parts[0]! << 8) | parts[1]!).toString(16) +
      ':' +
      ((parts[2]! << 8) | parts[3]!).toString(16);
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.padStart(4, '0')).join('');
}

/** RDATA of an A or AAAA record. */
export function addressRdata(address: string): Uint8Array {
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  return new Uint8Array(Buffer.from(expandIpv6(address), 'hex'));
}
