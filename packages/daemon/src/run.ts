import { type CommandLine, parseCommandLine, usageText } from './cli.js';
import { type Logger, type LoggerConfig, LogManager } from './logging/manager.js';
import { pidFilePath } from './paths.js';
import { PidFile } from './pidfile.js';
import { buildReport, extendedVersionText, nestorVersion } from './version.js';

/** A configuration refused as a whole; `problems` lists every reason, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export type RunCommandLine = Extract<CommandLine, { kind: 'run' }>;

/** What a running daemon may ask of its scaffolding. */
export interface DaemonContext {
  readonly commandLine: RunCommandLine;
  readonly configFile: string;
  readonly logs: LogManager;
  /** The daemon's main logger, e.g. `kea-dhcp6.dhcp6`. */
  readonly log: Logger;
  /** Starts a graceful stop, as SIGTERM does; the `shutdown` command passes its `exit-value`. */
  requestShutdown(reason: string, exitCode?: number): void;
  /** Re-reads the configuration file, as SIGHUP does (the `config-reload` command uses it). */
  reloadConfigFile(): Promise<ReloadOutcome>;
}

export type ReloadOutcome = { ok: true } | { ok: false; error: string };

/** A started daemon: it takes a new configuration or stops, and says so when done. */
export interface RunningService<C> {
  /** Applies a new, already validated configuration; throws to refuse it (the old one stays). */
  reconfigure(config: C): Promise<void>;
  /** Closes sockets, flushes buffered lease writes, finishes pending work. */
  stop(): Promise<void>;
}

export interface DaemonDefinition<C> {
  /** Binary and process name, e.g. `kea-dhcp6`; the root logger and pid file are named after it. */
  binary: string;
  /** The logger the scaffolding's own messages go to, below the root: `dhcp6` -> `kea-dhcp6.dhcp6`. */
  component: string;
  /** Prefix of the message ids, as Kea's: `DHCP6` gives DHCP6_STARTED, DHCP6_ALREADY_RUNNING... */
  messagePrefix: string;
  /** A short description for the start-up message, e.g. "DHCPv6 server". */
  title: string;
  portFlags?: boolean;
  /** Reads and checks a configuration file; throws ConfigError (or any Error) to refuse it. */
  loadConfig(file: string): Promise<C>;
  /** What -t runs, when it checks less than loadConfig (kea-dhcp6's leaves out loggers, as Kea's); loadConfig otherwise. */
  checkConfig?(file: string): Promise<C>;
  /** Warnings of a checked configuration (accepted, but worth a word): -t prints them. */
  warnings?(config: C): readonly string[];
  /** The `loggers` list of a loaded configuration. */
  loggers(config: C): readonly LoggerConfig[] | undefined;
  start(config: C, context: DaemonContext): Promise<RunningService<C>>;
  /** Extra `-V` lines: libraries and database backends this daemon links. */
  versionLines?(): string[];
  /** Extra `-W` lines. */
  buildReportLines?(): string[];
}

/** How long a graceful stop may take before the process exits anyway. */
const STOP_DEADLINE_MS = 10_000;

/** The problem lines of a refused configuration: any error carrying a `problems` list, else its message. */
function problemsOf(err: unknown): string[] {
  const problems = (err as { problems?: unknown })?.problems;
  if (Array.isArray(problems) && problems.every((p) => typeof p === 'string')) return [...problems];
  return [err instanceof Error ? err.message : String(err)];
}

/**
 * Runs a daemon the way Kea's do: parse the command line, then either print and exit (-v, -V,
 * -W, -t, usage errors) or load the configuration, take the pid file, start, and serve signals
 * (SIGHUP reload, SIGTERM/SIGINT graceful stop) until stopped. Resolves with the exit code.
 */
export async function runDaemon<C>(
  definition: DaemonDefinition<C>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  const commandLine = parseCommandLine(argv, definition);
  switch (commandLine.kind) {
    case 'usage-error':
      process.stderr.write(`${definition.binary}: ${commandLine.message}\n${usageText(definition)}`);
      return 1;
    case 'version':
      process.stdout.write(`${nestorVersion()}\n`);
      return 0;
    case 'extended-version':
      process.stdout.write(`${extendedVersionText(definition.versionLines?.() ?? [])}\n`);
      return 0;
    case 'build-report':
      process.stdout.write(buildReport(definition.buildReportLines?.() ?? []));
      return 0;
    case 'check':
      return checkConfiguration(definition, commandLine.configFile);
    case 'run':
      return serve(definition, commandLine);
  }
}

async function checkConfiguration<C>(definition: DaemonDefinition<C>, file: string): Promise<number> {
  let config: C;
  try {
    config = await (definition.checkConfig ? definition.checkConfig(file) : definition.loadConfig(file));
  } catch (err) {
    process.stderr.write(`Error encountered: configuration file ${file} is invalid:\n`);
    for (const problem of problemsOf(err)) process.stderr.write(`  ${problem}\n`);
    return 1;
  }
  const warnings = definition.warnings?.(config) ?? [];
  if (warnings.length > 0) {
    process.stderr.write(`Warning: configuration file ${file}:\n`);
    for (const warning of warnings) process.stderr.write(`  ${warning}\n`);
  }
  process.stdout.write('Syntax check OK\n');
  return 0;
}

