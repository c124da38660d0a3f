import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionFlood, rawExchange, sleep, waitUntil } from '@nestor/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CommandRegistry, sendUnixCommand, success, UnixControlServer } from '../src/index.js';
import { recordingLogger } from './support/recording-logger.js';

// Faults injected against the unix control socket's bounds: connections held idle or fed a
// byte at a time up to the bound, a command left running, an answer the client will not take.

const dir = mkdtempSync(join(tmpdir(), 'control-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: UnixControlServer[] = [];
const floods: ConnectionFlood[] = [];
const releases: (() => void)[] = [];
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(floods.splice(0).map((f) => f.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let counter = 0;

/** A server whose `hold` command runs until the test lets it go, and `big` answers 2 MB. */
async function open(options: { maxConnections: number; requestTimeoutMs?: number }) {
  const log = recordingLogger();
  const registry = new CommandRegistry();
  registry.register('echo', (args) => success('echo', args ?? null));
  const held: (() => void)[] = [];
  registry.register(
    'hold',
    () =>
      new Promise((resolve) => {
        const release = () => resolve(success('released'));
        held.push(release);
        releases.push(release);
      }),
  );
  registry.register('big', () => success('big', 'x'.repeat(2 * 1024 * 1024)));
  counter += 1;
  const server = await UnixControlServer.open({
    path: join(dir, `l${counter}.sock`),
    registry,
    logger: log,
    ...options,
  });
  servers.push(server);
  const flood = async (count: number, trickle?: { text: string; intervalMs: number }) => {
    const f = await ConnectionFlood.open({ path: server.path }, count, trickle ? { trickle } : {});
    floods.push(f);
    return f;
  };
  return { server, log, held, flood };
}

const EVICTED_ANSWER = {
  result: 1,
  text: 'Connection over control channel closed to make room for a new one: too many connections (limit 4)',
};

describe('unix control socket at its connection bound', () => {
  it('closes the connection idle longest to answer a new client, tells it why, and logs the count', async () => {
    const { server, log, flood } = await open({ maxConnections: 4 });
    const idle = await flood(4);
    await waitUntil(() => server.connectionCount === 4, { timeoutMs: 5000, what: 'four connections' });

    expect(await sendUnixCommand(server.path, { command: 'echo' }, { timeoutMs: 5000 })).toMatchObject({
      result: 0,
    });
    const first = idle.connections[0];
    await waitUntil(() => first?.closedByServer(), { timeoutMs: 5000, what: 'the oldest to be closed' });
    expect(JSON.parse(first?.received() ?? '')).toEqual(EVICTED_ANSWER);
    expect(idle.closedByServer()).toHaveLength(1);
    expect(server.evictionCount).toBe(1);
    expect(log.find('COMMAND_SOCKET_CONNECTION_EVICTED')).toEqual([
      `WARN COMMAND_SOCKET_CONNECTION_EVICTED Closed 1 idle or slow connection(s) over socket ${server.path} ` +
        'to accept new ones at the limit of 4 connections (1 evicted since the socket opened)',
    ]);

    // Round after round of idle connections never locks a client out.
    for (let round = 0; round < 3; round++) {
      await flood(4);
      expect(await sendUnixCommand(server.path, { command: 'echo' }, { timeoutMs: 5000 })).toMatchObject({
        result: 0,
      });
    }
    expect(server.evictionCount).toBeGreaterThanOrEqual(13);
  });

  it('closes a connection trickling its command before a newer idle one, and spares one that sent fast', async () => {
    const { server, flood } = await open({ maxConnections: 4 });
    // Half a command (10 KB) at once: ten seconds ahead of the pace, though the oldest.
    const fast = await flood(1);
    fast.connections[0]?.socket.write(`{"command": "echo", "arguments": "${'y'.repeat(10_000)}`);
    const slow = await flood(1, { text: '{"command": "echo", "arguments": "abcdefghij"}', intervalMs: 100 });
    await sleep(1000);
    const idle = await flood(2);
    await waitUntil(() => server.connectionCount === 4, { timeoutMs: 5000, what: 'four connections' });

    expect(await sendUnixCommand(server.path, { command: 'echo' }, { timeoutMs: 5000 })).toMatchObject({
      result: 0,
    });
    await waitUntil(() => slow.connections[0]?.closedByServer(), {
      timeoutMs: 5000,
      what: 'the trickler to go',
    });
    expect(JSON.parse(slow.connections[0]?.received() ?? '')).toEqual(EVICTED_ANSWER);
    expect(idle.closedByServer()).toHaveLength(0);
    expect(fast.closedByServer()).toHaveLength(0);

    // The next newcomer, once the bound is full again, takes the oldest idle one; the fast
    // sender, older still, stays.
    await waitUntil(() => server.connectionCount === 3, { timeoutMs: 5000, what: 'the client gone' });
    const newest = await flood(1);
    expect(await sendUnixCommand(server.path, { command: 'echo' }, { timeoutMs: 5000 })).toMatchObject({
      result: 0,
    });
    await waitUntil(() => idle.connections[0]?.closedByServer(), {
      timeoutMs: 5000,
      what: 'the oldest idle',
    });
    expect(fast.closedByServer()).toHaveLength(0);
    expect(newest.closedByServer()).toHaveLength(0);
  });

  it('never closes a connection whose command runs; refuses only when every one is running a command', async () => {
    const { server, held, flood } = await open({ maxConnections: 4 });
    const running = sendUnixCommand(server.path, { command: 'hold' }, { timeoutMs: 20_000 });
    await waitUntil(() => held.length === 1, { timeoutMs: 5000, what: 'hold to run' });
    // Far more idle connections than the bound, each evicting an earlier one.
    const idle = await flood(20);
    await waitUntil(() => idle.closedByServer().length >= 17, { timeoutMs: 5000, what: 'evictions' });
    expect(server.evictionCount).toBeGreaterThanOrEqual(17);
    held[0]?.();
    expect(await running).toEqual({ result: 0, text: 'released' });

    // Four commands running: a fifth client is told, not left hanging.
    const four = [1, 2, 3, 4].map(() =>
      sendUnixCommand(server.path, { command: 'hold' }, { timeoutMs: 20_000 }),
    );
    await waitUntil(() => held.length === 5, { timeoutMs: 5000, what: 'four holds to run' });
    expect(await sendUnixCommand(server.path, { command: 'echo' }, { timeoutMs: 5000 })).toEqual({
      result: 1,
      text: 'too many connections (limit 4)',
    });
    for (const release of held.slice(1)) release();
    for (const reply of await Promise.all(four)) expect(reply).toEqual({ result: 0, text: 'released' });
  });

  it('keeps a connection whose client is slow to take a long answer, and drops one that stops taking it', async () => {
    const { server, flood } = await open({ maxConnections: 4, requestTimeoutMs: 3000 });
    // The client asks for 2 MB and does not read for a while: most of the answer waits in the server.
    const chunks: Buffer[] = [];
    const reader = createConnection(server.path);
    reader.pause();
    reader.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => reader.on('end', resolve));
    reader.write('{"command": "big"}');
    await sleep(300);
    const idle = await flood(8);
    await waitUntil(() => idle.closedByServer().length >= 5, { timeoutMs: 5000, what: 'evictions' });
    expect(reader.destroyed).toBe(false);
    reader.resume();
    await ended;
    reader.destroy();
    const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { result: number; arguments: string };
    expect(reply.result).toBe(0);
    expect(reply.arguments).toHaveLength(2 * 1024 * 1024);

    // One that never reads is cut off once it has taken nothing for the timeout: the server
    // forgets it (a paused client only sees the close once it reads again, the answer cut short).
    await idle.close();
    await waitUntil(() => server.connectionCount === 0, { timeoutMs: 5000, what: 'no connections' });
    const stuck = createConnection(server.path);
    stuck.pause();
    let taken = 0;
    stuck.on('data', (chunk: Buffer) => {
      taken += chunk.length;
    });
    const cut = new Promise<void>((resolve) => stuck.on('close', () => resolve()));
    stuck.write('{"command": "big"}');
    await waitUntil(() => server.connectionCount === 1, { timeoutMs: 5000, what: 'the stuck client' });
    await waitUntil(() => server.connectionCount === 0, {
      timeoutMs: 10_000,
      what: 'the stuck client cut off',
    });
    stuck.resume();
    await cut;
    expect(taken).toBeLessThan(2 * 1024 * 1024);
    expect(await sendUnixCommand(server.path, { command: 'echo' }, { timeoutMs: 5000 })).toMatchObject({
      result: 0,
    });
  });

  it("restarts its timeout with each chunk received, as Kea does, and answers Kea's timeout when none comes", async () => {
    const { server } = await open({ maxConnections: 4, requestTimeoutMs: 600 });
    // 18 bytes, one every 200 ms: 3.6 s in all, six times the timeout, never 600 ms silent.
    const slow = await ConnectionFlood.open({ path: server.path }, 1, {
      trickle: { text: '{"command":"echo"}', intervalMs: 200 },
    });
    floods.push(slow);
    const conn = slow.connections[0];
    await waitUntil(() => conn?.closedByServer(), { timeoutMs: 10_000, what: 'the answer' });
    expect(JSON.parse(conn?.received() ?? '')).toEqual({ arguments: null, result: 0, text: 'echo' });

    const partial = await rawExchange(server.path, '{"command": "ec', { waitMs: 5000 });
    expect(JSON.parse(partial.text)).toEqual({
      result: 1,
      text: 'Connection over control channel timed out, discarded partial command of 15 bytes',
    });
  });
});
