import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, freePort, repoRoot, runToEnd, waitUntil } from '@nestor/testkit';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRunning } from '../src/index.js';

/** `${name}` as the shell writes it (built, so that it does not read as a template). */
const shellVar = (name: string): string => `$${'{'}${name}}`;

const ISC_DHCP6 = '/usr/sbin/kea-dhcp6';
const keactrl = binPath('keactrl');
const root = mkdtempSync(join(tmpdir(), 'keactrl-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  n += 1;
  dir = join(root, `case${n}`);
  for (const sub of ['etc', 'run', 'log', 'lib']) mkdirSync(join(dir, sub), { recursive: true });
  env = {
    KEA_PIDFILE_DIR: join(dir, 'run'),
    KEA_CONTROL_SOCKET_DIR: join(dir, 'run'),
    KEA_LOCKFILE_DIR: join(dir, 'run'),
    KEA_LOG_FILE_DIR: join(dir, 'log'),
    KEA_DHCP_DATA_DIR: join(dir, 'lib'),
  };
});

/** Daemons keactrl started run detached: whatever a test leaves running is stopped by pid. */
afterEach(async () => {
  const runDir = join(dir, 'run');
  for (const name of [
    'kea-dhcp6.kea-dhcp6.pid',
    'kea-dhcp-ddns.kea-dhcp-ddns.pid',
    'kea-ctrl-agent.kea-ctrl-agent.pid',
  ]) {
    const file = join(runDir, name);
    if (!existsSync(file)) continue;
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
      process.kill(pid, 'SIGKILL');
      await waitUntil(() => !isRunning(pid), { timeoutMs: 5000, what: `pid ${pid} to die` });
    }
  }
});

function run(args: string[]) {
  return runToEnd(keactrl, args, env, 60_000);
}

interface Setup {
  conf: string;
  agentUrl: string;
  agentConf: string;
  dhcp6Conf: string;
  ddnsConf: string;
}

/**
 * A keactrl.conf running the agent and a DHCPv6 server (Nestor's by default) from `dir`, and
 * Nestor's DDNS daemon with `ddns`; the agent forwards to both servers' control sockets.
 */
async function setup(
  options: { dhcp6Binary?: string; dhcp6Config?: object; verbose?: boolean; ddns?: boolean } = {},
): Promise<Setup> {
  const port = await freePort();
  const agentConf = join(dir, 'etc', 'kea-ctrl-agent.conf');
  writeFileSync(
    agentConf,
    JSON.stringify({
      'Control-agent': {
        'http-host': '127.0.0.1',
        'http-port': port,
        authentication: { type: 'basic', clients: [{ user: 'ops', password: 'one' }] },
        'control-sockets': {
          dhcp6: { 'socket-name': 'kea6-ctrl-socket' },
          d2: { 'socket-name': 'kea-ddns-ctrl-socket' },
        },
      },
    }),
  );
  const ddnsConf = join(dir, 'etc', 'kea-dhcp-ddns.conf');
  if (options.ddns) {
    writeFileSync(
      ddnsConf,
      JSON.stringify({
        DhcpDdns: {
          'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea-ddns-ctrl-socket' },
          loggers: [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
        },
      }),
    );
  }
  const dhcp6Conf = join(dir, 'etc', 'kea-dhcp6.conf');
  writeFileSync(
    dhcp6Conf,
    JSON.stringify(
      options.dhcp6Config ?? {
        Dhcp6: { loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }] },
      },
    ),
  );
  const conf = join(dir, 'etc', 'keactrl.conf');
  writeFileSync(
    conf,
    [
      `prefix=${repoRoot}`,
      `kea_dhcp6_config_file=${dhcp6Conf}`,
      `kea_ctrl_agent_config_file=${agentConf}`,
      `kea_dhcp_ddns_config_file=${ddnsConf}`,
      'exec_prefix=' + shellVar('prefix'),
      `dhcp6_srv=${options.dhcp6Binary ?? shellVar('exec_prefix') + '/bin/kea-dhcp6'}`,
      'dhcp_ddns_srv=' + shellVar('exec_prefix') + '/bin/kea-dhcp-ddns',
      'ctrl_agent_srv=' + shellVar('exec_prefix') + '/bin/kea-ctrl-agent',
      'dhcp4=no',
      'dhcp6=yes',
      `dhcp_ddns=${options.ddns ? 'yes' : 'no'}`,
      'ctrl_agent=yes',
      `kea_verbose=${options.verbose ? 'yes' : 'no'}`,
      '',
    ].join('\n'),
  );
  return { conf, agentConf, dhcp6Conf, ddnsConf, agentUrl: `http://127.0.0.1:${port}/` };
}

