/** The on-fail policy of a lost lease database, step by step, with a database that answers when told. */
import { LogManager } from '@nestor/daemon';
import { describe, expect, it } from 'vitest';
import { DatabaseRecovery, type OnFail, SharedServiceSwitch } from '../src/db-recovery.js';

const logs = new LogManager('kea-dhcp6');
logs.configure([{ name: 'kea-dhcp6', severity: 'NONE' }]);

function harness(onFail: OnFail, maxReconnectTries: number, reconnectWaitTime = 20) {
  const events: string[] = [];
  const db = { up: false, probes: 0 };
  const recovery = new DatabaseRecovery(() => ({ onFail, maxReconnectTries, reconnectWaitTime }), {
    probe: async () => {
      db.probes++;
      if (!db.up) throw new Error('connection refused');
    },
    disableService: () => events.push('disable'),
    enableService: () => events.push('enable'),
    exit: () => events.push('exit'),
    log: logs.get('kea-dhcp6.dhcp6'),
  });
  return { events, db, recovery };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lease database recovery (on-fail)', () => {
  it('stop-retry-exit: disables the service while reconnecting, enables it when the database is back', async () => {
    const { events, db, recovery } = harness('stop-retry-exit', 50);
    recovery.lost(new Error('gone'));
    recovery.lost(new Error('gone again')); // the same loss: one recovery
    expect(events).toEqual(['disable']);
    await wait(70);
    expect(db.probes).toBeGreaterThanOrEqual(2);
    db.up = true;
    await wait(60);
    expect(events).toEqual(['disable', 'enable']);
    expect(recovery.active).toBe(false);
    recovery.stop();
  });

  it('stop-retry-exit: exits when the tries run out', async () => {
    const { events, db, recovery } = harness('stop-retry-exit', 3, 10);
    recovery.lost(new Error('gone'));
    await wait(120);
    expect(db.probes).toBe(3);
    expect(events).toEqual(['disable', 'exit']);
  });

  it('serve-retry-exit: keeps serving while reconnecting, exits when the tries run out', async () => {
    const { events, db, recovery } = harness('serve-retry-exit', 2, 10);
    recovery.lost(new Error('gone'));
    await wait(100);
    expect(db.probes).toBe(2);
    expect(events).toEqual(['exit']);
  });

  it('serve-retry-continue: keeps serving, and serves on after the tries run out', async () => {
    const { events, db, recovery } = harness('serve-retry-continue', 2, 10);
    recovery.lost(new Error('gone'));
    await wait(100);
    expect(db.probes).toBe(2);
    expect(events).toEqual([]);
    expect(recovery.active).toBe(false);
    // A later loss starts over.
    db.up = true;
    recovery.lost(new Error('gone'));
    await wait(40);
    expect(db.probes).toBe(3);
  });

  it('with reconnection disabled (max-reconnect-tries 0, the default) the exit modes exit at once', async () => {
    for (const [onFail, expected] of [
      ['stop-retry-exit', ['disable', 'exit']],
      ['serve-retry-exit', ['exit']],
      ['serve-retry-continue', []],
    ] as const) {
      const { events, db, recovery } = harness(onFail, 0);
      recovery.lost(new Error('gone'));
      await wait(30);
      expect(events).toEqual(expected);
      expect(db.probes).toBe(0);
    }
  });
});

describe('several databases lost at once (the lease database and hosts databases)', () => {
  it('the service stays off until the last lost database is back', async () => {
    const events: string[] = [];
    const service = new SharedServiceSwitch(
      () => events.push('off'),
      () => events.push('on'),
    );
    const dbs = [{ up: false }, { up: false }];
    const recoveries = dbs.map(
      (db, i) =>
        new DatabaseRecovery(
          () => ({ onFail: 'stop-retry-exit', maxReconnectTries: 50, reconnectWaitTime: 10 }),
          {
            probe: async () => {
              if (!db.up) throw new Error('connection refused');
            },
            ...service.actions(),
            exit: () => events.push('exit'),
            log: logs.get('kea-dhcp6.dhcp6'),
          },
          `database ${i}`,
        ),
    );
    recoveries[0]!.lost(new Error('gone'));
    recoveries[1]!.lost(new Error('gone'));
    expect(events).toEqual(['off']);
    dbs[0]!.up = true;
    await wait(50);
    expect(recoveries[0]!.active).toBe(false);
    expect(events).toEqual(['off']);
    dbs[1]!.up = true;
    await wait(50);
    expect(events).toEqual(['off', 'on']);
    for (const r of recoveries) r.stop();
  });
});
