import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type JsonObject, parseDhcp6Config, readKeaJsonFile } from '../src/index.js';
import { tempDir } from './helpers.js';
import { keaAvailable, runnableDhcp6, startKeaDhcp6 } from './kea-oracle.js';

// `raw` must be what kea-dhcp6 2.2 answers to config-get for the same configuration: ISC's
// server is started on each example and asked for config-get.
const here = dirname(fileURLToPath(import.meta.url));
const examples = ['arm', 'arm-elided', 'examples'].flatMap((folder) => {
  const dir = join(here, 'fixtures', 'dhcp6', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
});

const available = keaAvailable('Dhcp6');
if (!available)
  console.warn('kea-dhcp6 (ISC Kea 2.2) is not installed: the config-get comparison is skipped');

describe.skipIf(!available)('raw is what kea-dhcp6 config-get returns', () => {
  const work = tempDir('kea-config-get-');
  afterAll(() => work.cleanup());

  it('shows loggers as kea-dhcp6 config-get does (severity as Kea took it, default debuglevel)', async () => {
    const dir = join(work.dir, 'loggers');
    mkdirSync(dir);
    const document = runnableDhcp6({ Dhcp6: {} }, dir) as { Dhcp6: JsonObject };
    document.Dhcp6.loggers = [
      {
        name: 'kea-dhcp6',
        severity: 'warn',
        comment: 'the server',
        output_options: [{ output: join(dir, 'a.log') }],
      },
      { name: 'kea-dhcp6.packets', severity: 'LOUD', debuglevel: 7, output_options: [{ output: 'stdout' }] },
      { name: 'kea-dhcp6.dhcpsrv', severity: 'Error' },
    ];
    const kea = await startKeaDhcp6(dir, document);
    try {
      const get = await kea.command('config-get');
      expect(parseDhcp6Config(document).raw.loggers).toEqual(
        (get.arguments as { Dhcp6: { loggers: unknown } }).Dhcp6.loggers,
      );
    } finally {
      await kea.stop();
    }
  });

  it('refuses to run a logger without severity, as kea-dhcp6 does (its -t lets it pass, and so does ours)', async () => {
    const dir = join(work.dir, 'no-severity');
    mkdirSync(dir);
    const document = runnableDhcp6({ Dhcp6: {} }, dir) as { Dhcp6: JsonObject };
    document.Dhcp6.loggers = [{ name: 'kea-dhcp6', output_options: [{ output: join(dir, 'a.log') }] }];
    await expect(startKeaDhcp6(dir, document)).rejects.toThrow(/did not open its control socket/);
    expect(() => parseDhcp6Config(document)).toThrow(/missing parameter 'severity'/);
    expect(parseDhcp6Config(document, undefined, { checkOnly: true }).warnings).toEqual([
      expect.stringMatching(/missing parameter 'severity'/),
    ]);
  });

  // Kea is started on each file (config-set would not do: it reports re-detect as false).
  it.each(examples.map((f, i) => [f.slice(here.length + 1), f, i] as const))('for %s', async (_, file, i) => {
    const dir = join(work.dir, String(i));
    mkdirSync(dir);
    const document = runnableDhcp6(readKeaJsonFile(file).value, dir);
    const kea = await startKeaDhcp6(dir, document);
    try {
      const get = await kea.command('config-get');
      expect(get.result).toBe(0);
      expect(parseDhcp6Config(document).raw).toEqual((get.arguments as { Dhcp6: unknown }).Dhcp6);
    } finally {
      await kea.stop();
    }
  });
});
