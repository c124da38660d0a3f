import pino, { type Logger as PinoLogger } from 'pino';
import type { LogEvent } from './pattern.js';
import { MAX_DEBUG_LEVEL, parseSeverity, type Severity, severityRank } from './severity.js';
import { DEFAULT_MAXSIZE, DEFAULT_MAXVER, type OutputOptions, openSink, type Sink } from './sinks.js';

/** One entry of Kea's `loggers` list, as found in the configuration. */
export interface LoggerConfig {
  name: string;
  severity?: string;
  debuglevel?: number;
  output_options?: Partial<OutputOptions>[];
  /** Kea 2.5+ spelling of output_options. */
  'output-options'?: Partial<OutputOptions>[];
}

/** Where one logger's messages go and which pass. */
interface Route {
  rank: number;
  debuglevel: number;
  pino: PinoLogger;
}

const PINO_LEVEL: Record<Exclude<Severity, 'NONE'>, 'fatal' | 'error' | 'warn' | 'info' | 'debug'> = {
  FATAL: 'fatal',
  ERROR: 'error',
  WARN: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
};
const SEVERITY_OF_PINO: Record<string, string> = {
  fatal: 'FATAL',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
};

/**
 * A named logger ("kea-dhcp6.packets"). Objects stay valid across reconfiguration: the manager
 * swaps their route, so modules may keep the logger they were given at start-up.
 */
export class Logger {
  /** @internal */
  route!: Route;
  constructor(
    readonly name: string,
    private readonly manager: LogManager,
  ) {}

  fatal(id: string, text: string): void {
    this.emit('FATAL', id, text);
  }
  error(id: string, text: string): void {
    this.emit('ERROR', id, text);
  }
  warn(id: string, text: string): void {
    this.emit('WARN', id, text);
  }
  info(id: string, text: string): void {
    this.emit('INFO', id, text);
  }
  /** Debug messages carry Kea's debug level (0-99); they pass when it is at most the logger's. */
  debug(level: number, id: string, text: string): void {
    if (this.isDebugEnabled(level)) this.route.pino.debug({ id, logger: this.name }, text);
  }
  isEnabled(severity: Exclude<Severity, 'NONE'>): boolean {
    return severityRank(severity) >= this.route.rank;
  }
  isDebugEnabled(level: number): boolean {
    return this.route.rank === 0 && level <= this.route.debuglevel;
  }
  /** The logger of a component below this one: `kea-dhcp6` -> `kea-dhcp6.packets`. */
  child(component: string): Logger {
    return this.manager.get(`${this.name}.${component}`);
  }
  private emit(severity: Exclude<Severity, 'NONE'>, id: string, text: string): void {
    if (severityRank(severity) < this.route.rank) return;
    this.route.pino[PINO_LEVEL[severity]]({ id, logger: this.name }, text);
  }
}

/** Adapts pino's JSON lines back into events for Kea-style sinks. */
function sinkStream(sink: Sink): { write(line: string): void } {
  return {
    write(line: string): void {
      try {
        const record = JSON.parse(line) as {
          time: number;
          level: string;
          logger: string;
          id: string;
          msg: string;
        };
        const event: LogEvent = {
          time: record.time,
          severity: SEVERITY_OF_PINO[record.level] ?? 'INFO',
          logger: record.logger,
          message: `${record.id} ${record.msg}`,
        };
        sink.write(event);
      } catch {
        // A record we cannot read is not worth a crash.
      }
    },
  };
}

export interface LoggingOptions {
  /** `-d`: every logger at DEBUG with debuglevel 99, Kea's "verbose" mode. */
  debug?: boolean;
}

/**
 * The loggers of one daemon, configured from Kea's `loggers` list. A logger takes the entry
 * with its own name, else the nearest configured ancestor's ("kea-dhcp6.packets" falls back to
 * "kea-dhcp6"), else INFO to stdout.
 */
