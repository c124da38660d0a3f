/**
 * DDNS against ISC kea-dhcp6 2.2: both servers on the same configuration, each sending its
 * NameChangeRequests to a UDP listener the test owns in the server's namespace (standing in for
 * kea-dhcp-ddns). Raw clients send Client FQDN options (RFC 4704) through the N/S/O flag table,
 * the four ddns-replace-client-name modes, partial and fully qualified names, names to sanitise,
 * reservations with a hostname, and go on to renew with a new name, release, decline, expire and
 * be deleted with lease6-del update-ddns. The FQDN option of every reply and every NCR (decoded;
 * its JSON members in order) are compared field by field.
 *
 * Needs root (network namespaces), /usr/sbin/kea-dhcp6 and Kea's lease_cmds hook; skipped,
 * loudly, otherwise.
 */
import { existsSync } from 'node:fs';
import { decodeMessage, MessageType, unwrapRelay } from '@nestor/codec';
import { dhcidToHex, type NameChangeRequest, ncrFromJson } from '@nestor/ncr';
import { ISC_KEA_DHCP6 } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Compared, Differential, differences } from './support/class-differential.js';
import { innerReply } from './support/class-packets.js';
import { duid } from './support/class-scenario.js';
import {
  type AskOptions,
  type ExchangeClient,
  ExchangeSteps,
  exchangeSummary,
} from './support/exchange-steps.js';
import { ISC_LEASE_CMDS } from './support/isc-kea.js';
import { poolLabeler } from './support/reply-summary.js';
import { SERVER_IFACE, TwinServers } from './support/twin-servers.js';

const available = existsSync(ISC_KEA_DHCP6) && existsSync(ISC_LEASE_CMDS) && process.getuid?.() === 0;
if (!available) console.warn(`ddns-kea: skipped (needs root, ${ISC_KEA_DHCP6} and lease_cmds)`);

const M = MessageType;
const NCR_PORT = 53001;
const S = 0x01;
const N = 0x04;
const colon = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:');
const RESERVED = duid(0xd00);
const RESERVED_NO_FQDN = duid(0xd01);

const relay = (n: number) => ({ link: `2001:db8:${n}::1` });
const subnet = (n: number, extra: Record<string, unknown> = {}) => ({
  id: n,
  subnet: `2001:db8:${n}::/64`,
  pools: [{ pool: `2001:db8:${n}::100-2001:db8:${n}::1ff` }],
  ...extra,
});

/**
 * Subnet 1 on the link: the global DDNS parameters (qualifying suffix example.com, never
 * replace, default sanitising), two reservations with a hostname. Behind relays: 2 always
 * replaces (prefix "gen", a short lifetime: the TTL's 600 s floor), 3 when-present, 4
 * when-not-present and sanitising with 'x', 5 in a shared network that overrides both client
 * wishes and qualifies with its own suffix, 6 sends no updates, 7 updates on renew without
 * conflict resolution, 8 leases that expire within seconds.
 */
function scenario(iface: string): Record<string, unknown> {
  return {
    'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0d0d', persist: false },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'dhcp-ddns': { 'enable-updates': true, 'server-ip': '127.0.0.1', 'server-port': NCR_PORT },
    'ddns-qualifying-suffix': 'example.com',
    'expired-leases-processing': { 'reclaim-timer-wait-time': 3600, 'hold-reclaimed-time': 0 },
    subnet6: [
      subnet(1, {
        interface: iface,
        reservations: [
          { duid: colon(RESERVED), 'ip-addresses': ['2001:db8:1::1e0'], hostname: 'Reserved-Host' },
          { duid: colon(RESERVED_NO_FQDN), 'ip-addresses': ['2001:db8:1::1e1'], hostname: 'quiet' },
        ],
      }),
      subnet(2, {
        'ddns-replace-client-name': 'always',
        'ddns-generated-prefix': 'gen',
        'preferred-lifetime': 900,
        'valid-lifetime': 1200,
      }),
      subnet(3, { 'ddns-replace-client-name': 'when-present' }),
      subnet(4, {
        'ddns-replace-client-name': 'when-not-present',
        'hostname-char-set': '[^a-z0-9.-]',
        'hostname-char-replacement': 'x',
      }),
      subnet(6, { 'ddns-send-updates': false }),
      subnet(7, { 'ddns-update-on-renew': true, 'ddns-use-conflict-resolution': false }),
      subnet(8, { 'preferred-lifetime': 1, 'valid-lifetime': 2 }),
    ],
    'shared-networks': [
      {
        name: 'overriding',
        'ddns-override-no-update': true,
        'ddns-override-client-update': true,
        'ddns-qualifying-suffix': 'net.example.org.',
        subnet6: [subnet(5, { relay: { 'ip-addresses': ['2001:db8:5::1'] } })],
      },
      {
        // Subnet 9 holds one address: the next client is served from subnet 10, whose suffix
        // differs, so its name is decided again for that subnet.
        name: 'moving',
        subnet6: [
          subnet(9, {
            pools: [{ pool: '2001:db8:9::100-2001:db8:9::100' }],
            'ddns-qualifying-suffix': 'first.example.',
          }),
          subnet(10, { 'ddns-qualifying-suffix': 'second.example.' }),
        ],
      },
    ],
  };
}

