import type { ControlSocketConfig, HookLibrary, LoggerConfigEntry } from '../daemon-parts.js';
import type { JsonObject } from '../kea-json.js';

/** The typed runtime model of a `DhcpDdns` configuration (kea-dhcp-ddns). */

export type TsigAlgorithm =
  | 'HMAC-MD5'
  | 'HMAC-SHA1'
  | 'HMAC-SHA224'
  | 'HMAC-SHA256'
  | 'HMAC-SHA384'
  | 'HMAC-SHA512';

export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  /** Truncated MAC length in bits; 0 means the algorithm's full length. */
  digestBits: number;
  /** The secret as written (base64). */
  secret: string;
  secretBytes: Uint8Array;
}

export interface DnsServer {
  ipAddress: string;
  port: number;
  /** The server's own key-name, else its domain's; undefined when updates are not signed. */
  keyName?: string;
  userContext?: JsonObject;
}

export interface DdnsDomain {
  /** As written (Kea matches names case-insensitively). */
  name: string;
  keyName?: string;
  servers: DnsServer[];
  userContext?: JsonObject;
}

export interface D2Config {
  ipAddress: string;
  port: number;
  dnsServerTimeout: number;
  ncrProtocol: 'UDP';
  ncrFormat: 'JSON';
  tsigKeys: TsigKey[];
  forwardDomains: DdnsDomain[];
  reverseDomains: DdnsDomain[];
  controlSocket?: ControlSocketConfig;
  hooksLibraries: HookLibrary[];
  loggers: LoggerConfigEntry[];
  userContext?: JsonObject;
}
