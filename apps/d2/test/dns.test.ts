import { createHmac } from 'node:crypto';
import { textToWire } from '@nestor/ncr';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RCODE, RR_CLASS, RR_TYPE } from '../src/dns/constants.js';
import { encodeUpdate, rr } from '../src/dns/message.js';
import { InvalidResponseError, parseResponse } from '../src/dns/response.js';
import { makeTsigKey, signRequest, type TsigAlgorithm, verifyResponse } from '../src/dns/tsig.js';
import { DomainMatcher, expandIpv6, reverseName } from '../src/engine/domains.js';
import { planFor } from '../src/engine/plans.js';

const fqdn = textToWire('host.example.com.');
const zone = textToWire('example.com.');
const SECRET = Buffer.alloc(32, 1);
const ALGORITHMS: TsigAlgorithm[] = [
  'HMAC-MD5',
  'HMAC-SHA1',
  'HMAC-SHA224',
  'HMAC-SHA256',
  'HMAC-SHA384',
  'HMAC-SHA512',
];

/** An answer to `request` as a server writes it: header echoed, QR set, rcode, zone section. */
function answerTo(request: Buffer, rcode: number): Buffer {
  const zoneEnd = 12 + zone.length + 4;
  const out = Buffer.from(request.subarray(0, zoneEnd));
  out.writeUInt16BE(0x8000 | (5 << 11) | rcode, 2);
  out.writeUInt16BE(1, 4);
  out.fill(0, 6, 12);
  return out;
}

/** Signs an answer as a server does (RFC 8945 §4.3): request MAC, answer, variables. */
function signAnswer(
  answer: Buffer,
  requestMac: Buffer,
  algorithm: TsigAlgorithm,
  secret = SECRET,
  error = 0,
) {
  const key = makeTsigKey('k.example.', algorithm, secret);
  const now = Math.floor(Date.now() / 1000);
  const vars = Buffer.concat([
    key.nameWire,
    Buffer.from([0, 255, 0, 0, 0, 0]),
    key.algorithmWire,
    Buffer.from([0, 0, (now / 2 ** 24) & 255, (now >> 16) & 255, (now >> 8) & 255, now & 255]),
    Buffer.from([1, 44, error >> 8, error & 255, 0, 0]),
  ]);
  const len = Buffer.from([requestMac.length >> 8, requestMac.length & 255]);
  const mac = error
    ? Buffer.alloc(0)
    : createHmac(key.hash, secret).update(len).update(requestMac).update(answer).update(vars).digest();
  const rdata = Buffer.concat([
    key.algorithmWire,
    Buffer.from([0, 0, (now / 2 ** 24) & 255, (now >> 16) & 255, (now >> 8) & 255, now & 255, 1, 44]),
    Buffer.from([mac.length >> 8, mac.length & 255]),
    mac,
    answer.subarray(0, 2),
    Buffer.from([error >> 8, error & 255, 0, 0]),
  ]);
  const head = Buffer.from([0, 250, 0, 255, 0, 0, 0, 0, rdata.length >> 8, rdata.length & 255]);
  const out = Buffer.concat([answer, key.nameWire, head, rdata]);
  out.writeUInt16BE(1, 10);
  return out;
}

describe('RFC 2136 update messages', () => {
  it('are UPDATEs with the zone, prerequisite and update sections a DNS decoder reads back', () => {
    const dhcid = Uint8Array.of(0, 2, 1, 7);
    const wire = encodeUpdate({
      id: 4242,
      zone,
      prerequisites: [rr.nameNotInUse(fqdn)],
      updates: [
        rr.add(fqdn, RR_TYPE.AAAA, 3600, new Uint8Array(16).fill(1)),
        rr.add(fqdn, RR_TYPE.DHCID, 3600, dhcid),
      ],
    });
    const decoded = dnsPacket.decode(wire);
    expect(decoded).toMatchObject({ id: 4242, opcode: 'UPDATE', type: 'query' });
    expect(decoded.questions).toEqual([{ name: 'example.com', type: 'SOA', class: 'IN' }]);
    expect(decoded.answers).toMatchObject([
      { name: 'host.example.com', type: 'ANY', class: 'UNKNOWN_254', ttl: 0 },
    ]);
    expect(decoded.authorities).toMatchObject([
      {
        name: 'host.example.com',
        type: 'AAAA',
        class: 'IN',
        ttl: 3600,
        data: '101:101:101:101:101:101:101:101',
      },
      { name: 'host.example.com', type: 'DHCID', class: 'IN', ttl: 3600 },
    ]);
  });

  it("each mode sends Kea D2's records: check-with-dhcid replaces only with a matching DHCID", () => {
    const data = {
      fqdn,
      reverse: textToWire(reverseName('2001:db8::1')),
      addressType: RR_TYPE.AAAA,
      address: new Uint8Array(16),
      dhcid: Uint8Array.of(0, 2, 1),
      ttl: 60,
    };
    const replace = planFor('check-with-dhcid', 0).forward[1]!.build(data);
    expect(replace.prerequisites.map((r) => [r.type, r.klass])).toEqual([
      [RR_TYPE.ANY, RR_CLASS.ANY],
      [RR_TYPE.DHCID, RR_CLASS.IN],
    ]);
    expect(planFor('check-with-dhcid', 0).forward[0]!.onRcode(RCODE.YXDOMAIN)).toEqual({ goto: 1 });
    expect(planFor('check-with-dhcid', 0).forward[1]!.onRcode(RCODE.NXRRSET)).toBe('fail');
    expect(planFor('check-with-dhcid', 1).forward[0]!.onRcode(RCODE.NXRRSET)).toEqual({ goto: 1 });
    expect(planFor('no-check-with-dhcid', 0).forward[0]!.build(data).prerequisites).toEqual([]);
    expect(
      planFor('no-check-without-dhcid', 0)
        .forward[0]!.build(data)
        .updates.some((r) => r.type === RR_TYPE.DHCID),
    ).toBe(false);
    expect(planFor('check-exists-with-dhcid', 0).forward[1]!.build(data).prerequisites).toMatchObject([
      { type: RR_TYPE.DHCID, klass: RR_CLASS.ANY },
    ]);
  });
});

