import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawExchange } from '@nestor/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CommandRegistry,
  ControlClientError,
  ControlError,
  failure,
  sendUnixCommand,
  success,
  UnixControlServer,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'control-unix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: UnixControlServer[] = [];
const plainServers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const { server, sockets } of plainServers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A bare unix listener standing in for a misbehaving daemon. */
async function plainServer(path: string, onConnection: (socket: Socket) => void): Promise<void> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  plainServers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(path, resolve));
}

let counter = 0;
function socketPath(): string {
  counter += 1;
  return join(dir, `s${counter}.sock`);
}

function testRegistry(): CommandRegistry {
  const registry = new CommandRegistry();
  registry.register('echo', (args) => success('echo', args ?? null));
  registry.register('slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return success('slow done');
  });
  registry.register('broken', () => {
    throw new Error('handler exploded');
  });
  registry.register('refuse', () => failure('no, thanks'));
  return registry;
}

async function open(
  options: Partial<Parameters<typeof UnixControlServer.open>[0]> = {},
): Promise<UnixControlServer> {
  const server = await UnixControlServer.open({ path: socketPath(), registry: testRegistry(), ...options });
  servers.push(server);
  return server;
}

describe('UnixControlServer', () => {
  it('answers one command per connection and closes, as Kea does', async () => {
    const server = await open();
    const exchange = await rawExchange(server.path, '{ "command": "echo", "arguments": { "x": 1 } }');
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.text).toBe('{ "arguments": { "x": 1 }, "result": 0, "text": "echo" }');
    // A second command on the same connection is ignored: one command, one answer.
    const twice = await rawExchange(server.path, '{"command":"echo","arguments":1}{"command":"refuse"}');
    expect(JSON.parse(twice.text)).toEqual({ result: 0, text: 'echo', arguments: 1 });
  });

  it('creates the socket file owner-only (0600)', async () => {
    const previous = process.umask(0o000);
    try {
      const server = await open();
      expect(statSync(server.path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('answers 2 for an unknown command and 1 for malformed JSON, a missing command or a failing handler', async () => {
    const server = await open();
    expect(await sendUnixCommand(server.path, { command: 'nope' })).toEqual({
      result: 2,
      text: "'nope' command not supported.",
    });
    expect(await sendUnixCommand(server.path, '{"command": }')).toMatchObject({
      result: 1,
      text: expect.stringMatching(/^invalid JSON/),
    });
    expect(await sendUnixCommand(server.path, '{"arguments": {}}')).toEqual({
      result: 1,
      text: "invalid command: does not contain mandatory 'command'",
    });
    expect(await sendUnixCommand(server.path, 'xyz')).toEqual({
      result: 1,
      text: 'invalid first character x',
    });
    expect(await sendUnixCommand(server.path, { command: 'broken' })).toEqual({
      result: 1,
      text: 'Error during command processing: handler exploded',
    });
  });

  it('replaces a stale socket file left by a crash', async () => {
    const path = socketPath();
    // What a killed daemon leaves behind: a process listens on the path and dies by SIGKILL.
    const victim = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => victim.stdout.once('data', resolve));
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    victim.kill('SIGKILL');
    await exited;
    expect(statSync(path).isSocket()).toBe(true);
    const server = await UnixControlServer.open({ path, registry: testRegistry() });
    servers.push(server);
    expect(await sendUnixCommand(path, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('refuses to take over a live socket or to replace a file that is not a socket', async () => {
    const live = await open();
    await expect(UnixControlServer.open({ path: live.path, registry: testRegistry() })).rejects.toMatchObject(
      {
        code: 'socket-in-use',
      },
    );
    // The live one still answers.
    expect(await sendUnixCommand(live.path, { command: 'echo' })).toMatchObject({ result: 0 });

    const regular = socketPath();
    writeFileSync(regular, 'precious data');
    const error = await UnixControlServer.open({ path: regular, registry: testRegistry() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ControlError);
    expect((error as ControlError).code).toBe('not-a-socket');
    expect(existsSync(regular)).toBe(true);
  });

  it('refuses a path longer than a unix socket address holds', async () => {
    const long = join(dir, `${'x'.repeat(120)}.sock`);
    await expect(UnixControlServer.open({ path: long, registry: testRegistry() })).rejects.toMatchObject({
      code: 'path-too-long',
    });
  });

  it('serves many clients at once', async () => {
    const server = await open();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        sendUnixCommand(server.path, { command: i % 10 === 0 ? 'slow' : 'echo', arguments: { i } }),
      ),
    );
    answers.forEach((reply, i) => {
      expect(reply.result).toBe(0);
      if (i % 10 !== 0) expect(reply.arguments).toEqual({ i });
    });
  });

  it('answers a client that sends nothing with a timeout, and one that sends half a command likewise', async () => {
    const server = await open({ requestTimeoutMs: 300 });
    const silent = await rawExchange(server.path, undefined, { waitMs: 3000 });
    expect(silent.closedByServer).toBe(true);
    expect(JSON.parse(silent.text)).toEqual({ result: 1, text: 'Connection over control channel timed out' });
    expect(silent.elapsedMs).toBeGreaterThanOrEqual(250);
    const partial = await rawExchange(server.path, '{"command": "ec', { waitMs: 3000 });
    expect(JSON.parse(partial.text)).toEqual({
      result: 1,
      text: 'Connection over control channel timed out, discarded partial command of 15 bytes',
    });
    expect(await sendUnixCommand(server.path, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('refuses a request over the size limit at once and keeps serving', async () => {
    const server = await open({ maxRequestBytes: 1024 });
    const huge = `{"command": "echo", "arguments": "${'z'.repeat(100_000)}"}`;
    const exchange = await rawExchange(server.path, huge, { waitMs: 3000 });
    expect(exchange.closedByServer).toBe(true);
    expect(JSON.parse(exchange.text)).toEqual({
      result: 1,
      text: 'command is larger than the limit of 1024 bytes',
    });
    expect(await sendUnixCommand(server.path, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('answers a client that half-closes before its command is complete', async () => {
    const server = await open();
    const exchange = await rawExchange(server.path, '{"command"', { halfClose: true });
    expect(JSON.parse(exchange.text)).toEqual({
      result: 1,
      text: 'connection closed before a complete command was received (10 bytes)',
    });
    // A complete command followed by a half-close still gets its answer.
    const complete = await rawExchange(server.path, '{"command":"echo"}', { halfClose: true });
    expect(JSON.parse(complete.text)).toMatchObject({ result: 0, text: 'echo' });
  });

  it('keeps serving whatever bytes clients send (fuzz)', async () => {
    const server = await open({ requestTimeoutMs: 200, maxRequestBytes: 4096 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
          fc
            .record({
              command: fc.string(),
              arguments: fc.jsonValue(),
              extra: fc.option(fc.string(), { nil: undefined }),
            })
            .map((value) => Buffer.from(JSON.stringify(value))),
        ),
        async (payload) => {
          const exchange = await rawExchange(server.path, payload, { waitMs: 2000 });
          // Every client gets a well-formed answer (or a timeout answer), then the server closes.
          expect(exchange.closedByServer).toBe(true);
          const reply = JSON.parse(exchange.text) as { result: number; text?: string };
          expect([0, 1, 2]).toContain(reply.result);
        },
      ),
      { numRuns: 60 },
    );
    expect(await sendUnixCommand(server.path, { command: 'echo', arguments: 'still here' })).toMatchObject({
      result: 0,
      arguments: 'still here',
    });
  });

  it('lets a running command answer during close, then removes the socket file', async () => {
    const server = await open();
    const pending = sendUnixCommand(server.path, { command: 'slow' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toEqual({ result: 0, text: 'slow done' });
    expect(existsSync(server.path)).toBe(false);
  });
});

describe('sendUnixCommand', () => {
  it('reports a missing socket and a refused connection with the system words', async () => {
    const error = await sendUnixCommand(join(dir, 'absent.sock'), { command: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlClientError);
    expect(error).toMatchObject({
      code: 'unreachable',
      errno: 'ENOENT',
      message: 'No such file or directory',
    });
  });

  it('times out on a server that never answers', async () => {
    const path = socketPath();
    await plainServer(path, () => undefined);
    const started = Date.now();
    const error = await sendUnixCommand(path, { command: 'x' }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses an answer that is not a control answer', async () => {
    const path = socketPath();
    await plainServer(path, (socket) => socket.end('[1, 2, 3]'));
    await expect(sendUnixCommand(path, { command: 'x' })).rejects.toMatchObject({ code: 'bad-answer' });
  });
});
