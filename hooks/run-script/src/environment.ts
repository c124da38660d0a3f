/**
 * The environment variables Kea 2.2's run_script library exports to its script, built from a
 * hook point's arguments (Kea's src/hooks/dhcp/run_script/run_script.cc: the same names, the
 * same order, the same text for each value, and the same empty strings when an argument is
 * absent). The script gets these variables and nothing else: Kea execs it with exactly them.
 */

/** What the library reads of kea-dhcp6's query6 (apps/dhcp6's Query6 has all of it). */
export interface Query6View {
  readonly type: number;
  readonly transactionId: number;
  readonly localAddress: string;
  readonly localPort?: number;
  readonly remoteAddress: string;
  readonly remotePort?: number;
  readonly interfaceIndex?: number;
  readonly interfaceName: string;
  /** Colon hex, '' without a client-id. */
  readonly duid: string;
}

/** What the library reads of a lease6 (the @nestor/leases Lease6 fields). */
export interface Lease6View {
  readonly type: number;
  readonly address: string;
  readonly prefixLength: number;
  readonly duid: string;
  readonly iaid: number;
  readonly subnetId: number;
  readonly preferredLifetime: number;
  readonly validLifetime: number;
  readonly cltt: number;
  readonly hostname: string;
  /** Colon hex, '' when unknown. */
  readonly hwaddr: string;
  readonly hwtype: number;
  readonly state: number;
}

/** The IA of lease6_renew / lease6_rebind (ia_na or ia_pd). */
export interface IaView {
  readonly iaid: number;
  /** Kea passes the IA of the reply, whose T1 and T2 are set after the callouts: 0 then. */
  readonly t1?: number;
  readonly t2?: number;
}

/** Kea's Pkt6::getName. */
const MESSAGE_NAMES: Record<number, string> = {
  1: 'SOLICIT',
  2: 'ADVERTISE',
  3: 'REQUEST',
  4: 'CONFIRM',
  5: 'RENEW',
  6: 'REBIND',
  7: 'REPLY',
  8: 'RELEASE',
  9: 'DECLINE',
  10: 'RECONFIGURE',
  11: 'INFORMATION_REQUEST',
  12: 'RELAY_FORWARD',
  13: 'RELAY_REPLY',
  14: 'LEASEQUERY',
  15: 'LEASEQUERY_REPLY',
  20: 'DHCPV4_QUERY',
  21: 'DHCPV4_RESPONSE',
};

/** Kea's Lease::typeToText (0 IA_NA, 1 IA_TA, 2 IA_PD). */
const LEASE_TYPES: Record<number, string> = { 0: 'IA_NA', 1: 'IA_TA', 2: 'IA_PD' };

/** Kea's Lease::basicStatesToText. */
const LEASE_STATES: Record<number, string> = { 0: 'default', 1: 'declined', 2: 'expired-reclaimed' };

/** DHCPv6 option codes of IA_NA and IA_PD (what Kea's Option6IA::getType gives). */
const IA_NA_CODE = 3;
const IA_PD_CODE = 25;

/** Variables in the order Kea pushes them (its vector of NAME=value strings). */
export type Environment = [name: string, value: string][];

