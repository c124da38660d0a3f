import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HOSTS_SETTINGS,
  formatHostsReport,
  type HostsBackendResult,
} from '../src/bench/hosts-bench.js';
import {
  BENCH_DUID_TEMPLATE,
  checkReservations,
  colonHex,
  hostsSqlScript,
  isReservedClient,
  perfdhcpBaseArgs,
  perfdhcpDuid,
  perfdhcpDuidSet,
  perfdhcpMac,
  planHosts,
} from '../src/bench/hosts-data.js';
import { perfdhcpArgv } from '../src/bench/perfdhcp.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe("perfdhcp's DUIDs", () => {
  it('client 0 is the MAC template; each number is added byte by byte from the last octet, without carry', () => {
    expect(hex(perfdhcpMac(0))).toBe('000c01020304');
    expect(hex(perfdhcpMac(1))).toBe('000c01020305');
    // 0x04 + 0xfc wraps to 0x00 and does not carry into the octet before it
    expect(hex(perfdhcpMac(0xfc))).toBe('000c01020300');
    // 256: the last octet gets 0x00, the one before it 0x01
    expect(hex(perfdhcpMac(256))).toBe('000c01020404');
    expect(hex(perfdhcpMac(0x0102fc))).toBe('000c01030500');
    expect(hex(perfdhcpMac(99_999))).toBe(
      hex(Uint8Array.from([0x00, 0x0c, 0x01, 0x02 + 0x01, (0x03 + 0x86) & 0xff, (0x04 + 0x9f) & 0xff])),
    );
    expect(() => perfdhcpMac(-1)).toThrow(RangeError);
  });

  it('the DUID is the -b duid template with its last 6 octets replaced by the MAC', () => {
    expect(hex(perfdhcpDuid(0))).toBe('000100012a2a2a2a000c01020304');
    expect(hex(perfdhcpDuid(257))).toBe('000100012a2a2a2a000c01020405');
    expect(colonHex(perfdhcpDuid(1))).toBe('00:01:00:01:2a:2a:2a:2a:00:0c:01:02:03:05');
  });

  it('perfdhcp is told that template (-b duid=..., -b mac=...)', () => {
    expect(perfdhcpBaseArgs()).toEqual(['duid=000100012a2a2a2a000c01020304', 'mac=00:0c:01:02:03:04']);
    const argv = perfdhcpArgv({
      iface: 'b-cli',
      leaseType: 'address-only',
      rate: 10,
      clients: 100,
      seconds: 1,
      base: perfdhcpBaseArgs(),
    });
    expect(argv.slice(-4)).toEqual([
      '-b',
      'duid=000100012a2a2a2a000c01020304',
      '-b',
      'mac=00:0c:01:02:03:04',
    ]);
  });

  it('100,000 clients have 100,000 distinct DUIDs', () => {
    expect(perfdhcpDuidSet(100_000).size).toBe(100_000);
  });
});

