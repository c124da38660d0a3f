import type { ControlAnswer } from '../protocol/answer.js';
import { failure } from '../protocol/answer.js';
import type { CommandHandler } from '../registry.js';

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
 * Wraps a handler so that refused arguments become a result-1 answer with their own text (and
 * so does any other error `alsoRefusal` accepts, such as a lease the store finds invalid);
 * anything else is left to the registry, which answers 1 with "Error during command
 * processing" as Kea does for an unexpected failure.
 */
export function withArgumentErrors(
  handler: CommandHandler,
  alsoRefusal: (err: unknown) => err is Error = noOther,
): CommandHandler {
  return async (args, request): Promise<ControlAnswer> => {
    try {
      return await handler(args, request);
    } catch (err) {
      if (err instanceof CommandArgumentError || alsoRefusal(err)) return failure(err.message);
      throw err;
    }
  };
}

const noOther = (_err: unknown): _err is Error => false;
