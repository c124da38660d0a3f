/**
 * Every command of Nestor's kea-dhcp6 through the control agent: two identical kea-dhcp6, one
 * driven over its unix socket, the other through Nestor's kea-ctrl-agent over HTTP with
 * "service": [ "dhcp6" ], get the same command sequence (every command list-commands names, with
 * good and bad arguments); each HTTP answer must be a one-element list holding what the socket
 * answered. Then ISC's kea-ctrl-agent 2.2 in front of Nestor's kea-dhcp6 must answer as Nestor's
 * agent does, and its forwarding must give Nestor the argument positions it gives ISC kea-dhcp6.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlAnswer, JsonValue } from '@nestor/control';
import { parseLease6Csv } from '@nestor/testkit';
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
import { type Agent, startIscAgent, startNestorAgent } from './support/agents.js';
import { describeDifferences, runDifferential, type Step, step } from './support/differential.js';
import { IscKeaDhcp6, iscKeaInstalled } from './support/isc-kea.js';

const SOCKET = 'kea6-ctrl-socket';
const section = loopbackSection({ 'interfaces-config': { interfaces: [] } });
const badSection = { ...section, 'valid-lifetime': 'x' };
const EXPIRE = Math.floor(Date.now() / 1000) + 86_400;
const lease = (address: string, more: Record<string, JsonValue> = {}): Record<string, JsonValue> => ({
  'ip-address': address,
  duid: '01:02:03:04',
  iaid: 1,
  'subnet-id': 1,
  expire: EXPIRE,
  'valid-lft': 4000,
  hostname: 'host.example.org',
  ...more,
});

/**
 * The sequence: every command of kea-dhcp6 with good and bad arguments, state-changing ones in
 * an order that leaves later ones something to act on, shutdown last.
 */
