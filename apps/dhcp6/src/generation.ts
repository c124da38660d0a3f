import type { Dhcp6Config } from '@nestor/config';
import { type Logger, Statistics } from '@nestor/daemon';
import { isScannableLeaseStore, type LeaseStore } from '@nestor/leases';
import { AllocationEngine } from './alloc/engine.js';
import { LeaseLedger } from './alloc/lease-ledger.js';
import { PoolIndex } from './alloc/pools.js';
import { ClassGuards } from './classes/class-guards.js';
import { PacketClassifier } from './classes/classification.js';
import { RequiredClasses } from './classes/required-classes.js';
import { MessageContexts } from './client-context.js';
import { D2Client } from './ddns/d2-client.js';
import { Dhcp6Hooks } from './hooks/dhcp6-hooks.js';
import type { SqlHostStore } from './host-db/sql-host-store.js';
import { HostIndex } from './hosts.js';
import { OptionPlan } from './options.js';
import { PacketPath } from './packet/path.js';
import { PrefixExcludeTable } from './prefix-exclude.js';
import { SubnetSelector } from './select.js';
import type { LeaseStatistics } from './stats.js';
import { VendorOptionPlan } from './vendor-options.js';

/** Everything built from one configuration; replaced as a whole on reconfiguration. */
export interface Generation {
  config: Dhcp6Config;
  pools: PoolIndex;
  /** Where every lease change goes: store, free slots and statistics together. */
  ledger: LeaseLedger;
  engine: AllocationEngine;
  /** The reservations of the configuration and the hosts databases. */
  hosts: HostIndex;
  /** The stages a client message goes through under this configuration. */
  path: PacketPath;
}

export interface GenerationInputs {
  config: Dhcp6Config;
  store: LeaseStore;
  serverId: Uint8Array;
  leaseStats: LeaseStatistics;
  leaseLog: Logger;
  /** Where class evaluation results go (Kea's kea-dhcp6.dhcp6); the lease logger when absent. */
  classLog?: Logger;
  /** The hook libraries' callouts (none when absent). */
  hooks?: Dhcp6Hooks;
  /** The link to kea-dhcp-ddns (none, sending nothing, when absent). */
  d2?: D2Client;
  /** kea-dhcp6.ddns and kea-dhcp6.dhcpsrv (the lease logger when absent). */
  ddnsLog?: Logger;
  dhcpsrvLog?: Logger;
  /** The hosts databases, searched in order after the configuration's reservations. */
  hostStores?: readonly SqlHostStore[];
}

/**
 * Builds the indexes, the engine and the packet path for a configuration, and marks the pools'
 * used slots from the stored leases. The client classes are compiled here, once per
 * configuration (a class list Kea refuses throws, but the configuration check refuses it first).
 */
export async function buildGeneration(inputs: GenerationInputs): Promise<Generation> {
  const { config, store } = inputs;
  const pools = new PoolIndex(config);
  // A million stored leases are visited as bytes where the store can (memfile), not built as objects.
  if (isScannableLeaseStore(store)) store.scanSlots((lease) => pools.trackSlot(lease));
  else for (const lease of await store.getAll()) pools.track(lease);
  const hosts = new HostIndex(config, config.hostReservationIdentifiers, inputs.hostStores ?? []);
  const guards = new ClassGuards(config);
  const selector = new SubnetSelector(config, guards);
  const ledger = new LeaseLedger(store, pools, inputs.leaseStats);
  const engine = new AllocationEngine(ledger, hosts, inputs.leaseStats, guards);
  const classLog = inputs.classLog ?? inputs.leaseLog;
  const classifier = new PacketClassifier(config, classLog);
  const path = new PacketPath({
    config,
    serverId: inputs.serverId,
    engine,
    hosts,
    selector,
    contexts: new MessageContexts(config, selector, hosts, guards, classLog),
    classifier,
    required: new RequiredClasses(config, hosts),
    options: new OptionPlan(config),
    prefixExcludes: new PrefixExcludeTable(config),
    vendorOptions: new VendorOptionPlan(config),
    leaseLog: inputs.leaseLog,
    d2: inputs.d2 ?? new D2Client(inputs.leaseLog, new Statistics()),
    ddnsLog: inputs.ddnsLog ?? inputs.leaseLog,
    dhcpsrvLog: inputs.dhcpsrvLog ?? inputs.leaseLog,
    hooks: inputs.hooks ?? Dhcp6Hooks.none(),
  });
  return { config, pools, ledger, engine, hosts, path };
}
