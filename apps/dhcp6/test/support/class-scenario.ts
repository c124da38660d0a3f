/**
 * The client-classification scenario that ISC Kea 2.2 and Nestor are both given by the
 * differential test (and pieces of it by the in-process tests): classes of every kind (built in,
 * vendor-class, option and relay based, KNOWN/UNKNOWN dependent, only-if-required, reserved,
 * DROP), guarding subnets, shared networks, pools and pd-pools, with option-data on classes and
 * on the scopes they compete with. Every test client is meant to fit exactly one pool, so that
 * the pool an address comes from does not depend on allocation history.
 */
import { makeDuidLlt } from '@nestor/codec';

export const duid = (n: number): Uint8Array =>
  makeDuidLlt(1, 2000, new Uint8Array([2, 0, 0, 0xcc, (n >> 8) & 0xff, n & 0xff]));

const colon = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

/** Clients with a reservation in subnet 1 (reserved classes) and a global one (campus). */
export const KNOWN_DUID = duid(0xa001);
export const VIP_DUID = duid(0xa002);
export const CAMPUS_DUID = duid(0xa003);

/** Option codes the classes and scopes configure (the test clients ask for all of them). */
export const OPTION = {
  dnsServers: 23,
  domainSearch: 24,
  nisServers: 27,
  nispServers: 28,
  nisDomain: 29,
  nispDomain: 30,
  sntpServers: 31,
  infoRefresh: 32,
  bcmsDomain: 33,
  posixTimezone: 41,
  tzdbTimezone: 42,
  preference: 7,
} as const;
export const REQUESTED: number[] = Object.values(OPTION).filter((c) => c !== OPTION.preference);

const opt = (name: string, data: string, extra: Record<string, unknown> = {}) => ({ name, data, ...extra });

export const CLASSES = [
  // Pass 1 (evaluated on reception)
  { name: 'DROP', test: "substring(option[15].hex,2,all) == 'drop-me'" },
  {
    name: 'VENDOR_CLASS_docsis3.0',
    'option-data': [opt('domain-search', 'docsis.example.')],
  },
  {
    name: 'modem',
    test: "member('VENDOR_CLASS_docsis3.0')",
    'option-data': [opt('sntp-servers', '2001:db8::31')],
  },
  {
    name: 'gold',
    test: "substring(option[15].hex,2,all) == 'gold'",
    'option-data': [
      opt('dns-servers', '2001:db8::9'),
      opt('domain-search', 'gold.example.'),
      opt('nis-servers', '2001:db8::27'),
    ],
  },
  {
    name: 'relay-a',
    test: "relay6[0].option[18].hex == 'port-a'",
    'option-data': [opt('nisp-servers', '2001:db8::28')],
  },
  { name: 'not-relay-a', test: "not member('relay-a')" },
  { name: 'reserved', 'option-data': [opt('nisp-domain-name', 'reserved.example.')] },
  { name: 'not-reserved', test: "not member('reserved')" },
  {
    name: 'VENDOR_CLASS_eRouter1.0',
    'option-data': [opt('information-refresh-time', '7777')],
  },
  // Pass 2 (after the host reservation lookup)
  { name: 'KNOWN', 'option-data': [opt('bcmcs-server-dns', 'known.example.')] },
  {
    name: 'vip',
    test: "member('KNOWN') and member('gold')",
    'option-data': [opt('information-refresh-time', '3600')],
  },
  { name: 'plain', test: "member('UNKNOWN') and not member('modem') and not member('gold')" },
  { name: 'known-plain', test: "member('KNOWN') and not member('gold')" },
  // Only when required
  {
    name: 'req-subnet',
    test: "member('ALL')",
    'only-if-required': true,
    'option-data': [opt('new-posix-timezone', 'EST5EDT')],
  },
  {
    name: 'req-pool',
    test: "member('gold')",
    'only-if-required': true,
    'option-data': [opt('new-posix-timezone', 'CET-1CEST'), opt('new-tzdb-timezone', 'Europe/Zurich')],
  },
  {
    name: 'req-never',
    test: "member('ALL')",
    'only-if-required': true,
    'option-data': [opt('nis-domain-name', 'never.example.')],
  },
  {
    name: 'req-net',
    test: "member('ALL')",
    'only-if-required': true,
    'option-data': [opt('nis-domain-name', 'net.example.')],
  },
  {
    name: 'req-false',
    test: "not member('gold')",
    'only-if-required': true,
    'option-data': [opt('bcmcs-server-dns', 'false.example.')],
  },
];

