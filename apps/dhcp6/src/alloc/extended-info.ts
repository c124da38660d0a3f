import { encodeOption, OptionCode, type RelayLayer } from '@nestor/codec';
import type { Subnet6 } from '@nestor/config';
import type { Lease6 } from '@nestor/leases';

type UserContext = NonNullable<Lease6['userContext']>;

/** One relay as Kea 2.2 records it in a lease: hop count, link and peer address, its options as hex. */
export interface RelayRecord {
  hop: number;
  link: string;
  peer: string;
  /** "0x" and the relay's options (relay-msg aside) in upper-case hex, ascending code order; absent without options. */
  options?: string;
}

/**
 * The relays a message came through, as Kea 2.2's store-extended-info keeps them (its
 * updateLease6ExtendedInfo): outermost relay (the one next to the server) first; each relay's
 * options other than relay-msg packed again in ascending code order (Kea holds them in a map by
 * code) and written as "0x" and upper-case hex. Undefined for a message not relayed.
 */
export function relayRecords(relays: readonly RelayLayer[]): RelayRecord[] | undefined {
  if (relays.length === 0) return undefined;
  return relays.map((relay) => {
    const options = relay.options
      .filter((o) => o.code !== OptionCode.RELAY_MSG)
      .map((o, i) => ({ o, i }))
      .sort((a, b) => a.o.code - b.o.code || a.i - b.i);
    const hex = options.map(({ o }) => Buffer.from(encodeOption(o)).toString('hex')).join('');
    // Keys in Kea's (sorted) order, so that a context read back from a lease file compares equal.
    return {
      hop: relay.hopCount,
      link: relay.linkAddress,
      ...(hex ? { options: `0x${hex.toUpperCase()}` } : {}),
      peer: relay.peerAddress,
    };
  });
}

/**
 * The lease with the relay information stored in its user context under "ISC" → "relays", when
 * `subnet` has store-extended-info and the message was relayed (Kea 2.2 writes nothing else
 * there: no remote-id or relay-id keys, those came in later versions). Other user-context keys
 * stay; an "ISC" entry is replaced whole. `changed` says whether the context differs from before
 * (Kea then writes the lease rather than reusing it under lease caching).
 */
export function withExtendedInfo(
  lease: Lease6,
  subnet: Pick<Subnet6, 'storeExtendedInfo'> | undefined,
  relays: readonly RelayRecord[] | undefined,
): { lease: Lease6; changed: boolean } {
  if (!subnet?.storeExtendedInfo || !relays) return { lease, changed: false };
  const isc = { relays: relays.map((r) => ({ ...r })) };
  const before = lease.userContext?.ISC;
  if (before !== undefined && JSON.stringify(before) === JSON.stringify(isc))
    return { lease, changed: false };
  const userContext = { ...(lease.userContext ?? {}), ISC: isc } as unknown as UserContext;
  return { lease: { ...lease, userContext }, changed: true };
}
