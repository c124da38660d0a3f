/**
 * The control endpoints of every Nestor daemon, as the lockout tests meet them: each started
 * as operators start it (bin/ program, -c file, Kea's directory variables), with a way to send
 * one command, a request a slowloris trickles, how an evicted connection looks from the
 * client, and (where a command can be held in progress) a command left in progress.
 */
import { writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  binPath,
  type ControlAnswer,
  type DaemonDirs,
  daemonEnv,
  type FloodTarget,
  freePort,
  type HeldConnection,
  post,
  RunningProgram,
  sendControlCommand,
  startCtrlAgent,
  waitUntil,
} from '@nestor/testkit';

/** A command left in progress on the endpoint; `finish` lets it complete and returns its answer. */
export interface CommandInProgress {
  finish(): Promise<ControlAnswer>;
}

export interface StartedEndpoint {
  program: RunningProgram;
  target: FloodTarget;
  /** A request that never completes within a test, to send a byte at a time. */
  slowRequest: string;
  /** Sends one command (bounded: a lockout shows as a failure, not a hang). */
  command(name: string): Promise<ControlAnswer>;
  /** Whether the server closed this connection to make room, rather than for a timeout. */
  evicted(connection: HeldConnection): boolean;
  /** Whether the server closed this connection with its timeout answer (Kea's words). */
  timedOut(connection: HeldConnection): boolean;
  /** Starts a command that stays in progress until finished; undefined where none can be held. */
  startCommandInProgress?: () => Promise<CommandInProgress>;
  /** Closes what the endpoint's test set-up opened besides the program. */
  cleanup(): Promise<void>;
}

export interface EndpointUnderTest {
  label: string;
  /** The message id evictions are logged under. */
  evictionId: string;
  /** Whether a command can be held in progress there (StartedEndpoint.startCommandInProgress). */
  holdsCommand: boolean;
  start(dirs: DaemonDirs): Promise<StartedEndpoint>;
}

/** Logs at INFO to stdout, where RunningProgram collects them. */
const stdoutLoggers = (name: string) => [{ name, severity: 'INFO', output_options: [{ output: 'stdout' }] }];

/** config-get answers with this in the section: an answer far larger than a unix socket's buffers. */
const BLOB_BYTES = 2 * 1024 * 1024;
const blob = (): Record<string, unknown> => ({ 'user-context': { blob: 'b'.repeat(BLOB_BYTES) } });

