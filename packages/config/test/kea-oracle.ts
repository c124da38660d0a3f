import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { type JsonValue, parseKeaJson } from '../src/index.js';

/** ISC Kea 2.2's binaries, the reference for what Kea accepts. */
export const KEA_BINARIES = {
  Dhcp6: '/usr/sbin/kea-dhcp6',
  DhcpDdns: '/usr/sbin/kea-dhcp-ddns',
  'Control-agent': '/usr/sbin/kea-ctrl-agent',
} as const;

export function keaAvailable(section: keyof typeof KEA_BINARIES): boolean {
  return existsSync(KEA_BINARIES[section]);
}

/**
 * Kea's -t looks at the machine: it opens the network interfaces a configuration names and
 * loads its hook libraries, refusing what this machine lacks. Configuration checking here does
 * not (the daemons do at start-up), so before Kea sees a document its interface names point at
 * the loopback and its hook libraries are left out.
 */
function withLocalInterfaces(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withLocalInterfaces);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'hooks-libraries') continue;
    if (key === 'interface' && typeof child === 'string') out[key] = 'lo';
    else if (key === 'interfaces-config' && child && typeof child === 'object' && !Array.isArray(child))
      out[key] = { ...child, interfaces: [] };
    else out[key] = withLocalInterfaces(child);
  }
  return out;
}

/** Runs Kea's `-t` on a document; returns whether Kea accepts it and what it said. */
export function keaCheck(
  section: keyof typeof KEA_BINARIES,
  text: string,
  workDir: string,
  name: string,
): { accepted: boolean; output: string } {
  let body: string;
  try {
    body = JSON.stringify(withLocalInterfaces(parseKeaJson(text, name).value));
  } catch {
    body = text; // not even our dialect: let Kea see it as written
  }
  const file = join(workDir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.kea.json`);
  writeFileSync(file, body);
  return keaCheckFile(section, file, workDir);
}

/** Runs Kea's `-t` on a file exactly as written (its own lexer sees every character). */
export function keaCheckFile(
  section: keyof typeof KEA_BINARIES,
  file: string,
  workDir: string,
): { accepted: boolean; output: string } {
  const result = spawnSync(KEA_BINARIES[section], ['-t', file], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, KEA_PIDFILE_DIR: workDir, KEA_LOCKFILE_DIR: workDir },
  });
  return { accepted: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/**
 * A document made runnable by kea-dhcp6 in `dir`: machine-dependent parts (interfaces, hook
 * libraries, host databases) left out or pointed at the loopback, state kept in `dir`, one
 * control socket so that Kea can be driven with config-set.
 */
export function runnableDhcp6(document: JsonValue, dir: string): JsonValue {
  const copy = withLocalInterfaces(document) as Record<string, Record<string, JsonValue>>;
  const dhcp6 = copy.Dhcp6!;
  delete dhcp6['hosts-database'];
  delete dhcp6['hosts-databases'];
  dhcp6['data-directory'] = dir;
  dhcp6['control-socket'] = { 'socket-type': 'unix', 'socket-name': join(dir, 'kea6.sock') };
  dhcp6['lease-database'] = { type: 'memfile', persist: false };
  dhcp6.loggers = [
    { name: 'kea-dhcp6', severity: 'WARN', output_options: [{ output: join(dir, 'kea.log') }] },
  ];
  return copy;
}

/** A Kea daemon driven over its control socket; stop() ends it by its PID. */
export interface KeaProcess {
  command(
    command: string,
    args?: JsonValue,
  ): Promise<{ result: number; text?: string; arguments?: JsonValue }>;
  stop(): Promise<void>;
}

/** Starts kea-dhcp6 on `document` (made runnable in `dir`, which must be its own directory). */
export function startKeaDhcp6(dir: string, document: JsonValue): Promise<KeaProcess> {
  return startKeaDaemon('Dhcp6', dir, document, join(dir, 'kea6.sock'));
}

/** A DhcpDdns document runnable in `dir`: its own control socket and UDP port, no hooks. */
export function runnableD2(document: JsonValue, dir: string, port: number): JsonValue {
  const copy = withLocalInterfaces(document) as Record<string, Record<string, JsonValue>>;
  const d2 = copy.DhcpDdns!;
  d2['control-socket'] = { 'socket-type': 'unix', 'socket-name': join(dir, 'd2.sock') };
  d2.port = port;
  d2.loggers = [
    { name: 'kea-dhcp-ddns', severity: 'WARN', output_options: [{ output: join(dir, 'kea.log') }] },
  ];
  return copy;
}

/** Starts kea-dhcp-ddns on a document made by runnableD2. */
export function startKeaD2(dir: string, document: JsonValue): Promise<KeaProcess> {
  return startKeaDaemon('DhcpDdns', dir, document, join(dir, 'd2.sock'));
}

/** Whether a unix socket accepts a connection now (closed again at once). */
function accepts(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function startKeaDaemon(
  section: keyof typeof KEA_BINARIES,
  dir: string,
  document: JsonValue,
  socket: string,
): Promise<KeaProcess> {
  const file = join(dir, 'kea-start.json');
  writeFileSync(file, JSON.stringify(document));
  const child = spawn(KEA_BINARIES[section], ['-c', file], {
    env: { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  // The socket file appears at bind(), before Kea listens: wait until a connection is accepted.
  let ready = false;
  for (let i = 0; i < 200 && !ready; i++) {
    if (child.exitCode !== null) break;
    ready = existsSync(socket) && (await accepts(socket));
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!ready) {
    await stop();
    throw new Error(`${KEA_BINARIES[section]} did not open its control socket`);
  }
  const command: KeaProcess['command'] = (name, args) =>
    new Promise((resolve, reject) => {
      const connection = createConnection(socket);
      let reply = '';
      const timer = setTimeout(() => connection.destroy(new Error(`no answer to ${name}`)), 10_000);
      connection.setEncoding('utf8');
      connection.on('data', (chunk) => {
        reply += chunk;
      });
      connection.on('end', () => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(reply));
        } catch (err) {
          reject(err);
        }
      });
      connection.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      connection.write(
        JSON.stringify(args === undefined ? { command: name } : { command: name, arguments: args }),
      );
    });
  return { command, stop };
}
