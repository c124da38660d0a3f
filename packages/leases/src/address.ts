/**
 * IPv6 address text: parsing any valid form, printing the RFC 5952 canonical one, and a fixed-width
 * key whose string order is the numeric order of the addresses (for the ordered indexes).
 */

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseGroups(parts: readonly string[], out: number[], allowIpv4Tail: boolean): boolean {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (allowIpv4Tail && i === parts.length - 1 && part.includes('.')) {
      const quad = DOTTED_QUAD.exec(part);
      if (!quad) return false;
      const bytes = quad.slice(1).map(Number);
      // Leading zeros ("01.2.3.4") are ambiguous (octal in some parsers): refuse them, as inet_pton does.
      if (bytes.some((b, k) => b > 255 || (quad[k + 1]!.length > 1 && quad[k + 1]![0] === '0'))) return false;
      out.push((bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!);
      continue;
    }
    if (!HEX_GROUP.test(part)) return false;
    out.push(Number.parseInt(part, 16));
  }
  return true;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when the text is not one. */
export function parseIPv6(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const gap = text.indexOf('::');
  if (gap >= 0) {
    if (text.indexOf('::', gap + 1) >= 0) return undefined;
    const head = text.slice(0, gap);
    const tail = text.slice(gap + 2);
    const headGroups: number[] = [];
    const tailGroups: number[] = [];
    if (head !== '' && !parseGroups(head.split(':'), headGroups, false)) return undefined;
    if (tail !== '' && !parseGroups(tail.split(':'), tailGroups, true)) return undefined;
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return undefined;
    return [...headGroups, ...new Array<number>(missing).fill(0), ...tailGroups];
  }
  const groups: number[] = [];
  if (!parseGroups(text.split(':'), groups, true) || groups.length !== 8) return undefined;
  return groups;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIPv6(groups: readonly number[]): string {
  // IPv4-mapped addresses keep the dotted quad, as RFC 5952 section 5 recommends (and inet_ntop does).
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    const a = groups[6]!;
    const b = groups[7]!;
    return `::ffff:${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** The canonical text of an address, or undefined when the text is not an IPv6 address. */
export function canonicalIPv6(text: string): string | undefined {
  const groups = parseIPv6(text);
  return groups && formatIPv6(groups);
}

/** 32 hex digits; comparing two keys as strings compares the addresses as numbers. */
export function ipv6OrderKey(groups: readonly number[]): string {
  let key = '';
  for (const group of groups) key += group.toString(16).padStart(4, '0');
  return key;
}
