import { describe, expect, it } from 'vitest';
import {
  describeType,
  OptionDefinitionRegistry,
  parseOptionDef,
  STANDARD_DEFINITIONS,
} from '../src/index.js';

/**
 * Kea's list of standard DHCPv6 options (the DHCPv6 chapter of the Kea ARM plus the options
 * the server manages itself), transcribed independently of src/defs/standard.ts.
 */
const KEA_DHCP6_LIST: [string, number, string][] = [
  ['clientid', 1, 'binary'],
  ['serverid', 2, 'binary'],
  ['ia-na', 3, 'record (uint32, uint32, uint32)'],
  ['ia-ta', 4, 'uint32'],
  ['iaaddr', 5, 'record (ipv6-address, uint32, uint32)'],
  ['oro', 6, 'uint16 array'],
  ['preference', 7, 'uint8'],
  ['elapsed-time', 8, 'uint16'],
  ['relay-msg', 9, 'binary'],
  ['auth', 11, 'binary'],
  ['unicast', 12, 'ipv6-address'],
  ['status-code', 13, 'record (uint16, string)'],
  ['rapid-commit', 14, 'empty'],
  ['user-class', 15, 'binary'],
  ['vendor-class', 16, 'record (uint32, binary)'],
  ['vendor-opts', 17, 'uint32'],
  ['interface-id', 18, 'binary'],
  ['reconf-msg', 19, 'uint8'],
  ['reconf-accept', 20, 'empty'],
  ['sip-server-dns', 21, 'fqdn array'],
  ['sip-server-addr', 22, 'ipv6-address array'],
  ['dns-servers', 23, 'ipv6-address array'],
  ['domain-search', 24, 'fqdn array'],
  ['ia-pd', 25, 'record (uint32, uint32, uint32)'],
  ['iaprefix', 26, 'record (uint32, uint32, uint8, ipv6-address)'],
  ['nis-servers', 27, 'ipv6-address array'],
  ['nisp-servers', 28, 'ipv6-address array'],
  ['nis-domain-name', 29, 'fqdn array'],
  ['nisp-domain-name', 30, 'fqdn array'],
  ['sntp-servers', 31, 'ipv6-address array'],
  ['information-refresh-time', 32, 'uint32'],
  ['bcmcs-server-dns', 33, 'fqdn array'],
  ['bcmcs-server-addr', 34, 'ipv6-address array'],
  ['geoconf-civic', 36, 'record (uint8, uint16, binary)'],
  ['remote-id', 37, 'record (uint32, binary)'],
  ['subscriber-id', 38, 'binary'],
  ['client-fqdn', 39, 'record (uint8, fqdn)'],
  ['pana-agent', 40, 'ipv6-address array'],
  ['new-posix-timezone', 41, 'string'],
  ['new-tzdb-timezone', 42, 'string'],
  ['ero', 43, 'uint16 array'],
  ['lq-query', 44, 'record (uint8, ipv6-address)'],
  ['client-data', 45, 'empty'],
  ['clt-time', 46, 'uint32'],
  ['lq-relay-data', 47, 'record (ipv6-address, binary)'],
  ['lq-client-link', 48, 'ipv6-address array'],
  ['v6-lost', 51, 'fqdn'],
  ['capwap-ac-v6', 52, 'ipv6-address array'],
  ['relay-id', 53, 'binary'],
  ['v6-access-domain', 57, 'fqdn'],
  ['sip-ua-cs-list', 58, 'fqdn array'],
  ['bootfile-url', 59, 'string'],
  ['bootfile-param', 60, 'tuple array'],
  ['client-arch-type', 61, 'uint16 array'],
  ['nii', 62, 'record (uint8, uint8, uint8)'],
  ['aftr-name', 64, 'fqdn'],
  ['erp-local-domain-name', 65, 'fqdn'],
  ['rsoo', 66, 'empty'],
  ['pd-exclude', 67, 'ipv6-prefix'],
  ['rdnss-selection', 74, 'record (ipv6-address, uint8, fqdn) array'],
  ['client-linklayer-addr', 79, 'binary'],
  ['link-address', 80, 'ipv6-address'],
  ['solmax-rt', 82, 'uint32'],
  ['inf-max-rt', 83, 'uint32'],
  ['dhcpv4-message', 87, 'binary'],
  ['dhcp4o6-server-addr', 88, 'ipv6-address array'],
  ['s46-cont-mape', 94, 'empty'],
  ['s46-cont-mapt', 95, 'empty'],
  ['s46-cont-lw', 96, 'empty'],
  ['v6-captive-portal', 103, 'string'],
  ['relay-source-port', 135, 'uint16'],
  ['v6-sztp-redirect', 136, 'tuple array'],
  ['ipv6-address-andsf', 143, 'ipv6-address array'],
];

