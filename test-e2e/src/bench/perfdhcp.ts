/**
 * ISC perfdhcp (Debian package kea-admin) as the load generator: its command line for a
 * DHCPv6 4-way exchange run, and a reader for the report it prints.
 */

export const PERFDHCP = '/usr/sbin/perfdhcp';

/**
 * What perfdhcp asks for: an address, an address and a prefix, or an address with a Client
 * FQDN option (S set: the server updates DNS) sent to a server with DDNS on, so that every
 * REPLY also queues a NameChangeRequest.
 */
export type LeaseType = 'address-only' | 'address-and-prefix' | 'address-with-ddns';
export const LEASE_TYPES: readonly LeaseType[] = ['address-only', 'address-and-prefix', 'address-with-ddns'];

/** The FQDN name the DDNS run's clients send (perfdhcp sends one option for all clients). */
export const BENCH_FQDN = 'bench.example.com.';

/** Client FQDN option data (RFC 4704): flags S, then the name in wire form, as hex for -o. */
export function fqdnOptionHex(name: string, flags = 0x01): string {
  const labels = name.replace(/\.$/, '').split('.');
  const wire = labels.flatMap((l) => [l.length, ...Buffer.from(l, 'ascii')]);
  return Buffer.from([flags, ...wire, 0]).toString('hex');
}

export interface PerfdhcpRun {
  /** Client-side interface perfdhcp sends from (it multicasts to ff02::1:2 there). */
  iface: string;
  leaseType: LeaseType;
  /** Offered rate: exchanges initiated per second (-r). */
  rate: number;
  /** Simulated clients: DUIDs drawn at random from this many (-R). */
  clients: number;
  /** Test period in seconds (-p). */
  seconds: number;
  /** -b arguments ("duid=...", "mac=..."): the templates the clients' DUIDs are made from. */
  base?: readonly string[];
}

/** perfdhcp -6 with the full 4-way exchange (its default: SOLICIT-ADVERTISE, REQUEST-REPLY). */
export function perfdhcpArgv(run: PerfdhcpRun): string[] {
  for (const [name, value] of [
    ['rate', run.rate],
    ['clients', run.clients],
    ['seconds', run.seconds],
  ] as const)
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`perfdhcp ${name} must be a positive integer`);
  return [
    PERFDHCP,
    '-6',
    '-l',
    run.iface,
    '-e',
    run.leaseType === 'address-with-ddns' ? 'address-only' : run.leaseType,
    ...(run.leaseType === 'address-with-ddns' ? ['-o', `39,${fqdnOptionHex(BENCH_FQDN)}`] : []),
    '-r',
    String(run.rate),
    '-R',
    String(run.clients),
    '-p',
    String(run.seconds),
    ...(run.base ?? []).flatMap((b) => ['-b', b]),
  ];
}

export interface ExchangeStats {
  sent: number;
  received: number;
  drops: number;
}

export interface PerfdhcpReport {
  /** Completed 4-way exchanges per second, as perfdhcp measured them. */
  rate: number;
  /** By exchange name: "SOLICIT-ADVERTISE", "REQUEST-REPLY". */
  exchanges: Record<string, ExchangeStats>;
}

export class PerfdhcpOutputError extends Error {
  override readonly name = 'PerfdhcpOutputError';
}

/** Reads perfdhcp's report; throws PerfdhcpOutputError when it printed none (bad arguments...). */
export function parsePerfdhcpOutput(text: string): PerfdhcpReport {
  const rate = /^Rate:\s+([\d.]+)\s/m.exec(text);
  if (!rate)
    throw new PerfdhcpOutputError(
      `perfdhcp printed no rate:\n${text.trimEnd().split('\n').slice(-8).join('\n')}`,
    );
  const exchanges: Record<string, ExchangeStats> = {};
  for (const section of text.split(/^\*\*\*Statistics for: /m).slice(1)) {
    const name = /^(\S+?)\*\*\*/.exec(section)?.[1];
    const field = (label: string) =>
      Number(new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(section)?.[1] ?? Number.NaN);
    if (name === undefined) continue;
    const stats = { sent: field('sent packets'), received: field('received packets'), drops: field('drops') };
    if (Object.values(stats).some(Number.isNaN))
      throw new PerfdhcpOutputError(`perfdhcp section ${name} is incomplete`);
    exchanges[name] = stats;
  }
  if (Object.keys(exchanges).length === 0)
    throw new PerfdhcpOutputError('perfdhcp printed no exchange statistics');
  return { rate: Number(rate[1]), exchanges };
}

/** The worst drop percentage over the exchanges that sent anything. */
export function dropsPercent(report: PerfdhcpReport): number {
  let worst = 0;
  for (const { sent, drops } of Object.values(report.exchanges))
    if (sent > 0) worst = Math.max(worst, (drops / sent) * 100);
  return worst;
}

/** True when the server answered nothing at all. */
export function noAnswers(report: PerfdhcpReport): boolean {
  return Object.values(report.exchanges).every((e) => e.received === 0);
}
