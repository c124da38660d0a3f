import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONFLICT_RESOLUTION_MODES,
  decodeNcr,
  dhcidFromDuid,
  dhcidToHex,
  encodeNcr,
  type NameChangeRequest,
  NcrMessageError,
  ncrFromJson,
} from '../src/index.js';

const sample: NameChangeRequest = {
  changeType: 1,
  forwardChange: true,
  reverseChange: false,
  fqdn: 'h.example.com.',
  ipAddress: '2001:db8::5',
  dhcid: Uint8Array.from([0, 2, 1, 9, 9]),
  leaseExpiresOn: 1_800_000_000,
  leaseLength: 300,
  conflictResolutionMode: 'check-with-dhcid',
};

describe('NCR datagrams (2-byte length, then JSON)', () => {
  it('frames with the length in network order and reads the frame back', () => {
    const datagram = encodeNcr(sample);
    expect(datagram.readUInt16BE(0)).toBe(datagram.length - 2);
    expect(decodeNcr(datagram)).toEqual(sample);
    // bytes after the announced length are ignored, as Kea ignores them
    expect(decodeNcr(Buffer.concat([datagram, Buffer.from('junk')]))).toEqual(sample);
  });

  it('refuses a datagram shorter than its length says', () => {
    const datagram = encodeNcr(sample);
    expect(() => decodeNcr(datagram.subarray(0, datagram.length - 1))).toThrow(
      'fromFormat: buffer read error: read beyond end of buffer',
    );
    expect(() => decodeNcr(Uint8Array.of(0))).toThrow(NcrMessageError);
  });

  it('fuzz: any datagram is read or refused with an NcrMessageError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeNcr(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(NcrMessageError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: JSON objects with NCR members of any type never escape as other errors', () => {
    const hex = (minLength = 0) =>
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength });
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), hex());
    const members = fc.record(
      {
        'change-type': fc.oneof(value, fc.constantFrom(0, 1)),
        'forward-change': fc.oneof(value, fc.boolean()),
        'reverse-change': fc.oneof(value, fc.boolean()),
        fqdn: fc.oneof(value, fc.domain()),
        'ip-address': fc.oneof(value, fc.ipV6(), fc.ipV4()),
        dhcid: fc.oneof(value, hex(2)),
        'lease-expires-on': fc.oneof(value, fc.constant('20300101000000')),
        'lease-length': fc.oneof(value, fc.nat()),
        'use-conflict-resolution': value,
        'conflict-resolution-mode': fc.oneof(value, fc.constantFrom(...CONFLICT_RESOLUTION_MODES)),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(members, (map) => {
        try {
          const ncr = ncrFromJson(JSON.stringify(map));
          // what is accepted survives a round trip
          expect(decodeNcr(encodeNcr(ncr, 'kea-2.6'))).toEqual(ncr);
        } catch (err) {
          expect(err).toBeInstanceOf(NcrMessageError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('DHCID (RFC 4701)', () => {
  it('matches the RFC 4701 §3.6 DHCPv6 example (DUID 00:01:00:06:41:2d:f1:66:01:02:03:04:05:06, chi6.example.com)', () => {
    const duid = Buffer.from('000100064' + '12df1660102030405' + '06', 'hex');
    const dhcid = dhcidFromDuid(duid, 'chi6.example.com');
    expect(Buffer.from(dhcid).toString('base64')).toBe('AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=');
  });

  // DHCIDs ISC kea-dhcp6 2.2 put in its NCRs for dhclient -6 -D LL clients (recorded from the
  // apps/d2 test that runs ISC's server against Nestor's D2).
  it.each([
    [
      '00030001020000 00d201',
      'myhost.example.com.',
      '000201145DCF3C1FFB682BFF3D91A6F3C7F2E968F23AF54873E193455E5B7ED5138A0D',
    ],
    [
      '00030001020000 00d201',
      'takeover.example.com.',
      '00020177AE1A1DE93FCF4716A378F82F4F849CF650ED7DCED07E145A22164C6D027ED3',
    ],
    [
      '00030001020000 00d202',
      'myhost.example.com.',
      '0002014274B1D65901AD7D3A6060152118113F4AFB018C54070D6717941269AD89D1E7',
    ],
    [
      '00030001020000 00d202',
      'takeover.example.com.',
      '0002013092BD7985742968CEFA97184527AA36518E09D658AF2F6A73D69CBCC5BDBB1E',
    ],
  ])('matches ISC kea-dhcp6 for DUID %s and %s', (duid, fqdn, hex) => {
    expect(dhcidToHex(dhcidFromDuid(Buffer.from(duid.replace(' ', ''), 'hex'), fqdn))).toBe(hex);
  });

  it('is computed over the lower-cased name, with or without the trailing dot', () => {
    const duid = Uint8Array.of(0, 3, 0, 1, 2, 0, 0, 0, 0, 2);
    expect(dhcidFromDuid(duid, 'Host.Example.COM')).toEqual(dhcidFromDuid(duid, 'host.example.com.'));
    expect(() => dhcidFromDuid(new Uint8Array(0), 'h.example.com')).toThrow(
      'empty DUID used to create DHCID',
    );
  });
});
