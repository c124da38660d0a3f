/**
 * The lease backend a configuration names, opened with the server's options: Kea's memfile
 * parameters, the server's subnets for the lease checks, its logger, and Nestor's own
 * nestor-fsync; or Kea's MySQL / PostgreSQL parameters for a lease database.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
