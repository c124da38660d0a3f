import type { Dhcp6Config, Reservation6, Subnet6 } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import { relayRecords } from './alloc/extended-info.js';
import type { ClientContext } from './alloc/types.js';
import type { ClassGuards } from './classes/class-guards.js';
import { ClassLifetimeTable } from './classes/class-lifetimes.js';
import { GLOBAL, type HostIndex } from './hosts.js';
import type { Query } from './query.js';
import type { SubnetSelector } from './select.js';

/** What a message handler works with: the selected subnet and the client's context for the engine. */
export interface MessageContext {
  /** The subnet selected for the client, if any admits it. */
  subnet: Subnet6 | undefined;
  client: ClientContext;
}

/** The subnet selected (before the subnet6_select hook point may change it), and the early global reservation. */
export interface SubnetChoice {
  subnet: Subnet6 | undefined;
  early: Reservation6 | undefined;
}

/** A packet the classification steps drop (the DROP class), with Kea's log message id. */
export interface ClassDrop {
  drop: string;
  id: string;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Kea's DBG_DHCP6_BASIC. */
const DBG_BASIC = 40;

/**
 * Kea's per-message context (Dhcpv6Srv::earlyGHRLookup and initContext): the subnet is
 * selected with the classes assigned so far, the client's reservations are looked up in the
 * subnets that admit it, and, when classification is in use, the classes move on: reserved
 * classes where they may still change pool selection, KNOWN or UNKNOWN and the classes that
 * depend on them, then the DROP check. Without classification this is subnet selection and
 * the reservation lookup, as before.
 */
export class MessageContexts {
  private readonly lifetimes: ClassLifetimeTable;

  constructor(
    private readonly config: Dhcp6Config,
    private readonly selector: SubnetSelector,
    private readonly hosts: HostIndex,
    private readonly guards: ClassGuards,
    private readonly log?: Logger,
  ) {
    this.lifetimes = new ClassLifetimeTable(config);
  }

  build(q: Query): MessageContext | ClassDrop {
    const selected = this.select(q);
    return 'drop' in selected ? selected : this.complete(q, selected);
  }

  /**
   * Subnet selection with the classes so far (after the early global reservation lookup, when
   * configured): the subnet6_select hook point comes right after, and may change the choice.
   */
  select(q: Query): SubnetChoice | ClassDrop {
    const classes = q.classes;
    let early: Reservation6 | undefined;
    if (classes && this.config.earlyGlobalReservationsLookup) {
      // A global reservation found before subnet selection may bring classes that select it.
      early = this.hosts.find(GLOBAL, q.identifiers);
      if (early) {
        if (early.clientClasses.length > 0) classes.applyReservedClasses(early.clientClasses);
        classes.hostLookupDone(true);
        if (classes.dropped)
          return {
            id: 'DHCP6_PACKET_DROP_DROP_CLASS_EARLY',
            drop: 'in the DROP class after the early reservation lookup',
          };
      }
    }
    const subnet = this.selector.select(
      { interfaceName: q.datagram.interfaceName, remoteAddress: q.datagram.remoteAddress, relays: q.relays },
      classes,
    );
    return { subnet, early };
  }

  /** After subnet selection: the host lookup in the subnets that admit the client, and the classes after it. */
  complete(q: Query, choice: SubnetChoice): MessageContext | ClassDrop {
    const { subnet, early } = choice;
    const classes = q.classes;
    const client = this.clientContext(q, subnet);
    if (classes) {
      const current = subnet ? client.reservations.get(subnet.id) : undefined;
      const global =
        !early && subnet?.reservationFlags.global ? this.hosts.find(GLOBAL, q.identifiers) : undefined;
      // Reserved classes are applied now only where the subnet can no longer change: a global
      // reservation's, or a plain subnet's (in a shared network they come after allocation).
      if (
        (global !== undefined && global.clientClasses.length > 0) ||
        (subnet !== undefined &&
          !subnet.sharedNetwork &&
          current !== undefined &&
          current.clientClasses.length > 0)
      ) {
        classes.applyReservedClasses(current?.clientClasses ?? []);
      }
      classes.hostLookupDone(early !== undefined || client.reservations.size > 0);
      if (this.log?.isDebugEnabled(DBG_BASIC)) {
        this.log.debug(
          DBG_BASIC,
          'DHCP6_CLASS_ASSIGNED',
          `duid=[${q.duid}], tid=0x${q.message.transactionId.toString(16)}: client packet has been assigned to the following class(es): ${classes.classes}`,
        );
      }
      if (classes.dropped) return { id: 'DHCP6_PACKET_DROP_DROP_CLASS2', drop: 'in the DROP class' };
      client.classes = classes.classes;
      const lifetimes = this.lifetimes.of(classes.classes);
      if (lifetimes) client.lifetimes = lifetimes;
    }
    return { subnet, client };
  }

  /**
   * The scopes clientContext() and complete() look the client up in for this subnet choice:
   * each candidate subnet the client may use that takes in-subnet reservations, and GLOBAL when
   * one takes global ones (what HostIndex.prepare asks the hosts databases for).
   */
  lookupScopes(q: Query, subnet: Subnet6): number[] {
    const scopes = new Set<number>();
    for (const s of this.selector.candidates(subnet)) {
      if (q.classes && !this.guards.subnetAllows(s, q.classes)) continue;
      if (s.reservationFlags.inSubnet) scopes.add(s.id);
      if (s.reservationFlags.global) scopes.add(GLOBAL);
    }
    if (subnet.reservationFlags.global) scopes.add(GLOBAL);
    return [...scopes];
  }

  /**
   * The client as the engine sees it, with its reservation per candidate subnet: the subnet's
   * own, else the global one where the subnet looks at global reservations. Subnets whose class
   * the client lacks are not looked in, as Kea does.
   */
  private clientContext(q: Query, subnet: Subnet6 | undefined): ClientContext {
    const subnets = subnet ? this.selector.candidates(subnet) : [];
    const reservations = new Map<number, Reservation6>();
    if (this.hosts.any) {
      for (const s of subnets) {
        if (q.classes && !this.guards.subnetAllows(s, q.classes)) continue;
        const own = s.reservationFlags.inSubnet ? this.hosts.find(s.id, q.identifiers) : undefined;
        const global = !own && s.reservationFlags.global ? this.hosts.find(GLOBAL, q.identifiers) : undefined;
        const found = own ?? global;
        if (found) reservations.set(s.id, found);
      }
    }
    const context: ClientContext = {
      duid: q.duid,
      subnets,
      reservations,
      hwaddr: q.hwaddr?.address ?? '',
      hwtype: q.hwaddr?.type ?? 1,
      hwaddrSource: q.hwaddr?.source ?? 0,
      hostname: '',
      fqdnFwd: false,
      fqdnRev: false,
      now: nowSeconds(),
    };
    // store-extended-info: the relays, recorded once per message for the leases it writes.
    if (q.relays.length > 0 && subnets.some((s) => s.storeExtendedInfo)) {
      const relays = relayRecords(q.relays);
      if (relays) context.relays = relays;
    }
    return context;
  }
}
