/**
 * The hardening of Kea's 2025 fixes (CVE-2025-32801 / 32803), on the real kea-dhcp6: nothing a
 * command sends (config-set, config-reload of an edited file, config-write, config-test) can make
 * the daemon create a lease file, a log file, a control socket or a configuration file outside the
 * directories it was started with. Every attempt is refused with result 1 and the file never
 * appears; the running configuration stays. The files the daemon does create are not group- or
 * world-writable.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';

let dirs: Dirs;
let daemon: Dhcp6Process;
let configFile: string;
const section = loopbackSection({
  'interfaces-config': { interfaces: [] },
  loggers: [
    {
      name: 'kea-dhcp6',
      severity: 'INFO',
      output_options: [{ output: 'stdout' }, { output: 'kea-dhcp6.log' }],
    },
  ],
});

beforeAll(async () => {
  dirs = makeDirs('dhcp6-paths-');
  configFile = writeConfig(dirs, 'kea-dhcp6.conf', section);
  daemon = await startDhcp6(dirs, configFile);
});
afterAll(async () => {
  await daemon?.stop();
  removeDirs(dirs);
});

/** Each way a configuration could name a file outside the daemon's directories. */
function escapes(): { what: string; file: string; section: Record<string, unknown> }[] {
  const outside = (name: string) => join(dirs.outside, name);
  return [
    {
      what: 'a lease file',
      file: outside('leases.csv'),
      section: { ...section, 'lease-database': { type: 'memfile', name: outside('leases.csv') } },
    },
    {
      what: 'a log file',
      file: outside('server.log'),
      section: {
        ...section,
        loggers: [
          { name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: outside('server.log') }] },
        ],
      },
    },
    {
      what: 'a Kea 2 control socket',
      file: outside('ctrl.sock'),
      section: {
        ...section,
        'control-socket': { 'socket-type': 'unix', 'socket-name': outside('ctrl.sock') },
      },
    },
    {
      what: 'a Kea 3 control socket',
      file: outside('ctrl3.sock'),
      section: {
        ...section,
        'control-socket': undefined,
        'control-sockets': [{ 'socket-type': 'unix', 'socket-name': outside('ctrl3.sock') }],
      },
    },
    {
      what: 'a lease file through a relative path',
      file: join(dirs.root, 'escaped.csv'),
      section: { ...section, 'lease-database': { type: 'memfile', name: `${dirs.lib}/../escaped.csv` } },
    },
  ];
}

async function validLifetime(): Promise<unknown> {
  const current = await daemon.command('config-get');
  return (current.arguments as { Dhcp6: Record<string, unknown> }).Dhcp6['valid-lifetime'];
}

describe('kea-dhcp6 path hardening', () => {
  it('config-set refuses every configuration that names a file outside its directories', async () => {
    for (const attempt of escapes()) {
      const answer = await daemon.command('config-set', {
        Dhcp6: JSON.parse(JSON.stringify({ ...attempt.section, 'valid-lifetime': 4321 })),
      });
      expect(answer.result, `${attempt.what}: ${answer.text}`).toBe(1);
      expect(answer.text, attempt.what).toMatch(/invalid path specified/);
      expect(existsSync(attempt.file), `${attempt.what} created`).toBe(false);
      expect(await validLifetime()).toBe(4000);
    }
  });

  it('config-test refuses them too, creating nothing', async () => {
    for (const attempt of escapes()) {
      const answer = await daemon.command('config-test', {
        Dhcp6: JSON.parse(JSON.stringify(attempt.section)),
      });
      expect(answer.result, attempt.what).toBe(1);
      expect(existsSync(attempt.file), `${attempt.what} created`).toBe(false);
    }
  });

  it('config-reload and SIGHUP refuse an edited file that names one, keeping the running configuration', async () => {
    for (const attempt of escapes()) {
      writeConfig(dirs, 'kea-dhcp6.conf', { ...attempt.section, 'valid-lifetime': 4321 });
      const answer = await daemon.command('config-reload');
      expect(answer.result, attempt.what).toBe(1);
      const failures = (): number =>
        (daemon.program.output.match(/DHCP6_DYNAMIC_RECONFIGURATION_FAIL/g) ?? []).length;
      const before = failures();
      daemon.program.signal('SIGHUP');
      await daemon.program.waitFor(() => failures() > before, 10_000);
      expect(existsSync(attempt.file), `${attempt.what} created`).toBe(false);
      expect(await validLifetime()).toBe(4000);
    }
    writeConfig(dirs, 'kea-dhcp6.conf', section);
  });

  it('config-write writes only into the configuration directory', async () => {
    for (const target of [
      join(dirs.outside, 'copy.json'),
      `${dirs.etc}/../copy.json`,
      join(dirs.run, 'copy.json'),
    ]) {
      const answer = await daemon.command('config-write', { filename: target });
      expect(answer.result, target).toBe(1);
    }
    expect(existsSync(join(dirs.outside, 'copy.json'))).toBe(false);
    expect(existsSync(join(dirs.root, 'copy.json'))).toBe(false);
    expect(existsSync(join(dirs.run, 'copy.json'))).toBe(false);
    expect(readdirSync(dirs.outside)).toEqual([]);
  });

  it('creates its files neither group- nor world-writable', async () => {
    expect((await daemon.command('config-write', { filename: 'written.json' })).result).toBe(0);
    // A lease, so that the lease file holds a row written by the daemon.
    const lease = { 'ip-address': '2001:db8:1::99', duid: '01:02:03:04', iaid: 7, 'subnet-id': 1 };
    expect((await daemon.command('lease6-add', lease)).result).toBe(0);
    const created = [
      join(dirs.etc, 'written.json'),
      join(dirs.run, 'kea6-ctrl-socket'),
      join(dirs.lib, 'kea-leases6.csv'),
      join(dirs.lib, 'kea-dhcp6-serverid'),
      join(dirs.log, 'kea-dhcp6.log'),
      ...readdirSync(dirs.run)
        .filter((name) => name.endsWith('.pid'))
        .map((name) => join(dirs.run, name)),
    ];
    for (const file of created) {
      expect(existsSync(file), `${file} exists`).toBe(true);
      expect(statSync(file).mode & 0o022, `${file} is group- or world-writable`).toBe(0);
    }
  });
});
