import type { Dhcp6Config, Reservation6, Subnet6 } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import type { CalloutHandle } from '@nestor/hooks';
import type { Lease6 } from '@nestor/leases';
import type { NameChangeRequest } from '@nestor/ncr';
import type { AllocationEngine } from '../alloc/engine.js';
import type { LeasablePool } from '../alloc/pools.js';
import type { ClientContext } from '../alloc/types.js';
import type { PacketClassifier } from '../classes/classification.js';
import type { RequiredClasses } from '../classes/required-classes.js';
import type { MessageContexts } from '../client-context.js';
import type { D2Client } from '../ddns/d2-client.js';
import type { NameDecision } from '../ddns/decision.js';
import type { Dhcp6Hooks } from '../hooks/dhcp6-hooks.js';
import type { Query6 } from '../hooks/query6.js';
import type { HostIndex } from '../hosts.js';
import type { OptionPlan } from '../options.js';
import type { PrefixExcludeTable } from '../prefix-exclude.js';
import type { Query } from '../query.js';
import type { SubnetSelector } from '../select.js';
import type { VendorOptionPlan } from '../vendor-options.js';
import type { ReplyDraft } from './reply.js';

/** Why a message gets no answer; counted in pkt6-receive-drop and logged (under `id` when given). */
export interface Drop {
  drop: string;
  id?: string;
}

export const isDrop = (value: object | undefined): value is Drop => value !== undefined && 'drop' in value;

/** What a stage decides: go on (undefined), or drop the message. */
export type StageOutcome = Drop | undefined;

/**
 * One client message on its way through the packet path: built once when the message is read,
 * then filled in by the stages in Kea's order, each reading what the previous ones decided.
 * Data, not closures, so that a hook's callout can read and change it at its hook point.
 */
export interface Exchange {
  readonly query: Query;
  /** subnet6_select: the subnet chosen for the client (undefined when none admits it). */
  subnet?: Subnet6;
  /** The client as the allocation engine sees it: candidate subnets, reservations, classes. */
  client?: ClientContext;
  /** The reply being built (from the lease stage on). */
  reply?: ReplyDraft;
  /** The subnet that serves the client: the last lease's, else the selected one (timers, options). */
  served?: Subnet6;
  /** The client's reservation in the serving subnet. */
  host?: Reservation6;
  /** The pools of the serving subnet the leases granted came from (pool options, required classes). */
  pools: LeasablePool[];
  /** Leases this message granted or extended (leases6_committed's leases6). */
  readonly leases: Lease6[];
  /** Leases this message released, declined or took back (leases6_committed's deleted_leases6). */
  readonly deleted: Lease6[];
  /**
   * The client's name as the server decided it (SOLICIT, REQUEST, RENEW, REBIND): the Client
   * FQDN option it answers, the hostname and DNS directions the leases record.
   */
  ddns?: NameDecision;
  /** NameChangeRequests this message causes, in the order they go to kea-dhcp-ddns. */
  readonly nameChanges: NameChangeRequest[];
  /** The packet's callout handle and query6, made at its first hook point with callouts. */
  hooks?: { handle: CalloutHandle; query6: Query6 };
}

/** A fresh exchange for a query. */
export function newExchange(query: Query): Exchange {
  return { query, pools: [], leases: [], deleted: [], nameChanges: [] };
}

/** What the stages work with for one configuration; built once per configuration. */
export interface PathContext {
  config: Dhcp6Config;
  serverId: Uint8Array;
  engine: AllocationEngine;
  hosts: HostIndex;
  selector: SubnetSelector;
  /** Subnet selection, reservations and the classification steps around them, per message. */
  contexts: MessageContexts;
  /** The classify stage the pipeline runs before pkt6_receive. */
  classifier: PacketClassifier;
  required: RequiredClasses;
  options: OptionPlan;
  /** The pd-pools' OPTION_PD_EXCLUDE (RFC 6603). */
  prefixExcludes: PrefixExcludeTable;
  /** Vendor options from the client's vendor ORO and the always-send ones (Kea's appendRequestedVendorOptions). */
  vendorOptions: VendorOptionPlan;
  leaseLog: Logger;
  /** The link to kea-dhcp-ddns (the server's, kept across configurations). */
  d2: D2Client;
  /** Kea's kea-dhcp6.ddns and kea-dhcp6.dhcpsrv loggers. */
  ddnsLog: Logger;
  dhcpsrvLog: Logger;
  /** The hook libraries' callouts at the hook points of the path. */
  hooks: Dhcp6Hooks;
}
