import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { post, rawExchange } from '../src/raw-clients.js';

const dir = mkdtempSync(join(tmpdir(), 'nestor-raw-clients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('raw clients', () => {
  it('rawExchange sends bytes, collects the answer and tells who closed', async () => {
    const path = join(dir, 'echo.sock');
    const server = createServer((socket) => socket.on('data', (d) => socket.end(`got ${d}`)));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const answer = await rawExchange(path, 'ping', { waitMs: 2000 });
      expect(answer).toMatchObject({ text: 'got ping', closedByServer: true });
      const silent = await rawExchange(path, undefined, { waitMs: 100 });
      expect(silent).toMatchObject({ text: '', closedByServer: false });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('post answers status, headers and body as the server sent them', async () => {
    const server = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (d) => {
        body += d;
      });
      request.on('end', () => {
        response.writeHead(201, { 'x-seen': request.headers['content-type'] ?? '' });
        response.end(body.toUpperCase());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const answer = await post(`http://127.0.0.1:${port}/`, '{"command":"x"}');
      expect(answer.status).toBe(201);
      expect(answer.body).toBe('{"COMMAND":"X"}');
      expect(answer.headers['x-seen']).toMatch(/json/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
