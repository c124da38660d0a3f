import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDhcp6ConfigFile } from '../src/index.js';
import { BAD_VARIANTS } from './dhcp6-bad-variants.js';
import { refusal, tempDir } from './helpers.js';
import { keaAvailable, keaCheck } from './kea-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = (folder: string): string[] => {
  const dir = join(here, 'fixtures', 'dhcp6', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
};
const accepted = [...fixtures('arm'), ...fixtures('arm-elided'), ...fixtures('examples')];
const refused = [...fixtures('arm-refused'), ...fixtures('examples-refused')];
const work = tempDir('dhcp6-oracle-');
afterAll(() => work.cleanup());

describe('Kea documentation examples (Dhcp6)', () => {
  it('has fixtures to check', () => {
    expect(accepted.length).toBeGreaterThan(80);
    expect(refused.length).toBeGreaterThan(3);
  });

  it.each(accepted.map((f) => [f.slice(here.length + 1), f]))('accepts %s', (_, file) => {
    const { model, raw } = loadDhcp6ConfigFile(file);
    expect(raw['valid-lifetime']).toBe(model.global.validLifetime.value);
  });

  it.each(refused.map((f) => [f.slice(here.length + 1), f]))('refuses %s', (_, file) => {
    expect(refusal(() => loadDhcp6ConfigFile(file)).problems.length).toBeGreaterThan(0);
  });
});

const kea = keaAvailable('Dhcp6');
if (!kea) console.warn('kea-dhcp6 (ISC Kea 2.2) is not installed: the comparison with Kea is skipped');

describe.skipIf(!kea)('agreement with ISC kea-dhcp6 -t', () => {
  it.each(accepted.map((f) => [f.slice(here.length + 1), f]))('Kea accepts %s too', (name, file) => {
    const verdict = keaCheck('Dhcp6', readFileSync(file, 'utf8'), work.dir, name);
    expect(verdict.accepted, verdict.output).toBe(true);
  });

  it.each(refused.map((f) => [f.slice(here.length + 1), f]))('Kea refuses %s too', (name, file) => {
    expect(keaCheck('Dhcp6', readFileSync(file, 'utf8'), work.dir, name).accepted).toBe(false);
  });

  it.each(BAD_VARIANTS.map((v, i) => [v.name, v, i] as const))('Kea refuses %s too', (_, variant, i) => {
    const verdict = keaCheck('Dhcp6', variant.text, work.dir, `bad-${i}`);
    expect(verdict.accepted, verdict.output).toBe(false);
  });
});
