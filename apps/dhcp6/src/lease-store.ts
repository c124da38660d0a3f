/**
 * The lease backend a configuration names, opened with the server's options: Kea's memfile
 * parameters, the server's subnets for the lease checks, its logger, and Nestor's own
 * nestor-fsync; or Kea's MySQL / PostgreSQL parameters for a lease database.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { bigIntToIpv6Bytes } from '@nestor/codec';
import type { Dhcp6Config } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import {
  type LeaseDatabaseUnavailableError,
  type LeaseLogger,
  type LeaseStore,
  MemfileLeaseStore,
  type MemfileOptions,
  type RollbackListener,
  SqlLeaseStore,
  type SqlLeaseStoreOptions,
  type SubnetHolds,
  sqlConnectionSettings,
} from '@nestor/leases';
import { SubnetSelector } from './select.js';

function leaseLogger(log: Logger): LeaseLogger {
  return {
    error: (id, text) => log.error(id, text),
    warn: (id, text) => log.warn(id, text),
    info: (id, text) => log.info(id, text),
    debug: (level, id, text) => log.debug(level, id, text),
  };
}

/**
 * Whether a subnet's prefix holds an address given as bytes: the question subnetsOf answers
 * (SubnetSelector.onLink, by prefix alone), asked of one subnet and without address text, for
 * each of the million rows a start-up may load.
 */
export function subnetHolds(config: Dhcp6Config): SubnetHolds {
  const holds = (prefix: Uint8Array, length: number, bytes: Uint8Array, offset: number): boolean => {
    const whole = length >> 3;
    for (let i = 0; i < whole; i++) if (bytes[offset + i] !== prefix[i]) return false;
    const bits = length & 7;
    if (bits === 0) return true;
    const mask = (0xff << (8 - bits)) & 0xff;
    return ((bytes[offset + whole]! ^ prefix[whole]!) & mask) === 0;
  };
  // (a list per id, should a configuration ever repeat one: subnetsOf would name it for either)
  const prefixes = new Map<number, { bytes: Uint8Array; length: number }[]>();
  for (const s of config.subnets) {
    const entry = { bytes: bigIntToIpv6Bytes(s.prefix.address), length: s.prefix.length };
    const list = prefixes.get(s.id);
    if (list) list.push(entry);
    else prefixes.set(s.id, [entry]);
  }
  return (subnetId, bytes, offset) => {
    const list = prefixes.get(subnetId);
    if (list === undefined) return false;
    for (const p of list) if (holds(p.bytes, p.length, bytes, offset)) return true;
    return false;
  };
}

/** The memfile options of a configuration; `onRollback` hears of each change undone by a failed write. */
export function memfileOptions(
  config: Dhcp6Config,
  log: Logger,
  onRollback?: RollbackListener,
): MemfileOptions {
  const { type, parameters } = config.leaseDatabase;
  if (type !== 'memfile') throw new Error(`lease-database type ${type} is not available in this build`);
  const selector = new SubnetSelector(config);
  return {
    name: parameters.name as string,
    persist: parameters.persist !== false,
    maxRowErrors: (parameters['max-row-errors'] as number | undefined) ?? 0,
    leaseChecks: config.sanityChecks.leaseChecks,
    subnetsOf: (address) => config.subnets.filter((s) => selector.onLink([s], address)).map((s) => s.id),
    subnetHolds: subnetHolds(config),
    logger: leaseLogger(log),
    // Nestor's durability mode (see @nestor/config): each group of rows reaches stable storage
    // before its changes are acknowledged.
    sync: parameters['nestor-fsync'] === true,
    ...(onRollback ? { onRollback } : {}),
  };
}

/** Connections of a lease database pool when the configuration does not size it by threads. */
export const DEFAULT_LEASE_POOL_SIZE = 4;

/**
 * The SQL store options of a configuration: Kea's connection parameters, TLS files read now, and
 * one pooled connection per packet-processing thread when multi-threading sizes it (Kea opens one
 * per thread), else DEFAULT_LEASE_POOL_SIZE.
 */
export function sqlOptions(
  config: Dhcp6Config,
  log: Logger,
  onUnavailable?: (err: LeaseDatabaseUnavailableError) => void,
): SqlLeaseStoreOptions {
  const { type, parameters } = config.leaseDatabase;
  if (type !== 'mysql' && type !== 'postgresql') throw new Error(`lease-database type ${type} is not SQL`);
  const mt = config.multiThreading;
  return {
    ...sqlConnectionSettings('lease-database', type, parameters),
    poolSize: mt.enabled && mt.threadPoolSize > 0 ? mt.threadPoolSize : DEFAULT_LEASE_POOL_SIZE,
    logger: leaseLogger(log),
    ...(onUnavailable ? { onUnavailable } : {}),
  };
}

export interface LeaseStoreHandlers {
  /** Each change undone by a failed lease-file write (memfile). */
  onRollback?: RollbackListener;
  /** Each failure that says the lease database is out of reach (SQL). */
  onUnavailable?: (err: LeaseDatabaseUnavailableError) => void;
}

/** Opens the configured lease backend. */
export async function openLeaseStore(
  config: Dhcp6Config,
  log: Logger,
  handlers: LeaseStoreHandlers = {},
): Promise<LeaseStore> {
  if (config.leaseDatabase.type !== 'memfile')
    return SqlLeaseStore.open(sqlOptions(config, log, handlers.onUnavailable));
  const options = memfileOptions(config, log, handlers.onRollback);
  // A fresh installation has no data directory yet: make it, private to the server.
  if (options.persist) mkdirSync(dirname(options.name!), { recursive: true, mode: 0o750 });
  return MemfileLeaseStore.open(options);
}
