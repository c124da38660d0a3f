import { decodeRawOptions, isCodecError, OptionCode } from '@nestor/codec';
import type { Exchange } from './packet/exchange.js';
import { rawOption } from './packet/reply.js';

/** OPTION_RSOO (RFC 6422). */
const RSOO = 66;
const IA_CODES = { ia_na: OptionCode.IA_NA, ia_pd: OptionCode.IA_PD, ia_ta: OptionCode.IA_TA } as const;

/**
 * Relay-supplied options (RFC 6422) as Kea 2.2's processRSOO copies them, once the reply has
 * everything else: the RSOO (66) of each relay, the one next to the client first, and in it each
 * option whose code `relay-supplied-options` enables (65, erp-local-domain-name, always) that the
 * reply does not carry yet (RFC 6422 section 6: the server's own candidates win, and so does an
 * earlier relay's). Only a relay's first RSOO counts, as Kea looks up one. An RSOO whose contents
 * do not parse as options is passed over.
 */
export function addRelaySuppliedOptions(enabled: readonly number[], x: Exchange): void {
  const reply = x.reply;
  const relays = x.query.relays;
  if (!reply || relays.length === 0) return;
  const present = (code: number): boolean =>
    reply.options.some((o) => o.code === code) ||
    reply.ias.some((ia) => IA_CODES[ia.kind] === code) ||
    (reply.status !== undefined && code === OptionCode.STATUS_CODE);
  for (let i = relays.length - 1; i >= 0; i--) {
    const rsoo = relays[i]!.options.find((o) => o.code === RSOO);
    if (rsoo?.kind !== 'raw') continue;
    let supplied: ReturnType<typeof decodeRawOptions>;
    try {
      supplied = decodeRawOptions(rsoo.data);
    } catch (error) {
      if (isCodecError(error)) continue;
      throw error;
    }
    for (const option of supplied) {
      if (!enabled.includes(option.code) || present(option.code)) continue;
      reply.options.push(rawOption(option.code, option.data));
    }
  }
}
