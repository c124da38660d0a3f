import { existsSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningProgram } from '@nestor/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { viaUnix } from './support/channels.js';
import { makeDirs, STDOUT_LOGGERS, startD2, writeConfig } from './support/d2.js';

const dirs = makeDirs('d2-paths-');
const started: RunningProgram[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));

const SECTION = {
  'control-socket': { 'socket-type': 'unix', 'socket-name': 'hardened-socket' },
  loggers: STDOUT_LOGGERS,
};

const logTo = (output: string) => [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output }] }];

describe('kea-dhcp-ddns path hardening', () => {
  it('no command makes it write a config, log or socket file outside its directories', async () => {
    const configFile = writeConfig(dirs, 'hardened.conf', SECTION);
    const program = await startD2(dirs, configFile, started);
    const send = viaUnix(join(dirs.run, 'hardened-socket'));
    // A directory that looks like the socket directory but leads outside.
    symlinkSync(dirs.outside, join(dirs.run, 'link'));

    for (const filename of [
      join(dirs.outside, 'd2.json'),
      '../outside/d2.json',
      join(dirs.run, 'link', 'd2.json'),
    ]) {
      const written = await send('config-write', { filename });
      expect(written.result).toBe(1);
      expect(written.text).toMatch(/invalid path specified/);
    }

    const refusedSections: [Record<string, unknown>, RegExp][] = [
      [
        { ...SECTION, loggers: logTo(join(dirs.outside, 'd2.log')) },
        /DhcpDdns\.loggers\[0\]\.output_options\[0\]\.output: invalid path specified/,
      ],
      [
        {
          ...SECTION,
          'control-socket': { 'socket-type': 'unix', 'socket-name': join(dirs.outside, 'd2.sock') },
        },
        /DhcpDdns\.control-socket\.socket-name: invalid path specified/,
      ],
      [
        {
          loggers: STDOUT_LOGGERS,
          'control-sockets': [{ 'socket-type': 'unix', 'socket-name': join(dirs.run, 'link', 'd2.sock') }],
        },
        /DhcpDdns\.control-sockets\[0\]\.socket-name: invalid path specified/,
      ],
    ];
    for (const [section, reason] of refusedSections) {
      for (const command of ['config-test', 'config-set']) {
        const answer = await send(command, { DhcpDdns: section });
        expect(answer.result, `${command} ${JSON.stringify(section)}`).toBe(1);
        expect(answer.text).toMatch(reason);
      }
    }
    expect((await send('config-get')).arguments).toMatchObject({ DhcpDdns: SECTION });

    // The same through the file: config-reload and SIGHUP refuse it, the running one stays.
    writeConfig(dirs, 'hardened.conf', { ...SECTION, loggers: logTo(join(dirs.outside, 'reload.log')) });
    const reload = await send('config-reload');
    expect(reload.result).toBe(1);
    expect(reload.text).toMatch(
      /^Config reload failed: DhcpDdns\.loggers\[0\]\.output_options\[0\]\.output: invalid path/,
    );
    program.signal('SIGHUP');
    await program.waitFor(/DCTL_CFG_FILE_RELOAD_ERROR .*invalid path specified/);
    expect(program.running).toBe(true);
    expect(await send('status-get')).toMatchObject({ result: 0 });

    // Nothing was created outside, and no file (config, log) through the link.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readdirSync(dirs.outside)).toEqual([]);

    // Within its directories all is fine: a bare log name lands in the log directory.
    const fine = { DhcpDdns: { ...SECTION, loggers: logTo('d2.log') } };
    expect(await send('config-set', fine)).toMatchObject({ result: 0 });
    await send('status-get');
    expect(existsSync(join(dirs.log, 'd2.log'))).toBe(true);
  });

  it('a file named at start-up is trusted for its own directories, and only those', async () => {
    // The operator's file logs into the data directory (and to stdout): accepted at start and
    // on reload; a command cannot add the configuration directory.
    const loggers = [
      {
        name: 'kea-dhcp-ddns',
        severity: 'INFO',
        output_options: [{ output: join(dirs.lib, 'trusted.log') }, { output: 'stdout' }],
      },
    ];
    const socket = { 'socket-type': 'unix', 'socket-name': 'trusted-socket' };
    const configFile = writeConfig(dirs, 'trusted.conf', { 'control-socket': socket, loggers });
    await startD2(dirs, configFile, started);
    expect(existsSync(join(dirs.lib, 'trusted.log'))).toBe(true);
    const send = viaUnix(join(dirs.run, 'trusted-socket'));
    expect(await send('config-reload')).toMatchObject({ result: 0 });
    const other = await send('config-set', {
      DhcpDdns: { 'control-socket': socket, loggers: logTo(join(dirs.etc, 'etc.log')) },
    });
    expect(other.result).toBe(1);
    expect(other.text).toMatch(/invalid path specified/);
    expect(existsSync(join(dirs.etc, 'etc.log'))).toBe(false);
  });
});
