// Lease store throughput over the built package (run `pnpm --filter @nestor/leases build` first):
// adds/s and updates/s for 100,000 leases, persist true and false, with changes issued the way a
// busy server issues them (many in flight, grouped per event-loop turn) and one at a time; and
// concurrent changes with sync (kea-dhcp6's nestor-fsync: one fdatasync per group of rows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanupLeaseFiles, lease6, leaseFileSet, MemfileLeaseStore } from '../dist/index.js';

const COUNT = Number(process.env.LEASES ?? 100_000);
const IN_FLIGHT = 1_000;

function makeLeases() {
  const leases = [];
  for (let i = 0; i < COUNT; i++) {
    leases.push(
      lease6({
        type: 0,
        address: `2001:db8:0:${(i >>> 16).toString(16)}::${(i & 0xffff).toString(16)}`,
        duid: `00:01:00:01:${[24, 16, 8, 0].map((s) => ((i >>> s) & 0xff).toString(16).padStart(2, '0')).join(':')}`,
        iaid: i,
        subnetId: 1 + (i % 8),
        preferredLifetime: 1800,
        validLifetime: 3600,
        cltt: 1_700_000_000,
        hostname: i % 4 === 0 ? `host-${i}.example.org` : '',
      }),
    );
  }
  return leases;
}

async function timed(label, work, units = COUNT) {
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  return { label, seconds, rate: units / seconds };
}

/** Many changes in flight at once, as concurrent packets make them. */
async function concurrently(leases, change) {
  for (let i = 0; i < leases.length; i += IN_FLIGHT) {
    await Promise.all(leases.slice(i, i + IN_FLIGHT).map(change));
  }
}

/** One change at a time, each awaited: one write call per change. */
async function oneByOne(leases, change) {
  for (const lease of leases) await change(lease);
}

async function run(persist, issue, mode, sync = false) {
  const dir = mkdtempSync(join(tmpdir(), 'leases-bench-'));
  const name = join(dir, 'kea-leases6.csv');
  try {
    const leases = makeLeases();
    const store = await MemfileLeaseStore.open({ name, persist, sync });
    const add = await timed('add', () =>
      issue(leases, async (l) => {
        const r = await store.add(l);
        if (!r.ok) throw new Error(`add refused: ${l.address}`);
      }),
    );
    const update = await timed('update', () =>
      issue(leases, async (l) => {
        const r = await store.update({ ...l, cltt: l.cltt + 60 });
        if (!r.ok) throw new Error(`update refused: ${l.address}`);
      }),
    );
    const writes = store.writeStats?.batches ?? 0;
    await store.close();
    const label = `${mode}, persist ${persist}${sync ? ', fdatasync' : ''}`;
    const rows = [
      [label, 'adds/s', add.rate, add.seconds, writes],
      [label, 'updates/s', update.rate, update.seconds, ''],
    ];
    if (persist && !sync && mode === 'concurrent') {
      const load = await timed(
        'load',
        async () => {
          const again = await MemfileLeaseStore.open({ name });
          if ((await again.counts()).reduce((n, c) => n + c.count, 0) !== COUNT)
            throw new Error('load lost leases');
          await again.close();
        },
        2 * COUNT,
      );
      rows.push([`start-up load, ${2 * COUNT} rows`, 'rows/s', load.rate, load.seconds, '']);
      const again = await MemfileLeaseStore.open({ name });
      await again.rotateForCleanup();
      await again.close();
      const cleanup = await timed('cleanup', () => cleanupLeaseFiles(leaseFileSet(name)), 2 * COUNT);
      rows.push([`lease file cleanup, ${2 * COUNT} rows`, 'rows/s', cleanup.rate, cleanup.seconds, '']);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const persist of [false, true]) {
  results.push(...(await run(persist, concurrently, 'concurrent')));
  results.push(...(await run(persist, oneByOne, 'one at a time')));
}
results.push(...(await run(true, concurrently, 'concurrent', true)));

console.log(`@nestor/leases memfile store, ${COUNT} leases (${IN_FLIGHT} changes in flight when concurrent)`);
console.log(
  `${'case'.padEnd(40)} ${'measure'.padEnd(10)} ${'rate'.padStart(12)} ${'seconds'.padStart(8)}  write calls`,
);
for (const [label, measure, rate, seconds, writes] of results) {
  console.log(
    `${label.padEnd(40)} ${measure.padEnd(10)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} ${seconds.toFixed(2).padStart(8)}  ${writes}`,
  );
}
