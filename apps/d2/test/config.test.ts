import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '@nestor/config';
import { daemonPathPolicy } from '@nestor/daemon';
import { daemonEnv } from '@nestor/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { D2ConfigLoader, resolveD2Document } from '../src/index.js';
import { makeDirs } from './support/d2.js';
import { KEA_D2_DEFAULTS } from './support/shared-commands.js';

const dirs = makeDirs('d2-config-');
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));

function sealedPolicy() {
  const policy = daemonPathPolicy(join(dirs.etc, 'kea-dhcp-ddns.conf'), daemonEnv(dirs));
  policy.seal();
  return policy;
}

describe('resolveD2Document', () => {
  it("fills Kea's defaults for config-get and keeps Kea 3 control sockets as written", () => {
    const sockets: JsonValue[] = [
      { 'socket-type': 'unix', 'socket-name': 'd2-socket' },
      { 'socket-type': 'http', 'socket-port': 8004, authentication: { type: 'basic', clients: [] } },
    ];
    const config = resolveD2Document({ DhcpDdns: { 'control-sockets': sockets } }, sealedPolicy());
    // No loggers configured: Kea's config-get shows no loggers list.
    expect(config.raw).toStrictEqual({ ...KEA_D2_DEFAULTS, 'control-sockets': sockets });
    expect(config.model).toMatchObject({ ipAddress: '127.0.0.1', port: 53001, dnsServerTimeout: 100 });
    expect(config.section['control-sockets']).toBe(sockets);
  });

  it('places log files by the path policy: a bare name in the log directory', () => {
    const config = resolveD2Document(
      {
        DhcpDdns: {
          loggers: [
            {
              name: 'kea-dhcp-ddns',
              severity: 'DEBUG',
              debuglevel: 40,
              output_options: [{ output: 'd2.log', maxver: 3 }, { output: 'syslog:d2' }],
            },
          ],
        },
      },
      sealedPolicy(),
    );
    expect(config.loggers).toEqual([
      {
        name: 'kea-dhcp-ddns',
        severity: 'DEBUG',
        debuglevel: 40,
        output_options: [
          { output: join(dirs.log, 'd2.log'), flush: true, maxsize: 10240000, maxver: 3 },
          { output: 'syslog:d2', flush: true, maxsize: 10240000, maxver: 1 },
        ],
      },
    ]);
  });

  it('lists the schema, control socket and path problems together', () => {
    const attempt = () =>
      resolveD2Document(
        {
          DhcpDdns: {
            port: 70000,
            'control-sockets': [{ 'socket-type': 'http', 'socket-port': 8004 }],
            loggers: [
              {
                name: 'kea-dhcp-ddns',
                severity: 'INFO',
                output_options: [{ output: join(dirs.outside, 'x.log') }],
              },
            ],
          },
        },
        sealedPolicy(),
      );
    expect(attempt).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(/^DhcpDdns\.port: /),
          'DhcpDdns.control-sockets[0]: unsecured HTTP control channel (configure authentication or TLS)',
          expect.stringMatching(
            /^DhcpDdns\.loggers\[0\]\.output_options\[0\]\.output: invalid path specified/,
          ),
        ],
      }),
    );
  });

  it('refuses a document without DhcpDdns in the configuration package words', () => {
    expect(() => resolveD2Document({ Dhcp6: {} }, sealedPolicy())).toThrow(/DhcpDdns/);
  });
});

describe('D2ConfigLoader', () => {
  it('trusts the directories of the start-up file, then holds later loads to them', async () => {
    const file = join(dirs.etc, 'loader.conf');
    const ownLog = join(dirs.lib, 'own.log');
    const write = (output: string) =>
      writeFileSync(
        file,
        JSON.stringify({
          DhcpDdns: { loggers: [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output }] }] },
        }),
      );
    const loader = new D2ConfigLoader(daemonEnv(dirs));
    expect(() => loader.policy).toThrow(/no configuration loaded/);
    write(ownLog);
    expect((await loader.load(file)).loggers[0]?.output_options?.[0]?.output).toBe(ownLog);
    expect(loader.policy.sealed).toBe(true);
    write(join(dirs.outside, 'later.log'));
    await expect(loader.load(file)).rejects.toThrow(/invalid path specified/);
  });
});
