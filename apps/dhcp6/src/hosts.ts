import type { Dhcp6Config, HostIdentifierType, Reservation6 } from '@nestor/config';

/** The identifiers a client presented, in the normalised form reservations use (lowercase colon hex). */
export type ClientIdentifiers = Partial<Record<HostIdentifierType, string>>;

/** Scope of a reservation: a subnet id, or GLOBAL for `Dhcp6.reservations`. */
export const GLOBAL = 0;

const key = (scope: number, type: HostIdentifierType, identifier: string): string =>
  `${scope}|${type}|${identifier}`;

/**
 * Host reservations from the configuration, looked up by identifier (in the order
 * `host-reservation-identifiers` gives) and by reserved address, so dynamic allocation can skip
 * addresses and prefixes reserved for other clients.
 */
export class HostIndex {
  private readonly byIdentifier = new Map<string, Reservation6>();
  /**
   * scope -> reserved address or "prefix/len" -> the reservations holding it (several only
   * with ip-reservations-unique false), in configuration order.
   */
  private readonly byResource = new Map<number, Map<string, Reservation6[]>>();
  private readonly global = new Set<Reservation6>();

  constructor(
    config: Dhcp6Config,
    private readonly identifierOrder: readonly HostIdentifierType[] = config.hostReservationIdentifiers,
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

  get size(): number {
    return this.byIdentifier.size;
  }

  /** The client's reservation in a scope, trying identifier types in the configured order. */
  find(scope: number, ids: ClientIdentifiers): Reservation6 | undefined {
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
}
