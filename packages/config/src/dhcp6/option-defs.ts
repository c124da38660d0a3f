/**
 * The DHCPv6 option definitions configuration needs to resolve option-data by name and to refuse
 * custom definitions that clash with standard ones: names, codes and value types of the options
 * Kea 2.2 defines in its `dhcp6` space and the sub-spaces its standard options encapsulate (IANA
 * codes; RFC 8415, 3646, 4704, 5908, 7598 and friends). The wire encoding lives in
 * packages/codec; this table only carries what validating option-data text needs.
 */

export type OptionFieldType =
  | 'empty'
  | 'binary'
  | 'boolean'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'ipv4-address'
  | 'ipv6-address'
  | 'ipv6-prefix'
  | 'psid'
  | 'string'
  | 'tuple'
  | 'fqdn'
  | 'record';

export const OPTION_TYPES: readonly OptionFieldType[] = [
  'empty',
  'binary',
  'boolean',
  'int8',
  'int16',
  'int32',
  'uint8',
  'uint16',
  'uint32',
  'ipv4-address',
  'ipv6-address',
  'ipv6-prefix',
  'psid',
  'string',
  'tuple',
  'fqdn',
  'record',
];

export interface OptionDefinition {
  name: string;
  code: number;
  space: string;
  type: OptionFieldType;
  array: boolean;
  recordTypes: OptionFieldType[];
  encapsulate: string;
}

type Row = [
  name: string,
  code: number,
  type: OptionFieldType,
  array?: boolean,
  records?: string,
  encapsulate?: string,
];

const DHCP6: Row[] = [
  ['clientid', 1, 'binary'],
  ['serverid', 2, 'binary'],
  ['ia-na', 3, 'record', false, 'uint32,uint32,uint32'],
  ['ia-ta', 4, 'uint32'],
  ['iaaddr', 5, 'record', false, 'ipv6-address,uint32,uint32'],
  ['oro', 6, 'uint16', true],
  ['preference', 7, 'uint8'],
  ['elapsed-time', 8, 'uint16'],
  ['relay-msg', 9, 'binary'],
  ['auth', 11, 'binary'],
  ['unicast', 12, 'ipv6-address'],
  ['status-code', 13, 'record', false, 'uint16,string'],
  ['rapid-commit', 14, 'empty'],
  ['user-class', 15, 'binary'],
  ['vendor-class', 16, 'record', false, 'uint32,binary'],
  ['vendor-opts', 17, 'uint32', false, '', 'vendor-opts-space'],
  ['interface-id', 18, 'binary'],
  ['reconf-msg', 19, 'uint8'],
  ['reconf-accept', 20, 'empty'],
  ['sip-server-dns', 21, 'fqdn', true],
  ['sip-server-addr', 22, 'ipv6-address', true],
  ['dns-servers', 23, 'ipv6-address', true],
  ['domain-search', 24, 'fqdn', true],
  ['ia-pd', 25, 'record', false, 'uint32,uint32,uint32'],
  ['iaprefix', 26, 'record', false, 'uint32,uint32,uint8,ipv6-address'],
  ['nis-servers', 27, 'ipv6-address', true],
  ['nisp-servers', 28, 'ipv6-address', true],
  ['nis-domain-name', 29, 'fqdn', true],
  ['nisp-domain-name', 30, 'fqdn', true],
  ['sntp-servers', 31, 'ipv6-address', true],
  ['information-refresh-time', 32, 'uint32'],
  ['bcmcs-server-dns', 33, 'fqdn', true],
  ['bcmcs-server-addr', 34, 'ipv6-address', true],
  ['geoconf-civic', 36, 'record', false, 'uint8,uint16,binary'],
  ['remote-id', 37, 'record', false, 'uint32,binary'],
  ['subscriber-id', 38, 'binary'],
  ['client-fqdn', 39, 'record', false, 'uint8,fqdn'],
  ['pana-agent', 40, 'ipv6-address', true],
  ['new-posix-timezone', 41, 'string'],
  ['new-tzdb-timezone', 42, 'string'],
  ['ero', 43, 'uint16', true],
  ['lq-query', 44, 'record', false, 'uint8,ipv6-address'],
  ['client-data', 45, 'empty'],
  ['clt-time', 46, 'uint32'],
  ['lq-relay-data', 47, 'record', false, 'ipv6-address,binary'],
  ['lq-client-link', 48, 'ipv6-address', true],
  ['v6-lost', 51, 'fqdn'],
  ['capwap-ac-v6', 52, 'ipv6-address', true],
  ['relay-id', 53, 'binary'],
  ['v6-access-domain', 57, 'fqdn'],
  ['sip-ua-cs-list', 58, 'fqdn', true],
  ['bootfile-url', 59, 'string'],
  ['bootfile-param', 60, 'tuple', true],
  ['client-arch-type', 61, 'uint16', true],
  ['nii', 62, 'record', false, 'uint8,uint8,uint8'],
  ['aftr-name', 64, 'fqdn'],
  ['erp-local-domain-name', 65, 'fqdn'],
  ['rsoo', 66, 'empty', false, '', 'rsoo-opts'],
  ['pd-exclude', 67, 'ipv6-prefix'],
  ['rdnss-selection', 74, 'record', true, 'ipv6-address,uint8,fqdn'],
  ['client-linklayer-addr', 79, 'binary'],
  ['link-address', 80, 'ipv6-address'],
  ['solmax-rt', 82, 'uint32'],
  ['inf-max-rt', 83, 'uint32'],
  ['dhcpv4-message', 87, 'binary'],
  ['dhcp4o6-server-addr', 88, 'ipv6-address', true],
  ['s46-cont-mape', 94, 'empty', false, '', 's46-cont-mape-options'],
  ['s46-cont-mapt', 95, 'empty', false, '', 's46-cont-mapt-options'],
  ['s46-cont-lw', 96, 'empty', false, '', 's46-cont-lw-options'],
  ['v6-captive-portal', 103, 'string'],
  ['ipv6-address-andsf', 143, 'ipv6-address', true],
];

