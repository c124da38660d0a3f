import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CommandRegistry,
  type CommandRequest,
  type ControlAnswer,
  success,
  UnixControlServer,
} from '@nestor/control';
import {
  binPath,
  type DaemonDirs,
  daemonEnv,
  freePort,
  makeDaemonDirs,
  makeTestPki,
  post,
  type RunningProgram,
  runToEnd,
  type StartedCtrlAgent,
  startCtrlAgent,
  type TestPki,
  waitUntil,
} from '@nestor/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'ctrl-agent-'));
let dirs: DaemonDirs;
let pki: TestPki;
const programs: RunningProgram[] = [];
const sockets: UnixControlServer[] = [];
const mutes: { server: Server; clients: Set<Socket> }[] = [];

beforeAll(() => {
  dirs = makeDaemonDirs(root);
  pki = makeTestPki(root);
});
afterEach(async () => {
  await Promise.all(programs.splice(0).map((p) => p.stop()));
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  for (const { server, clients } of mutes.splice(0)) {
    for (const client of clients) client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const AUTH = { type: 'basic', clients: [{ user: 'admin', password: 'secret' }] };
const CREDS = 'admin:secret';

async function agent(
  section: Record<string, unknown>,
  options: { name?: string; scheme?: 'http' | 'https' } = {},
): Promise<StartedCtrlAgent> {
  const started = await startCtrlAgent(dirs, section, options);
  programs.push(started.program);
  return started;
}

async function command(url: string, body: Record<string, unknown>, auth = CREDS): Promise<ControlAnswer[]> {
  const reply = await post(url, JSON.stringify(body), { auth });
  expect(reply.status).toBe(200);
  return JSON.parse(reply.body) as ControlAnswer[];
}

/** A daemon's control socket served in this process, recording what reaches it. */
async function fakeService(name: string): Promise<{ path: string; received: CommandRequest[] }> {
  const received: CommandRequest[] = [];
  const registry = new CommandRegistry();
  registry.register('status-get', (_args, request) => {
    received.push(request);
    return success(undefined, { pid: 4242, service: name });
  });
  registry.register('echo', (args, request) => {
    received.push(request);
    return success('echo', args ?? null);
  });
  const path = join(dirs.run, `${name}-ctrl-socket`);
  sockets.push(await UnixControlServer.open({ path, registry }));
  return { path, received };
}

describe('kea-ctrl-agent process', () => {
  it('answers 401 without valid credentials and runs its own commands with them', async () => {
    const { url } = await agent({ authentication: AUTH });
    const denied = await post(url, '{"command": "list-commands"}');
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Basic realm="kea-control-agent"');
    expect((await post(url, '{"command": "list-commands"}', { auth: 'admin:wrong' })).status).toBe(401);

    expect(await command(url, { command: 'list-commands' })).toEqual([
      {
        result: 0,
        arguments: [
          'build-report',
          'config-get',
          'config-reload',
          'config-set',
          'config-test',
          'config-write',
          'list-commands',
          'shutdown',
          'status-get',
          'version-get',
        ],
      },
    ]);
    const [version] = await command(url, { command: 'version-get' });
    expect(version?.text).toMatch(/^\d+\.\d+\.\d+$/);
    expect((version?.arguments as { extended: string } | undefined)?.extended).toMatch(
      /linked with:\nNode\.js v\d+.*\nfastify \d+/s,
    );
    const [report] = await command(url, { command: 'build-report' });
    expect(report?.text).toMatch(/Nestor build report/);
    const [status] = await command(url, { command: 'status-get', service: [] });
    expect(status?.arguments).toEqual({
      pid: expect.any(Number),
      uptime: expect.any(Number),
      reload: expect.any(Number),
      'nestor-event-loop-delay': expect.objectContaining({ 'max-ms': expect.any(Number) }),
    });
    const [unknown] = await command(url, { command: 'lease6-get-all' });
    expect(unknown).toMatchObject({
      result: 2,
      text: expect.stringMatching(/^'lease6-get-all' command not supported\./),
    });
    expect(await command(url, { command: 'status-get', service: 'dhcp6' })).toEqual([
      { result: 1, text: 'service value must be a list' },
    ]);
    expect(await command(url, { command: 'status-get', service: Array(65).fill('dhcp6') })).toEqual([
      { result: 1, text: 'service value has more than 64 items' },
    ]);
    expect(await command(url, { command: 'status-get', service: ['dhcp6', 5] })).toEqual([
      { result: 1, text: 'service name must be a string' },
    ]);
    expect(await command(url, { command: 'x', bogus: 1 })).toEqual([
      { result: 1, text: "invalid command: unsupported parameter 'bogus'" },
    ]);
  });

  it('config-get, config-test, config-write, config-set, config-reload and shutdown', async () => {
    const started = await agent({
      authentication: AUTH,
      'control-sockets': { dhcp6: { 'socket-name': 'kea6-ctrl-socket' } },
    });
    const { url, configFile, program } = started;
    const [got] = await command(url, { command: 'config-get' });
    const document = got?.arguments as { 'Control-agent': Record<string, unknown> };
    expect(document['Control-agent']).toMatchObject({
      'http-host': '127.0.0.1',
      'control-sockets': { dhcp6: { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' } },
      authentication: { realm: 'kea-control-agent', type: 'basic' },
    });

    expect(await command(url, { command: 'config-test', arguments: document })).toEqual([
      { result: 0, text: 'Configuration check successful' },
    ]);
    const [badTest] = await command(url, {
      command: 'config-test',
      arguments: { 'Control-agent': { 'http-port': 'x' } },
    });
    expect(badTest?.result).toBe(1);
    expect(badTest?.text).toMatch(/http-port/);

    const [written] = await command(url, { command: 'config-write', arguments: { filename: 'copy.json' } });
    expect(written).toMatchObject({ result: 0, arguments: { filename: join(dirs.etc, 'copy.json') } });
    expect(JSON.parse(readFileSync(join(dirs.etc, 'copy.json'), 'utf8'))).toEqual(document);
    expect(statSync(join(dirs.etc, 'copy.json')).mode & 0o027).toBe(0);

    // config-set: a new port and a new password, answered on the old connection.
    const newPort = await freePort();
    const next = {
      'Control-agent': {
        ...document['Control-agent'],
        'http-port': newPort,
        authentication: { type: 'basic', clients: [{ user: 'admin', password: 'changed' }] },
      },
    };
    expect(await command(url, { command: 'config-set', arguments: next })).toEqual([
      { result: 0, text: 'Configuration applied successfully.' },
    ]);
    const newUrl = `http://127.0.0.1:${newPort}/`;
    await expect(post(url, '{"command":"status-get"}', { auth: 'admin:changed' })).rejects.toThrow();
    expect((await post(newUrl, '{"command":"status-get"}', { auth: CREDS })).status).toBe(401);
    const [status] = await command(newUrl, { command: 'status-get' }, 'admin:changed');
    expect((status?.arguments as { reload: number } | undefined)?.reload).toBe(0);

    // config-reload goes back to the file.
    expect(await command(newUrl, { command: 'config-reload' }, 'admin:changed')).toEqual([
      { result: 0, text: 'Configuration applied successfully.' },
    ]);
    expect(await command(url, { command: 'status-get' })).toMatchObject([{ result: 0 }]);

    // shutdown answers, then the process exits and its pid file is gone.
    const pidFile = join(dirs.run, 'kea-ctrl-agent.kea-ctrl-agent.pid');
    expect(existsSync(pidFile)).toBe(true);
    expect(configFile).toBe(join(dirs.etc, 'kea-ctrl-agent.conf'));
    expect(await command(url, { command: 'shutdown' })).toEqual([
      { result: 0, text: 'Control Agent is shutting down' },
    ]);
    expect((await program.exited).code).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('cannot be made to write a config, log or socket file outside its directories', async () => {
    const { url, configFile, port } = await agent({ authentication: AUTH });
    const evilConfig = join(dirs.outside, 'agent.json');
    const [write] = await command(url, { command: 'config-write', arguments: { filename: evilConfig } });
    expect(write?.result).toBe(1);
    expect(write?.text).toMatch(/invalid path specified/);
    expect(existsSync(evilConfig)).toBe(false);

    const evilLog = join(dirs.outside, 'agent.log');
    const withLog = {
      'Control-agent': {
        'http-host': '127.0.0.1',
        'http-port': port,
        authentication: AUTH,
        loggers: [{ name: 'kea-ctrl-agent', severity: 'INFO', output_options: [{ output: evilLog }] }],
      },
    };
    const [set] = await command(url, { command: 'config-set', arguments: withLog });
    expect(set?.result).toBe(1);
    expect(set?.text).toMatch(
      /Control-agent\.loggers\[0\]\.output_options\[0\]\.output: invalid path specified/,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(evilLog)).toBe(false);

    // The same through the file and config-reload (or SIGHUP): refused, nothing created.
    const text = readFileSync(configFile, 'utf8');
    const edited = JSON.parse(text.replace(/^\/\/.*\n/, '')) as { 'Control-agent': Record<string, unknown> };
    edited['Control-agent'].loggers = withLog['Control-agent'].loggers;
    writeFileSync(configFile, JSON.stringify(edited));
    const [reload] = await command(url, { command: 'config-reload' });
    expect(reload?.result).toBe(1);
    expect(reload?.text).toMatch(/^Config reload failed: .*invalid path specified/);
    expect(existsSync(evilLog)).toBe(false);

    // A log file inside the log directory is fine, bare names land there.
    const fine = {
      'Control-agent': {
        ...withLog['Control-agent'],
        loggers: [{ name: 'kea-ctrl-agent', severity: 'INFO', output_options: [{ output: 'agent.log' }] }],
      },
    };
    expect(await command(url, { command: 'config-set', arguments: fine })).toMatchObject([{ result: 0 }]);
    await command(url, { command: 'status-get' });
    await waitUntil(() => existsSync(join(dirs.log, 'agent.log')), {
      timeoutMs: 5000,
      what: 'agent.log in the log directory',
    });
  });

  it('forwards to each named service and answers a list: live, down, unconfigured and hung services', async () => {
    const dhcp6 = await fakeService('kea6');
    const hung = join(dirs.run, 'hung-socket');
    const clients = new Set<Socket>();
    const mute = createServer((socket) => {
      clients.add(socket);
      socket.on('close', () => clients.delete(socket));
    });
    mutes.push({ server: mute, clients });
    await new Promise<void>((resolve) => mute.listen(hung, resolve));
    const { url } = await agent({
      authentication: AUTH,
      'control-sockets': {
        dhcp6: { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' }, // bare: in KEA_CONTROL_SOCKET_DIR
        d2: { 'socket-type': 'unix', 'socket-name': join(dirs.run, 'no-such-socket') },
        dhcp4: { 'socket-type': 'unix', 'socket-name': hung },
      },
    });

    expect(await command(url, { command: 'status-get', service: ['dhcp6'] })).toEqual([
      { result: 0, arguments: { pid: 4242, service: 'kea6' } },
    ]);
    // What reached the daemon: the command and its arguments, without the agent's service list.
    await command(url, { command: 'echo', service: ['dhcp6'], arguments: { a: [1, 2] } });
    expect(dhcp6.received.at(-1)).toMatchObject({ command: 'echo', arguments: { a: [1, 2] } });
    expect(dhcp6.received.at(-1)?.service).toBeUndefined();

    const started = Date.now();
    const answers = await command(url, {
      command: 'status-get',
      service: ['dhcp6', 'd2', 'netconf', 'dhcp4', 'dhcp6'],
    });
    const elapsed = Date.now() - started;
    expect(answers).toEqual([
      { result: 0, arguments: { pid: 4242, service: 'kea6' } },
      {
        result: 1,
        text: 'unable to forward command to the d2 service: No such file or directory. The server is likely to be offline',
      },
      { result: 1, text: 'forwarding socket is not configured for the server type netconf' },
      { result: 1, text: 'unable to forward command to the dhcp4 service: no answer within 10 s' },
      { result: 0, arguments: { pid: 4242, service: 'kea6' } },
    ]);
    // One hung service costs one timeout, not a hang.
    expect(elapsed).toBeGreaterThanOrEqual(9_000);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('serves HTTPS, requiring a client certificate signed by the trust anchor', async () => {
    const { url } = await agent(
      {
        'trust-anchor': pki.ca,
        'cert-file': pki.serverCert,
        'key-file': pki.serverKey,
        'cert-required': true,
      },
      { scheme: 'https' },
    );
    const ca = readFileSync(pki.ca, 'utf8');
    const reply = await post(url, '{"command":"status-get"}', {
      ca,
      cert: readFileSync(pki.clientCert, 'utf8'),
      key: readFileSync(pki.clientKey, 'utf8'),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject([{ result: 0 }]);
    await expect(post(url, '{"command":"status-get"}', { ca })).rejects.toThrow();
    await expect(post(url.replace('https', 'http'), '{"command":"status-get"}')).rejects.toThrow();
  });

  it('re-reads its file on SIGHUP: new credentials apply without a restart', async () => {
    const { url, configFile, program } = await agent({ authentication: AUTH });
    const document = JSON.parse(readFileSync(configFile, 'utf8').replace(/^\/\/.*\n/, '')) as {
      'Control-agent': Record<string, unknown>;
    };
    document['Control-agent'].authentication = {
      type: 'basic',
      clients: [{ user: 'ops', password: 'rotated' }],
    };
    writeFileSync(configFile, JSON.stringify(document));
    process.kill(program.pid, 'SIGHUP');
    await program.waitFor(/CTRL_AGENT_DYNAMIC_RECONFIGURATION_SUCCESS/, 15_000);
    expect((await post(url, '{"command":"status-get"}', { auth: CREDS })).status).toBe(401);
    expect((await post(url, '{"command":"status-get"}', { auth: 'ops:rotated' })).status).toBe(200);
  });

  it('answers whatever bodies clients post and keeps serving (fuzz)', async () => {
    const { url } = await agent({
      'control-sockets': { dhcp6: { 'socket-name': join(dirs.run, 'absent') } },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string().map((text) => ({ raw: text })),
          fc.jsonValue().map((value) => ({ raw: JSON.stringify(value) })),
          fc
            .record({
              command: fc.oneof(
                fc.constantFrom('status-get', 'list-commands', 'config-test', 'version-get'),
                fc.string(),
              ),
              service: fc.option(fc.oneof(fc.array(fc.constantFrom('dhcp6', 'd2', 'x')), fc.jsonValue()), {
                nil: undefined,
              }),
              arguments: fc.option(fc.jsonValue(), { nil: undefined }),
            })
            .map((value) => ({ raw: JSON.stringify(value) })),
        ),
        async ({ raw }) => {
          const reply = await post(url, raw);
          expect([200, 400]).toContain(reply.status);
          const body = JSON.parse(reply.body) as unknown;
          if (reply.status === 200) {
            expect(Array.isArray(body)).toBe(true);
            for (const item of body as { result: unknown }[]) expect([0, 1, 2, 3]).toContain(item.result);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(await command(url, { command: 'status-get' }, '')).toMatchObject([{ result: 0 }]);
  });

  it('refuses a bad configuration at start (exit 1) and checks one with -t', async () => {
    const bad = join(dirs.etc, 'bad.conf');
    writeFileSync(
      bad,
      '{ "Control-agent": { "http-port": 70000, "authentication": { "type": "basic", "clients": [ { "user": "a:b" } ] } } }',
    );
    const run = await runToEnd(binPath('kea-ctrl-agent'), ['-c', bad], daemonEnv(dirs));
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/CTRL_AGENT_CONFIG_LOAD_FAIL/);
    const check = await runToEnd(binPath('kea-ctrl-agent'), ['-t', bad], daemonEnv(dirs));
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/http-port/);
    const good = join(dirs.etc, 'good.conf');
    writeFileSync(good, '{ "Control-agent": { "http-port": 8000 } }');
    expect(await runToEnd(binPath('kea-ctrl-agent'), ['-t', good], daemonEnv(dirs))).toMatchObject({
      code: 0,
      stdout: 'Syntax check OK\n',
    });
  });
});
