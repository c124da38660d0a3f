import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandRegistry, success, UnixControlServer } from '@nestor/control';
import {
  binPath,
  type DaemonDirs,
  freePort,
  makeDaemonDirs,
  makeTestPki,
  type RunningProgram,
  runToEnd,
  startCtrlAgent,
  type TestPki,
} from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ISC_SHELL = '/usr/sbin/kea-shell';
const shell = binPath('kea-shell');
const root = mkdtempSync(join(tmpdir(), 'kea-shell-'));
let dirs: DaemonDirs;
let pki: TestPki;
const programs: RunningProgram[] = [];
const closers: (() => Promise<unknown>)[] = [];
beforeAll(() => {
  dirs = makeDaemonDirs(root);
  pki = makeTestPki(root);
});
afterEach(async () => {
  await Promise.all(programs.splice(0).map((p) => p.stop()));
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server that records each request and answers as an agent would (or never answers). */
async function captureServer(
  options: { mute?: boolean; status?: number } = {},
): Promise<{ port: number; requests: Captured[] }> {
  const requests: Captured[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (options.mute) return;
      response.writeHead(options.status ?? 200, { 'content-type': 'application/json' });
      response.end('[ { "result": 0, "text": "captured" } ]');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as { port: number }).port, requests };
}

describe('kea-shell process', () => {
  it('-v prints the version; bad usage exits 2 with the usage on stderr', async () => {
    expect(await runToEnd(shell, ['-v'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
    const bad = await runToEnd(shell, ['--port', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^usage: kea-shell .*\nkea-shell: error: argument --port: invalid int value: 'x'\n$/s,
    );
  });

  it.skipIf(!existsSync(ISC_SHELL))(
    "sends the same request as ISC's kea-shell (method, path, headers, body)",
    async () => {
      const { port, requests } = await captureServer();
      const args = [
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--path',
        'api',
        '--service',
        'dhcp6',
        '--service',
        'd2',
      ];
      const auth = ['--auth-user', 'ops', '--auth-password', 'pä55'];
      const input = '"subnet-id": 1,\n"limit": 5\n';
      const ours = await runToEnd(shell, [...args, ...auth, 'lease6-get-page'], {}, 20_000, input);
      const theirs = await runToEnd(ISC_SHELL, [...args, ...auth, 'lease6-get-page'], {}, 20_000, input);
      expect(ours).toMatchObject({ code: 0, stdout: '[ { "result": 0, "text": "captured" } ]\n' });
      expect(ours.stdout).toBe(theirs.stdout);
      const [mine, isc] = requests;
      expect(mine?.method).toBe(isc?.method);
      expect(mine?.url).toBe('/api');
      expect(mine?.url).toBe(isc?.url);
      expect(mine?.body).toBe(isc?.body);
      expect(JSON.parse(mine?.body ?? '')).toEqual({
        command: 'lease6-get-page',
        service: ['dhcp6', 'd2'],
        arguments: { 'subnet-id': 1, limit: 5 },
      });
      for (const header of ['content-type', 'accept', 'authorization', 'content-length']) {
        expect(mine?.headers[header]).toBe(isc?.headers[header]);
      }
      expect(mine?.headers['user-agent']).toMatch(/^Kea-shell\//);
    },
  );

  it("talks to Nestor's agent: own commands, forwarding, arguments, authentication", async () => {
    const registry = new CommandRegistry();
    registry.register('lease6-get', (args) => success('Lease found', { asked: args ?? null }));
    const socket = await UnixControlServer.open({ path: join(dirs.run, 'kea6-ctrl-socket'), registry });
    closers.push(() => socket.close());
    const agent = await startCtrlAgent(dirs, {
      authentication: { type: 'basic', clients: [{ user: 'ops', password: 'pw' }] },
      'control-sockets': { dhcp6: { 'socket-name': 'kea6-ctrl-socket' } },
    });
    programs.push(agent.program);
    const base = ['--port', String(agent.port), '--auth-user', 'ops', '--auth-password', 'pw'];

    const own = await runToEnd(shell, [...base, 'status-get']);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout)).toEqual([
      { result: 0, arguments: expect.objectContaining({ pid: agent.program.pid }) },
    ]);

    const forwarded = await runToEnd(
      shell,
      [...base, '--service', 'dhcp6', 'lease6-get'],
      {},
      20_000,
      '"ip-address": "2001:db8::7"',
    );
    expect(JSON.parse(forwarded.stdout)).toEqual([
      { result: 0, text: 'Lease found', arguments: { asked: { 'ip-address': '2001:db8::7' } } },
    ]);
    const down = await runToEnd(shell, [...base, '--service', 'd2', 'status-get']);
    expect(JSON.parse(down.stdout)).toEqual([
      { result: 1, text: 'forwarding socket is not configured for the server type d2' },
    ]);

    const denied = await runToEnd(shell, [
      '--port',
      String(agent.port),
      '--auth-user',
      'ops',
      '--auth-password',
      'no',
      'status-get',
    ]);
    expect(denied).toMatchObject({ code: 1, stdout: 'Failed to run: HTTP Error 401: Unauthorized\n' });
  });

  it('uses HTTPS with --ca, and a client certificate with --cert and --key', async () => {
    const agent = await startCtrlAgent(
      dirs,
      {
        'trust-anchor': pki.ca,
        'cert-file': pki.serverCert,
        'key-file': pki.serverKey,
        'cert-required': true,
      },
      { name: 'tls.conf' },
    );
    programs.push(agent.program);
    const port = String(agent.port);
    const ok = await runToEnd(shell, [
      '--port',
      port,
      '--ca',
      pki.ca,
      '--cert',
      pki.clientCert,
      '--key',
      pki.clientKey,
      'version-get',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)[0]).toMatchObject({ result: 0 });
    const noCert = await runToEnd(shell, ['--port', port, '--ca', pki.ca, 'version-get']);
    expect(noCert.code).toBe(1);
    expect(noCert.stdout).toMatch(/^Failed to run: <urlopen error /);
    expect(await runToEnd(shell, ['--port', port, '--cert', pki.clientCert, 'x'])).toMatchObject({
      code: 1,
      stdout: '--cert and --key must be used together\n',
    });
    expect(
      await runToEnd(shell, ['--port', port, '--cert', pki.clientCert, '--key', pki.clientKey, 'x']),
    ).toMatchObject({
      code: 1,
      stdout: '--cert and --key with HTTPS disabled (no --ca)\n',
    });
  });

  it('reports a refused connection, an HTTP error and a timeout the way ISC does', async () => {
    const closed = await freePort();
    expect(await runToEnd(shell, ['--port', String(closed)])).toMatchObject({
      code: 1,
      stdout: 'Failed to run: <urlopen error [Errno 111] Connection refused>\n',
    });
    const failing = await captureServer({ status: 500 });
    expect(await runToEnd(shell, ['--port', String(failing.port)])).toMatchObject({
      code: 1,
      stdout: 'Failed to run: HTTP Error 500: Internal Server Error\n',
    });
    const mute = await captureServer({ mute: true });
    const started = Date.now();
    expect(await runToEnd(shell, ['--port', String(mute.port), '--timeout', '1'])).toMatchObject({
      code: 1,
      stdout: 'Connection timeout\n',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
