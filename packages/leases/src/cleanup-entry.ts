/**
 * `@nestor/leases/cleanup`: the lease file cleanup alone, for kea-lfc. The package's main entry
 * also loads the SQL backends and their drivers (mysql2, pg), some 30 MiB of resident memory
 * that a cleaner, whose peak memory is measured against ISC's, never uses.
 */

export { type LeaseLogger, silentLeaseLogger } from './logger.js';
export {
  CLEANUP_MAX_ROW_ERRORS,
  type CleanupFiles,
  type CleanupOptions,
  type CleanupOutcome,
  cleanupLeaseFiles,
} from './memfile/cleanup.js';
