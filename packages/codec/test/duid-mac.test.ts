import { describe, expect, it } from 'vitest';
import {
  type Dhcp6Option,
  describeDuid,
  duidType,
  eui64InterfaceId,
  formatDuid,
  formatMac,
  linkLocalFromMac,
  macFromClientLinkLayerOption,
  macFromDocsisCmts,
  macFromDocsisModem,
  macFromDuid,
  macFromLinkLocal,
  macFromRemoteId,
  makeDuidEn,
  makeDuidLl,
  makeDuidLlt,
  makeDuidUuid,
  parseDuid,
  parseMac,
} from '../src/index.js';
import { CLIENT_DUID, hex } from './helpers/bytes.js';

const MAC = hex('001122334455');

describe('DUIDs', () => {
  it('formats as Kea’s lease files do and parses back', () => {
    expect(formatDuid(CLIENT_DUID)).toBe('00:01:00:01:1d:2c:3b:4a:00:11:22:33:44:55');
    expect(parseDuid('00:01:00:01:1d:2c:3b:4a:00:11:22:33:44:55')).toEqual(CLIENT_DUID);
    expect(parseDuid('0:1:0:1:1D:2C:3B:4A:0:11:22:33:44:55')).toEqual(CLIENT_DUID);
    expect(parseDuid('000100011d2c3b4a001122334455')).toEqual(CLIENT_DUID);
  });

  it('refuses malformed DUID text', () => {
    for (const bad of [
      '',
      '00::01',
      '00:01:',
      '0g:01',
      '001',
      'x',
      '000:01',
      new Array(132).fill('aa').join(':'),
    ]) {
      expect(() => parseDuid(bad), bad).toThrow(expect.objectContaining({ kind: 'INVALID_DUID' }));
    }
  });

  it('builds the four standard layouts', () => {
    expect(makeDuidLlt(1, 0x1d2c3b4a, MAC)).toEqual(CLIENT_DUID);
    expect(makeDuidLlt(1, new Date('2000-01-01T00:01:40Z'), MAC)).toEqual(
      hex('0001 0001 00000064 001122334455'),
    );
    expect(makeDuidEn(2495, hex('0102'))).toEqual(hex('0002 000009bf 0102'));
    expect(makeDuidLl(1, MAC)).toEqual(hex('0003 0001 001122334455'));
    expect(makeDuidUuid('0123e456-89ab-cdef-0123-456789abcdef')).toEqual(
      hex('0004 0123e45689abcdef0123456789abcdef'),
    );
    expect(() => makeDuidLlt(1, -1, MAC)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(() => makeDuidLl(70000, MAC)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
    expect(() => makeDuidEn(1, new Uint8Array(0))).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
    expect(() => makeDuidUuid('0123')).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
  });

  it('describes each layout and tolerates short or unknown ones', () => {
    expect(describeDuid(CLIENT_DUID)).toEqual({
      type: 'llt',
      hardwareType: 1,
      time: 0x1d2c3b4a,
      linkLayerAddress: MAC,
    });
    expect(describeDuid(hex('0002 000009bf 0102'))).toEqual({
      type: 'en',
      enterpriseNumber: 2495,
      identifier: hex('0102'),
    });
    expect(describeDuid(hex('0003 0001 001122334455'))).toEqual({
      type: 'll',
      hardwareType: 1,
      linkLayerAddress: MAC,
    });
    expect(describeDuid(hex('0004 0123e45689abcdef0123456789abcdef'))).toEqual({
      type: 'uuid',
      uuid: '0123e456-89ab-cdef-0123-456789abcdef',
    });
    expect(describeDuid(hex('0001 0001'))).toEqual({ type: 'unknown', typeCode: 1 });
    expect(describeDuid(hex('0009 aa'))).toEqual({ type: 'unknown', typeCode: 9 });
    expect(describeDuid(hex('01'))).toEqual({ type: 'unknown', typeCode: -1 });
    expect(duidType(CLIENT_DUID)).toBe(1);
    expect(duidType(hex('01'))).toBeUndefined();
  });
});

describe('hardware addresses for mac-sources', () => {
  it('extracts the MAC from an EUI-64 link-local address, with Kea’s checks', () => {
    expect(macFromLinkLocal('fe80::211:22ff:fe33:4455')).toEqual(MAC);
    expect(linkLocalFromMac(MAC)).toBe('fe80::211:22ff:fe33:4455');
    expect(eui64InterfaceId(MAC)).toEqual(hex('021122fffe334455'));
    expect(macFromLinkLocal(hex('fe800000000000000211 22fffe334455'.replace(' ', '')))).toEqual(MAC);
    // Not link-local, not EUI-64 (no ff:fe), group bit set, u bit clear, not an address.
    expect(macFromLinkLocal('2001:db8::211:22ff:fe33:4455')).toBeUndefined();
    expect(macFromLinkLocal('fe80::211:22aa:fe33:4455')).toBeUndefined();
    expect(macFromLinkLocal('fe80::311:22ff:fe33:4455')).toBeUndefined();
    expect(macFromLinkLocal('fe80::11:22ff:fe33:4455')).toBeUndefined();
    expect(macFromLinkLocal('not-an-address')).toBeUndefined();
    expect(() => eui64InterfaceId(hex('0011'))).toThrow(
      expect.objectContaining({ kind: 'INVALID_ARGUMENT' }),
    );
  });

  it('extracts from DUID-LLT / DUID-LL only', () => {
    expect(macFromDuid(CLIENT_DUID)).toEqual({ hardwareType: 1, address: MAC });
    expect(macFromDuid(makeDuidLl(32, hex('0102030405060708')))).toEqual({
      hardwareType: 32,
      address: hex('0102030405060708'),
    });
    expect(macFromDuid(makeDuidEn(9, hex('01')))).toBeUndefined();
  });

  it('extracts from the client link-layer address and remote-id relay options', () => {
    expect(macFromClientLinkLayerOption(hex('0001 001122334455'))).toEqual({ hardwareType: 1, address: MAC });
    expect(macFromClientLinkLayerOption(hex('0001'))).toBeUndefined();
    expect(macFromRemoteId(hex('00000de9 001122334455'), 1)).toEqual({ hardwareType: 1, address: MAC });
    expect(macFromRemoteId(hex('00000de9'))).toBeUndefined();
    expect(macFromRemoteId(new Uint8Array(30))!.address).toHaveLength(20);
  });

  it('extracts from DOCSIS vendor options', () => {
    const vendor = (enterpriseNumber: number, code: number, data: Uint8Array): Dhcp6Option => ({
      kind: 'vendor_opts',
      code: 17,
      enterpriseNumber,
      options: [{ kind: 'raw', code, data }],
    });
    expect(macFromDocsisModem([vendor(4491, 36, MAC)])).toEqual({ hardwareType: 1, address: MAC });
    expect(macFromDocsisModem([vendor(9, 36, MAC)])).toBeUndefined();
    expect(macFromDocsisModem([vendor(4491, 36, new Uint8Array(0))])).toBeUndefined();
    expect(macFromDocsisCmts([[], [vendor(4491, 1026, MAC)]])).toEqual({ hardwareType: 1, address: MAC });
    expect(macFromDocsisCmts([[vendor(4491, 36, MAC)]])).toBeUndefined();
  });

  it('formats and parses MAC text', () => {
    expect(formatMac(MAC)).toBe('00:11:22:33:44:55');
    expect(parseMac('0:11:22:33:44:55')).toEqual(MAC);
    expect(() => parseMac('00-11-22')).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT' }));
  });
});
