/**
 * The configuration the repository ships in etc/kea (what `bash scripts/quickstart.sh` starts):
 * every file passes `-t` with Nestor's programs and with ISC's, and the suite they describe works
 * together: the agent's control-sockets reach the daemons' control sockets. The daemons run as
 * keactrl would start them, with their directories moved into a temporary root through Kea's
 * environment variables, kea-dhcp6 on a spare UDP port (-p) and the agent on a spare TCP port.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, RunningProgram, repoRoot, runToEnd, waitUntil } from '@nestor/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const etc = join(repoRoot, 'etc', 'kea');
const SHIPPED = [
  { file: 'kea-dhcp6.conf', nestor: 'kea-dhcp6', isc: '/usr/sbin/kea-dhcp6' },
  { file: 'kea-dhcp-ddns.conf', nestor: 'kea-dhcp-ddns', isc: '/usr/sbin/kea-dhcp-ddns' },
  { file: 'kea-ctrl-agent.conf', nestor: 'kea-ctrl-agent', isc: '/usr/sbin/kea-ctrl-agent' },
];

const root = mkdtempSync(join(tmpdir(), 'nestor-shipped-'));
const dirs = {
  run: join(root, 'run'),
  lib: join(root, 'lib'),
  log: join(root, 'log'),
  etc: join(root, 'etc'),
};
for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
const env = {
  KEA_PIDFILE_DIR: dirs.run,
  KEA_CONTROL_SOCKET_DIR: dirs.run,
  KEA_LOCKFILE_DIR: dirs.run,
  KEA_DHCP_DATA_DIR: dirs.lib,
  KEA_LOG_FILE_DIR: dirs.log,
};
const started: RunningProgram[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  rmSync(root, { recursive: true, force: true });
});

function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'udp') {
    return import('node:dgram').then(
      ({ createSocket }) =>
        new Promise((resolve) => {
          const socket = createSocket('udp6');
          socket.bind(0, '::1', () => {
            const { port } = socket.address();
            socket.close(() => resolve(port));
          });
        }),
    );
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function post(port: number, body: object): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

describe('the shipped configuration (etc/kea)', () => {
  for (const { file, nestor, isc } of SHIPPED) {
    it(`${file} passes -t with Nestor's ${nestor} and ISC's`, async () => {
      const ours = await runToEnd(binPath(nestor), ['-t', join(etc, file)], env);
      expect(ours.code, ours.stdout + ours.stderr).toBe(0);
      expect(ours.stdout).toContain('Syntax check OK');
      const theirs = await runToEnd(isc, ['-t', join(etc, file)], env);
      expect(theirs.code, theirs.stdout + theirs.stderr).toBe(0);
    });
  }

  it('the agent forwards to the daemons through the control sockets the shipped files name', async () => {
    // The agent's file as shipped but for its TCP port, which another program may hold here.
    const agentPort = await freePort('tcp');
    const agentFile = join(dirs.etc, 'kea-ctrl-agent.conf');
    writeFileSync(
      agentFile,
      readFileSync(join(etc, 'kea-ctrl-agent.conf'), 'utf8').replace(
        '"http-port": 8000',
        `"http-port": ${agentPort}`,
      ),
    );
    const dhcp6 = new RunningProgram(
      binPath('kea-dhcp6'),
      ['-c', join(etc, 'kea-dhcp6.conf'), '-p', String(await freePort('udp'))],
      env,
    );
    started.push(dhcp6);
    const d2 = new RunningProgram(binPath('kea-dhcp-ddns'), ['-c', join(etc, 'kea-dhcp-ddns.conf')], env);
    started.push(d2);
    const agent = new RunningProgram(binPath('kea-ctrl-agent'), ['-c', agentFile], env);
    started.push(agent);
    await dhcp6.waitFor(/DHCP6_STARTED/);
    await d2.waitFor(/DHCP_DDNS_STARTED/);
    await agent.waitFor(/CTRL_AGENT_STARTED/);

    const answers = await waitUntil(
      async () => {
        const answer = (await post(agentPort, { command: 'status-get', service: ['dhcp6', 'd2'] })) as {
          result: number;
        }[];
        return answer.every((a) => a.result === 0) ? answer : undefined;
      },
      { timeoutMs: 10_000, what: 'status-get answered by both daemons through the agent' },
    );
    expect(answers).toHaveLength(2);
    const [version] = (await post(agentPort, { command: 'version-get', service: ['dhcp6'] })) as {
      result: number;
      text: string;
    }[];
    expect(version?.result).toBe(0);
    expect(version?.text).toBe((await runToEnd(binPath('kea-dhcp6'), ['-v'])).stdout.trim());
  });
});
