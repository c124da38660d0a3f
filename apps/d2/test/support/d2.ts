import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, RunningProgram } from '@nestor/testkit';

/** Nestor's kea-dhcp-ddns as operators start it. */
export const D2_BIN = binPath('kea-dhcp-ddns');

/** The directories a test daemon runs with, under one temporary root. */
export interface D2Dirs {
  root: string;
  etc: string;
  run: string;
  log: string;
  lib: string;
  /** A directory the daemon must never write to. */
  outside: string;
}

export function makeDirs(prefix: string): D2Dirs {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs = {
    root,
    etc: join(root, 'etc'),
    run: join(root, 'run'),
    log: join(root, 'log'),
    lib: join(root, 'lib'),
    outside: join(root, 'outside'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** The environment Kea 2.6.3+ (and Nestor) take their directories from. */
export function d2Env(dirs: D2Dirs): NodeJS.ProcessEnv {
  return {
    KEA_PIDFILE_DIR: dirs.run,
    KEA_CONTROL_SOCKET_DIR: dirs.run,
    KEA_LOG_FILE_DIR: dirs.log,
    KEA_DHCP_DATA_DIR: dirs.lib,
    KEA_LOCKFILE_DIR: dirs.run,
  };
}

/** Logs to stdout at INFO, as Kea's default, so that tests can wait for message ids. */
export const STDOUT_LOGGERS = [
  { name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: 'stdout' }] },
];

/** Writes `{ "DhcpDdns": section }` (with a comment, as Kea allows) into etc; returns its path. */
export function writeConfig(dirs: D2Dirs, name: string, section: Record<string, unknown>): string {
  const file = join(dirs.etc, name);
  writeFileSync(file, `// written by a test\n${JSON.stringify({ DhcpDdns: section }, null, 2)}\n`);
  return file;
}

/**
 * Starts bin/kea-dhcp-ddns on a file and waits for DHCP_DDNS_STARTED. The program is added to
 * `started` first, so that the test's afterEach stops it by pid even when the start fails.
 */
export async function startD2(
  dirs: D2Dirs,
  configFile: string,
  started: RunningProgram[],
  args: readonly string[] = [],
): Promise<RunningProgram> {
  const program = new RunningProgram(D2_BIN, ['-c', configFile, ...args], d2Env(dirs));
  started.push(program);
  await program.waitFor(/DHCP_DDNS_STARTED|DHCP_DDNS_[A-Z_]*FAIL/, 15_000);
  if (!/DHCP_DDNS_STARTED/.test(program.output)) throw new Error(`d2 did not start:\n${program.output}`);
  return program;
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
