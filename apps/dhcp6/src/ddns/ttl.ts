import type { DdnsParameters } from '@nestor/config';

/**
 * The TTL of a lease's DNS records (the NCR's lease-length). With none of the TTL parameters
 * beyond Kea 2.2, Kea 2.2's rule after RFC 4702 section 5: a third of the valid lifetime, at
 * least 10 minutes. Otherwise Kea 3.0's: ddns-ttl when set; else ddns-ttl-percent (a third
 * when unset) of the lifetime, rounded, raised to ddns-ttl-min (600 when unset) and lowered to
 * ddns-ttl-max.
 */
export function ddnsTtl(
  validLifetime: number,
  p?: Pick<DdnsParameters, 'ttl' | 'ttlPercent' | 'ttlMin' | 'ttlMax'>,
): number {
  if (p?.ttl !== undefined && p.ttl > 0) return p.ttl;
  if (!p || (p.ttlPercent === undefined && p.ttlMin === undefined && p.ttlMax === undefined))
    return validLifetime < 1800 ? 600 : Math.floor(validLifetime / 3);
  const percent = p.ttlPercent !== undefined && p.ttlPercent > 0 ? p.ttlPercent : 0.33333;
  const ttl = Math.round(percent * validLifetime);
  const min = p.ttlMin !== undefined && p.ttlMin > 0 ? p.ttlMin : 600;
  if (ttl < min) return min;
  if (p.ttlMax !== undefined && p.ttlMax > 0 && ttl > p.ttlMax) return p.ttlMax;
  return ttl;
}
