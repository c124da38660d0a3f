import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '@nestor/control';
import { binPath, runToEnd } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  LOG_TO_STDOUT,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  waitUntil,
  writeConfig,
} from './commands-support.js';

/** Every command kea-dhcp6 answers, as list-commands must report them (sorted). */
const ALL_COMMANDS = [
  'build-report',
  'config-backend-pull',
  'config-get',
  'config-reload',
  'config-set',
  'config-test',
  'config-write',
  'dhcp-disable',
  'dhcp-enable',
  'lease6-add',
  'lease6-bulk-apply',
  'lease6-del',
  'lease6-get',
  'lease6-get-all',
  'lease6-get-by-duid',
  'lease6-get-by-hostname',
  'lease6-get-page',
  'lease6-resend-ddns',
  'lease6-update',
  'lease6-wipe',
  'lease6-write',
  'leases-reclaim',
  'libreload',
  'list-commands',
  'reservation-add',
  'reservation-del',
  'reservation-get',
  'reservation-get-all',
  'reservation-get-by-hostname',
  'reservation-get-by-id',
  'reservation-get-page',
  'server-tag-get',
  'shutdown',
  'stat-lease6-get',
  'statistic-get',
  'statistic-get-all',
  'statistic-remove',
  'statistic-remove-all',
  'statistic-reset',
  'statistic-reset-all',
  'statistic-sample-age-set',
  'statistic-sample-age-set-all',
  'statistic-sample-count-set',
  'statistic-sample-count-set-all',
  'status-get',
  'version-get',
];

const STAT_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/;

let dirs: Dirs;
let daemon: Dhcp6Process;
let configFile: string;
const section = loopbackSection({ 'interfaces-config': { interfaces: [] } });

beforeAll(async () => {
  dirs = makeDirs('dhcp6-commands-');
  configFile = writeConfig(dirs, 'kea-dhcp6.conf', section);
  daemon = await startDhcp6(dirs, configFile);
});
afterAll(async () => {
  await daemon?.stop();
  removeDirs(dirs);
});

