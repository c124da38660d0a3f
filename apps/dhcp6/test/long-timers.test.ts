/**
 * Delays from the configuration or a command that are longer than Node's timers hold
 * (2^31-1 ms, 24.8 days): found by fuzzing dhcp-disable, whose `max-period` of years fired
 * after 1 ms and re-enabled the service at once. lfc-interval had the same fault, worse: an
 * interval of more than 24.8 days ran the lease file cleanup every millisecond.
 */
import type { MemfileLeaseStore } from '@nestor/leases';
import { describe, expect, it, vi } from 'vitest';
import { NetworkState } from '../src/commands/network-state.js';
import { LeaseFileCleanup } from '../src/lfc.js';

const silent = { debug() {}, info() {}, warn() {}, error() {}, fatal() {} } as never;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('timers of more than 24.8 days', () => {
  it('dhcp-disable with a max-period of 2^32-1 s keeps the service disabled', async () => {
    const changes: boolean[] = [];
    const state = new NetworkState((enabled) => changes.push(enabled), silent);
    state.disable('user', 4_294_967_295);
    await pause(50);
    expect(state.enabled).toBe(false);
    expect(changes).toEqual([false]);
    state.close();
  });

  it('an lfc-interval of 2^32-1 s does not run the cleanup before its time', async () => {
    const rotateForCleanup = vi.fn(async () => ({ spawnCleanup: false }));
    const store = { rotateForCleanup } as unknown as MemfileLeaseStore;
    const cleanup = new LeaseFileCleanup(store, '/nonexistent/kea-dhcp6.conf', silent);
    cleanup.start(4_294_967_295);
    await pause(50);
    cleanup.stop();
    expect(rotateForCleanup).not.toHaveBeenCalled();
  });
});
