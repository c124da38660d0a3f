/**
 * The TTL Kea 2.2 gives the DNS records of a lease (the NCR's lease-length), after RFC 4702
 * section 5: a third of the valid lifetime, at least 10 minutes.
 */
export function keaDdnsTtl(validLifetime: number): number {
  return validLifetime < 1800 ? 600 : Math.floor(validLifetime / 3);
}
