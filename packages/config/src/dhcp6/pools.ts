import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import {
  formatIpv6,
  type Ipv6Prefix,
  parseIpv6,
  prefixContains,
  prefixMask,
  prefixRange,
} from '../net/ip.js';
import type { AddressPool6, OptionData6, Prefix6, PrefixPool6 } from './model.js';

type Path = readonly (string | number)[];
type OptionsOf = (raw: JsonObject, path: Path) => OptionData6[];

/** `first-last` (spaces allowed around the dash) or `prefix/len`. */
function parsePoolRange(text: string): { first: bigint; last: bigint } | undefined {
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const address = parseIpv6(text.slice(0, slash).trim());
    const lengthText = text.slice(slash + 1).trim();
    if (address === undefined || !/^\d{1,3}$/.test(lengthText) || Number(lengthText) > 128) return undefined;
    return unmaskedRange(address, Number(lengthText));
  }
  const dash = text.indexOf('-');
  if (dash < 0) return undefined;
  const first = parseIpv6(text.slice(0, dash).trim());
  const last = parseIpv6(text.slice(dash + 1).trim());
  if (first === undefined || last === undefined) return undefined;
  return { first, last };
}

/**
 * The range Kea gives a pool written as a prefix: from the address as written (host bits are
 * not cleared) to the last address of the prefix.
 */
function unmaskedRange(address: bigint, length: number): { first: bigint; last: bigint } {
  return { first: address, last: prefixRange(address, length).last };
}

export function prefixText(address: bigint, length: number): string {
  return `${formatIpv6(address)}/${length}`;
}

export function toPrefix6(address: bigint, length: number): Prefix6 {
  return { text: prefixText(address, length), address, length };
}

function classFields(raw: JsonObject): { clientClass?: string; requireClientClasses: string[] } {
  const fields: { clientClass?: string; requireClientClasses: string[] } = {
    requireClientClasses: [...((raw['require-client-classes'] as string[] | undefined) ?? [])],
  };
  const clientClass = raw['client-class'] as string | undefined;
  if (clientClass !== undefined && clientClass !== '') fields.clientClass = clientClass;
  return fields;
}

/** Reads a subnet's `pools`: each must parse, be ordered and lie inside the subnet. */
export function buildAddressPools(
  list: readonly JsonObject[],
  path: Path,
  subnet: Ipv6Prefix,
  optionsOf: OptionsOf,
  problems: ProblemCollector,
): Indexed<AddressPool6>[] {
  const pools: Indexed<AddressPool6>[] = [];
  const subnetText = prefixText(subnet.address, subnet.length);
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    const at = [...path, i, 'pool'];
    const text = raw.pool as string;
    const range = parsePoolRange(text);
    if (!range || range.first > range.last) {
      problems.add(at, `Failed to create pool defined by: ${text}`);
      continue;
    }
    const firstText = formatIpv6(range.first);
    const lastText = formatIpv6(range.last);
    if (!prefixContains(subnet, range.first) || !prefixContains(subnet, range.last)) {
      problems.add(
        at,
        `a pool of type IA_NA, with the following address range: ${firstText}-${lastText} does not match the prefix of a subnet: ${subnetText} to which it is being added`,
      );
      continue;
    }
    const pool: AddressPool6 = {
      text: `${firstText}-${lastText}`,
      first: range.first,
      last: range.last,
      firstText,
      lastText,
      options: optionsOf(raw, [...path, i]),
      ...classFields(raw),
    };
    if (raw['user-context'] !== undefined) pool.userContext = raw['user-context'] as JsonObject;
    pools.push({ pool, index: i });
  }
  return pools;
}

/** A parsed pool and its index in the configuration list (for error paths). */
export interface Indexed<T> {
  pool: T;
  index: number;
}