const UNIX_SLOW_REQUEST = `{"command": "status-get", "arguments": {"padding": "${'p'.repeat(200)}"}}`;
const HTTP_SLOW_REQUEST = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: ${'p'.repeat(200)}\r\n\r\n`;
const AUTH = { type: 'basic', clients: [{ user: 'admin', password: 'secret' }] };
const CREDENTIALS = 'admin:secret';

/** What a unix socket answers a connection closed to make room. */
const evictedOverUnix = (c: HeldConnection): boolean =>
  c.closedByServer() && c.received().includes('closed to make room for a new one');
/** Kea's answer to a connection silent for its 10 s. */
const timedOutOverUnix = (c: HeldConnection): boolean =>
  c.closedByServer() &&
  c.received() === '{ "result": 1, "text": "Connection over control channel timed out" }';
/** Kea's 408, once a request's headers are overdue. */
const timedOutOverHttp = (c: HeldConnection): boolean =>
  c.closedByServer() &&
  /^HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*\r\n\r\n\{ "result": 408, "text": "Request Timeout" \}$/.test(
    c.received(),
  );
/** An HTTP connection evicted is closed without a word (a timed-out one gets a 408). */
const evictedOverHttp = (c: HeldConnection): boolean => c.closedByServer() && c.received() === '';

async function startProgram(
  program: string,
  args: string[],
  dirs: DaemonDirs,
  ready: RegExp,
  failed: RegExp,
) {
  const running = new RunningProgram(program, args, daemonEnv(dirs));
  try {
    await running.waitFor(new RegExp(`${ready.source}|${failed.source}`), 15_000);
    if (!ready.test(running.output)) throw new Error(`${program} did not start:\n${running.output}`);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

/**
 * config-get over a unix socket by a client that does not read its answer until finished: the
 * answer is under way, most of it waiting in the daemon. The answer must then arrive whole.
 */
function bigAnswerInProgress(path: string, section: string): () => Promise<CommandInProgress> {
  return async () => {
    const socket = createConnection(path);
    socket.pause();
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      socket.on('end', resolve);
      socket.on('error', reject);
    });
    socket.write('{"command": "config-get"}');
    // The daemon runs the command at once; give it the time to start writing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {
      finish: async () => {
        socket.resume();
        await ended;
        socket.destroy();
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ControlAnswer;
        const args = answer.arguments as Record<string, { 'user-context'?: { blob?: string } }> | undefined;
        if (args?.[section]?.['user-context']?.blob?.length !== BLOB_BYTES) {
          throw new Error(`config-get answer came without its ${BLOB_BYTES}-byte user-context`);
        }
        return answer;
      },
    };
  };
}

const tcp = (port: number) => ({ host: '127.0.0.1', port });

export const dhcp6Unix: EndpointUnderTest = {
  label: 'kea-dhcp6, unix control socket',
  holdsCommand: true,
  evictionId: 'COMMAND_SOCKET_CONNECTION_EVICTED',
  async start(dirs) {
    const file = join(dirs.etc, 'kea-dhcp6.conf');
    writeFileSync(
      file,
      JSON.stringify({
        Dhcp6: {
          'interfaces-config': { interfaces: [] },
          'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
          'lease-database': { type: 'memfile', persist: false },
          loggers: stdoutLoggers('kea-dhcp6'),
          ...blob(),
        },
      }),
    );
    const program = await startProgram(
      binPath('kea-dhcp6'),
      ['-c', file, '-p', String(await freePort()), '-P', String(await freePort())],
      dirs,
      /DHCP6_STARTED/,
      /DHCP6_INIT_FAIL|DHCP6_CONFIG_LOAD_FAIL/,
    );
    const path = join(dirs.run, 'kea6-ctrl-socket');
    return {
      program,
      target: { path },
      slowRequest: UNIX_SLOW_REQUEST,
      command: (name) => sendControlCommand(path, name, undefined, 5_000),
      evicted: evictedOverUnix,
      timedOut: timedOutOverUnix,
      startCommandInProgress: bigAnswerInProgress(path, 'Dhcp6'),
      cleanup: async () => undefined,
    };
  },
};

function d2Config(dirs: DaemonDirs, controls: Record<string, unknown>, port: number): string {
  const file = join(dirs.etc, 'kea-dhcp-ddns.conf');
  writeFileSync(
    file,
    JSON.stringify({
      DhcpDdns: {
        'ip-address': '127.0.0.1',
        port,
        ...controls,
        loggers: stdoutLoggers('kea-dhcp-ddns'),
        ...blob(),
      },
    }),
  );
  return file;
}

export const d2Unix: EndpointUnderTest = {
  label: 'kea-dhcp-ddns, unix control socket',
  holdsCommand: true,
  evictionId: 'COMMAND_SOCKET_CONNECTION_EVICTED',
  async start(dirs) {
    const file = d2Config(
      dirs,
      { 'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea-ddns-ctrl-socket' } },
      await freePort(),
    );
    const program = await startProgram(
      binPath('kea-dhcp-ddns'),
      ['-c', file],
      dirs,
      /DHCP_DDNS_STARTED/,
      /DHCP_DDNS_[A-Z_]*FAIL/,
    );
    const path = join(dirs.run, 'kea-ddns-ctrl-socket');
    return {
      program,
      target: { path },
      slowRequest: UNIX_SLOW_REQUEST,
      command: (name) => sendControlCommand(path, name, undefined, 5_000),
      evicted: evictedOverUnix,
      timedOut: timedOutOverUnix,
      startCommandInProgress: bigAnswerInProgress(path, 'DhcpDdns'),
      cleanup: async () => undefined,
    };
  },
};

/** One command over HTTP, bounded; the answer is the list's one element. */
async function postCommand(url: string, body: Record<string, unknown>): Promise<ControlAnswer> {
  const reply = await Promise.race([
    post(url, JSON.stringify(body), { auth: CREDENTIALS }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer from ${url} in 5 s`)), 5_000),
    ),
  ]);
  if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.body}`);
  const list = JSON.parse(reply.body) as ControlAnswer[];
  if (list.length !== 1) throw new Error(`expected one answer, got ${reply.body}`);
  return list[0] as ControlAnswer;
}

export const d2Http: EndpointUnderTest = {
  label: 'kea-dhcp-ddns, Kea 3 HTTP control socket',
  holdsCommand: false,
  evictionId: 'HTTP_CONNECTION_EVICTED',
  async start(dirs) {
    const port = await freePort();
    const file = d2Config(
      dirs,
      { 'control-sockets': [{ 'socket-type': 'http', 'socket-port': port, authentication: AUTH }] },
      await freePort(),
    );
    const program = await startProgram(
      binPath('kea-dhcp-ddns'),
      ['-c', file],
      dirs,
      /DHCP_DDNS_STARTED/,
      /DHCP_DDNS_[A-Z_]*FAIL/,
    );
    const url = `http://127.0.0.1:${port}/`;
    return {
      program,
      target: tcp(port),
      slowRequest: HTTP_SLOW_REQUEST,
      command: (name) => postCommand(url, { command: name }),
      evicted: evictedOverHttp,
      timedOut: timedOutOverHttp,
      // The daemon's commands run without waiting on anything: none stays in progress long
      // enough to flood around it (the listener's sparing of running requests is tested in
      // packages/control, and through the agent here).
      cleanup: async () => undefined,
    };
  },
};

