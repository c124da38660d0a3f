/**
 * Issue 18's server-behaviour parameters against ISC kea-dhcp6 2.2 where they show on the wire:
 * compatibility.lenient-option-parsing (a vendor-class tuple longer than the option: the message
 * fails to parse, or the tuple takes the rest), and a changed server-id or data-directory put in
 * force by config-set (Kea makes the server identifier again at every configuration). Both
 * servers get the same messages; answers are compared as reply-summary.ts reduces them, and the
 * server-id option itself where the DUID is pinned.
 *
 * Needs root (network namespaces) and /usr/sbin/kea-dhcp6; skipped, loudly, otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientServerMessage, MessageType } from '@nestor/codec';
import { ISC_KEA_DHCP6 } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { innerReply } from './support/class-packets.js';
import { clientMessage, duidOf } from './support/harness.js';
import { poolLabeler, summarise } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const available = existsSync(ISC_KEA_DHCP6) && process.getuid?.() === 0;
if (!available) console.warn(`parameters-kea: skipped (needs root and ${ISC_KEA_DHCP6})`);

const CONFIG = {
  'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0a0b', persist: false },
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: SERVER_IFACE,
      pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
    },
  ],
};

/** vendor-class data: enterprise 4491, then raw bytes (tuples as the test writes them). */
const vendorClass = (tuples: number[]): Uint8Array => new Uint8Array([0, 0, 0x11, 0x8b, ...tuples]);
/** One well-formed tuple "abc". */
const GOOD = vendorClass([0, 3, 0x61, 0x62, 0x63]);
/** A tuple claiming 9 bytes where 3 follow (what RAD MiNID-like devices send). */
const OVERLONG = vendorClass([0, 9, 0x61, 0x62, 0x63]);
/** A lone length byte: no setting makes that parse. */
const STUB = vendorClass([0, 3, 0x61, 0x62, 0x63, 0]);

let client = 0x600;
const solicit = (vendor?: Uint8Array): Uint8Array =>
  clientMessage({
    type: MessageType.SOLICIT,
    tid: ++client,
    clientId: duidOf(++client),
    iaNa: [{ iaid: 1 }],
    ...(vendor ? { extra: [[16, vendor]] as [number, Uint8Array][] } : {}),
  });

const serverIdOf = (reply: Uint8Array | undefined): string | undefined => {
  if (!reply) return undefined;
  const message: ClientServerMessage = innerReply(reply);
  const option = message.options.find((o) => o.code === 2);
  return option?.kind === 'raw' ? Buffer.from(option.data).toString('hex') : undefined;
};

