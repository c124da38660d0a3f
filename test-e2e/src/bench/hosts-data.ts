/**
 * The data of the host-reservation bench, computed without a server: the DUIDs perfdhcp -6 sends,
 * the reservations made for some of them, those reservations as multi-row INSERTs in the form
 * ISC's kea-dhcp6 writes them (hosts + ipv6_reservations, Kea 2.2's schema), and the check of a
 * lease file that says how many answered clients got their reserved address.
 *
 * How perfdhcp 2.2 picks a DUID (src/bin/perfdhcp, read from Kea's source): with -R N it counts a
 * client number 0, 1, ... N-1, 0, ... (one per SOLICIT, starting at 0 in every run), adds its bytes
 * to the MAC template's bytes from the last one backwards, each byte on its own (no carry), and
 * puts that MAC in the last 6 octets of the DUID template. The template is DUID-LLT with the
 * current time unless -b duid=... gives one: the bench gives a fixed one, so the DUIDs are known
 * before perfdhcp runs.
 */
import { bigIntToIpv6, ipv6TextToBytes } from '@nestor/codec';

/** perfdhcp's MAC template when -b mac= is not given (CommandOptions::reset). */
export const PERFDHCP_DEFAULT_MAC = Uint8Array.from([0x00, 0x0c, 0x01, 0x02, 0x03, 0x04]);

/** The bench's DUID template: DUID-LLT, Ethernet, a fixed time, perfdhcp's MAC template. */
export const BENCH_DUID_TEMPLATE = Uint8Array.from([
  0x00,
  0x01,
  0x00,
  0x01,
  0x2a,
  0x2a,
  0x2a,
  0x2a,
  ...PERFDHCP_DEFAULT_MAC,
]);

/** perfdhcp's `-b` arguments that make it send exactly the DUIDs of perfdhcpDuid(). */
export function perfdhcpBaseArgs(template = BENCH_DUID_TEMPLATE, mac = PERFDHCP_DEFAULT_MAC): string[] {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  return [`duid=${hex(template)}`, `mac=${hex(mac).replace(/(..)(?!$)/g, '$1:')}`];
}

/** The MAC perfdhcp generates for its client number `client` (-R > 1). */
export function perfdhcpMac(client: number, mac = PERFDHCP_DEFAULT_MAC): Uint8Array {
  if (mac.length !== 6) throw new RangeError('perfdhcp takes a 6-octet MAC template');
  if (!Number.isInteger(client) || client < 0 || client > 0xffffffff)
    throw new RangeError(`client number ${client} is not a 32-bit unsigned integer`);
  const out = Uint8Array.from(mac);
  let r = client;
  for (let i = 5; i >= 0; i--) {
    out[i] = (out[i]! + r) & 0xff;
    // perfdhcp stops once the rest of the number is zero.
    if (r < 256) break;
    r = Math.floor(r / 256);
  }
  return out;
}

/** The DUID perfdhcp sends for client number `client`: the template's last 6 octets replaced by its MAC. */
export function perfdhcpDuid(
  client: number,
  template = BENCH_DUID_TEMPLATE,
  mac = PERFDHCP_DEFAULT_MAC,
): Uint8Array {
  if (template.length < 6) throw new RangeError('a perfdhcp DUID template has at least 6 octets');
  const duid = Uint8Array.from(template);
  duid.set(perfdhcpMac(client, mac), duid.length - 6);
  return duid;
}

/** Colon-separated hex, the way lease files and Kea's commands print a DUID. */
export const colonHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');

export interface BenchHost {
  hostId: number;
  duid: Uint8Array;
  subnetId: number;
  /** The one reserved address (IA_NA), canonical text. */
  address: string;
}

export interface HostPlan {
  hosts: BenchHost[];
  /** Reserved DUID (colon hex) -> its address, for the ones perfdhcp sends. */
  reservedForPerfdhcp: Map<string, string>;
  /** Where the reserved addresses of perfdhcp's clients lie ("2001:db8:1:0:1::/80"). */
  perfdhcpRange: string;
}

export interface HostPlanOptions {
  /** Reservations in all (default 100,000). */
  total: number;
  /** perfdhcp -R: its clients are numbers 0..clients-1. */
  clients: number;
  /** Percent of perfdhcp's clients reserved: client i is when i % 100 < percent. */
  percent: number;
  subnetId: number;
  /** A /64 of the subnet; reserved addresses are outside the bench's pool (::/80 of it). */
  subnet: string;
}

/** True when perfdhcp's client number `client` gets a reservation (`percent` of any run of 100). */
export const isReservedClient = (client: number, percent: number): boolean => client % 100 < percent;

/**
 * The reservations: perfdhcp's clients with isReservedClient get the /64 plus 1:0:0:<n> (n the
 * client number); the remaining ones, up to `total`, are DUID-LL hosts perfdhcp never sends
 * (another DUID type), the /64 plus 2:0:0:<n>. Host ids count from 1.
 */
export function planHosts(options: HostPlanOptions): HostPlan {
  const { total, clients, percent, subnetId } = options;
  const base = subnetBase(options.subnet);
  const hosts: BenchHost[] = [];
  const reservedForPerfdhcp = new Map<string, string>();
  for (let client = 0; client < clients && hosts.length < total; client++) {
    if (!isReservedClient(client, percent)) continue;
    const duid = perfdhcpDuid(client);
    const address = bigIntToIpv6(base + (1n << 48n) + BigInt(client));
    hosts.push({ hostId: hosts.length + 1, duid, subnetId, address });
    reservedForPerfdhcp.set(colonHex(duid), address);
  }
  for (let n = 0; hosts.length < total; n++) {
    // DUID-LL (type 3), Ethernet, a locally administered MAC: never one of perfdhcp's DUID-LLTs.
    const duid = Uint8Array.from([
      0x00,
      0x03,
      0x00,
      0x01,
      0x02,
      0x00,
      n >>> 24,
      (n >>> 16) & 0xff,
      (n >>> 8) & 0xff,
      n & 0xff,
    ]);
    const address = bigIntToIpv6(base + (2n << 48n) + BigInt(n));
    hosts.push({ hostId: hosts.length + 1, duid, subnetId, address });
  }
  return { hosts, reservedForPerfdhcp, perfdhcpRange: `${bigIntToIpv6(base + (1n << 48n))}/80` };
}

