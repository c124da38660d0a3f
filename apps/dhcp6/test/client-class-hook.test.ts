/**
 * The client-class library shipped with Nestor (hooks/client-class) in the running
 * bin/kea-dhcp6, over real UDP: a function in a module of the operator's assigns the class
 * "lab" at pkt6_receive, and the class then does what a Kea class does: it admits the client to
 * the subnet guarded by it (the other client is served from the unguarded one) and brings its
 * option-data. The module edited and libreload: the function is read afresh. A function that
 * throws: the packet is dropped and counted, the server goes on.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type ClientServerMessage, findOption, findOptions, MessageType } from '@nestor/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  duidOf,
  LoopbackClient,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { clientMessage } from './support/harness.js';

const LIBRARY = createRequire(import.meta.url).resolve('@nestor/hook-client-class');

let dirs: Dirs;
let server: Dhcp6Process;
let classifier: string;

/** The operator's module: which DUIDs are in the lab (duidOf(n) ends with n). */
const writeClassifier = (labClient: number, extra = '') =>
  writeFileSync(
    classifier,
    `export function isLab(query6) {\n  return query6.duid.endsWith(':${labClient.toString(16).padStart(2, '0')}');\n}\n${extra}`,
  );

beforeAll(async () => {
  dirs = makeDirs('dhcp6-client-class-');
  classifier = join(dirs.etc, 'lab.mjs');
  writeClassifier(7, 'export function broken() { throw new Error("classifier bug"); }\n');
  const file = writeConfig(
    dirs,
    'kea-dhcp6.conf',
    loopbackSection({
      // A class without a test: only the library assigns it; it brings its option-data.
      'client-classes': [
        { name: 'lab', 'option-data': [{ name: 'dns-servers', data: '2001:db8::53', 'always-send': true }] },
      ],
      subnet6: [
        {
          id: 1,
          subnet: '2001:db8:1::/64',
          interface: 'lo',
          'client-class': 'lab',
          pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
        },
        {
          id: 2,
          subnet: '2001:db8:2::/64',
          interface: 'lo',
          pools: [{ pool: '2001:db8:2::10-2001:db8:2::1f' }],
        },
      ],
      'hooks-libraries': [
        { library: LIBRARY, parameters: { module: classifier, function: 'isLab', class: 'lab' } },
      ],
    }),
  );
  server = await startDhcp6(dirs, file);
}, 30_000);

afterAll(async () => {
  await server?.stop();
  removeDirs(dirs);
});

/** One SOLICIT of client n: the ADVERTISE (or undefined), over UDP to the server's port. */
async function solicit(n: number, waitMs = 2_000): Promise<ClientServerMessage | undefined> {
  const client = await LoopbackClient.open(server.clientPort, server.serverPort);
  try {
    return await client.send(
      clientMessage({ type: MessageType.SOLICIT, tid: n, clientId: duidOf(n), iaNa: [{ iaid: 1 }] }),
      waitMs,
    );
  } finally {
    await client.close();
  }
}
const offered = (m: ClientServerMessage | undefined) =>
  (findOptions(findOption(m!.options, 3)!.options, 5)[0] as { address: string } | undefined)?.address;
const dnsServers = (m: ClientServerMessage | undefined) =>
  (findOption(m!.options, 23) as { data?: Uint8Array } | undefined)?.data;

describe('the client-class library', () => {
  it('a client its function puts in "lab" gets the lab subnet and its option; another does not', async () => {
    const lab = await solicit(7);
    expect(offered(lab)).toMatch(/^2001:db8:1::1[0-9a-f]$/);
    expect(Buffer.from(dnsServers(lab)!).toString('hex')).toBe('20010db8000000000000000000000053');
    const other = await solicit(8);
    expect(offered(other)).toMatch(/^2001:db8:2::1[0-9a-f]$/);
    expect(dnsServers(other)).toBeUndefined();
    expect(server.program.output).toMatch(
      /CLIENT_CLASS_LOAD client classes from isLab\(\) of .*lab\.mjs \(class lab\)/,
    );
  });

  it('the module edited, libreload: the function is read afresh', async () => {
    writeClassifier(8);
    expect((await server.command('libreload')).result).toBe(0);
    expect(offered(await solicit(8))).toMatch(/^2001:db8:1::/);
    expect(offered(await solicit(7))).toMatch(/^2001:db8:2::/);
  });

  it('a function that throws: the packet is dropped and counted, the server goes on', async () => {
    const next = loopbackSection({
      'hooks-libraries': [{ library: LIBRARY, parameters: { module: classifier, function: 'missing' } }],
    });
    const refused = await server.command('config-set', { Dhcp6: next as never });
    expect(refused.result).toBe(1);
    expect(refused.text).toContain(`exports no function 'missing'`);
    writeClassifier(7, 'export function broken() { throw new Error("classifier bug"); }\n');
    const throwing = loopbackSection({
      'hooks-libraries': [{ library: LIBRARY, parameters: { module: classifier, function: 'broken' } }],
    });
    expect((await server.command('config-set', { Dhcp6: throwing as never })).result).toBe(0);
    expect(await solicit(9, 500)).toBeUndefined();
    expect(server.program.output).toMatch(/HOOKS_CALLOUT_EXCEPTION .*pkt6_receive.*classifier bug/);
    const stat = await server.command('statistic-get', { name: 'pkt6-hook-callout-failed' });
    expect((stat.arguments as Record<string, [number, string][]>)['pkt6-hook-callout-failed']![0]![0]).toBe(
      1,
    );
    expect((await server.command('status-get')).result).toBe(0);
  });
});
