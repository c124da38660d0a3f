/**
 * Hook libraries in the running bin/kea-dhcp-ddns, at Kea 2.2's two D2 hook points: what -t says
 * of a configuration's libraries, d2_srv_configured's arguments (json_config, server_config,
 * error), a DROP refusing the configuration with the callout's error at start and at
 * config-set (the libraries and configuration in force stay), config-set and config-reload
 * loading the libraries again, a library's command in list-commands, and no libreload (Kea 2.2's
 * D2 has none). select_key against BIND 9: a skipped server is not tried, a cleared key sends
 * the update unsigned (and BIND refuses it).
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonEnv, type RunningProgram as Program, RunningProgram, runToEnd } from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { viaUnix } from './support/channels.js';
import { D2_BIN, makeDirs, STDOUT_LOGGERS, startD2, writeConfig } from './support/d2.js';
import { DdnsHarness, FORWARD_ZONE, freeUdpPort, ncrFor } from './support/ddns.js';
import { D2_COMMANDS } from './support/shared-commands.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), 'hook-libraries', 'd2-probe.mjs');
const haveBind = existsSync('/usr/sbin/named') && existsSync('/usr/bin/dig');

const dirs = makeDirs('d2-hooks-');
const started: Program[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));

interface ProbeEvent {
  hook: string;
  [key: string]: unknown;
}

let ncrPort = 0;
const section = (libraries: unknown[], extra: Record<string, unknown> = {}) => ({
  'control-socket': { 'socket-type': 'unix', 'socket-name': 'd2-hooks-socket' },
  port: ncrPort,
  'hooks-libraries': libraries,
  'forward-ddns': {
    'ddns-domains': [{ name: 'example.org.', 'dns-servers': [{ 'ip-address': '127.0.0.1', port: 5353 }] }],
  },
  loggers: STDOUT_LOGGERS,
  ...extra,
});

describe('kea-dhcp-ddns hook libraries', () => {
  beforeAll(async () => {
    copyFileSync(PROBE, join(dirs.etc, 'd2-probe.mjs'));
    ncrPort = await freeUdpPort();
  });

  it('-t imports the libraries: a missing one or a Kea .so refuses the file, naming the entry', async () => {
    const good = writeConfig(dirs, 'good.conf', section([{ library: 'd2-probe.mjs' }]));
    const ok = await runToEnd(D2_BIN, ['-t', good], daemonEnv(dirs));
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const bad = writeConfig(
      dirs,
      'bad.conf',
      section([
        { library: 'd2-probe.mjs' },
        { library: 'nowhere.mjs' },
        { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libddns_gss_tsig.so' },
      ]),
    );
    const refused = await runToEnd(D2_BIN, ['-t', bad], daemonEnv(dirs));
    expect(refused.code).toBe(1);
    const output = refused.stdout + refused.stderr;
    expect(output).toContain('DhcpDdns.hooks-libraries[1].library: nowhere.mjs: no such file');
    expect(output).toMatch(
      /DhcpDdns\.hooks-libraries\[2\]\.library: .*libddns_gss_tsig\.so is a Kea C\+\+ hook library.*GSS-TSIG/,
    );
  });

  it("d2_srv_configured sees Kea's arguments; config-set reloads the library; a DROP refuses config-set, the old one stays", async () => {
    const file = writeConfig(
      dirs,
      'd2.conf',
      section([{ library: 'd2-probe.mjs', parameters: { name: 'one' } }]),
    );
    const d2 = await startD2(dirs, file, started);
    const send = viaUnix(join(dirs.run, 'd2-hooks-socket'));
    const listed = (await send('list-commands')).arguments as string[];
    expect(listed).toEqual([...D2_COMMANDS, 'one-events'].sort());
    expect(listed).not.toContain('libreload');
    const events = async (n: string) =>
      ((await send(`${n}-events`)).arguments as { events: ProbeEvent[] }).events;
    expect(await events('one')).toEqual([
      // json_config: the section with Kea's defaults filled in; server_config: the parsed model.
      { hook: 'd2_srv_configured', timeout: 100, port: ncrPort, forward: ['example.org.'], error: '' },
    ]);
    expect(d2.output).toMatch(/D2_PROBE_LOADED probe one loaded/);

    // config-set loads the libraries again, with their new parameters.
    const two = await send('config-set', {
      DhcpDdns: section([{ library: join(dirs.etc, 'd2-probe.mjs'), parameters: { name: 'two' } }], {
        'dns-server-timeout': 250,
      }),
    });
    expect(two.result, two.text).toBe(0);
    expect(await events('two')).toEqual([
      { hook: 'd2_srv_configured', timeout: 250, port: ncrPort, forward: ['example.org.'], error: '' },
    ]);
    expect(((await send('list-commands')).arguments as string[]).includes('one-events')).toBe(false);

    // A DROP at d2_srv_configured refuses the configuration with the callout's error.
    const refused = await send('config-set', {
      DhcpDdns: section(
        [{ library: join(dirs.etc, 'd2-probe.mjs'), parameters: { name: 'three', drop: 'not on my watch' } }],
        { 'dns-server-timeout': 999 },
      ),
    });
    expect(refused).toEqual({ result: 1, text: 'not on my watch' });
    expect(d2.output).toMatch(
      /DHCP_DDNS_CONFIGURED_CALLOUT_DROP configuration was rejected because a callout set the next step to 'drop': not on my watch/,
    );
    const config = (await send('config-get')).arguments as { DhcpDdns: Record<string, unknown> };
    expect(config.DhcpDdns['dns-server-timeout']).toBe(250);
    const now = (await send('list-commands')).arguments as string[];
    expect(now).toContain('two-events');
    expect(now).not.toContain('three-events');

    // config-reload (the file) loads the file's libraries again.
    expect((await send('config-reload')).result).toBe(0);
    expect(((await send('list-commands')).arguments as string[]).includes('one-events')).toBe(true);
  });

  it('a DROP at start: kea-dhcp-ddns refuses to start with the error', async () => {
    const file = writeConfig(
      dirs,
      'dropped.conf',
      section([{ library: 'd2-probe.mjs', parameters: { drop: 'refused at start' } }]),
    );
    const program = new RunningProgram(D2_BIN, ['-c', file], daemonEnv(dirs));
    started.push(program);
    const finished = await program.exited;
    expect(finished.code).toBe(1);
    expect(finished.stdout + finished.stderr).toMatch(/refused at start/);
  });
});

describe.skipIf(!haveBind)('select_key against BIND 9', () => {
  const bindDirs = makeDirs('d2-hooks-bind-');
  const bindStarted: Program[] = [];
  let h: DdnsHarness;
  const duid = Uint8Array.from(Buffer.from('000300010200000011d2', 'hex'));

  beforeAll(async () => {
    h = await DdnsHarness.start(bindDirs, bindStarted);
  });
  afterEach(async () => {
    await h?.sender?.close();
    for (const p of bindStarted.splice(0)) await p.stop();
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(bindDirs.root, { recursive: true, force: true });
  });

  const withProbe = async (parameters: Record<string, unknown>) => {
    const dead = await freeUdpPort();
    const library = join(bindDirs.etc, 'd2-probe.mjs');
    copyFileSync(PROBE, library);
    const base = h.section({
      forwardServers: [
        { 'ip-address': '127.0.0.1', port: dead },
        { 'ip-address': '127.0.0.1', port: h.named.port },
      ],
    });
    await h.startD2({
      ...base,
      'hooks-libraries': [{ library, parameters: { 'skip-port': dead, ...parameters } }],
    });
    return dead;
  };
  const events = async () =>
    ((await h.command('probe-events')).arguments as { events: ProbeEvent[] }).events.filter(
      (e) => e.hook === 'select_key',
    );

  it('a server a callout skips is not tried: the update goes to the next one at once', async () => {
    const dead = await withProbe({});
    const fqdn = `skip.${FORWARD_ZONE}`;
    const started = performance.now();
    await h.send([ncrFor(duid, fqdn, '2001:db8:1::11')]);
    expect(performance.now() - started).toBeLessThan(400); // no 3 x 500 ms timeouts on the dead one
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual(['2001:db8:1::11']);
    expect(h.d2.output).not.toMatch(/IO_ERROR/);
    const seen = await events();
    expect(seen[0]).toEqual({
      hook: 'select_key',
      port: dead,
      address: '127.0.0.1',
      key: 'hmac-sha256.key.',
    });
    expect(seen[1]).toMatchObject({ port: h.named.port, key: 'hmac-sha256.key.' });
    // the reverse domain's server, too
    expect(seen.some((e) => e.address === '::1')).toBe(true);
  });

  it('a key a callout clears: the update goes unsigned and BIND refuses it', async () => {
    await withProbe({ unsigned: true });
    const fqdn = `unsigned.${FORWARD_ZONE}`;
    await h.send([ncrFor(duid, fqdn, '2001:db8:1::12')]);
    expect(h.d2.output).toMatch(/DHCP_DDNS_FORWARD_ADD_REJECTED/);
    expect(await h.stat('update-unsigned')).toBeGreaterThan(0);
    expect(await h.named.dig(fqdn, 'AAAA')).toEqual([]);
  });
});
