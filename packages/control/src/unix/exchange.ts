import type { Socket } from 'node:net';
import type { ConnectionLimiter, Slot } from '../limits/connection-limiter.js';
import { type ControlLogger, DBG_COMMAND } from '../logger.js';
import { answer, CONTROL_RESULT, type ControlAnswer } from '../protocol/answer.js';
import { JsonFeed } from '../protocol/json-feed.js';
import { toKeaJson } from '../protocol/kea-json.js';
import type { CommandRegistry } from '../registry.js';
import { sendAndClose } from './send.js';

/** How long an answered connection may stay open waiting for the client to close it. */
export const LINGER_MS = 1_000;

export interface ExchangeSettings {
  path: string;
  registry: CommandRegistry;
  log: ControlLogger;
  maxRequestBytes: number;
  /** Kea's connection timeout: this long without a byte from the client (or, while answering, to it). */
  idleTimeoutMs: number;
  limiter: ConnectionLimiter;
}

/**
 * - receiving: the command is arriving; an idle or slow one may be evicted.
 * - running: the command is complete and its handler runs; never cut off (except by stop's grace).
 * - answering: the answer is being written; cut off only if the client stops taking it.
 * - lingering: answered; the connection waits for the client to close it.
 */
type Phase = 'receiving' | 'running' | 'answering' | 'lingering';

/** One connection of the unix control socket: one command in, one answer out, then closed. */
export class CommandExchange {
  private phase: Phase = 'receiving';
  private readonly feed: JsonFeed;
  private slot: Slot | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly settings: ExchangeSettings,
  ) {
    this.feed = new JsonFeed(settings.maxRequestBytes);
  }

  /** Its command is running or being answered: stop() gives it a grace period. */
  get inCommand(): boolean {
    return this.phase === 'running' || this.phase === 'answering';
  }

  /** Starts reading, counted against the bound as `slot`. */
  start(slot: Slot): void {
    this.slot = slot;
    const { socket, settings } = this;
    socket.on('close', () => settings.limiter.release(slot));
    settings.log.debug(
      DBG_COMMAND,
      'COMMAND_SOCKET_CONNECTION_OPENED',
      `Opened socket ${settings.path} for incoming command connection`,
    );
    // As Kea does, the timer restarts with every chunk received: it bounds idleness, and the
    // connection bound (eviction of the slowest) is what keeps trickling senders in check.
    socket.setTimeout(settings.idleTimeoutMs);
    socket.on('timeout', this.onTimeout);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
  }

  /** The limiter chose this connection to make room for a new one. */
  evict(): void {
    if (this.phase === 'lingering') {
      this.socket.destroy();
      return;
    }
    this.stopReading();
    this.phase = 'answering';
    const reply = answer(
      CONTROL_RESULT.ERROR,
      'Connection over control channel closed to make room for a new one: too many connections ' +
        `(limit ${this.settings.limiter.maxConnections})`,
    );
    sendAndClose(this.socket, toKeaJson(reply), { stallMs: this.settings.idleTimeoutMs, lingerMs: 0 });
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.slot) this.settings.limiter.progress(this.slot, chunk.length);
    const state = this.feed.push(chunk);
    if (state === 'error') {
      this.settings.log.warn(
        'COMMAND_SOCKET_READ_FAIL',
        `Encountered error ${this.feed.error} while reading from command socket ${this.settings.path}`,
      );
      this.respond(answer(CONTROL_RESULT.ERROR, this.feed.error));
    } else if (state === 'complete') {
      this.run();
    }
  };

  private readonly onEnd = (): void => {
    // The client stopped sending before its command was complete.
    if (this.phase !== 'receiving') return;
    const text = this.feed.started
      ? `connection closed before a complete command was received (${this.feed.bytesReceived} bytes)`
      : 'connection closed without a command';
    this.respond(answer(CONTROL_RESULT.ERROR, text));
  };

  private readonly onTimeout = (): void => {
    if (this.phase !== 'receiving') return;
    this.settings.log.info(
      'COMMAND_SOCKET_CONNECTION_TIMEOUT',
      `Timeout occurred for connection over socket ${this.settings.path}`,
    );
    const partial = this.feed.started
      ? `, discarded partial command of ${this.feed.bytesReceived} bytes`
      : '';
    this.respond(answer(CONTROL_RESULT.ERROR, `Connection over control channel timed out${partial}`));
  };

  private run(): void {
    this.phase = 'running';
    this.stopReading();
    if (this.slot) this.settings.limiter.busy(this.slot);
    // No timeout while the command runs, as in Kea: a long config-set must still be answered.
    this.socket.setTimeout(0);
    this.settings.registry.handleText(this.feed.text(), { channel: `unix:${this.settings.path}` }).then(
      (reply) => this.respond(reply),
      (err: unknown) =>
        this.respond(answer(CONTROL_RESULT.ERROR, `Error during command processing: ${String(err)}`)),
    );
  }

  private respond(reply: ControlAnswer): void {
    if (this.phase === 'answering' || this.phase === 'lingering') return;
    this.phase = 'answering';
    this.stopReading();
    const { slot, settings } = this;
    if (slot) settings.limiter.busy(slot);
    sendAndClose(this.socket, toKeaJson(reply), {
      stallMs: settings.idleTimeoutMs,
      lingerMs: LINGER_MS,
      onSent: () => {
        this.phase = 'lingering';
        if (slot) settings.limiter.done(slot);
      },
    });
  }

  private stopReading(): void {
    this.socket.removeListener('data', this.onData);
    this.socket.pause();
  }
}
