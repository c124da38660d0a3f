/**
 * The SQL backends' commands. Each follows Kea 2.2's kea-admin step by step: what it prints,
 * where it stops and with which status (see admin.ts for the conventions).
 */
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nestorVersion } from '@nestor/daemon';
import type { AdminOptions } from './args.js';
import { type Connection, DbError, type SqlBackend } from './db/connection.js';
import { dumpText } from './dump-format.js';
import { parseExtra } from './extra-args.js';
import { AdminExit, type AdminIo, logError, logInfo, logWarning } from './io.js';
import { readUploadCsv } from './lease-upload-csv.js';
import {
  compareVersions,
  createdObjects,
  createScriptPath,
  defaultScriptsDir,
  RETIRED_TRIGGERS,
  readScript,
  routineSection,
  upgradeSteps,
} from './scripts.js';
import { type Run, Session } from './session.js';
import { usageText } from './usage.js';

export interface CommandRun {
  options: AdminOptions & { password: string };
  io: AdminIo;
  backend: SqlBackend;
}

const VERSION_QUERY: Record<SqlBackend, string> = {
  mysql: "SELECT CONCAT_WS('.', version, minor) FROM schema_version",
  pgsql: "SELECT version || '.' || minor FROM schema_version",
};

/** The statistics rebuilt from the lease tables, in one transaction each (admin-utils.sh's recount). */
const RECOUNT4 = [
  'DELETE FROM lease4_stat',
  `INSERT INTO lease4_stat (subnet_id, state, leases)
     SELECT subnet_id, state, COUNT(*) FROM lease4 WHERE state = 0 OR state = 1 GROUP BY subnet_id, state`,
];
const RECOUNT6 = [
  'DELETE FROM lease6_stat',
  `INSERT INTO lease6_stat (subnet_id, lease_type, state, leases)
     SELECT subnet_id, lease_type, state, COUNT(*) FROM lease6 WHERE state = 0 OR state = 1
     GROUP BY subnet_id, lease_type, state`,
];

function scriptsDir(options: AdminOptions): string {
  return options.scriptsDir ?? defaultScriptsDir();
}

function usage(run: CommandRun): void {
  run.io.stdout(usageText(nestorVersion(), 'kea-admin', scriptsDir(run.options)));
}

/** Shows a database failure the way the client would have (stderr) and returns its status. */
function report(io: AdminIo, err: unknown): number {
  if (err instanceof DbError) {
    io.stderr(`${err.message}\n`);
    return err.status;
  }
  throw err;
}

