import type { PathPolicy } from '../paths/policy.js';
import type { JsonObject } from '../protocol/answer.js';

export type ReloadResult = { ok: true } | { ok: false; error: string };

/**
 * What a daemon offers the shared commands (config-*, shutdown, status-get, version-get,
 * build-report). Configuration documents are whole files' worth: `{ "Dhcp6": { ... } }`.
 * Methods that refuse throw; an error with a `problems` list has each problem reported.
 */
export interface ControlledDaemon {
  /** The section this daemon reads: `Dhcp6`, `DhcpDdns`, `Control-agent`. */
  readonly section: string;
  /** Where this daemon may create files (config-write targets, sockets, logs, leases). */
  readonly policy: PathPolicy;
  /** Process start, in milliseconds since the epoch. */
  readonly startedAt: number;
  /** When the configuration in use was applied (start, reload or config-set), in ms. */
  configuredAt(): number;
  /** The configuration in use, as config-get returns it and config-write saves it. */
  currentConfig(): JsonObject;
  /** Checks a document without applying it (config-test). */
  testConfig(document: JsonObject): Promise<void>;
  /** Checks and applies a document (config-set); the old configuration stays when it throws. */
  applyConfig(document: JsonObject): Promise<void>;
  /** Reads the configuration file as a document (config-reload checks its paths first). */
  readConfigFile(): Promise<JsonObject>;
  /** Re-reads and applies the configuration file, as SIGHUP does (config-reload). */
  reloadConfigFile(): Promise<ReloadResult>;
  /** Starts a graceful stop; called after the shutdown answer is on its way. */
  shutdown(reason: string, exitValue?: number): void;
  /** `version-get` text, e.g. `0.1.0`. */
  version(): string;
  /** `version-get` arguments.extended: the version and what it is linked with. */
  extendedVersion(): string;
  /** `build-report` text. */
  buildReport(): string;
  /** Daemon-specific members of status-get's arguments (sockets, multi-threading...). */
  statusExtras?(): JsonObject;
  /** Success texts where a daemon words them differently (Kea's agent does). */
  readonly texts?: Partial<SharedCommandTexts>;
}

export interface SharedCommandTexts {
  configSet: string;
  configTest: string;
  configReload: string;
  shutdown: string;
}

/** Kea's DHCP servers' wording of the success answers. */
export const DEFAULT_TEXTS: SharedCommandTexts = {
  configSet: 'Configuration successful.',
  configTest: 'Configuration seems sane.',
  configReload: 'Configuration successful.',
  shutdown: 'Shutting down.',
};
