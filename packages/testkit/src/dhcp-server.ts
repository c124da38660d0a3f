import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { TestkitError } from './errors.js';
import { checkNamePart } from './names.js';
import type { Namespace, TestNetwork } from './network.js';
import type { NsProcess } from './ns-process.js';
import { repoRoot } from './process.js';
import { waitUntil } from './wait.js';

/** ISC's own server, the yardstick every scenario is validated against first. */
export const ISC_KEA_DHCP6 = '/usr/sbin/kea-dhcp6';

/**
 * A DHCPv6 server under test: a command line that takes Kea's `-c CONFIG` (ISC kea-dhcp6 and
 * Nestor's bin/kea-dhcp6 both do) and runs in the foreground.
 */
export interface ServerCommand {
  /** What reports and test names call it ("ISC Kea 2.2", "Nestor"). */
  label: string;
  argv: readonly string[];
}

/**
 * Reads a server command line from text such as an environment variable: words split on
 * whitespace (no quoting); a relative program path is taken from the repository root, so
 * "bin/kea-dhcp6" works from any package folder.
 */
export function parseServerCommand(text: string, label?: string): ServerCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [program, ...args] = words;
  if (program === undefined) throw new TestkitError('BAD_INPUT', 'empty server command');
  const path = program.includes('/') && !isAbsolute(program) ? resolve(repoRoot, program) : program;
  return { label: label ?? path, argv: [path, ...args] };
}

export interface StartServerOptions {
  command: ServerCommand;
  configPath: string;
  /** Process label (file names). Default "server". */
  tag?: string;
  /** The port whose binding means "ready". Default 547. */
  port?: number;
  /** Bound on the start. Default 10 s. */
  timeoutMs?: number;
  /** More environment for the server (MYSQL_UNIX_PORT...). */
  env?: NodeJS.ProcessEnv;
  /**
   * The server's unix control socket: "ready" then also means it exists. A server may bind its
   * UDP port before it opens this socket, and a command sent in between finds no file.
   */
  controlSocket?: string;
}

/**
 * Starts the server in a namespace with `-c CONFIG`, its pid and lock files in the network's
 * folder (KEA_PIDFILE_DIR / KEA_LOCKFILE_DIR, so nothing lands in /run/kea), and resolves once
 * it has bound UDP 547 there. A server that exits or never binds fails with its output.
 */
export async function startDhcp6Server(
  network: TestNetwork,
  ns: Namespace,
  options: StartServerOptions,
): Promise<NsProcess> {
  const tag = checkNamePart(options.tag ?? 'server', 'server tag');
  const server = network.spawn(ns, tag, [...options.command.argv, '-c', options.configPath], {
    KEA_PIDFILE_DIR: network.dir,
    KEA_LOCKFILE_DIR: network.dir,
    ...options.env,
  });
  try {
    await ns.waitForUdpPort(options.port ?? 547, options.timeoutMs ?? 10_000, server);
    const socket = options.controlSocket;
    if (socket !== undefined)
      await waitUntil(() => existsSync(socket), {
        timeoutMs: options.timeoutMs ?? 10_000,
        intervalMs: 20,
        what: `control socket ${socket}`,
        abortIf: () => (server.running ? undefined : 'the server exited'),
      });
  } catch (error) {
    const output = server.output();
    await server.stop(2_000);
    throw new TestkitError(
      'PROCESS_EXITED',
      `${options.command.label} did not start: ${(error as Error).message.split('\n')[0]}\n${output.slice(-2000)}`,
      { cause: error },
    );
  }
  return server;
}
