/**
 * Hook libraries in the running bin/kea-dhcp6: what -t says of a configuration's libraries, a
 * library's command in list-commands, Kea's lease_cmds / stat_cmds .so standing for the built-in
 * commands, libreload evaluating the library afresh, config-set reloading libraries with their
 * new parameters, and a library that fails to load refusing config-set (the old one stays).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageType } from '@nestor/codec';
import { binPath } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  duidOf,
  keaEnv,
  LoopbackClient,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { clientMessage } from './support/harness.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), 'hook-libraries', 'probe.mjs');
const LEASE_CMDS_SO = '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so';

let dirs: Dirs;
let server: Dhcp6Process;

const withLibraries = (libraries: unknown[]) => loopbackSection({ 'hooks-libraries': libraries });

beforeAll(async () => {
  dirs = makeDirs('dhcp6-hooks-process-');
  // A relative library path is taken from the configuration file's directory.
  copyFileSync(PROBE, join(dirs.etc, 'probe.mjs'));
  const file = writeConfig(
    dirs,
    'kea-dhcp6.conf',
    withLibraries([
      { library: LEASE_CMDS_SO },
      { library: 'probe.mjs', parameters: { name: 'probe', hooks: ['pkt6_receive'] } },
    ]),
  );
  server = await startDhcp6(dirs, file);
}, 30_000);

afterAll(async () => {
  await server?.stop();
  removeDirs(dirs);
});

const commands = async () => (await server.command('list-commands')).arguments as string[];

describe('hook libraries in kea-dhcp6', () => {
  it('-t refuses libraries that cannot load, naming each entry; Kea lease_cmds and a JavaScript library pass', () => {
    const check = (libraries: unknown[]) => {
      const file = writeConfig(dirs, 'check.conf', withLibraries(libraries));
      const run = spawnSync(binPath('kea-dhcp6'), ['-t', file], { encoding: 'utf8', env: keaEnv(dirs) });
      return { status: run.status, output: `${run.stdout}${run.stderr}` };
    };
    expect(check([{ library: LEASE_CMDS_SO }, { library: PROBE }]).status).toBe(0);
    const bad = check([
      { library: PROBE },
      { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_ha.so' },
      { library: 'nowhere.mjs' },
      { library: PROBE, parameters: { fail: true } },
    ]);
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('Dhcp6.hooks-libraries[1].library');
    expect(bad.output).toContain('libdhcp_ha.so is a Kea C++ hook library');
    expect(bad.output).toContain('Dhcp6.hooks-libraries[2].library: nowhere.mjs: no such file');
    // -t imports libraries but loads none: a failing load() shows at start or config-set.
    expect(bad.output).not.toContain('hooks-libraries[3]');
  });

  it("the library's command is listed beside the built-in lease commands, which lease_cmds.so stands for", async () => {
    const listed = await commands();
    expect(listed).toContain('probe-events');
    expect(listed).toContain('lease6-get');
    expect(listed).toContain('stat-lease6-get');
    expect(server.program.output).toMatch(
      /HOOKS_LIBRARY_LOADED.*libdhcp_lease_cmds\.so stands for Nestor's built-in lease_cmds/,
    );
  });

  it('libreload evaluates the library afresh (its recorded events start over)', async () => {
    const client = await LoopbackClient.open(server.clientPort, server.serverPort);
    try {
      await client.exchange(
        clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(1), iaNa: [{ iaid: 1 }] }),
      );
    } finally {
      await client.close();
    }
    expect((await server.command('probe-events')).text).toBe('1 events');
    expect(await server.command('libreload')).toEqual({
      result: 0,
      text: 'Hooks libraries successfully reloaded.',
    });
    expect((await server.command('probe-events')).text).toBe('0 events');
  });

  it('config-set reloads the libraries with their new parameters; a library that fails to load refuses it', async () => {
    const next = (libraries: unknown[]) => ({ Dhcp6: withLibraries(libraries) as never });
    const renamed = await server.command(
      'config-set',
      next([{ library: join(dirs.etc, 'probe.mjs'), parameters: { name: 'renamed' } }]),
    );
    expect(renamed.result, renamed.text).toBe(0);
    let listed = await commands();
    expect(listed).toContain('renamed-events');
    expect(listed).not.toContain('probe-events');
    expect(listed).toContain('lease6-get');
    const refused = await server.command(
      'config-set',
      next([{ library: join(dirs.etc, 'probe.mjs'), parameters: { name: 'other', fail: true } }]),
    );
    expect(refused.result).toBe(1);
    expect(refused.text).toContain('Dhcp6.hooks-libraries[0].library');
    expect(refused.text).toContain('probe told to fail');
    listed = await commands();
    expect(listed).toContain('renamed-events');
    expect(listed).not.toContain('other-events');
    const tested = await server.command(
      'config-test',
      next([{ library: '/opt/lib/libdhcp_flex_option.so' }]),
    );
    expect(tested.result).toBe(1);
    expect(tested.text).toContain('there is no flex_option yet');
  });
});
