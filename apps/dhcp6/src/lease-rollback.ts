import type { Statistics } from '@nestor/daemon';
import type { RollbackListener } from '@nestor/leases';
import type { PoolIndex } from './alloc/pools.js';

/**
 * Nestor's own statistic (Kea has none): lease changes whose row could not be written, undone and
 * never acknowledged. Created at the first failure, so that a healthy server's statistics are
 * exactly Kea's.
 */
export const LEASE_WRITE_FAIL = 'lease-write-fail';

/**
 * What the server does when the lease store undoes a change whose row could not be written. The
 * change's maker was told (its promise rejected, so it counted nothing and sent nothing), but
 * another allocation may have met the change in between and marked its slot used: the pools'
 * free slots follow the store back, so that memory, file and free slots agree.
 */
export function followRollbacks(
  statistics: Statistics,
  pools: () => PoolIndex | undefined,
): RollbackListener {
  return (attempted, restored) => {
    statistics.add(LEASE_WRITE_FAIL);
    const index = pools();
    if (!index) return;
    if (restored) index.track(restored);
    else index.release(attempted);
  };
}
