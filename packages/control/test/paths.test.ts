import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ControlError,
  checkLeaseFilePath,
  configuredPaths,
  type JsonObject,
  PathPolicy,
  pathProblems,
  resolveLogOutput,
  restrictUmask,
  trustConfiguredPaths,
} from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'control-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dirs = {
  etc: join(root, 'etc'),
  run: join(root, 'run'),
  log: join(root, 'log'),
  lib: join(root, 'lib'),
  elsewhere: join(root, 'elsewhere'),
};
for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

function policy(env: NodeJS.ProcessEnv = {}): PathPolicy {
  return new PathPolicy({
    configFile: join(dirs.etc, 'kea-dhcp6.conf'),
    defaults: { socket: dirs.run, log: dirs.log, data: dirs.lib },
    env,
  });
}

describe('PathPolicy', () => {
  it('puts a bare file name into the directory of its kind', () => {
    const p = policy();
    expect(p.resolve('socket', 'kea6-ctrl-socket')).toBe(join(dirs.run, 'kea6-ctrl-socket'));
    expect(p.resolve('log', 'kea.log')).toBe(join(dirs.log, 'kea.log'));
    expect(p.resolve('data', 'leases6.csv')).toBe(join(dirs.lib, 'leases6.csv'));
    expect(p.resolveConfigWrite('backup.json')).toBe(join(dirs.etc, 'backup.json'));
    expect(p.resolveConfigWrite(undefined)).toBe(join(dirs.etc, 'kea-dhcp6.conf'));
  });

  it('accepts a path directly in the directory and refuses any other, sub-directories and .. included', () => {
    const p = policy();
    expect(p.resolve('socket', join(dirs.run, 's.sock'))).toBe(join(dirs.run, 's.sock'));
    for (const bad of [
      join(dirs.elsewhere, 's'),
      join(dirs.run, 'sub', 's'),
      `${dirs.run}/../elsewhere/s`,
      '/etc/passwd',
    ]) {
      expect(() => p.resolve('socket', bad)).toThrow(ControlError);
    }
    expect(() => p.resolve('log', join(dirs.elsewhere, 'x.log'))).toThrow(
      `invalid path specified: '${dirs.elsewhere}', supported path is '${dirs.log}'`,
    );
    expect(() => p.resolveConfigWrite('/tmp/x.json')).toThrow(/invalid path specified: '\/tmp'/);
    expect(() => p.resolve('data', `${dirs.lib}/`)).toThrow(/has no filename/);
  });

  it('refuses a name with a NUL byte in its own words, not with a TypeError from the file system', () => {
    const p = policy();
    for (const name of ['\0', 'leases\0.csv', join(dirs.lib, 'a\0b')]) {
      expect(() => p.resolve('data', name)).toThrow(ControlError);
      expect(p.problem('data', name)).toMatch(/contains a NUL character/);
    }
    expect(() => p.resolveDirectory('data', `${dirs.lib}\0`)).toThrow(/contains a NUL character/);
  });

  it('follows symbolic links of directories before comparing', () => {
    const link = join(root, 'link-to-elsewhere');
    symlinkSync(dirs.elsewhere, link);
    const p = policy();
    expect(() => p.resolve('socket', join(link, 's'))).toThrow(ControlError);
    const runLink = join(root, 'link-to-run');
    symlinkSync(dirs.run, runLink);
    expect(p.resolve('socket', join(runLink, 's'))).toBe(join(runLink, 's'));
  });

  it('takes the directories from KEA_CONTROL_SOCKET_DIR, KEA_LOG_FILE_DIR and KEA_DHCP_DATA_DIR', () => {
    const p = policy({
      KEA_CONTROL_SOCKET_DIR: dirs.elsewhere,
      KEA_LOG_FILE_DIR: dirs.elsewhere,
      KEA_DHCP_DATA_DIR: dirs.elsewhere,
    });
    expect(p.resolve('socket', 's')).toBe(join(dirs.elsewhere, 's'));
    expect(p.resolve('log', 'l')).toBe(join(dirs.elsewhere, 'l'));
    expect(p.resolve('data', 'd')).toBe(join(dirs.elsewhere, 'd'));
    expect(() => p.resolve('socket', join(dirs.run, 's'))).toThrow(ControlError);
  });

  it('trusts the directories of the start-up configuration, and nothing once sealed', () => {
    const p = policy();
    const startup = {
      'control-socket': { 'socket-type': 'unix', 'socket-name': join(dirs.elsewhere, 'ctrl.sock') },
      loggers: [
        {
          name: 'kea-dhcp6',
          output_options: [{ output: join(dirs.elsewhere, 'kea.log') }, { output: 'stdout' }],
        },
      ],
    };
    trustConfiguredPaths(p, startup, 'Dhcp6');
    p.seal();
    expect(p.resolve('socket', join(dirs.elsewhere, 'other.sock'))).toBe(join(dirs.elsewhere, 'other.sock'));
    expect(p.resolve('log', join(dirs.elsewhere, 'other.log'))).toBe(join(dirs.elsewhere, 'other.log'));
    // A socket directory is not a lease directory.
    expect(() => p.resolve('data', join(dirs.elsewhere, 'leases.csv'))).toThrow(ControlError);
    p.trust('data', join(root, 'late', 'x'));
    expect(() => p.resolve('data', join(root, 'late', 'x'))).toThrow(ControlError);
  });

  it('lists every file-creating path of a section and reports each refused one with its JSON path', () => {
    const section: JsonObject = {
      'control-socket': { 'socket-type': 'unix', 'socket-name': '/tmp/evil.sock' },
      'control-sockets': [{ 'socket-type': 'http', 'socket-port': 8000 }, { 'socket-name': 'ok.sock' }],
      loggers: [{ name: 'x', 'output-options': [{ output: 'syslog:kea' }, { output: '/var/tmp/evil.log' }] }],
      'lease-database': { type: 'memfile', name: '/root/leases.csv' },
      'data-directory': '/srv',
    };
    expect(configuredPaths(section, 'Dhcp6').map((p) => `${p.kind} ${p.where}`)).toEqual([
      'socket Dhcp6.control-socket.socket-name',
      'socket Dhcp6.control-sockets[1].socket-name',
      'log Dhcp6.loggers[0].output-options[1].output',
      'data Dhcp6.lease-database.name',
      'data Dhcp6.data-directory',
    ]);
    const problems = pathProblems(policy(), section, 'Dhcp6');
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^Dhcp6.control-socket.socket-name: invalid path specified: '\/tmp'/);
    expect(problems[3]).toMatch(/^Dhcp6.data-directory: invalid path specified: '\/srv'/);
  });

  it('gives the server author lease-file and log-output checks', () => {
    const p = policy();
    expect(checkLeaseFilePath(p, 'kea-leases6.csv')).toBe(join(dirs.lib, 'kea-leases6.csv'));
    expect(() => checkLeaseFilePath(p, '/etc/cron.d/evil')).toThrow(ControlError);
    expect(resolveLogOutput(p, 'stdout')).toBe('stdout');
    expect(resolveLogOutput(p, 'kea.log')).toBe(join(dirs.log, 'kea.log'));
  });
});

describe('restrictUmask', () => {
  it('takes group write and all access of others away, keeping stricter bits', () => {
    const previous = process.umask(0o002);
    try {
      expect(restrictUmask()).toBe(0o027);
      expect(process.umask()).toBe(0o027);
      process.umask(0o077);
      expect(restrictUmask()).toBe(0o077);
    } finally {
      process.umask(previous);
    }
  });
});
