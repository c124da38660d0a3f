/**
 * A reply as the classification differential test compares it: no answer, or its type, the
 * pool each granted address or prefix comes from (not the address itself: which free address
 * a pool yields is each server's own business), lifetimes, T1/T2, status codes (not their
 * texts) and every other option's bytes. Relay layers are reduced to what they echo.
 */
import { type Dhcp6Option, decodeMessage, messageTypeName, toBigInt, unwrapRelay } from '@nestor/codec';

/** Names the pool (or subnet) an address / delegated prefix belongs to. */
export type PoolLabeler = (address: string, prefixLength: number) => string;

interface RawPool {
  pool?: string;
  prefix?: string;
  'prefix-len'?: number;
}
interface RawSubnet {
  id: number;
  subnet: string;
  pools?: RawPool[];
  'pd-pools'?: RawPool[];
}

function within(address: bigint, prefix: string): boolean {
  const [base, length] = prefix.split('/');
  const bits = 128n - BigInt(Number(length));
  return address >> bits === toBigInt(base!) >> bits;
}

/** A labeler for a Dhcp6 section as written: "subnet 1 pool 2", "subnet 1 pd-pool 0". */
export function poolLabeler(dhcp6: Record<string, unknown>): PoolLabeler {
  const networks = (dhcp6['shared-networks'] as { subnet6?: RawSubnet[] }[] | undefined) ?? [];
  const subnets = [
    ...networks.flatMap((n) => n.subnet6 ?? []),
    ...((dhcp6.subnet6 as RawSubnet[] | undefined) ?? []),
  ];
  return (text, prefixLength) => {
    const address = toBigInt(text);
    for (const s of subnets) {
      if (prefixLength === 128) {
        const i = (s.pools ?? []).findIndex((p) => {
          const [first, last] = p.pool!.split('-').map((a) => toBigInt(a.trim()));
          return address >= first! && address <= last!;
        });
        if (i >= 0) return `subnet ${s.id} pool ${i}`;
      } else {
        const i = (s['pd-pools'] ?? []).findIndex((p) => within(address, `${p.prefix}/${p['prefix-len']}`));
        if (i >= 0) return `subnet ${s.id} pd-pool ${i}/${prefixLength}`;
      }
    }
    for (const s of subnets) if (within(address, s.subnet)) return `subnet ${s.id} outside pools`;
    return `unknown ${text}/${prefixLength}`;
  };
}

export interface IaSummary {
  kind: string;
  iaid: number;
  t1: number;
  t2: number;
  status?: number;
  leases: { at: string; preferred: number; valid: number }[];
}

export type ReplySummary =
  | 'no answer'
  | {
      type: string;
      /** interface-id echoed in the RELAY-REPL, when relayed. */
      relayEcho?: string;
      status?: number;
      ias: IaSummary[];
      /** Every other option but client-id and server-id: code -> payloads (hex), in order. */
      options: Record<string, string[]>;
    };

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function payload(option: Dhcp6Option): string {
  return option.kind === 'raw' ? hex(option.data) : `(${option.kind})`;
}

export function summarise(bytes: Uint8Array | undefined, label: PoolLabeler): ReplySummary {
  if (!bytes) return 'no answer';
  const { message, relays } = unwrapRelay(decodeMessage(bytes));
  if (message.kind !== 'client-server') return { type: message.kind, ias: [], options: {} };
  const out: Exclude<ReplySummary, 'no answer'> = {
    type: messageTypeName(message.msgType),
    ias: [],
    options: {},
  };
  const echo = relays[0]?.options.find((o) => o.code === 18);
  if (echo) out.relayEcho = payload(echo);
  for (const o of message.options) {
    if (o.kind === 'ia_na' || o.kind === 'ia_pd') {
      const ia: IaSummary = { kind: o.kind, iaid: o.iaid, t1: o.t1, t2: o.t2, leases: [] };
      for (const sub of o.options) {
        if (sub.kind === 'iaaddr')
          ia.leases.push({
            at: label(sub.address, 128),
            preferred: sub.preferredLifetime,
            valid: sub.validLifetime,
          });
        else if (sub.kind === 'iaprefix')
          ia.leases.push({
            at: label(sub.prefix, sub.prefixLength),
            preferred: sub.preferredLifetime,
            valid: sub.validLifetime,
          });
        else if (sub.kind === 'status_code') ia.status = sub.status;
      }
      out.ias.push(ia);
    } else if (o.kind === 'status_code') {
      out.status = o.status;
    } else if (o.code !== 1 && o.code !== 2) {
      const code = String(o.code);
      out.options[code] = [...(out.options[code] ?? []), payload(o)];
    }
  }
  return out;
}
