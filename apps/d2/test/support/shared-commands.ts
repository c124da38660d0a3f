import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SendCommand } from './channels.js';

/** What kea-dhcp-ddns answers to list-commands: the commands every Kea daemon shares, and D2's statistics ones. */
export const D2_COMMANDS = [
  'build-report',
  'config-get',
  'config-reload',
  'config-set',
  'config-test',
  'config-write',
  'list-commands',
  'shutdown',
  'statistic-get',
  'statistic-get-all',
  'statistic-reset',
  'statistic-reset-all',
  'status-get',
  'version-get',
];

/** Kea 2.2's defaults of a DhcpDdns section, as its config-get shows them. */
export const KEA_D2_DEFAULTS = {
  'ip-address': '127.0.0.1',
  port: 53001,
  'dns-server-timeout': 100,
  'ncr-protocol': 'UDP',
  'ncr-format': 'JSON',
  'hooks-libraries': [],
  'tsig-keys': [],
  'forward-ddns': { 'ddns-domains': [] },
  'reverse-ddns': { 'ddns-domains': [] },
};

type Section = Record<string, unknown>;

/**
 * Sends every shared command but shutdown to a kea-dhcp-ddns started on `configFile` (whose
 * section sets no `port`) and checks each answer; config-set and config-reload leave it running
 * on the file's configuration again. `pid` is the daemon's process.
 */
export async function checkSharedCommands(
  send: SendCommand,
  daemon: { pid: number; configFile: string; etc: string; copyName: string },
): Promise<void> {
  expect(await send('list-commands')).toEqual({ result: 0, arguments: D2_COMMANDS });

  const version = await send('version-get');
  expect(version).toMatchObject({ result: 0, text: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  expect((version.arguments as { extended: string }).extended).toMatch(/\nlinked with:\nNode\.js v\d+/);
  expect(await send('build-report')).toMatchObject({
    result: 0,
    text: expect.stringMatching(/^Nestor build report\n/),
  });
  const status = await send('status-get');
  expect(status).toEqual({
    result: 0,
    arguments: {
      pid: daemon.pid,
      uptime: expect.any(Number),
      reload: expect.any(Number),
      'nestor-event-loop-delay': expect.objectContaining({ 'max-ms': expect.any(Number) }),
    },
  });

  const got = await send('config-get');
  expect(got.result).toBe(0);
  const document = got.arguments as { DhcpDdns: Section };
  expect(Object.keys(document)).toEqual(['DhcpDdns']);
  expect(document.DhcpDdns).toMatchObject(KEA_D2_DEFAULTS);

  expect(await send('config-test', document)).toEqual({ result: 0, text: 'Configuration check successful' });
  const badTest = await send('config-test', { DhcpDdns: { ...document.DhcpDdns, port: 'x' } });
  expect(badTest.result).toBe(1);
  expect(badTest.text).toMatch(/DhcpDdns\.port/);
  expect(await send('config-test', { Dhcp6: {} })).toEqual({
    result: 1,
    text: "Missing mandatory 'DhcpDdns' parameter.",
  });

  // config-set: a good configuration is applied, a bad one refused with the good one kept.
  const changed = { DhcpDdns: { ...document.DhcpDdns, port: 53053, 'dns-server-timeout': 250 } };
  expect(await send('config-set', changed)).toEqual({
    result: 0,
    text: 'Configuration applied successfully.',
  });
  expect((await send('config-get')).arguments).toEqual(changed);
  const badSet = await send('config-set', {
    DhcpDdns: { ...changed.DhcpDdns, 'tsig-keys': [{ name: 'k', algorithm: 'HMAC-MD99', secret: 'AAAA' }] },
  });
  expect(badSet.result).toBe(1);
  expect(badSet.text).toMatch(/DhcpDdns\.tsig-keys\[0\]\.algorithm: .*HMAC-MD99/);
  expect((await send('config-get')).arguments).toEqual(changed);

  // config-reload goes back to the file.
  expect(await send('config-reload')).toEqual({ result: 0, text: 'Configuration applied successfully.' });
  expect((await send('config-get')).arguments).toEqual(document);

  const written = await send('config-write', { filename: daemon.copyName });
  const copy = join(daemon.etc, daemon.copyName);
  expect(written).toMatchObject({
    result: 0,
    text: `Configuration written to ${copy} successful`,
    arguments: { filename: copy, size: expect.any(Number) },
  });
  expect(JSON.parse(readFileSync(copy, 'utf8'))).toEqual(document);

  expect(await send('no-such-command')).toEqual({
    result: 2,
    text: "'no-such-command' command not supported.",
  });
}