const pool = (range: string, extra: Record<string, unknown> = {}) => ({ pool: range, ...extra });

/** The whole Dhcp6 section but interfaces, data directory, lease database and loggers. */
export function classScenario(iface: string): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0102', persist: false },
    'host-reservation-identifiers': ['duid'],
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'renew-timer': 1000,
    'rebind-timer': 2000,
    'option-data': [
      opt('dns-servers', '2001:db8::1:1'),
      opt('domain-search', 'global.example.'),
      opt('sntp-servers', '2001:db8::1:31'),
      opt('preference', '9', { 'always-send': true }),
    ],
    'client-classes': CLASSES,
    reservations: [{ duid: colon(CAMPUS_DUID), 'client-classes': ['reserved'] }],
    'shared-networks': [
      {
        // The doc example: a global reservation's class picks the subnet inside a shared network.
        name: 'campus',
        relay: { 'ip-addresses': ['2001:db8:ffff::6'] },
        'reservations-global': true,
        'reservations-in-subnet': false,
        'require-client-classes': ['req-net'],
        'option-data': [opt('nisp-servers', '2001:db8::6:28')],
        subnet6: [
          {
            id: 6,
            subnet: '2001:db8:6::/64',
            pools: [pool('2001:db8:6::100-2001:db8:6::1ff', { 'client-class': 'reserved' })],
          },
          {
            id: 7,
            subnet: '2001:db8:7::/64',
            pools: [pool('2001:db8:7::100-2001:db8:7::1ff', { 'client-class': 'not-reserved' })],
          },
        ],
      },
      {
        // A guarded shared network; non-members fall through to subnet 9 on the same relay.
        name: 'erouters',
        'client-class': 'VENDOR_CLASS_eRouter1.0',
        relay: { 'ip-addresses': ['2001:db8:ffff::8'] },
        subnet6: [{ id: 8, subnet: '2001:db8:8::/64', pools: [pool('2001:db8:8::100-2001:db8:8::1ff')] }],
      },
    ],
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        interface: iface,
        'require-client-classes': ['req-subnet'],
        'option-data': [opt('dns-servers', '2001:db8:1::53')],
        pools: [
          pool('2001:db8:1::100-2001:db8:1::1ff', { 'client-class': 'VENDOR_CLASS_docsis3.0' }),
          pool('2001:db8:1::200-2001:db8:1::2ff', {
            'client-class': 'gold',
            'require-client-classes': ['req-pool', 'req-false'],
            'option-data': [opt('nis-servers', '2001:db8:1::27')],
          }),
          pool('2001:db8:1::300-2001:db8:1::3ff', { 'client-class': 'known-plain' }),
          pool('2001:db8:1::400-2001:db8:1::4ff', { 'client-class': 'plain' }),
        ],
        'pd-pools': [
          { prefix: '2001:db8:100::', 'prefix-len': 40, 'delegated-len': 48, 'client-class': 'gold' },
          { prefix: '2001:db8:200::', 'prefix-len': 40, 'delegated-len': 48, 'client-class': 'plain' },
        ],
        reservations: [
          { duid: colon(KNOWN_DUID), 'client-classes': ['reserved'] },
          { duid: colon(VIP_DUID), hostname: 'vip' },
        ],
      },
      {
        id: 2,
        subnet: '2001:db8:2::/64',
        pools: [
          pool('2001:db8:2::100-2001:db8:2::1ff', { 'client-class': 'relay-a' }),
          pool('2001:db8:2::200-2001:db8:2::2ff', { 'client-class': 'not-relay-a' }),
        ],
      },
      // Two subnets behind one relay address, the unguarded one first in the file: the order
      // subnets are tried in decides where modems go.
      {
        id: 4,
        subnet: '2001:db8:4::/64',
        relay: { 'ip-addresses': ['2001:db8:ffff::3'] },
        pools: [pool('2001:db8:4::100-2001:db8:4::1ff')],
      },
      {
        id: 3,
        subnet: '2001:db8:3::/64',
        'client-class': 'modem',
        relay: { 'ip-addresses': ['2001:db8:ffff::3'] },
        pools: [pool('2001:db8:3::100-2001:db8:3::1ff')],
      },
      {
        id: 5,
        subnet: '2001:db8:5::/64',
        'client-class': 'gold',
        pools: [pool('2001:db8:5::100-2001:db8:5::1ff')],
      },
      {
        id: 9,
        subnet: '2001:db8:9::/64',
        relay: { 'ip-addresses': ['2001:db8:ffff::8'] },
        pools: [pool('2001:db8:9::100-2001:db8:9::1ff')],
      },
    ],
  };
}

