import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installation prefix, as Kea's `--prefix`: the repository (or unpacked release) root.
 * Resolved from this module's own location (packages/daemon/dist/paths.js), so binaries find
 * their default directories from any working directory.
 */
export const installPrefix: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Kea's compiled-in directories, under the install prefix. */
export interface DefaultDirectories {
  /** Pid files and control sockets (Kea: `[runstatedir]/kea`). */
  runStateDir: string;
  /** Lease files and the server DUID (Kea: `[localstatedir]/lib/kea`). */
  dataDir: string;
  /** Log files (Kea: `[localstatedir]/log/kea`). */
  logDir: string;
  /** Configuration files (Kea: `[sysconfdir]/kea`). */
  configDir: string;
}

export function defaultDirectories(prefix: string = installPrefix): DefaultDirectories {
  return {
    runStateDir: join(prefix, 'var', 'run', 'kea'),
    dataDir: join(prefix, 'var', 'lib', 'kea'),
    logDir: join(prefix, 'var', 'log', 'kea'),
    configDir: join(prefix, 'etc', 'kea'),
  };
}

/** Directory of pid files: `KEA_PIDFILE_DIR` when set, else the default run-state directory. */
export function pidFileDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KEA_PIDFILE_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : defaultDirectories().runStateDir;
}

/**
 * `[dir]/[config file stem].[process name].pid`, as Kea names it: `-c /etc/kea/kea-dhcp6.conf`
 * gives `kea-dhcp6.kea-dhcp6.pid`.
 */
export function pidFilePath(
  configFile: string,
  processName: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const file = basename(configFile);
  const stem = extname(file) === '' ? file : file.slice(0, -extname(file).length);
  return join(pidFileDirectory(env), `${stem}.${processName}.pid`);
}
