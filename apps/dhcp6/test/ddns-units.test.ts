/**
 * The DDNS pieces one by one: the N/S/O table, name qualification, generation and sanitising,
 * the TTL (Kea 2.2's rule, and Kea 3.0's with the ddns-ttl* parameters), and the NCR text with
 * the conflict resolution mode for both Kea 2.2 and later receivers.
 */
import { CHANGE_TYPE, decodeNcr, encodeNcr, ncrFromJson, ncrToJson } from '@nestor/ncr';
import { describe, expect, it } from 'vitest';
import { answerFlags, FQDN_FLAG, updateDirections } from '../src/ddns/fqdn-flags.js';
import { canonicalName, generatedName, qualifyName, sanitiseName } from '../src/ddns/names.js';
import type { DdnsScope } from '../src/ddns/params.js';
import { ddnsTtl } from '../src/ddns/ttl.js';

const scope = (extra: Partial<DdnsScope> = {}): DdnsScope => ({
  enabled: true,
  sendUpdates: true,
  overrideNoUpdate: false,
  overrideClientUpdate: false,
  replaceClientName: 'never',
  generatedPrefix: 'myhost',
  qualifyingSuffix: 'example.com',
  updateOnRenew: false,
  useConflictResolution: true,
  conflictResolutionMode: 'check-with-dhcid',
  conflictResolutionModeSet: false,
  hostnameCharSet: '[^A-Za-z0-9.-]',
  hostnameCharReplacement: '',
  ...extra,
});
const { S, N, O } = FQDN_FLAG;

describe('the Client FQDN flags (RFC 4704 section 5, Kea 2.2)', () => {
  it.each([
    ['client updates forward', 0, {}, 0],
    ['client updates forward, overridden', 0, { overrideClientUpdate: true }, S | O],
    ['server updates', S, {}, S],
    ['no update', N, {}, N],
    ['no update, overridden', N, { overrideNoUpdate: true }, S | O],
    ['updates off, server asked', S, { enabled: false }, N | O],
    ['updates off, client updates', 0, { enabled: false }, N],
  ])('%s', (_name, client, extra, server) => {
    expect(answerFlags(client, scope(extra))).toBe(server);
  });

  it('the directions: forward with S, reverse unless N', () => {
    expect(updateDirections(S)).toEqual({ forward: true, reverse: true });
    expect(updateDirections(0)).toEqual({ forward: false, reverse: true });
    expect(updateDirections(N)).toEqual({ forward: false, reverse: false });
  });
});

describe('names', () => {
  it('qualifies with the suffix unless it ends the name on a label boundary', () => {
    expect(qualifyName('host', scope())).toBe('host.example.com.');
    expect(qualifyName('host.example.com', scope())).toBe('host.example.com.');
    expect(qualifyName('host.barexample.com', scope())).toBe('host.barexample.com.example.com.');
    expect(qualifyName('host', scope({ qualifyingSuffix: '' }))).toBe('host.');
    expect(qualifyName('host.', scope({ qualifyingSuffix: 'example.com.' }), false)).toBe('host.example.com');
  });

  it('generates myhost-<address with dashes>.<suffix>', () => {
    expect(generatedName('2001:db8::1', scope())).toBe('myhost-2001-db8--1.example.com.');
  });

  it('sanitises label by label and lower-cases', () => {
    expect(canonicalName(sanitiseName('My_Host!.Example.com.', scope()))).toBe('myhost.example.com.');
    expect(sanitiseName('a b.c', scope({ hostnameCharReplacement: 'x' }))).toBe('axb.c.');
    expect(sanitiseName('a_b', scope({ hostnameCharSet: '' }))).toBe('a_b');
  });
});

describe('the TTL of the records', () => {
  it('Kea 2.2: a third of the valid lifetime, at least 600 s', () => {
    expect(ddnsTtl(4000)).toBe(1333);
    expect(ddnsTtl(1799)).toBe(600);
    expect(ddnsTtl(1800, {})).toBe(600);
  });

  it('Kea 3.0 with ddns-ttl, ddns-ttl-percent, ddns-ttl-min, ddns-ttl-max', () => {
    expect(ddnsTtl(4000, { ttl: 77 })).toBe(77);
    expect(ddnsTtl(4000, { ttlPercent: 0.5 })).toBe(2000);
    expect(ddnsTtl(1000, { ttlPercent: 0.1 })).toBe(600);
    expect(ddnsTtl(1000, { ttlPercent: 0.1, ttlMin: 50 })).toBe(100);
    expect(ddnsTtl(90_000, { ttlMax: 3600 })).toBe(3600);
  });
});

describe('the conflict resolution mode on the wire', () => {
  const ncr = {
    changeType: CHANGE_TYPE.add,
    forwardChange: true,
    reverseChange: true,
    fqdn: 'host.example.com.',
    ipAddress: '2001:db8::1',
    dhcid: Uint8Array.from([0, 2, 1, 9]),
    leaseExpiresOn: 0,
    leaseLength: 1333,
    conflictResolutionMode: 'no-check-without-dhcid' as const,
  };

  it('both members: the boolean for a Kea 2.2 receiver, the mode for Kea 2.6 and later (which wins)', () => {
    const text = ncrToJson(ncr, 'both');
    expect(text).toMatch(
      /"use-conflict-resolution":false,"conflict-resolution-mode":"no-check-without-dhcid"}$/,
    );
    expect(ncrFromJson(text).conflictResolutionMode).toBe('no-check-without-dhcid');
    expect(decodeNcr(encodeNcr(ncr, 'both')).conflictResolutionMode).toBe('no-check-without-dhcid');
    expect(ncrToJson(ncr)).toMatch(/"use-conflict-resolution":false}$/);
  });
});
