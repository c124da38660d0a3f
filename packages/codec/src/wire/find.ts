/** Small lookups over decoded option lists (first match, all matches), typed by kind. */
import type { Dhcp6Option, RawOption } from './types.js';

type ByCode = {
  3: Extract<Dhcp6Option, { kind: 'ia_na' }>;
  4: Extract<Dhcp6Option, { kind: 'ia_ta' }>;
  5: Extract<Dhcp6Option, { kind: 'iaaddr' }>;
  6: Extract<Dhcp6Option, { kind: 'oro' }>;
  9: Extract<Dhcp6Option, { kind: 'relay_msg' }>;
  13: Extract<Dhcp6Option, { kind: 'status_code' }>;
  17: Extract<Dhcp6Option, { kind: 'vendor_opts' }>;
  25: Extract<Dhcp6Option, { kind: 'ia_pd' }>;
  26: Extract<Dhcp6Option, { kind: 'iaprefix' }>;
  39: Extract<Dhcp6Option, { kind: 'client_fqdn' }>;
};

export type OptionForCode<C extends number> = C extends keyof ByCode ? ByCode[C] : Dhcp6Option;

/** The first option with `code`, typed by its code (findOption(opts, 3) is an IaNaOption). */
export function findOption<C extends number>(
  options: readonly Dhcp6Option[],
  code: C,
): OptionForCode<C> | undefined {
  for (const option of options) if (option.code === code) return option as OptionForCode<C>;
  return undefined;
}

export function findOptions<C extends number>(options: readonly Dhcp6Option[], code: C): OptionForCode<C>[] {
  const out: OptionForCode<C>[] = [];
  for (const option of options) if (option.code === code) out.push(option as OptionForCode<C>);
  return out;
}

/** The payload of the first raw option with `code` (client-id, server-id, interface-id, ...). */
export function findRawOption(options: readonly Dhcp6Option[], code: number): RawOption | undefined {
  for (const option of options) if (option.code === code && option.kind === 'raw') return option;
  return undefined;
}