const STEPS: Step[] = [
  step('list-commands'),
  step('version-get'),
  step('build-report'),
  step('status-get'),
  step('server-tag-get'),
  step('config-backend-pull'),
  step('libreload'),
  step('config-get'),
  step('config-test', { Dhcp6: section as JsonValue }),
  step('config-test', { Dhcp6: badSection as JsonValue }),
  step('config-test'),
  step('config-write', { filename: 'copy.json' }),
  step('config-write', { filename: 5 }),
  step('lease6-write', { filename: 'leases-copy.csv' }),
  step('lease6-write', { filename: 5 }),
  step('config-set', { Dhcp6: { ...section, 'valid-lifetime': 4500 } as JsonValue }),
  step('config-set', { Dhcp6: badSection as JsonValue }),
  step('config-set', {}),
  step('config-get'),
  step('config-reload'),
  step('dhcp-disable'),
  step('dhcp-enable'),
  step('dhcp-disable', { 'max-period': 30, origin: 'user' }),
  step('dhcp-disable', { 'max-period': 0 }),
  step('dhcp-enable', []),
  step('dhcp-enable'),
  step('lease6-add', lease('2001:db8:1::10')),
  step('lease6-add', lease('2001:db8:1::11', { iaid: 2, 'valid-lft': 100, expire: 200 })),
  step('lease6-add', lease('2001:db8:8000:100::', { type: 'IA_PD', 'prefix-len': 56, iaid: 3 })),
  step('lease6-add', lease('2001:db8:1::10')),
  step('lease6-add', lease('2001:db8:1::12', { iaid: 'x', hostname: 'é' })),
  step('lease6-add', lease('2001:db8:9::1')),
  step('lease6-add', []),
  step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
  step('lease6-get', {
    'identifier-type': 'duid',
    identifier: '01:02:03:04',
    iaid: 3,
    'subnet-id': 1,
    type: 'IA_PD',
  }),
  step('lease6-get', { 'ip-address': '2001:db8:1::1f' }),
  step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 5 }),
  step('lease6-get-all'),
  step('lease6-get-all', { subnets: [1] }),
  step('lease6-get-all', { subnets: 'x' }),
  step('lease6-get-page', { from: 'start', limit: 2 }),
  step('lease6-get-page', { from: 'start', limit: 0 }),
  step('lease6-get-by-duid', { duid: '01:02:03:04' }),
  step('lease6-get-by-duid', { duid: 'zz' }),
  step('lease6-get-by-hostname', { hostname: 'HOST.example.org' }),
  step('lease6-get-by-hostname', { hostname: '' }),
  step('lease6-update', lease('2001:db8:1::10', { hostname: 'other.example.org' })),
  step('lease6-update', lease('2001:db8:1::13', { 'force-create': true })),
  step('lease6-update', lease('2001:db8:1::14')),
  step('lease6-resend-ddns', { 'ip-address': '2001:db8:1::10' }),
  step('lease6-resend-ddns', { 'ip-address': 'x' }),
  step('leases-reclaim', { remove: false }),
  step('leases-reclaim', { remove: 'x' }),
  step('lease6-get', { 'ip-address': '2001:db8:1::11' }),
  step('lease6-del', { 'ip-address': '2001:db8:1::13' }),
  step('lease6-del', { 'ip-address': '2001:db8:1::13' }),
  step('lease6-del', { 'identifier-type': 'hw-address', identifier: '01:02', 'subnet-id': 1 }),
  step('lease6-bulk-apply', {
    'deleted-leases': [{ 'ip-address': '2001:db8:1::10' }, { 'ip-address': '2001:db8:1::1f' }],
    leases: [lease('2001:db8:1::15'), lease('2001:db8:1::10', { iaid: 9 })],
  }),
  step('lease6-bulk-apply', { leases: [lease('2001:db8:1::16', { iaid: 'x' })] }),
  step('lease6-bulk-apply', {}),
  // host_cmds, with no hosts database configured: the reads search the configuration file.
  step('reservation-add', {
    reservation: { 'subnet-id': 1, duid: '01:02:03:04:05', 'ip-addresses': ['2001:db8:1::50'] },
  }),
  step('reservation-add', {}),
  step('reservation-get', { 'subnet-id': 1, 'identifier-type': 'duid', identifier: '01:02' }),
  step('reservation-get', {}),
  step('reservation-get-all', { 'subnet-id': 1 }),
  step('reservation-get-page', { limit: 10 }),
  step('reservation-get-by-hostname', { hostname: 'host.example.org' }),
  step('reservation-get-by-id', { 'identifier-type': 'duid', identifier: '01:02' }),
  step('reservation-del', { 'subnet-id': 1, 'ip-address': '2001:db8:1::50' }),
  step('stat-lease6-get'),
  step('stat-lease6-get', { 'subnet-id': 1 }),
  step('stat-lease6-get', { 'subnet-range': { 'first-subnet-id': 2, 'last-subnet-id': 9 } }),
  step('stat-lease6-get', { 'subnet-id': 0 }),
  step('statistic-get', { name: 'subnet[1].assigned-nas' }),
  step('statistic-get', { name: 5 }),
  step('statistic-get-all'),
  step('statistic-sample-count-set', { name: 'subnet[1].assigned-nas', 'max-samples': 3 }),
  step('statistic-sample-count-set', { name: 'subnet[1].assigned-nas', 'max-samples': 0 }),
  step('statistic-sample-age-set', { name: 'subnet[1].assigned-nas', duration: 600 }),
  step('statistic-sample-age-set', { name: 'no-such', duration: 600 }),
  step('statistic-sample-count-set-all', { 'max-samples': 5 }),
  step('statistic-sample-age-set-all', { duration: 3600 }),
  step('statistic-sample-age-set-all', {}),
  step('statistic-reset', { name: 'subnet[1].assigned-nas' }),
  step('statistic-reset', { name: 'no-such' }),
  step('statistic-reset-all'),
  step('statistic-remove', { name: 'subnet[1].assigned-nas' }),
  step('statistic-remove', { name: 'subnet[1].assigned-nas' }),
  step('statistic-remove-all'),
  step('statistic-get-all'),
  step('lease6-wipe', { 'subnet-id': 1 }),
  step('lease6-wipe', { 'subnet-id': 'x' }),
  step('lease6-get-all'),
  step('no-such-command'),
  step('shutdown', { 'exit-value': 'x' }),
  step('shutdown'),
];

let dirsSocket: Dirs;
let dirsAgent: Dirs;
let direct: Dhcp6Process | undefined;
let behindAgent: Dhcp6Process | undefined;
let agent: Agent | undefined;

/** Starts everything at once; whatever started is stopped even when something else failed. */
async function startAll<T extends unknown[]>(...starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(
      settled.map((s) =>
        s.status === 'fulfilled' ? (s.value as { stop(): Promise<unknown> }).stop() : undefined,
      ),
    );
    throw (failed as PromiseRejectedResult).reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}