describe.skipIf(!available)('issue 18 parameters, differential against ISC kea-dhcp6 2.2', () => {
  let twins: TwinServers | undefined;
  const label = poolLabeler(CONFIG);
  // Nestor's path policy (Kea 2.6's hardening) lets config-set name only the data directory
  // of start-up or KEA_DHCP_DATA_DIR's: the second data directory is the latter.
  const secondDataDir = mkdtempSync(join(tmpdir(), 'nestor-prm-dd2-'));
  const savedDataDir = process.env.KEA_DHCP_DATA_DIR;
  beforeAll(async () => {
    process.env.KEA_DHCP_DATA_DIR = secondDataDir;
    twins = await TwinServers.start('prm', CONFIG);
  }, 30_000);
  afterAll(async () => {
    await twins?.destroy();
    rmSync(secondDataDir, { recursive: true, force: true });
    if (savedDataDir === undefined) delete process.env.KEA_DHCP_DATA_DIR;
    else process.env.KEA_DHCP_DATA_DIR = savedDataDir;
  });

  /** Sends the same packets to both; their summaries, side by side. */
  const both = async (packets: Uint8Array[]) => {
    const replies = await twins!.exchange(packets);
    return {
      kea: replies.kea.map((r) => summarise(r, label)),
      nestor: replies.nestor.map((r) => summarise(r, label)),
      raw: replies,
    };
  };

  it('lenient-option-parsing false: an overlong vendor-class tuple fails the message, counted as a parse failure', async () => {
    const before = await twins!.statistics();
    const { kea, nestor } = await both([solicit(GOOD), solicit(OVERLONG), solicit(STUB)]);
    expect(nestor).toEqual(kea);
    expect(kea.map((r) => (r === 'no answer' ? r : r.type))).toEqual(['ADVERTISE', 'no answer', 'no answer']);
    const after = await twins!.statistics();
    // Counted alike (the exchange program sends an unanswered message twice).
    const failed = (side: 'kea' | 'nestor') =>
      (after[side]['pkt6-parse-failed'] ?? 0) - (before[side]['pkt6-parse-failed'] ?? 0);
    expect(failed('kea')).toBeGreaterThanOrEqual(2);
    expect(failed('nestor')).toBe(failed('kea'));
  });

  it('lenient-option-parsing true (config-set): the overlong tuple takes the rest of the option', async () => {
    const set = await twins!.reconfigure((dhcp6) => {
      dhcp6.compatibility = { 'lenient-option-parsing': true };
    });
    expect([set.kea.result, set.nestor.result]).toEqual([0, 0]);
    const { kea, nestor } = await both([solicit(OVERLONG), solicit(STUB)]);
    expect(nestor).toEqual(kea);
    expect(kea.map((r) => (r === 'no answer' ? r : r.type))).toEqual(['ADVERTISE', 'no answer']);
  });

  it('a server-id changed by config-set is the one the next reply carries', async () => {
    const first = await both([solicit()]);
    expect(serverIdOf(first.raw.nestor[0])).toBe(serverIdOf(first.raw.kea[0]));
    const set = await twins!.reconfigure((dhcp6) => {
      dhcp6['server-id'] = { type: 'EN', 'enterprise-id': 4491, identifier: 'c0ffee', persist: false };
    });
    expect([set.kea.result, set.nestor.result]).toEqual([0, 0]);
    const after = await both([solicit()]);
    expect(serverIdOf(after.raw.kea[0])).toBe('00020000118bc0ffee');
    expect(serverIdOf(after.raw.nestor[0])).toBe(serverIdOf(after.raw.kea[0]));
  });

  it("a data-directory changed by config-set: the DUID stored there is the server's from then on", async () => {
    const stored = '00:01:00:01:2a:2b:2c:2d:02:00:00:00:ab:cd';
    const dirs = { kea: join(twins!.network.dir, 'kea-dd2'), nestor: secondDataDir };
    for (const dir of Object.values(dirs)) {
      mkdirSync(dir, { recursive: true });
      // As Kea writes it: no newline (Kea 2.2 misreads a file that ends in one, and makes a new DUID).
      writeFileSync(join(dir, 'kea-dhcp6-serverid'), stored);
    }
    const set = await twins!.reconfigure((dhcp6, side) => {
      dhcp6['data-directory'] = dirs[side];
      dhcp6['server-id'] = { type: 'LLT', persist: true };
    });
    expect([set.kea.result, set.nestor.result], JSON.stringify(set)).toEqual([0, 0]);
    const after = await both([solicit()]);
    expect(serverIdOf(after.raw.kea[0])).toBe(stored.replaceAll(':', ''));
    expect(serverIdOf(after.raw.nestor[0])).toBe(serverIdOf(after.raw.kea[0]));
  });

  it('Nestor says once, at INFO, what it does with multi-threading', () => {
    const lines = twins!
      .output('nestor')
      .split('\n')
      .filter((l) => l.includes('DHCP6_MULTI_THREADING_INFO'));
    // One at start, one per config-set above (three).
    expect(lines.length).toBe(4);
    expect(lines[0]).toMatch(/INFO .*DHCP6_MULTI_THREADING_INFO enabled: no/);
  });
});