/** POSTs a command to the agent; resolves with the HTTP status and the parsed body. */
async function agentCommand(
  url: string,
  body: Record<string, unknown>,
  user = 'ops:one',
): Promise<{ status: number; answers: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(user).toString('base64')}`,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, answers: response.status === 200 ? JSON.parse(text) : text };
}

async function agentStatus(url: string, user = 'ops:one'): Promise<number> {
  return (await agentCommand(url, { command: 'status-get' }, user)).status;
}

function pidOf(name: string): number {
  return Number.parseInt(readFileSync(join(dir, 'run', `${name}.${name}.pid`), 'utf8'), 10);
}

describe('keactrl process', () => {
  it('start / status / reload / stop of the agent and of kea-dhcp6', async () => {
    const s = await setup();
    const started = await run(['start', '-c', s.conf]);
    expect(started.code).toBe(0);
    expect(started.stdout).toBe(
      `INFO/keactrl: Starting ${repoRoot}/bin/kea-dhcp6 -c ${s.dhcp6Conf}\n` +
        `INFO/keactrl: Starting ${repoRoot}/bin/kea-ctrl-agent -c ${s.agentConf}\n`,
    );
    // start returns once the daemons run: both pid files name live processes.
    const dhcp6Pid = pidOf('kea-dhcp6');
    const agentPid = pidOf('kea-ctrl-agent');
    expect(isRunning(dhcp6Pid)).toBe(true);
    expect(isRunning(agentPid)).toBe(true);
    // The pid file comes before the listener: give the agent a moment to bind.
    await waitUntil(async () => (await agentStatus(s.agentUrl).catch(() => 0)) === 200, {
      timeoutMs: 10_000,
      what: 'the agent to answer',
    });

    const status = await run(['status', '-c', s.conf]);
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(
      [
        'DHCPv4 server: inactive',
        'DHCPv6 server: active',
        'DHCP DDNS: inactive',
        'Control Agent: active',
        'Kea DHCPv4 configuration file: ',
        `Kea DHCPv6 configuration file: ${s.dhcp6Conf}`,
        `Kea DHCP DDNS configuration file: ${join(dir, 'etc', 'kea-dhcp-ddns.conf')}`,
        `Kea Control Agent configuration file: ${s.agentConf}`,
        `keactrl configuration file: ${s.conf}`,
        '',
      ].join('\n'),
    );

    // No double start.
    const again = await run(['start', '-c', s.conf, '-s', 'ctrl_agent']);
    expect(again.stdout).toBe(
      `INFO/keactrl: kea-ctrl-agent appears to be running, see: PID ${agentPid}, PID file: ${join(dir, 'run', 'kea-ctrl-agent.kea-ctrl-agent.pid')}.\n`,
    );
    expect(pidOf('kea-ctrl-agent')).toBe(agentPid);

    // reload sends SIGHUP: a changed password applies.
    const agentConfig = JSON.parse(readFileSync(s.agentConf, 'utf8'));
    agentConfig['Control-agent'].authentication.clients[0].password = 'two';
    writeFileSync(s.agentConf, JSON.stringify(agentConfig));
    const reload = await run(['reload', '-c', s.conf, '-s', 'ctrl_agent,dhcp6']);
    expect(reload.stdout).toBe(
      'INFO/keactrl: Reloading kea-dhcp6...\nINFO/keactrl: Reloading kea-ctrl-agent...\n',
    );
    await waitUntil(async () => (await agentStatus(s.agentUrl, 'ops:two')) === 200, {
      timeoutMs: 10_000,
      what: 'the new password',
    });
    expect(await agentStatus(s.agentUrl, 'ops:one')).toBe(401);
    expect(isRunning(dhcp6Pid)).toBe(true);

    // stop sends SIGTERM and returns once they are gone.
    const stop = await run(['stop', '-c', s.conf]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe(
      "INFO/keactrl: Stopping kea-dhcp6...\nINFO/keactrl: kea-dhcp-ddns isn't running.\nINFO/keactrl: Stopping kea-ctrl-agent...\n",
    );
    expect(isRunning(dhcp6Pid)).toBe(false);
    expect(isRunning(agentPid)).toBe(false);
    const after = await run(['status', '-c', s.conf]);
    expect(after.stdout).toMatch(
      /^DHCPv4 server: inactive\nDHCPv6 server: inactive\nDHCP DDNS: inactive\nControl Agent: inactive\n/,
    );
    const stopAgain = await run(['stop', '-c', s.conf, '-s', 'dhcp6']);
    expect(stopAgain.stdout).toBe("INFO/keactrl: kea-dhcp6 isn't running.\n");
    const reloadStopped = await run(['reload', '-c', s.conf, '-s', 'ctrl_agent']);
    expect(reloadStopped.stdout).toBe("INFO/keactrl: kea-ctrl-agent isn't running.\n");
  });

  it('start / status / reload / stop of kea-dhcp6, kea-dhcp-ddns and the agent', async () => {
    const s = await setup({ ddns: true });
    const started = await run(['start', '-c', s.conf]);
    expect(started).toMatchObject({
      code: 0,
      stdout:
        `INFO/keactrl: Starting ${repoRoot}/bin/kea-dhcp6 -c ${s.dhcp6Conf}\n` +
        `INFO/keactrl: Starting ${repoRoot}/bin/kea-dhcp-ddns -c ${s.ddnsConf}\n` +
        `INFO/keactrl: Starting ${repoRoot}/bin/kea-ctrl-agent -c ${s.agentConf}\n`,
    });
    const pids = ['kea-dhcp6', 'kea-dhcp-ddns', 'kea-ctrl-agent'].map(pidOf);
    for (const pid of pids) expect(isRunning(pid)).toBe(true);
    const ddnsPid = pids[1];

    // The agent reaches the DDNS daemon it fronts.
    const ddns = async (command: string) => {
      const reply = await agentCommand(s.agentUrl, { command, service: ['d2'] });
      expect(reply.status).toBe(200);
      return (reply.answers as { result: number; arguments?: Record<string, unknown> }[])[0];
    };
    await waitUntil(async () => (await agentStatus(s.agentUrl).catch(() => 0)) === 200, {
      timeoutMs: 10_000,
      what: 'the agent to answer',
    });
    expect(await ddns('status-get')).toMatchObject({ result: 0, arguments: { pid: ddnsPid } });

    const status = await run(['status', '-c', s.conf]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /^DHCPv4 server: inactive\nDHCPv6 server: active\nDHCP DDNS: active\nControl Agent: active\n/,
    );
    expect(status.stdout).toContain(`Kea DHCP DDNS configuration file: ${s.ddnsConf}\n`);

    // reload sends SIGHUP to each: the DDNS daemon's new setting is in force after it.
    const ddnsConfig = JSON.parse(readFileSync(s.ddnsConf, 'utf8'));
    ddnsConfig.DhcpDdns['dns-server-timeout'] = 777;
    writeFileSync(s.ddnsConf, JSON.stringify(ddnsConfig));
    const reload = await run(['reload', '-c', s.conf]);
    expect(reload).toMatchObject({
      code: 0,
      stdout:
        'INFO/keactrl: Reloading kea-dhcp6...\nINFO/keactrl: Reloading kea-dhcp-ddns...\n' +
        'INFO/keactrl: Reloading kea-ctrl-agent...\n',
    });
    const output = join(dir, 'log', 'keactrl.log');
    await waitUntil(
      () => {
        const log = readFileSync(output, 'utf8');
        return ['DHCP6', 'DHCP_DDNS', 'CTRL_AGENT'].every((p) =>
          log.includes(`${p}_DYNAMIC_RECONFIGURATION_SUCCESS`),
        );
      },
      { timeoutMs: 10_000, what: 'each daemon to reload' },
    );
    await waitUntil(async () => (await agentStatus(s.agentUrl).catch(() => 0)) === 200, {
      timeoutMs: 10_000,
      what: 'the agent to answer after its reload',
    });
    expect(await ddns('config-get')).toMatchObject({
      result: 0,
      arguments: { DhcpDdns: { 'dns-server-timeout': 777 } },
    });
    for (const pid of pids) expect(isRunning(pid)).toBe(true);

    const stop = await run(['stop', '-c', s.conf]);
    expect(stop).toMatchObject({
      code: 0,
      stdout:
        'INFO/keactrl: Stopping kea-dhcp6...\nINFO/keactrl: Stopping kea-dhcp-ddns...\n' +
        'INFO/keactrl: Stopping kea-ctrl-agent...\n',
    });
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(dir, 'run', 'kea-dhcp-ddns.kea-dhcp-ddns.pid'))).toBe(false);
    expect(existsSync(join(dir, 'run', 'kea-ddns-ctrl-socket'))).toBe(false);
    expect(readFileSync(output, 'utf8')).toMatch(/DHCP_DDNS_SHUTDOWN server shutdown/);
    expect((await run(['status', '-c', s.conf])).stdout).toMatch(
      /^DHCPv4 server: inactive\nDHCPv6 server: inactive\nDHCP DDNS: inactive\nControl Agent: inactive\n/,
    );
  });

  it('passes -d when kea_verbose=yes and starts only what -s names', async () => {
    const s = await setup({ verbose: true });
    const started = await run(['start', '-c', s.conf, '-s', 'ctrl_agent']);
    expect(started.stdout).toBe(
      `INFO/keactrl: Starting ${repoRoot}/bin/kea-ctrl-agent -c ${s.agentConf} -d\n`,
    );
    expect(existsSync(join(dir, 'run', 'kea-dhcp6.kea-dhcp6.pid'))).toBe(false);
    // Debug logging reaches keactrl's output file.
    await waitUntil(() => /COMMAND_REGISTERED/.test(readFileSync(join(dir, 'log', 'keactrl.log'), 'utf8')), {
      timeoutMs: 5000,
      what: 'debug output',
    });
    expect((await run(['stop', '-c', s.conf])).code).toBe(0);
  });

  it.skipIf(!existsSync(ISC_DHCP6))("manages ISC's kea-dhcp6 just the same", async () => {
    const s = await setup({
      dhcp6Binary: ISC_DHCP6,
      dhcp6Config: {
        Dhcp6: {
          'data-directory': join(dir, 'lib'),
          'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0102', persist: false },
          'interfaces-config': { interfaces: [] },
          'lease-database': { type: 'memfile', persist: false },
          loggers: [
            {
              name: 'kea-dhcp6',
              severity: 'INFO',
              output_options: [{ output: join(dir, 'log', 'isc6.log') }],
            },
          ],
        },
      },
    });
    const started = await run(['start', '-c', s.conf, '-s', 'dhcp6']);
    expect(started).toMatchObject({
      code: 0,
      stdout: `INFO/keactrl: Starting ${ISC_DHCP6} -c ${s.dhcp6Conf}\n`,
    });
    const pid = pidOf('kea-dhcp6');
    expect(isRunning(pid)).toBe(true);
    expect((await run(['status', '-c', s.conf])).stdout).toMatch(/\nDHCPv6 server: active\n/);
    expect((await run(['reload', '-c', s.conf, '-s', 'dhcp6'])).stdout).toBe(
      'INFO/keactrl: Reloading kea-dhcp6...\n',
    );
    await waitUntil(
      () => /DHCP6_DYNAMIC_RECONFIGURATION/.test(readFileSync(join(dir, 'log', 'isc6.log'), 'utf8')),
      { timeoutMs: 10_000, what: 'reload' },
    );
    expect((await run(['stop', '-c', s.conf, '-s', 'dhcp6'])).stdout).toBe(
      'INFO/keactrl: Stopping kea-dhcp6...\n',
    );
    expect(isRunning(pid)).toBe(false);
    const version = await run(['version', '-c', s.conf, '-s', 'dhcp6']);
    expect(version.stdout).toMatch(/^keactrl: \d+\.\d+\.\d+\nkea-dhcp6: 2\.2\.\d+\n$/);
  });

  it('reports a daemon that fails to start, with exit code 1', async () => {
    const s = await setup();
    writeFileSync(s.agentConf, '{ "Control-agent": { "http-port": "not a port" } }');
    const started = await run(['start', '-c', s.conf, '-s', 'ctrl_agent']);
    expect(started.code).toBe(1);
    expect(started.stdout).toMatch(
      new RegExp(
        `^INFO/keactrl: Starting .*\\nERROR/keactrl: kea-ctrl-agent exited with code 1 while starting; see ${join(dir, 'log', 'keactrl.log')}\\n$`,
      ),
    );
    expect(readFileSync(join(dir, 'log', 'keactrl.log'), 'utf8')).toMatch(/CTRL_AGENT_CONFIG_LOAD_FAIL/);
    rmSync(s.dhcp6Conf);
    const missing = await run(['start', '-c', s.conf, '-s', 'dhcp6']);
    expect(missing).toMatchObject({
      code: 1,
      stdout: `ERROR/keactrl: Configuration file for Kea does not exist: ${s.dhcp6Conf}.\n`,
    });
    const status = await run(['status', '-c', s.conf]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(
      /ERROR\/keactrl: Configuration file for Kea does not exist: .*kea-dhcp6\.conf\.\n$/,
    );
  });

  it('version, usage errors and a missing keactrl.conf', async () => {
    const s = await setup();
    const version = await run(['version', '-c', s.conf]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(
      /^keactrl: (\d+\.\d+\.\d+)\nkea-dhcp6: \1\nkea-dhcp-ddns: \1\nkea-ctrl-agent: \1\n$/,
    );
    expect(await run(['-v'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(await run([])).toMatchObject({
      code: 1,
      stdout:
        'ERROR/keactrl: missing command\nusage is keactrl command [-c keactrl-config-file] [-s server[,server,..]]\ncommands: start stop reload status version\n',
    });
    expect(await run(['start', '-s', 'dhcp9'])).toMatchObject({
      code: 1,
      stdout: 'ERROR/keactrl: invalid server name: dhcp9\n',
    });
    expect(await run(['status', '-c', join(dir, 'none.conf')])).toMatchObject({
      code: 1,
      stdout: `ERROR/keactrl: keactrl configuration file doesn't exist in ${join(dir, 'none.conf')}.\n`,
    });
  });

  it('uses the shipped etc/kea/keactrl.conf by default', async () => {
    const status = await run(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Kea DHCPv6 configuration file: ${repoRoot}/etc/kea/kea-dhcp6.conf\n`);
    expect(status.stdout).toContain(
      `Kea Control Agent configuration file: ${repoRoot}/etc/kea/kea-ctrl-agent.conf\n`,
    );
    expect(status.stdout).toContain(`keactrl configuration file: ${repoRoot}/etc/kea/keactrl.conf\n`);
    const check = await runToEnd(binPath('kea-ctrl-agent'), [
      '-t',
      join(repoRoot, 'etc', 'kea', 'kea-ctrl-agent.conf'),
    ]);
    expect(check).toMatchObject({ code: 0, stdout: 'Syntax check OK\n' });
  });
});