/**
 * A daemon's unix socket served by the test for the agent to forward to: it takes each
 * command and answers only when released, so the agent's request stays in progress.
 */
async function heldService(path: string) {
  const waiting: Socket[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => waiting.push(socket));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    waiting,
    release: () => {
      for (const socket of waiting.splice(0)) socket.end('{ "result": 0, "text": "released" }');
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const ctrlAgentHttp: EndpointUnderTest = {
  label: 'kea-ctrl-agent, HTTP listener',
  holdsCommand: true,
  evictionId: 'HTTP_CONNECTION_EVICTED',
  async start(dirs) {
    const servicePath = join(dirs.run, 'held-dhcp6-socket');
    const service = await heldService(servicePath);
    let started: Awaited<ReturnType<typeof startCtrlAgent>>;
    try {
      started = await startCtrlAgent(dirs, {
        authentication: AUTH,
        'control-sockets': { dhcp6: { 'socket-type': 'unix', 'socket-name': servicePath } },
        loggers: stdoutLoggers('kea-ctrl-agent'),
      });
    } catch (error) {
      await service.close();
      throw error;
    }
    const { url, port, program } = started;
    return {
      program,
      target: tcp(port),
      slowRequest: HTTP_SLOW_REQUEST,
      command: (name) => postCommand(url, { command: name }),
      evicted: evictedOverHttp,
      timedOut: timedOutOverHttp,
      startCommandInProgress: async () => {
        // Forwarded to the held service: the agent's request runs until the service answers.
        const reply = postCommand(url, { command: 'status-get', service: ['dhcp6'] });
        reply.catch(() => undefined);
        await waitUntil(() => service.waiting.length === 1, {
          timeoutMs: 5_000,
          what: 'the forwarded command',
        });
        return {
          finish: async () => {
            service.release();
            return reply;
          },
        };
      },
      cleanup: () => service.close(),
    };
  },
};

/** Every daemon's control endpoints: the lockout tests run each scenario against each. */
export const CONTROL_ENDPOINTS: readonly EndpointUnderTest[] = [dhcp6Unix, d2Unix, d2Http, ctrlAgentHttp];
