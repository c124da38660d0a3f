import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type RunningProgram } from '@nestor/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { postJson, viaHttp, viaUnix } from './support/channels.js';
import { makeDirs, STDOUT_LOGGERS, startD2, writeConfig } from './support/d2.js';
import { checkSharedCommands } from './support/shared-commands.js';

const dirs = makeDirs('d2-commands-');
const started: RunningProgram[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));

const AUTH = { type: 'basic', clients: [{ user: 'admin', password: 'secret' }] };

/** A d2 with Kea 3's control-sockets: a unix socket and an HTTP one with basic auth. */
async function startWithBothChannels(name: string) {
  const port = await freePort();
  const configFile = writeConfig(dirs, `${name}.conf`, {
    'control-sockets': [
      { 'socket-type': 'unix', 'socket-name': `${name}-socket` },
      { 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': port, authentication: AUTH },
    ],
    loggers: STDOUT_LOGGERS,
  });
  const program = await startD2(dirs, configFile, started);
  return { program, configFile, unix: join(dirs.run, `${name}-socket`), url: `http://127.0.0.1:${port}/` };
}

describe('kea-dhcp-ddns control channel', () => {
  it('answers every shared command over its unix socket, and stops on shutdown', async () => {
    const d2 = await startWithBothChannels('unix');
    const send = viaUnix(d2.unix);
    await checkSharedCommands(send, {
      pid: d2.program.pid,
      configFile: d2.configFile,
      etc: dirs.etc,
      copyName: 'unix-copy.json',
    });
    expect(await send('shutdown', { type: 'bogus' })).toEqual({
      result: 1,
      text: 'Invalid Shutdown type: bogus',
    });
    expect(d2.program.running).toBe(true);
    expect(await send('shutdown', { type: 'drain_first', 'exit-value': 3 })).toEqual({
      result: 0,
      text: 'Shutdown initiated, type is: drain_first',
    });
    const finished = await d2.program.exited;
    expect(finished.code).toBe(3);
    expect(finished.stdout).toMatch(/DHCP_DDNS_SHUTDOWN_COMMAND /);
    expect(finished.stdout).toMatch(/DHCP_DDNS_SHUTDOWN server shutdown/);
    expect(existsSync(d2.unix)).toBe(false);
  });

  it('answers every shared command over a Kea 3 HTTP control socket, as lists, with basic auth', async () => {
    const d2 = await startWithBothChannels('http');
    expect((await postJson(d2.url, { command: 'status-get' })).status).toBe(401);
    expect((await postJson(d2.url, { command: 'status-get' }, 'admin:wrong')).status).toBe(401);
    const send = viaHttp(d2.url, { auth: 'admin:secret' });
    await checkSharedCommands(send, {
      pid: d2.program.pid,
      configFile: d2.configFile,
      etc: dirs.etc,
      copyName: 'http-copy.json',
    });
    // Sent straight to the daemon, a service list may name d2 only.
    expect(await viaHttp(d2.url, { auth: 'admin:secret', service: ['d2'] })('status-get')).toMatchObject({
      result: 0,
    });
    expect(await viaHttp(d2.url, { auth: 'admin:secret', service: ['dhcp6'] })('status-get')).toEqual({
      result: 1,
      text: "unsupported service 'dhcp6', expected 'd2'",
    });
    expect(await send('shutdown')).toEqual({ result: 0, text: 'Shutdown initiated, type is: normal' });
    expect((await d2.program.exited).code).toBe(0);
  });

  it('config-set moves the control channel: a new unix socket and HTTP port, old ones closed', async () => {
    const d2 = await startWithBothChannels('move');
    const newPort = await freePort();
    const moved = {
      DhcpDdns: {
        'control-socket': { 'socket-type': 'unix', 'socket-name': 'moved-socket' },
        loggers: STDOUT_LOGGERS,
      },
    };
    // Kea 2 and Kea 3 forms together are refused: nothing changes.
    const both = await viaUnix(d2.unix)('config-set', {
      DhcpDdns: {
        ...moved.DhcpDdns,
        'control-sockets': [{ 'socket-type': 'http', 'socket-port': newPort, authentication: AUTH }],
      },
    });
    expect(both.result).toBe(1);
    expect(both.text).toMatch(/only one of 'control-socket' and 'control-sockets'/);
    expect(await viaUnix(d2.unix)('status-get')).toMatchObject({ result: 0 });

    expect(await viaHttp(d2.url, { auth: 'admin:secret' })('config-set', moved)).toEqual({
      result: 0,
      text: 'Configuration applied successfully.',
    });
    const movedSocket = join(dirs.run, 'moved-socket');
    expect(await viaUnix(movedSocket)('status-get')).toMatchObject({ result: 0 });
    expect(existsSync(d2.unix)).toBe(false);
    await expect(postJson(d2.url, { command: 'status-get' }, 'admin:secret')).rejects.toThrow();
    expect((await viaUnix(movedSocket)('config-get')).arguments).toMatchObject({
      DhcpDdns: { 'control-socket': { 'socket-type': 'unix', 'socket-name': 'moved-socket' } },
    });
  });
});
