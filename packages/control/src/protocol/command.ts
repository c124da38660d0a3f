import { isJsonObject, type JsonValue, keaTypeName } from './answer.js';
import { decodeByteStrings } from './byte-strings.js';

/** `{"command", "arguments", "service"}`: one request on the control channel. */
export interface ControlCommand {
  command: string;
  arguments?: JsonValue;
  /** Services the agent forwards to; a daemon ignores it (its listener may check it). */
  service?: JsonValue;
  /** Set by an HTTP front end for audit; accepted, as Kea accepts it. */
  'remote-address'?: JsonValue;
}

/** The members a command may have; anything else is refused, as Kea refuses it. */
const COMMAND_MEMBERS = new Set(['command', 'arguments', 'service', 'remote-address']);

export type ParsedCommand = { ok: true; command: ControlCommand } | { ok: false; error: string };

/**
 * Checks a decoded request the way Kea's parseCommand does: a map with a string `command`
 * and no members other than arguments, service and remote-address.
 */
export function parseCommand(value: unknown): ParsedCommand {
  if (!isJsonObject(value)) {
    return {
      ok: false,
      error: `invalid command: expected toplevel entry to be a map, got ${keaTypeName(value)} instead`,
    };
  }
  if (!Object.hasOwn(value, 'command')) {
    return { ok: false, error: "invalid command: does not contain mandatory 'command'" };
  }
  for (const key of Object.keys(value)) {
    if (!COMMAND_MEMBERS.has(key)) {
      return { ok: false, error: `invalid command: unsupported parameter '${key}'` };
    }
  }
  const name = value.command;
  if (typeof name !== 'string') {
    return {
      ok: false,
      error: `invalid command: expected 'command' to be a string, got ${keaTypeName(name)} instead`,
    };
  }
  const command: ControlCommand = { command: name };
  if (value.arguments !== undefined) command.arguments = value.arguments;
  if (value.service !== undefined) command.service = value.service;
  if (value['remote-address'] !== undefined) command['remote-address'] = value['remote-address'];
  return { ok: true, command };
}

/** Parses request text (already known to be one complete JSON value), Kea's byte strings read as text. */
export function decodeRequest(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: decodeByteStrings(JSON.parse(text)) };
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
}
