/**
 * Byte-level agreement with ISC Kea 2.2: the same option-def / option-data configuration is
 * given to kea-dhcp6 (running in a network namespace) and to the codec; Kea's REPLY to an
 * INFORMATION-REQUEST must carry, option by option, exactly the bytes assembleOptions builds.
 * Needs root (network namespaces); skipped, with the reason printed, otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assembleOptions,
  type ConfiguredOption,
  decodeMessage,
  encodeOption,
  MessageType,
  OptionCode,
  OptionDefinitionRegistry,
  PacketWriter,
  parseOptionData,
  toHex,
} from '../src/index.js';
import { canRunKeaInNamespace, KeaInNamespace } from './helpers/kea-netns.js';

const optionDefs = [
  {
    name: 'rec',
    code: 200,
    type: 'record',
    'record-types': 'ipv6-address, uint16, boolean, int8, int16, int32, string',
  },
  { name: 'rec-array', code: 201, type: 'record', 'record-types': 'ipv4-address, uint8', array: true },
  { name: 'psids', code: 202, type: 'record', 'record-types': 'uint8, psid, ipv6-prefix' },
  { name: 'tuples', code: 203, type: 'tuple', array: true },
  { name: 'names', code: 204, type: 'fqdn', array: true },
  { name: 'container', code: 205, type: 'uint16', encapsulate: 'isc' },
  { name: 'sub-addr', code: 1, space: 'isc', type: 'ipv6-address' },
  { name: 'sub-text', code: 2, space: 'isc', type: 'string' },
  { name: 'flags', code: 206, type: 'boolean', array: true },
  // Kea sends the options of its built-in docsis3-v6 and 4o6 spaces only inside a container.
  { name: 'docsis-box', code: 207, type: 'empty', encapsulate: 'docsis3-v6' },
  { name: 'isc-box', code: 208, type: 'empty', encapsulate: '4o6' },
];

const optionData: Record<string, unknown>[] = [
  { name: 'dns-servers', data: '2001:db8:53::1, 2001:db8:53::2' },
  { name: 'domain-search', data: 'example.com, lab.example.org.' },
  { name: 'sip-server-dns', data: 'sip.example.com' },
  { name: 'sntp-servers', data: '2001:db8:123::1' },
  { name: 'information-refresh-time', data: '0x15180' },
  { name: 'preference', data: '255' },
  { name: 'new-posix-timezone', data: 'EST5EDT4\\,M3.2.0/02:00\\,M11.1.0/02:00' },
  { name: 'new-tzdb-timezone', data: 'Europe/Zurich' },
  { name: 'bootfile-url', data: 'tftp://[2001:db8::69]/boot.efi' },
  { name: 'bootfile-param', data: 'root=/dev/sda1, quiet' },
  { name: 'client-arch-type', data: '7, 9, 0x10' },
  { name: 'nii', data: '1, 3, 0' },
  { name: 'aftr-name', data: 'aftr.example.net' },
  { name: 'rdnss-selection', data: '2001:db8::53, 1, a.example, b.example' },
  { name: 'solmax-rt', data: '3600' },
  { name: 'inf-max-rt', data: '7200' },
  { name: 'v6-captive-portal', data: 'https://portal.example.net/' },
  { name: 'geoconf-civic', data: '1, 0x4445, 0a0b0c' },
  { name: 'subscriber-id', data: '0102030405' },
  { name: 'vendor-class', data: '4491, 0006646f63736973' },
  { name: 'pana-agent', 'csv-format': false, data: '20010db8000000000000000000000001' },
  { name: 'v6-access-domain', 'csv-format': false, data: '076578616d706c6500' },
  { code: 250, 'csv-format': false, data: '0a:b:cc' },
  { code: 251, 'csv-format': false, data: "'quoted text'" },
  { name: 's46-cont-mape' },
  { space: 's46-cont-mape-options', name: 's46-br', data: '2001:db8:cafe::1' },
  { space: 's46-cont-mape-options', name: 's46-rule', data: '128, 16, 24, 192.0.2.0, 2001:db8:1::/56' },
  { space: 's46-rule-options', name: 's46-portparams', data: '2, 3/4' },
  { name: 's46-cont-mapt' },
  { space: 's46-cont-mapt-options', name: 's46-dmr', data: '2001:db8:cafe:ff00::/57' },
  { name: 's46-cont-lw' },
  { space: 's46-cont-lw-options', name: 's46-v4v6bind', data: '192.0.2.3, 2001:db8:1:cafe::/64' },
  { space: 's46-v4v6bind-options', name: 's46-portparams', data: '0, 0/0' },
  { name: 'vendor-opts', data: '4491' },
  { space: 'vendor-4491', name: 'tftp-servers', data: '2001:db8:69::1, 2001:db8:69::2' },
  { space: 'vendor-4491', name: 'config-file', data: 'modem.cfg' },
  { space: 'vendor-4491', name: 'time-offset', data: '-3600' },
  { space: 'vendor-4491', name: 'device-type', data: 'ECM' },
  { space: 'vendor-4491', name: 'device-id', data: '1A BB AD AB BA D0 00 00 00 00 00 00 00 00 CA FE' },
  { name: 'docsis-box' },
  { space: 'docsis3-v6', name: 'oro', data: '32, 33' },
  { space: 'docsis3-v6', name: 'vendor-type', data: 'CableLabs' },
  { space: 'docsis3-v6', name: 'syslog-servers', data: '2001:db8::32' },
  { space: 'docsis3-v6', name: 'time-servers', data: '2001:db8::33, 2001:db8::34' },
  { space: 'docsis3-v6', name: 'time-offset', data: '-25200' },
  { space: 'docsis3-v6', code: 1026, data: '001122334455' },
  { name: 'isc-box' },
  { space: '4o6', name: '4o6-interface', data: 'eth0' },
  { space: '4o6', name: '4o6-source-address', data: '2001:db8::1' },
  { space: '4o6', name: '4o6-source-port', data: '547' },
  { name: 'rec', data: '2001:db8:1::10, 123, false, -5, -300, -70000, Hello World' },
  { name: 'rec-array', data: '192.0.2.1, 1, 2, 3' },
  { name: 'psids', data: '7, 12/6, 2001:db8:ab00::/40' },
  { name: 'tuples', data: 'first, second, 3rd' },
  { name: 'names', data: 'a.example, b.example., c-dot.example' },
  { name: 'container', data: '513' },
  { space: 'isc', name: 'sub-addr', data: '2001:db8::abcd' },
  { space: 'isc', name: 'sub-text', data: 'sub option' },
  { name: 'flags', data: 'true, FALSE, 1, 0' },
];

const support = canRunKeaInNamespace();
if (!support.ok) console.warn(`kea-wire tests skipped: ${support.reason}`);

describe.skipIf(!support.ok)('option-data bytes agree with what Kea 2.2 sends', () => {
  const kea = new KeaInNamespace();
  let reply: Map<number, Uint8Array[]>;
  let expected: ConfiguredOption[];

  beforeAll(async () => {
    const registry = OptionDefinitionRegistry.fromOptionDefs(optionDefs);
    expected = assembleOptions(optionData.map((entry, i) => parseOptionData(entry, registry, i))).filter(
      (o) => o.space === 'dhcp6',
    );
    kea.start({
      'option-def': optionDefs,
      'option-data': optionData.map((entry) => ({ ...entry, 'always-send': true })),
    });
    const request = new PacketWriter(512)
      .header(MessageType.INFORMATION_REQUEST, 0x0a0b0c)
      .option(OptionCode.CLIENTID, Uint8Array.of(0, 3, 0, 1, 0, 0x11, 0x22, 0x33, 0x44, 0x55))
      .optionU16(OptionCode.ELAPSED_TIME, 0)
      .finishCopy();
    const answer = decodeMessage(await kea.exchange(request));
    if (answer.kind !== 'client-server') throw new Error(`unexpected reply kind ${answer.kind}`);
    expect(answer.msgType).toBe(MessageType.REPLY);
    reply = new Map();
    for (const option of answer.options)
      reply.set(option.code, [...(reply.get(option.code) ?? []), encodeOption(option)]);
  }, 30_000);

  afterAll(async () => {
    await kea.stop();
  });

  it('carries every configured dhcp6 option', () => {
    const missing = expected.filter((o) => !reply.has(o.code)).map((o) => `${o.name ?? o.code}`);
    expect(missing).toEqual([]);
  });

  it('with the same bytes, option by option', () => {
    const differences = expected
      .map((o) => ({
        option: o.name ?? String(o.code),
        nestor: toHex(o.wire),
        kea: (reply.get(o.code) ?? []).map((b) => toHex(b)).join(' | '),
      }))
      .filter((d) => d.nestor !== d.kea);
    expect(differences).toEqual([]);
  });
});
