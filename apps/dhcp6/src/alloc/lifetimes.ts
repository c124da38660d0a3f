import type { Lifetime, NetworkParameters } from '@nestor/config';

/**
 * The lifetime granted for a client's hint: the configured value without a hint (or with 0),
 * else the hint clamped into [min, max], as Kea's triplets work.
 */
export function grantLifetime(triplet: Lifetime, hint: number | undefined): number {
  if (!hint) return triplet.value;
  return Math.min(Math.max(hint, triplet.min), triplet.max);
}

/** Preferred and valid lifetimes for one lease; preferred never exceeds valid (RFC 8415 21.6). */
export function grantLifetimes(
  params: Pick<NetworkParameters, 'preferredLifetime' | 'validLifetime'>,
  hints: { preferred?: number; valid?: number } = {},
): { preferred: number; valid: number } {
  const valid = grantLifetime(params.validLifetime, hints.valid);
  const preferred = Math.min(grantLifetime(params.preferredLifetime, hints.preferred), valid);
  return { preferred, valid };
}

/**
 * T1 and T2 for an IA, computed from the shortest preferred lifetime granted in it: explicit
 * renew/rebind timers, else t1-percent / t2-percent of it when calculate-tee-times, else 0.
 * T2 may be anything (beyond the lifetimes, an operator's way to stop renewals); a T1 that is
 * not below T2 is sent as 0, leaving the client to pick its own, as Kea does.
 */
export function teeTimes(
  params: Pick<
    NetworkParameters,
    'renewTimer' | 'rebindTimer' | 'calculateTeeTimes' | 't1Percent' | 't2Percent'
  >,
  preferred: number,
): { t1: number; t2: number } {
  const t2 = params.rebindTimer ?? (params.calculateTeeTimes ? Math.round(preferred * params.t2Percent) : 0);
  const t1 = params.renewTimer ?? (params.calculateTeeTimes ? Math.round(preferred * params.t1Percent) : 0);
  return { t1: t1 < t2 ? t1 : 0, t2 };
}
