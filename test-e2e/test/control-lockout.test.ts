import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_CONNECTIONS } from '@nestor/control';
import {
  ConnectionFlood,
  type DaemonDirs,
  makeDaemonDirs,
  type RunningProgram,
  sleep,
  waitUntil,
} from '@nestor/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_ENDPOINTS, type StartedEndpoint } from '../src/control-endpoints.js';

// Issue 10, "no lockout": every daemon's control endpoint, filled to its connection bound by
// idle or slowloris connections, still answers a new client at once (the idlest or slowest
// connection is closed to make room, and counted in the log), never cuts a command in progress,
// and keeps running.

const N = DEFAULT_MAX_CONNECTIONS;

/** The running total of the last eviction report in the program's log (0 when none yet). */
function loggedEvictions(program: RunningProgram, id: string): number {
  const totals = [...program.output.matchAll(new RegExp(`${id} .*\\((\\d+) evicted since`, 'g'))];
  return Number(totals.at(-1)?.[1] ?? 0);
}

describe.each(CONTROL_ENDPOINTS)('$label', (endpoint) => {
  let root: string;
  let dirs: DaemonDirs;
  let started: StartedEndpoint | undefined;
  const floods: ConnectionFlood[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nestor-lockout-'));
    dirs = makeDaemonDirs(root);
    started = await endpoint.start(dirs);
  });
  afterEach(async () => {
    await Promise.all(floods.splice(0).map((f) => f.close()));
  });
  afterAll(async () => {
    await Promise.all(floods.splice(0).map((f) => f.close()));
    await started?.program.stop();
    await started?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  const daemon = (): StartedEndpoint => {
    if (!started) throw new Error('the daemon did not start');
    return started;
  };

  async function flood(
    count: number,
    trickle?: { text: string; intervalMs: number },
  ): Promise<ConnectionFlood> {
    const f = await ConnectionFlood.open(daemon().target, count, trickle ? { trickle } : {});
    floods.push(f);
    return f;
  }

  /** The evictions the clients saw and the log's running total agree (the log lags by a report interval). */
  async function expectEvictionsLogged(evicted: number): Promise<void> {
    const { program } = daemon();
    await waitUntil(() => loggedEvictions(program, endpoint.evictionId) >= evicted, {
      timeoutMs: 10_000,
      what: `${evicted} evictions in the log`,
    });
  }

  it(`answers a new client while ${N} idle connections hold the bound`, async () => {
    const { command, evicted, program } = daemon();
    const before = loggedEvictions(program, endpoint.evictionId);
    const idle = await flood(N);
    await sleep(500); // the daemon accepts them all
    expect(await command('status-get')).toMatchObject({ result: 0 });
    expect(await command('list-commands')).toMatchObject({ result: 0 });
    await waitUntil(() => idle.connections.filter(evicted).length >= 1, {
      timeoutMs: 5_000,
      what: 'an idle connection evicted',
    });
    const seen = idle.connections.filter(evicted).length;
    await expectEvictionsLogged(before + seen);
    expect(idle.stillOpen().length).toBeGreaterThanOrEqual(N - seen);
    expect(program.running).toBe(true);
  });

  it(`answers a new client while ${N} slowloris connections (a byte a second) hold the bound`, async () => {
    const { command, evicted, program, slowRequest } = daemon();
    const before = loggedEvictions(program, endpoint.evictionId);
    const slow = await flood(N, { text: slowRequest, intervalMs: 1_000 });
    await sleep(2_000);
    expect(await command('status-get')).toMatchObject({ result: 0 });
    expect(await command('list-commands')).toMatchObject({ result: 0 });
    await waitUntil(() => slow.connections.filter(evicted).length >= 1, {
      timeoutMs: 5_000,
      what: 'a slow connection evicted',
    });
    await expectEvictionsLogged(before + slow.connections.filter(evicted).length);
    expect(program.running).toBe(true);
  });

  it('answers a connection that sends nothing with its timeout, as Kea does, within 10 s and a little', async () => {
    const { timedOut, program } = daemon();
    const silent = await flood(3);
    const started = Date.now();
    await waitUntil(() => silent.connections.every(timedOut), {
      timeoutMs: 15_000,
      what: 'the timeout answers',
    });
    // Not before Kea's 10 s (a little less: the connections opened before the clock started).
    expect(Date.now() - started).toBeGreaterThan(9_000);
    expect(program.running).toBe(true);
  });

  it.skipIf(!endpoint.holdsCommand)(
    'never evicts a connection whose command is in progress, whatever floods around it',
    async () => {
      const { command, evicted, program, startCommandInProgress } = daemon();
      if (!startCommandInProgress) throw new Error('no command can be held in progress here');
      const inProgress = await startCommandInProgress();
      // Older than anything the flood opens: were it evictable, it would be the first to go.
      await sleep(1_500);
      // The bound less the one in progress, and twenty more: at least twenty evictions.
      const idle = await flood(N + 20);
      await waitUntil(() => idle.connections.filter(evicted).length >= 20, {
        timeoutMs: 10_000,
        what: 'twenty evictions',
      });
      expect(await inProgress.finish()).toMatchObject({ result: 0 });
      expect(await command('status-get')).toMatchObject({ result: 0 });
      expect(program.running).toBe(true);
    },
  );
});