/** Reads a subnet's `pd-pools`: delegated-len and excluded-prefix rules as Kea's. */
export function buildPrefixPools(
  list: readonly JsonObject[],
  path: Path,
  optionsOf: OptionsOf,
  problems: ProblemCollector,
): Indexed<PrefixPool6>[] {
  const pools: Indexed<PrefixPool6>[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    const at = [...path, i];
    const address = parseIpv6((raw.prefix as string).trim());
    const prefixLength = raw['prefix-len'] as number;
    const delegatedLength = raw['delegated-len'] as number;
    if (address === undefined) {
      problems.add([...at, 'prefix'], `'${raw.prefix as string}' is not a valid IPv6 address`);
      continue;
    }
    if (prefixLength > 128) {
      problems.add([...at, 'prefix-len'], `invalid prefix length ${prefixLength}`);
      continue;
    }
    if (delegatedLength > 128) {
      problems.add([...at, 'delegated-len'], `invalid delegated length ${delegatedLength}`);
      continue;
    }
    if (delegatedLength < prefixLength) {
      problems.add(
        [...at, 'delegated-len'],
        `Delegated length (${delegatedLength}) must be longer than or equal to prefix length (${prefixLength})`,
      );
      continue;
    }
    // Kea keeps the prefix as written: host bits beyond prefix-len are not cleared.
    const prefix = toPrefix6(address, prefixLength);
    const pool: PrefixPool6 = {
      prefix,
      delegatedLength,
      options: optionsOf(raw, at),
      ...classFields(raw),
    };
    const excludedText = raw['excluded-prefix'] as string | undefined;
    const excludedLength = raw['excluded-prefix-len'] as number | undefined;
    if ((excludedText !== undefined && excludedText !== '') || (excludedLength ?? 0) > 0) {
      const excluded = excludedText !== undefined ? parseIpv6(excludedText.trim()) : 0n;
      const length = excludedLength ?? 0;
      if (excluded === undefined || length === 0 || length > 128) {
        problems.add(
          [...at, 'excluded-prefix'],
          `invalid excluded prefix ${excludedText ?? '::'}/${length}: both excluded-prefix and excluded-prefix-len are required`,
        );
        continue;
      }
      if (length <= delegatedLength) {
        problems.add(
          [...at, 'excluded-prefix-len'],
          `length of the excluded prefix ${prefixText(excluded, length)} must be greater than the length of the delegated prefix ${prefixText(address, delegatedLength)}`,
        );
        continue;
      }
      const mask = prefixMask(delegatedLength);
      if ((excluded & mask) !== (address & mask)) {
        problems.add(
          [...at, 'excluded-prefix'],
          `excluded prefix ${prefixText(excluded, length)} must have the same common prefix part of ${delegatedLength} as the delegated prefix ${prefixText(address, delegatedLength)}`,
        );
        continue;
      }
      pool.excludedPrefix = toPrefix6(excluded & prefixMask(length), length);
    }
    if (raw['user-context'] !== undefined) pool.userContext = raw['user-context'] as JsonObject;
    pools.push({ pool, index: i });
  }
  return pools;
}

interface Span {
  first: bigint;
  last: bigint;
  path: Path;
  label: string;
}

/**
 * Refuses pools of one subnet that overlap, address and prefix pools alike (Kea compares all of
 * a subnet's pools). Sorted sweep: O(n log n) for subnets with many pools.
 */
export function checkPoolOverlaps(
  addressPools: readonly { pool: AddressPool6; path: Path }[],
  prefixPools: readonly { pool: PrefixPool6; path: Path }[],
  subnetText: string,
  problems: ProblemCollector,
): void {
  const spans: Span[] = [];
  for (const { pool, path } of addressPools) {
    spans.push({ first: pool.first, last: pool.last, path, label: 'IA_NA' });
  }
  for (const { pool, path } of prefixPools) {
    const { first, last } = unmaskedRange(pool.prefix.address, pool.prefix.length);
    spans.push({ first, last, path, label: 'IA_PD' });
  }
  if (spans.length < 2) return;
  spans.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let reach = spans[0]!;
  for (let i = 1; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.first <= reach.last) {
      problems.add(
        span.path,
        `a pool of type ${span.label}, with the following address range: ${formatIpv6(span.first)}-${formatIpv6(span.last)} overlaps with an existing pool in the subnet: ${subnetText} to which it is being added`,
      );
    }
    if (span.last > reach.last) reach = span;
  }
}