beforeAll(async () => {
  // Prefixes of one length: the two daemons' paths (in config-get, config-write) differ only in the root.
  dirsSocket = makeDirs('dhcp6-agent-s-');
  dirsAgent = makeDirs('dhcp6-agent-h-');
  [direct, behindAgent] = await startAll<[Dhcp6Process, Dhcp6Process]>(
    startDhcp6(dirsSocket, writeConfig(dirsSocket, 'kea-dhcp6.conf', section)),
    startDhcp6(dirsAgent, writeConfig(dirsAgent, 'kea-dhcp6.conf', section)),
  );
  agent = await startNestorAgent(dirsAgent, SOCKET);
}, 40_000);

afterAll(async () => {
  await Promise.all([agent?.stop(), direct?.stop(), behindAgent?.stop()]);
  removeDirs(dirsSocket);
  removeDirs(dirsAgent);
});

/** What may differ between two daemons: their directories, pid, uptime and sample times. */
function acrossDaemons(answer: Record<string, unknown>, s: Step): Record<string, unknown> {
  const text = JSON.stringify(answer)
    .replaceAll(dirsSocket.root, '<root>')
    .replaceAll(dirsAgent.root, '<root>');
  const tidy = JSON.parse(text) as Record<string, unknown>;
  const args = tidy.arguments as Record<string, unknown> | undefined;
  if (s.command === 'status-get' && args) {
    for (const key of ['pid', 'uptime', 'reload']) if (typeof args[key] === 'number') args[key] = 'n';
    // A measurement of the moment, different at every asking.
    if (args['nestor-event-loop-delay'] !== undefined) args['nestor-event-loop-delay'] = 'measured';
  }
  if (s.command === 'statistic-get-all' && args) {
    for (const [name, samples] of Object.entries(args))
      args[name] = (samples as [unknown, string][]).map(([value]) => value);
  }
  return tidy;
}

describe("every kea-dhcp6 command through Nestor's kea-ctrl-agent", () => {
  it('the sequence covers every command list-commands names', async () => {
    const listed = (await direct!.command('list-commands')).arguments as string[];
    expect(new Set(STEPS.map((s) => s.command).filter((c) => c !== 'no-such-command'))).toEqual(
      new Set(listed),
    );
  });

  it('each answer over HTTP is a one-element list holding the answer given over the socket', async () => {
    const differences = await runDifferential(STEPS, direct!, agent!, { normalise: acrossDaemons });
    expect(
      differences.length,
      `HTTP answers differing from the socket's:\n${describeDifferences(differences)}`,
    ).toBe(0);
    // shutdown was answered by both; both stop.
    const [a, b] = await Promise.all([direct!.program.exited, behindAgent!.program.exited]);
    expect([a.code, b.code]).toEqual([0, 0]);
  });

  it('answers an error per service when the daemon is gone, still as a list', async () => {
    const { status, json } = await agent!.send('version-get');
    expect(status).toBe(200);
    expect(json).toMatchObject([{ result: 1 }]);
  });
});

