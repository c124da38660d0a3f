import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPrefix } from '@nestor/daemon';
import { repoRoot } from '@nestor/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { KeactrlConfError, loadKeactrlSettings, parseKeactrlArgs, parseKeactrlConf } from '../src/index.js';

/** `${name}` as the shell writes it (built, so that it does not read as a template). */
const shellVar = (name: string): string => `$${'{'}${name}}`;

const dir = mkdtempSync(join(tmpdir(), 'keactrl-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseKeactrlConf', () => {
  it('reads assignments with expansion, quotes, export and comments', () => {
    const vars = parseKeactrlConf(
      [
        '# a comment',
        'prefix=/opt/kea',
        'exec_prefix=' + shellVar('prefix'),
        'export dhcp6_srv=$exec_prefix/sbin/kea-dhcp6   # trailing comment',
        'quoted="' + shellVar('prefix') + '/etc/a b.conf"',
        "literal='$prefix'",
        'from_env=' + shellVar('HOME_FOR_TEST') + '/x',
        'empty=',
        '',
      ].join('\n'),
      'keactrl.conf',
      {},
      { HOME_FOR_TEST: '/home/ops' },
    );
    expect(Object.fromEntries(vars)).toEqual({
      prefix: '/opt/kea',
      exec_prefix: '/opt/kea',
      dhcp6_srv: '/opt/kea/sbin/kea-dhcp6',
      quoted: '/opt/kea/etc/a b.conf',
      literal: '$prefix',
      from_env: '/home/ops/x',
      empty: '',
    });
  });

  it('keeps an escaped blank that ends the line, as the shell does, and drops a CR (found by fuzzing)', () => {
    const vars = parseKeactrlConf('a=\\ \nb=x\\\t\r\nc=yes\r\n', 'k.conf');
    expect(vars.get('a')).toBe(' ');
    expect(vars.get('b')).toBe('x\t');
    expect(vars.get('c')).toBe('yes');
  });

  it('refuses shell code it would have to run, naming the line', () => {
    for (const [text, reason] of [
      ['ok=1\nrm -rf /tmp/x', 'not a variable assignment: rm -rf /tmp/x'],
      ['x=$(id)', 'command substitution is not supported'],
      ['x=`id`', "unsupported shell syntax '`'"],
      ['x=a; y=b', "unsupported shell syntax ';'"],
      ['x="open', 'unterminated double quote'],
      ['x=a b', 'unexpected text after the value: b'],
      ['x=$1', 'unsupported expansion $1'],
      ['x="a$?"', 'unsupported expansion $?'],
      ['x=a\\\ny=b', 'a backslash at the end of a line (continuation) is not supported'],
    ] as const) {
      const error = (() => {
        try {
          parseKeactrlConf(text, 'k.conf');
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KeactrlConfError);
      expect((error as KeactrlConfError).reason).toBe(reason);
    }
  });
});

describe('parseKeactrlArgs', () => {
  it("takes Kea's command, -c / --ctrl-config and -s / --server", () => {
    expect(parseKeactrlArgs(['start', '-c', '/k.conf', '-s', 'dhcp6,ctrl_agent'])).toEqual({
      kind: 'run',
      command: 'start',
      confFile: '/k.conf',
      servers: ['dhcp6', 'ctrl_agent'],
    });
    expect(parseKeactrlArgs(['status', '--server', 'all', '--ctrl-config', 'x'])).toMatchObject({
      servers: 'all',
      confFile: 'x',
    });
    expect(parseKeactrlArgs(['--version'])).toEqual({ kind: 'print-version' });
    expect(parseKeactrlArgs([])).toEqual({ kind: 'error', message: 'missing command', usage: true });
    expect(parseKeactrlArgs(['restart'])).toEqual({
      kind: 'error',
      message: 'invalid command: restart',
      usage: false,
    });
    expect(parseKeactrlArgs(['stop', '-s', 'dhcp7'])).toEqual({
      kind: 'error',
      message: 'invalid server name: dhcp7',
      usage: false,
    });
    expect(parseKeactrlArgs(['stop', '-s'])).toEqual({
      kind: 'error',
      message: 'servers not specified',
      usage: true,
    });
    expect(parseKeactrlArgs(['stop', '-x'])).toEqual({
      kind: 'error',
      message: 'invalid option: -x',
      usage: true,
    });
  });
});

describe('loadKeactrlSettings', () => {
  it('presets prefix to the install prefix and reads the shipped keactrl.conf', () => {
    const settings = loadKeactrlSettings(join(repoRoot, 'etc', 'kea', 'keactrl.conf'));
    expect(settings.prefix).toBe(installPrefix);
    const byName = Object.fromEntries(settings.servers.map((s) => [s.name, s]));
    expect(byName.dhcp6).toMatchObject({
      binary: join(installPrefix, 'bin', 'kea-dhcp6'),
      processName: 'kea-dhcp6',
      configFile: join(installPrefix, 'etc', 'kea', 'kea-dhcp6.conf'),
      enabled: true,
    });
    expect(byName.ctrl_agent).toMatchObject({
      binary: join(installPrefix, 'bin', 'kea-ctrl-agent'),
      enabled: true,
    });
    expect(byName.dhcp4).toMatchObject({ binary: '', processName: 'kea-dhcp4', enabled: false });
    expect(settings.hasNetconf).toBe(false);
    expect(settings.verbose).toBe(false);
  });

  it('lets keactrl.conf set its own prefix and binaries', () => {
    const file = join(dir, 'k.conf');
    writeFileSync(
      file,
      'prefix=/srv/kea\ndhcp6_srv=' +
        shellVar('prefix') +
        '/sbin/my-dhcp6\nkea_dhcp6_config_file=/etc/d6.conf\ndhcp6=YES\nkea_verbose=yes\n',
    );
    const settings = loadKeactrlSettings(file);
    expect(settings.prefix).toBe('/srv/kea');
    expect(settings.verbose).toBe(true);
    expect(settings.servers.find((s) => s.name === 'dhcp6')).toMatchObject({
      binary: '/srv/kea/sbin/my-dhcp6',
      processName: 'my-dhcp6',
      enabled: true,
    });
  });
});
