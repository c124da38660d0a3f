import { describe, expect, it } from 'vitest';
import { benchServer } from '../src/bench/run.js';
import type { ServerUnderTest } from '../src/servers.js';

// The bench's handling of servers that cannot be measured, with one-second steps: a row that
// says so, never a crash of the whole bench. (The bench itself is not part of the tests.)
const settings = {
  clients: 100_000,
  stepSeconds: 1,
  cpuRate: 0,
  search: true,
  startRate: 100,
  maxRate: 200,
  bisectSteps: 1,
  retries: 1,
};

describe('benchServer with servers that cannot be measured', () => {
  it('a server that binds UDP 547 but never answers gets a 0/s "no answers" row after one step', async () => {
    const silent: ServerUnderTest = {
      id: 'nestor',
      label: 'silent',
      // `-c CONFIG` lands in $1 $2 of sh; node binds the server port and ignores everything
      argv: [
        'sh',
        '-c',
        `exec ${process.execPath} -e 'require("dgram").createSocket("udp6").bind(547); setInterval(() => {}, 1000)'`,
        'sh',
      ],
    };
    const row = await benchServer(silent, 'address-only', settings);
    expect(row).toMatchObject({
      status: 'no answers',
      exchangesPerSecond: 0,
      note: 'no answers',
      serverAlive: true,
    });
    expect(row.steps).toHaveLength(1);
  });

  it('a server that exits at once gets a "did not start" row', async () => {
    const broken: ServerUnderTest = {
      id: 'nestor',
      label: 'broken',
      argv: ['sh', '-c', 'echo "no config for you" >&2; exit 1', 'sh'],
    };
    const row = await benchServer(broken, 'address-and-prefix', settings);
    expect(row).toMatchObject({ status: 'did not start', exchangesPerSecond: 0 });
    expect(row.note).toMatch(/^did not start: broken did not start/);
  });
});
