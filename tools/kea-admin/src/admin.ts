/**
 * kea-admin: Kea 2.2's kea-admin commands for the mysql, pgsql and memfile backends, with its
 * messages (stdout, "ERROR/kea-admin: ..."), its exit statuses (a database failure exits with
 * the status the mysql/psql client would have had) and its order of checks. The database is
 * reached through mysql2 and pg, not through the client programs; their error text goes to
 * stderr in the clients' wording.
 */
import { nestorVersion } from '@nestor/daemon';
import { type AdminOptions, parseAdminArgs } from './args.js';
import { dbInit, dbUpgrade, dbVersion, leaseDump, leaseUpload, statsRecount } from './commands.js';
import { AdminExit, type AdminIo, logError, logInfo, logWarning } from './io.js';
import { defaultScriptsDir } from './scripts.js';
import { usageText } from './usage.js';

export function printUsage(io: AdminIo, options?: Pick<AdminOptions, 'scriptsDir'>): void {
  io.stdout(usageText(nestorVersion(), 'kea-admin', options?.scriptsDir ?? defaultScriptsDir()));
}

async function resolvePassword(options: AdminOptions, io: AdminIo): Promise<string> {
  if (options.password === undefined) {
    const fromEnv = io.env.KEA_ADMIN_DB_PASSWORD;
    if (fromEnv !== undefined) {
      io.stdout('Using the value of KEA_ADMIN_DB_PASSWORD for authentication...\n');
      return fromEnv;
    }
    return 'keatest';
  }
  if (!options.passwordPrompt) return options.password;
  if (io.interactive) return io.ask('Password: ', true);
  logWarning(io, 'Non-interactive tty detected. Assuming empty password.');
  return '';
}

async function dispatch(options: AdminOptions, io: AdminIo): Promise<number> {
  const password = await resolvePassword(options, io);
  const { backend, command } = options;
  if (backend === 'memfile') {
    switch (command) {
      case 'lease-dump':
        logError(io, 'lease-dump is not supported for memfile');
        return 1;
      case 'lease-upload':
        logError(io, 'lease-upload is not supported for memfile');
        return 1;
      case 'stats-recount':
        logInfo(io, 'memfile does not keep lease statistics');
        return 0;
      default:
        // Kea converts lease files itself when it loads them: nothing to create or upgrade.
        logError(io, 'NOT IMPLEMENTED');
        return 1;
    }
  }
  const run = { options: { ...options, password }, io, backend };
  switch (command) {
    case 'db-init':
      return dbInit(run);
    case 'db-version':
      return dbVersion(run);
    case 'db-upgrade':
      return dbUpgrade(run);
    case 'lease-dump':
      return leaseDump(run);
    case 'lease-upload':
      return leaseUpload(run);
    case 'stats-recount':
      return statsRecount(run);
  }
}

/** Runs kea-admin with these arguments; resolves with the exit status. Never throws. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  const parsed = parseAdminArgs(argv);
  if (parsed.kind === 'version') {
    io.stdout(`${nestorVersion()}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    logError(io, parsed.message);
    if (parsed.usage) printUsage(io);
    return 1;
  }
  try {
    return await dispatch(parsed.options, io);
  } catch (err) {
    if (err instanceof AdminExit) return err.status;
    logError(io, `unexpected failure: ${(err as Error).message}`);
    return 1;
  }
}
