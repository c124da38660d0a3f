/** Wire constants from RFC 8415 and the RFCs Kea implements (names follow Kea's dhcp6.h). */

export const MessageType = {
  SOLICIT: 1,
  ADVERTISE: 2,
  REQUEST: 3,
  CONFIRM: 4,
  RENEW: 5,
  REBIND: 6,
  REPLY: 7,
  RELEASE: 8,
  DECLINE: 9,
  RECONFIGURE: 10,
  INFORMATION_REQUEST: 11,
  RELAY_FORW: 12,
  RELAY_REPL: 13,
  LEASEQUERY: 14,
  LEASEQUERY_REPLY: 15,
  LEASEQUERY_DONE: 16,
  LEASEQUERY_DATA: 17,
  RECONFIGURE_REQUEST: 18,
  RECONFIGURE_REPLY: 19,
  DHCPV4_QUERY: 20,
  DHCPV4_RESPONSE: 21,
} as const;

const MESSAGE_TYPE_NAMES: Record<number, string> = {};
for (const [name, value] of Object.entries(MessageType))
  MESSAGE_TYPE_NAMES[value] = name.replaceAll('_', '-');

/** "SOLICIT", "RELAY-FORW", ... or "UNKNOWN(200)": the spelling Kea's logs use. */
export function messageTypeName(type: number): string {
  return MESSAGE_TYPE_NAMES[type] ?? `UNKNOWN(${type})`;
}

/** Option codes the codec itself treats structurally, plus those the relay helpers need. */
export const OptionCode = {
  CLIENTID: 1,
  SERVERID: 2,
  IA_NA: 3,
  IA_TA: 4,
  IAADDR: 5,
  ORO: 6,
  PREFERENCE: 7,
  ELAPSED_TIME: 8,
  RELAY_MSG: 9,
  AUTH: 11,
  UNICAST: 12,
  STATUS_CODE: 13,
  RAPID_COMMIT: 14,
  USER_CLASS: 15,
  VENDOR_CLASS: 16,
  VENDOR_OPTS: 17,
  INTERFACE_ID: 18,
  RECONF_MSG: 19,
  RECONF_ACCEPT: 20,
  DNS_SERVERS: 23,
  DOMAIN_SEARCH: 24,
  IA_PD: 25,
  IAPREFIX: 26,
  INFORMATION_REFRESH_TIME: 32,
  REMOTE_ID: 37,
  SUBSCRIBER_ID: 38,
  CLIENT_FQDN: 39,
  ERO: 43,
  PD_EXCLUDE: 67,
  CLIENT_LINKLAYER_ADDR: 79,
  SOL_MAX_RT: 82,
  INF_MAX_RT: 83,
  DHCPV4_MSG: 87,
  RELAY_SOURCE_PORT: 135,
} as const;

export const StatusCode = {
  Success: 0,
  UnspecFail: 1,
  NoAddrsAvail: 2,
  NoBinding: 3,
  NotOnLink: 4,
  UseMulticast: 5,
  NoPrefixAvail: 6,
  UnknownQueryType: 7,
  MalformedQuery: 8,
  NotConfigured: 9,
  NotAllowed: 10,
  QueryTerminated: 11,
} as const;

const STATUS_NAMES: Record<number, string> = {};
for (const [name, value] of Object.entries(StatusCode)) STATUS_NAMES[value] = name;

export function statusCodeName(status: number): string {
  return STATUS_NAMES[status] ?? `Unknown(${status})`;
}

export const DuidType = { LLT: 1, EN: 2, LL: 3, UUID: 4 } as const;

/** Client FQDN option (RFC 4704) flag bits. */
export const FqdnFlag = { S: 0x01, O: 0x02, N: 0x04 } as const;

export const DHCP6_CLIENT_PORT = 546;
export const DHCP6_SERVER_PORT = 547;
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';
export const ALL_DHCP_SERVERS = 'ff05::1:3';

/** RFC 8415 section 7.6: the most relay layers a message may pass through. */
export const HOP_COUNT_LIMIT = 32;

/** DUID-LLT time counts seconds from 2000-01-01T00:00:00Z. */
export const DUID_TIME_EPOCH = 946684800;

export const ENTERPRISE_ID_CABLELABS = 4491;
export const ENTERPRISE_ID_ISC = 2495;

export const HardwareType = { ETHERNET: 1, INFINIBAND: 32 } as const;
