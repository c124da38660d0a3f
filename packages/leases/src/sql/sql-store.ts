/**
 * The LeaseStore of MySQL and PostgreSQL, on the lease6 table of Kea 2.2's schema as ISC's
 * kea-admin creates it, so that ISC kea-dhcp6 and Nestor share one database. The database, not
 * the process, keeps an address leased once: add is a plain INSERT that the primary key refuses
 * (a conflict), and every change made on a lease read earlier carries the expiry it read in its
 * WHERE clause. A serialization failure or deadlock is run again a bounded number of times; a lost
 * database rejects with LeaseDatabaseUnavailableError, which the server's on-fail policy handles.
 *
 * Kea 2.2's lease6 primary key is the address alone: an address and a prefix with the same text
 * cannot both be leased (memfile keys by type and address).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  LeaseDatabaseError,
  LeaseDatabaseSchemaError,
  LeaseDatabaseUnavailableError,
  LeaseStoreClosedError,
} from '../errors.js';
import type { Lease6, LeaseType } from '../lease.js';
import { type LeaseLogger, silentLeaseLogger } from '../logger.js';
import type {
  AddResult,
  ChangeOptions,
  CountQuery,
  DeleteResult,
  ExpiredQuery,
  IaQuery,
  LeaseCount,
  LeaseStore,
  UpdateResult,
} from '../store.js';
import {
  addressKeyOf,
  canonicalAddressOf,
  canonicalDuid,
  checkCount,
  checkHostname,
  checkType,
} from '../store-args.js';
import { normalizeLease } from '../validate.js';
import type { SqlConnectionOptions, SqlDriver, SqlFailure, SqlResult, Statement } from './driver.js';
import { MysqlDriver } from './mysql-driver.js';
import { PgDriver } from './pg-driver.js';
import { hexToBytes, leaseFromRow, leaseParams, type SqlBackend } from './row-codec.js';
import { type LeaseStatements, MYSQL_STATEMENTS, PG_STATEMENTS } from './statements.js';

/** The schema versions this build reads and writes: Kea 2.2's. */
export const SCHEMA_VERSIONS: Readonly<Record<SqlBackend, string>> = { mysql: '14.0', postgresql: '13.0' };

export interface SqlLeaseStoreOptions extends SqlConnectionOptions {
  backend: SqlBackend;
  logger?: LeaseLogger;
  /** Runs of a statement that meets a serialization failure or deadlock, the first included (default 5). */
  maxAttempts?: number;
  /** Told of each failure that says the database is out of reach (the server starts recovering). */
  onUnavailable?: (err: LeaseDatabaseUnavailableError) => void;
  /** A driver to use instead of a pool made from the options (tests). */
  driver?: SqlDriver;
}

const ADDED: AddResult = Object.freeze({ ok: true });
const CONFLICT: AddResult = Object.freeze({ ok: false, reason: 'conflict' });
const UPDATED: UpdateResult = Object.freeze({ ok: true });
const NOT_FOUND = Object.freeze({ ok: false, reason: 'not-found' }) as UpdateResult & DeleteResult;
const CHANGED = Object.freeze({ ok: false, reason: 'changed' }) as UpdateResult & DeleteResult;
/** LIMIT for "no limit". */
const NO_LIMIT = 2147483647;

/** The primary key refused a row (caught by add, never seen outside). */
class DuplicateKey extends Error {}

const DRIVER_LABEL: Readonly<Record<SqlBackend, string>> = { mysql: 'MySQL', postgresql: 'PostgreSQL' };

