import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, freePort, RunningProgram } from './process.js';

/** The directories a test agent runs with, under one temporary root. */
export interface AgentDirs {
  root: string;
  etc: string;
  run: string;
  log: string;
  lib: string;
  outside: string;
}

export function makeDirs(root: string): AgentDirs {
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
export function agentEnv(dirs: AgentDirs): NodeJS.ProcessEnv {
  return {
    KEA_PIDFILE_DIR: dirs.run,
    KEA_CONTROL_SOCKET_DIR: dirs.run,
    KEA_LOG_FILE_DIR: dirs.log,
    KEA_DHCP_DATA_DIR: dirs.lib,
    KEA_LOCKFILE_DIR: dirs.run,
  };
}

export interface StartedAgent {
  program: RunningProgram;
  url: string;
  port: number;
  configFile: string;
}

/** Writes a Control-agent section (http-port filled in with a free port) and starts bin/kea-ctrl-agent. */
export async function startAgent(
  dirs: AgentDirs,
  section: Record<string, unknown>,
  options: { name?: string; scheme?: 'http' | 'https' } = {},
): Promise<StartedAgent> {
  const port = (section['http-port'] as number | undefined) ?? (await freePort());
  const configFile = join(dirs.etc, options.name ?? 'kea-ctrl-agent.conf');
  writeFileSync(
    configFile,
    `// written by a test\n${JSON.stringify({ 'Control-agent': { 'http-host': '127.0.0.1', ...section, 'http-port': port } }, null, 2)}\n`,
  );
  const program = new RunningProgram(binPath('kea-ctrl-agent'), ['-c', configFile], agentEnv(dirs));
  await program.waitFor(/CTRL_AGENT_STARTED|CTRL_AGENT_.*FAIL|exited/);
  if (!/CTRL_AGENT_STARTED/.test(program.output)) throw new Error(`agent did not start:\n${program.output}`);
  return { program, url: `${options.scheme ?? 'http'}://127.0.0.1:${port}/`, port, configFile };
}
