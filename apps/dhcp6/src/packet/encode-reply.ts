import { OptionCode, type PacketWriter, writeOption } from '@nestor/codec';
import { LeaseType } from '@nestor/leases';
import { prefixKey } from '../prefix-exclude.js';
import type { ReplyDraft, ReplyIa } from './reply.js';

const IA_CODES = { ia_na: OptionCode.IA_NA, ia_pd: OptionCode.IA_PD, ia_ta: OptionCode.IA_TA } as const;

/** Writes an IA with its leases (at their lifetimes), what it takes back (lifetimes 0) and its status. */
function writeIa(w: PacketWriter, ia: ReplyIa): void {
  if (ia.kind === 'ia_pd') w.beginIaPd(ia.iaid, ia.t1, ia.t2);
  else if (ia.kind === 'ia_ta') w.beginIaTa(ia.iaid);
  else w.beginIaNa(ia.iaid, ia.t1, ia.t2);
  for (const { lease } of ia.leases) {
    if (lease.type === LeaseType.PD) {
      const inside = ia.prefixOptions?.get(prefixKey(lease.address, lease.prefixLength));
      w.beginIaPrefix(lease.address, lease.prefixLength, lease.preferredLifetime, lease.validLifetime);
      if (inside) w.raw(inside);
      w.endOption();
    } else w.iaAddress(lease.address, lease.preferredLifetime, lease.validLifetime);
  }
  for (const z of ia.zeroed) {
    if (ia.kind === 'ia_pd') w.iaPrefix(z.address, z.prefixLength, 0, 0);
    else w.iaAddress(z.address, 0, 0);
  }
  if (ia.status) w.statusCode(ia.status.code, ia.status.text);
  w.endOption();
}

/**
 * Writes the reply's options after its header, in ascending code order (repeats of a code in
 * the order they were added), as Kea packs a message.
 */
export function writeReplyOptions(w: PacketWriter, reply: ReplyDraft): void {
  // Codes to write in order: each entry a code and where it comes from (an option index, an IA
  // index, or the status). A small array sort: no closure per option.
  const entries: [code: number, kind: 0 | 1 | 2, index: number][] = [];
  for (let i = 0; i < reply.options.length; i++) entries.push([reply.options[i]!.code, 0, i]);
  for (let i = 0; i < reply.ias.length; i++) entries.push([IA_CODES[reply.ias[i]!.kind], 1, i]);
  if (reply.status) entries.push([OptionCode.STATUS_CODE, 2, 0]);
  entries.sort((a, b) => a[0] - b[0]);
  for (const [, kind, index] of entries) {
    if (kind === 0) writeOption(w, reply.options[index]!);
    else if (kind === 1) writeIa(w, reply.ias[index]!);
    else w.statusCode(reply.status!.code, reply.status!.text);
  }
}
