import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';

type SonicBoom = ReturnType<typeof pino.destination>;
type SonicBoomOpts = Exclude<Parameters<typeof pino.destination>[0], string | number | undefined>;

import { compilePattern, DEFAULT_PATTERN, DEFAULT_SYSLOG_PATTERN, type LogEvent } from './pattern.js';

/** One entry of a Kea logger's `output_options`, with Kea's defaults filled in. */
export interface OutputOptions {
  /** `stdout`, `stderr`, `syslog`, `syslog:<ident>` or a file path. */
  output: string;
  /** Write each message at once (true, Kea's default) or let the OS buffer them. */
  flush: boolean;
  /** Rotate a log file when it reaches this many bytes; 0 never rotates. */
  maxsize: number;
  /** How many rotated files (`file.1` ... `file.N`) to keep. */
  maxver: number;
  pattern?: string;
}

export const DEFAULT_MAXSIZE = 10_240_000;
export const DEFAULT_MAXVER = 1;

/** Where formatted log events end up. Sinks never throw at their callers. */
export interface Sink {
  write(event: LogEvent): void;
  flush(): void;
  close(): void;
}

/** Writes to a console or a file. */
class StreamSink implements Sink {
  protected stream: SonicBoom;
  private readonly format: (e: LogEvent) => string;
  constructor(
    options: SonicBoomOpts,
    pattern: string,
    private readonly ownsFd: boolean,
  ) {
    this.format = compilePattern(pattern);
    // pino.destination is sonic-boom, the writer pino itself uses.
    this.stream = pino.destination(options);
    // A failing log destination must not take the daemon down: report once, keep running.
    this.stream.on('error', (err: Error) => {
      process.stderr.write(`log output error: ${err.message}\n`);
    });
  }
  write(event: LogEvent): void {
    this.emitText(this.format(event));
  }
  protected emitText(text: string): void {
    this.stream.write(text);
  }
  flush(): void {
    try {
      this.stream.flushSync();
    } catch {
      // Not open yet or nothing buffered.
    }
  }
  close(): void {
    this.flush();
    if (this.ownsFd) this.stream.end();
  }
}

/** A log file rotated Kea's way: past maxsize, `file` becomes `file.1`, `file.1` becomes `file.2`... */
class RotatingFileSink extends StreamSink {
  private size: number;
  constructor(
    private readonly path: string,
    private readonly options: OutputOptions,
  ) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    super(
      { dest: path, append: true, sync: options.flush, mode: 0o640 },
      options.pattern ?? DEFAULT_PATTERN,
      true,
    );
    this.size = existsSync(path) ? statSync(path).size : 0;
  }
  protected override emitText(text: string): void {
    super.emitText(text);
    this.size += Buffer.byteLength(text);
    if (this.options.maxsize > 0 && this.size >= this.options.maxsize) this.rotate();
  }
  private rotate(): void {
    try {
      const { maxver } = this.options;
      for (let i = maxver - 1; i >= 1; i--) {
        if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      if (maxver >= 1) renameSync(this.path, `${this.path}.1`);
      // sonic-boom finishes any write in flight, then opens a fresh file at the same path.
      this.stream.reopen();
      this.size = 0;
    } catch (err) {
      process.stderr.write(`log rotation of ${this.path} failed: ${(err as Error).message}\n`);
    }
  }
}

/** Messages go to the "user" facility, as log4cplus sends them. */
const USER_FACILITY = 1;
const SYSLOG_LEVELS: Record<string, number> = { FATAL: 2, ERROR: 3, WARN: 4, INFO: 6, DEBUG: 7 };

/**
 * Syslog through the system's `logger` program: Node has no unix datagram sockets, and
 * `logger --prio-prefix` takes a priority per line, so one child process serves all messages.
 */
class SyslogSink implements Sink {
  private readonly child;
  private readonly format: (e: LogEvent) => string;
  constructor(ident: string, pattern: string) {
    this.format = compilePattern(pattern);
    this.child = spawn('logger', ['--prio-prefix', '-t', ident, `--id=${process.pid}`], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.child.on('error', (err) => process.stderr.write(`syslog output unavailable: ${err.message}\n`));
    this.child.stdin.on('error', () => {});
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
  }
  write(event: LogEvent): void {
    const priority = USER_FACILITY * 8 + (SYSLOG_LEVELS[event.severity] ?? 6);
    const text = this.format(event).replace(/\n+$/, '').replace(/\n/g, ' ');
    this.child.stdin.write(`<${priority}>${text}\n`);
  }
  flush(): void {}
  close(): void {
    this.child.stdin.end();
  }
}

/** Opens the sink an output option names. `syslog:name` logs under the ident `name`. */
export function openSink(options: OutputOptions, ident: string): Sink {
  const { output } = options;
  if (output === 'stdout' || output === 'stderr') {
    return new StreamSink(
      { fd: output === 'stdout' ? 1 : 2, sync: true },
      options.pattern ?? DEFAULT_PATTERN,
      false,
    );
  }
  if (output === 'syslog' || output.startsWith('syslog:')) {
    const name = output === 'syslog' ? ident : output.slice('syslog:'.length);
    return new SyslogSink(name, options.pattern ?? DEFAULT_SYSLOG_PATTERN);
  }
  return new RotatingFileSink(output, options);
}