/** Clients, each asking for an address of its own (the same on both servers: same names, same NCRs). */
const CLIENTS: Record<string, ExchangeClient & { hint: string }> = {};
function client(name: string, n: number, net: number): void {
  CLIENTS[name] = {
    duid: duid(0xc00 + n),
    hint: `2001:db8:${net}::1${n.toString(16).padStart(2, '0')}`,
    ...(net === 1 ? {} : { relay: relay(net) }),
  };
}
[
  ['f00', 1],
  ['f01', 1],
  ['f10', 1],
  ['partial', 1],
  ['dirty', 1],
  ['bare', 1],
  ['o00', 5],
  ['o01', 5],
  ['o10', 5],
  ['always', 2],
  ['always-empty', 2],
  ['always-none', 2],
  ['present', 3],
  ['present-none', 3],
  ['notpresent', 4],
  ['notpresent-empty', 4],
  ['notpresent-none', 4],
  ['off', 6],
  ['renewer', 7],
  ['decliner', 1],
  ['expiring', 8],
  ['deleted', 1],
  ['filler', 9],
  ['mover', 9],
].forEach(([name, net], i) => {
  client(name as string, i + 1, net as number);
});
CLIENTS.reserved = { duid: RESERVED, hint: '2001:db8:1::1e0' };
CLIENTS['reserved-quiet'] = { duid: RESERVED_NO_FQDN, hint: '2001:db8:1::1e1' };

const steps = new ExchangeSteps(CLIENTS);

/** A client message with the client's own address as hint (or what it holds) and maybe an FQDN. */
function ask(type: number, name: string, o: AskOptions = {}) {
  const hint = CLIENTS[name]!.hint;
  return steps.ask(type, name, { na: type === M.SOLICIT ? [hint] : 'held', ...o });
}
/** SOLICIT then REQUEST, both with the same FQDN option (or none). */
function lease(name: string, fqdn?: AskOptions['fqdn']) {
  const o = fqdn ? { fqdn } : {};
  return [ask(M.SOLICIT, name, o), ask(M.REQUEST, name, o)];
}

/** The reply's summary with its Client FQDN option decoded (flags, name, partial). */
function withFqdn(label: ReturnType<typeof poolLabeler>) {
  const base = exchangeSummary(label);
  return (reply: Uint8Array | undefined, sent: Uint8Array): unknown => {
    const summary = base(reply, sent);
    if (!reply || typeof summary !== 'object') return summary;
    const { message } = unwrapRelay(decodeMessage(reply));
    const option = message.kind === 'client-server' ? message.options.find((o) => o.code === 39) : undefined;
    const fqdn =
      option?.kind === 'client_fqdn'
        ? { flags: option.flags, name: option.name, partial: option.partial }
        : option
          ? 'undecodable'
          : 'none';
    const { options, status, ...rest } = summary as { options: Record<string, string[]>; status?: number };
    const { '39': _fqdn, ...others } = options;
    // A DECLINE's top-level status is a deliberate difference (README), pinned by exchanges-kea.
    const sentType = innerReply(sent).msgType;
    return {
      ...rest,
      ...(sentType !== M.DECLINE && status !== undefined ? { status } : {}),
      options: others,
      fqdn,
    };
  };
}

/** An NCR as compared: every field, its JSON members in order; the expiry as Kea forms it. */
function ncrSummary(datagram: Uint8Array, since: number): Record<string, unknown> {
  const length = (datagram[0]! << 8) | datagram[1]!;
  const text = Buffer.from(datagram.subarray(2, 2 + length)).toString('utf8');
  const ncr: NameChangeRequest = ncrFromJson(text);
  const members = Object.keys(JSON.parse(text) as Record<string, unknown>).join(',');
  // Kea 2.2 leaves an add's expiry at 0 and sets a removal's to cltt + TTL: the cltt is a time
  // the lease was written, within the test's run.
  const cltt = ncr.leaseExpiresOn - ncr.leaseLength;
  const expires =
    ncr.leaseExpiresOn === 0
      ? 0
      : cltt >= since - 2 && cltt <= Date.now() / 1000 + 2
        ? 'cltt + lease-length'
        : ncr.leaseExpiresOn;
  return {
    type: ncr.changeType === 0 ? 'add' : 'remove',
    forward: ncr.forwardChange,
    reverse: ncr.reverseChange,
    fqdn: ncr.fqdn,
    ip: ncr.ipAddress,
    dhcid: dhcidToHex(ncr.dhcid),
    expires,
    length: ncr.leaseLength,
    mode: ncr.conflictResolutionMode,
    members,
  };
}

