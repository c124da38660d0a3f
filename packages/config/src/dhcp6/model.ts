import type { ControlSocketConfig, HookLibrary, LoggerConfigEntry } from '../daemon-parts.js';
import type { JsonObject } from '../kea-json.js';

/**
 * The typed runtime model of a `Dhcp6` configuration: what kea-dhcp6's pipeline, allocation
 * engine and commands read. Every scoped parameter is already resolved per subnet (subnet >
 * shared-network > global > Kea's default), addresses are canonical text with bigint copies where
 * arithmetic is needed, identifiers are lowercase colon hex.
 */

/** A lifetime with its bounds, as Kea's triplets: the client may ask for any value in [min, max]. */
export interface Lifetime {
  min: number;
  value: number;
  max: number;
}

/** An IPv6 prefix: canonical text, first address and length. */
export interface Prefix6 {
  /** `2001:db8::/64`, canonical. */
  text: string;
  address: bigint;
  length: number;
}

/** One option-data entry, with the values Kea fills in when absent. */
export interface OptionData6 {
  name?: string;
  code: number;
  space: string;
  data: string;
  csvFormat: boolean;
  alwaysSend: boolean;
  /** The option payload as sent (without the 4-byte header), encoded by @nestor/codec. */
  encoded: Uint8Array;
  /**
   * For an option whose definition encapsulates a space (s46-cont-mape, a custom container) with
   * options configured in the same scope: the payload followed by those sub-options, as Kea 2.2
   * sends it. Absent otherwise (send `encoded`).
   */
  encapsulated?: Uint8Array;
  userContext?: JsonObject;
}

export interface OptionDef6 {
  name: string;
  code: number;
  type: string;
  recordTypes: string[];
  space: string;
  encapsulate: string;
  array: boolean;
  userContext?: JsonObject;
}

export interface ClientClass6 {
  name: string;
  /** The test expression as written; packages/eval parses it. */
  test?: string;
  onlyIfRequired: boolean;
  options: OptionData6[];
  preferredLifetime?: Partial<Lifetime>;
  validLifetime?: Partial<Lifetime>;
  userContext?: JsonObject;
}

export interface AddressPool6 {
  /** As written normalised: `first-last`, canonical addresses. */
  text: string;
  first: bigint;
  last: bigint;
  firstText: string;
  lastText: string;
  options: OptionData6[];
  clientClass?: string;
  requireClientClasses: string[];
  userContext?: JsonObject;
}

export interface PrefixPool6 {
  prefix: Prefix6;
  delegatedLength: number;
  excludedPrefix?: Prefix6;
  options: OptionData6[];
  clientClass?: string;
  requireClientClasses: string[];
  userContext?: JsonObject;
}

/** How a reservation names its client. */
export type HostIdentifierType = 'duid' | 'hw-address' | 'flex-id';

export interface Reservation6 {
  identifierType: HostIdentifierType;
  /** Lowercase colon-separated hex (flex-id given as 'text' is converted to its bytes). */
  identifier: string;
  /** Canonical addresses. */
  ipAddresses: string[];
  /** Canonical `prefix/len`. */
  prefixes: string[];
  hostname: string;
  clientClasses: string[];
  options: OptionData6[];
  userContext?: JsonObject;
}

/** DDNS behaviour, resolvable per subnet. */
export interface DdnsParameters {
  sendUpdates: boolean;
  overrideNoUpdate: boolean;
  overrideClientUpdate: boolean;
  replaceClientName: 'when-present' | 'never' | 'always' | 'when-not-present';
  generatedPrefix: string;
  qualifyingSuffix: string;
  updateOnRenew: boolean;
  useConflictResolution: boolean;
  /**
   * Kea 2.6's ddns-conflict-resolution-mode; from ddns-use-conflict-resolution where a scope
   * gives only that (true: check-with-dhcid, false: no-check-with-dhcid).
   */
  conflictResolutionMode:
    | 'check-with-dhcid'
    | 'no-check-with-dhcid'
    | 'check-exists-with-dhcid'
    | 'no-check-without-dhcid';
  /** Whether some scope of the chain sets ddns-conflict-resolution-mode itself. */
  conflictResolutionModeSet: boolean;
  /** The TTL of the DNS records (Kea 2.6 / 3.0): a fixed one, a fraction of the lifetime, bounds. */
  ttl?: number;
  ttlPercent?: number;
  ttlMin?: number;
  ttlMax?: number;
  hostnameCharSet: string;
  hostnameCharReplacement: string;
}

export interface ReservationFlags {
  global: boolean;
  inSubnet: boolean;
  outOfPool: boolean;
}