/** Opens the session for a command; -x words Nestor cannot honour stop it first. */
async function withSession(run: CommandRun, body: (session: Session) => Promise<number>): Promise<number> {
  const extra = parseExtra(run.options.extra, run.backend);
  if (!extra.ok) {
    logError(run.io, extra.error);
    return 1;
  }
  const session = new Session({ ...run, extra: extra.settings } satisfies Run);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

async function versionText(session: Session, backend: SqlBackend): Promise<string> {
  const conn = await session.connection();
  const rows = await conn.rows(VERSION_QUERY[backend]);
  return rows.map((row) => row[0] ?? 'NULL').join('\n');
}

/** checked_*_version: the version, or Kea's failure line and the client's status. */
async function checkedVersion(
  session: Session,
  run: CommandRun,
): Promise<{ ok: true; version: string } | { ok: false; status: number }> {
  try {
    return { ok: true, version: await versionText(session, run.backend) };
  } catch (err) {
    const status = report(run.io, err);
    const gap = run.backend === 'mysql' ? '  ' : ' ';
    run.io.stdout(`Failed to get schema version, ${run.backend} status${gap}${status}\n\n`);
    return { ok: false, status };
  }
}

export function dbVersion(run: CommandRun): Promise<number> {
  return withSession(run, async (session) => {
    const checked = await checkedVersion(session, run);
    if (!checked.ok) return checked.status;
    run.io.stdout(run.backend === 'mysql' ? `${checked.version}\n\n` : `${checked.version}\n`);
    return 0;
  });
}

/** mysql_can_create: the account may create tables and triggers (MySQL 8 needs more than CREATE). */
async function mysqlCanCreate(session: Session, run: CommandRun): Promise<void> {
  const { io } = run;
  const attempt = async (sql: string): Promise<number> => {
    try {
      await (await session.connection()).script(sql);
      return 0;
    } catch (err) {
      return report(io, err);
    }
  };
  let version: string;
  try {
    version = ((await (await session.connection()).rows('SELECT @@global.version'))[0]?.[0] ?? '') as string;
  } catch (err) {
    logError(io, `mysql_can_create: get MySQL version failed, mysql status = ${report(io, err)}`);
    throw new AdminExit(1);
  }
  io.stdout(`MySQL Version is: ${version}\n`);
  const cleanup = 'DROP TABLE IF EXISTS nestor_probe_table; DROP PROCEDURE IF EXISTS nestor_probe_trigger;';
  let status = await attempt(cleanup);
  if (status !== 0) {
    logError(io, `mysql_can_create cannot run pre cleanup, mysql status = ${status}`);
    throw new AdminExit(1);
  }
  let permitted = true;
  status = await attempt('CREATE TABLE nestor_probe_table (probe INT UNSIGNED PRIMARY KEY NOT NULL);');
  if (status !== 0) {
    logError(io, `mysql_can_create cannot create table, check user permissions, mysql status = ${status}`);
    permitted = false;
  } else {
    status = await attempt(
      'DELIMITER $$\nCREATE TRIGGER nestor_probe_trigger BEFORE INSERT ON nestor_probe_table FOR EACH ROW BEGIN END$$\nDELIMITER ;\n',
    );
    if (status !== 0) {
      logError(io, `mysql_can_create cannot trigger, check user permissions, mysql status = ${status}`);
      permitted = false;
    }
  }
  status = await attempt(cleanup);
  if (status !== 0) {
    logError(io, `mysql_can_create cannot run post cleanup, mysql status = ${status}`);
    throw new AdminExit(1);
  }
  if (!permitted) {
    logError(io, `Create failed, the user, ${run.options.user}, has insufficient privileges.`);
    throw new AdminExit(1);
  }
}

/** What psql's \d lists: the relations on the search path. */
const PG_RELATIONS = `
  SELECT n.nspname, c.relname,
         CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                        WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' END,
         pg_catalog.pg_get_userbyid(c.relowner)
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname <> 'pg_catalog'
     AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_toast'
     AND pg_catalog.pg_table_is_visible(c.oid)
   ORDER BY 1, 2`;

export function dbInit(run: CommandRun): Promise<number> {
  const { io, backend, options } = run;
  return withSession(run, async (session) => {
    io.stdout('Checking if there is a database initialized already...\n');
    let present: string[];
    try {
      const conn = await session.connection();
      present =
        backend === 'mysql'
          ? (await conn.rows('SHOW TABLES')).map((r) => r[0] ?? '')
          : (await conn.rows(PG_RELATIONS)).map((r) => r.map((v) => v ?? '').join('|'));
    } catch (err) {
      const status = report(io, err);
      logError(
        io,
        backend === 'mysql'
          ? `mysql_init table query failed, mysql status = ${status}`
          : `pgsql_init: table query failed, status code: ${status}?`,
      );
      return 1;
    }
    if (present.length > 0) {
      io.stdout('\n');
      logError(
        io,
        `Expected empty database ${options.name}. Aborting, the following tables are present:\n        ${present.join('\n')}`,
      );
      return backend === 'mysql' ? 1 : 2;
    }
    if (backend === 'mysql') {
      io.stdout(`Verifying create permissions for ${options.user}\n`);
      await mysqlCanCreate(session, run);
    }
    const path = createScriptPath(scriptsDir(options), backend);
    io.stdout(`Initializing database using script ${path}\n`);
    try {
      await (await session.connection()).script(await readScript(path));
    } catch (err) {
      if (!(err instanceof DbError)) {
        logError(io, `cannot read ${path}: ${(err as Error).message}`);
        return 1;
      }
      const status = report(io, err);
      if (backend === 'pgsql') {
        logError(io, `Database initialization failed, status code: ${status}?`);
        return 1;
      }
      return status;
    }
    if (backend === 'mysql') io.stdout('mysql returned status code 0\n');
    try {
      const version = await versionText(session, backend);
      io.stdout(
        backend === 'mysql'
          ? `Database version reported after initialization: ${version}\n\n`
          : `Database version reported after initialization: ${version}\n`,
      );
      return 0;
    } catch (err) {
      return report(io, err);
    }
  });
}

/** Removes the routines and triggers Nestor's scripts create (current and retired ones). */
async function dropRoutines(conn: Connection, backend: SqlBackend, section: string): Promise<void> {
  const { routines, triggers } = createdObjects(section);
  for (const name of RETIRED_TRIGGERS) triggers.add(name);
  if (backend === 'mysql') {
    for (const [name] of await conn.rows(
      'SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()',
    )) {
      if (triggers.has((name ?? '').toLowerCase())) await conn.script(`DROP TRIGGER \`${name}\``);
    }
    for (const [name, type] of await conn.rows(
      'SELECT routine_name, routine_type FROM information_schema.routines WHERE routine_schema = DATABASE()',
    )) {
      if (routines.has((name ?? '').toLowerCase())) await conn.script(`DROP ${type} \`${name}\``);
    }
    return;
  }
  for (const [name, table] of await conn.rows(
    `SELECT t.tgname, c.relname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
  )) {
    if (triggers.has(name ?? '')) await conn.script(`DROP TRIGGER "${name}" ON "${table}"`);
  }
  for (const [name, signature] of await conn.rows(
    `SELECT proname, oid::regprocedure::text FROM pg_proc WHERE pronamespace = current_schema()::regnamespace`,
  )) {
    if (routines.has(name ?? '')) await conn.script(`DROP FUNCTION ${signature} CASCADE`);
  }
}

export function dbUpgrade(run: CommandRun): Promise<number> {
  const { io, backend, options } = run;
  return withSession(run, async (session) => {
    if (backend === 'mysql') io.stdout('Database version reported before upgrade: ');
    const before = await checkedVersion(session, run);
    if (!before.ok) return before.status;
    io.stdout(
      backend === 'mysql'
        ? `${before.version}\n\n`
        : `Database version reported before upgrade: ${before.version}\n`,
    );
    const dir = join(scriptsDir(options), backend);
    const steps = await upgradeSteps(scriptsDir(options), backend);
    if (steps === undefined) {
      logError(io, `Invalid scripts directory: ${dir}`);
      return 1;
    }
    if (steps.length === 0) {
      logError(
        io,
        `No scripts in ${dir} or the directory is not readable or does not have any upgrade* scripts.`,
      );
      return 1;
    }
    if (backend === 'mysql') {
      io.stdout(`Verifying upgrade permissions for ${options.user}\n`);
      await mysqlCanCreate(session, run);
    }
    const oldest = steps[0]?.from as string;
    if (compareVersions(before.version, oldest) < 0) {
      logError(
        io,
        `schema version ${before.version} is older than the oldest Nestor's kea-admin upgrades (${oldest}): upgrade it to ${oldest} with Kea's kea-admin first`,
      );
      return 1;
    }
    try {
      const conn = await session.connection();
      let version = before.version;
      let applied = false;
      for (const step of steps) {
        io.stdout(`Processing ${step.path} file...\n`);
        if (version !== step.from) {
          io.stdout(
            `This script upgrades ${step.from} to ${step.to}. Reported version is ${version}. Skipping upgrade.\n`,
          );
          continue;
        }
        const createScript = await readScript(createScriptPath(scriptsDir(options), backend));
        if (!applied) await dropRoutines(conn, backend, routineSection(createScript));
        applied = true;
        await conn.script(await readScript(step.path));
        version = await versionText(session, backend);
      }
      if (applied) {
        // The routines and triggers of the version reached, in their one current form.
        const section = routineSection(await readScript(createScriptPath(scriptsDir(options), backend)));
        await conn.script(backend === 'pgsql' ? `START TRANSACTION;\n${section}\nCOMMIT;` : section);
      }
      const after = await versionText(session, backend);
      io.stdout(
        backend === 'mysql'
          ? `Database version reported after upgrade: ${after}\n\n`
          : `Database version reported after upgrade: ${after}\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof DbError) return report(io, err);
      logError(io, (err as Error).message);
      return 1;
    }
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** check_file_overwrite: -y replaces the file; otherwise only a "y" on a terminal does. */
async function checkOverwrite(run: CommandRun, file: string): Promise<void> {
  const { io, options } = run;
  if (options.assumeYes) {
    if (await exists(file)) {
      logInfo(io, `Removing file ${file}...`);
      await rm(file, { force: true });
    }
    return;
  }
  if (!(await exists(file))) return;
  io.stdout(`Output file, ${file}, exists and will be overwritten.\nDo you wish to continue? (y/N)\n`);
  let answer = 'N';
  if (io.interactive) answer = (await io.ask('', false)).trim();
  else logWarning(io, 'Non-interactive tty detected. Assuming no.');
  if (answer !== 'y') {
    io.stdout(`${options.command} aborted by user.\n`);
    throw new AdminExit(1);
  }
}

export function leaseDump(run: CommandRun): Promise<number> {
  const { io, backend, options } = run;
  return withSession(run, async (session) => {
    const family = options.dhcpVersion;
    if (family === 0) {
      logError(io, 'lease-dump: lease type ( -4 or -6 ) needs to be specified');
      usage(run);
      return 1;
    }
    try {
      await versionText(session, backend);
    } catch (err) {
      const status = report(io, err);
      if (backend === 'pgsql') return status;
      logError(io, `lease-dump: mysql_version failed, exit code ${status}`);
      return 1;
    }
    if (options.outputFile === '') {
      logError(io, 'you must specify an output file for lease-dump');
      usage(run);
      return 1;
    }
    await checkOverwrite(run, options.outputFile);
    const call = backend === 'mysql' ? 'CALL' : 'SELECT * FROM';
    let text: string;
    try {
      const conn = await session.connection();
      const header = await conn.rows(`${call} lease${family}DumpHeader()`);
      const data = await conn.rows(`${call} lease${family}DumpData()`);
      text = dumpText(backend, header, data);
    } catch (err) {
      const status = report(io, err);
      logError(
        io,
        backend === 'mysql'
          ? `lease-dump: mysql_execute failed, exit code ${status}`
          : `lease-dump: psql call failed, exit code: ${status}`,
      );
      return 1;
    }
    await writeFile(options.outputFile, text, 'utf8');
    if (backend === 'mysql') logInfo(io, `Successfully dumped lease${family} to ${options.outputFile}.`);
    else io.stdout(`lease${family} successfully dumped to ${options.outputFile}\n`);
    return 0;
  });
}

export function leaseUpload(run: CommandRun): Promise<number> {
  const { io, backend, options } = run;
  return withSession(run, async (session) => {
    const input = options.inputFile;
    if (input === undefined) {
      logError(io, 'you must specify an input file with -i or --input for lease-upload');
      usage(run);
      return 1;
    }
    let text: string;
    try {
      text = await readFile(input, 'utf8');
    } catch (err) {
      io.stderr(
        `kea-admin: ${input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (err as Error).message}\n`,
      );
      return 1;
    }
    const lineCount = text.split('\n').length - 1;
    if (lineCount <= 1) {
      logError(io, 'CSV file has no leases');
      return 1;
    }
    logInfo(io, `Looking at ${lineCount} lines of CSV in ${input}...`);
    const family = options.dhcpVersion;
    if (family === 0) {
      logError(io, 'lease-upload: lease type -4 or -6 needs to be specified');
      usage(run);
      return 1;
    }
    let leases: Awaited<ReturnType<typeof readUploadCsv>>;
    try {
      leases = await readUploadCsv(input, family);
    } catch (err) {
      logError(io, `lease-upload: cannot clean up ${input}: ${(err as Error).message}`);
      return 1;
    }
    logInfo(io, `Reduced to ${leases.reducedLines} lines.`);
    try {
      const conn = await session.connection();
      const count = leases.rows[0]?.length ?? 0;
      const marks =
        backend === 'mysql'
          ? Array.from({ length: count }, () => '?').join(', ')
          : Array.from({ length: count }, (_, k) => `$${k + 1}`).join(', ');
      const call =
        backend === 'mysql' ? `CALL lease${family}Upload(${marks})` : `SELECT lease${family}Upload(${marks})`;
      await conn.script('START TRANSACTION');
      try {
        for (const row of leases.rows) await conn.rows(call, row);
        await conn.script('COMMIT');
      } catch (err) {
        await conn.script('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } catch (err) {
      return report(io, err);
    }
    logInfo(io, `Successfully updated table lease${family}.`);
    return 0;
  });
}

export function statsRecount(run: CommandRun): Promise<number> {
  const { io, backend } = run;
  return withSession(run, async (session) => {
    io.stdout('Recount lease statistics from database\n');
    for (const [family, statements] of [
      ['IPv4', RECOUNT4],
      ['IPv6', RECOUNT6],
    ] as const) {
      try {
        const conn = await session.connection();
        await conn.script('START TRANSACTION');
        try {
          for (const statement of statements) await conn.script(statement);
          await conn.script('COMMIT');
        } catch (err) {
          await conn.script('ROLLBACK').catch(() => undefined);
          throw err;
        }
      } catch (err) {
        const status = report(io, err);
        logError(io, `${backend} failed to recount ${family} leases, ${backend} status = ${status}`);
        return 1;
      }
    }
    return 0;
  });
}
