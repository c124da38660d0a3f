/**
 * The hosts databases a configuration names (`hosts-database`, then `hosts-databases`, in that
 * order), opened on the lease backends' drivers with the connection settings the lease database
 * uses (@nestor/leases sqlConnectionSettings: Kea's parameters, TLS files read now), each checked
 * for Kea 2.2's schema before the server uses it.
 */
import type { DatabaseConfig, Dhcp6Config } from '@nestor/config';
import { sqlConnectionSettings } from '@nestor/leases';
import { registryOf } from './host-options.js';
import { SqlHostStore, type SqlHostStoreOptions } from './sql-host-store.js';

/** Connections per hosts database pool (lookups are one short statement each). */
export const HOST_POOL_SIZE = 4;

export function hostStoreOptions(database: DatabaseConfig): SqlHostStoreOptions {
  const { type, parameters: p } = database;
  return {
    ...sqlConnectionSettings('hosts-database', type, p),
    readonly: p.readonly === true,
    poolSize: HOST_POOL_SIZE,
  };
}

/** Told which hosts database (its index in search order) was found out of reach, and why. */
export type HostDatabaseLost = (index: number, err: Error) => void;

/** Opens every hosts database of the configuration; closes those opened when one fails. */
export async function openHostStores(
  config: Dhcp6Config,
  onLost?: HostDatabaseLost,
): Promise<SqlHostStore[]> {
  const registry = registryOf(config);
  const stores: SqlHostStore[] = [];
  try {
    for (const [index, database] of config.hostsDatabases.entries()) {
      const store = SqlHostStore.open(
        { ...hostStoreOptions(database), ...(onLost ? { onUnavailable: (err) => onLost(index, err) } : {}) },
        registry,
      );
      stores.push(store);
      await store.checkSchema();
    }
  } catch (err) {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    throw err;
  }
  return stores;
}
