import { type ControlLogger, DBG_COMMAND, silentLogger } from './logger.js';
import {
  answer,
  CONTROL_RESULT,
  type ControlAnswer,
  isControlAnswer,
  type JsonValue,
} from './protocol/answer.js';
import { type ControlCommand, decodeRequest, parseCommand } from './protocol/command.js';

/** Where a command came from; handlers rarely need it, logs and audits do. */
export interface CommandOrigin {
  /** `unix:<path>`, `http://host:port`, `https://host:port`, or `internal`. */
  channel: string;
  remoteAddress?: string;
  /** The authenticated user of an HTTP request, when authentication is configured. */
  user?: string;
}

/** A request as a handler sees it. */
export interface CommandRequest extends ControlCommand {
  origin: CommandOrigin;
}

/**
 * Handles one command. Returns the answer; a thrown error becomes a result-1 answer, so a
 * handler's bug never takes the channel down.
 */
export type CommandHandler = (
  args: JsonValue | undefined,
  request: CommandRequest,
) => ControlAnswer | Promise<ControlAnswer>;

/** Registering a name twice is a programming error in a daemon or hook library. */
export class CommandRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandRegistryError';
  }
}

const INTERNAL: CommandOrigin = { channel: 'internal' };

/**
 * The commands one daemon answers. The daemon registers its own and the shared ones; hook
 * libraries add theirs the same way. Every channel (unix socket, HTTP) dispatches here.
 */
export class CommandRegistry {
  private readonly handlers = new Map<string, CommandHandler>();

  constructor(private readonly log: ControlLogger = silentLogger) {}

  register(name: string, handler: CommandHandler, options: { replace?: boolean } = {}): void {
    if (name === '') throw new CommandRegistryError('a command name must not be empty');
    if (this.handlers.has(name) && !options.replace) {
      throw new CommandRegistryError(`handler for command '${name}' is already installed`);
    }
    this.handlers.set(name, handler);
    this.log.debug(DBG_COMMAND, 'COMMAND_REGISTERED', `Command ${name} registered`);
  }

  unregister(name: string): boolean {
    const removed = this.handlers.delete(name);
    if (removed) this.log.debug(DBG_COMMAND, 'COMMAND_DEREGISTERED', `Command ${name} deregistered`);
    return removed;
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  /** Every registered name, sorted as list-commands reports them. */
  names(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** Runs a parsed command: unknown names answer 2, failing handlers answer 1. */
  async dispatch(command: ControlCommand, origin: CommandOrigin = INTERNAL): Promise<ControlAnswer> {
    const handler = this.handlers.get(command.command);
    this.log.debug(DBG_COMMAND, 'COMMAND_RECEIVED', `Received command '${command.command}'`);
    if (!handler) {
      return answer(CONTROL_RESULT.COMMAND_UNSUPPORTED, `'${command.command}' command not supported.`);
    }
    try {
      const result = await handler(command.arguments, { ...command, origin });
      if (!isControlAnswer(result)) {
        throw new Error(`handler of '${command.command}' returned a malformed answer`);
      }
      return result;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log.warn('COMMAND_PROCESS_ERROR1', `Error while processing command: ${reason}`);
      return answer(CONTROL_RESULT.ERROR, `Error during command processing: ${reason}`);
    }
  }

  /** Checks a decoded request and runs it; a malformed request answers 1. */
  async handleValue(value: unknown, origin: CommandOrigin = INTERNAL): Promise<ControlAnswer> {
    const parsed = parseCommand(value);
    if (!parsed.ok) {
      this.log.warn('COMMAND_PROCESS_ERROR1', `Error while processing command: ${parsed.error}`);
      return answer(CONTROL_RESULT.ERROR, parsed.error);
    }
    return this.dispatch(parsed.command, origin);
  }

  /** Decodes request text and runs it: what a socket server does with a complete request. */
  async handleText(text: string, origin: CommandOrigin = INTERNAL): Promise<ControlAnswer> {
    const decoded = decodeRequest(text);
    if (!decoded.ok) return answer(CONTROL_RESULT.ERROR, decoded.error);
    return this.handleValue(decoded.value, origin);
  }
}
