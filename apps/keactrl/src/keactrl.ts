import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDirectories, nestorVersion } from '@nestor/daemon';
import { type KeactrlArgs, parseKeactrlArgs, USAGE } from './cli.js';
import { KeactrlConfError } from './conf.js';
import { binaryExists, runningPid, START_WAIT_MS, STOP_WAIT_MS, startDaemon, stopDaemon } from './daemons.js';
import {
  defaultKeactrlConf,
  type KeactrlSettings,
  loadKeactrlSettings,
  type ServerEntry,
} from './servers.js';

/** Where keactrl's lines go (stdout, as Kea's keactrl prints everything there). */
export interface KeactrlIo {
  out(line: string): void;
}

const info = (io: KeactrlIo, text: string): void => io.out(`INFO/keactrl: ${text}`);
const error = (io: KeactrlIo, text: string): void => io.out(`ERROR/keactrl: ${text}`);

function versionOf(binary: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(binary, ['-v'], { timeout: 10_000 }, (err, stdout) => {
      resolve(err ? `unknown, ${binary} -v failed` : stdout.trim());
    });
  });
}

class Keactrl {
  private status = 0;

  constructor(
    private readonly settings: KeactrlSettings,
    private readonly selection: KeactrlArgs & { kind: 'run' },
    private readonly io: KeactrlIo,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The servers a command acts on: named with -s (or all), Netconf only where it exists. */
  private selected(requireEnabled: boolean): ServerEntry[] {
    const { servers } = this.selection;
    return this.settings.servers.filter(
      (server) =>
        (servers === 'all' || servers.includes(server.name)) &&
        (server.name !== 'netconf' || this.settings.hasNetconf) &&
        (!requireEnabled || server.enabled),
    );
  }

  private fail(text: string): void {
    error(this.io, text);
    this.status = 1;
  }

  private outputFile(): string {
    const fromEnv = this.env.KEA_LOG_FILE_DIR;
    const dir =
      fromEnv !== undefined && fromEnv !== '' ? fromEnv : defaultDirectories(this.settings.prefix).logDir;
    return join(dir, 'keactrl.log');
  }

  async start(): Promise<number> {
    for (const server of this.selected(true)) {
      if (server.binary === '') {
        this.fail(`${server.binaryKey} parameter not specified`);
        continue;
      }
      if (!binaryExists(server)) {
        this.fail(`${server.program} binary does not exist: ${server.binary}.`);
        continue;
      }
      if (server.configFile === '' || !existsSync(server.configFile)) {
        this.fail(`Configuration file for Kea does not exist: ${server.configFile}.`);
        continue;
      }
      const { pid, pidFile } = runningPid(server, this.env);
      if (pid !== undefined) {
        info(this.io, `${server.processName} appears to be running, see: PID ${pid}, PID file: ${pidFile}.`);
        continue;
      }
      const args = ['-c', server.configFile, ...(this.settings.verbose ? ['-d'] : [])];
      info(this.io, `Starting ${[server.binary, ...args].join(' ')}`);
      const output = this.outputFile();
      const outcome = await startDaemon(server, args, output, this.env);
      if (!outcome.ok) this.fail(`${server.processName} ${outcome.reason}; see ${output}`);
    }
    return this.status;
  }

  /** Servers keactrl.conf gives a binary for: one it names none for is not installed. */
  private installed(): ServerEntry[] {
    return this.selected(false).filter((server) => server.binary !== '');
  }

  async stop(): Promise<number> {
    for (const server of this.installed()) {
      const { pid } = server.configFile === '' ? { pid: undefined } : runningPid(server, this.env);
      if (pid === undefined) {
        info(this.io, `${server.processName} isn't running.`);
        continue;
      }
      info(this.io, `Stopping ${server.processName}...`);
      if (!(await stopDaemon(pid))) {
        this.fail(`${server.processName} (PID ${pid}) did not stop within ${STOP_WAIT_MS / 1000} s.`);
      }
    }
    return this.status;
  }

  async reload(): Promise<number> {
    for (const server of this.installed()) {
      const { pid } = server.configFile === '' ? { pid: undefined } : runningPid(server, this.env);
      if (pid === undefined) {
        info(this.io, `${server.processName} isn't running.`);
        continue;
      }
      info(this.io, `Reloading ${server.processName}...`);
      try {
        process.kill(pid, 'SIGHUP');
      } catch (err) {
        this.fail(
          `Reload failed, could not send signal 1 to process ${server.processName}, PID ${pid}: ${(err as Error).message}`,
        );
      }
    }
    return this.status;
  }

  async statusReport(): Promise<number> {
    const shown = this.settings.servers.filter((s) => s.name !== 'netconf' || this.settings.hasNetconf);
    for (const server of shown) {
      const running = server.configFile !== '' && runningPid(server, this.env).pid !== undefined;
      this.io.out(`${server.statusTitle}: ${running ? 'active' : 'inactive'}`);
    }
    for (const server of shown) this.io.out(`${server.configTitle}: ${server.configFile}`);
    this.io.out(`keactrl configuration file: ${this.settings.file}`);
    // Like Kea's, the check that the configuration files exist ends the report; Nestor checks
    // only the servers keactrl.conf enables, since it ships no DHCPv4 server.
    for (const server of shown.filter((s) => s.enabled)) {
      if (server.configFile === '') {
        this.fail('Configuration file for Kea not specified.');
        break;
      }
      if (!existsSync(server.configFile)) {
        this.fail(`Configuration file for Kea does not exist: ${server.configFile}.`);
        break;
      }
    }
    return this.status;
  }

  async version(): Promise<number> {
    this.io.out(`keactrl: ${nestorVersion()}`);
    for (const server of this.installed()) {
      const version = binaryExists(server)
        ? await versionOf(server.binary)
        : `unknown, ${server.binary} missing`;
      this.io.out(`${server.program}: ${version}`);
    }
    return this.status;
  }
}

/** keactrl: start, stop, reload, status or version of the daemons keactrl.conf lists. */
export async function runKeactrl(
  argv: readonly string[],
  io: KeactrlIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseKeactrlArgs(argv);
  if (args.kind === 'print-version') {
    io.out(nestorVersion());
    return 0;
  }
  if (args.kind === 'error') {
    error(io, args.message);
    if (args.usage) io.out(USAGE.trimEnd());
    return 1;
  }
  const file = args.confFile ?? defaultKeactrlConf();
  if (!existsSync(file)) {
    error(io, `keactrl configuration file doesn't exist in ${file}.`);
    return 1;
  }
  let settings: KeactrlSettings;
  try {
    settings = loadKeactrlSettings(file, env);
  } catch (err) {
    error(
      io,
      err instanceof KeactrlConfError ? err.message : `cannot read ${file}: ${(err as Error).message}`,
    );
    return 1;
  }
  const keactrl = new Keactrl(settings, args, io, env);
  switch (args.command) {
    case 'start':
      return keactrl.start();
    case 'stop':
      return keactrl.stop();
    case 'reload':
      return keactrl.reload();
    case 'status':
      return keactrl.statusReport();
    case 'version':
      return keactrl.version();
  }
}

export { START_WAIT_MS, STOP_WAIT_MS };
