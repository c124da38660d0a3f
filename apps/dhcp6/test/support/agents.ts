/**
 * Control agents for the command tests: Nestor's bin/kea-ctrl-agent and ISC's kea-ctrl-agent 2.2,
 * each started on 127.0.0.1 with a free port, forwarding "dhcp6" to a given unix socket, and
 * stopped by pid; plus the HTTP POST the agents' clients send.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { ControlAnswer, JsonValue } from '@nestor/control';
import { binPath, RunningProgram } from '@nestor/testkit';
import { type Dirs, freeTcpPort, keaEnv } from '../commands-support.js';
import { ISC_KEA_CTRL_AGENT } from './isc-kea.js';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One POST of a JSON body (bounded), as kea-shell and Stork send commands. */
export function post(url: string, body: string, timeoutMs = 15_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A control agent and the URL it serves on. */
export class Agent {
  constructor(
    readonly program: RunningProgram,
    readonly url: string,
    private readonly logFile?: string,
  ) {}

  /** Sends a command for the given services; resolves with the HTTP status and the parsed body. */
  async send(
    command: string,
    args?: JsonValue,
    service: string[] = ['dhcp6'],
  ): Promise<{ status: number; json: unknown }> {
    const body: Record<string, JsonValue> = { command, service };
    if (args !== undefined) body.arguments = args;
    const answer = await post(this.url, JSON.stringify(body));
    return { status: answer.status, json: JSON.parse(answer.body) as unknown };
  }

  /** The one answer of a one-service request; fails unless the body is a one-element list. */
  async command(command: string, args?: JsonValue): Promise<ControlAnswer> {
    const { status, json } = await this.send(command, args);
    if (status !== 200 || !Array.isArray(json) || json.length !== 1) {
      throw new Error(
        `${command}: HTTP ${status}, body ${JSON.stringify(json).slice(0, 300)} is not a one-answer list`,
      );
    }
    return json[0] as ControlAnswer;
  }

  log(): string {
    return this.logFile && existsSync(this.logFile)
      ? readFileSync(this.logFile, 'utf8')
      : this.program.output;
  }

  stop() {
    return this.program.stop();
  }
}

/** Starts bin/kea-ctrl-agent forwarding dhcp6 to `socketName` (in dirs.run), waits until it serves. */
export async function startNestorAgent(dirs: Dirs, socketName: string): Promise<Agent> {
  const port = await freeTcpPort();
  const configFile = join(dirs.etc, 'kea-ctrl-agent.conf');
  const section = {
    'http-host': '127.0.0.1',
    'http-port': port,
    // No "loggers": the default (INFO to stdout) is what start-up is detected by.
    'control-sockets': { dhcp6: { 'socket-type': 'unix', 'socket-name': socketName } },
  };
  writeFileSync(configFile, JSON.stringify({ 'Control-agent': section }, null, 2));
  const program = new RunningProgram(binPath('kea-ctrl-agent'), ['-c', configFile], keaEnv(dirs));
  try {
    await program.waitFor(/CTRL_AGENT_STARTED|CTRL_AGENT_.*FAIL/, 15_000);
  } catch (err) {
    await program.stop();
    throw err;
  }
  if (!/CTRL_AGENT_STARTED/.test(program.output)) {
    await program.stop();
    throw new Error(`kea-ctrl-agent did not start:\n${program.output}`);
  }
  return new Agent(program, `http://127.0.0.1:${port}/`);
}

/** Starts ISC's kea-ctrl-agent 2.2 (files in `dir`) forwarding dhcp6 to the socket at `socketPath`. */
export async function startIscAgent(dir: string, socketPath: string): Promise<Agent> {
  const port = await freeTcpPort();
  const configFile = join(dir, 'isc-ctrl-agent.conf');
  const logFile = join(dir, 'isc-ctrl-agent.log');
  const section = {
    'http-host': '127.0.0.1',
    'http-port': port,
    'control-sockets': { dhcp6: { 'socket-type': 'unix', 'socket-name': socketPath } },
    loggers: [{ name: 'kea-ctrl-agent', severity: 'INFO', output_options: [{ output: logFile }] }],
  };
  writeFileSync(configFile, JSON.stringify({ 'Control-agent': section }, null, 2));
  const program = new RunningProgram(ISC_KEA_CTRL_AGENT, ['-c', configFile], {
    KEA_PIDFILE_DIR: dir,
    KEA_LOCKFILE_DIR: dir,
  });
  const agent = new Agent(program, `http://127.0.0.1:${port}/`, logFile);
  // It logs to its file; it is ready when it answers its own list-commands.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (!program.running) throw new Error(`ISC kea-ctrl-agent exited:\n${program.output}\n${agent.log()}`);
    try {
      const { status } = await agent.send('list-commands', undefined, []);
      if (status === 200) return agent;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await program.stop();
      throw new Error(`ISC kea-ctrl-agent did not answer in 15 s:\n${agent.log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
