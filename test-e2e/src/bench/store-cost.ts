/**
 * What one lease lookup and one allocation cost inside Nestor's memfile store with a given
 * number of leases loaded: run as its own process (node dist/bench/store-cost.js FILE) so a
 * million-lease store does not weigh on the bench process, and prints one JSON line.
 *
 *   get     get(type, address) of a random stored lease (the lease commands' path)
 *   getKeyed  the server's lookup by store key
 *   byIa    getByIa of a random stored lease's client (what every REQUEST and RENEW asks)
 *   add     addKeyed of a new lease (conflict check, index insert, row appended to the file)
 *
 * Each figure is the median of 5 rounds of `ops` operations, in nanoseconds per operation.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipv6BytesToText, ipv6TextToBytes } from '@nestor/codec';
import { lease6, leaseKeyFromBytes, MemfileLeaseStore } from '@nestor/leases';
import { generatedAddress } from './lease-file-generator.js';

export interface StoreCost {
  leases: number;
  getNs: number;
  getKeyedNs: number;
  byIaNs: number;
  addNs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(ops: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) await run(round * ops + i);
    rounds.push(Number(process.hrtime.bigint() - started) / ops);
  }
  return median(rounds);
}

export async function measureStoreCost(file: string, ops = 20_000): Promise<StoreCost> {
  const dir = mkdtempSync(join(tmpdir(), 'nestor-store-cost-'));
  try {
    const copy = join(dir, 'leases6.csv');
    copyFileSync(file, copy);
    const store = await MemfileLeaseStore.open({ name: copy });
    const leases = store.loadReport.leases;
    // a fixed pseudo-random walk over the stored leases (the generator's i-th lease)
    const pick = (i: number) => (Math.imul(i + 1, 2654435761) >>> 0) % leases;
    const addresses = Array.from({ length: ops * 5 }, (_, i) => generatedAddress(pick(i)));
    const keys = addresses.map((a) => leaseKeyFromBytes(0, ipv6TextToBytes(a)!));
    const duids = addresses.map((_, i) => {
      const n = pick(i);
      const mac = [n >>> 24, n >>> 16, n >>> 8, n].map((b) => (b & 0xff).toString(16).padStart(2, '0'));
      return { duid: `00:01:00:01:2b:3c:4d:5e:0a:00:${mac.join(':')}`, iaid: n + 1 };
    });
    const getNs = await timed(ops, (i) => store.get(0, addresses[i]!));
    const getKeyedNs = await timed(ops, (i) => store.getKeyed(0, keys[i]!));
    const byIaNs = await timed(ops, (i) => store.getByIa({ type: 0, ...duids[i]! }));
    // new leases beyond the generated ones, in another /64 of the same kind
    const now = Math.floor(Date.now() / 1000);
    const addNs = await timed(ops, (i) => {
      const bytes = ipv6TextToBytes(`2001:db8:2::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`)!;
      const lease = lease6({
        type: 0,
        address: ipv6BytesToText(bytes),
        duid: `00:03:00:01:0a:0b:${((i >>> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`,
        iaid: i,
        subnetId: 1,
        preferredLifetime: 3000,
        validLifetime: 4000,
        cltt: now,
      });
      return store.addKeyed(lease, leaseKeyFromBytes(0, bytes));
    });
    await store.close();
    return { leases, getNs, getKeyedNs, byIaNs, addNs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: store-cost FILE');
    process.exit(1);
  }
  measureStoreCost(file).then(
    (cost) => console.log(JSON.stringify(cost)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
