import { type CommandHandler, failure, isJsonObject, success } from '@nestor/control';

/** Kea's D2 shutdown types. Without an NCR queue to drain or finish, each stops the same way. */
const SHUTDOWN_TYPES = ['normal', 'drain_first', 'now'] as const;

/**
 * kea-dhcp-ddns's `shutdown`: Kea's D2 takes a `type` and words its answer after it, unlike the
 * DHCP servers, so it replaces the shared handler. `exit-value` is honoured as the shared
 * handler does. `stop` is called once the answer is on its way.
 */
export function d2ShutdownHandler(
  stop: (type: string, exitValue: number | undefined) => void,
): CommandHandler {
  return (args) => {
    let type = 'normal';
    let exitValue: number | undefined;
    if (args !== undefined) {
      if (!isJsonObject(args)) return failure('Argument must be a map');
      const given = args.type;
      if (given !== undefined) {
        if (typeof given !== 'string' || !(SHUTDOWN_TYPES as readonly string[]).includes(given)) {
          return failure(
            `Invalid Shutdown type: ${typeof given === 'string' ? given : JSON.stringify(given)}`,
          );
        }
        type = given;
      }
      const value = args['exit-value'];
      if (value !== undefined) {
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          return failure("parameter 'exit-value' is not an integer");
        }
        exitValue = value;
      }
    }
    // Let the answer leave before the endpoints start closing.
    setTimeout(() => stop(type, exitValue), 10);
    return success(`Shutdown initiated, type is: ${type}`);
  };
}
