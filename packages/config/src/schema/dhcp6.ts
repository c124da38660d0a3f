import {
  annotations,
  boolean,
  closedObject,
  controlSocket,
  hooksLibraries,
  listOf,
  loggers,
  nonEmptyString,
  nonNegative,
  number,
  oneOfStrings,
  type Schema,
  string,
  uint8,
  uint16,
  uint32,
} from './common.js';
import { configDatabase, hostsDatabase, leaseDatabase } from './database.js';

/**
 * JSON Schema of Kea 2.2's `Dhcp6` object: every parameter at every scope where kea-dhcp6 2.2
 * accepts it (checked against the binary's grammar). Value checks that need more than a type
 * (address syntax, ranges between parameters, uniqueness) are the semantic checks' job, so that
 * their messages can say what is wrong in Kea's words.
 */

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

const REPLACE_CLIENT_NAME = ['when-present', 'never', 'always', 'when-not-present'] as const;

/** Lifetimes and their bounds, allowed at global, shared-network, subnet and client-class scope. */
const lifetimes: Record<string, Schema> = {
  'preferred-lifetime': uint32,
  'min-preferred-lifetime': uint32,
  'max-preferred-lifetime': uint32,
  'valid-lifetime': uint32,
  'min-valid-lifetime': uint32,
  'max-valid-lifetime': uint32,
};

/** Parameters inherited global > shared-network > subnet (Kea's network parameters). */
export const networkParameters: Record<string, Schema> = {
  ...lifetimes,
  'renew-timer': uint32,
  'rebind-timer': uint32,
  'calculate-tee-times': boolean,
  't1-percent': number,
  't2-percent': number,
  'cache-threshold': number,
  'cache-max-age': uint32,
  'ddns-send-updates': boolean,
  'ddns-override-no-update': boolean,
  'ddns-override-client-update': boolean,
  'ddns-replace-client-name': { type: ['string', 'boolean'] },
  'ddns-generated-prefix': string,
  'ddns-qualifying-suffix': string,
  'ddns-update-on-renew': boolean,
  'ddns-use-conflict-resolution': boolean,
  // Beyond Kea 2.2 (Kea 2.6 and later): ISC kea-dhcp6 2.2 refuses them.
  'ddns-conflict-resolution-mode': oneOfStrings([
    'check-with-dhcid',
    'no-check-with-dhcid',
    'check-exists-with-dhcid',
    'no-check-without-dhcid',
  ]),
  'ddns-ttl-percent': { type: 'number', minimum: 0 },
  'ddns-ttl': uint32,
  'ddns-ttl-min': uint32,
  'ddns-ttl-max': uint32,
  'store-extended-info': boolean,
  'reservation-mode': oneOfStrings(['disabled', 'out-of-pool', 'global', 'all']),
  'reservations-global': boolean,
  'reservations-in-subnet': boolean,
  'reservations-out-of-pool': boolean,
  'hostname-char-set': string,
  'hostname-char-replacement': string,
  'option-data': ref('optionDataList'),
  ...annotations,
};

/** Parameters of shared networks and subnets but not of the global scope. */
const localNetworkParameters: Record<string, Schema> = {
  interface: string,
  'interface-id': string,
  'rapid-commit': boolean,
  relay: ref('relay'),
  'client-class': string,
  'require-client-classes': listOf(string),
};

const classList = listOf(string);

const defs: Record<string, Schema> = {
  optionData: closedObject({
    name: string,
    data: string,
    code: uint32,
    space: nonEmptyString,
    'csv-format': boolean,
    'always-send': boolean,
    ...annotations,
  }),
  optionDataList: listOf(ref('optionData')),
  optionDef: closedObject(
    {
      name: nonEmptyString,
      code: uint32,
      type: nonEmptyString,
      'record-types': string,
      space: nonEmptyString,
      encapsulate: string,
      array: boolean,
      ...annotations,
    },
    ['name', 'code', 'type'],
  ),
  relay: {
    ...closedObject({ 'ip-addresses': listOf(string), 'ip-address': string }),
    minProperties: 1,
  },
  pool: closedObject(
    {
      pool: nonEmptyString,
      'option-data': ref('optionDataList'),
      'client-class': string,
      'require-client-classes': classList,
      ...annotations,
    },
    ['pool'],
  ),
  pdPool: closedObject(
    {
      prefix: nonEmptyString,
      'prefix-len': uint8,
      'delegated-len': uint8,
      'excluded-prefix': string,
      'excluded-prefix-len': uint8,
      'option-data': ref('optionDataList'),
      'client-class': string,
      'require-client-classes': classList,
      ...annotations,
    },
    ['prefix', 'prefix-len', 'delegated-len'],
  ),
  reservation: closedObject({
    duid: string,
    'hw-address': string,
    'flex-id': string,
    'ip-addresses': listOf(string),
    prefixes: listOf(string),
    hostname: string,
    'client-classes': classList,
    'option-data': ref('optionDataList'),
    ...annotations,
  }),
  reservationList: listOf(ref('reservation')),
  subnet: closedObject(
    {
      subnet: nonEmptyString,
      id: { type: 'integer' },
      pools: listOf(ref('pool')),
      'pd-pools': listOf(ref('pdPool')),
      reservations: ref('reservationList'),
      ...networkParameters,
      ...localNetworkParameters,
    },
    ['subnet'],
  ),
  subnetList: listOf(ref('subnet')),
  sharedNetwork: closedObject(
    {
      name: nonEmptyString,
      subnet6: ref('subnetList'),
      ...networkParameters,
      ...localNetworkParameters,
    },
    ['name'],
  ),
  clientClass: closedObject(
    {
      name: nonEmptyString,
      test: string,
      'only-if-required': boolean,
      'option-data': ref('optionDataList'),
      ...lifetimes,
      ...annotations,
    },
    ['name'],
  ),
};