export class LogManager {
  private readonly loggers = new Map<string, Logger>();
  private routes = new Map<string, Route>();
  private defaultRoute!: Route;
  private sinks: Sink[] = [];

  /** @param root the daemon's root logger name, also the syslog ident (e.g. `kea-dhcp6`). */
  constructor(readonly root: string) {
    this.configure(undefined);
  }

  get(name: string): Logger {
    let logger = this.loggers.get(name);
    if (!logger) {
      logger = new Logger(name, this);
      logger.route = this.routeFor(name);
      this.loggers.set(name, logger);
    }
    return logger;
  }

  /** The root logger, named after the daemon. */
  get rootLogger(): Logger {
    return this.get(this.root);
  }

  /**
   * Applies a `loggers` list (validated beforehand by the configuration schema). Sinks of the
   * previous configuration are flushed and closed once the new ones are in place.
   */
  configure(configs: readonly LoggerConfig[] | undefined, options: LoggingOptions = {}): void {
    const sinksByKey = new Map<string, Sink>();
    const openShared = (o: OutputOptions): Sink => {
      const key = JSON.stringify(o);
      let sink = sinksByKey.get(key);
      if (!sink) {
        sink = openSink(o, this.root);
        sinksByKey.set(key, sink);
      }
      return sink;
    };
    const makeRoute = (severity: Severity, debuglevel: number, outputs: OutputOptions[]): Route => {
      const streams = outputs.map((o) => ({ stream: sinkStream(openShared(o)), level: 'debug' as const }));
      const instance = pino(
        {
          level: 'debug',
          base: null,
          timestamp: pino.stdTimeFunctions.epochTime,
          formatters: { level: (label) => ({ level: label }) },
        },
        pino.multistream(streams),
      );
      return { rank: severityRank(severity), debuglevel, pino: instance };
    };

    const routes = new Map<string, Route>();
    for (const config of configs ?? []) {
      let severity = parseSeverity(config.severity ?? 'INFO') ?? 'INFO';
      let debuglevel = Math.min(Math.max(config.debuglevel ?? 0, 0), MAX_DEBUG_LEVEL);
      if (options.debug) {
        severity = 'DEBUG';
        debuglevel = MAX_DEBUG_LEVEL;
      }
      const outputs = (config.output_options ?? config['output-options'] ?? [{ output: 'stdout' }]).map(
        normaliseOutput,
      );
      routes.set(
        config.name,
        makeRoute(severity, debuglevel, outputs.length ? outputs : [normaliseOutput({})]),
      );
    }
    const previousSinks = this.sinks;
    this.defaultRoute = options.debug
      ? makeRoute('DEBUG', MAX_DEBUG_LEVEL, [normaliseOutput({})])
      : makeRoute('INFO', 0, [normaliseOutput({})]);
    this.routes = routes;
    this.sinks = [...sinksByKey.values()];
    for (const logger of this.loggers.values()) logger.route = this.routeFor(logger.name);
    for (const sink of previousSinks) sink.close();
  }

  /** Flushes every output; called before the process exits. */
  flush(): void {
    for (const sink of this.sinks) sink.flush();
  }

  close(): void {
    for (const sink of this.sinks) sink.close();
    this.sinks = [];
  }

  private routeFor(name: string): Route {
    for (let candidate = name; ; ) {
      const route = this.routes.get(candidate);
      if (route) return route;
      const dot = candidate.lastIndexOf('.');
      if (dot < 0) return this.defaultRoute;
      candidate = candidate.slice(0, dot);
    }
  }
}

function normaliseOutput(o: Partial<OutputOptions>): OutputOptions {
  return {
    output: o.output ?? 'stdout',
    flush: o.flush ?? true,
    maxsize: o.maxsize ?? DEFAULT_MAXSIZE,
    maxver: o.maxver ?? DEFAULT_MAXVER,
    // Kea's config-get shows the default pattern as "": an empty pattern means the default one.
    ...(o.pattern !== undefined && o.pattern !== '' ? { pattern: o.pattern } : {}),
  };
}
