#!/usr/bin/env node
/**
 * The soak's client side, run inside the client namespace (`ip netns exec`): a population of
 * `--clients` slots, each holding one DHCPv6 client (a DUID) at a time, driven at `--rate`
 * exchanges per second by a small window of concurrent workers. A slot without a binding does
 * SOLICIT/ADVERTISE/REQUEST/REPLY; one with a binding RENEWs, REBINDs, RELEASEs, DECLINEs or
 * walks away (its lease expires and is reclaimed); after RELEASE, DECLINE or walking away the
 * slot takes a new client, so the population rotates. Controlled on stdin ("pause", "resume",
 * "stop"), it reports on stdout as JSON lines: "paused" once no exchange is in flight, and its
 * counters with every report.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type Binding, clientDuid, Dhcp6TestClient, fourWay, giveBack, renew } from '@nestor/dhcp6-load';

const { values } = parseArgs({
  options: {
    iface: { type: 'string' },
    clients: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '150' },
    window: { type: 'string', default: '16' },
  },
});
const iface = values.iface;
if (!iface) throw new Error('--iface is required');
const slots = Number(values.clients);
const rate = Number(values.rate);
const windowSize = Math.max(1, Number(values.window));

/** Per kind: attempts and the ones the server answered as hoped. */
const counters = {
  exchanges: 0,
  timeouts: 0,
  solicit: 0,
  solicitOk: 0,
  renew: 0,
  renewOk: 0,
  rebind: 0,
  rebindOk: 0,
  release: 0,
  releaseOk: 0,
  decline: 0,
  declineOk: 0,
  abandon: 0,
};

interface Slot {
  client: number;
  binding: Binding | undefined;
  busy: boolean;
}

const population: Slot[] = Array.from({ length: slots }, (_, i) => ({
  client: i + 1,
  binding: undefined,
  busy: false,
}));
let nextClient = slots + 1;
let paused = false;
let stopping = false;
let inFlight = 0;

const report = (type: string): void => {
  process.stdout.write(`${JSON.stringify({ type, at: Date.now(), inFlight, ...counters })}\n`);
};

const rotate = (slot: Slot): void => {
  slot.binding = undefined;
  slot.client = nextClient++;
};

/** One step of one slot: what a client in its state would do next. */
async function step(slot: Slot, client: Dhcp6TestClient): Promise<void> {
  const binding = slot.binding;
  if (!binding) {
    counters.solicit++;
    counters.exchanges += 2;
    slot.binding = await fourWay(client, clientDuid(slot.client), 1);
    if (slot.binding) counters.solicitOk++;
    else counters.timeouts++;
    return;
  }
  const r = Math.random();
  if (r < 0.45 || r >= 0.97) {
    const rebind = r >= 0.97 || r < 0.15;
    counters[rebind ? 'rebind' : 'renew']++;
    counters.exchanges++;
    const held = await renew(client, binding, rebind);
    if (held) {
      counters[rebind ? 'rebindOk' : 'renewOk']++;
      slot.binding = { ...binding, ...held };
    } else slot.binding = undefined; // start over with a SOLICIT, as a client that lost its lease
  } else if (r < 0.85) {
    counters.release++;
    counters.exchanges++;
    if (await giveBack(client, binding, 'release')) counters.releaseOk++;
    rotate(slot);
  } else if (r < 0.92) {
    counters.decline++;
    counters.exchanges++;
    if (await giveBack(client, binding, 'decline')) counters.declineOk++;
    rotate(slot);
  } else {
    // Walks away without a word: the lease expires and the server reclaims it.
    counters.abandon++;
    rotate(slot);
  }
}

async function main(): Promise<void> {
  const client = await Dhcp6TestClient.open({ server: `ff02::1:2%${iface}`, timeoutMs: 1000 });
  let started = Date.now();
  let issued = 0;
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'pause') paused = true;
    else if (line === 'resume') {
      // The pace starts afresh: no burst to catch up on the time spent paused.
      paused = false;
      started = Date.now();
      issued = 0;
    } else if (line === 'stop') stopping = true;
    else if (line === 'report') report('report');
  });
  process.stdin.on('end', () => {
    stopping = true;
  });
  let pauseReported = false;
  const worker = async (): Promise<void> => {
    while (!stopping) {
      if (paused) {
        if (inFlight === 0 && !pauseReported) {
          pauseReported = true;
          report('paused');
        }
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      pauseReported = false;
      // Paced: step number n may start n/rate seconds after the start, never earlier.
      const ahead = (issued / rate) * 1000 - (Date.now() - started);
      if (ahead > 0) {
        await new Promise((r) => setTimeout(r, Math.min(ahead, 50)));
        continue;
      }
      const slot = population[Math.floor(Math.random() * population.length)]!;
      if (slot.busy) continue;
      issued++;
      slot.busy = true;
      inFlight++;
      try {
        await step(slot, client);
      } finally {
        inFlight--;
        slot.busy = false;
      }
    }
  };
  await Promise.all(Array.from({ length: windowSize }, worker));
  report('stopped');
  client.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`soak driver: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
