/**
 * lease6-write (Kea 2.4's lease_cmds command, which Kea 2.2 lacks): the leases in memory written
 * to a file in Kea's lease6 CSV, a file already there moved aside, paths outside the data
 * directories and the lease file in use refused, every bad argument a result-1 answer. ISC
 * kea-dhcp6 2.2 started on the written file serves the same leases.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { IscKeaDhcp6, iscKeaInstalled } from './support/isc-kea.js';

let dirs: Dirs;
let server: Dhcp6Process;

const EXPIRE = Math.floor(Date.now() / 1000) + 86_400;
const LEASES = [
  { 'ip-address': '2001:db8:1::11', duid: '01:02:03:04', iaid: 1, 'subnet-id': 1, hostname: 'a,b.example.' },
  { 'ip-address': '2001:db8:1::12', duid: '01:02:03:05', iaid: 2, 'subnet-id': 1, 'valid-lft': 900 },
  {
    'ip-address': '2001:db8:8000:4200::',
    type: 'IA_PD',
    'prefix-len': 56,
    duid: '01:02:03:06',
    iaid: 3,
    'subnet-id': 1,
    'user-context': { note: 'kept' },
  },
];

beforeAll(async () => {
  dirs = makeDirs('dhcp6-lease-write-');
  server = await startDhcp6(dirs, writeConfig(dirs, 'kea-dhcp6.conf', loopbackSection()));
  for (const lease of LEASES) {
    const answer = await server.command('lease6-add', { ...lease, expire: EXPIRE } as never);
    expect(answer.result, answer.text).toBe(0);
  }
}, 30_000);

afterAll(async () => {
  await server?.stop();
  removeDirs(dirs);
});

const leasesOf = async (command: (c: string) => Promise<{ arguments?: unknown }>) =>
  ((await command('lease6-get-all')).arguments as { leases: Record<string, unknown>[] }).leases.sort((a, b) =>
    String(a['ip-address']).localeCompare(String(b['ip-address'])),
  );

describe('lease6-write', () => {
  it('writes every lease to a file in the data directory, moving a file already there aside', async () => {
    const target = join(dirs.lib, 'copy.csv');
    writeFileSync(target, 'old\n');
    const answer = await server.command('lease6-write', { filename: 'copy.csv' });
    expect(answer).toEqual({ result: 0, text: "IPv6 lease database into 'copy.csv'." });
    expect(readFileSync(`${target}.bak${server.program.pid}`, 'utf8')).toBe('old\n');
    const rows = parseLease6Csv(readFileSync(target, 'utf8'));
    expect(rows.map((r) => r.address).sort()).toEqual([
      '2001:db8:1::11',
      '2001:db8:1::12',
      '2001:db8:8000:4200::',
    ]);
    expect(rows.find((r) => r.address === '2001:db8:1::11')!.hostname).toBe('a,b.example.');
  });

  it('refuses bad arguments, paths outside the data directory and the lease file in use', async () => {
    const refusals: [unknown, string][] = [
      [undefined, 'no parameters specified for the command'],
      [{}, "'filename' parameter not specified"],
      [{ filename: 5 }, "'filename' parameter must be a string"],
      [{ filename: '' }, "'filename' parameter is empty"],
      [{ filename: '/tmp/elsewhere.csv' }, "invalid path specified: '/tmp'"],
      [{ filename: 'kea-leases6.csv' }, "'filename' parameter names the lease file in use"],
    ];
    for (const [args, text] of refusals) {
      const answer = await server.command('lease6-write', args as never);
      expect(answer.result, JSON.stringify(args)).toBe(1);
      expect(answer.text).toContain(text);
    }
    expect(existsSync('/tmp/elsewhere.csv')).toBe(false);
    const status = await server.command('status-get');
    expect(status.result).toBe(0);
  });

  it.skipIf(!iscKeaInstalled)(
    'ISC kea-dhcp6 2.2 serves the leases of the written file',
    async () => {
      const iscDir = join(dirs.root, 'isc');
      mkdirSync(iscDir, { recursive: true });
      expect((await server.command('lease6-write', { filename: 'for-isc.csv' })).result).toBe(0);
      copyFileSync(join(dirs.lib, 'for-isc.csv'), join(iscDir, 'kea-leases6.csv'));
      const kea = await IscKeaDhcp6.start(iscDir, loopbackSection());
      try {
        const theirs = await leasesOf((c) => kea.command(c));
        const ours = await leasesOf((c) => server.command(c));
        expect(theirs).toEqual(ours);
      } finally {
        await kea.stop();
      }
    },
    30_000,
  );
});