export const dhcp6Schema: Schema = {
  $id: 'nestor:Dhcp6',
  $defs: defs,
  // Kea's grammar wants at least one parameter in the Dhcp6 map.
  minProperties: 1,
  ...closedObject({
    ...networkParameters,
    'data-directory': string,
    'decline-probation-period': uint32,
    'server-tag': string,
    'parked-packet-limit': uint32,
    'dhcp4o6-port': uint16,
    'statistic-default-sample-count': uint32,
    'statistic-default-sample-age': uint32,
    'early-global-reservations-lookup': boolean,
    'ip-reservations-unique': boolean,
    'reservations-lookup-first': boolean,
    subnet6: ref('subnetList'),
    'shared-networks': listOf(ref('sharedNetwork')),
    reservations: ref('reservationList'),
    'client-classes': listOf(ref('clientClass')),
    'option-def': listOf(ref('optionDef')),
    'interfaces-config': closedObject({
      interfaces: listOf(string),
      're-detect': boolean,
      'service-sockets-require-all': boolean,
      'service-sockets-max-retries': uint32,
      'service-sockets-retry-wait-time': uint32,
      ...annotations,
    }),
    'lease-database': leaseDatabase,
    'hosts-database': hostsDatabase,
    'hosts-databases': listOf(hostsDatabase),
    'config-control': closedObject({
      'config-databases': listOf(configDatabase),
      'config-fetch-wait-time': uint32,
    }),
    'mac-sources': listOf(string, 1),
    'relay-supplied-options': listOf(string),
    'host-reservation-identifiers': listOf(oneOfStrings(['duid', 'hw-address', 'flex-id']), 1),
    'sanity-checks': closedObject({
      'lease-checks': oneOfStrings(['none', 'warn', 'fix', 'fix-del', 'del']),
    }),
    'expired-leases-processing': closedObject({
      'reclaim-timer-wait-time': uint32,
      'flush-reclaimed-timer-wait-time': uint32,
      'hold-reclaimed-time': uint32,
      'max-reclaim-leases': uint32,
      'max-reclaim-time': uint32,
      'unwarned-reclaim-cycles': uint32,
    }),
    'server-id': closedObject(
      {
        type: oneOfStrings(['LLT', 'EN', 'LL']),
        identifier: string,
        htype: uint16,
        time: uint32,
        'enterprise-id': uint32,
        persist: boolean,
        ...annotations,
      },
      ['type'],
    ),
    'multi-threading': closedObject(
      {
        'enable-multi-threading': boolean,
        'thread-pool-size': uint16,
        'packet-queue-size': uint16,
        ...annotations,
      },
      ['enable-multi-threading'],
    ),
    'dhcp-queue-control': {
      type: 'object',
      properties: { 'enable-queue': boolean, 'queue-type': string, capacity: nonNegative },
      required: ['enable-queue'],
    },
    'dhcp-ddns': closedObject(
      {
        'enable-updates': boolean,
        'server-ip': string,
        'server-port': uint16,
        'sender-ip': string,
        'sender-port': uint16,
        'max-queue-size': uint32,
        'ncr-protocol': oneOfStrings(['UDP', 'TCP']),
        'ncr-format': oneOfStrings(['JSON']),
        // Deprecated here since Kea 1.7 (moved to the global ddns-* parameters) but still parsed.
        'qualifying-suffix': string,
        'override-no-update': boolean,
        'override-client-update': boolean,
        'replace-client-name': { type: ['string', 'boolean'] },
        'generated-prefix': string,
        'hostname-char-set': string,
        'hostname-char-replacement': string,
        ...annotations,
      },
      // Kea 2.2's grammar makes enable-updates mandatory in this map.
      ['enable-updates'],
    ),
    'control-socket': controlSocket,
    'hooks-libraries': hooksLibraries,
    loggers,
    compatibility: { ...closedObject({ 'lenient-option-parsing': boolean }), minProperties: 1 },
  }),
};

export { REPLACE_CLIENT_NAME };
