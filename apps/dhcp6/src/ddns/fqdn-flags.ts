import type { DdnsScope } from './params.js';

/** The Client FQDN option's flag bits (RFC 4704 section 4.1). */
export const FQDN_FLAG = { S: 0x01, O: 0x02, N: 0x04 } as const;

/**
 * The server's flags for a client's (RFC 4704 section 5, as Kea's D2ClientMgr decides them):
 *
 * | client N S | server S                          | server N   |
 * | ---------- | --------------------------------- | ---------- |
 * | 0 0        | enabled && override-client-update | !enabled   |
 * | 0 1        | enabled                           | !S         |
 * | 1 0        | enabled && override-no-update     | !S         |
 *
 * O is set when the server's S differs from the client's. N and S both set is invalid (the
 * option is then taken as N = 1, S = 0 when it reaches here; see decision.ts).
 */
export function answerFlags(clientFlags: number, p: DdnsScope): number {
  const clientS = (clientFlags & FQDN_FLAG.S) !== 0;
  const clientN = (clientFlags & FQDN_FLAG.N) !== 0;
  let serverS: boolean;
  let serverN: boolean;
  if (!clientN && !clientS) {
    serverS = p.enabled && p.overrideClientUpdate;
    serverN = !p.enabled;
  } else if (clientS) {
    serverS = p.enabled;
    serverN = !serverS;
  } else {
    serverS = p.enabled && p.overrideNoUpdate;
    serverN = !serverS;
  }
  return (serverS ? FQDN_FLAG.S : 0) | (serverN ? FQDN_FLAG.N : 0) | (clientS !== serverS ? FQDN_FLAG.O : 0);
}

/** The DNS updates the server's flags promise: forward when S, reverse unless N. */
export function updateDirections(serverFlags: number): { forward: boolean; reverse: boolean } {
  return { forward: (serverFlags & FQDN_FLAG.S) !== 0, reverse: (serverFlags & FQDN_FLAG.N) === 0 };
}
