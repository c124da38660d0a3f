import {
  boolean,
  closedObject,
  nonEmptyString,
  oneOfStrings,
  type Schema,
  string,
  uint16,
  uint32,
} from './common.js';

/** Backends Kea 2.2 knows for leases and host reservations. */
export const DATABASE_TYPES = ['memfile', 'mysql', 'postgresql'] as const;

const common: Record<string, Schema> = {
  type: oneOfStrings(DATABASE_TYPES),
  user: string,
  password: string,
  host: string,
  port: uint16,
  name: nonEmptyString,
  persist: boolean,
  'lfc-interval': uint32,
  'connect-timeout': uint32,
  'max-reconnect-tries': uint32,
  'reconnect-wait-time': uint32,
  'on-fail': oneOfStrings(['stop-retry-exit', 'serve-retry-exit', 'serve-retry-continue']),
  'trust-anchor': string,
  'cert-file': string,
  'key-file': string,
  'cipher-list': string,
};

/** `lease-database`. */
export const leaseDatabase: Schema = closedObject(
  {
    ...common,
    'max-row-errors': uint32,
    // Nestor's own (see dhcp6/nestor-lease-parameters): Kea 2.2 refuses it as unknown.
    'nestor-fsync': boolean,
  },
  ['type'],
);

/** One `hosts-database` (or an entry of `hosts-databases`). */
export const hostsDatabase: Schema = closedObject({ ...common, readonly: boolean }, ['type']);

/** An entry of `config-control.config-databases`. */
export const configDatabase: Schema = closedObject(common, ['type']);
