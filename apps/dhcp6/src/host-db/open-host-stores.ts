/**
 * The hosts databases a configuration names (`hosts-database`, then `hosts-databases`, in that
 * order), opened on the lease backends' drivers with Kea's connection parameters, each checked
 * for Kea 2.2's schema before the server uses it.
 */
import type { DatabaseConfig, Dhcp6Config } from '@nestor/config';
import { registryOf } from './host-options.js';
import { HostStoreError, SqlHostStore, type SqlHostStoreOptions } from './sql-host-store.js';

/** Connections per hosts database pool (lookups are one short statement each). */
export const HOST_POOL_SIZE = 4;

export function hostStoreOptions(database: DatabaseConfig): SqlHostStoreOptions {
  const { type, parameters: p } = database;
  if (type !== 'mysql' && type !== 'postgresql')
    throw new HostStoreError(`hosts-database type ${type} is not supported (mysql or postgresql)`);
  if (typeof p.name !== 'string' || p.name === '')
    throw new HostStoreError(`hosts-database type ${type} needs the name of the database`);
  return {
    backend: type,
    name: p.name,
    ...(typeof p.host === 'string' ? { host: p.host } : {}),
    ...(typeof p.port === 'number' ? { port: p.port } : {}),
    ...(typeof p.user === 'string' ? { user: p.user } : {}),
    ...(typeof p.password === 'string' ? { password: p.password } : {}),
    ...(typeof p['connect-timeout'] === 'number' ? { connectTimeout: p['connect-timeout'] } : {}),
    readonly: p.readonly === true,
    poolSize: HOST_POOL_SIZE,
  };
}

/** Opens every hosts database of the configuration; closes those opened when one fails. */
export async function openHostStores(config: Dhcp6Config): Promise<SqlHostStore[]> {
  const registry = registryOf(config);
  const stores: SqlHostStore[] = [];
  try {
    for (const database of config.hostsDatabases) {
      const store = SqlHostStore.open(hostStoreOptions(database), registry);
      stores.push(store);
      await store.checkSchema();
    }
  } catch (err) {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    throw err;
  }
  return stores;
}
