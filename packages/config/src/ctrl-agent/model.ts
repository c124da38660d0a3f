import type { HookLibrary, LoggerConfigEntry } from '../daemon-parts.js';
import type { JsonObject } from '../kea-json.js';

/** The typed runtime model of a `Control-agent` configuration (kea-ctrl-agent). */

export type AgentService = 'dhcp4' | 'dhcp6' | 'd2';

export interface AgentClient {
  /** Set when given inline; else read from userFile (relative to the authentication directory). */
  user?: string;
  userFile?: string;
  password?: string;
  passwordFile?: string;
  userContext?: JsonObject;
}

export interface AgentAuthentication {
  type: 'basic';
  realm: string;
  directory: string;
  clients: AgentClient[];
}

export interface AgentTls {
  trustAnchor: string;
  certFile: string;
  keyFile: string;
  certRequired: boolean;
}

export interface CtrlAgentConfig {
  httpHost: string;
  httpPort: number;
  /** Present only when all three TLS files are configured. */
  tls?: AgentTls;
  authentication?: AgentAuthentication;
  /** Unix socket path of each service the agent forwards to. */
  controlSockets: Partial<Record<AgentService, { socketType: 'unix'; socketName: string }>>;
  hooksLibraries: HookLibrary[];
  loggers: LoggerConfigEntry[];
  userContext?: JsonObject;
}