describe.skipIf(!available)('DDNS, differential against ISC kea-dhcp6 2.2', () => {
  let twins: TwinServers | undefined;
  let differential: Differential | undefined;
  const since = Math.floor(Date.now() / 1000);
  const config = scenario(SERVER_IFACE);
  beforeAll(async () => {
    twins = await TwinServers.start('ddns', config, [ISC_LEASE_CMDS], { ncrPort: NCR_PORT });
    differential = new Differential(twins, poolLabeler(config), withFqdn(poolLabeler(config)));
  }, 30_000);
  afterAll(async () => {
    await twins?.destroy();
  });

  /** Runs steps; the replies and then the NCRs both servers sent meanwhile must agree. */
  async function check(list: Parameters<Differential['run']>[0]) {
    const results: Compared[] = await differential!.run(list);
    const sent = await twins!.ncrDatagrams(300);
    const kea = sent.kea.map((d) => ncrSummary(d, since));
    const nestor = sent.nestor.map((d) => ncrSummary(d, since));
    expect(differences(results)).toBe('');
    expect(nestor).toEqual(kea);
    return { results, kea };
  }
  const reply = (results: Compared[], step: string) =>
    JSON.stringify(results.find((r) => r.step === step)?.kea);

  it('the N/S/O flag table: no override, both overrides (shared network), updates off', async () => {
    const { results, kea } = await check([
      ...lease('f00', { flags: 0, name: 'f00.example.com.' }),
      ...lease('f01', { flags: S, name: 'f01.example.com.' }),
      ...lease('f10', { flags: N, name: 'f10.example.com.' }),
      ...lease('o00', { flags: 0, name: 'o00' }),
      ...lease('o01', { flags: S, name: 'o01' }),
      ...lease('o10', { flags: N, name: 'o10' }),
      ...lease('off', { flags: S, name: 'off.example.com.' }),
    ]);
    // The client doing the forward update itself: server S = 0, N = 0: the reverse only.
    expect(reply(results, 'REQUEST f00')).toContain(
      '"fqdn":{"flags":0,"name":"f00.example.com.","partial":false}',
    );
    // override-no-update: S = 1 and O (the server overrode the client's S = 0).
    expect(reply(results, 'REQUEST o10')).toContain('"flags":3,"name":"o10.net.example.org."');
    expect(reply(results, 'REQUEST off')).toContain('"flags":6');
    expect(kea.map((n) => `${n.type} ${n.fqdn} ${n.forward} ${n.reverse}`)).toEqual([
      'add f00.example.com. false true',
      'add f01.example.com. true true',
      'add o00.net.example.org. true true',
      'add o01.net.example.org. true true',
      'add o10.net.example.org. true true',
    ]);
  });

  it('replace-client-name never / always / when-present / when-not-present, generated names, partial names, sanitising', async () => {
    const { kea } = await check([
      ...lease('partial', { flags: S, name: 'MyHost' }),
      ...lease('dirty', { flags: S, name: 'My_Host!.Example.com.' }),
      ...lease('bare', { flags: S, name: '' }),
      ...lease('always', { flags: S, name: 'mine.example.com.' }),
      ...lease('always-empty', { flags: S, name: '' }),
      ...lease('always-none'),
      ...lease('present', { flags: S, name: 'mine' }),
      ...lease('present-none'),
      ...lease('notpresent', { flags: S, name: 'we_ird' }),
      ...lease('notpresent-empty', { flags: S, name: '' }),
      ...lease('notpresent-none'),
    ]);
    expect(kea.map((n) => n.fqdn)).toEqual([
      'myhost.example.com.',
      'myhost.example.com.',
      'myhost-2001-db8-1--106.example.com.',
      'gen-2001-db8-2--10a.example.com.',
      'gen-2001-db8-2--10b.example.com.',
      'gen-2001-db8-2--10c.example.com.',
      'myhost-2001-db8-3--10d.example.com.',
      'wexird.example.com.',
      'myhost-2001-db8-4--110.example.com.',
      'myhost-2001-db8-4--111.example.com.',
    ]);
    // A lifetime under 1800 s: the TTL floor of 600 s.
    expect(kea[3]!.length).toBe(600);
  });

  it('reservations with a hostname: the reserved name first, qualified; without FQDN option nothing is sent', async () => {
    const { results, kea } = await check([
      ...lease('reserved', { flags: S, name: 'other.example.com.' }),
      ...lease('reserved-quiet'),
    ]);
    expect(reply(results, 'REQUEST reserved')).toContain('"name":"reserved-host.example.com."');
    expect(kea.map((n) => n.fqdn)).toEqual(['reserved-host.example.com.']);
  });

  it("served from another subnet of its shared network: the name is decided again with that subnet's parameters", async () => {
    const { results, kea } = await check([
      ...lease('filler', { flags: S, name: 'filler' }),
      ...lease('mover', { flags: S, name: 'mover' }),
      ask(M.RENEW, 'mover', { fqdn: { flags: S, name: 'mover' }, note: 'same name, same subnet' }),
    ]);
    expect(reply(results, 'REQUEST mover')).toContain('"name":"mover.second.example."');
    expect(kea.map((n) => `${n.type} ${n.fqdn}`)).toEqual([
      'add filler.first.example.',
      'add mover.second.example.',
    ]);
  });

  it('renew: a new name is removed then added; the same name sends nothing unless ddns-update-on-renew', async () => {
    const { kea } = await check([
      ask(M.RENEW, 'f01', { fqdn: { flags: S, name: 'renamed.example.com.' } }),
      ask(M.RENEW, 'partial', { fqdn: { flags: S, name: 'myhost' }, note: 'same name' }),
      ask(M.REBIND, 'bare', { fqdn: { flags: S, name: '' }, note: 'generated again' }),
      ask(M.RENEW, 'always', { fqdn: { flags: S, name: 'mine.example.com.' } }),
      ...lease('renewer', { flags: S, name: 'renewer.example.com.' }),
    ]);
    expect(kea.map((n) => `${n.type} ${n.fqdn}`)).toEqual([
      'remove f01.example.com.',
      'add renamed.example.com.',
      'add renewer.example.com.',
    ]);
    const again = await check([
      ask(M.RENEW, 'renewer', { fqdn: { flags: S, name: 'renewer.example.com.' } }),
      ask(M.RENEW, 'f10', { fqdn: { flags: S, name: 'f10.example.com.' }, note: 'now asks for updates' }),
    ]);
    expect(again.kea.map((n) => `${n.type} ${n.fqdn} ${n.mode}`)).toEqual([
      'remove renewer.example.com. no-check-with-dhcid',
      'add renewer.example.com. no-check-with-dhcid',
      'add f10.example.com. check-with-dhcid',
    ]);
  });

  it('release and decline remove the names', async () => {
    const { kea } = await check([
      ...lease('decliner', { flags: S, name: 'decliner.example.com.' }),
      ask(M.RELEASE, 'f01'),
      ask(M.DECLINE, 'decliner'),
      ask(M.RELEASE, 'f10'),
    ]);
    expect(kea.map((n) => `${n.type} ${n.fqdn} ${n.expires}`)).toEqual([
      'add decliner.example.com. 0',
      'remove renamed.example.com. cltt + lease-length',
      'remove decliner.example.com. cltt + lease-length',
      'remove f10.example.com. cltt + lease-length',
    ]);
  });

  it('an expired lease reclaimed, lease6-del with update-ddns and lease6-resend-ddns', async () => {
    await check([
      ...lease('expiring', { flags: S, name: 'expiring.example.com.' }),
      ...lease('deleted', { flags: S, name: 'deleted.example.com.' }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const reclaimed = await twins!.command('leases-reclaim', { remove: true });
    expect(reclaimed.nestor.result).toBe(reclaimed.kea.result);
    const resend = await twins!.command('lease6-resend-ddns', { 'ip-address': CLIENTS.deleted!.hint });
    expect(resend.nestor).toEqual(resend.kea);
    const missing = await twins!.command('lease6-resend-ddns', { 'ip-address': '2001:db8:1::ff' });
    expect(missing.nestor).toEqual(missing.kea);
    const deleted = await twins!.command('lease6-del', {
      'ip-address': CLIENTS.deleted!.hint,
      'update-ddns': true,
    });
    expect(deleted.nestor).toEqual(deleted.kea);
    const sent = await twins!.ncrDatagrams(300);
    const kea = sent.kea.map((d) => ncrSummary(d, since));
    expect(sent.nestor.map((d) => ncrSummary(d, since))).toEqual(kea);
    expect(kea.map((n) => `${n.type} ${n.fqdn} ${n.expires}`)).toEqual([
      'remove expiring.example.com. cltt + lease-length',
      'add deleted.example.com. cltt + lease-length',
      'remove deleted.example.com. cltt + lease-length',
    ]);
  }, 20_000);
});
