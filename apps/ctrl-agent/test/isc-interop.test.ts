import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlAnswer, UnixControlServer } from '@nestor/control';
import {
  type DaemonDirs,
  daemonEnv,
  freePort,
  makeDaemonDirs,
  makeTestPki,
  post,
  RunningProgram,
  runToEnd,
  startCtrlAgent,
  type TestPki,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nestorDaemon } from './support/nestor-daemon.js';

/** ISC Kea 2.2's own programs, the reference Nestor must interoperate with. */
const ISC_SHELL = '/usr/sbin/kea-shell';
const ISC_AGENT = '/usr/sbin/kea-ctrl-agent';

const root = mkdtempSync(join(tmpdir(), 'ctrl-agent-isc-'));
let dirs: DaemonDirs;
let pki: TestPki;
const programs: RunningProgram[] = [];
const sockets: UnixControlServer[] = [];
beforeAll(() => {
  dirs = makeDaemonDirs(root);
  pki = makeTestPki(root);
});
afterEach(async () => {
  await Promise.all(programs.splice(0).map((p) => p.stop()));
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts Nestor's agent and has it stopped (by pid) when the test ends. */
async function agent(
  ...args: Parameters<typeof startCtrlAgent> extends [unknown, ...infer Rest] ? Rest : never
) {
  const started = await startCtrlAgent(dirs, ...args);
  programs.push(started.program);
  return started;
}

describe.skipIf(!existsSync(ISC_SHELL))("ISC's kea-shell against Nestor's kea-ctrl-agent", () => {
  it("gets the agent's own answers and forwarded ones, with basic auth and arguments from stdin", async () => {
    sockets.push((await nestorDaemon(dirs, join(dirs.run, 'kea6-ctrl-socket'))).server);
    const { port } = await agent({
      authentication: { type: 'basic', clients: [{ user: 'admin', password: 'pw' }] },
      'control-sockets': { dhcp6: { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' } },
    });
    const shell = (args: string[], input = ''): ReturnType<typeof runToEnd> =>
      runToEnd(ISC_SHELL, ['--host', '127.0.0.1', '--port', String(port), ...args], {}, 20_000, input);

    const own = await shell(['--auth-user', 'admin', '--auth-password', 'pw', 'list-commands']);
    expect(own.code).toBe(0);
    const listed = JSON.parse(own.stdout) as ControlAnswer[];
    expect(listed[0]?.arguments).toContain('config-get');

    const forwarded = await shell(
      ['--auth-user', 'admin', '--auth-password', 'pw', '--service', 'dhcp6', 'lease6-get'],
      '"ip-address": "2001:db8::1"\n',
    );
    expect(forwarded.code).toBe(0);
    expect(JSON.parse(forwarded.stdout)).toEqual([
      { result: 0, text: 'Lease found', arguments: { echoed: { 'ip-address': '2001:db8::1' } } },
    ]);

    const status = await shell([
      '--auth-user',
      'admin',
      '--auth-password',
      'pw',
      '--service',
      'dhcp6',
      'status-get',
    ]);
    expect(JSON.parse(status.stdout)[0]).toMatchObject({ result: 0, arguments: { pid: process.pid } });

    const denied = await shell(['--auth-user', 'admin', '--auth-password', 'nope', 'list-commands']);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/HTTP Error 401: Unauthorized/);
  });

  it('talks HTTPS with a client certificate', async () => {
    const { port } = await agent(
      {
        'trust-anchor': pki.ca,
        'cert-file': pki.serverCert,
        'key-file': pki.serverKey,
        'cert-required': true,
      },
      { name: 'tls-agent.conf' },
    );
    const result = await runToEnd(ISC_SHELL, [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--ca',
      pki.ca,
      '--cert',
      pki.clientCert,
      '--key',
      pki.clientKey,
      'version-get',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({
      result: 0,
      text: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
  });
});

/**
 * Every shared command, and a daemon-specific one, sent through an agent (ISC's or Nestor's)
 * at `url` to the Nestor daemon serving `daemon`; checks each answer.
 */
async function forwardEverySharedCommand(
  url: string,
  daemon: { shutdowns: number },
  auth?: string,
): Promise<void> {
  const send = async (body: Record<string, unknown>): Promise<ControlAnswer> => {
    const reply = await post(url, JSON.stringify({ ...body, service: ['dhcp6'] }), auth ? { auth } : {});
    expect(reply.status).toBe(200);
    const list = JSON.parse(reply.body) as ControlAnswer[];
    expect(list).toHaveLength(1);
    return list[0] as ControlAnswer;
  };
  expect((await send({ command: 'list-commands' })).arguments).toEqual([
    'build-report',
    'config-get',
    'config-reload',
    'config-set',
    'config-test',
    'config-write',
    'lease6-get',
    'list-commands',
    'shutdown',
    'status-get',
    'version-get',
  ]);
  expect(await send({ command: 'version-get' })).toEqual({
    result: 0,
    text: '0.1.0',
    arguments: { extended: '0.1.0\nnestor' },
  });
  expect(await send({ command: 'build-report' })).toEqual({ result: 0, text: 'report' });
  expect((await send({ command: 'status-get' })).arguments).toMatchObject({ pid: process.pid });
  expect(await send({ command: 'config-get' })).toEqual({
    result: 0,
    arguments: { Dhcp6: { 'valid-lifetime': 4000 } },
  });
  expect(await send({ command: 'config-test', arguments: { Dhcp6: {} } })).toEqual({
    result: 0,
    text: 'Configuration seems sane.',
  });
  expect(await send({ command: 'config-set', arguments: { Dhcp6: { 'valid-lifetime': 99 } } })).toEqual({
    result: 0,
    text: 'Configuration successful.',
  });
  expect((await send({ command: 'config-get' })).arguments).toEqual({ Dhcp6: { 'valid-lifetime': 99 } });
  expect(await send({ command: 'config-reload' })).toEqual({ result: 0, text: 'Configuration successful.' });
  const written = await send({ command: 'config-write', arguments: { filename: 'forwarded-copy.json' } });
  expect(written).toMatchObject({
    result: 0,
    arguments: { filename: expect.stringMatching(/\/forwarded-copy\.json$/) },
  });
  expect(await send({ command: 'lease6-get', arguments: { 'ip-address': '2001:db8::5' } })).toEqual({
    result: 0,
    text: 'Lease found',
    arguments: { echoed: { 'ip-address': '2001:db8::5' } },
  });
  expect(await send({ command: 'no-such-command' })).toEqual({
    result: 2,
    text: "'no-such-command' command not supported.",
  });
  expect(await send({ command: 'shutdown' })).toEqual({ result: 0, text: 'Shutting down.' });
  await waitUntil(() => daemon.shutdowns === 1, {
    timeoutMs: 2000,
    what: 'the shutdown to reach the daemon',
  });
}

describe('every shared command through an agent to a Nestor control socket', () => {
  it("through Nestor's kea-ctrl-agent", async () => {
    const daemon = await nestorDaemon(dirs, join(dirs.run, 'nestor-forwarded'));
    sockets.push(daemon.server);
    const { url } = await agent(
      {
        authentication: { type: 'basic', clients: [{ user: 'admin', password: 'pw' }] },
        'control-sockets': { dhcp6: { 'socket-name': 'nestor-forwarded' } },
      },
      { name: 'forwarding-agent.conf' },
    );
    await forwardEverySharedCommand(url, daemon, 'admin:pw');
  });

  it.skipIf(!existsSync(ISC_AGENT))("through ISC's kea-ctrl-agent", async () => {
    const socket = join(dirs.run, 'nestor6-socket');
    const daemon = await nestorDaemon(dirs, socket);
    sockets.push(daemon.server);
    const port = await freePort();
    const configFile = join(dirs.etc, 'isc-agent.conf');
    writeFileSync(
      configFile,
      JSON.stringify({
        'Control-agent': {
          'http-host': '127.0.0.1',
          'http-port': port,
          'control-sockets': { dhcp6: { 'socket-type': 'unix', 'socket-name': socket } },
          loggers: [
            {
              name: 'kea-ctrl-agent',
              severity: 'INFO',
              output_options: [{ output: join(dirs.log, 'isc-agent.log') }],
            },
          ],
        },
      }),
    );
    const isc = new RunningProgram(ISC_AGENT, ['-c', configFile], daemonEnv(dirs));
    programs.push(isc);
    const url = `http://127.0.0.1:${port}/`;
    await waitUntil(
      async () => (await post(url, '{"command":"list-commands"}').catch(() => undefined))?.status === 200,
      { timeoutMs: 15_000, what: 'ISC kea-ctrl-agent to listen' },
    );
    await forwardEverySharedCommand(url, daemon);
  });
});
