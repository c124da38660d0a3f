import { createSocket } from 'node:dgram';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  daemonEnv,
  freePort,
  RunningProgram,
  sendControlCommand,
  startCtrlAgent,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { postJson, type SendCommand, viaHttp, viaUnix } from './support/channels.js';
import { makeDirs, STDOUT_LOGGERS, startD2, writeConfig } from './support/d2.js';
import { checkSharedCommands } from './support/shared-commands.js';

/** ISC Kea 2.2's own programs, the reference Nestor must interoperate with. */
const ISC_AGENT = '/usr/sbin/kea-ctrl-agent';
const ISC_D2 = '/usr/sbin/kea-dhcp-ddns';

const dirs = makeDirs('d2-interop-');
const started: RunningProgram[] = [];
afterEach(async () => {
  // Agents first (they were started last), then the daemons they front.
  for (const program of started.splice(0).reverse()) await program.stop();
});
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));

/** A Nestor kea-dhcp-ddns with a Kea 2 unix control socket in the socket directory. */
async function nestorD2(name: string) {
  const configFile = writeConfig(dirs, `${name}.conf`, {
    'control-socket': { 'socket-type': 'unix', 'socket-name': `${name}-socket` },
    loggers: STDOUT_LOGGERS,
  });
  const program = await startD2(dirs, configFile, started);
  return { program, configFile, socket: join(dirs.run, `${name}-socket`) };
}

/** Everything an agent forwards with "service": ["d2"], then shutdown, which stops d2. */
async function forwardEverything(send: SendCommand, d2: Awaited<ReturnType<typeof nestorD2>>, copy: string) {
  await checkSharedCommands(send, {
    pid: d2.program.pid,
    configFile: d2.configFile,
    etc: dirs.etc,
    copyName: copy,
  });
  expect(await send('shutdown')).toEqual({ result: 0, text: 'Shutdown initiated, type is: normal' });
  expect((await d2.program.exited).code).toBe(0);
}

/** A UDP port free right now on 127.0.0.1 (for ISC's D2, which listens for NCRs). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

describe('agents forwarding to Nestor kea-dhcp-ddns with "service": ["d2"]', () => {
  it("Nestor's kea-ctrl-agent gets every shared command answered", async () => {
    const d2 = await nestorD2('via-nestor');
    const agent = await startCtrlAgent(
      dirs,
      {
        authentication: { type: 'basic', clients: [{ user: 'ops', password: 'pw' }] },
        'control-sockets': { d2: { 'socket-type': 'unix', 'socket-name': 'via-nestor-socket' } },
      },
      { name: 'nestor-agent.conf' },
    );
    started.push(agent.program);
    await forwardEverything(
      viaHttp(agent.url, { auth: 'ops:pw', service: ['d2'] }),
      d2,
      'nestor-agent-copy.json',
    );
  });

  it.skipIf(!existsSync(ISC_AGENT))("ISC's kea-ctrl-agent gets every shared command answered", async () => {
    const d2 = await nestorD2('via-isc');
    const port = await freePort();
    const agentConf = join(dirs.etc, 'isc-agent.conf');
    writeFileSync(
      agentConf,
      JSON.stringify({
        'Control-agent': {
          'http-host': '127.0.0.1',
          'http-port': port,
          'control-sockets': { d2: { 'socket-type': 'unix', 'socket-name': d2.socket } },
          loggers: [
            {
              name: 'kea-ctrl-agent',
              severity: 'INFO',
              output_options: [{ output: join(dirs.log, 'isc-agent.log') }],
            },
          ],
        },
      }),
    );
    const agent = new RunningProgram(ISC_AGENT, ['-c', agentConf], daemonEnv(dirs));
    started.push(agent);
    const url = `http://127.0.0.1:${port}/`;
    await waitUntil(
      async () => (await postJson(url, { command: 'list-commands' }).catch(() => undefined))?.status === 200,
      {
        timeoutMs: 15_000,
        what: "ISC's kea-ctrl-agent to listen",
        abortIf: () => (agent.running ? undefined : agent.output),
      },
    );
    await forwardEverything(viaHttp(url, { service: ['d2'] }), d2, 'isc-agent-copy.json');
  });
});

describe.skipIf(!existsSync(ISC_D2))("config-get against ISC's kea-dhcp-ddns", () => {
  it('shows the same section, defaults filled in, for the same file', async () => {
    const section = {
      'ip-address': '127.0.0.1',
      port: await freeUdpPort(),
      'tsig-keys': [
        { name: 'key.example', algorithm: 'HMAC-SHA256', secret: 'LSWXnfkKZjdPJI5QxlpnfQ==' },
        { name: 'short', algorithm: 'hmac-sha512', 'digest-bits': 256, secret: 'LSWXnfkKZjdPJI5QxlpnfQ==' },
      ],
      'forward-ddns': {
        'ddns-domains': [
          {
            name: 'example.com.',
            'key-name': 'key.example',
            comment: 'the forward zone',
            'dns-servers': [{ 'ip-address': '192.0.2.53' }, { 'ip-address': '2001:db8::53', port: 5353 }],
          },
        ],
      },
      'reverse-ddns': {
        'ddns-domains': [{ name: '2.0.192.in-addr.arpa.', 'dns-servers': [{ 'ip-address': '192.0.2.53' }] }],
      },
      'user-context': { site: 'lab' },
      loggers: [
        { name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: join(dirs.log, 'diff.log') }] },
      ],
    };
    const nestorFile = writeConfig(dirs, 'diff-nestor.conf', {
      ...section,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'diff-nestor-socket' },
      loggers: [...section.loggers, ...STDOUT_LOGGERS],
    });
    const iscSocket = join(dirs.run, 'diff-isc-socket');
    const iscFile = writeConfig(dirs, 'diff-isc.conf', {
      ...section,
      'control-socket': { 'socket-type': 'unix', 'socket-name': iscSocket },
      loggers: [...section.loggers, ...STDOUT_LOGGERS],
    });
    await startD2(dirs, nestorFile, started);
    const isc = new RunningProgram(ISC_D2, ['-c', iscFile], daemonEnv(dirs));
    started.push(isc);
    await waitUntil(
      async () => (await sendControlCommand(iscSocket, 'status-get').catch(() => undefined))?.result === 0,
      {
        timeoutMs: 15_000,
        what: "ISC's kea-dhcp-ddns to answer",
        abortIf: () => (isc.running ? undefined : isc.output),
      },
    );
    const withoutSocket = (answer: { arguments?: unknown }) => {
      const { 'control-socket': _socket, ...rest } = (
        answer.arguments as { DhcpDdns: Record<string, unknown> }
      ).DhcpDdns;
      return rest;
    };
    const ours = await viaUnix(join(dirs.run, 'diff-nestor-socket'))('config-get');
    const theirs = await sendControlCommand(iscSocket, 'config-get');
    expect(withoutSocket(ours)).toEqual(withoutSocket(theirs));
  });
});
