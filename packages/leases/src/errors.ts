/**
 * Errors the lease stores reject with. Each has a stable `code` so that callers (lease commands,
 * the server) can map them to answers without matching message text.
 */

export type LeaseErrorCode =
  | 'LEASE_INVALID'
  | 'LEASE_STORE_CLOSED'
  | 'LEASE_FILE_HEADER'
  | 'LEASE_FILE_TOO_MANY_ERRORS'
  | 'LEASE_FILE_IO'
  | 'LEASE_FILE_BUSY'
  | 'LEASE_STORE_CONFIG'
  | 'LEASE_DB_UNAVAILABLE'
  | 'LEASE_DB_SCHEMA'
  | 'LEASE_DB_FAILED';

export class LeaseError extends Error {
  constructor(
    readonly code: LeaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LeaseError';
  }
}

/** A lease value that breaks the model's rules (bad address, DUID, lifetime out of range...). */
export class LeaseValidationError extends LeaseError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('LEASE_INVALID', `${field}: ${message}`);
    this.name = 'LeaseValidationError';
  }
}

/** The store was closed; no more reads or changes. */
export class LeaseStoreClosedError extends LeaseError {
  constructor() {
    super('LEASE_STORE_CLOSED', 'the lease store is closed');
    this.name = 'LeaseStoreClosedError';
  }
}

/** A lease file whose header lacks a required column or repeats one. */
export class LeaseFileHeaderError extends LeaseError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super('LEASE_FILE_HEADER', `invalid header in lease file ${file}: ${message}`);
    this.name = 'LeaseFileHeaderError';
  }
}

/** More bad rows than max-row-errors allows. */
export class LeaseFileTooManyErrorsError extends LeaseError {
  constructor(
    readonly file: string,
    readonly maxErrors: number,
  ) {
    super(
      'LEASE_FILE_TOO_MANY_ERRORS',
      `exceeded maximum number of failures ${maxErrors} to read a lease from the lease file ${file}`,
    );
    this.name = 'LeaseFileTooManyErrorsError';
  }
}

/** Reading, writing or renaming a lease file failed at the operating system. */
export class LeaseFileIoError extends LeaseError {
  constructor(message: string, cause?: unknown) {
    super('LEASE_FILE_IO', message, { cause });
    this.name = 'LeaseFileIoError';
  }
}

/** A lease file cleanup holds the files (its pid file names a live process). */
export class LeaseFileBusyError extends LeaseError {
  constructor(readonly pidFile: string) {
    super(
      'LEASE_FILE_BUSY',
      `unable to load leases from files while the lease file cleanup is in progress (${pidFile})`,
    );
    this.name = 'LeaseFileBusyError';
  }
}

/** Store options that contradict each other or miss something the store needs. */
export class LeaseStoreConfigError extends LeaseError {
  constructor(message: string) {
    super('LEASE_STORE_CONFIG', message);
    this.name = 'LeaseStoreConfigError';
  }
}

/**
 * The lease database cannot be reached: refused or lost connection, a server shutting down, a
 * connect timeout. The server answers it with its on-fail policy (reconnect, stop serving, exit).
 */
export class LeaseDatabaseUnavailableError extends LeaseError {
  constructor(message: string, cause?: unknown) {
    super('LEASE_DB_UNAVAILABLE', message, { cause });
    this.name = 'LeaseDatabaseUnavailableError';
  }
}

/** The database holds a schema version this build does not know (Kea's "schema version mismatch"). */
export class LeaseDatabaseSchemaError extends LeaseError {
  constructor(
    readonly found: string,
    readonly needed: string,
    backend: string,
  ) {
    super(
      'LEASE_DB_SCHEMA',
      `${backend} lease database schema version mismatch: need version ${needed}, found version ${found}` +
        ' (upgrade the database with kea-admin db-upgrade, or use the Nestor release for that schema)',
    );
    this.name = 'LeaseDatabaseSchemaError';
  }
}

/** A statement the database refused for another reason (a constraint, a value out of range...). */
export class LeaseDatabaseError extends LeaseError {
  constructor(message: string, cause?: unknown) {
    super('LEASE_DB_FAILED', message, { cause });
    this.name = 'LeaseDatabaseError';
  }
}
