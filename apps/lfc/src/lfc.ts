/**
 * kea-lfc: one lease file cleanup, run by the DHCPv6 server every lfc-interval. The cleanup itself
 * is @nestor/leases' cleanupLeaseFiles; this adds what makes it a Kea-compatible program: the
 * command line, the pid file that keeps two cleanups of one file set apart, and Kea's logging
 * (loggers "DhcpLFC" and "DhcpLFC.dhcpsrv"; the console with -d, else syslog).
 *
 * Exit codes are Kea's: 1 for a bad command line; 0 otherwise, also when another cleanup is
 * running or the cleanup failed (the reason is logged, and the files are left for the next run).
 */
import {
  buildReport,
  type Logger,
  LogManager,
  nestorVersion,
  PidFile,
  runtimeVersionLines,
} from '@nestor/daemon/standalone';
import { cleanupLeaseFiles, type LeaseLogger } from '@nestor/leases/cleanup';
import { type CleanupRun, type LfcCommandLine, parseLfcCommandLine, USAGE } from './command-line.js';

export interface LfcOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: LfcOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Where messages go: KEA_LOGGER_DESTINATION when set (stdout, stderr, syslog or a file, as Kea's
 * test mode honours it), else the console with -d and syslog without, as Kea's LFC.
 */
function destination(run: CleanupRun, env: NodeJS.ProcessEnv): string {
  const chosen = env.KEA_LOGGER_DESTINATION;
  if (chosen !== undefined && chosen !== '') return chosen;
  return run.debug ? 'stdout' : 'syslog';
}

/** Sends the cleanup's messages to Kea's loggers: LFC_* to DhcpLFC, DHCPSRV_* to DhcpLFC.dhcpsrv. */
function leaseLogger(main: Logger, dhcpsrv: Logger): LeaseLogger {
  const route = (id: string): Logger => (id.startsWith('LFC_') ? main : dhcpsrv);
  return {
    // Kea reports a failed cleanup step as fatal: the run ends there.
    error: (id, text) => (id.startsWith('LFC_FAIL') ? main.fatal(id, text) : route(id).error(id, text)),
    warn: (id, text) => route(id).warn(id, text),
    info: (id, text) => route(id).info(id, text),
    debug: (level, id, text) => route(id).debug(level, id, text),
  };
}

async function cleanup(run: CleanupRun, env: NodeJS.ProcessEnv): Promise<number> {
  const logs = new LogManager('DhcpLFC');
  logs.configure(
    [{ name: 'DhcpLFC', severity: 'INFO', output_options: [{ output: destination(run, env) }] }],
    {
      debug: run.debug,
    },
  );
  const log = logs.get('DhcpLFC');
  const dhcpsrv = logs.get('DhcpLFC.dhcpsrv');
  try {
    log.info('LFC_START', 'Starting lease file cleanup');
    const pidFile = new PidFile(run.pidFile);
    if (pidFile.livePid() !== undefined) {
      log.fatal('LFC_RUNNING', 'LFC instance already running');
      return 0;
    }
    try {
      pidFile.write();
    } catch (err) {
      log.fatal('LFC_FAIL_PID_CREATE', `Failed to create pid file: ${(err as Error).message}`);
      return 0;
    }
    try {
      await cleanupLeaseFiles(run, { logger: leaseLogger(log, dhcpsrv) });
    } finally {
      try {
        pidFile.remove();
      } catch (err) {
        log.fatal('LFC_FAIL_PID_DEL', `Failed to delete pid file: ${(err as Error).message}`);
      }
    }
    log.info('LFC_TERMINATE', 'LFC finished processing');
    return 0;
  } finally {
    logs.flush();
    logs.close();
  }
}

function usageError(message: string, output: LfcOutput): number {
  output.stderr(`Usage error: ${message}\n${USAGE}\nService failed: ${message}\n`);
  return 1;
}

/** Runs kea-lfc with these arguments; resolves with the exit code. */
export async function runLfc(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  output: LfcOutput = processOutput,
): Promise<number> {
  const commandLine: LfcCommandLine = parseLfcCommandLine(argv);
  switch (commandLine.kind) {
    case 'usage-error':
      return usageError(commandLine.message, output);
    case 'help':
      output.stderr(`${USAGE}\n`);
      return 0;
    case 'version':
      output.stdout(`${nestorVersion()}\n`);
      return 0;
    case 'extended-version':
      output.stdout(
        [
          nestorVersion(),
          'nestor',
          'linked with:',
          ...runtimeVersionLines(),
          'database: Memfile backend (lease6 CSV, Kea 2.2 layout)',
        ]
          .map((line) => `${line}\n`)
          .join(''),
      );
      return 0;
    case 'build-report':
      output.stdout(buildReport(['Lease files:   DHCPv6 (-6) only']));
      return 0;
    case 'run':
      // Nestor is a DHCPv6 suite: it has no DHCPv4 lease files to clean.
      if (commandLine.protocol === 4) return usageError('only DHCPv6 lease files (-6) are supported', output);
      return cleanup(commandLine, env);
  }
}
