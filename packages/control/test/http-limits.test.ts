import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionFlood, makeTestPki, post, sleep, type TestPki, waitUntil } from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpControlListener, type HttpControlListenerOptions } from '../src/index.js';
import { recordingLogger } from './support/recording-logger.js';

// Faults injected against the HTTP(S) control listener's bounds: idle and slowloris
// connections up to the bound, a slow body, a kept-alive connection left idle, a request
// whose command keeps running.

const dir = mkdtempSync(join(tmpdir(), 'control-http-limits-'));
let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listeners: HttpControlListener[] = [];
const floods: ConnectionFlood[] = [];
const releases: (() => void)[] = [];
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(floods.splice(0).map((f) => f.close()));
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

/** A listener whose `hold` command runs until the test lets it go; any other command is echoed. */
async function open(options: Partial<HttpControlListenerOptions> = {}) {
  const log = recordingLogger();
  const held: (() => void)[] = [];
  const listener = await HttpControlListener.open({
    host: '127.0.0.1',
    port: 0,
    logger: log,
    maxConnections: 4,
    handle: async (body) => {
      if ((body as { command?: string }).command === 'hold') {
        await new Promise<void>((resolve) => {
          held.push(resolve);
          releases.push(resolve);
        });
      }
      return [{ result: 0, text: 'done' }];
    },
    ...options,
  });
  listeners.push(listener);
  const target = { host: '127.0.0.1', port: listener.address.port };
  const flood = async (count: number, trickle?: { text: string; intervalMs: number }) => {
    const f = await ConnectionFlood.open(target, count, trickle ? { trickle } : {});
    floods.push(f);
    return f;
  };
  return { listener, log, held, flood, target };
}

const SLOW_HEADERS =
  'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: aaaaaaaaaaaaaaa';
const KEA_408 = '{ "result": 408, "text": "Request Timeout" }';

describe('HTTP control listener at its bounds', () => {
  it('closes the connection idle longest to answer a new client, and logs the count', async () => {
    const { listener, log, flood } = await open();
    const idle = await flood(4);
    await waitUntil(() => listener.connectionCount === 4, { timeoutMs: 5000, what: 'four connections' });
    const reply = await post(listener.url, '{"command": "x"}');
    expect(reply).toMatchObject({ status: 200, body: '[ { "result": 0, "text": "done" } ]' });
    await waitUntil(() => idle.connections[0]?.closedByServer(), { timeoutMs: 5000, what: 'the oldest' });
    expect(idle.closedByServer()).toHaveLength(1);
    expect(listener.evictionCount).toBe(1);
    expect(log.find('HTTP_CONNECTION_EVICTED')).toEqual([
      `WARN HTTP_CONNECTION_EVICTED Closed 1 idle or slow HTTP connection(s) on 127.0.0.1:${listener.address.port} ` +
        'to accept new ones at the limit of 4 connections (1 evicted since the listener opened)',
    ]);
  });

  it('answers clients while slowloris connections fill the bound, and cuts those off with 408 at the headers deadline', async () => {
    const { listener, flood } = await open({ headersTimeoutMs: 2000 });
    const slow = await flood(4, { text: SLOW_HEADERS, intervalMs: 100 });
    await sleep(300);
    for (let i = 0; i < 3; i++) {
      expect((await post(listener.url, '{"command": "x"}')).status).toBe(200);
    }
    expect(listener.evictionCount).toBeGreaterThanOrEqual(1);
    // The ones left are answered Kea's 408 once their headers are overdue.
    await waitUntil(() => slow.closedByServer().length === 4, { timeoutMs: 10_000, what: 'all closed' });
    const answered = slow.connections.filter((c) => c.received() !== '');
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const c of answered) {
      expect(c.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(c.received().endsWith(`\r\n\r\n${KEA_408}`)).toBe(true);
    }
  });

  it('cuts off a slow body with 408 at the request deadline, and evicts slow bodies for newcomers', async () => {
    const { listener, flood } = await open({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const senders = await flood(4);
    const timers = senders.connections.map((c) => {
      c.socket.write(
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      return setInterval(() => c.socket.writable && c.socket.write(' '), 100);
    });
    try {
      await sleep(500);
      expect((await post(listener.url, '{"command": "x"}')).status).toBe(200);
      await waitUntil(() => senders.closedByServer().length === 4, { timeoutMs: 10_000, what: 'all closed' });
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
    expect(listener.evictionCount).toBe(1);
    const timedOut = senders.connections.filter((c) => c.received().startsWith('HTTP/1.1 408 '));
    expect(timedOut).toHaveLength(3);
  });

  it('closes a kept-alive connection left idle past the idle timeout', async () => {
    const { listener } = await open({ idleTimeoutMs: 1000 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const closed = new Promise<number>((resolve) => {
        const started = Date.now();
        const req = request(
          listener.url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => {
              req.socket?.once('close', () => resolve(Date.now() - started));
            });
          },
        );
        req.end('{"command": "x"}');
      });
      expect(await closed).toBeLessThan(10_000);
      await waitUntil(() => listener.connectionCount === 0, { timeoutMs: 5000, what: 'no connections' });
    } finally {
      agent.destroy();
    }
  });

  it('never closes a connection whose command runs; turns one away with 503 only when all are running', async () => {
    const { listener, held, flood } = await open();
    const running = post(listener.url, '{"command": "hold"}');
    await waitUntil(() => held.length === 1, { timeoutMs: 5000, what: 'hold to run' });
    const idle = await flood(20);
    await waitUntil(() => idle.closedByServer().length >= 17, { timeoutMs: 5000, what: 'evictions' });
    held[0]?.();
    expect(await running).toMatchObject({ status: 200, body: '[ { "result": 0, "text": "done" } ]' });

    const four = [1, 2, 3, 4].map(() => post(listener.url, '{"command": "hold"}'));
    await waitUntil(() => held.length === 5, { timeoutMs: 5000, what: 'four holds to run' });
    const refused = await flood(1);
    await waitUntil(() => refused.connections[0]?.closedByServer(), { timeoutMs: 5000, what: 'the refusal' });
    expect(refused.connections[0]?.received()).toMatch(
      /^HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*\r\n\r\n\{ "result": 503, "text": "Service Unavailable" \}$/,
    );
    for (const release of held.slice(1)) release();
    for (const reply of await Promise.all(four)) expect(reply.status).toBe(200);
  });

  it('over TLS, counts connections before their handshake and evicts those that never make one', async () => {
    const { listener, flood } = await open({
      tls: { trustAnchor: pki.ca, certFile: pki.serverCert, keyFile: pki.serverKey, certRequired: true },
    });
    const idle = await flood(4);
    await waitUntil(() => listener.connectionCount === 4, { timeoutMs: 5000, what: 'four connections' });
    const reply = await post(listener.url, '{"command": "x"}', {
      ca: readFileSync(pki.ca, 'utf8'),
      cert: readFileSync(pki.clientCert, 'utf8'),
      key: readFileSync(pki.clientKey, 'utf8'),
    });
    expect(reply.status).toBe(200);
    await waitUntil(() => idle.connections[0]?.closedByServer(), { timeoutMs: 5000, what: 'the oldest' });
    expect(listener.evictionCount).toBe(1);
  });
});
