import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../src/pki.js';
import { runToEnd } from '../src/process.js';

const dir = mkdtempSync(join(tmpdir(), 'nestor-pki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makeTestPki', () => {
  const pki = makeTestPki(dir);
  const verify = (cert: string) => runToEnd('openssl', ['verify', '-CAfile', pki.ca, cert]);

  it('issues server and client certificates from its CA, and a stranger from another one', async () => {
    expect(await verify(pki.serverCert)).toMatchObject({ code: 0, stdout: `${pki.serverCert}: OK\n` });
    expect(await verify(pki.clientCert)).toMatchObject({ code: 0, stdout: `${pki.clientCert}: OK\n` });
    expect((await verify(pki.strangerCert)).code).not.toBe(0);
  });

  it('names 127.0.0.1 and localhost in the server certificate, for server and client use', async () => {
    const server = await runToEnd('openssl', ['x509', '-in', pki.serverCert, '-noout', '-text']);
    expect(server.stdout).toMatch(/DNS:localhost/);
    expect(server.stdout).toMatch(/IP Address:127\.0\.0\.1/);
    expect(server.stdout).toMatch(/TLS Web Server Authentication/);
    const client = await runToEnd('openssl', ['x509', '-in', pki.clientCert, '-noout', '-text']);
    expect(client.stdout).toMatch(/TLS Web Client Authentication/);
  });

  it('writes keys that match their certificates', async () => {
    for (const [cert, key] of [
      [pki.serverCert, pki.serverKey],
      [pki.clientCert, pki.clientKey],
      [pki.strangerCert, pki.strangerKey],
    ] as const) {
      const fromCert = await runToEnd('openssl', ['x509', '-in', cert, '-noout', '-pubkey']);
      const fromKey = await runToEnd('openssl', ['pkey', '-in', key, '-pubout']);
      expect(fromCert.stdout).not.toBe('');
      expect(fromCert.stdout).toBe(fromKey.stdout);
    }
  });
});
