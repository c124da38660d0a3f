import { duidLl } from '@nestor/testkit';

/**
 * The scenarios' topologies and Kea-style configurations, shared by the tests (and readable on
 * their own: this is what each server under test is given).
 */

/** Scenario A: client and server on one link (a veth pair between two namespaces). */
export const scenarioA = {
  serverIf: 'v-srv',
  clientIf: 'v-cli',
  serverMac: '02:00:00:00:01:01',
  clientMac: '02:00:00:00:01:02',
  subnet: '2001:db8:1::/64',
  pool: { first: '2001:db8:1::1000', last: '2001:db8:1::1fff' },
  pdPool: { prefix: '2001:db8:8000::/48', delegatedLength: 56 },
  reservation: {
    /** dhclient -D LL sends DUID-LL built from the client interface's MAC. */
    duid: duidLl('02:00:00:00:01:02'),
    address: '2001:db8:1::100',
    prefix: '2001:db8:ffff:ff00::',
    prefixLength: 56,
  },
  /** Short T1 so that a bound dhclient renews within seconds; lifetimes long enough to outlast the run. */
  timers: { renew: 3, rebind: 5, preferred: 120, valid: 180 },
} as const;

export function scenarioAConfig(dir: string): object {
  const a = scenarioA;
  return {
    Dhcp6: {
      'interfaces-config': { interfaces: [a.serverIf] },
      'data-directory': dir,
      'lease-database': { type: 'memfile', persist: true, name: `${dir}/leases6.csv`, 'lfc-interval': 0 },
      'host-reservation-identifiers': ['duid', 'hw-address'],
      'renew-timer': a.timers.renew,
      'rebind-timer': a.timers.rebind,
      'preferred-lifetime': a.timers.preferred,
      'valid-lifetime': a.timers.valid,
      subnet6: [
        {
          id: 1,
          subnet: a.subnet,
          interface: a.serverIf,
          pools: [{ pool: `${a.pool.first} - ${a.pool.last}` }],
          'pd-pools': [
            {
              prefix: a.pdPool.prefix.split('/')[0],
              'prefix-len': Number(a.pdPool.prefix.split('/')[1]),
              'delegated-len': a.pdPool.delegatedLength,
            },
          ],
          reservations: [
            {
              duid: a.reservation.duid,
              'ip-addresses': [a.reservation.address],
              prefixes: [`${a.reservation.prefix}/${a.reservation.prefixLength}`],
              hostname: 'reserved1',
            },
          ],
        },
      ],
      loggers: [
        {
          name: 'kea-dhcp6',
          output_options: [{ output: `${dir}/server.log` }],
          severity: 'INFO',
          debuglevel: 0,
        },
      ],
    },
  };
}

/**
 * Scenario B: client -- relay (dhcrelay -6) -- server, three namespaces. The server picks the
 * subnet from the relay's link-address (its global address on the client-facing link).
 */
export const scenarioB = {
  serverIf: 'v-srv',
  relayUpIf: 'v-up',
  relayDownIf: 'v-down',
  clientIf: 'v-cli',
  serverAddress: '2001:db8:ffff::1',
  relayUpAddress: '2001:db8:ffff::2',
  subnets: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      relayAddress: '2001:db8:1::1',
      first: '2001:db8:1::1000',
      last: '2001:db8:1::1fff',
    },
    {
      id: 2,
      subnet: '2001:db8:2::/64',
      relayAddress: '2001:db8:2::1',
      first: '2001:db8:2::2000',
      last: '2001:db8:2::2fff',
    },
  ],
} as const;

export function scenarioBConfig(dir: string): object {
  const b = scenarioB;
  return {
    Dhcp6: {
      // relayed traffic arrives unicast: listen on the server's unicast address of that link
      'interfaces-config': { interfaces: [`${b.serverIf}/${b.serverAddress}`] },
      'data-directory': dir,
      'lease-database': { type: 'memfile', persist: true, name: `${dir}/leases6.csv`, 'lfc-interval': 0 },
      'renew-timer': 1000,
      'rebind-timer': 2000,
      'preferred-lifetime': 3000,
      'valid-lifetime': 4000,
      // no "interface" on the subnets: only the relay's link-address can select them
      subnet6: b.subnets.map((s) => ({
        id: s.id,
        subnet: s.subnet,
        pools: [{ pool: `${s.first} - ${s.last}` }],
      })),
      loggers: [
        {
          name: 'kea-dhcp6',
          output_options: [{ output: `${dir}/server.log` }],
          severity: 'INFO',
          debuglevel: 0,
        },
      ],
    },
  };
}
