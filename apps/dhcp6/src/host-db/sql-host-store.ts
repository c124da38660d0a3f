/**
 * Host reservations in a MySQL or PostgreSQL database on Kea 2.2's hosts schema, read and written
 * the way ISC's kea-dhcp6 reads and writes them, over the lease backends' drivers (mysql2 / pg
 * pools). Every read is one statement; nothing is cached, so a host another server or a
 * provisioning system wrote is seen by the next lookup.
 */
import type { OptionDefinitionRegistry } from '@nestor/codec';
import type { HostIdentifierType, JsonObject, Reservation6 } from '@nestor/config';
import {
  canonicalIPv6,
  MysqlDriver,
  PgDriver,
  SCHEMA_VERSIONS,
  type SqlConnectionOptions,
  type SqlResult,
  type Statement,
  type StatementRunner,
  type TransactionalSqlDriver,
} from '@nestor/leases';
import { optionDataOf, optionEntryOfRow, optionRowOf } from './host-options.js';
import { HOST_STATEMENTS, type HostBackend, type HostStatements } from './host-statements.js';

/** Kea's Host::IdentifierType numbers (dhcp_identifier_type). */
export const IDENTIFIER_TYPE_CODES: Readonly<Record<HostIdentifierType, number>> = {
  'hw-address': 0,
  duid: 1,
  'flex-id': 4,
};
const IDENTIFIER_TYPE_NAMES = new Map<number, HostIdentifierType>(
  Object.entries(IDENTIFIER_TYPE_CODES).map(([name, code]) => [code, name as HostIdentifierType]),
);
/** ipv6_reservations.type of an address (IA_NA) and of a prefix (IA_PD). */
const RESV_NA = 0;
const RESV_PD = 2;

/** A reservation read from a database: the model the server uses, with where it came from. */
export interface StoredHost {
  reservation: Reservation6;
  /** dhcp6_subnet_id: 0 for a global reservation. */
  subnetId: number;
  hostId: number;
}

/** A refusal Kea answers with its own text (result 1 of a command). */
export class HostStoreError extends Error {}

/**
 * A statement failed because the hosts database is out of reach (the server's on-fail policy
 * has been told); the packet that needed it is dropped.
 */
export class HostDatabaseUnavailableError extends Error {
  readonly code = 'HOSTS_DB_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`the hosts database cannot be reached: ${(cause as Error).message}`, { cause });
  }
}

/** Kea's words for a refused insert (a second host for an identifier, or an address reserved twice). */
export const DUPLICATE_ENTRY = 'Database duplicate entry error';

export interface SqlHostStoreOptions extends SqlConnectionOptions {
  backend: HostBackend;
  readonly?: boolean;
  /** Told of each statement that failed because the database is out of reach (on-fail starts). */
  onUnavailable?: (err: Error) => void;
  /** A driver to use instead of a pool made from the options (tests). */
  driver?: TransactionalSqlDriver;
}

export const colonHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