const std = OptionDefinitionRegistry.standard();

describe('standard option definitions', () => {
  it('match Kea’s DHCPv6 option list exactly', () => {
    const ours = std.definitions('dhcp6').map((d) => [d.name, d.code, describeType(d)]);
    expect(ours).toEqual(KEA_DHCP6_LIST);
  });

  it('have the encapsulated spaces of Kea’s table', () => {
    const encapsulating = STANDARD_DEFINITIONS.filter((d) => d.encapsulate).map(
      (d) => `${d.space}.${d.name}>${d.encapsulate}`,
    );
    expect(encapsulating.sort()).toEqual(
      [
        'dhcp6.lq-query>dhcp6',
        'dhcp6.client-data>dhcp6',
        'dhcp6.rsoo>rsoo-opts',
        'dhcp6.s46-cont-mape>s46-cont-mape-options',
        'dhcp6.s46-cont-mapt>s46-cont-mapt-options',
        'dhcp6.s46-cont-lw>s46-cont-lw-options',
        's46-cont-mape-options.s46-rule>s46-rule-options',
        's46-cont-mapt-options.s46-rule>s46-rule-options',
        's46-cont-lw-options.s46-v4v6bind>s46-v4v6bind-options',
      ].sort(),
    );
  });

  it('define the S46, DOCSIS and ISC spaces', () => {
    const list = (space: string) =>
      std.definitions(space).map((d) => `${d.name}:${d.code}:${describeType(d)}`);
    expect(list('s46-cont-mape-options')).toEqual([
      's46-rule:89:record (uint8, uint8, uint8, ipv4-address, ipv6-prefix)',
      's46-br:90:ipv6-address',
    ]);
    expect(list('s46-cont-mapt-options')).toEqual([
      's46-rule:89:record (uint8, uint8, uint8, ipv4-address, ipv6-prefix)',
      's46-dmr:91:ipv6-prefix',
    ]);
    expect(list('s46-cont-lw-options')).toEqual([
      's46-br:90:ipv6-address',
      's46-v4v6bind:92:record (ipv4-address, ipv6-prefix)',
    ]);
    expect(list('s46-rule-options')).toEqual(['s46-portparams:93:record (uint8, psid)']);
    expect(list('s46-v4v6bind-options')).toEqual(['s46-portparams:93:record (uint8, psid)']);
    expect(list('vendor-4491')).toEqual([
      'oro:1:uint16 array',
      'device-type:2:string',
      'vendor-type:10:string',
      'tftp-servers:32:ipv6-address array',
      'config-file:33:string',
      'syslog-servers:34:ipv6-address array',
      'device-id:36:binary',
      'time-servers:37:ipv6-address array',
      'time-offset:38:int32',
      'cmts-cm-mac:1026:binary',
    ]);
    expect(list('vendor-2495')).toEqual([
      '4o6-interface:60000:string',
      '4o6-source-address:60001:ipv6-address',
      '4o6-source-port:60002:uint16',
    ]);
    // Kea's own names for those two vendors' spaces know the same options.
    expect(list('docsis3-v6')).toEqual(list('vendor-4491'));
    expect(list('4o6')).toEqual(list('vendor-2495'));
  });

  it('look up by name and by code', () => {
    expect(std.get('dhcp6', 'dns-servers')).toMatchObject({
      code: 23,
      type: 'ipv6-address',
      array: true,
      standard: true,
    });
    expect(std.get('dhcp6', 24)?.name).toBe('domain-search');
    expect(std.get('dhcp6', 10)).toBeUndefined();
    expect(std.get('vendor-4491', 'tftp-servers')?.code).toBe(32);
    expect(std.get('nonexistent', 1)).toBeUndefined();
  });
});