describe('TSIG (RFC 8945)', () => {
  const request = () => encodeUpdate({ id: 77, zone, prerequisites: [], updates: [rr.deleteName(fqdn)] });

  it.each(ALGORITHMS)(
    '%s: a signed answer verifies; a tampered, unsigned or wrong-key answer does not',
    (algorithm) => {
      const key = makeTsigKey('K.Example', algorithm, SECRET);
      const signed = signRequest(request(), key);
      const decoded = dnsPacket.decode(signed.wire);
      expect(decoded.additionals).toMatchObject([{ name: 'k.example', type: 'TSIG', class: 'ANY' }]);
      const answer = answerTo(signed.wire, RCODE.NOERROR);
      const good = signAnswer(answer, signed.mac, algorithm);
      expect(verifyResponse(parseResponse(good), key, signed)).toBe('NOERROR');
      const tampered = Buffer.from(good);
      tampered.writeUInt16BE(tampered.readUInt16BE(2) | RCODE.REFUSED, 2);
      expect(verifyResponse(parseResponse(tampered), key, signed)).toBe('BADSIG');
      expect(verifyResponse(parseResponse(answer), key, signed)).toBe('FORMERR');
      const other = signAnswer(answer, signed.mac, algorithm, Buffer.alloc(32, 2));
      expect(verifyResponse(parseResponse(other), key, signed)).toBe('BADSIG');
      const badsig = signAnswer(answer, signed.mac, algorithm, SECRET, 16);
      expect(verifyResponse(parseResponse(badsig), key, signed)).toBe('BADSIG');
    },
  );

  it('digest-bits truncates the MAC sent', () => {
    const key = makeTsigKey('k.example.', 'HMAC-SHA256', SECRET, 128);
    const signed = signRequest(request(), key);
    expect(signed.mac.length).toBe(16);
  });

  it('fuzz: any answer bytes are parsed or refused with InvalidResponseError, and never verify by chance', () => {
    const key = makeTsigKey('k.example.', 'HMAC-SHA256', SECRET);
    const signed = signRequest(request(), key);
    const good = signAnswer(answerTo(signed.wire, 0), signed.mac, 'HMAC-SHA256');
    const mutated = fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
      const copy = Buffer.from(good);
      copy[at] = copy[at]! ^ x;
      return copy;
    });
    const anyBytes = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b));
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          anyBytes,
          fc.nat(good.length).map((n) => good.subarray(0, n)),
        ),
        (bytes) => {
          try {
            const parsed = parseResponse(bytes);
            const verdict = verifyResponse(parsed, key, signed);
            // a flipped bit anywhere the MAC covers must be caught: only the id (the original id
            // stands in for it) and the case of the TSIG's names (compared canonically) may change
            const tail = (b: Buffer) => b.subarray(2).toString('latin1').toLowerCase();
            if (verdict === 'NOERROR') expect(tail(bytes)).toBe(tail(good));
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidResponseError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('domains and reverse names', () => {
  it('picks the longest matching suffix on a label boundary, then the wildcard', () => {
    const m = new DomainMatcher([
      { name: 'example.com', servers: [] },
      { name: 'Sub.Example.COM.', servers: [] },
      { name: 'two.net.', servers: [] },
    ]);
    expect(m.match('a.sub.example.com.')?.name).toBe('Sub.Example.COM.');
    expect(m.match('a.example.com.')?.name).toBe('example.com');
    expect(m.match('example.com.')?.name).toBe('example.com');
    expect(m.match('onetwo.net.')).toBeUndefined();
    const w = new DomainMatcher([
      { name: 'example.com.', servers: [] },
      { name: '*', servers: [] },
    ]);
    expect(w.match('x.other.org.')?.name).toBe('*');
  });

  it('writes ip6.arpa nibbles and in-addr.arpa octets', () => {
    expect(reverseName('2001:db8:1::100')).toBe(
      '0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.',
    );
    expect(reverseName('192.0.2.7')).toBe('7.2.0.192.in-addr.arpa.');
    expect(expandIpv6('::ffff:192.0.2.1')).toBe('00000000000000000000ffffc0000201');
    expect(expandIpv6('::')).toBe('0'.repeat(32));
  });
});
