/**
 * Kea 2.2's built-in DHCPv6 option definitions (names, codes and types as in Kea's option list
 * and src/lib/dhcp/std_option_defs.h and docsis3_option_defs.h): the dhcp6 space, the S46 spaces
 * (RFC 7598), CableLabs' DOCSIS 3.0 space "docsis3-v6" and ISC's "4o6". v6-sztp-redirect (136) is
 * included as in Kea 2.4 and later.
 */
import type { FieldType, OptionDataType, OptionDefinition } from './types.js';

export const DHCP6_SPACE = 'dhcp6';
export const MAPE_SPACE = 's46-cont-mape-options';
export const MAPT_SPACE = 's46-cont-mapt-options';
export const LW_SPACE = 's46-cont-lw-options';
export const S46_RULE_SPACE = 's46-rule-options';
export const S46_V4V6BIND_SPACE = 's46-v4v6bind-options';
/** CableLabs' DOCSIS 3.0 options, under Kea's name for the space. */
export const DOCSIS3_V6_SPACE = 'docsis3-v6';
/** ISC's DHCPv4-over-DHCPv6 options, under Kea's name for the space. */
export const ISC_V6_SPACE = '4o6';
/** The vendor spaces those definitions also serve (vendor-opts with enterprise 4491 / 2495). */
export const DOCSIS_SPACE = 'vendor-4491';
export const ISC_SPACE = 'vendor-2495';

/**
 * Kea keeps the definitions of these vendors' options in a space of their own and finds them
 * there for "vendor-<enterprise>" options, both in option-data and in received vendor-opts.
 * So "docsis3-v6" and "vendor-4491" know the same options, but only "docsis3-v6" is a standard
 * space: an option-def may not redefine its options, while in "vendor-4491" it may (and wins).
 */
const VENDOR_DEFINITION_SPACES: ReadonlyMap<string, string> = new Map([
  [DOCSIS_SPACE, DOCSIS3_V6_SPACE],
  [ISC_SPACE, ISC_V6_SPACE],
]);

type Row = [
  name: string,
  code: number,
  type: OptionDataType | FieldType[],
  array?: boolean,
  encapsulate?: string,
];

function def(space: string, [name, code, type, array = false, encapsulate = '']: Row): OptionDefinition {
  const isRecord = Array.isArray(type);
  return Object.freeze({
    name,
    code,
    space,
    type: isRecord ? 'record' : type,
    array,
    recordTypes: Object.freeze(isRecord ? [...type] : []),
    encapsulate,
    standard: true,
  });
}

const DHCP6_ROWS: Row[] = [
  ['clientid', 1, 'binary'],
  ['serverid', 2, 'binary'],
  ['ia-na', 3, ['uint32', 'uint32', 'uint32']],
  ['ia-ta', 4, 'uint32'],
  ['iaaddr', 5, ['ipv6-address', 'uint32', 'uint32']],
  ['oro', 6, 'uint16', true],
  ['preference', 7, 'uint8'],
  ['elapsed-time', 8, 'uint16'],
  ['relay-msg', 9, 'binary'],
  ['auth', 11, 'binary'],
  ['unicast', 12, 'ipv6-address'],
  ['status-code', 13, ['uint16', 'string']],
  ['rapid-commit', 14, 'empty'],
  ['user-class', 15, 'binary'],
  ['vendor-class', 16, ['uint32', 'binary']],
  ['vendor-opts', 17, 'uint32'],
  ['interface-id', 18, 'binary'],
  ['reconf-msg', 19, 'uint8'],
  ['reconf-accept', 20, 'empty'],
  ['sip-server-dns', 21, 'fqdn', true],
  ['sip-server-addr', 22, 'ipv6-address', true],
  ['dns-servers', 23, 'ipv6-address', true],
  ['domain-search', 24, 'fqdn', true],
  ['ia-pd', 25, ['uint32', 'uint32', 'uint32']],
  ['iaprefix', 26, ['uint32', 'uint32', 'uint8', 'ipv6-address']],
  ['nis-servers', 27, 'ipv6-address', true],
  ['nisp-servers', 28, 'ipv6-address', true],
  ['nis-domain-name', 29, 'fqdn', true],
  ['nisp-domain-name', 30, 'fqdn', true],
  ['sntp-servers', 31, 'ipv6-address', true],
  ['information-refresh-time', 32, 'uint32'],
  ['bcmcs-server-dns', 33, 'fqdn', true],
  ['bcmcs-server-addr', 34, 'ipv6-address', true],
  ['geoconf-civic', 36, ['uint8', 'uint16', 'binary']],
  ['remote-id', 37, ['uint32', 'binary']],
  ['subscriber-id', 38, 'binary'],
  ['client-fqdn', 39, ['uint8', 'fqdn']],
  ['pana-agent', 40, 'ipv6-address', true],
  ['new-posix-timezone', 41, 'string'],
  ['new-tzdb-timezone', 42, 'string'],
  ['ero', 43, 'uint16', true],
  ['lq-query', 44, ['uint8', 'ipv6-address'], false, DHCP6_SPACE],
  ['client-data', 45, 'empty', false, DHCP6_SPACE],
  ['clt-time', 46, 'uint32'],
  ['lq-relay-data', 47, ['ipv6-address', 'binary']],
  ['lq-client-link', 48, 'ipv6-address', true],
  ['v6-lost', 51, 'fqdn'],
  ['capwap-ac-v6', 52, 'ipv6-address', true],
  ['relay-id', 53, 'binary'],
  ['v6-access-domain', 57, 'fqdn'],
  ['sip-ua-cs-list', 58, 'fqdn', true],
  ['bootfile-url', 59, 'string'],
  ['bootfile-param', 60, 'tuple', true],
  ['client-arch-type', 61, 'uint16', true],
  ['nii', 62, ['uint8', 'uint8', 'uint8']],
  ['aftr-name', 64, 'fqdn'],
  ['erp-local-domain-name', 65, 'fqdn'],
  ['rsoo', 66, 'empty', false, 'rsoo-opts'],
  ['pd-exclude', 67, 'ipv6-prefix'],
  ['rdnss-selection', 74, ['ipv6-address', 'uint8', 'fqdn'], true],
  ['client-linklayer-addr', 79, 'binary'],
  ['link-address', 80, 'ipv6-address'],
  ['solmax-rt', 82, 'uint32'],
  ['inf-max-rt', 83, 'uint32'],
  ['dhcpv4-message', 87, 'binary'],
  ['dhcp4o6-server-addr', 88, 'ipv6-address', true],
  ['s46-cont-mape', 94, 'empty', false, MAPE_SPACE],
  ['s46-cont-mapt', 95, 'empty', false, MAPT_SPACE],
  ['s46-cont-lw', 96, 'empty', false, LW_SPACE],
  ['v6-captive-portal', 103, 'string'],
  ['relay-source-port', 135, 'uint16'],
  ['v6-sztp-redirect', 136, 'tuple', true],
  ['ipv6-address-andsf', 143, 'ipv6-address', true],
];

