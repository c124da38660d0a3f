import type { Dhcp6Config, ExpiredLeasesProcessing } from '@nestor/config';
import type { Logger } from '@nestor/daemon';
import { type Lease6, LeaseState } from '@nestor/leases';
import { CHANGE_TYPE } from '@nestor/ncr';
import type { LeaseLedger } from './alloc/lease-ledger.js';
import type { D2Client } from './ddns/d2-client.js';
import { leaseNcr } from './ddns/lease-ncr.js';
import type { Dhcp6Hooks } from './hooks/dhcp6-hooks.js';

/** Where reclamation sends the removal of a reclaimed lease's DNS records. */
export interface ReclaimDdns {
  d2: D2Client;
  config: () => Dhcp6Config;
  log: Logger;
}

export interface ReclaimOutcome {
  reclaimed: number;
  /** More expired leases were left for the next run (limit or time budget reached). */
  incomplete: boolean;
}

/**
 * Reclamation of expired leases (Kea's expired-leases-processing): each run takes at most
 * max-reclaim-leases leases and max-reclaim-time milliseconds. A reclaimed lease stays in the
 * store in the expired-reclaimed state for hold-reclaimed-time (then a flush removes it), or is
 * removed at once when hold-reclaimed-time is 0. A declined address whose probation ended comes
 * back to the pool: its lease is removed (Kea's reclaimDeclined). A lease that cannot be
 * reclaimed is logged and the run goes on with the others.
 */
export class Reclaimer {
  constructor(
    private readonly ledgerOf: () => LeaseLedger,
    private readonly log: Logger,
    private readonly hooks?: Dhcp6Hooks,
    private readonly ddns?: ReclaimDdns,
  ) {}

  /** Timer runs in a row that left expired leases behind (Kea's incomplete_v6_reclamations_). */
  private incompleteRuns = 0;

  /**
   * One run. A timer run (no `limitOverride`) that leaves expired leases behind is counted; more
   * than unwarned-reclaim-cycles of them in a row log ALLOC_ENGINE_V6_LEASES_RECLAMATION_SLOW
   * (reclamation does not keep up: raise max-reclaim-leases or -time), as Kea does.
   */
  async reclaim(
    settings: ExpiredLeasesProcessing,
    now = Math.floor(Date.now() / 1000),
    limitOverride?: number,
  ): Promise<ReclaimOutcome> {
    const outcome = await this.reclaimRun(settings, now, limitOverride);
    if (limitOverride === undefined) {
      if (!outcome.incomplete) this.incompleteRuns = 0;
      else if (settings.unwarnedReclaimCycles > 0 && ++this.incompleteRuns > settings.unwarnedReclaimCycles) {
        this.log.warn(
          'ALLOC_ENGINE_V6_LEASES_RECLAMATION_SLOW',
          `expired leases still exist after ${settings.unwarnedReclaimCycles} reclamations`,
        );
        this.incompleteRuns = 0;
      }
    }
    return outcome;
  }

  private async reclaimRun(
    settings: ExpiredLeasesProcessing,
    now: number,
    limitOverride: number | undefined,
  ): Promise<ReclaimOutcome> {
    const limit = limitOverride ?? settings.maxReclaimLeases;
    const started = Date.now();
    const expired = await this.ledgerOf().store.getExpired({ now, limit });
    let reclaimed = 0;
    for (const lease of expired) {
      if (
        settings.maxReclaimTime > 0 &&
        limitOverride === undefined &&
        Date.now() - started > settings.maxReclaimTime
      ) {
        return { reclaimed, incomplete: true };
      }
      try {
        if (await this.reclaimOne(lease, settings.holdReclaimedTime === 0)) reclaimed++;
      } catch (err) {
        // As Kea: one lease that cannot be reclaimed is logged, the others still are.
        this.log.error(
          'ALLOC_ENGINE_V6_LEASE_RECLAMATION_FAILED',
          `failed to reclaim the lease ${lease.address}: ${(err as Error).message}`,
        );
      }
    }
    if (reclaimed > 0)
      this.log.debug(40, 'ALLOC_ENGINE_V6_LEASES_RECLAMATION_COMPLETE', `reclaimed ${reclaimed} leases`);
    return { reclaimed, incomplete: limit > 0 && expired.length >= limit };
  }

  /** Removes reclaimed leases held longer than hold-reclaimed-time. */
  async flush(settings: ExpiredLeasesProcessing, now = Math.floor(Date.now() / 1000)): Promise<number> {
    return this.ledgerOf().store.deleteExpiredReclaimed(settings.holdReclaimedTime, now);
  }

  /**
   * Reclaims one lease, after the hook points Kea calls there: lease6_expire (SKIP leaves the
   * lease alone; remove_lease may be changed), then, for a declined address, lease6_recover
   * (SKIP keeps it declined).
   */
  private async reclaimOne(lease: Lease6, remove: boolean): Promise<boolean> {
    let removing = remove;
    if (this.hooks?.present('lease6_expire')) {
      const verdict = await this.hooks.lease6Expire(lease, remove);
      if (!verdict.reclaim) return false;
      removing = verdict.remove;
    }
    // Kea queues the removal of the lease's DNS records before anything else is done with it
    // (a declined lease has no name left: nothing goes).
    if (this.ddns) {
      const ncr = leaseNcr(CHANGE_TYPE.remove, lease, this.ddns.config(), this.ddns.log);
      if (ncr) this.ddns.d2.send(ncr);
    }
    if (lease.state === LeaseState.DECLINED) {
      if (this.hooks?.present('lease6_recover') && !(await this.hooks.lease6Recover(lease))) return false;
      // Kea's reclaimDeclined: a declined lease has no client left in it (its DUID is the empty
      // one), so once recovered it is removed, whatever hold-reclaimed-time says.
      removing = true;
    }
    return this.ledgerOf().reclaim(lease, removing);
  }
}
