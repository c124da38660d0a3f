import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_HOST_PATHS, diffHostSnapshots, snapshotHostFiles } from '../src/host-files.js';

const dir = mkdtempSync(join(tmpdir(), 'testkit-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('host file snapshots', () => {
  it('covers the files the clients would touch', () => {
    expect(CLIENT_HOST_PATHS).toEqual(
      expect.arrayContaining(['/etc/resolv.conf', '/var/lib/dhcp', '/var/lib/dhcpcd']),
    );
  });

  it('sees files written, created and removed, in a folder and one level down', async () => {
    const file = join(dir, 'resolv.conf');
    const folder = join(dir, 'state');
    writeFileSync(file, 'nameserver ::1\n');
    mkdirSync(folder);
    writeFileSync(join(folder, 'old'), 'x');
    const paths = [file, folder, join(dir, 'absent')];
    const before = snapshotHostFiles(paths);
    expect(diffHostSnapshots(before, snapshotHostFiles(paths))).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, 'nameserver 2001:db8::53\n');
    writeFileSync(join(folder, 'new.lease'), 'lease');
    rmSync(join(folder, 'old'));
    const changes = diffHostSnapshots(before, snapshotHostFiles(paths));
    expect(changes.some((c) => c.startsWith(`${file}: file`))).toBe(true);
    expect(changes.find((c) => c.startsWith(join(folder, 'new.lease')))).toMatch(/: absent -> file size=5 /);
    expect(changes.some((c) => c.startsWith(`${join(folder, 'old')}: file`) && c.endsWith('-> absent'))).toBe(
      true,
    );
  });
});
