import { describe, expect, it } from 'vitest';
import { parseDhcp6Config, parseKeaJson } from '../src/index.js';

const load = (dhcp6: object) => parseDhcp6Config({ Dhcp6: dhcp6 } as never);

describe('Dhcp6 runtime model', () => {
  it('resolves scoped parameters subnet > shared-network > global > default', () => {
    const { model } = load({
      'valid-lifetime': 4000,
      'renew-timer': 1000,
      'ddns-qualifying-suffix': 'example.org',
      'shared-networks': [
        {
          name: 'office',
          'valid-lifetime': 3000,
          'rapid-commit': true,
          interface: 'eth1',
          relay: { 'ip-addresses': ['2001:db8::1'] },
          subnet6: [
            { subnet: '2001:db8:1::/64', 'valid-lifetime': 2000 },
            { subnet: '2001:db8:2::/64', 'rapid-commit': false },
          ],
        },
      ],
      subnet6: [{ subnet: '2001:db8:3::/64' }],
    });
    const [a, b, c] = model.subnets;
    expect(a!.validLifetime).toEqual({ min: 2000, value: 2000, max: 2000 });
    expect(b!.validLifetime.value).toBe(3000);
    expect(c!.validLifetime.value).toBe(4000);
    expect([a!.rapidCommit, b!.rapidCommit, c!.rapidCommit]).toEqual([true, false, false]);
    expect([a!.interface, c!.interface]).toEqual(['eth1', undefined]);
    expect(a!.relayAddresses).toEqual(['2001:db8::1']);
    expect([a!.renewTimer, c!.renewTimer]).toEqual([1000, 1000]);
    expect(a!.ddns.qualifyingSuffix).toBe('example.org');
    expect(c!.preferredLifetime.value).toBe(3600); // Kea 2.2's default
    expect(c!.t1Percent).toBe(0.5);
    expect(c!.ddns.replaceClientName).toBe('never');
    expect([a!.sharedNetwork, c!.sharedNetwork]).toEqual(['office', undefined]);
    expect(model.sharedNetworks[0]!.subnetIds).toEqual([a!.id, b!.id]);
  });

  it('resolves lifetime bounds: missing min and max take the value, explicit ones are kept', () => {
    const { model } = load({
      'min-valid-lifetime': 1000,
      'max-valid-lifetime': 9000,
      subnet6: [{ subnet: '2001:db8:1::/64', 'valid-lifetime': 5000 }],
    });
    expect(model.subnets[0]!.validLifetime).toEqual({ min: 1000, value: 5000, max: 9000 });
    expect(model.subnets[0]!.preferredLifetime).toEqual({ min: 3600, value: 3600, max: 3600 });
  });

  it('numbers subnets without an id as Kea 2.2 does: 1, 2, 3 in parse order, shared networks first', () => {
    const { model } = load({
      subnet6: [
        { subnet: '2001:db8:1::/64' },
        { subnet: '2001:db8:2::/64', id: 100 },
        { subnet: '2001:db8:3::/64', id: 0 },
      ],
      'shared-networks': [{ name: 'n', subnet6: [{ subnet: '2001:db8:4::/64' }] }],
    });
    expect(model.subnets.map((s) => [s.prefix.text, s.id])).toEqual([
      ['2001:db8:4::/64', 1],
      ['2001:db8:1::/64', 2],
      ['2001:db8:2::/64', 100],
      ['2001:db8:3::/64', 3],
    ]);
  });

  it('keeps addresses as canonical text with bigint copies for arithmetic', () => {
    const { model } = load({
      subnet6: [
        {
          subnet: '2001:DB8:0:0::/64',
          pools: [{ pool: '2001:db8::0010 - 2001:db8::00ff' }],
          'pd-pools': [
            {
              prefix: '2001:db8:8::',
              'prefix-len': 56,
              'delegated-len': 64,
              'excluded-prefix': '2001:db8:8:0:8000::',
              'excluded-prefix-len': 72,
            },
          ],
        },
      ],
    });
    const subnet = model.subnets[0]!;
    expect(subnet.prefix).toEqual({
      text: '2001:db8::/64',
      address: 0x20010db8000000000000000000000000n,
      length: 64,
    });
    expect(subnet.pools[0]).toMatchObject({
      text: '2001:db8::10-2001:db8::ff',
      first: 0x20010db8000000000000000000000010n,
      last: 0x20010db80000000000000000000000ffn,
    });
    expect(subnet.pdPools[0]!.prefix).toEqual({
      text: '2001:db8:8::/56',
      address: 0x20010db8000800000000000000000000n,
      length: 56,
    });
    expect(subnet.pdPools[0]!.delegatedLength).toBe(64);
    expect(subnet.pdPools[0]!.excludedPrefix!.text).toBe('2001:db8:8:0:8000::/72');
  });

  it('normalises reservation identifiers to lowercase colon hex', () => {
    const { model } = load({
      reservations: [{ 'flex-id': "'ab'", hostname: 'global-host' }],
      subnet6: [
        {
          subnet: '2001:db8:1::/64',
          reservations: [
            {
              duid: '01:02:03:04:05:0A',
              'ip-addresses': ['2001:DB8:1::0100'],
              prefixes: ['2001:db8:2:abcd::/64'],
            },
            { duid: '0x0A0B0C', hostname: 'b' },
            { 'hw-address': '00-1A-2b-3C-4d-5E' },
            { 'flex-id': '0102' },
          ],
        },
      ],
    });
    const reservations = model.subnets[0]!.reservations;
    expect(reservations.map((r) => [r.identifierType, r.identifier])).toEqual([
      ['duid', '01:02:03:04:05:0a'],
      ['duid', '0a:0b:0c'],
      ['hw-address', '00:1a:2b:3c:4d:5e'],
      ['flex-id', '01:02'],
    ]);
    expect(reservations[0]!.ipAddresses).toEqual(['2001:db8:1::100']);
    expect(reservations[0]!.prefixes).toEqual(['2001:db8:2:abcd::/64']);
    expect(model.globalReservations[0]).toMatchObject({
      identifierType: 'flex-id',
      identifier: '61:62',
      hostname: 'global-host',
    });
  });

  it('keeps option-data per scope with codes resolved and Kea defaults filled', () => {
    const { model } = load({
      'option-def': [{ name: 'my-opt', code: 1000, type: 'uint16', space: 'dhcp6' }],
      'option-data': [
        { name: 'dns-servers', data: '2001:db8::1, 2001:db8::2' },
        { name: 'my-opt', data: '42', 'always-send': true },
      ],
      'client-classes': [
        {
          name: 'voip',
          test: 'substring(option[1].hex, 0, 2) == 0x0001',
          'option-data': [{ code: 7, data: '255' }],
        },
      ],
      subnet6: [
        {
          subnet: '2001:db8:1::/64',
          'option-data': [{ code: 12345, data: '0a0b', 'csv-format': false }],
          pools: [
            {
              pool: '2001:db8:1::/80',
              'option-data': [{ name: 'domain-search', data: 'example.com, example.org.' }],
            },
          ],
        },
      ],
    });
    const dns = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0)];
    expect(model.options).toEqual([
      {
        name: 'dns-servers',
        code: 23,
        space: 'dhcp6',
        data: '2001:db8::1, 2001:db8::2',
        csvFormat: true,
        alwaysSend: false,
        encoded: new Uint8Array([...dns, 1, ...dns, 2]),
      },
      {
        name: 'my-opt',
        code: 1000,
        space: 'dhcp6',
        data: '42',
        csvFormat: true,
        alwaysSend: true,
        encoded: new Uint8Array([0, 42]),
      },
    ]);
    expect(model.optionDefs).toEqual([
      {
        name: 'my-opt',
        code: 1000,
        space: 'dhcp6',
        type: 'uint16',
        array: false,
        recordTypes: [],
        encapsulate: '',
      },
    ]);
    expect(model.clientClasses[0]).toMatchObject({
      name: 'voip',
      test: 'substring(option[1].hex, 0, 2) == 0x0001',
      onlyIfRequired: false,
      options: [{ name: 'preference', code: 7, data: '255' }],
    });
    expect(model.subnets[0]!.options[0]).toMatchObject({
      code: 12345,
      csvFormat: false,
      data: '0a0b',
      encoded: new Uint8Array([0x0a, 0x0b]),
    });
    expect(model.clientClasses[0]!.options[0]!.encoded).toEqual(new Uint8Array([255]));
    expect(model.subnets[0]!.pools[0]!.options[0]).toMatchObject({ name: 'domain-search', code: 24 });
    // RFC 1035 wire names: example.com and example.org.
    expect(Buffer.from(model.subnets[0]!.pools[0]!.options[0]!.encoded).toString('hex')).toBe(
      '076578616d706c6503636f6d00076578616d706c65036f726700',
    );
  });

  it('fills the global objects with Kea 2.2 defaults', () => {
    const { model } = load({ 'valid-lifetime': 4000 });
    expect(model.dataDirectory).toBe('/var/lib/kea');
    expect(model.leaseDatabase).toEqual({
      type: 'memfile',
      parameters: {
        type: 'memfile',
        persist: true,
        'lfc-interval': 3600,
        name: '/var/lib/kea/kea-leases6.csv',
        'nestor-fsync': false,
      },
    });
    expect(model.hostReservationIdentifiers).toEqual(['hw-address', 'duid']);
    expect(model.macSources).toEqual(['any']);
    expect(model.relaySuppliedOptions).toEqual([65]);
    expect(model.declineProbationPeriod).toBe(86400);
    expect(model.serverId).toEqual({
      type: 'LLT',
      identifier: '',
      htype: 0,
      time: 0,
      enterpriseId: 0,
      persist: true,
    });
    expect(model.multiThreading).toEqual({ enabled: false, threadPoolSize: 0, packetQueueSize: 64 });
    expect(model.dhcpDdns).toMatchObject({ enableUpdates: false, serverIp: '127.0.0.1', serverPort: 53001 });
    expect(model.expiredLeasesProcessing.holdReclaimedTime).toBe(3600);
    expect(model.sanityChecks.leaseChecks).toBe('warn');
    expect(model.controlSocket).toBeUndefined();
  });

  it('returns raw as config-get shows it: defaults, derived subnet values, normalised identifiers', () => {
    const document = {
      Dhcp6: {
        'valid-lifetime': 4000,
        'option-data': [{ name: 'dns-servers', data: '2001:db8::1' }],
        subnet6: [
          {
            subnet: '2001:db8:1::/64',
            pools: [{ pool: '2001:db8:1::10-2001:db8:1::20' }],
            reservations: [{ duid: '01:02:03:04:05:0A', 'ip-addresses': ['2001:db8:1::100'] }],
          },
        ],
      },
    };
    const before = JSON.stringify(document);
    const { raw } = parseDhcp6Config(document);
    expect(JSON.stringify(document)).toBe(before); // the caller's document is not modified
    // Values observed in kea-dhcp6 2.2's config-get answer for the same input.
    expect(raw['dhcp-ddns']).toEqual({
      'enable-updates': false,
      'max-queue-size': 1024,
      'ncr-format': 'JSON',
      'ncr-protocol': 'UDP',
      'sender-ip': '0.0.0.0',
      'sender-port': 0,
      'server-ip': '127.0.0.1',
      'server-port': 53001,
    });
    expect(raw['option-data']).toEqual([
      {
        'always-send': false,
        code: 23,
        'csv-format': true,
        data: '2001:db8::1',
        name: 'dns-servers',
        space: 'dhcp6',
      },
    ]);
    const subnet = (raw.subnet6 as Record<string, unknown>[])[0]!;
    expect(subnet).toMatchObject({
      id: 1,
      'valid-lifetime': 4000,
      'min-valid-lifetime': 4000,
      'max-valid-lifetime': 4000,
      'preferred-lifetime': 3600,
      't1-percent': 0.5,
      't2-percent': 0.8,
      'calculate-tee-times': true,
      'rapid-commit': false,
      relay: { 'ip-addresses': [] },
      'pd-pools': [],
      pools: [{ pool: '2001:db8:1::10-2001:db8:1::20', 'option-data': [] }],
      reservations: [
        {
          'client-classes': [],
          duid: '01:02:03:04:05:0a',
          hostname: '',
          'ip-addresses': ['2001:db8:1::100'],
          'option-data': [],
          prefixes: [],
        },
      ],
    });
    expect(raw['host-reservation-identifiers']).toEqual(['hw-address', 'duid']);
    expect(raw['relay-supplied-options']).toEqual(['65']);
    expect(raw['multi-threading']).toEqual({
      'enable-multi-threading': false,
      'packet-queue-size': 64,
      'thread-pool-size': 0,
    });
  });

  it('locates problems in a config-set document through its source map', () => {
    const text = '{"Dhcp6": {\n  "subnet6": [ { "subnet": "2001:db8:1::/64",\n  "bogus": 1 } ] } }';
    const { value, sources } = parseKeaJson(text, 'config-set');
    expect(() => parseDhcp6Config(value, sources)).toThrow(
      'Dhcp6.subnet6[0].bogus (config-set:3): got unexpected keyword "bogus" in subnet6 map',
    );
  });
});
