#!/usr/bin/env node
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Dhcp6TestClient } from './client.js';
import { type Binding, clientDuid, fourWay, renew } from './exchanges.js';
import { fuzzPackets } from './fuzz.js';

const USAGE = `Usage:
  dhcp6-load exchange --iface IF --clients N [--first K] [--concurrency C] [--prefix] [--out FILE]
  dhcp6-load renew    --iface IF --in FILE [--out FILE]
  dhcp6-load rebind   --iface IF --in FILE [--out FILE]
  dhcp6-load fuzz     --iface IF --count N [--seed S] [--rate PACKETS_PER_SECOND]
Common: [--server ADDRESS] (default ff02::1:2%IF) [--port 547] [--local-port 546] [--timeout MS]
Bindings are written one JSON object per line as REPLYs arrive; a summary goes to stdout.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      iface: { type: 'string' },
      server: { type: 'string' },
      port: { type: 'string', default: '547' },
      'local-port': { type: 'string', default: '546' },
      timeout: { type: 'string', default: '2000' },
      clients: { type: 'string', default: '1' },
      first: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '50' },
      prefix: { type: 'boolean', default: false },
      out: { type: 'string' },
      in: { type: 'string' },
      count: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      rate: { type: 'string', default: '4000' },
    },
  });
  const mode = positionals[0];
  if (!mode || !['exchange', 'renew', 'rebind', 'fuzz'].includes(mode) || (!values.server && !values.iface)) {
    process.stderr.write(USAGE);
    return 1;
  }
  const client = await Dhcp6TestClient.open({
    server: values.server ?? `ff02::1:2%${values.iface}`,
    port: Number(values.port),
    localPort: Number(values['local-port']),
    timeoutMs: Number(values.timeout),
  });
  const started = Date.now();
  const record = (binding: Binding): void => {
    if (values.out) appendFileSync(values.out, `${JSON.stringify(binding)}\n`);
  };
  try {
    if (mode === 'fuzz') {
      const rate = Number(values.rate);
      if (!Number.isFinite(rate) || rate <= 0) {
        process.stderr.write(`dhcp6-load: --rate must be a positive number\n`);
        return 1;
      }
      let sent = 0;
      for (const packet of fuzzPackets(Number(values.seed), Number(values.count))) {
        await client.fire(packet);
        sent++;
        // Paced to the rate so the server's receive queue never overflows: every packet should
        // reach the server and be counted, whatever the server's speed on garbage.
        const ahead = (sent / rate) * 1000 - (Date.now() - started);
        if (ahead > 5) await new Promise((r) => setTimeout(r, ahead));
      }
      process.stdout.write(`${JSON.stringify({ mode, sent, seconds: (Date.now() - started) / 1000 })}\n`);
      return 0;
    }
    const jobs: (() => Promise<Binding | undefined>)[] = [];
    if (mode === 'exchange') {
      const first = Number(values.first);
      for (let n = first; n < first + Number(values.clients); n++) {
        jobs.push(() => fourWay(client, clientDuid(n), 1, values.prefix));
      }
    } else {
      const bindings = readFileSync(values.in ?? '/dev/stdin', 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Binding);
      for (const b of bindings) jobs.push(() => renew(client, b, mode === 'rebind'));
    }
    let granted = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const binding = await job();
        if (binding) {
          granted++;
          record(binding);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Number(values.concurrency)) }, worker));
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ mode, requested: jobs.length, granted, seconds })}\n`);
    return 0;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`dhcp6-load: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