/** Clients of the early-lookup scenario. */
export const EARLY_DUID = duid(0xb001);
export const EARLY_DROP_DUID = duid(0xb002);
export const SUBNET_DROP_DUID = duid(0xb003);
export const LAB_DUID = duid(0xb004);

/**
 * The second scenario: early-global-reservations-lookup (a global reservation's class selects
 * the subnet), a DROP class that depends on KNOWN (dropped after the early lookup or after the
 * subnet's own reservation lookup), class lifetimes, and a shared network where a subnet
 * reservation's classes arrive only after allocation.
 */
export function earlyScenario(iface: string): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0102', persist: false },
    'host-reservation-identifiers': ['duid'],
    'early-global-reservations-lookup': true,
    'reservations-global': true,
    'reservations-in-subnet': true,
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'renew-timer': 1000,
    'rebind-timer': 2000,
    'client-classes': [
      {
        name: 'fast',
        'option-data': [opt('sntp-servers', '2001:db8::f')],
        'valid-lifetime': 5000,
        'preferred-lifetime': 4500,
      },
      { name: 'DROP', test: "member('KNOWN') and substring(option[15].hex,2,all) == 'drop-known'" },
      { name: 'slow', test: "not member('fast')", 'option-data': [opt('nis-servers', '2001:db8::5')] },
      { name: 'lab-res', 'option-data': [opt('nisp-servers', '2001:db8::1ab')] },
      {
        name: 'lab-probe',
        test: "member('lab-res')",
        'option-data': [opt('nis-domain-name', 'probe.example.')],
      },
      {
        name: 'lab-late',
        test: "member('lab-res')",
        'only-if-required': true,
        'option-data': [opt('nisp-domain-name', 'late.example.')],
      },
    ],
    reservations: [
      { duid: colon(EARLY_DUID), 'client-classes': ['fast'] },
      { duid: colon(EARLY_DROP_DUID), hostname: 'early-drop' },
    ],
    'shared-networks': [
      {
        name: 'lab',
        relay: { 'ip-addresses': ['2001:db8:ffff::a'] },
        'require-client-classes': ['lab-late'],
        subnet6: [
          {
            id: 30,
            subnet: '2001:db8:30::/64',
            pools: [
              pool('2001:db8:30::100-2001:db8:30::1ff', { 'client-class': 'lab-res' }),
              pool('2001:db8:30::200-2001:db8:30::2ff'),
            ],
            reservations: [{ duid: colon(LAB_DUID), 'client-classes': ['lab-res'] }],
          },
        ],
      },
    ],
    subnet6: [
      {
        id: 20,
        subnet: '2001:db8:20::/64',
        interface: iface,
        'client-class': 'fast',
        pools: [pool('2001:db8:20::100-2001:db8:20::1ff')],
      },
      {
        id: 21,
        subnet: '2001:db8:21::/64',
        interface: iface,
        'min-valid-lifetime': 3500,
        'max-valid-lifetime': 8000,
        pools: [pool('2001:db8:21::100-2001:db8:21::1ff')],
        reservations: [{ duid: colon(SUBNET_DROP_DUID), hostname: 'subnet-drop' }],
      },
    ],
  };
}
