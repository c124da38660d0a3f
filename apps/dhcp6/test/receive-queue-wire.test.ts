/**
 * dhcp-queue-control on the wire, with Nestor's kea-dhcp6 binary in a network namespace: a hook
 * library parks every REQUEST at leases6_committed for 1.5 s, so the 16 packets the queue lets
 * the server work on at once are all busy; ten SOLICITs sent then wait in a kea-ring6 ring of
 * capacity 5. The ring keeps the newest five (the five oldest are discarded and counted in
 * pkt6-queue-full-drop), and once the REQUESTs are let go exactly those five are answered.
 * Without the queue all ten are.
 *
 * Needs root (network namespaces); skipped, loudly, otherwise.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageType } from '@nestor/codec';
import { sendUnixCommand } from '@nestor/control';
import { binPath, startDhcp6Server, TestNetwork } from '@nestor/testkit';
import { describe, expect, it } from 'vitest';
import { QUEUE_DROP_STAT, QUEUE_WORKERS } from '../src/net/receive-queue.js';
import { clientMessage, duidOf } from './support/harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const BURST = join(here, 'support', 'burst.mjs');
const PARK_FOR = join(here, 'hook-libraries', 'park-for.mjs');
const root = process.getuid?.() === 0;
if (!root) console.warn('receive-queue-wire: skipped (needs root)');

/** DUID-EN 2495 / 0a0b: the server-id the REQUESTs name. */
const SERVER_ID = Uint8Array.from(Buffer.from('0002000009bf0a0b', 'hex'));

async function burst(queue: boolean): Promise<{ answered: number[]; dropped: number }> {
  const network = new TestNetwork({ tag: queue ? 'rq-on' : 'rq-off' });
  try {
    const srv = await network.addNamespace('srv');
    const cli = await network.addNamespace('cli');
    await network.link(cli, 'c0', srv, 'srv0');
    const socket = join(network.dir, 'ctrl.sock');
    const configPath = join(network.dir, 'dhcp6.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        Dhcp6: {
          'interfaces-config': { interfaces: ['srv0'] },
          'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0b', persist: false },
          'data-directory': network.dir,
          'lease-database': { type: 'memfile', persist: false },
          'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
          'dhcp-queue-control': { 'enable-queue': queue, 'queue-type': 'kea-ring6', capacity: 5 },
          'hooks-libraries': [{ library: PARK_FOR, parameters: { ms: 1500 } }],
          subnet6: [
            {
              id: 1,
              subnet: '2001:db8:1::/64',
              interface: 'srv0',
              pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
            },
          ],
          loggers: [{ name: 'kea-dhcp6', severity: 'WARN', output_options: [{ output: 'stdout' }] }],
        },
      }),
    );
    await startDhcp6Server(network, srv, {
      command: { label: 'Nestor', argv: [binPath('kea-dhcp6')] },
      configPath,
      controlSocket: socket,
    });
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    const requests = Array.from({ length: QUEUE_WORKERS }, (_, i) =>
      hex(
        clientMessage({
          type: MessageType.REQUEST,
          tid: 1 + i,
          clientId: duidOf(1 + i),
          serverId: SERVER_ID,
          iaNa: [{ iaid: 1 }],
        }),
      ),
    );
    const solicits = Array.from({ length: 10 }, (_, i) =>
      hex(
        clientMessage({
          type: MessageType.SOLICIT,
          tid: 101 + i,
          clientId: duidOf(101 + i),
          iaNa: [{ iaid: 1 }],
        }),
      ),
    );
    const plan = join(network.dir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify({
        iface: 'c0',
        waitMs: 2500,
        phases: [{ packets: requests, pauseMs: 400 }, { packets: solicits }],
      }),
    );
    const run = await network.run(cli, 'burst', [process.execPath, BURST, plan], 20_000);
    const line = run.output.split('\n').find((l) => l.startsWith('ANSWERED '));
    if (!line) throw new Error(`burst failed:\n${run.output}`);
    const stats = await sendUnixCommand(socket, {
      command: 'statistic-get',
      arguments: { name: QUEUE_DROP_STAT },
    });
    const samples = (stats.arguments as Record<string, [number, string][]> | undefined)?.[QUEUE_DROP_STAT];
    return {
      answered: JSON.parse(line.slice('ANSWERED '.length)) as number[],
      dropped: samples?.[0]?.[0] ?? 0,
    };
  } finally {
    await network.destroy();
  }
}

const REQUEST_TIDS = Array.from({ length: QUEUE_WORKERS }, (_, i) => 1 + i);

describe.skipIf(!root)('kea-ring6 receive queue on the wire', () => {
  it('keeps the newest datagrams while the server is busy, discarding (and counting) the oldest', async () => {
    const { answered, dropped } = await burst(true);
    expect(answered).toEqual([...REQUEST_TIDS, 106, 107, 108, 109, 110]);
    expect(dropped).toBe(5);
  }, 40_000);

  it('without the queue every SOLICIT is answered', async () => {
    const { answered, dropped } = await burst(false);
    expect(answered).toEqual([...REQUEST_TIDS, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    expect(dropped).toBe(0);
  }, 40_000);
});
