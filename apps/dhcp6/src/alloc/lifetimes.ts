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
 * T1 and T2 for the IAs of a reply, computed from the shortest preferred lifetime granted:
 * explicit renew/rebind timers, else t1-percent / t2-percent of it when calculate-tee-times.
 * A T2 beyond the preferred lifetime, or a T1 beyond T2, is not sane and is sent as 0 (the
 * client then picks its own), as Kea does.
 */
export function teeTimes(
  params: Pick<
    NetworkParameters,
    'renewTimer' | 'rebindTimer' | 'calculateTeeTimes' | 't1Percent' | 't2Percent'
  >,
  preferred: number,
): { t1: number; t2: number } {
  let t2 = params.rebindTimer ?? (params.calculateTeeTimes ? Math.round(preferred * params.t2Percent) : 0);
  let t1 = params.renewTimer ?? (params.calculateTeeTimes ? Math.round(preferred * params.t1Percent) : 0);
  if (t2 > preferred) t2 = 0;
  if (t1 > (t2 || preferred)) t1 = 0;
  return { t1, t2 };
}
