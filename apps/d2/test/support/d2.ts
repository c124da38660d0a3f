import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, type DaemonDirs, daemonEnv, makeDaemonDirs, RunningProgram } from '@nestor/testkit';

/** Nestor's kea-dhcp-ddns as operators start it. */
export const D2_BIN = binPath('kea-dhcp-ddns');

/** The directories a test daemon runs with, under a fresh temporary root `<tmp>/<prefix>XXXXXX`. */
export function makeDirs(prefix: string): DaemonDirs {
  return makeDaemonDirs(mkdtempSync(join(tmpdir(), prefix)));
}

/** Logs to stdout at INFO, as Kea's default, so that tests can wait for message ids. */
export const STDOUT_LOGGERS = [
  { name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: 'stdout' }] },
];

/** Writes `{ "DhcpDdns": section }` (with a comment, as Kea allows) into etc; returns its path. */
export function writeConfig(dirs: DaemonDirs, name: string, section: Record<string, unknown>): string {
  const file = join(dirs.etc, name);
  writeFileSync(file, `// written by a test\n${JSON.stringify({ DhcpDdns: section }, null, 2)}\n`);
  return file;
}

/**
 * Starts bin/kea-dhcp-ddns on a file and waits for DHCP_DDNS_STARTED. The program is added to
 * `started` first, so that the test's afterEach stops it by pid even when the start fails.
 */
export async function startD2(
  dirs: DaemonDirs,
  configFile: string,
  started: RunningProgram[],
  args: readonly string[] = [],
): Promise<RunningProgram> {
  const program = new RunningProgram(D2_BIN, ['-c', configFile, ...args], daemonEnv(dirs));
  started.push(program);
  await program.waitFor(/DHCP_DDNS_STARTED|DHCP_DDNS_[A-Z_]*FAIL/, 15_000);
  if (!/DHCP_DDNS_STARTED/.test(program.output)) throw new Error(`d2 did not start:\n${program.output}`);
  return program;
}