describe('the reservation plan', () => {
  const plan = planHosts({ total: 1000, clients: 1000, percent: 30, subnetId: 1, subnet: '2001:db8:1::/64' });

  it('reserves 30% of every run of perfdhcp clients and fills up with DUIDs perfdhcp never sends', () => {
    expect(plan.hosts).toHaveLength(1000);
    expect(plan.reservedForPerfdhcp.size).toBe(300);
    for (let start = 0; start < 1000; start += 137) {
      let reserved = 0;
      for (let i = start; i < start + 100; i++) if (isReservedClient(i, 30)) reserved++;
      expect(reserved).toBe(30);
    }
    const sent = perfdhcpDuidSet(1000);
    const others = plan.hosts.filter((h) => !sent.has(colonHex(h.duid)));
    expect(others).toHaveLength(700);
    expect(new Set(plan.hosts.map((h) => colonHex(h.duid))).size).toBe(1000);
    expect(new Set(plan.hosts.map((h) => h.address)).size).toBe(1000);
    expect(plan.hosts.map((h) => h.hostId)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it("gives perfdhcp's client n the address 2001:db8:1:0:1::n, canonical, outside the bench's /80 pool", () => {
    expect(plan.reservedForPerfdhcp.get(colonHex(perfdhcpDuid(0)))).toBe('2001:db8:1:0:1::');
    expect(plan.reservedForPerfdhcp.get(colonHex(perfdhcpDuid(29)))).toBe('2001:db8:1:0:1::1d');
    expect(plan.reservedForPerfdhcp.get(colonHex(perfdhcpDuid(30)))).toBeUndefined();
    expect(plan.reservedForPerfdhcp.get(colonHex(perfdhcpDuid(129)))).toBe('2001:db8:1:0:1::81');
    expect(plan.perfdhcpRange).toBe('2001:db8:1:0:1::/80');
    expect(plan.hosts.at(-1)!.address).toBe('2001:db8:1:0:2::2bb');
    expect(hex(plan.hosts.at(-1)!.duid)).toBe('000300010200000002bb');
  });

  it('stops at the total even when more clients would be reserved', () => {
    const small = planHosts({
      total: 10,
      clients: 1000,
      percent: 30,
      subnetId: 1,
      subnet: '2001:db8:1::/64',
    });
    expect(small.hosts).toHaveLength(10);
    expect(small.reservedForPerfdhcp.size).toBe(10);
  });
});

describe('the SQL script', () => {
  const hosts = planHosts({
    total: 5,
    clients: 3,
    percent: 30,
    subnetId: 7,
    subnet: '2001:db8:1::/64',
  }).hosts;

  it("writes MySQL rows in ISC's form, in batches, in one transaction", () => {
    const script = hostsSqlScript('mysql', hosts, 2);
    expect(script[0]).toBe('START TRANSACTION;');
    expect(script.at(-2)).toBe('COMMIT;');
    expect(script.at(-1)).toBe('ANALYZE TABLE hosts, ipv6_reservations;');
    // 3 batches (2 + 2 + 1), each a hosts INSERT and a reservations INSERT
    const inserts = script.filter((s) => s.startsWith('INSERT'));
    expect(inserts).toHaveLength(6);
    expect(inserts[0]).toBe(
      'INSERT INTO hosts (host_id, dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, dhcp6_subnet_id, ' +
        'ipv4_address, hostname, dhcp4_client_classes, dhcp6_client_classes, user_context, ' +
        'dhcp4_next_server, dhcp4_server_hostname, dhcp4_boot_file_name, auth_key) VALUES ' +
        "(1, X'000100012a2a2a2a000c01020304', 1, NULL, 7, NULL, '', '', '', NULL, 0, '', '', NULL), " +
        "(2, X'000100012a2a2a2a000c01020305', 1, NULL, 7, NULL, '', '', '', NULL, 0, '', '', NULL);",
    );
    expect(inserts[1]).toBe(
      'INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) VALUES ' +
        "('2001:db8:1:0:1::', 128, 0, 0, 1), ('2001:db8:1:0:1::1', 128, 0, 0, 2);",
    );
    expect(inserts[4]).toContain("(5, X'0003000102000000");
    expect(inserts[5]).toBe(
      "INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) VALUES ('2001:db8:1:0:2::1', 128, 0, 0, 5);",
    );
  });

  it('writes PostgreSQL bytea literals and moves the host_id sequence past the rows', () => {
    const script = hostsSqlScript('postgresql', hosts, 1000);
    expect(script[0]).toBe('BEGIN;');
    expect(script[1]).toContain(
      "(1, '\\x000100012a2a2a2a000c01020304'::bytea, 1, NULL, 7, NULL, '', '', '', NULL, 0, '', '', NULL)",
    );
    expect(script).toContain("SELECT setval('hosts_host_id_seq', (SELECT MAX(host_id) FROM hosts));");
    expect(script.at(-1)).toBe('ANALYZE hosts, ipv6_reservations;');
    expect(() => hostsSqlScript('mysql', hosts, 0)).toThrow(RangeError);
  });
});

describe('the lease file check', () => {
  const plan = planHosts({ total: 100, clients: 100, percent: 30, subnetId: 1, subnet: '2001:db8:1::/64' });
  const sent = perfdhcpDuidSet(100);
  const duid = (n: number) => colonHex(perfdhcpDuid(n));

  it('counts answered clients, the reserved ones and those holding their reserved address', () => {
    const leases = [
      { address: '2001:db8:1:0:1::', duid: duid(0), leaseType: 0 },
      { address: '2001:db8:1:0:1::1', duid: duid(1), leaseType: 0 },
      // reserved client 2 got a pool address: answered, reserved, not given its address
      { address: '2001:db8:1::5', duid: duid(2), leaseType: 0 },
      { address: '2001:db8:1::6', duid: duid(50), leaseType: 0 },
      // client 60 holds client 3's reserved address
      { address: '2001:db8:1:0:1::3', duid: duid(60), leaseType: 0 },
      // a prefix is not an address lease
      { address: '3000::', duid: duid(4), leaseType: 2 },
      // not one of perfdhcp's DUIDs
      { address: '2001:db8:1::7', duid: '00:03:00:01:aa:bb:cc:dd:ee:ff', leaseType: 0 },
    ];
    expect(checkReservations(leases, plan, sent)).toEqual({
      answered: 6,
      answeredReserved: 3,
      gotReserved: 2,
      wrongHolder: 1,
      unknownDuids: 1,
    });
  });

  it('a client holding a pool address besides its reserved one counts as given its address', () => {
    const leases = [
      { address: '2001:db8:1::9', duid: duid(5), leaseType: 0 },
      { address: '2001:db8:1:0:1::5', duid: duid(5), leaseType: 0 },
    ];
    expect(checkReservations(leases, plan, sent)).toMatchObject({
      answered: 1,
      answeredReserved: 1,
      gotReserved: 1,
    });
  });
});

describe('the report', () => {
  it('puts Nestor beside Kea with the ratio, and says what each served', () => {
    const check = {
      answered: 1000,
      answeredReserved: 300,
      gotReserved: 300,
      wrongHolder: 0,
      unknownDuids: 0,
    };
    const result: HostsBackendResult = {
      backend: 'mysql',
      loadSeconds: 3.2,
      rows: [
        {
          backend: 'mysql',
          serverId: 'kea',
          server: 'ISC Kea 2.2',
          status: 'ok',
          exchangesPerSecond: 2000,
          dropsPct: 0.1,
          steps: [{ offered: 2000, achieved: 2000, dropsPct: 0.1, noAnswers: false }],
          check,
        },
        {
          backend: 'mysql',
          serverId: 'nestor',
          server: 'Nestor',
          status: 'ok',
          exchangesPerSecond: 3000,
          dropsPct: 0.2,
          steps: [{ offered: 3000, achieved: 3000, dropsPct: 0.2, noAnswers: false }],
          check,
        },
      ],
    };
    const text = formatHostsReport([result], DEFAULT_HOSTS_SETTINGS);
    expect(text).toMatch(/mysql 100,000 hosts: rate\s+3,000 \/s\s+2,000 \/s\s+1\.50/);
    expect(text).toMatch(/mysql 100,000 hosts: reserved clients given their address\s+100 %\s+100 %\s+1\.00/);
    expect(text).toContain(
      'ISC Kea 2.2: 2000/s at 0.10% drops; 1000 clients hold an address, 300 of them reserved (30.0%), 300 with their reserved address (100.0%)',
    );
  });

  it('the DUID template is DUID-LLT over Ethernet', () => {
    expect(hex(BENCH_DUID_TEMPLATE.subarray(0, 4))).toBe('00010001');
  });
});
