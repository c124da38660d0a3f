/**
 * @nestor/leases: the DHCPv6 lease model, the lease store interface, and the memfile backend in
 * ISC Kea's lease6 CSV format, with the lease file cleanup (kea-lfc) logic.
 */
export {
  canonicalIPv6,
  ipv6KeyFromBytes,
  leaseKeyFromBytes,
  type ParsedAddress,
  parseAddress,
} from './address.js';
export {
  LeaseDatabaseError,
  LeaseDatabaseSchemaError,
  LeaseDatabaseUnavailableError,
  LeaseError,
  type LeaseErrorCode,
  LeaseFileBusyError,
  LeaseFileHeaderError,
  LeaseFileIoError,
  LeaseFileTooManyErrorsError,
  LeaseStoreClosedError,
  LeaseStoreConfigError,
  LeaseValidationError,
} from './errors.js';
export { MAX_DUID_LENGTH, MAX_HWADDR_LENGTH, parseDuid, parseHwaddr } from './hex.js';
export {
  EMPTY_DUID,
  HTYPE_ETHER,
  type JsonObject,
  type JsonValue,
  LEASE_TYPE_NAMES,
  type Lease6,
  type Lease6Init,
  LeaseState,
  LeaseType,
  lease6,
  leaseExpire,
} from './lease.js';
export { type LeaseLogger, silentLeaseLogger } from './logger.js';
export type { AppendLogStats, DataSync, WriteAll } from './memfile/append-log.js';
export {
  CLEANUP_MAX_ROW_ERRORS,
  type CleanupFiles,
  type CleanupOptions,
  type CleanupOutcome,
  cleanupLeaseFiles,
} from './memfile/cleanup.js';
export {
  type ColumnLayout,
  KEA_2_2_COLUMNS,
  KEA_2_4_COLUMNS,
  type LeaseFileFormat,
  layoutForFormat,
  parseHeader,
} from './memfile/columns.js';
export { escapeField, unescapeField } from './memfile/csv-escape.js';
export { keaJsonStringify, parseUserContext } from './memfile/kea-json.js';
export { type LeaseFileStats, readLeaseFile, readLeaseFileHeader } from './memfile/lease-file-reader.js';
export {
  cleanupArguments,
  defaultLeaseFile,
  type LeaseFileSet,
  leaseFileSet,
  pidFileNamesLiveProcess,
} from './memfile/lease-files.js';
export {
  MemfileLeaseStore,
  type MemfileLoadReport,
  type MemfileOptions,
  type RollbackListener,
  type RotationResult,
} from './memfile/memfile-store.js';
export { parseRow, type RowParse, rowFormatter } from './memfile/row-codec.js';
export {
  LEASE_CHECK_MODES,
  type LeaseCheckMode,
  type SubnetHolds,
  type SubnetLocator,
} from './memfile/sanity.js';
export { TORN_ROW_ID } from './memfile/torn-row.js';
export { WRITE_FAIL_ID, WRITE_RESUMED_ID } from './memfile/write-episodes.js';
export { type SqlConnectionSettings, sqlConnectionSettings } from './sql/connection-settings.js';
export type {
  SqlConnectionOptions,
  SqlDriver,
  SqlFailure,
  SqlResult,
  Statement,
  StatementRunner,
  TransactionalSqlDriver,
} from './sql/driver.js';
export { MysqlDriver } from './sql/mysql-driver.js';
export { PgDriver } from './sql/pg-driver.js';
export { SCHEMA_VERSIONS, SqlLeaseStore, type SqlLeaseStoreOptions } from './sql/sql-store.js';
export type {
  AddResult,
  ChangeOptions,
  CountQuery,
  DeleteResult,
  ExpiredQuery,
  IaQuery,
  KeyedLeaseStore,
  LeaseCount,
  LeaseStore,
  ScannableLeaseStore,
  StoredLeaseSlot,
  UpdateResult,
} from './store.js';
export { isKeyedLeaseStore, isScannableLeaseStore } from './store.js';
export { normalizeLease } from './validate.js';