const S46_RULE: Row = [
  's46-rule',
  89,
  'record',
  false,
  'uint8,uint8,uint8,ipv4-address,ipv6-prefix',
  's46-rule-options',
];
const S46_BR: Row = ['s46-br', 90, 'ipv6-address'];
const S46_DMR: Row = ['s46-dmr', 91, 'ipv6-prefix'];
const S46_V4V6BIND: Row = [
  's46-v4v6bind',
  92,
  'record',
  false,
  'ipv4-address,ipv6-prefix',
  's46-v4v6bind-options',
];
const S46_PORTPARAMS: Row = ['s46-portparams', 93, 'record', false, 'uint8,psid'];

/** Spaces with standard definitions, keyed by space name. */
const SPACES: Record<string, Row[]> = {
  dhcp6: DHCP6,
  's46-cont-mape-options': [S46_RULE, S46_BR],
  's46-cont-mapt-options': [S46_RULE, S46_DMR],
  's46-cont-lw-options': [S46_BR, S46_V4V6BIND],
  's46-rule-options': [S46_PORTPARAMS],
  's46-v4v6bind-options': [S46_PORTPARAMS],
  // ISC's vendor space (enterprise 2495) used by DHCPv4-over-DHCPv6.
  'vendor-2495': [
    ['4o6-interface', 60000, 'string'],
    ['4o6-source-address', 60001, 'ipv6-address'],
    ['4o6-source-port', 60002, 'uint16'],
  ],
  // CableLabs DOCSIS vendor space (enterprise 4491).
  'vendor-4491': [
    ['oro', 1, 'uint16', true],
    ['tftp-servers', 32, 'ipv6-address', true],
    ['config-file', 33, 'string'],
    ['syslog-servers', 34, 'ipv6-address', true],
    ['device-id', 36, 'binary'],
    ['time-servers', 37, 'ipv6-address', true],
    ['time-offset', 38, 'int32'],
  ],
};

function toDefinition(space: string, row: Row): OptionDefinition {
  const [name, code, type, array = false, records = '', encapsulate = ''] = row;
  return {
    name,
    code,
    space,
    type,
    array,
    recordTypes: records === '' ? [] : (records.split(',') as OptionFieldType[]),
    encapsulate,
  };
}

/** Lookup of definitions by space and name or code; custom definitions are added to a copy. */
export class OptionDefinitions {
  private readonly byName = new Map<string, OptionDefinition>();
  private readonly byCode = new Map<string, OptionDefinition>();

  static standard(): OptionDefinitions {
    const defs = new OptionDefinitions();
    for (const [space, rows] of Object.entries(SPACES)) {
      for (const row of rows) defs.add(toDefinition(space, row));
    }
    return defs;
  }

  add(def: OptionDefinition): void {
    this.byName.set(`${def.space}\u0000${def.name}`, def);
    this.byCode.set(`${def.space}\u0000${def.code}`, def);
  }

  byNameIn(space: string, name: string): OptionDefinition | undefined {
    return this.byName.get(`${space}\u0000${name}`);
  }

  byCodeIn(space: string, code: number): OptionDefinition | undefined {
    return this.byCode.get(`${space}\u0000${code}`);
  }
}

/** The standard definitions, built once. */
export const STANDARD_OPTION_DEFINITIONS = OptionDefinitions.standard();

/** Whether `space` is one whose definitions Kea fixes (custom definitions may not change them). */
export function isStandardSpace(space: string): boolean {
  return space === 'dhcp6' || space.startsWith('s46-');
}
