import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, daemonPathPolicy } from '@nestor/daemon';
import { makeDaemonDirs } from '@nestor/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentConfigLoader, resolveAgentConfig } from '../src/index.js';

const dirs = makeDaemonDirs(mkdtempSync(join(tmpdir(), 'ctrl-agent-config-')));
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));
const env = { KEA_CONTROL_SOCKET_DIR: dirs.run, KEA_LOG_FILE_DIR: dirs.log, KEA_DHCP_DATA_DIR: dirs.lib };

function policy() {
  const p = daemonPathPolicy(join(dirs.etc, 'kea-ctrl-agent.conf'), env);
  p.seal();
  return p;
}

describe('resolveAgentConfig', () => {
  it("fills Kea's defaults and resolves sockets, credentials and log files", () => {
    writeFileSync(join(dirs.etc, 'password'), 'hunter2\n');
    const config = resolveAgentConfig(
      {
        'Control-agent': {
          authentication: {
            type: 'basic',
            directory: dirs.etc,
            clients: [{ user: 'ops', 'password-file': 'password' }],
          },
          'control-sockets': {
            dhcp6: { 'socket-name': 'kea6-ctrl-socket' },
            d2: { 'socket-name': '/run/elsewhere/d2.sock' },
          },
          loggers: [
            {
              name: 'kea-ctrl-agent',
              severity: 'INFO',
              output_options: [{ output: 'agent.log' }, { output: 'stdout' }],
            },
          ],
        },
      },
      policy(),
    );
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8000);
    expect(config.tls).toBeUndefined();
    expect(config.auth).toEqual({
      realm: 'kea-control-agent',
      clients: [{ user: 'ops', password: 'hunter2' }],
    });
    expect([...config.services]).toEqual([
      ['dhcp6', join(dirs.run, 'kea6-ctrl-socket')],
      ['d2', '/run/elsewhere/d2.sock'],
    ]);
    expect(config.loggers[0]?.output_options?.map((o) => o.output)).toEqual([
      join(dirs.log, 'agent.log'),
      'stdout',
    ]);
    expect(config.document['Control-agent']).toMatchObject({ 'http-port': 8000, 'hooks-libraries': [] });
  });

  it('refuses, listing every problem: schema, log path, unreadable credentials, hook libraries', () => {
    const attempt = (): unknown =>
      resolveAgentConfig(
        {
          'Control-agent': {
            authentication: {
              type: 'basic',
              clients: [{ user: 'ops', 'password-file': join(dirs.root, 'absent') }],
            },
            'hooks-libraries': [{ library: '/usr/lib/kea/hooks/libca_rbac.so' }],
            loggers: [
              {
                name: 'kea-ctrl-agent',
                severity: 'INFO',
                output_options: [{ output: '/var/tmp/agent.log' }],
              },
            ],
          },
        },
        policy(),
      );
    expect(attempt).toThrow(ConfigError);
    const problems = (() => {
      try {
        attempt();
      } catch (err) {
        return (err as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      expect.stringMatching(
        /^Control-agent\.loggers\[0\]\.output_options\[0\]\.output: invalid path specified: '\/var\/tmp'/,
      ),
      'Control-agent.hooks-libraries: kea-ctrl-agent hook libraries are not supported by Nestor',
      expect.stringMatching(/^Control-agent\.authentication\.clients\[0\]: cannot read '.*absent': ENOENT$/),
    ]);
    expect(() => resolveAgentConfig({ 'Control-agent': { 'http-port': 'x' } }, policy())).toThrow(
      /http-port/,
    );
  });
});

describe('AgentConfigLoader', () => {
  it('trusts the log directory its start-up file names, and no other later', async () => {
    const file = join(dirs.etc, 'trusting.conf');
    const own = join(dirs.outside, 'own.log');
    writeFileSync(
      file,
      JSON.stringify({
        'Control-agent': {
          loggers: [{ name: 'kea-ctrl-agent', severity: 'INFO', output_options: [{ output: own }] }],
        },
      }),
    );
    const loader = new AgentConfigLoader(env);
    const first = await loader.load(file);
    expect(first.loggers[0]?.output_options?.[0]?.output).toBe(own);
    expect(loader.policy.sealed).toBe(true);
    writeFileSync(
      file,
      JSON.stringify({
        'Control-agent': {
          loggers: [
            { name: 'kea-ctrl-agent', severity: 'INFO', output_options: [{ output: '/var/tmp/x.log' }] },
          ],
        },
      }),
    );
    await expect(loader.load(file)).rejects.toThrow(/invalid path specified/);
  });
});
