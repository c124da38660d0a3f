import {
  type CommandHandler,
  type ControlAnswer,
  failure,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from '@nestor/control';
import { LeaseError } from '@nestor/leases';

/**
 * A command's arguments are wrong (missing, of the wrong type, out of range). The text is the
 * whole answer text, worded as Kea words it, so handlers throw it and the wrapper answers 1.
 */
export class CommandArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandArgumentError';
  }
}

/**
 * Wraps a handler so that refused arguments (and a lease the store finds invalid) become a
 * result-1 answer with their own text; anything else is left to the registry, which answers 1
 * with "Error during command processing" as Kea does for an unexpected failure.
 */
export function withArgumentErrors(handler: CommandHandler): CommandHandler {
  return async (args, request): Promise<ControlAnswer> => {
    try {
      return await handler(args, request);
    } catch (err) {
      if (err instanceof CommandArgumentError || err instanceof LeaseError) return failure(err.message);
      throw err;
    }
  };
}

/** The arguments map, or the error Kea gives when there is none or it is not a map. */
export function argumentMap(args: JsonValue | undefined, missing: string, notMap = missing): JsonObject {
  if (args === undefined) throw new CommandArgumentError(missing);
  if (!isJsonObject(args)) throw new CommandArgumentError(notMap);
  return args;
}

/** An optional arguments map: absent is an empty map, anything but a map is refused. */
export function optionalArgumentMap(args: JsonValue | undefined, notMap: string): JsonObject {
  if (args === undefined) return {};
  if (!isJsonObject(args)) throw new CommandArgumentError(notMap);
  return args;
}

export const UINT32_MAX = 0xffffffff;
