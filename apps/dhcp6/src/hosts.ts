import type { Dhcp6Config, HostIdentifierType, Reservation6, Subnet6 } from '@nestor/config';
import type { SqlHostStore } from './host-db/sql-host-store.js';

/** The identifiers a client presented, in the normalised form reservations use (lowercase colon hex). */
export type ClientIdentifiers = Partial<Record<HostIdentifierType, string>>;

/** Scope of a reservation: a subnet id, or GLOBAL for `Dhcp6.reservations`. */
export const GLOBAL = 0;

const key = (scope: number, type: HostIdentifierType, identifier: string): string =>
  `${scope}|${type}|${identifier}`;

/** What one packet's lookup found per scope (undefined: looked, none there). */
type Resolved = Map<number, Reservation6 | undefined>;

/**
 * Host reservations from the configuration, looked up by identifier (in the order
 * `host-reservation-identifiers` gives) and by reserved address, so dynamic allocation can skip
 * addresses and prefixes reserved for other clients; and, after them, the hosts databases
 * (`hosts-database` / `hosts-databases`, searched in order).
 *
 * A database is never cached: each packet's lookup (`prepare`) asks the databases once per
 * identifier type the client presents, and only while a scope it needs has no reservation yet;
 * the answer lives as long as the packet's identifiers object. Kea asks once per identifier
 * type and subnet (and for the global scope), so Nestor never asks more often.
 */
export class HostIndex {
  private readonly byIdentifier = new Map<string, Reservation6>();
  /**
   * scope -> reserved address or "prefix/len" -> the reservations holding it (several only
   * with ip-reservations-unique false), in configuration order.
   */
  private readonly byResource = new Map<number, Map<string, Reservation6[]>>();
  // Weak: hosts read from a database join it per packet and must not be kept alive by it.
  private readonly global = new WeakSet<Reservation6>();
  /** Per packet (keyed by its identifiers object): what the databases and the configuration said. */
  private readonly resolved = new WeakMap<ClientIdentifiers, Resolved>();

  constructor(
    config: Dhcp6Config,
    private readonly identifierOrder: readonly HostIdentifierType[] = config.hostReservationIdentifiers,
    readonly databases: readonly SqlHostStore[] = [],
  ) {
    const add = (scope: number, r: Reservation6): void => {
      this.byIdentifier.set(key(scope, r.identifierType, r.identifier), r);
      let resources = this.byResource.get(scope);
      if (!resources) {
        resources = new Map();
        this.byResource.set(scope, resources);
      }
      for (const resource of [...r.ipAddresses, ...r.prefixes]) {
        const holders = resources.get(resource);
        if (holders) holders.push(r);
        else resources.set(resource, [r]);
      }
    };
    for (const r of config.globalReservations) {
      add(GLOBAL, r);
      this.global.add(r);
    }
    for (const subnet of config.subnets) for (const r of subnet.reservations) add(subnet.id, r);
  }

  /** Reservations in the configuration (databases not counted). */
  get size(): number {
    return this.byIdentifier.size;
  }

  /** Whether any reservation may exist: in the configuration, or in a hosts database. */
  get any(): boolean {
    return this.byIdentifier.size > 0 || this.databases.length > 0;
  }

  /**
   * Looks the client up in the databases for the scopes a packet needs (subnet ids, GLOBAL),
   * before the synchronous find() calls of the packet. Per identifier type, in the configured
   * order: the configuration first, then each database with one query for every host of that
   * identifier (any subnet); a scope is settled by the first type and source that has it.
   */
  async prepare(ids: ClientIdentifiers, scopes: Iterable<number>): Promise<void> {
    if (this.databases.length === 0) return;
    let resolved = this.resolved.get(ids);
    if (!resolved) {
      resolved = new Map();
      this.resolved.set(ids, resolved);
    }
    const pending = new Set<number>();
    for (const scope of scopes) if (!resolved.has(scope)) pending.add(scope);
    for (const type of this.identifierOrder) {
      if (pending.size === 0) break;
      const identifier = ids[type];
      if (identifier === undefined) continue;
      for (const scope of pending) {
        const r = this.byIdentifier.get(key(scope, type, identifier));
        if (r) {
          resolved.set(scope, r);
          pending.delete(scope);
        }
      }
      for (const database of this.databases) {
        if (pending.size === 0) break;
        for (const host of await database.byIdentifier(type, identifier)) {
          if (!pending.has(host.subnetId)) continue;
          this.adopt(host.subnetId, host.reservation);
          resolved.set(host.subnetId, host.reservation);
          pending.delete(host.subnetId);
        }
      }
    }
    for (const scope of pending) resolved.set(scope, undefined);
  }

  /** The client's reservation in a scope, trying identifier types in the configured order. */
  find(scope: number, ids: ClientIdentifiers): Reservation6 | undefined {
    const resolved = this.resolved.get(ids);
    if (resolved?.has(scope)) return resolved.get(scope);
    if (this.byIdentifier.size === 0) return undefined;
    for (const type of this.identifierOrder) {
      const identifier = ids[type];
      if (identifier === undefined) continue;
      const r = this.byIdentifier.get(key(scope, type, identifier));
      if (r) return r;
    }
    return undefined;
  }

  /** Whether a reservation is a global one (`Dhcp6.reservations`) rather than a subnet's. */
  isGlobal(reservation: Reservation6): boolean {
    return this.global.has(reservation);
  }

  /** The reservations holding an address ("2001:db8::5") or prefix ("2001:db8:1::/56") in a scope. */
  holders(scope: number, resource: string): readonly Reservation6[] {
    return this.byResource.get(scope)?.get(resource) ?? [];
  }

  /**
   * Is the resource reserved in this scope (or, when the scope has none for it, globally) for a
   * client other than `mine`? With ip-reservations-unique false several clients may reserve it:
   * it is someone else's when any of them is another client's (the first of them to ask gets it
   * through its reservation; the others are served from the pools, as in Kea).
   */
  reservedForOther(scope: number, resource: string, mine: Reservation6 | undefined): boolean {
    const own = this.holders(scope, resource);
    const holders = own.length > 0 ? own : this.holders(GLOBAL, resource);
    return holders.some((h) => h !== mine);
  }

  /**
   * Is the resource reserved in a hosts database for a client other than `mine`? Asked only
   * where Kea asks (its getIPv6Resrv): the subnet takes in-subnet reservations and does not
   * promise they lie outside the pools. One query per database, until one holds it.
   */
  async reservedInDatabases(
    subnet: Subnet6,
    resource: string,
    mine: Reservation6 | undefined,
  ): Promise<boolean> {
    if (this.databases.length === 0) return false;
    const flags = subnet.reservationFlags;
    if (!flags.inSubnet || flags.outOfPool) return false;
    const address = resource.split('/')[0]!;
    for (const database of this.databases) {
      // Kea matches the address column alone, whatever the prefix length.
      const host = await database.byAddress(subnet.id, address);
      if (host) return !sameClient(host.reservation, mine);
    }
    return false;
  }

  private adopt(scope: number, reservation: Reservation6): void {
    if (scope === GLOBAL) this.global.add(reservation);
  }
}

/** A database host read again is a new object: the same client is the same identifier. */
function sameClient(found: Reservation6, mine: Reservation6 | undefined): boolean {
  return (
    mine !== undefined && mine.identifierType === found.identifierType && mine.identifier === found.identifier
  );
}