describe('option-def validation', () => {
  const bad: [object, RegExp][] = [
    [{ name: 'foo', code: 200, type: 'record', 'record-types': 'uint8' }, /at least 2 fields/],
    [
      { name: 'foo', code: 200, type: 'record', 'record-types': 'string, uint8' },
      /string field can only be the last/,
    ],
    [
      { name: 'foo', code: 200, type: 'record', 'record-types': 'binary, uint8' },
      /binary field can only be the last/,
    ],
    [{ name: 'foo', code: 200, type: 'uint8', 'record-types': 'uint8, uint8' }, /instead of 'record'/],
    [{ name: 'foo', code: 200, type: 'string', array: true }, /array of string/],
    [{ name: 'foo', code: 200, type: 'binary', array: true }, /array of binary/],
    [{ name: 'foo', code: 200, type: 'empty', array: true }, /array of empty/],
    [
      { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8, string', array: true },
      /array of string/,
    ],
    [
      { name: 'foo', code: 200, type: 'record', 'record-types': 'uint8, record' },
      /invalid data type 'record'/,
    ],
    [{ name: 'foo', code: 200, type: 'record', 'record-types': 'uint8, empty' }, /invalid data type 'empty'/],
    [{ name: 'foo', code: 200, type: 'any-address' }, /option type 'any-address' is not supported/],
    [{ name: 'foo', code: 200, type: 'bogus' }, /not supported/],
    [{ name: 'foo', code: 200, type: 'uint8', array: true, encapsulate: 'bar' }, /may not encapsulate/],
    [{ name: 'foo bar', code: 200, type: 'uint8' }, /invalid option name 'foo bar'/],
    [{ name: '-foo', code: 200, type: 'uint8' }, /invalid option name/],
    [{ name: 'foo_', code: 200, type: 'uint8' }, /invalid option name/],
    [{ name: 'foo', code: 70000, type: 'uint8' }, /65535/],
    [{ name: 'foo', code: 0, type: 'uint8' }, /reserved value/],
    [{ name: 'foo', code: 200, type: 'uint8', space: 'my space' }, /invalid option space name/],
    [
      { name: 'foo', code: 200, type: 'uint8', encapsulate: 'bad space' },
      /invalid encapsulated option space name/,
    ],
    [{ name: 'foo', type: 'uint8' }, /requires an integer 'code'/],
    [{ code: 200, type: 'uint8' }, /requires a 'name'/],
    [{ name: 'foo', code: 200 }, /requires a 'type'/],
    [{ name: 'foo', code: 200, type: 'uint8', array: 'yes' }, /'array' must be true or false/],
  ];

  it.each(bad)('refuses %j', (entry, message) => {
    expect(() => parseOptionDef(entry, 3)).toThrow(
      expect.objectContaining({
        kind: 'INVALID_OPTION_DEF',
        index: 3,
        message: expect.stringMatching(message),
      }),
    );
  });

  it('accepts Kea’s valid forms with their defaults', () => {
    expect(parseOptionDef({ name: 'foo', code: 100, type: 'uint32' })).toEqual({
      name: 'foo',
      code: 100,
      space: 'dhcp6',
      type: 'uint32',
      array: false,
      recordTypes: [],
      encapsulate: '',
      standard: false,
    });
    expect(
      parseOptionDef({
        name: 'bar',
        code: 101,
        type: 'record',
        'record-types': 'ipv6-address, uint16, boolean, string',
      }).recordTypes,
    ).toEqual(['ipv6-address', 'uint16', 'boolean', 'string']);
    expect(
      parseOptionDef({ name: 'x', code: 1, type: 'record', 'record-types': 'uint8,fqdn,uint8' }).recordTypes,
    ).toHaveLength(3);
    expect(parseOptionDef({ name: 'x', code: 1, type: 'tuple', array: true }).array).toBe(true);
    expect(
      parseOptionDef({ name: 'x', code: 1, type: 'record', 'record-types': 'uint8,uint8', array: true })
        .array,
    ).toBe(true);
    expect(parseOptionDef({ name: 'x', code: 200, type: 'empty', encapsulate: 'isc' }).encapsulate).toBe(
      'isc',
    );
    expect(parseOptionDef({ name: 'x', code: 0, type: 'uint8', space: 'isc' }).code).toBe(0);
  });
});

describe('registry with custom definitions', () => {
  it('refuses redefining a standard dhcp6 or S46 option by code or by name', () => {
    expect(() => OptionDefinitionRegistry.fromOptionDefs([{ name: 'foo', code: 23, type: 'uint8' }])).toThrow(
      expect.objectContaining({ kind: 'STANDARD_OPTION_OVERRIDE', index: 0 }),
    );
    expect(() =>
      OptionDefinitionRegistry.fromOptionDefs([
        { name: 'ok', code: 200, type: 'uint8' },
        { name: 'dns-servers', code: 201, type: 'uint8' },
      ]),
    ).toThrow(
      expect.objectContaining({
        kind: 'STANDARD_OPTION_OVERRIDE',
        index: 1,
        message: expect.stringContaining("name 'dns-servers'"),
      }),
    );
    expect(() =>
      OptionDefinitionRegistry.fromOptionDefs([
        { name: 'foo', code: 90, space: 's46-cont-mape-options', type: 'uint8' },
      ]),
    ).toThrow(expect.objectContaining({ kind: 'STANDARD_OPTION_OVERRIDE' }));
  });

  it('allows unassigned dhcp6 codes and new spaces', () => {
    const registry = OptionDefinitionRegistry.fromOptionDefs([
      { name: 'foo', code: 10, type: 'uint8' },
      { name: 'subopt1', code: 1, space: 'isc', type: 'ipv6-address' },
      { name: 'container', code: 102, type: 'empty', encapsulate: 'isc' },
    ]);
    expect(registry.get('dhcp6', 10)?.name).toBe('foo');
    expect(registry.get('isc', 'subopt1')?.code).toBe(1);
    expect(
      registry
        .customDefinitions()
        .map((d) => d.name)
        .sort(),
    ).toEqual(['container', 'foo', 'subopt1']);
    // The standard registry itself is untouched.
    expect(OptionDefinitionRegistry.standard().get('dhcp6', 10)).toBeUndefined();
  });

  it('lets a custom vendor definition take precedence, as Kea does', () => {
    const registry = OptionDefinitionRegistry.fromOptionDefs([
      { name: 'my-oro', code: 1, space: 'vendor-4491', type: 'uint8' },
    ]);
    expect(registry.get('vendor-4491', 1)?.name).toBe('my-oro');
    expect(registry.get('vendor-4491', 'oro')).toBeUndefined();
    expect(registry.get('vendor-4491', 32)?.name).toBe('tftp-servers');
  });

  it('protects docsis3-v6 and 4o6 as standard spaces, but not their vendor spaces', () => {
    for (const entry of [
      { name: 'foo', code: 2, space: 'docsis3-v6', type: 'uint8' },
      { name: 'oro', code: 200, space: 'docsis3-v6', type: 'uint8' },
      { name: 'foo', code: 60000, space: '4o6', type: 'uint8' },
    ]) {
      expect(() => OptionDefinitionRegistry.fromOptionDefs([entry]), JSON.stringify(entry)).toThrow(
        expect.objectContaining({ kind: 'STANDARD_OPTION_OVERRIDE' }),
      );
    }
    const registry = OptionDefinitionRegistry.fromOptionDefs([
      { name: 'foo', code: 200, space: 'docsis3-v6', type: 'uint8' },
      { name: 'bar', code: 60000, space: 'vendor-2495', type: 'uint8' },
    ]);
    expect(registry.get('docsis3-v6', 200)?.name).toBe('foo');
    expect(registry.get('docsis3-v6', 2)?.name).toBe('device-type');
    expect(registry.get('vendor-2495', 60000)?.name).toBe('bar');
    // A vendor-space definition does not leak into Kea's space of the same options.
    expect(registry.get('4o6', 60000)?.name).toBe('4o6-interface');
  });

  it('refuses duplicate custom codes and names in one space', () => {
    expect(() =>
      OptionDefinitionRegistry.fromOptionDefs([
        { name: 'a', code: 1, space: 'isc', type: 'uint8' },
        { name: 'b', code: 1, space: 'isc', type: 'uint8' },
      ]),
    ).toThrow(
      expect.objectContaining({
        kind: 'DUPLICATE_OPTION_DEF',
        index: 1,
        message: expect.stringContaining("code '1'"),
      }),
    );
    expect(() =>
      OptionDefinitionRegistry.fromOptionDefs([
        { name: 'a', code: 1, space: 'isc', type: 'uint8' },
        { name: 'a', code: 2, space: 'isc', type: 'uint8' },
      ]),
    ).toThrow(
      expect.objectContaining({ kind: 'DUPLICATE_OPTION_DEF', message: expect.stringContaining("name 'a'") }),
    );
    // The same code in two spaces is fine.
    expect(() =>
      OptionDefinitionRegistry.fromOptionDefs([
        { name: 'a', code: 1, space: 'isc', type: 'uint8' },
        { name: 'a', code: 1, space: 'other', type: 'uint8' },
      ]),
    ).not.toThrow();
  });
});
