import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestkitError } from './errors.js';
import { freePort } from './ports.js';
import { binPath, RunningProgram } from './process.js';

/** The directories a daemon under test runs with, under one root. */
export interface DaemonDirs {
  root: string;
  etc: string;
  run: string;
  log: string;
  lib: string;
  /** A directory the daemon must never write to. */
  outside: string;
}

/** Makes `root` and its etc, run, log, lib and outside folders. */
export function makeDaemonDirs(root: string): DaemonDirs {
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
export function daemonEnv(dirs: DaemonDirs): NodeJS.ProcessEnv {
  return {
    KEA_PIDFILE_DIR: dirs.run,
    KEA_CONTROL_SOCKET_DIR: dirs.run,
    KEA_LOG_FILE_DIR: dirs.log,
    KEA_DHCP_DATA_DIR: dirs.lib,
    KEA_LOCKFILE_DIR: dirs.run,
  };
}

export interface StartedCtrlAgent {
  program: RunningProgram;
  url: string;
  port: number;
  configFile: string;
}

export interface StartCtrlAgentOptions {
  /** The configuration file's name in `dirs.etc` (kea-ctrl-agent.conf). */
  name?: string;
  /** The scheme of the returned url (http). */
  scheme?: 'http' | 'https';
  /** The program started with `-c FILE` (bin/kea-ctrl-agent). */
  program?: string;
}

/**
 * Writes a Control-agent section into `dirs.etc` (http-host 127.0.0.1 unless set, http-port a
 * free port unless set) and starts bin/kea-ctrl-agent on it with `daemonEnv(dirs)`; resolves once
 * it logs CTRL_AGENT_STARTED (within 15 s). A start that fails (a CTRL_AGENT_*FAIL message, an
 * exit, the time limit) stops the program by pid and throws COMMAND_FAILED with its output.
 */
export async function startCtrlAgent(
  dirs: DaemonDirs,
  section: Record<string, unknown>,
  options: StartCtrlAgentOptions = {},
): Promise<StartedCtrlAgent> {
  const port = (section['http-port'] as number | undefined) ?? (await freePort());
  const configFile = join(dirs.etc, options.name ?? 'kea-ctrl-agent.conf');
  writeFileSync(
    configFile,
    `// written by a test\n${JSON.stringify({ 'Control-agent': { 'http-host': '127.0.0.1', ...section, 'http-port': port } }, null, 2)}\n`,
  );
  const executable = options.program ?? binPath('kea-ctrl-agent');
  const program = new RunningProgram(executable, ['-c', configFile], daemonEnv(dirs));
  let problem: string | undefined;
  try {
    await program.waitFor(/CTRL_AGENT_STARTED|CTRL_AGENT_[A-Z_]*FAIL/, 15_000);
    if (!/CTRL_AGENT_STARTED/.test(program.output)) problem = program.output;
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem !== undefined) {
    await program.stop();
    throw new TestkitError('COMMAND_FAILED', `${executable} did not start:\n${problem}`);
  }
  return { program, url: `${options.scheme ?? 'http'}://127.0.0.1:${port}/`, port, configFile };
}
