import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post } from '@nestor/testkit';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControlAnswer, type JsonValue, sendUnixCommand } from '../src/index.js';
import { TestDaemon } from './support/test-daemon.js';

const root = mkdtempSync(join(tmpdir(), 'control-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
let daemon: TestDaemon;
let dirs: { etc: string; run: string; log: string; lib: string; outside: string };
let socket: string;
let httpUrl: string;

const AUTH = { clients: [{ user: 'admin', password: 'pw' }] };

function baseConfig(extra: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  return {
    Dhcp6: {
      'valid-lifetime': 4000,
      'control-sockets': [
        { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
        { 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': 0, authentication: AUTH },
      ],
      ...extra,
    },
  };
}

beforeEach(async () => {
  n += 1;
  const base = join(root, `case${n}`);
  dirs = {
    etc: join(base, 'etc'),
    run: join(base, 'run'),
    log: join(base, 'log'),
    lib: join(base, 'lib'),
    outside: join(base, 'outside'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const configFile = join(dirs.etc, 'kea-dhcp6.conf');
  writeFileSync(configFile, JSON.stringify(baseConfig()));
  daemon = new TestDaemon(configFile, { socket: dirs.run, log: dirs.log, data: dirs.lib });
  await daemon.start();
  socket = join(dirs.run, 'kea6-ctrl-socket');
  httpUrl = daemon.endpoints.describe()[1] ?? '';
});
afterEach(async () => {
  await daemon.stop();
});

/** The same command through the unix socket and through HTTP must give the same answer. */
async function both(command: Record<string, JsonValue>): Promise<ControlAnswer> {
  const viaSocket = await sendUnixCommand(socket, command as never);
  const viaHttp = await post(httpUrl, JSON.stringify(command), { auth: 'admin:pw' });
  expect(viaHttp.status).toBe(200);
  const list = JSON.parse(viaHttp.body) as ControlAnswer[];
  expect(list).toHaveLength(1);
  const { arguments: socketArgs, ...socketRest } = viaSocket;
  const { arguments: httpArgs, ...httpRest } = list[0] as ControlAnswer;
  expect(httpRest).toEqual(socketRest);
  if (command.command !== 'status-get') expect(httpArgs).toEqual(socketArgs);
  return viaSocket;
}

describe('shared commands through a unix socket and HTTP', () => {
  it("list-commands lists the shared commands and the daemon's own, sorted", async () => {
    expect((await both({ command: 'list-commands' })).arguments).toEqual([
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
  });

  it('version-get, build-report and status-get', async () => {
    expect(await both({ command: 'version-get' })).toEqual({
      result: 0,
      text: '9.9.9',
      arguments: { extended: '9.9.9\ntest\nlinked with:\nnothing' },
    });
    expect(await both({ command: 'build-report' })).toEqual({ result: 0, text: 'Test build report' });
    const status = await both({ command: 'status-get' });
    expect(status.result).toBe(0);
    expect(status.arguments).toMatchObject({
      pid: process.pid,
      uptime: expect.any(Number),
      reload: expect.any(Number),
      'multi-threading-enabled': false,
      sockets: { status: 'ready' },
    });
  });

  it("status-get reports the event loop's delay since the previous reading (Nestor's member)", async () => {
    const read = async () =>
      ((await both({ command: 'status-get' })).arguments as Record<string, Record<string, number>>)[
        'nestor-event-loop-delay'
      ]!;
    await read();
    // Hold the loop for 300 ms: the next reading's maximum shows it, the one after no longer.
    const until = Date.now() + 300;
    while (Date.now() < until) {
      /* busy: nothing else runs meanwhile */
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    const held = await read();
    expect(held['max-ms']).toBeGreaterThanOrEqual(200);
    expect(held['interval-seconds']).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const calm = await read();
    expect(calm['max-ms']).toBeLessThan(200);
  });

  it('config-get returns the configuration in use', async () => {
    expect((await both({ command: 'config-get' })).arguments).toEqual(baseConfig());
  });

  it('config-test checks without applying and reports every problem', async () => {
    expect(await both({ command: 'config-test' })).toEqual({
      result: 1,
      text: "Missing mandatory 'arguments' parameter.",
    });
    expect(await both({ command: 'config-test', arguments: {} })).toEqual({
      result: 1,
      text: "Missing mandatory 'Dhcp6' parameter.",
    });
    expect(await both({ command: 'config-test', arguments: { Dhcp6: 5 } })).toEqual({
      result: 1,
      text: "'Dhcp6' parameter expected to be a map.",
    });
    expect(
      await both({ command: 'config-test', arguments: { Dhcp6: { 'valid-lifetime': 'x', bogus: 1 } } }),
    ).toEqual({
      result: 1,
      text: 'Dhcp6.bogus: unknown parameter; Dhcp6.valid-lifetime: must be an integer',
    });
    expect(await both({ command: 'config-test', arguments: baseConfig({ 'valid-lifetime': 1 }) })).toEqual({
      result: 0,
      text: 'Configuration seems sane.',
    });
    expect(daemon.currentConfig()).toEqual(baseConfig());
  });

  it('config-set applies a new configuration: a new socket opens, the old one closes', async () => {
    const next = baseConfig({
      'valid-lifetime': 7200,
      'control-sockets': [{ 'socket-type': 'unix', 'socket-name': 'renamed-socket' }],
    });
    expect(await sendUnixCommand(socket, { command: 'config-set', arguments: next })).toEqual({
      result: 0,
      text: 'Configuration successful.',
    });
    expect(existsSync(socket)).toBe(false);
    const renamed = join(dirs.run, 'renamed-socket');
    expect((await sendUnixCommand(renamed, { command: 'config-get' })).arguments).toEqual(next);
    const status = await sendUnixCommand(renamed, { command: 'status-get' });
    expect((status.arguments as { reload: number }).reload).toBe(0);
  });

  it('config-set refuses a bad configuration and the old one stays', async () => {
    expect(await both({ command: 'config-set', arguments: { Dhcp6: { 'valid-lifetime': 'x' } } })).toEqual({
      result: 1,
      text: 'Dhcp6.valid-lifetime: must be an integer',
    });
    expect((await both({ command: 'config-get' })).arguments).toEqual(baseConfig());
  });

  it('config-test and config-set refuse control sockets that cannot be opened as written', async () => {
    const unsecured = baseConfig({ 'control-sockets': [{ 'socket-type': 'http', 'socket-port': 0 }] });
    for (const command of ['config-test', 'config-set']) {
      expect(await both({ command, arguments: unsecured })).toEqual({
        result: 1,
        text: 'Dhcp6.control-sockets[0]: unsecured HTTP control channel (configure authentication or TLS)',
      });
    }
    expect((await both({ command: 'config-get' })).arguments).toEqual(baseConfig());
  });

  it('config-write writes the configuration in use to the config file or next to it', async () => {
    const reply = await both({ command: 'config-write', arguments: { filename: 'backup.json' } });
    const target = join(dirs.etc, 'backup.json');
    expect(reply).toMatchObject({ result: 0, text: `Configuration written to ${target} successful` });
    expect(reply.arguments).toEqual({ filename: target, size: statSync(target).size });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(baseConfig());
    expect(statSync(target).mode & 0o022).toBe(0);

    const plain = await sendUnixCommand(socket, { command: 'config-write' });
    expect(plain.arguments).toMatchObject({ filename: join(dirs.etc, 'kea-dhcp6.conf') });
    expect(await sendUnixCommand(socket, { command: 'config-write', arguments: { filename: 5 } })).toEqual({
      result: 1,
      text: "passed parameter 'filename' is not a string",
    });
  });

  it('shutdown answers first, then asks the daemon to stop with the exit value', async () => {
    expect(await sendUnixCommand(socket, { command: 'shutdown', arguments: { 'exit-value': 3 } })).toEqual({
      result: 0,
      text: 'Shutting down.',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(daemon.shutdowns).toEqual([{ reason: 'shutdown command', exitValue: 3 }]);
    expect(await sendUnixCommand(socket, { command: 'shutdown', arguments: { 'exit-value': 'x' } })).toEqual({
      result: 1,
      text: "parameter 'exit-value' is not an integer",
    });
  });

  it('config-reload re-reads the file', async () => {
    writeFileSync(daemon.configFile, JSON.stringify(baseConfig({ 'valid-lifetime': 123 })));
    expect(await sendUnixCommand(socket, { command: 'config-reload' })).toEqual({
      result: 0,
      text: 'Configuration successful.',
    });
    expect(
      ((await both({ command: 'config-get' })).arguments as { Dhcp6: Record<string, unknown> }).Dhcp6[
        'valid-lifetime'
      ],
    ).toBe(123);
    writeFileSync(daemon.configFile, '{ not json');
    const failed = await sendUnixCommand(socket, { command: 'config-reload' });
    expect(failed.result).toBe(1);
    expect(failed.text).toMatch(/^Config reload failed: /);
  });
});

describe('path hardening (CVE-2025-32801 / 32803): no command makes a file appear outside', () => {
  it('config-write cannot write outside the configuration directory, nor through a link', async () => {
    const target = join(dirs.outside, 'evil.json');
    for (const filename of [target, `${dirs.etc}/../outside/evil.json`, join(dirs.etc, 'sub', 'evil.json')]) {
      const reply = await both({ command: 'config-write', arguments: { filename } });
      expect(reply.result).toBe(1);
      expect(reply.text).toMatch(/invalid path specified/);
    }
    expect(existsSync(target)).toBe(false);

    // A link planted in the configuration directory is replaced, not written through.
    const victim = join(dirs.outside, 'victim');
    writeFileSync(victim, 'original');
    symlinkSync(victim, join(dirs.etc, 'link.json'));
    expect((await both({ command: 'config-write', arguments: { filename: 'link.json' } })).result).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('original');
    expect(lstatSync(join(dirs.etc, 'link.json')).isFile()).toBe(true);
  });

  it('config-set cannot create a socket, a log file or a lease file outside', async () => {
    const attempts: [string, Record<string, JsonValue>][] = [
      [
        join(dirs.outside, 'evil.sock'),
        { 'control-socket': { 'socket-type': 'unix', 'socket-name': join(dirs.outside, 'evil.sock') } },
      ],
      [
        join(dirs.outside, 'evil.log'),
        { loggers: [{ name: 'kea-dhcp6', output_options: [{ output: join(dirs.outside, 'evil.log') }] }] },
      ],
      [
        join(dirs.outside, 'leases.csv'),
        { 'lease-database': { type: 'memfile', name: join(dirs.outside, 'leases.csv') } },
      ],
    ];
    for (const [file, section] of attempts) {
      const reply = await both({ command: 'config-set', arguments: { Dhcp6: section } });
      expect(reply.result).toBe(1);
      expect(reply.text).toMatch(/^Dhcp6\..*invalid path specified/);
      expect(existsSync(file)).toBe(false);
      const tested = await both({ command: 'config-test', arguments: { Dhcp6: section } });
      expect(tested.result).toBe(1);
    }
    expect((await both({ command: 'config-get' })).arguments).toEqual(baseConfig());

    // Inside the allowed directories the same settings work.
    const inside = baseConfig({
      loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'kea-dhcp6.log' }] }],
    });
    expect((await both({ command: 'config-set', arguments: inside })).result).toBe(0);
    expect(existsSync(join(dirs.log, 'kea-dhcp6.log'))).toBe(true);
  });

  it('config-reload of an edited file cannot create files outside either', async () => {
    writeFileSync(
      daemon.configFile,
      JSON.stringify(
        baseConfig({
          loggers: [{ name: 'kea-dhcp6', output_options: [{ output: join(dirs.outside, 'reload.log') }] }],
        }),
      ),
    );
    const reply = await sendUnixCommand(socket, { command: 'config-reload' });
    expect(reply.result).toBe(1);
    expect(reply.text).toMatch(
      /^Config reload failed: Dhcp6.loggers\[0\].output_options\[0\].output: invalid path specified/,
    );
    expect(existsSync(join(dirs.outside, 'reload.log'))).toBe(false);
    expect((await sendUnixCommand(socket, { command: 'config-get' })).arguments).toEqual(baseConfig());
  });
});
