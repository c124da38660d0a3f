/**
 * Both datagram paths of kea-dhcp6 on the wire: Nestor's binary in a network namespace, once
 * with NESTOR_DATAGRAM_PATH=native (the @nestor/udp-native addon: recvmmsg batches) and once
 * with =dgram (node:dgram). Each run says at start which path it uses, completes a
 * SOLICIT/ADVERTISE, REQUEST/REPLY exchange from a link-local client to ff02::1:2 (the reply
 * leaving through the link-local socket), and answers every one of a burst of SOLICITs sent at
 * once (several datagrams per read on the native path).
 *
 * Needs root (network namespaces); skipped, loudly, otherwise. Outside CI the native run is
 * skipped when the addon was not built (the fallback then is the only path there is).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, findOptions, MessageType } from '@nestor/codec';
import { binPath, startDhcp6Server, TestNetwork } from '@nestor/testkit';
import { nativeUdpStatus } from '@nestor/udp-native';
import { describe, expect, it } from 'vitest';
import { DATAGRAM_PATH_ENV, type DatagramPath } from '../src/net/datagram-path.js';
import { clientMessage, duidOf } from './support/harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const EXCHANGE = join(here, 'support', 'dhcp6-exchange.mjs');
const BURST = join(here, 'support', 'burst.mjs');
const root = process.getuid?.() === 0;
if (!root) console.warn('datagram-paths-wire: skipped (needs root)');
const native = nativeUdpStatus();
// CI installs the compiler: there a missing addon fails the native run (the server refuses to
// start with NESTOR_DATAGRAM_PATH=native) rather than skipping it.
const runNative = native.available || process.env.CI === 'true';
if (!runNative) console.warn(`datagram-paths-wire: native path skipped (${native.reason})`);

/** DUID-EN 2495 / 0a0b: the server-id the REQUEST names. */
const SERVER_ID = Uint8Array.from(Buffer.from('0002000009bf0a0b', 'hex'));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function addressesOf(replyHex: string | null): string[] {
  if (replyHex === null) return [];
  const message = decodeMessage(Buffer.from(replyHex, 'hex'));
  if (message.kind !== 'client-server') return [];
  return findOptions(message.options, 3).flatMap((ia) => findOptions(ia.options, 5).map((a) => a.address));
}

async function run(path: DatagramPath): Promise<void> {
  const network = new TestNetwork({ tag: `dp-${path}` });
  try {
    const srv = await network.addNamespace('srv');
    const cli = await network.addNamespace('cli');
    await network.link(cli, 'c0', srv, 'srv0');
    const configPath = join(network.dir, 'dhcp6.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        Dhcp6: {
          'interfaces-config': { interfaces: ['srv0'] },
          'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0b', persist: false },
          'data-directory': network.dir,
          'lease-database': { type: 'memfile', persist: false },
          subnet6: [
            {
              id: 1,
              subnet: '2001:db8:1::/64',
              interface: 'srv0',
              pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
            },
          ],
          loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
        },
      }),
    );
    const server = await startDhcp6Server(network, srv, {
      command: { label: 'Nestor', argv: [binPath('kea-dhcp6')] },
      configPath,
      env: { [DATAGRAM_PATH_ENV]: path },
    });
    const said = server
      .output()
      .split('\n')
      .filter((line) => line.includes('DHCP6_DATAGRAM_PATH'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(path === 'native' ? 'native addon' : 'node:dgram');

    const batch = join(network.dir, 'batch.json');
    writeFileSync(
      batch,
      JSON.stringify({
        iface: 'c0',
        waitMs: 1000,
        packets: [
          hex(clientMessage({ type: MessageType.SOLICIT, tid: 1, clientId: duidOf(1), iaNa: [{ iaid: 1 }] })),
          hex(
            clientMessage({
              type: MessageType.REQUEST,
              tid: 2,
              clientId: duidOf(1),
              serverId: SERVER_ID,
              iaNa: [{ iaid: 1 }],
            }),
          ),
        ],
      }),
    );
    const exchange = await network.run(cli, 'exchange', [process.execPath, EXCHANGE, batch], 20_000);
    const line = exchange.output.split('\n').find((l) => l.startsWith('REPLIES '));
    if (!line) throw new Error(`exchange failed:\n${exchange.output}`);
    const [advertise, reply] = JSON.parse(line.slice('REPLIES '.length)) as (string | null)[];
    // The REQUEST names no address (it went out before the ADVERTISE came back): each answer
    // carries one lease from the pool.
    for (const answer of [advertise, reply]) {
      const leased = addressesOf(answer ?? null);
      expect(leased).toHaveLength(1);
      expect(leased[0]).toMatch(/^2001:db8:1::1[0-9a-f]{2}$/);
    }

    const solicits = Array.from({ length: 40 }, (_, i) =>
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
    writeFileSync(plan, JSON.stringify({ iface: 'c0', waitMs: 2000, phases: [{ packets: solicits }] }));
    const burst = await network.run(cli, 'burst', [process.execPath, BURST, plan], 20_000);
    const answered = burst.output.split('\n').find((l) => l.startsWith('ANSWERED '));
    if (!answered) throw new Error(`burst failed:\n${burst.output}`);
    expect(JSON.parse(answered.slice('ANSWERED '.length))).toEqual(
      Array.from({ length: 40 }, (_, i) => 101 + i),
    );
  } finally {
    await network.destroy();
  }
}

describe.skipIf(!root)('datagram paths on the wire', () => {
  it.skipIf(!runNative)('native addon: exchange and burst answered', () => run('native'), 40_000);
  it('node:dgram fallback: exchange and burst answered', () => run('dgram'), 40_000);
});
