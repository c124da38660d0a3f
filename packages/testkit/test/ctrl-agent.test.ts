import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { daemonEnv, makeDaemonDirs, startCtrlAgent } from '../src/ctrl-agent.js';
import { isAlive } from '../src/pids.js';
import type { RunningProgram } from '../src/process.js';
import { repoRoot } from '../src/process.js';

const root = mkdtempSync(join(tmpdir(), 'nestor-agent-'));
const dirs = makeDaemonDirs(root);
const started: RunningProgram[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in for kea-ctrl-agent: a node script run with `-c FILE`. */
function fakeAgent(name: string, body: string): string {
  const path = join(root, name);
  writeFileSync(
    path,
    `#!${process.execPath}\nconst fs = require('node:fs');\nconst file = process.argv[3];\n${body}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('makeDaemonDirs and daemonEnv', () => {
  it('makes the folders under the root and points the Kea directory variables at them', () => {
    expect(dirs).toEqual({
      root,
      etc: join(root, 'etc'),
      run: join(root, 'run'),
      log: join(root, 'log'),
      lib: join(root, 'lib'),
      outside: join(root, 'outside'),
    });
    for (const dir of Object.values(dirs)) expect(statSync(dir).isDirectory()).toBe(true);
    expect(daemonEnv(dirs)).toEqual({
      KEA_PIDFILE_DIR: dirs.run,
      KEA_CONTROL_SOCKET_DIR: dirs.run,
      KEA_LOG_FILE_DIR: dirs.log,
      KEA_DHCP_DATA_DIR: dirs.lib,
      KEA_LOCKFILE_DIR: dirs.run,
    });
  });
});

describe('startCtrlAgent', () => {
  it('writes the section with a free port on 127.0.0.1 and resolves once the agent has started', async () => {
    const program = fakeAgent(
      'started-agent',
      [
        "const text = fs.readFileSync(file, 'utf8').replace(/^\\/\\/.*\\n/, '');",
        "console.log('CTRL_AGENT_STARTED', JSON.stringify(JSON.parse(text)), process.env.KEA_PIDFILE_DIR);",
        "process.on('SIGTERM', () => process.exit(0));",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const agent = await startCtrlAgent(
      dirs,
      { authentication: { type: 'basic' } },
      { program, name: 'a.conf' },
    );
    started.push(agent.program);
    expect(agent.configFile).toBe(join(dirs.etc, 'a.conf'));
    expect(agent.port).toBeGreaterThan(0);
    expect(agent.url).toBe(`http://127.0.0.1:${agent.port}/`);
    const section = {
      'http-host': '127.0.0.1',
      authentication: { type: 'basic' },
      'http-port': agent.port,
    };
    expect(agent.program.output).toBe(
      `CTRL_AGENT_STARTED ${JSON.stringify({ 'Control-agent': section })} ${dirs.run}\n`,
    );
    expect(readFileSync(agent.configFile, 'utf8')).toMatch(/^\/\/ written by a test\n/);
    expect((await agent.program.stop()).code).toBe(0);

    const https = await startCtrlAgent(dirs, { 'http-port': 8443 }, { program, scheme: 'https' });
    started.push(https.program);
    expect(https).toMatchObject({
      url: 'https://127.0.0.1:8443/',
      port: 8443,
      configFile: join(dirs.etc, 'kea-ctrl-agent.conf'),
    });
  });

  it('stops an agent that reports a failure by pid and throws COMMAND_FAILED with its output', async () => {
    const pidFile = join(root, 'failing.pid');
    const program = fakeAgent(
      'failing-agent',
      [
        `fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
        "console.log('CTRL_AGENT_CONFIG_FAIL bad port');",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const error = await startCtrlAgent(dirs, {}, { program }).catch((e) => e);
    expect(error).toMatchObject({ code: 'COMMAND_FAILED' });
    expect((error as Error).message).toMatch(/did not start:\nCTRL_AGENT_CONFIG_FAIL bad port/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(pid)).toBe(false);
  });

  it('throws COMMAND_FAILED when the agent exits without starting', async () => {
    const program = fakeAgent('exiting-agent', "console.error('no'); process.exit(3);");
    const error = await startCtrlAgent(dirs, {}, { program }).catch((e) => e);
    expect(error).toMatchObject({ code: 'COMMAND_FAILED' });
    expect((error as Error).message).toMatch(/did not start:\nprocess exited while waiting/);
  });

  it.skipIf(!existsSync(join(repoRoot, 'apps', 'ctrl-agent', 'dist', 'main.js')))(
    'starts bin/kea-ctrl-agent, which then answers on its url',
    async () => {
      const agent = await startCtrlAgent(dirs, {}, { name: 'real.conf' });
      started.push(agent.program);
      const reply = await fetch(agent.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"command":"status-get"}',
        signal: AbortSignal.timeout(10_000),
      });
      expect(reply.status).toBe(200);
      const status = (await reply.json()) as unknown;
      expect(status).toMatchObject([{ result: 0, arguments: { pid: agent.program.pid } }]);
      expect((await agent.program.stop()).code).toBe(0);
    },
  );
});
