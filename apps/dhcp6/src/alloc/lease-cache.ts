import type { Subnet6 } from '@nestor/config';
import { type Lease6, LeaseState } from '@nestor/leases';

/** Lifetimes as sent for a lease that is reused rather than rewritten. */
export interface ReusedLifetimes {
  preferred: number;
  valid: number;
}

const INFINITE = 0xffffffff;

/**
 * Lease caching (cache-threshold / cache-max-age), as Kea 2.2 decides it: a lease renewed
 * recently enough is not rewritten; the client gets what is left of its stored lifetimes.
 * `valid` is the valid lifetime the lease would get now (the threshold is a share of it). The
 * lease must be in its default state, younger than both limits (an age equal to a limit still
 * counts), not expired, and have preferred time left (or a preferred lifetime of 0 or infinity,
 * kept as it is). Undefined when the lease must be written.
 */
export function reusableLifetimes(
  subnet: Pick<Subnet6, 'cacheThreshold' | 'cacheMaxAge'>,
  stored: Lease6,
  now: number,
  valid: number,
): ReusedLifetimes | undefined {
  if (stored.state !== LeaseState.DEFAULT) return undefined;
  const age = now - stored.cltt;
  if (age < 0 || age >= stored.validLifetime) return undefined;
  let maxAge = 0;
  if (subnet.cacheMaxAge !== undefined) {
    maxAge = subnet.cacheMaxAge;
    if (maxAge === 0 || age > maxAge) return undefined;
  }
  if (subnet.cacheThreshold !== undefined) {
    const threshold = subnet.cacheThreshold;
    if (threshold <= 0 || threshold > 1) return undefined;
    maxAge = Math.floor(valid * threshold);
    if (age > maxAge) return undefined;
  }
  if (maxAge === 0) return undefined;
  const current = stored.preferredLifetime;
  let preferred: number;
  if (current === 0 || current === INFINITE) preferred = current;
  else if (current > age) preferred = current - age;
  else return undefined;
  return {
    preferred,
    valid: stored.validLifetime === INFINITE ? INFINITE : stored.validLifetime - age,
  };
}