describe('kea-dhcp6 over its unix control socket: daemon commands', () => {
  it('list-commands lists every command, sorted', async () => {
    expect(await daemon.command('list-commands')).toEqual({ result: 0, arguments: ALL_COMMANDS });
  });

  it('version-get and build-report answer what -v, -V and -W print', async () => {
    const version = await runToEnd(binPath('kea-dhcp6'), ['-v']);
    const answer = await daemon.command('version-get');
    expect(answer.result).toBe(0);
    expect(answer.text).toBe(version.stdout.trim());
    const extended = (answer.arguments as { extended: string }).extended;
    expect(extended).toMatch(
      new RegExp(`^${answer.text!.replace(/\./g, '\\.')}\\nnestor\\nlinked with:\\nNode\\.js v`),
    );
    const report = await runToEnd(binPath('kea-dhcp6'), ['-W']);
    expect(await daemon.command('build-report')).toEqual({ result: 0, text: report.stdout });
  });

  it('status-get reports pid, uptime, time since the last reload, no multi-threading and the sockets', async () => {
    const answer = await daemon.command('status-get');
    expect(answer.result).toBe(0);
    const status = answer.arguments as Record<string, unknown>;
    expect(Object.keys(status).sort()).toEqual([
      'multi-threading-enabled',
      'nestor-event-loop-delay',
      'pid',
      'reload',
      'sockets',
      'uptime',
    ]);
    expect(status.pid).toBe(daemon.program.pid);
    expect(Number.isInteger(status.uptime) && (status.uptime as number) >= 0).toBe(true);
    expect(Number.isInteger(status.reload) && (status.reload as number) <= (status.uptime as number)).toBe(
      true,
    );
    expect(status['multi-threading-enabled']).toBe(false);
    expect(Object.keys(status['nestor-event-loop-delay'] as object).sort()).toEqual([
      'interval-seconds',
      'max-ms',
      'p50-ms',
      'p99-ms',
    ]);
    expect(status.sockets).toEqual({ status: 'ready' });
  });

  it('config-get answers {"Dhcp6": ...} with the configuration and Kea defaults', async () => {
    const answer = await daemon.command('config-get');
    expect(answer.result).toBe(0);
    expect(Object.keys(answer.arguments as object)).toEqual(['Dhcp6']);
    const dhcp6 = (answer.arguments as { Dhcp6: Record<string, unknown> }).Dhcp6;
    expect(dhcp6['control-socket']).toEqual({ 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' });
    expect(dhcp6['valid-lifetime']).toBe(4000);
    expect(dhcp6['preferred-lifetime']).toBe(3000);
    // Defaults Kea fills in, and the data directory from KEA_DHCP_DATA_DIR.
    expect(dhcp6['decline-probation-period']).toBe(86400);
    expect(dhcp6['data-directory']).toBe(dirs.lib);
    expect(dhcp6['lease-database']).toEqual({ type: 'memfile', 'lfc-interval': 0 });
    const [subnet] = dhcp6.subnet6 as Record<string, unknown>[];
    expect(subnet).toMatchObject({ id: 1, subnet: '2001:db8:1::/64', 'valid-lifetime': 4000 });
  });

  it('config-test checks without applying: good, invalid, path outside the allowed directories', async () => {
    const good = await daemon.command('config-test', { Dhcp6: { ...section, 'valid-lifetime': 5000 } });
    expect(good).toEqual({
      result: 0,
      text: 'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.',
    });
    const bad = await daemon.command('config-test', { Dhcp6: { ...section, 'valid-lifetime': 'x' } });
    expect(bad.result).toBe(1);
    expect(bad.text).toMatch(/Dhcp6\.valid-lifetime/);
    const outside = join(dirs.outside, 'leases.csv');
    const escaping = await daemon.command('config-test', {
      Dhcp6: { ...section, 'lease-database': { type: 'memfile', name: outside } },
    });
    expect(escaping.result).toBe(1);
    expect(escaping.text).toMatch(/Dhcp6\.lease-database\.name: invalid path specified/);
    expect(await daemon.command('config-test')).toEqual({
      result: 1,
      text: "Missing mandatory 'arguments' parameter.",
    });
    expect(await daemon.command('config-test', { Dhcp6: 5 })).toEqual({
      result: 1,
      text: "'Dhcp6' parameter expected to be a map.",
    });
    // Nothing was applied.
    const current = await daemon.command('config-get');
    expect((current.arguments as { Dhcp6: Record<string, unknown> }).Dhcp6['valid-lifetime']).toBe(4000);
  });

  it('config-write saves config-get in the configuration directory, never outside it', async () => {
    const written = await daemon.command('config-write', { filename: 'copy.json' });
    const target = join(dirs.etc, 'copy.json');
    expect(written.result).toBe(0);
    expect(written.arguments).toEqual({ filename: target, size: readFileSync(target).length });
    const current = await daemon.command('config-get');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(current.arguments);
    const refused = await daemon.command('config-write', { filename: join(dirs.outside, 'copy.json') });
    expect(refused.result).toBe(1);
    expect(existsSync(join(dirs.outside, 'copy.json'))).toBe(false);
    expect(await daemon.command('config-write', { filename: 5 })).toEqual({
      result: 1,
      text: "passed parameter 'filename' is not a string",
    });
  });

  it('config-set applies a good configuration and refuses a bad one, keeping the running one', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // so that the reload counter visibly restarts
    const applied = await daemon.command('config-set', { Dhcp6: { ...section, 'valid-lifetime': 4500 } });
    expect(applied).toEqual({ result: 0, text: 'Configuration successful.' });
    const status = (await daemon.command('status-get')).arguments as { reload: number; uptime: number };
    expect(status.reload).toBe(0);
    expect(status.uptime).toBeGreaterThanOrEqual(1);
    const refused = await daemon.command('config-set', {
      Dhcp6: {
        ...section,
        subnet6: [{ id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:2::/64' }] }],
      },
    });
    expect(refused.result).toBe(1);
    expect(refused.text).toMatch(/Dhcp6\.subnet6\[0\]\.pools\[0\]/);
    const current = (await daemon.command('config-get')).arguments as { Dhcp6: Record<string, unknown> };
    expect(current.Dhcp6['valid-lifetime']).toBe(4500);
    expect(await daemon.command('config-set', {})).toEqual({
      result: 1,
      text: "Missing mandatory 'Dhcp6' parameter.",
    });
  });

  it('config-reload re-reads the file; a broken file is refused and the configuration stays', async () => {
    writeConfig(dirs, 'kea-dhcp6.conf', { ...section, 'valid-lifetime': 4100 });
    expect(await daemon.command('config-reload')).toEqual({ result: 0, text: 'Configuration successful.' });
    let current = (await daemon.command('config-get')).arguments as { Dhcp6: Record<string, unknown> };
    expect(current.Dhcp6['valid-lifetime']).toBe(4100);

    writeFileSync(configFile, '{ "Dhcp6": { "valid-lifetime": } }');
    const broken = await daemon.command('config-reload');
    expect(broken.result).toBe(1);
    expect(broken.text).toMatch(/^Config reload failed: .*kea-dhcp6\.conf:1/);
    current = (await daemon.command('config-get')).arguments as { Dhcp6: Record<string, unknown> };
    expect(current.Dhcp6['valid-lifetime']).toBe(4100);
    writeConfig(dirs, 'kea-dhcp6.conf', section);
  });

  it('an unknown command answers 2', async () => {
    expect(await daemon.command('no-such-command')).toEqual({
      result: 2,
      text: "'no-such-command' command not supported.",
    });
  });
});

describe('kea-dhcp6 over its unix control socket: statistics', () => {
  it('statistic-get answers the samples newest first, {} for an unknown name', async () => {
    const answer = await daemon.command('statistic-get', { name: 'subnet[1].total-nas' });
    expect(answer.result).toBe(0);
    const samples = (answer.arguments as Record<string, [number, string][]>)['subnet[1].total-nas']!;
    expect(samples[0]![0]).toBe(16);
    expect(samples[0]![1]).toMatch(STAT_TIME);
    expect(await daemon.command('statistic-get', { name: 'no-such' })).toEqual({ result: 0, arguments: {} });
    expect(await daemon.command('statistic-get', {})).toEqual({
      result: 1,
      text: "Missing mandatory 'name' parameter.",
    });
    expect(await daemon.command('statistic-get', { name: 5 })).toEqual({
      result: 1,
      text: "'name' parameter expected to be a string.",
    });
  });

  it('statistic-reset leaves one sample of 0 (the history cleared, as Kea); unknown names answer 1', async () => {
    expect(await daemon.command('statistic-reset', { name: 'subnet[1].total-nas' })).toEqual({
      result: 0,
      text: "Statistic 'subnet[1].total-nas' reset.",
    });
    const answer = await daemon.command('statistic-get', { name: 'subnet[1].total-nas' });
    const values = (answer.arguments as Record<string, [number, string][]>)['subnet[1].total-nas']!.map(
      ([v]) => v,
    );
    expect(values).toEqual([0]);
    expect(await daemon.command('statistic-reset', { name: 'no-such' })).toEqual({
      result: 1,
      text: "No 'no-such' statistic found",
    });
  });

  it('statistic-sample-count-set and -age-set bound one history; the -all forms every one', async () => {
    const name = 'subnet[1].assigned-nas';
    // Each lease added and deleted by command adds two samples to assigned-nas.
    const churn = async (): Promise<void> => {
      for (let i = 0; i < 2; i++) {
        const lease = { 'ip-address': '2001:db8:1::99', duid: '01:02:03:04', iaid: 7, 'subnet-id': 1 };
        expect((await daemon.command('lease6-add', lease)).result).toBe(0);
        expect((await daemon.command('lease6-del', { 'ip-address': '2001:db8:1::99' })).result).toBe(0);
      }
    };
    expect(await daemon.command('statistic-sample-count-set', { name, 'max-samples': 2 })).toEqual({
      result: 0,
      text: `Statistic '${name}' count limit is set.`,
    });
    await churn();
    const kept = (await daemon.command('statistic-get', { name })).arguments as Record<string, unknown[]>;
    expect(kept[name]).toHaveLength(2);

    expect(await daemon.command('statistic-sample-age-set', { name, duration: 3600 })).toEqual({
      result: 0,
      text: `Statistic '${name}' duration limit is set.`,
    });
    await churn();
    await churn();
    const aged = (await daemon.command('statistic-get', { name })).arguments as Record<string, unknown[]>;
    expect(aged[name]!.length).toBeGreaterThanOrEqual(6); // an age limit keeps what is younger

    expect(await daemon.command('statistic-sample-count-set-all', { 'max-samples': 1 })).toEqual({
      result: 0,
      text: 'All statistics count limit are set.',
    });
    const all = (await daemon.command('statistic-get-all')).arguments as Record<string, unknown[]>;
    expect(Object.values(all).every((samples) => samples.length === 1)).toBe(true);
    expect(await daemon.command('statistic-sample-age-set-all', { duration: 60 })).toEqual({
      result: 0,
      text: 'All statistics duration limit are set.',
    });

    expect(await daemon.command('statistic-sample-count-set', { name, 'max-samples': 0 })).toEqual({
      result: 1,
      text: "'max-samples' parameter must not be zero",
    });
    expect(await daemon.command('statistic-sample-count-set', { name, 'max-samples': 'x' })).toEqual({
      result: 1,
      text: "'max-samples' parameter expected to be an integer.",
    });
    expect(await daemon.command('statistic-sample-age-set', { name })).toEqual({
      result: 1,
      text: "Missing mandatory 'duration' parameter.",
    });
    expect(await daemon.command('statistic-sample-count-set-all', {})).toEqual({
      result: 1,
      text: "Missing mandatory 'max-samples' parameter.",
    });
    expect(await daemon.command('statistic-sample-age-set', { name: 'no-such', duration: 5 })).toEqual({
      result: 1,
      text: "No 'no-such' statistic found",
    });
    await daemon.command('statistic-sample-count-set-all', { 'max-samples': 20 });
  });

  it('statistic-get-all, -reset-all, -remove and -remove-all', async () => {
    const all = (await daemon.command('statistic-get-all')).arguments as Record<string, [number, string][]>;
    for (const name of [
      'pkt6-received',
      'pkt6-receive-drop',
      'subnet[1].assigned-nas',
      'subnet[1].total-pds',
    ]) {
      expect(all[name]?.[0]?.[1]).toMatch(STAT_TIME);
    }
    expect(all['subnet[1].total-pds']![0]![0]).toBe(256);
    expect(await daemon.command('statistic-reset-all')).toEqual({
      result: 0,
      text: 'All statistics reset to neutral values.',
    });
    expect(await daemon.stat('subnet[1].total-pds')).toBe(0);

    expect(await daemon.command('statistic-remove', { name: 'pkt6-sent' })).toEqual({
      result: 0,
      text: "Statistic 'pkt6-sent' removed.",
    });
    expect(await daemon.command('statistic-remove', { name: 'pkt6-sent' })).toEqual({
      result: 1,
      text: "No 'pkt6-sent' statistic found",
    });
    expect(await daemon.command('statistic-remove-all')).toEqual({
      result: 0,
      text: 'Warning: statistic-remove-all command is deprecated. All statistics removed.',
    });
    expect(await daemon.command('statistic-get-all')).toEqual({ result: 0, arguments: {} });
    // A new configuration recreates the per-subnet statistics.
    await daemon.command('config-set', { Dhcp6: section as JsonObject });
    expect(await daemon.stat('subnet[1].total-nas')).toBe(16);
  });
});

describe('kea-dhcp6 over its unix control socket: service commands', () => {
  it('dhcp-disable / dhcp-enable answer with Kea texts and check their arguments', async () => {
    expect(await daemon.command('dhcp-disable')).toEqual({ result: 0, text: 'DHCPv6 service disabled' });
    expect(await daemon.command('dhcp-enable')).toEqual({
      result: 0,
      text: 'DHCP service successfully enabled',
    });
    expect(await daemon.command('dhcp-disable', { 'max-period': 30 })).toEqual({
      result: 0,
      text: 'DHCPv6 service disabled for 30 seconds',
    });
    expect(await daemon.command('dhcp-enable', { origin: 'user' })).toEqual({
      result: 0,
      text: 'DHCP service successfully enabled',
    });
    expect(await daemon.command('dhcp-disable', { 'max-period': 0 })).toEqual({
      result: 1,
      text: "'max-period' must be positive integer",
    });
    expect(await daemon.command('dhcp-disable', { 'max-period': 'x' })).toEqual({
      result: 1,
      text: "'max-period' argument must be a number",
    });
    expect(await daemon.command('dhcp-disable', { origin: 'foo' })).toEqual({
      result: 1,
      text: "invalid value used for 'origin' parameter: foo",
    });
    expect(await daemon.command('dhcp-disable', [])).toEqual({
      result: 1,
      text: "arguments for the 'dhcp-disable' command must be a map",
    });
    expect(await daemon.command('dhcp-enable', [])).toEqual({
      result: 1,
      text: "arguments for the 'dhcp-enable' command must be a map",
    });
  });

  it('leases-reclaim reclaims expired leases now, keeping them reclaimed or removing them', async () => {
    const expired = (address: string, iaid: number) => ({
      'ip-address': address,
      duid: '01:02:03:04:05:06',
      iaid,
      'subnet-id': 1,
      'valid-lft': 100,
      expire: Math.floor(Date.now() / 1000) - 10,
    });
    expect((await daemon.command('lease6-add', expired('2001:db8:1::10', 1))).result).toBe(0);
    expect(await daemon.stat('subnet[1].assigned-nas')).toBe(1);
    const reclaimedBefore = (await daemon.stat('reclaimed-leases')) ?? 0;
    expect(await daemon.command('leases-reclaim', { remove: false })).toEqual({
      result: 0,
      text: 'Reclamation of expired leases is complete.',
    });
    const kept = await daemon.command('lease6-get', { 'ip-address': '2001:db8:1::10' });
    expect((kept.arguments as { state: number }).state).toBe(2);
    expect(await daemon.stat('subnet[1].assigned-nas')).toBe(0);
    expect(await daemon.stat('reclaimed-leases')).toBe(reclaimedBefore + 1);

    expect((await daemon.command('lease6-add', expired('2001:db8:1::11', 2))).result).toBe(0);
    expect((await daemon.command('leases-reclaim', { remove: true })).result).toBe(0);
    expect((await daemon.command('lease6-get', { 'ip-address': '2001:db8:1::11' })).result).toBe(3);

    expect(await daemon.command('leases-reclaim')).toEqual({
      result: 1,
      text: "Missing mandatory 'remove' parameter.",
    });
    expect(await daemon.command('leases-reclaim', { remove: 'x' })).toEqual({
      result: 1,
      text: "'remove' parameter expected to be a boolean.",
    });
    await daemon.command('lease6-wipe');
  });
});

describe('kea-dhcp6 shutdown command', () => {
  it('answers, then stops gracefully with the exit-value given, removing its socket', async () => {
    const file = writeConfig(dirs, 'shutdown.conf', {
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'shutdown-socket' },
      loggers: LOG_TO_STDOUT,
    });
    const other = await startDhcp6(dirs, file, { socketName: 'shutdown-socket' });
    try {
      expect(await other.command('shutdown', { 'exit-value': 'x' })).toEqual({
        result: 1,
        text: "parameter 'exit-value' is not an integer",
      });
      expect(await other.command('shutdown', { 'exit-value': 3 })).toEqual({
        result: 0,
        text: 'Shutting down.',
      });
      const finished = await other.program.exited;
      expect(finished.code).toBe(3);
      expect(other.program.output).toMatch(
        /DHCP6_SHUTDOWN_REQUEST shutdown of server requested: shutdown command/,
      );
      await waitUntil(() => !existsSync(other.socket), 'the socket file to go');
    } finally {
      await other.stop();
    }
  });
});
