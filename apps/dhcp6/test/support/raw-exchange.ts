/**
 * DHCPv6 messages sent one at a time from a client namespace by dhcp6-exchange.mjs (port 546 to
 * ff02::1:2 on one interface), and the reply to each. The tests that drive a server with packets
 * they built themselves all go through here.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Namespace, TestNetwork } from '@nestor/testkit';

const EXCHANGE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'dhcp6-exchange.mjs');

export interface RawExchangeOptions {
  /** The client namespace's interface on the server's link. */
  iface: string;
  /** How long to wait for each reply before sending the message once more. */
  waitMs: number;
  /** Names the batch file and the process in failures. Default "raw". */
  label?: string;
  /** Bound on the whole batch; by default twice every message's wait plus node's start. */
  timeoutMs?: number;
}

let batches = 0;

/** The replies (undefined where none came), in the order of the messages. */
export async function rawExchange(
  network: TestNetwork,
  client: Namespace,
  packets: readonly Uint8Array[],
  o: RawExchangeOptions,
): Promise<(Uint8Array | undefined)[]> {
  const label = o.label ?? 'raw';
  const file = join(network.dir, `batch-${label}-${++batches}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      iface: o.iface,
      waitMs: o.waitMs,
      packets: packets.map((p) => Buffer.from(p).toString('hex')),
    }),
  );
  const bound = o.timeoutMs ?? packets.length * o.waitMs * 2 + 10_000;
  const run = await network.run(client, label, [process.execPath, EXCHANGE_SCRIPT, file], bound);
  const line = run.output.split('\n').find((l) => l.startsWith('REPLIES '));
  if (run.code !== 0 || !line) throw new Error(`raw exchange ${label} failed (${run.code}):\n${run.output}`);
  const replies = JSON.parse(line.slice('REPLIES '.length)) as (string | null)[];
  return replies.map((hex) => (hex === null ? undefined : Uint8Array.from(Buffer.from(hex, 'hex'))));
}