export const identifierBytes = (identifier: string): Buffer =>
  Buffer.from(identifier.replace(/:/g, ''), 'hex');

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
const bytes = (v: unknown): Uint8Array | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
const int = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Kea splits the class list on commas and trims each name. */
const classesOf = (v: unknown): string[] =>
  (text(v) ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');

export class SqlHostStore {
  private readonly statements: HostStatements;

  private constructor(
    readonly backend: HostBackend,
    private readonly driver: TransactionalSqlDriver,
    readonly readonly: boolean,
    private registry: OptionDefinitionRegistry,
    private readonly onUnavailable: ((err: Error) => void) | undefined,
  ) {
    this.statements = HOST_STATEMENTS[backend];
  }

  static open(options: SqlHostStoreOptions, registry: OptionDefinitionRegistry): SqlHostStore {
    const driver =
      options.driver ??
      (options.backend === 'mysql' ? MysqlDriver.create(options) : PgDriver.create(options));
    return new SqlHostStore(
      options.backend,
      driver,
      options.readonly ?? false,
      registry,
      options.onUnavailable,
    );
  }

  /** Resolves when the database answers a statement (the reconnection probe of on-fail). */
  async ping(): Promise<void> {
    await this.driver.run(this.statements.schemaVersion, []);
  }

  /** The option definitions of a new configuration (option-def may have changed). */
  useDefinitions(registry: OptionDefinitionRegistry): void {
    this.registry = registry;
  }

  /** Every DHCPv6 host of an identifier, in any subnet and global (Kea's getAll(type, id)). */
  async byIdentifier(type: HostIdentifierType, identifier: string): Promise<StoredHost[]> {
    return this.read(this.statements.byIdentifier, [
      identifierBytes(identifier),
      IDENTIFIER_TYPE_CODES[type],
    ]);
  }

  /** The host of an identifier in one subnet (0: global) (Kea's get6(subnet, type, id)). */
  async get(subnetId: number, type: HostIdentifierType, identifier: string): Promise<StoredHost | undefined> {
    const found = await this.read(this.statements.bySubnetIdentifier, [
      subnetId,
      IDENTIFIER_TYPE_CODES[type],
      identifierBytes(identifier),
    ]);
    return found[0];
  }

  /** The host holding an address or prefix (its address part) in a subnet (Kea's get6(subnet, address)). */
  async byAddress(subnetId: number, address: string): Promise<StoredHost | undefined> {
    return (await this.read(this.statements.bySubnetAddress, [subnetId, address]))[0];
  }

  async bySubnet(subnetId: number): Promise<StoredHost[]> {
    return this.read(this.statements.bySubnet, [subnetId]);
  }

  /** Up to `limit` hosts of a subnet with host_id above `afterHostId`, in host_id order. */
  async page(subnetId: number, afterHostId: number, limit: number): Promise<StoredHost[]> {
    return this.read(this.statements.pageOfSubnet, [subnetId, afterHostId, limit]);
  }

  /** Up to `limit` DHCPv6 hosts of any subnet with host_id above `afterHostId`. */
  async pageAll(afterHostId: number, limit: number): Promise<StoredHost[]> {
    return this.read(this.statements.pageOfAll, [afterHostId, limit]);
  }

  async byHostname(hostname: string, subnetId?: number): Promise<StoredHost[]> {
    const lower = hostname.toLowerCase();
    return subnetId === undefined
      ? this.read(this.statements.byHostname, [lower])
      : this.read(this.statements.bySubnetHostname, [lower, subnetId]);
  }

  /**
   * Adds a host as Kea does: the hosts row, its options, then its reservations, each address
   * or prefix only where no host holds it yet; all in one transaction on one connection, as
   * Kea's backends run it, so a refusal part-way (a reserved address, an option row the database
   * rejects, a lost connection) leaves the database as it was.
   */
  async add(subnetId: number, reservation: Reservation6): Promise<void> {
    if (this.readonly) throw new HostStoreError(this.readOnlyText());
    try {
      await this.guarded(this.driver.transaction((run) => this.insert(run, subnetId, reservation)));
    } catch (err) {
      if (!(err instanceof HostStoreError) && this.driver.classify(err) === 'duplicate')
        throw new HostStoreError(DUPLICATE_ENTRY);
      throw err;
    }
  }

  private async insert(run: StatementRunner, subnetId: number, reservation: Reservation6): Promise<void> {
    const s = this.statements;
    const id = identifierBytes(reservation.identifier);
    const type = IDENTIFIER_TYPE_CODES[reservation.identifierType];
    const inserted = await run(s.insertHost, [
      id,
      type,
      subnetId,
      reservation.hostname,
      reservation.clientClasses.join(','),
      reservation.userContext ? JSON.stringify(reservation.userContext) : null,
    ]);
    const row = inserted.rows[0] ?? (await run(s.hostIdOf, [id, type, subnetId])).rows[0];
    const hostId = Number(row?.host_id);
    for (const option of reservation.options) {
      const r = optionRowOf(option);
      await run(s.insertOption, [
        r.code,
        r.value ? Buffer.from(r.value) : null,
        r.formattedValue,
        r.space,
        r.persistent ? 1 : 0,
        r.userContext,
        hostId,
      ]);
    }
    const resources: [string, number, number][] = [
      ...reservation.ipAddresses.map((a): [string, number, number] => [a, 128, RESV_NA]),
      ...reservation.prefixes.map((p): [string, number, number] => {
        const [address, length] = p.split('/');
        return [address!, Number(length), RESV_PD];
      }),
    ];
    for (const [address, length, kind] of resources) {
      const result = await run(s.insertReservation, [address, length, kind, hostId, address, length]);
      if (result.affected === 0) throw new HostStoreError(DUPLICATE_ENTRY);
    }
  }

  /*
   * A delete is one statement, and the schema's cascades remove the host's options and
   * reservations within it: it takes effect whole or not at all, with no transaction of its own.
   */

  /** Deletes the host of an identifier in a subnet; whether there was one. */
  async deleteByIdentifier(subnetId: number, type: HostIdentifierType, identifier: string): Promise<boolean> {
    if (this.readonly) throw new HostStoreError(this.readOnlyText());
    const r = await this.run(this.statements.deleteByIdentifier, [
      subnetId,
      IDENTIFIER_TYPE_CODES[type],
      identifierBytes(identifier),
    ]);
    return r.affected > 0;
  }

  /** Deletes the host holding an address in a subnet; whether there was one. */
  async deleteByAddress(subnetId: number, address: string): Promise<boolean> {
    if (this.readonly) throw new HostStoreError(this.readOnlyText());
    const r = await this.run(this.statements.deleteByAddress, [subnetId, address]);
    return r.affected > 0;
  }

  /**
   * Connects and checks the schema is Kea 2.2's (what kea-dhcp6 2.2 checks when it opens a hosts
   * database): rejects with the reason otherwise.
   */
  async checkSchema(): Promise<void> {
    const { rows } = await this.driver.run(this.statements.schemaVersion, []);
    const row = rows[0];
    const found = row ? `${Number(row.version)}.${Number(row.minor)}` : 'none';
    if (found !== SCHEMA_VERSIONS[this.backend])
      throw new HostStoreError(
        `the hosts database has schema version ${found}; this server reads and writes Kea 2.2's (${SCHEMA_VERSIONS[this.backend]})`,
      );
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private run(statement: Statement, params: readonly unknown[]): Promise<SqlResult> {
    return this.guarded(this.driver.run(statement, params));
  }

  /** The work's outcome; a failure that says the database is out of reach is reported, and typed. */
  private async guarded<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (this.driver.classify(err) !== 'connection') throw err;
      const lost = new HostDatabaseUnavailableError(err);
      this.onUnavailable?.(lost);
      throw lost;
    }
  }

  /** Kea's refusal of a write to a database opened with readonly true. */
  private readOnlyText(): string {
    const label = this.backend === 'mysql' ? 'MySQL' : 'PgSQL';
    return `${label} host database backend is configured to operate in read only mode`;
  }

  /**
   * Runs a read and rebuilds hosts from the joined rows: one host per host_id, each option and
   * reservation once (the joins repeat them). Hosts that are not DHCPv6 ones (no
   * dhcp6_subnet_id, or a DHCPv4-only identifier type) are left out, as kea-dhcp6 leaves them.
   */
  private async read(
    statement: HostStatements[keyof HostStatements],
    params: unknown[],
  ): Promise<StoredHost[]> {
    const { rows } = await this.run(statement, params);
    const hosts: StoredHost[] = [];
    let current: { host: StoredHost; options: Set<number>; reservations: Set<number> } | undefined;
    for (const row of rows) {
      const hostId = Number(row.host_id);
      if (!current || current.host.hostId !== hostId) {
        current = undefined;
        const subnetId = int(row.dhcp6_subnet_id);
        const identifierType = IDENTIFIER_TYPE_NAMES.get(Number(row.dhcp_identifier_type));
        if (subnetId === null || identifierType === undefined) continue;
        const context = text(row.user_context);
        const reservation: Reservation6 = {
          identifierType,
          identifier: colonHex(bytes(row.dhcp_identifier) ?? new Uint8Array()),
          ipAddresses: [],
          prefixes: [],
          hostname: text(row.hostname) ?? '',
          clientClasses: classesOf(row.dhcp6_client_classes),
          options: [],
        };
        if (context !== null && context !== '') reservation.userContext = JSON.parse(context) as JsonObject;
        current = { host: { reservation, subnetId, hostId }, options: new Set(), reservations: new Set() };
        hosts.push(current.host);
      }
      const optionId = int(row.option_id);
      if (optionId !== null && !current.options.has(optionId)) {
        current.options.add(optionId);
        const entry = optionEntryOfRow({
          code: Number(row.code),
          value: bytes(row.value),
          formattedValue: text(row.formatted_value),
          space: text(row.space),
          persistent: row.persistent === true || Number(row.persistent) === 1,
          userContext: text(row.option_user_context),
        });
        current.host.reservation.options.push(optionDataOf(entry, this.registry));
      }
      const reservationId = int(row.reservation_id);
      if (reservationId !== null && !current.reservations.has(reservationId)) {
        current.reservations.add(reservationId);
        const address = canonical(text(row.address) ?? '');
        if (Number(row.type) === RESV_PD)
          current.host.reservation.prefixes.push(`${address}/${Number(row.prefix_len)}`);
        else current.host.reservation.ipAddresses.push(address);
      }
    }
    return hosts;
  }
}

/** The RFC 5952 text of a stored address (Kea writes it so; a hand-written row may not be). */
function canonical(address: string): string {
  return canonicalIPv6(address) ?? address;
}