async function serve<C>(definition: DaemonDefinition<C>, commandLine: RunCommandLine): Promise<number> {
  const P = definition.messagePrefix;
  const logs = new LogManager(definition.binary);
  const log = logs.get(`${definition.binary}.${definition.component}`);
  const file = commandLine.configFile;
  if (commandLine.debug) logs.configure(undefined, { debug: true });
  log.info(
    `${P}_STARTING`,
    `Nestor ${definition.binary} ${definition.title} version ${nestorVersion()} starting`,
  );

  let config: C;
  try {
    config = await definition.loadConfig(file);
  } catch (err) {
    log.error(
      `${P}_CONFIG_LOAD_FAIL`,
      `configuration error using file: ${file}, reason: ${problemsOf(err).join('; ')}`,
    );
    logs.flush();
    return 1;
  }
  logs.configure(definition.loggers(config), { debug: commandLine.debug });

  // Files the daemon creates (leases, logs, sockets) are never group- or world-writable.
  process.umask(process.umask() | 0o022);
  const pidFile = new PidFile(pidFilePath(file, definition.binary));
  const livePid = pidFile.livePid();
  if (livePid !== undefined) {
    log.fatal(
      `${P}_ALREADY_RUNNING`,
      `${definition.binary} already running? pid ${livePid} in ${pidFile.path}`,
    );
    logs.flush();
    return 1;
  }
  try {
    pidFile.write();
  } catch (err) {
    log.fatal(`${P}_PID_FILE_ERROR`, `cannot write pid file ${pidFile.path}: ${(err as Error).message}`);
    logs.flush();
    return 1;
  }

  // One operation at a time: a SIGHUP during a stop, or two reloads, never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serialise = <T>(operation: () => Promise<T>): Promise<T> => {
    const next = queue.then(operation, operation);
    queue = next.catch(() => undefined);
    return next;
  };

  let stopping = false;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });

  let service: RunningService<C> | undefined;
  const reload = (): Promise<ReloadOutcome> =>
    serialise(async () => {
      if (stopping || !service) return { ok: false, error: 'server is shutting down' } as const;
      log.info(`${P}_DYNAMIC_RECONFIGURATION`, `initiate server reconfiguration using file: ${file}`);
      try {
        const next = await definition.loadConfig(file);
        await service.reconfigure(next);
        logs.configure(definition.loggers(next), { debug: commandLine.debug });
        log.info(
          `${P}_DYNAMIC_RECONFIGURATION_SUCCESS`,
          `dynamic server reconfiguration succeeded with file: ${file}`,
        );
        return { ok: true } as const;
      } catch (err) {
        const error = problemsOf(err).join('; ');
        log.error(
          `${P}_DYNAMIC_RECONFIGURATION_FAIL`,
          `dynamic server reconfiguration failed with file: ${file}: ${error}; the running configuration stays`,
        );
        return { ok: false, error } as const;
      }
    });

  const stop = (reason: string, code = 0): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${P}_SHUTDOWN_REQUEST`, `shutdown of server requested: ${reason}`);
    void serialise(async () => {
      const deadline = setTimeout(() => {
        log.error(`${P}_SHUTDOWN_TIMEOUT`, `graceful stop took over ${STOP_DEADLINE_MS} ms; exiting anyway`);
        finish(1);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      try {
        await service?.stop();
      } catch (err) {
        log.error(`${P}_SHUTDOWN_ERROR`, `error while stopping: ${(err as Error).message}`);
        code = 1;
      }
      clearTimeout(deadline);
      finish(code);
    });
  };
  // A daemon lives until it is stopped, even while it has no socket or timer of its own.
  const keepAlive = setInterval(() => {}, 1 << 30);
  let finished = false;
  const finish = (code: number): void => {
    if (finished) return;
    finished = true;
    clearInterval(keepAlive);
    pidFile.remove();
    log.info(`${P}_SHUTDOWN`, 'server shutdown');
    logs.flush();
    resolveExit(code);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (signal === 'SIGHUP') void reload();
    else stop(`received ${signal}`);
  };
  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
  process.on('uncaughtException', (err) => {
    log.fatal(`${P}_UNCAUGHT_ERROR`, `internal error: ${err.stack ?? err.message}`);
    stop('internal error', 1);
  });
  process.on('unhandledRejection', (err) => {
    log.error(`${P}_UNHANDLED_REJECTION`, `internal error: ${(err as Error)?.stack ?? String(err)}`);
  });

  const context: DaemonContext = {
    commandLine,
    configFile: file,
    logs,
    log,
    requestShutdown: (reason, exitCode = 0) => stop(reason, exitCode),
    reloadConfigFile: reload,
  };
  try {
    service = await definition.start(config, context);
  } catch (err) {
    log.fatal(`${P}_INIT_FAIL`, `failed to initialize ${definition.binary}: ${(err as Error).message}`);
    stopping = true;
    finish(1);
    return exited;
  }
  if (!stopping) log.info(`${P}_STARTED`, `Nestor ${definition.binary} version ${nestorVersion()} started`);
  const code = await exited;
  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) process.off(signal, onSignal);
  return code;
}

/** Entry point helper for a binary's main module: runs the daemon and exits with its code. */
export function main<C>(definition: DaemonDefinition<C>): void {
  runDaemon(definition).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${definition.binary}: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