const S46_RULE: Row = [
  's46-rule',
  89,
  ['uint8', 'uint8', 'uint8', 'ipv4-address', 'ipv6-prefix'],
  false,
  S46_RULE_SPACE,
];
const S46_BR: Row = ['s46-br', 90, 'ipv6-address'];
const S46_PORTPARAMS: Row = ['s46-portparams', 93, ['uint8', 'psid']];

const SPACE_ROWS: Record<string, Row[]> = {
  [DHCP6_SPACE]: DHCP6_ROWS,
  [MAPE_SPACE]: [S46_BR, S46_RULE],
  [MAPT_SPACE]: [S46_RULE, ['s46-dmr', 91, 'ipv6-prefix']],
  [LW_SPACE]: [S46_BR, ['s46-v4v6bind', 92, ['ipv4-address', 'ipv6-prefix'], false, S46_V4V6BIND_SPACE]],
  [S46_RULE_SPACE]: [S46_PORTPARAMS],
  [S46_V4V6BIND_SPACE]: [S46_PORTPARAMS],
  // DOCSIS 3.0 CableLabs vendor options (Kea's docsis3_option_defs.h).
  [DOCSIS3_V6_SPACE]: [
    ['oro', 1, 'uint16', true],
    ['device-type', 2, 'string'],
    ['vendor-type', 10, 'string'],
    ['tftp-servers', 32, 'ipv6-address', true],
    ['config-file', 33, 'string'],
    ['syslog-servers', 34, 'ipv6-address', true],
    ['device-id', 36, 'binary'],
    ['time-servers', 37, 'ipv6-address', true],
    ['time-offset', 38, 'int32'],
    ['cmts-cm-mac', 1026, 'binary'],
  ],
  // ISC's DHCPv4-over-DHCPv6 inter-process options.
  [ISC_V6_SPACE]: [
    ['4o6-interface', 60000, 'string'],
    ['4o6-source-address', 60001, 'ipv6-address'],
    ['4o6-source-port', 60002, 'uint16'],
  ],
};

export const STANDARD_DEFINITIONS: readonly OptionDefinition[] = Object.freeze([
  ...Object.entries(SPACE_ROWS).flatMap(([space, rows]) => rows.map((row) => def(space, row))),
  ...[...VENDOR_DEFINITION_SPACES].flatMap(([vendorSpace, space]) =>
    (SPACE_ROWS[space] ?? []).map((row) => def(vendorSpace, row)),
  ),
]);

/** Spaces whose standard definitions an option-def may not replace (vendor spaces it may). */
export function isProtectedStandardSpace(space: string): boolean {
  return Object.hasOwn(SPACE_ROWS, space);
}

/** "vendor-4491" -> 4491; undefined for any other space name. */
export function vendorIdOfSpace(space: string): number | undefined {
  const match = /^vendor-(\d{1,10})$/.exec(space);
  if (!match) return undefined;
  const id = Number(match[1]);
  return id <= 0xffffffff ? id : undefined;
}