describe.skipIf(!iscKeaInstalled)("ISC's kea-ctrl-agent 2.2 in front of Nestor's kea-dhcp6", () => {
  let dirs: Dirs;
  let nestor: Dhcp6Process | undefined;
  let iscDhcp6: IscKeaDhcp6 | undefined;
  let nestorAgent: Agent | undefined;
  let iscAgentToNestor: Agent | undefined;
  let iscAgentToIsc: Agent | undefined;

  beforeAll(async () => {
    dirs = makeDirs('dhcp6-isc-agent-');
    const iscDir = join(dirs.root, 'isc');
    mkdirSync(iscDir);
    const config = writeConfig(dirs, 'kea-dhcp6.conf', section);
    [nestor, iscDhcp6] = await startAll<[Dhcp6Process, IscKeaDhcp6]>(
      startDhcp6(dirs, config),
      IscKeaDhcp6.start(iscDir, section),
    );
    [nestorAgent, iscAgentToNestor, iscAgentToIsc] = await startAll<[Agent, Agent, Agent]>(
      startNestorAgent(dirs, SOCKET),
      startIscAgent(dirs.run, nestor.socket),
      startIscAgent(iscDir, iscDhcp6.socket),
    );
  }, 40_000);

  afterAll(async () => {
    await Promise.all([nestorAgent, iscAgentToNestor, iscAgentToIsc, nestor, iscDhcp6].map((p) => p?.stop()));
    removeDirs(dirs);
  });

  /** Commands that change nothing, so both agents can be asked in turn. */
  const READ_ONLY: Step[] = [
    step('list-commands'),
    step('version-get'),
    step('config-test', { Dhcp6: badSection as JsonValue }),
    step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
    step('lease6-get-all'),
    step('lease6-add', lease('2001:db8:1::12', { iaid: 'x' })),
    step('statistic-get', { name: 'subnet[1].total-nas' }),
    step('dhcp-disable', { 'max-period': 0 }),
    step('no-such-command'),
  ];

  it("answers as Nestor's agent does", async () => {
    const differences = await runDifferential(READ_ONLY, nestorAgent!, iscAgentToNestor!);
    expect(differences.length, describeDifferences(differences)).toBe(0);
    const viaIsc = (await iscAgentToNestor!.send('status-get')).json as ControlAnswer[];
    expect(viaIsc).toMatchObject([{ result: 0, arguments: { pid: nestor!.program.pid } }]);
  });

  it('forwards lease commands so that Nestor and ISC kea-dhcp6 answer alike, argument positions included', async () => {
    const steps: Step[] = [
      step('lease6-add', lease('2001:db8:1::10')),
      step('lease6-add', lease('2001:db8:1::10')),
      step('lease6-add', lease('2001:db8:1::12', { iaid: 'x' })),
      step('lease6-add', lease('2001:db8:1::12', { duid: 5 })),
      step('lease6-add', []),
      step('lease6-get', { 'ip-address': '2001:db8:1::10', type: 5 }),
      step('lease6-get', { 'identifier-type': 'duid', identifier: '01:02:03:04', iaid: 'x', 'subnet-id': 1 }),
      step('lease6-get', { 'ip-address': '2001:db8:1::10' }),
      step('lease6-wipe', []),
      step('lease6-bulk-apply', {
        'deleted-leases': [{ 'ip-address': '2001:db8:1::11' }],
        leases: [lease('2001:db8:1::13'), lease('2001:db8:1::14', { iaid: 'x' })],
      }),
      step('lease6-bulk-apply', { 'deleted-leases': [{ 'ip-address': '2001:db8:1::10', type: 5 }] }),
      step('lease6-bulk-apply', { 'deleted-leases': [{ 'ip-address': '2001:db8:1::12' }], leases: [] }),
      step('stat-lease6-get', { 'subnet-id': 1 }),
      step('lease6-del', { 'ip-address': '2001:db8:1::10' }),
    ];
    const differences = await runDifferential(steps, iscAgentToIsc!, iscAgentToNestor!);
    expect(differences.length, describeDifferences(differences)).toBe(0);
  });

  it("non-ASCII text, which Kea's agent forwards as one \\u00XX escape per UTF-8 byte, is stored as Kea stores it", async () => {
    // Kea's JSON reader turns each \u00XX back into its byte, so ISC kea-dhcp6 stores "é" as the
    // two bytes of its UTF-8 form; Nestor's control channel reads such byte strings as the text
    // they encode, so its lease file holds the same two bytes.
    const add = lease('2001:db8:1::20', { hostname: 'é', iaid: 5 });
    const [kea, ours] = [
      await iscAgentToIsc!.command('lease6-add', add),
      await iscAgentToNestor!.command('lease6-add', add),
    ];
    expect([kea.result, ours.result]).toEqual([0, 0]);
    const hostnameBytes = (file: string) => {
      const row = parseLease6Csv(readFileSync(file, 'utf8')).find((r) => r.address === '2001:db8:1::20');
      return Buffer.from(row!.hostname, 'utf8').toString('hex');
    };
    expect(hostnameBytes(iscDhcp6!.leaseFile)).toBe('c3a9');
    expect(hostnameBytes(join(dirs.lib, 'kea-leases6.csv'))).toBe('c3a9');
  });

  it('known difference: argument positions in error texts after a non-ASCII string', async () => {
    // Kea counts bytes of the escaped text it received; Nestor's positions follow the request as
    // its agents send it. Needed: handing the request text to handlers for positions.
    const positioned = lease('2001:db8:1::21', { hostname: 'é', iaid: 'x' });
    const [keaText, ourText] = [
      (await iscAgentToIsc!.command('lease6-add', positioned)).text,
      (await iscAgentToNestor!.command('lease6-add', positioned)).text,
    ];
    expect(keaText).not.toBe(ourText);
  });
});
