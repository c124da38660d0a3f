// Loads a generated kea-dhcp6 configuration with 10,000 subnets and 100,000 host reservations
// and prints how long each stage takes. Run after the build: `pnpm --filter @nestor/config bench`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDhcp6ConfigFile, parseDhcp6Config, readKeaJsonFile } from '../dist/index.js';

const SUBNETS = 10_000;
const RESERVATIONS_PER_SUBNET = 10;
const LIMIT_MS = 2000;

function hex4(n) {
  return n.toString(16);
}

function generate() {
  const subnets = [];
  for (let s = 0; s < SUBNETS; s++) {
    const net = `2001:db8:${hex4(s >> 8)}:${hex4(s & 0xff)}`;
    const reservations = [];
    for (let r = 0; r < RESERVATIONS_PER_SUBNET; r++) {
      const n = s * RESERVATIONS_PER_SUBNET + r;
      reservations.push({
        duid: `00:03:00:01:${[24, 16, 8, 0].map((shift) => ((n >> shift) & 0xff).toString(16).padStart(2, '0')).join(':')}`,
        'ip-addresses': [`${net}::${hex4(0x1000 + r)}`],
        hostname: `host-${n}`,
      });
    }
    subnets.push({
      id: s + 1,
      subnet: `${net}::/64`,
      pools: [{ pool: `${net}::100-${net}::fff` }],
      'pd-pools': [{ prefix: `2001:db9:${hex4(s)}::`, 'prefix-len': 48, 'delegated-len': 56 }],
      'option-data': [{ name: 'dns-servers', data: `${net}::53` }],
      reservations,
    });
  }
  const config = {
    Dhcp6: {
      'interfaces-config': { interfaces: ['eth0'] },
      'lease-database': { type: 'memfile', persist: false },
      'valid-lifetime': 4000,
      'preferred-lifetime': 3000,
      'renew-timer': 1000,
      'rebind-timer': 2000,
      'option-data': [{ name: 'domain-search', data: 'example.com' }],
      subnet6: subnets,
    },
  };
  // Indented, with a comment per subnet, as an operator's file would be.
  return `// generated: ${SUBNETS} subnets, ${SUBNETS * RESERVATIONS_PER_SUBNET} reservations\n${JSON.stringify(
    config,
    null,
    2,
  ).replace(/\n {6}\{\n {8}"id"/g, '\n      # a subnet\n      {\n        "id"')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'config-bench-'));
try {
  const file = join(dir, 'kea-dhcp6.conf');
  writeFileSync(file, generate());

  // Stages on their own (one cold pass each), then the whole load as the daemon does it.
  let t = performance.now();
  const parsed = readKeaJsonFile(file);
  const parseMs = performance.now() - t;
  t = performance.now();
  parseDhcp6Config(parsed.value, parsed.sources);
  const checkMs = performance.now() - t;

  const runs = [];
  let loaded;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    loaded = loadDhcp6ConfigFile(file);
    runs.push(performance.now() - t);
  }
  const { model } = loaded;
  t = performance.now();
  const rawSubnets = loaded.raw.subnet6.length;
  const rawMs = performance.now() - t;
  const reservations = model.subnets.reduce((sum, s) => sum + s.reservations.length, 0);
  const best = Math.min(...runs);
  console.log(`configuration: ${model.subnets.length} subnets, ${reservations} reservations`);
  console.log(
    `first load: parse ${parseMs.toFixed(0)} ms + schema/checks/model ${checkMs.toFixed(0)} ms = ${(parseMs + checkMs).toFixed(0)} ms`,
  );
  console.log(
    `warm loads (file to model), 3 runs: ${runs.map((r) => r.toFixed(0)).join(' / ')} ms; best ${best.toFixed(0)} ms`,
  );
  console.log(
    `config-get view (raw with defaults, built on first use): ${rawMs.toFixed(0)} ms for ${rawSubnets} subnets`,
  );
  const firstLoad = parseMs + checkMs;
  console.log(
    firstLoad < LIMIT_MS
      ? `OK: under ${LIMIT_MS} ms`
      : `TOO SLOW: ${firstLoad.toFixed(0)} ms >= ${LIMIT_MS} ms`,
  );
  process.exitCode = firstLoad < LIMIT_MS ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