function subnetBase(subnet: string): bigint {
  const [address, length] = subnet.split('/');
  const bytes = address === undefined ? undefined : ipv6TextToBytes(address);
  if (!bytes || length !== '64') throw new RangeError(`the bench's subnet is a /64, not ${subnet}`);
  return Buffer.from(bytes).readBigUInt64BE(0) << 64n;
}

export type SqlBackend = 'mysql' | 'postgresql';

/** A DUID as a binary literal of the backend. */
function binaryLiteral(backend: SqlBackend, bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return backend === 'mysql' ? `X'${hex}'` : `'\\x${hex}'::bytea`;
}

/**
 * The SQL script that loads the hosts: one transaction of multi-row INSERTs, `batch` rows each,
 * every column as ISC's kea-dhcp6 2.2 writes a DUID host with one address (dhcp4 columns NULL,
 * hostname and class lists '', no user context, next-server 0, no auth key; the reservation type
 * 0 = IA_NA, prefix length 128, IAID 0). host_id is given, so each reservation names its host
 * without a lookup; PostgreSQL's sequence is moved past them afterwards, so the next host a
 * server adds gets a fresh id. ANALYZE at the end gives the planner the tables' real sizes.
 */
export function hostsSqlScript(backend: SqlBackend, hosts: readonly BenchHost[], batch = 1000): string[] {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError('batch is a positive integer');
  const statements: string[] = [backend === 'mysql' ? 'START TRANSACTION' : 'BEGIN'];
  for (let at = 0; at < hosts.length; at += batch) {
    const chunk = hosts.slice(at, at + batch);
    statements.push(
      'INSERT INTO hosts (host_id, dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, dhcp6_subnet_id, ' +
        'ipv4_address, hostname, dhcp4_client_classes, dhcp6_client_classes, user_context, ' +
        'dhcp4_next_server, dhcp4_server_hostname, dhcp4_boot_file_name, auth_key) VALUES ' +
        chunk
          .map(
            (h) =>
              `(${h.hostId}, ${binaryLiteral(backend, h.duid)}, 1, NULL, ${h.subnetId}, NULL, '', '', '', NULL, 0, '', '', NULL)`,
          )
          .join(', '),
    );
    statements.push(
      'INSERT INTO ipv6_reservations (address, prefix_len, type, dhcp6_iaid, host_id) VALUES ' +
        chunk.map((h) => `('${h.address}', 128, 0, 0, ${h.hostId})`).join(', '),
    );
  }
  statements.push('COMMIT');
  if (backend === 'postgresql') {
    statements.push("SELECT setval('hosts_host_id_seq', (SELECT MAX(host_id) FROM hosts))");
    statements.push('ANALYZE hosts, ipv6_reservations');
  } else statements.push('ANALYZE TABLE hosts, ipv6_reservations');
  return statements.map((s) => `${s};`);
}

export interface ReservationCheck {
  /** Distinct DUIDs holding an address lease at the end (answered clients). */
  answered: number;
  /** Of those, the ones with a reservation. */
  answeredReserved: number;
  /** Of those, the ones whose address is exactly the one reserved for them. */
  gotReserved: number;
  /** Leases in the reserved range held by a DUID other than the one it is reserved for. */
  wrongHolder: number;
  /** Answered DUIDs that are not any perfdhcp client's of this plan (the DUID model is wrong). */
  unknownDuids: number;
}

/**
 * Reads the address leases (latest row per address, type 0, valid lifetime > 0) against the plan.
 * `leases` are { address, duid } with the DUID in colon hex as lease files write it.
 */
export function checkReservations(
  leases: readonly { address: string; duid: string; leaseType: number }[],
  plan: HostPlan,
  perfdhcpDuids: ReadonlySet<string>,
): ReservationCheck {
  // A client may hold more than one address (a pool lease from before its reservation, say).
  const addressesOf = new Map<string, Set<string>>();
  let wrongHolder = 0;
  const reservedAddresses = new Map<string, string>();
  for (const [duid, address] of plan.reservedForPerfdhcp) reservedAddresses.set(address, duid);
  for (const lease of leases) {
    if (lease.leaseType !== 0) continue;
    const held = addressesOf.get(lease.duid) ?? new Set<string>();
    held.add(lease.address);
    addressesOf.set(lease.duid, held);
    const owner = reservedAddresses.get(lease.address);
    if (owner !== undefined && owner !== lease.duid) wrongHolder++;
  }
  let answeredReserved = 0;
  let gotReserved = 0;
  let unknownDuids = 0;
  for (const [duid, held] of addressesOf) {
    if (!perfdhcpDuids.has(duid)) unknownDuids++;
    const reserved = plan.reservedForPerfdhcp.get(duid);
    if (reserved === undefined) continue;
    answeredReserved++;
    if (held.has(reserved)) gotReserved++;
  }
  return { answered: addressesOf.size, answeredReserved, gotReserved, wrongHolder, unknownDuids };
}

/** Every DUID perfdhcp sends with -R `clients` (colon hex). */
export function perfdhcpDuidSet(clients: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < clients; i++) out.add(colonHex(perfdhcpDuid(i)));
  return out;
}