export function query6Variables(env: Environment, q: Query6View | undefined, prefix: string): void {
  if (!q) {
    for (const s of [
      '_TYPE',
      '_TXID',
      '_LOCAL_ADDR',
      '_LOCAL_PORT',
      '_REMOTE_ADDR',
      '_REMOTE_PORT',
      '_IFACE_INDEX',
      '_IFACE_NAME',
      '_REMOTE_HWADDR',
      '_REMOTE_HWADDR_TYPE',
      '_PROTO',
      '_CLIENT_ID',
    ])
      env.push([prefix + s, '']);
    return;
  }
  env.push([`${prefix}_TYPE`, MESSAGE_NAMES[q.type] ?? 'UNKNOWN']);
  env.push([`${prefix}_TXID`, String(q.transactionId)]);
  env.push([`${prefix}_LOCAL_ADDR`, q.localAddress]);
  env.push([`${prefix}_LOCAL_PORT`, String(q.localPort ?? 547)]);
  env.push([`${prefix}_REMOTE_ADDR`, q.remoteAddress]);
  env.push([`${prefix}_REMOTE_PORT`, String(q.remotePort ?? 546)]);
  env.push([`${prefix}_IFACE_INDEX`, String(q.interfaceIndex ?? 0)]);
  env.push([`${prefix}_IFACE_NAME`, q.interfaceName]);
  // Kea's DHCPv6 sockets learn no link-layer source (that needs raw sockets): always empty.
  env.push([`${prefix}_REMOTE_HWADDR`, '']);
  env.push([`${prefix}_REMOTE_HWADDR_TYPE`, '']);
  env.push([`${prefix}_PROTO`, 'UDP']);
  env.push([`${prefix}_CLIENT_ID`, q.duid]);
}

export function lease6Variables(env: Environment, l: Lease6View | undefined, prefix: string): void {
  if (!l) {
    for (const s of [
      '_ADDRESS',
      '_CLTT',
      '_HOSTNAME',
      '_HWADDR',
      '_HWADDR_TYPE',
      '_STATE',
      '_SUBNET_ID',
      '_VALID_LIFETIME',
      '_DUID',
      '_IAID',
      '_PREFERRED_LIFETIME',
      '_PREFIX_LEN',
      '_TYPE',
    ])
      env.push([prefix + s, '']);
    return;
  }
  env.push([`${prefix}_ADDRESS`, l.address]);
  env.push([`${prefix}_CLTT`, String(l.cltt)]);
  env.push([`${prefix}_HOSTNAME`, l.hostname]);
  env.push([`${prefix}_HWADDR`, l.hwaddr]);
  env.push([`${prefix}_HWADDR_TYPE`, l.hwaddr === '' ? '' : String(l.hwtype)]);
  env.push([`${prefix}_STATE`, LEASE_STATES[l.state] ?? `unknown (${l.state})`]);
  env.push([`${prefix}_SUBNET_ID`, String(l.subnetId)]);
  env.push([`${prefix}_VALID_LIFETIME`, String(l.validLifetime)]);
  env.push([`${prefix}_DUID`, l.duid]);
  env.push([`${prefix}_IAID`, String(l.iaid)]);
  env.push([`${prefix}_PREFERRED_LIFETIME`, String(l.preferredLifetime)]);
  env.push([`${prefix}_PREFIX_LEN`, String(l.prefixLength)]);
  env.push([`${prefix}_TYPE`, LEASE_TYPES[l.type] ?? `unknown (${l.type})`]);
}

export function leases6Variables(
  env: Environment,
  leases: readonly Lease6View[] | undefined,
  prefix: string,
): void {
  env.push([`${prefix}_SIZE`, String(leases?.length ?? 0)]);
  for (const [i, l] of (leases ?? []).entries()) lease6Variables(env, l, `${prefix}_AT${i}`);
}

/** The IA of a renewal: its IAID, its option code (3 IA_NA, 25 IA_PD), T1 and T2. */
export function iaVariables(env: Environment, ia: IaView | undefined, pd: boolean, prefix: string): void {
  if (!ia) {
    for (const s of ['_IAID', '_IA_TYPE', '_IA_T1', '_IA_T2']) env.push([prefix + s, '']);
    return;
  }
  env.push([`${prefix}_IAID`, String(ia.iaid)]);
  env.push([`${prefix}_IA_TYPE`, String(pd ? IA_PD_CODE : IA_NA_CODE)]);
  env.push([`${prefix}_IA_T1`, String(ia.t1 ?? 0)]);
  env.push([`${prefix}_IA_T2`, String(ia.t2 ?? 0)]);
}

export function booleanVariable(env: Environment, value: boolean, name: string): void {
  env.push([name, value ? 'true' : 'false']);
}

/** The variables as a process environment (names are unique: Kea exports each once). */
export function asProcessEnv(env: Environment): Record<string, string> {
  return Object.fromEntries(env);
}