/** Parameters that resolve global > shared-network > subnet. */
export interface NetworkParameters {
  preferredLifetime: Lifetime;
  validLifetime: Lifetime;
  /** Unset: computed from t1-percent when calculate-tee-times, else not sent. */
  renewTimer?: number;
  rebindTimer?: number;
  calculateTeeTimes: boolean;
  t1Percent: number;
  t2Percent: number;
  cacheThreshold?: number;
  cacheMaxAge?: number;
  storeExtendedInfo: boolean;
  reservationFlags: ReservationFlags;
  ddns: DdnsParameters;
  interface?: string;
  interfaceId?: string;
  rapidCommit: boolean;
  /** Relay addresses that select this network. */
  relayAddresses: string[];
  clientClass?: string;
  requireClientClasses: string[];
}

export interface Subnet6 extends NetworkParameters {
  id: number;
  prefix: Prefix6;
  /** Name of the shared network the subnet belongs to, if any. */
  sharedNetwork?: string;
  pools: AddressPool6[];
  pdPools: PrefixPool6[];
  reservations: Reservation6[];
  options: OptionData6[];
  userContext?: JsonObject;
}

export interface SharedNetwork6 extends NetworkParameters {
  name: string;
  /** Ids of its subnets, in configuration order. */
  subnetIds: number[];
  options: OptionData6[];
  userContext?: JsonObject;
}

export interface DatabaseConfig {
  type: 'memfile' | 'mysql' | 'postgresql';
  /** Every parameter as written, with Kea's defaults (persist, lfc-interval for memfile...). */
  parameters: JsonObject;
}

export interface InterfacesConfig {
  /** Names as written: `eth0`, `eth0/2001:db8::1` (unicast), `*`. */
  interfaces: string[];
  reDetect: boolean;
  serviceSocketsRequireAll: boolean;
  serviceSocketsMaxRetries: number;
  serviceSocketsRetryWaitTime: number;
}

export interface ServerIdConfig {
  type: 'LLT' | 'EN' | 'LL';
  /** Lowercase colon hex, '' when Kea generates it. */
  identifier: string;
  htype: number;
  time: number;
  enterpriseId: number;
  persist: boolean;
}

export interface ExpiredLeasesProcessing {
  reclaimTimerWaitTime: number;
  flushReclaimedTimerWaitTime: number;
  holdReclaimedTime: number;
  maxReclaimLeases: number;
  maxReclaimTime: number;
  unwarnedReclaimCycles: number;
}

export interface DhcpDdnsClient {
  enableUpdates: boolean;
  serverIp: string;
  serverPort: number;
  senderIp: string;
  senderPort: number;
  maxQueueSize: number;
  ncrProtocol: 'UDP' | 'TCP';
  ncrFormat: 'JSON';
}

export interface MultiThreading {
  enabled: boolean;
  threadPoolSize: number;
  packetQueueSize: number;
}

export interface Dhcp6Config {
  dataDirectory: string;
  interfacesConfig: InterfacesConfig;
  leaseDatabase: DatabaseConfig;
  hostsDatabases: DatabaseConfig[];
  serverId: ServerIdConfig;
  expiredLeasesProcessing: ExpiredLeasesProcessing;
  dhcpDdns: DhcpDdnsClient;
  controlSocket?: ControlSocketConfig;
  loggers: LoggerConfigEntry[];
  hooksLibraries: HookLibrary[];
  multiThreading: MultiThreading;
  sanityChecks: { leaseChecks: 'none' | 'warn' | 'fix' | 'fix-del' | 'del' };
  dhcpQueueControl: JsonObject;
  declineProbationPeriod: number;
  macSources: string[];
  /** Option codes. */
  relaySuppliedOptions: number[];
  hostReservationIdentifiers: HostIdentifierType[];
  ipReservationsUnique: boolean;
  reservationsLookupFirst: boolean;
  earlyGlobalReservationsLookup: boolean;
  serverTag: string;
  dhcp4o6Port: number;
  parkedPacketLimit: number;
  statisticDefaultSampleCount: number;
  statisticDefaultSampleAge: number;
  lenientOptionParsing: boolean;
  /** The global scope's resolved network parameters (what a subnet inherits from). */
  global: NetworkParameters;
  options: OptionData6[];
  optionDefs: OptionDef6[];
  clientClasses: ClientClass6[];
  sharedNetworks: SharedNetwork6[];
  /** Every subnet, shared-network members included, in configuration order. */
  subnets: Subnet6[];
  globalReservations: Reservation6[];
  configControl?: JsonObject;
  userContext?: JsonObject;
}
