import type { CommandHandler } from '@nestor/control';
import type { JsonObject, JsonValue } from '@nestor/json';
import type { CalloutHandle } from './callout-handle.js';

/**
 * The hooks API version a library's version() returns: Kea 2.2's KEA_HOOKS_VERSION, whose hook
 * points, argument names and next-step statuses this API follows.
 */
export const HOOKS_VERSION = 20200;

/**
 * A callout: reads and changes its hook point's arguments, sets the next step. Returning 0 or
 * nothing (or a promise of either) is success; a non-zero number is an error code, logged.
 */
export type Callout = (handle: CalloutHandle) => unknown;

/** A library's logger: Kea-style message ids, one logger per library (kea-dhcp6.<name>). */
export interface HookLogger {
  error(id: string, text: string): void;
  warn(id: string, text: string): void;
  info(id: string, text: string): void;
  debug(level: number, id: string, text: string): void;
}

/** A JSON object (a library's parameters). */
export type { JsonObject } from '@nestor/json';

/**
 * What a library's load() gets (Kea's LibraryHandle): where it registers callouts and command
 * handlers, its `parameters` from the configuration, a logger, and the server's own API
 * (`server`: the daemon's; kea-dhcp6's is described in its README, "Writing a hook").
 */
export interface LibraryHandle<Server = unknown> {
  /** The library as configured (its path, or the Kea library name it stands for). */
  readonly name: string;
  readonly server: Server;
  registerCallout(hook: string, callout: Callout): void;
  /** Removes every callout this library registered on a hook point. */
  deregisterAllCallouts(hook: string): void;
  /** A control command the daemon answers from now on (listed by list-commands) until unload. */
  registerCommandHandler(command: string, handler: CommandHandler): void;
  getParameter(name: string): JsonValue | undefined;
  getParameters(): JsonObject;
  getParameterNames(): string[];
  /** A logger named kea-<daemon>.<name> (the library's own by default). */
  logger(name?: string): HookLogger;
}

/**
 * A hook library module, as Kea's C++ libraries export them: version() (required; must return
 * HOOKS_VERSION), load(handle) and unload() (optional; 0 or nothing is success, a number is an
 * error code, a throw is an error), multi_threading_compatible() (optional; Nestor serves from
 * one thread, so it is only reported). A function exported under a hook point's name is
 * registered as that hook point's callout, as Kea does. Everything may be async.
 */
export interface HookLibraryModule<Server = unknown> {
  version(): number;
  load?(handle: LibraryHandle<Server>): unknown;
  unload?(): unknown;
  multi_threading_compatible?(): number;
  [hook: string]: unknown;
}

/** One `hooks-libraries` entry. */
export interface LibrarySpec {
  library: string;
  parameters?: JsonObject;
}
