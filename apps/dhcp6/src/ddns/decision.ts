import type { ClientFqdnOption } from '@nestor/codec';
import type { Reservation6 } from '@nestor/config';
import { answerFlags, FQDN_FLAG, updateDirections } from './fqdn-flags.js';
import { canonicalName, qualifyName, sanitiseName } from './names.js';
import type { DdnsScope } from './params.js';

/**
 * The Client FQDN option as the server answers it: its flags, and its name (fully qualified
 * text with a trailing dot, or '' while the server is still to generate one).
 */
export interface FqdnAnswer {
  flags: number;
  name: string;
}

/**
 * What the server decided about the client's name (Kea's processClientFqdn), kept on the
 * exchange for the stages after the lease stage and for hook callouts: the DDNS parameters of
 * the client's subnet, the FQDN option of the reply (absent when the client sent none and
 * none is made up for it), and what the leases record: hostname and the DNS directions.
 */
export interface NameDecision {
  scope: DdnsScope;
  answer?: FqdnAnswer;
  hostname: string;
  forward: boolean;
  reverse: boolean;
  /** The server made the option up: the client sent none (replace-client-name always / when-not-present). */
  fabricated: boolean;
}

/**
 * Decides the client's name from its Client FQDN option (RFC 4704), the DDNS parameters of the
 * subnet selected for it and its reservation there, as Kea 2.2 does:
 *
 * - no option: with updates enabled and replace-client-name always or when-not-present the
 *   server acts as if the client had sent one with S set and no name; otherwise the leases
 *   carry the reservation's hostname (as written) and no DNS update is made;
 * - the flags per the table in fqdn-flags.ts;
 * - the name: the reservation's hostname, qualified; else empty (to be generated once the
 *   address is known) when replace-client-name is always or when-present or the client sent
 *   none; else the client's, sanitised (hostname-char-set), a partial one qualified.
 */
export function decideName(
  option: ClientFqdnOption | undefined,
  scope: DdnsScope,
  host: Reservation6 | undefined,
): NameDecision {
  let client = option;
  let fabricated = false;
  if (!client) {
    const mode = scope.replaceClientName;
    if (!(scope.enabled && (mode === 'always' || mode === 'when-not-present')))
      return { scope, hostname: host?.hostname ?? '', forward: false, reverse: false, fabricated };
    client = { kind: 'client_fqdn', code: 39, flags: FQDN_FLAG.S, name: '', partial: true };
    fabricated = true;
  }
  const flags = answerFlags(client.flags, scope);
  const { forward, reverse } = updateDirections(flags);
  let name: string;
  if (host && host.hostname !== '') name = canonicalName(qualifyName(host.hostname, scope, true));
  else name = clientName(client, scope);
  return { scope, answer: { flags, name }, hostname: name, forward, reverse, fabricated };
}

/** Kea's adjustDomainName: the name the client sent, kept, sanitised and qualified, or ''. */
function clientName(client: ClientFqdnOption, scope: DdnsScope): string {
  const mode = scope.replaceClientName;
  if (mode === 'always' || mode === 'when-present' || client.name === '') return '';
  const sanitised = sanitiseName(client.name, scope);
  return canonicalName(client.partial ? qualifyName(sanitised, scope, true) : sanitised);
}