function inAddressOrder(leases: Lease6[]): Lease6[] {
  const keyed = leases.map((lease) => ({ lease, key: addressKeyOf(lease.address) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.lease);
}

export class SqlLeaseStore implements LeaseStore {
  readonly backend: SqlBackend;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(
    private readonly driver: SqlDriver,
    private readonly statements: LeaseStatements,
    private readonly database: string,
    private readonly logger: LeaseLogger,
    private readonly maxAttempts: number,
    private readonly onUnavailable: ((err: LeaseDatabaseUnavailableError) => void) | undefined,
  ) {
    this.backend = driver.backend;
  }

  /** Connects, checks the schema version, and resolves with the store; rejects with a typed error. */
  static async open(options: SqlLeaseStoreOptions): Promise<SqlLeaseStore> {
    const logger = options.logger ?? silentLeaseLogger;
    const label = DRIVER_LABEL[options.backend];
    const connection: SqlConnectionOptions = {
      ...options,
      onIdleError: (err) =>
        logger.warn(
          options.backend === 'mysql' ? 'DHCPSRV_MYSQL_DB' : 'DHCPSRV_PGSQL_DB',
          `an idle ${label} lease database connection failed: ${err.message}`,
        ),
    };
    const driver =
      options.driver ??
      (options.backend === 'mysql' ? MysqlDriver.create(connection) : PgDriver.create(connection));
    const store = new SqlLeaseStore(
      driver,
      options.backend === 'mysql' ? MYSQL_STATEMENTS : PG_STATEMENTS,
      options.name,
      logger,
      Math.max(1, options.maxAttempts ?? 5),
      options.onUnavailable,
    );
    logger.info(
      options.backend === 'mysql' ? 'DHCPSRV_MYSQL_DB' : 'DHCPSRV_PGSQL_DB',
      `opening ${label} lease database: name=${options.name} host=${options.host ?? 'localhost'}`,
    );
    try {
      await store.checkSchema();
    } catch (err) {
      await driver.close().catch(() => undefined);
      throw err;
    }
    return store;
  }

  /** Refuses a schema this build does not know (Kea's schema version mismatch). */
  private async checkSchema(): Promise<void> {
    const { rows } = await this.run(this.statements.schemaVersion, []);
    const row = rows[0];
    const found = row ? `${String(row.version)}.${String(row.minor ?? 0)}` : 'none';
    const needed = SCHEMA_VERSIONS[this.backend];
    if (found !== needed) throw new LeaseDatabaseSchemaError(found, needed, DRIVER_LABEL[this.backend]);
  }

  /** One statement, retried on serialization failures and deadlocks; failures become typed errors. */
  private run(statement: Statement, params: readonly unknown[]): Promise<SqlResult> {
    if (this.closed) return Promise.reject(new LeaseStoreClosedError());
    const running = this.attempt(statement, params);
    this.inFlight.add(running);
    void running.then(
      () => this.inFlight.delete(running),
      () => this.inFlight.delete(running),
    );
    return running;
  }

  private async attempt(statement: Statement, params: readonly unknown[]): Promise<SqlResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.driver.run(statement, params);
      } catch (err) {
        const kind = this.driver.classify(err);
        if (kind === 'retry' && attempt < this.maxAttempts) {
          this.logger.debug(
            50,
            'DHCPSRV_SQL_RETRY',
            `${statement.name} met a serialization failure or deadlock (${(err as Error).message}); running it again (attempt ${attempt + 1} of ${this.maxAttempts})`,
          );
          // A short, spread wait so that the transactions that collided do not collide again.
          await sleep(attempt * 2 + Math.random() * 5 * attempt);
          continue;
        }
        throw this.translate(err, kind);
      }
    }
  }

  private translate(err: unknown, kind: SqlFailure): Error {
    const message = (err as Error)?.message ?? String(err);
    if (kind === 'duplicate') return new DuplicateKey(message);
    if (kind === 'connection') {
      const lost = new LeaseDatabaseUnavailableError(
        `the ${DRIVER_LABEL[this.backend]} lease database ${this.database} is unavailable: ${message}`,
        err,
      );
      this.onUnavailable?.(lost);
      return lost;
    }
    if (this.closed) return new LeaseStoreClosedError();
    return new LeaseDatabaseError(
      `the ${DRIVER_LABEL[this.backend]} lease database refused a statement: ${message}`,
      err,
    );
  }

  private async leases(statement: Statement, params: readonly unknown[]): Promise<Lease6[]> {
    const { rows } = await this.run(statement, params);
    return rows.map((row) => normalizeLease(leaseFromRow(row)).lease);
  }

  /** Why a change matched no row: no lease of that type there, or one that has changed. */
  private async missingOrChanged(type: LeaseType, address: string, guarded: boolean) {
    const { rows } = await this.run(this.statements.typeAt, [address]);
    const present = rows.some((r) => Number(r.lease_type) === type);
    if (!present) return NOT_FOUND;
    return guarded ? CHANGED : UPDATED;
  }

  /** Answers once the database answers a trivial query (the server's reconnection probe). */
  async ping(): Promise<void> {
    await this.run(this.statements.ping, []);
  }

  async add(lease: Lease6): Promise<AddResult> {
    const stored = normalizeLease(lease).lease;
    try {
      await this.run(this.statements.insert, leaseParams(stored, this.backend));
      return ADDED;
    } catch (err) {
      if (err instanceof DuplicateKey) return CONFLICT;
      throw err;
    }
  }

  async update(lease: Lease6, options?: ChangeOptions): Promise<UpdateResult> {
    const stored = normalizeLease(lease).lease;
    const params = leaseParams(stored, this.backend);
    const expected = options?.expectedExpire;
    if (expected !== undefined) checkCount('expectedExpire', expected, 0);
    const result =
      expected === undefined
        ? await this.run(this.statements.update, params)
        : await this.run(this.statements.updateGuarded, [...params, expected]);
    if (result.affected > 0) return UPDATED;
    return this.missingOrChanged(stored.type, stored.address, expected !== undefined);
  }

  async delete(type: LeaseType, address: string, options?: ChangeOptions): Promise<DeleteResult> {
    checkType(type);
    const text = canonicalAddressOf(address);
    const expected = options?.expectedExpire;
    if (expected !== undefined) checkCount('expectedExpire', expected, 0);
    const removed =
      expected === undefined
        ? await this.leases(this.statements.delete, [text, type])
        : await this.leases(this.statements.deleteGuarded, [text, type, expected]);
    const lease = removed[0];
    if (lease) return { ok: true, lease };
    const why = await this.missingOrChanged(type, text, expected !== undefined);
    // Unguarded, a lease still there means another server put it back meanwhile: changed too.
    return why === UPDATED ? CHANGED : (why as DeleteResult);
  }

  async deleteExpiredReclaimed(seconds: number, now: number): Promise<number> {
    checkCount('seconds', seconds, 0);
    checkCount('now', now, 0);
    return (await this.run(this.statements.deleteReclaimed, [now - seconds])).affected;
  }

  async wipe(subnetId: number): Promise<number> {
    checkCount('subnetId', subnetId, 0);
    return (await this.run(this.statements.wipe, [subnetId])).affected;
  }

  async get(type: LeaseType, address: string): Promise<Lease6 | undefined> {
    checkType(type);
    return (await this.leases(this.statements.get, [canonicalAddressOf(address), type]))[0];
  }

  async getByIa(query: IaQuery): Promise<Lease6[]> {
    checkType(query.type);
    checkCount('iaid', query.iaid, 0);
    const duid = hexToBytes(canonicalDuid(query.duid));
    const iaid = this.backend === 'mysql' ? query.iaid : query.iaid | 0;
    const found =
      query.subnetId === undefined
        ? await this.leases(this.statements.byIa, [duid, iaid, query.type])
        : await this.leases(this.statements.byIaSubnet, [duid, iaid, query.type, query.subnetId]);
    return inAddressOrder(found);
  }

  async getByDuid(duid: string): Promise<Lease6[]> {
    return inAddressOrder(await this.leases(this.statements.byDuid, [hexToBytes(canonicalDuid(duid))]));
  }

  async getByHostname(hostname: string): Promise<Lease6[]> {
    checkHostname(hostname);
    if (hostname === '') return [];
    const found = await this.leases(this.statements.byHostname, [hostname]);
    return inAddressOrder(found.filter((l) => l.hostname === hostname));
  }

  async getBySubnet(subnetId: number): Promise<Lease6[]> {
    checkCount('subnetId', subnetId, 0);
    return inAddressOrder(await this.leases(this.statements.bySubnet, [subnetId]));
  }

  async getAll(): Promise<Lease6[]> {
    return inAddressOrder(await this.leases(this.statements.all, []));
  }

  async getPage(after: string | undefined, limit: number): Promise<Lease6[]> {
    checkCount('limit', limit, 1);
    const bounded = Math.min(limit, NO_LIMIT);
    return after === undefined
      ? this.leases(this.statements.pageFirst, [bounded])
      : this.leases(this.statements.pageAfter, [canonicalAddressOf(after), bounded]);
  }

  async getExpired(query: ExpiredQuery): Promise<Lease6[]> {
    checkCount('now', query.now, 0);
    checkCount('limit', query.limit, 0);
    const limit = query.limit === 0 ? NO_LIMIT : Math.min(query.limit, NO_LIMIT);
    const statement = query.includeReclaimed ? this.statements.expiredWithReclaimed : this.statements.expired;
    return this.leases(statement, [query.now, limit]);
  }

  /**
   * Counts from the lease6_stat table the schema's triggers keep, as Kea 2.2 reads them: they
   * count the default and declined states only.
   */
  async counts(query: CountQuery = {}): Promise<LeaseCount[]> {
    const ranged = query.firstSubnetId !== undefined || query.lastSubnetId !== undefined;
    const { rows } = ranged
      ? await this.run(this.statements.statsRange, [
          query.firstSubnetId ?? 0,
          query.lastSubnetId ?? 0xffffffff,
        ])
      : await this.run(this.statements.stats, []);
    return rows
      .map((r) => ({
        subnetId: Number(r.subnet_id),
        type: Number(r.lease_type) as LeaseType,
        state: Number(r.state),
        count: Number(r.leases),
      }))
      .filter((c) => c.count > 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Statements already sent finish (their callers get their answers) before the pool ends.
    await Promise.allSettled([...this.inFlight]);
    this.closed = true;
    await this.driver.close();
  }
}
