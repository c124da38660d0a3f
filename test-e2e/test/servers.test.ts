import { join } from 'node:path';
import { repoRoot } from '@nestor/testkit';
import { describe, expect, it } from 'vitest';
import { kea, nestor, serversFor, variantTitle, waitsForServer } from '../src/servers.js';

describe('servers under test', () => {
  it('names ISC Kea by its absolute path and Nestor by the repository launcher', () => {
    expect(kea.argv).toEqual(['/usr/sbin/kea-dhcp6']);
    expect(nestor.argv).toEqual([join(repoRoot, 'bin', 'kea-dhcp6')]);
  });

  it('keeps a pending variant in the list, skipped with its reason in the title', () => {
    const pending = waitsForServer(nestor);
    expect(pending.pending).toBe('apps/dhcp6 does not answer clients yet');
    expect(nestor.pending).toBeUndefined();
    expect(variantTitle('scenario A', pending)).toBe(
      'scenario A against Nestor (skipped: apps/dhcp6 does not answer clients yet)',
    );
    expect(variantTitle('scenario A', kea)).toBe('scenario A against ISC Kea 2.2');
  });

  it('NESTOR_E2E_SERVER replaces the suite list with one enabled command', () => {
    const list = [kea, waitsForServer(nestor)];
    expect(serversFor(list, {})).toEqual(list);
    expect(serversFor(list, { NESTOR_E2E_SERVER: '  ' })).toEqual(list);
    expect(serversFor(list, { NESTOR_E2E_SERVER: 'bin/kea-dhcp6' })).toEqual([
      { id: 'custom', label: 'NESTOR_E2E_SERVER=bin/kea-dhcp6', argv: [join(repoRoot, 'bin/kea-dhcp6')] },
    ]);
  });
});
