import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sendControlCommand } from '../src/kea-control.js';

const dir = mkdtempSync(join(tmpdir(), 'testkit-ctl-'));
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A unix socket server that hands each connection and its request to `answer`. */
async function fakeDaemon(name: string, answer: (request: string, socket: Socket) => void): Promise<string> {
  const path = join(dir, name);
  const server = createServer((socket) => {
    let request = '';
    socket.on('data', (d) => {
      request += d;
      answer(request, socket);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

describe('sendControlCommand', () => {
  it('sends {command, arguments} and returns the answer, even when it arrives in pieces', async () => {
    let seen = '';
    const path = await fakeDaemon('ok.sock', (request, socket) => {
      seen = request;
      const text = JSON.stringify({ result: 0, text: 'fine', arguments: { leases: [] } });
      socket.write(text.slice(0, 10));
      setTimeout(() => socket.end(text.slice(10)), 20);
    });
    const answer = await sendControlCommand(path, 'lease6-get-all', { subnets: [1] });
    expect(JSON.parse(seen)).toEqual({ command: 'lease6-get-all', arguments: { subnets: [1] } });
    expect(answer).toEqual({ result: 0, text: 'fine', arguments: { leases: [] } });
  });

  it('takes the element of a one-element array answer (agent style)', async () => {
    const path = await fakeDaemon('array.sock', (_, socket) =>
      socket.end('[{"result": 3, "text": "empty"}]'),
    );
    expect(await sendControlCommand(path, 'x')).toEqual({ result: 3, text: 'empty' });
  });

  it('reports non-JSON, result-less and missing answers as CONTROL errors', async () => {
    const junk = await fakeDaemon('junk.sock', (_, socket) => socket.end('hello'));
    await expect(sendControlCommand(junk, 'x')).rejects.toMatchObject({
      code: 'CONTROL',
      message: /not JSON: hello/,
    });
    const noResult = await fakeDaemon('noresult.sock', (_, socket) => socket.end('{"text": "?"}'));
    await expect(sendControlCommand(noResult, 'x')).rejects.toMatchObject({
      code: 'CONTROL',
      message: /no numeric/,
    });
    const closes = await fakeDaemon('closes.sock', (_, socket) => socket.end());
    await expect(sendControlCommand(closes, 'x')).rejects.toMatchObject({
      code: 'CONTROL',
      message: /\(empty\)/,
    });
    await expect(sendControlCommand(join(dir, 'absent.sock'), 'x')).rejects.toMatchObject({
      code: 'CONTROL',
      message: /ENOENT/,
    });
  });

  it('gives up on a daemon that never answers, within its bound', async () => {
    const mute = await fakeDaemon('mute.sock', () => {});
    const started = Date.now();
    await expect(sendControlCommand(mute, 'x', undefined, 200)).rejects.toMatchObject({
      code: 'CONTROL',
      message: /no complete answer .* in 200 ms/,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
