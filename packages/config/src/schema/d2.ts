import {
  annotations,
  closedObject,
  controlSocket,
  hooksLibraries,
  listOf,
  loggers,
  oneOfStrings,
  type Schema,
  string,
  uint32,
} from './common.js';

/** JSON Schema of Kea 2.2's `DhcpDdns` object (kea-dhcp-ddns). */

const port: Schema = { type: 'integer', minimum: 1, maximum: 65535 };

const dnsServer: Schema = closedObject({
  'ip-address': string,
  hostname: string,
  port,
  'key-name': string,
  ...annotations,
});

const ddnsDomain: Schema = closedObject(
  {
    name: string,
    'key-name': string,
    'dns-servers': listOf(dnsServer, 1),
    ...annotations,
  },
  ['name', 'dns-servers'],
);

const ddnsDomains: Schema = closedObject({ 'ddns-domains': listOf(ddnsDomain) });

export const d2Schema: Schema = {
  $id: 'nestor:DhcpDdns',
  minProperties: 1,
  ...closedObject({
    'ip-address': string,
    port,
    'dns-server-timeout': { type: 'integer', minimum: 1, maximum: 4294967295 },
    'ncr-protocol': oneOfStrings(['UDP', 'TCP']),
    'ncr-format': oneOfStrings(['JSON']),
    'forward-ddns': ddnsDomains,
    'reverse-ddns': ddnsDomains,
    'tsig-keys': listOf(
      closedObject(
        {
          name: string,
          algorithm: string,
          'digest-bits': uint32,
          secret: string,
          ...annotations,
        },
        ['name', 'algorithm', 'secret'],
      ),
    ),
    'control-socket': controlSocket,
    'hooks-libraries': hooksLibraries,
    loggers,
    ...annotations,
  }),
};
