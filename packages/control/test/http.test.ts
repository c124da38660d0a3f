import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, post, type TestPki } from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  type BasicAuthConfig,
  CommandRegistry,
  ControlEndpoints,
  HttpControlListener,
  parseBasicAuth,
  parseControlSockets,
  sendUnixCommand,
  success,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'control-http-'));
let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listeners: HttpControlListener[] = [];
const endpoints: ControlEndpoints[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

const alice: BasicAuthConfig = {
  realm: 'kea-control-agent',
  clients: [{ user: 'alice', password: 's3cret' }],
};

async function echoListener(
  options: Partial<Parameters<typeof HttpControlListener.open>[0]> = {},
): Promise<HttpControlListener> {
  const listener = await HttpControlListener.open({
    host: '127.0.0.1',
    port: 0,
    handle: async (body, meta) => [
      { result: 0, arguments: { body: body as never, user: meta.user ?? null } },
    ],
    ...options,
  });
  listeners.push(listener);
  return listener;
}

describe('HttpControlListener', () => {
  it("answers a JSON POST on any path with the handler's JSON, printed as Kea prints it", async () => {
    const listener = await echoListener();
    for (const path of ['/', '/some/proxy/path']) {
      const reply = await post(listener.url, '{"command": "x"}', { path });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.body).toBe(
        '[ { "arguments": { "body": { "command": "x" }, "user": null }, "result": 0 } ]',
      );
    }
  });

  it('answers 400 to a non-POST, a non-JSON content type or a body that is not JSON', async () => {
    const listener = await echoListener();
    const bad = '{ "result": 400, "text": "Bad Request" }';
    expect(await post(listener.url, '', { method: 'GET', contentType: null })).toMatchObject({
      status: 400,
      body: bad,
    });
    expect(await post(listener.url, '{"command":"x"}', { contentType: 'text/plain' })).toMatchObject({
      status: 400,
      body: bad,
    });
    expect(await post(listener.url, 'garbage')).toMatchObject({ status: 400, body: bad });
  });

  it('answers 413 past the body limit', async () => {
    const listener = await echoListener({ bodyLimit: 1000 });
    const reply = await post(listener.url, JSON.stringify({ command: 'x', arguments: 'y'.repeat(5000) }));
    expect(reply).toMatchObject({ status: 413, body: '{ "result": 413, "text": "Payload Too Large" }' });
  });

  it('answers 401 with a Basic challenge without valid credentials, and passes the user on', async () => {
    const listener = await echoListener({ auth: () => alice });
    for (const auth of [undefined, 'alice:wrong', 'bob:s3cret']) {
      const reply = await post(listener.url, '{"command":"x"}', auth ? { auth } : {});
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Basic realm="kea-control-agent"');
      expect(reply.body).toBe('{ "result": 401, "text": "Unauthorized" }');
    }
    const ok = await post(listener.url, '{"command":"x"}', { auth: 'alice:s3cret' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)[0].arguments.user).toBe('alice');
  });

  it('adds the configured extra headers to every answer', async () => {
    const listener = await echoListener({
      headers: () => [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }],
    });
    const reply = await post(listener.url, '{"command":"x"}');
    expect(reply.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('serves HTTPS and requires a client certificate from the trust anchor when cert-required', async () => {
    const listener = await echoListener({
      tls: { trustAnchor: pki.ca, certFile: pki.serverCert, keyFile: pki.serverKey, certRequired: true },
    });
    expect(listener.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const ca = readFileSync(pki.ca, 'utf8');
    const withCert = await post(listener.url, '{"command":"x"}', {
      ca,
      cert: readFileSync(pki.clientCert, 'utf8'),
      key: readFileSync(pki.clientKey, 'utf8'),
    });
    expect(withCert.status).toBe(200);
    await expect(post(listener.url, '{"command":"x"}', { ca })).rejects.toThrow();
    await expect(
      post(listener.url, '{"command":"x"}', {
        ca,
        cert: readFileSync(pki.strangerCert, 'utf8'),
        key: readFileSync(pki.strangerKey, 'utf8'),
      }),
    ).rejects.toThrow();
  });

  it('serves HTTPS without client certificates when cert-required is false', async () => {
    const listener = await echoListener({
      tls: {
        trustAnchor: dir /* a directory of certificates works too */,
        certFile: pki.serverCert,
        keyFile: pki.serverKey,
        certRequired: false,
      },
    });
    const reply = await post(listener.url, '{"command":"x"}', { ca: readFileSync(pki.ca, 'utf8') });
    expect(reply.status).toBe(200);
  });

  it('refuses to start on missing TLS files or an address in use, with a typed error', async () => {
    await expect(
      HttpControlListener.open({
        host: '127.0.0.1',
        port: 0,
        tls: {
          trustAnchor: pki.ca,
          certFile: join(dir, 'missing.pem'),
          keyFile: pki.serverKey,
          certRequired: true,
        },
        handle: async () => [],
      }),
    ).rejects.toMatchObject({ code: 'tls-files' });
    const first = await echoListener();
    await expect(
      HttpControlListener.open({ host: '127.0.0.1', port: first.address.port, handle: async () => [] }),
    ).rejects.toMatchObject({ code: 'listen-failed' });
  });
});

describe('basic authentication configuration', () => {
  it('reads user and password from files, and user:password from a password file alone', () => {
    writeFileSync(join(dir, 'user'), 'bob\n');
    writeFileSync(join(dir, 'pass'), 'pw2\n');
    writeFileSync(join(dir, 'both'), 'carol:pw3');
    const parsed = parseBasicAuth(
      {
        type: 'basic',
        directory: dir,
        clients: [
          { user: 'alice', password: 'pw1' },
          { 'user-file': 'user', 'password-file': 'pass' },
          { 'password-file': 'both' },
        ],
      },
      'Control-agent.authentication',
      'kea-control-agent',
    );
    expect(parsed).toEqual({
      ok: true,
      config: {
        realm: 'kea-control-agent',
        clients: [
          { user: 'alice', password: 'pw1' },
          { user: 'bob', password: 'pw2' },
          { user: 'carol', password: 'pw3' },
        ],
      },
    });
    if (!parsed.ok) return;
    const header = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(authenticate(parsed.config, header('carol:pw3'))).toBe('carol');
    expect(authenticate(parsed.config, header('carol:pw2'))).toBeUndefined();
    expect(authenticate(parsed.config, 'Bearer abc')).toBeUndefined();
    expect(authenticate(parsed.config, 'Basic !!!')).toBeUndefined();
  });

  it('lists every problem with its JSON path', () => {
    const parsed = parseBasicAuth(
      {
        type: 'digest',
        clients: [{ user: 'a:b' }, { password: 'x' }, { 'password-file': 'absent' }],
        extra: 1,
      },
      'A.authentication',
      '',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'A.authentication.extra: unsupported parameter',
      "A.authentication.type: unsupported authentication type 'digest' (only 'basic')",
      "A.authentication.clients[0]: user must not contain a ':': 'a:b'",
      'A.authentication.clients[1]: user is required',
      "A.authentication.clients[2]: cannot read 'absent': ENOENT",
    ]);
  });
});

describe('daemon control endpoints (control-socket / control-sockets)', () => {
  function registry(): CommandRegistry {
    const r = new CommandRegistry();
    r.register('ping', () => success('pong'));
    return r;
  }

  it('parses both forms and refuses what Kea 3 refuses', () => {
    expect(
      parseControlSockets(
        { 'control-socket': { 'socket-type': 'unix', 'socket-name': '/run/x.sock' } },
        'Dhcp6',
      ),
    ).toEqual([{ type: 'unix', name: '/run/x.sock', path: '/run/x.sock' }]);
    const both = (): unknown =>
      parseControlSockets(
        {
          'control-sockets': [
            { 'socket-type': 'http' },
            { 'socket-type': 'https' },
            { 'socket-type': 'udp' },
            {
              'socket-type': 'http',
              'socket-name': 'x',
              authentication: { clients: [{ user: 'u', password: 'p' }] },
            },
            { 'socket-type': 'unix' },
          ],
        },
        'Dhcp6',
      );
    expect(both).toThrow(
      [
        'Dhcp6.control-sockets[0]: unsecured HTTP control channel (configure authentication or TLS)',
        'Dhcp6.control-sockets[1]: no TLS setup for a HTTPS control socket',
        "Dhcp6.control-sockets[2].socket-type: unsupported socket type 'udp' (unix, http or https)",
        'Dhcp6.control-sockets[3].socket-name: not supported by HTTP control sockets',
        'Dhcp6.control-sockets[4].socket-name: a unix control socket needs a non-empty socket-name',
      ].join('\n'),
    );
    expect(
      parseControlSockets({ 'control-sockets': [{ 'socket-type': 'http' }] }, 'Dhcp6', {
        allowUnsecuredHttp: true,
      }),
    ).toEqual([{ type: 'http', address: '127.0.0.1', port: 8000, headers: [] }]);
  });

  it('opens unix and HTTP endpoints; HTTP answers as a list and checks the service name', async () => {
    const control = new ControlEndpoints({ registry: registry(), service: 'dhcp6' });
    endpoints.push(control);
    const socket = join(dir, 'd6.sock');
    await control.apply(
      parseControlSockets(
        {
          'control-sockets': [
            { 'socket-type': 'unix', 'socket-name': socket },
            {
              'socket-type': 'http',
              'socket-port': 0,
              authentication: { clients: [{ user: 'u', password: 'p' }] },
            },
          ],
        },
        'Dhcp6',
      ),
    );
    const [unixUrl, httpUrl] = control.describe();
    expect(unixUrl).toBe(`unix:${socket}`);
    expect(await sendUnixCommand(socket, { command: 'ping' })).toEqual({ result: 0, text: 'pong' });
    const url = httpUrl ?? '';
    expect(JSON.parse((await post(url, '{"command":"ping"}', { auth: 'u:p' })).body)).toEqual([
      { result: 0, text: 'pong' },
    ]);
    expect(
      JSON.parse((await post(url, '{"command":"ping","service":["dhcp6"]}', { auth: 'u:p' })).body),
    ).toEqual([{ result: 0, text: 'pong' }]);
    expect(
      JSON.parse((await post(url, '{"command":"ping","service":["d2"]}', { auth: 'u:p' })).body),
    ).toEqual([{ result: 1, text: "unsupported service 'd2', expected 'dhcp6'" }]);
    expect(
      JSON.parse((await post(url, '{"command":"ping","service":"dhcp6"}', { auth: 'u:p' })).body),
    ).toEqual([{ result: 1, text: 'service value must be a list' }]);
    expect((await post(url, '{"command":"ping"}', { auth: 'u:x' })).status).toBe(401);
  });

  it.skipIf(!existsSync('/usr/sbin/kea-shell'))(
    "answers ISC's kea-shell directly, as a Kea 3 daemon does",
    async () => {
      const control = new ControlEndpoints({ registry: registry(), service: 'dhcp6' });
      endpoints.push(control);
      await control.apply(
        parseControlSockets(
          {
            'control-sockets': [
              {
                'socket-type': 'http',
                'socket-port': 0,
                authentication: { clients: [{ user: 'u', password: 'p' }] },
              },
            ],
          },
          'Dhcp6',
        ),
      );
      const port = new URL(control.describe()[0] ?? '').port;
      const shell = (args: string[]) =>
        new Promise<{ code: number | null; stdout: string }>((resolve) => {
          execFile(
            '/usr/sbin/kea-shell',
            ['--port', port, '--auth-user', 'u', '--auth-password', 'p', ...args],
            (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
          ).stdin?.end();
        });
      expect(JSON.parse((await shell(['ping'])).stdout)).toEqual([{ result: 0, text: 'pong' }]);
      expect(JSON.parse((await shell(['--service', 'dhcp6', 'ping'])).stdout)).toEqual([
        { result: 0, text: 'pong' },
      ]);
      expect(JSON.parse((await shell(['--service', 'd2', 'ping'])).stdout)).toEqual([
        { result: 1, text: "unsupported service 'd2', expected 'dhcp6'" },
      ]);
    },
  );

  it('keeps what stays, swaps credentials in place, closes what goes and rolls back a failed open', async () => {
    const control = new ControlEndpoints({ registry: registry(), service: 'dhcp6' });
    endpoints.push(control);
    const a = join(dir, 'a.sock');
    const b = join(dir, 'b.sock');
    const http = (password: string) => ({
      'socket-type': 'http',
      'socket-port': 0,
      authentication: { clients: [{ user: 'u', password }] },
    });
    await control.apply(
      parseControlSockets({ 'control-sockets': [{ 'socket-name': a }, http('one')] }, 'Dhcp6'),
    );
    const url = control.describe()[1] ?? '';
    await control.apply(
      parseControlSockets({ 'control-sockets': [{ 'socket-name': b }, http('two')] }, 'Dhcp6'),
    );
    expect(control.describe()).toEqual([`unix:${b}`, url]);
    expect((await post(url, '{"command":"ping"}', { auth: 'u:one' })).status).toBe(401);
    expect((await post(url, '{"command":"ping"}', { auth: 'u:two' })).status).toBe(200);
    await expect(sendUnixCommand(a, { command: 'ping' })).rejects.toMatchObject({ code: 'unreachable' });

    // A new endpoint that cannot open leaves the others as they were.
    const busy = await echoListener();
    const next = parseControlSockets(
      {
        'control-sockets': [
          { 'socket-name': b },
          http('two'),
          { ...http('x'), 'socket-port': busy.address.port },
        ],
      },
      'Dhcp6',
    );
    await expect(control.apply(next)).rejects.toMatchObject({ code: 'listen-failed' });
    expect(control.describe()).toEqual([`unix:${b}`, url]);
    expect(await sendUnixCommand(b, { command: 'ping' })).toMatchObject({ result: 0 });
  });
});
