import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pidFilePath } from '../src/paths.js';
import { PidFile, processIsAlive } from '../src/pidfile.js';

const dir = mkdtempSync(join(tmpdir(), 'pidfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pid file', () => {
  it('is named [dir]/[config stem].[process].pid, KEA_PIDFILE_DIR first', () => {
    expect(pidFilePath('/etc/kea/kea-dhcp6.conf', 'kea-dhcp6', { KEA_PIDFILE_DIR: '/run/x' })).toBe(
      '/run/x/kea-dhcp6.kea-dhcp6.pid',
    );
    expect(pidFilePath('my.server.json', 'kea-dhcp6', { KEA_PIDFILE_DIR: '/r' })).toBe(
      '/r/my.server.kea-dhcp6.pid',
    );
    expect(pidFilePath('noext', 'kea-lfc', { KEA_PIDFILE_DIR: '/r' })).toBe('/r/noext.kea-lfc.pid');
    expect(pidFilePath('/a/k.conf', 'kea-dhcp6', {})).toMatch(/\/var\/run\/kea\/k\.kea-dhcp6\.pid$/);
  });

  it('writes our pid, creating its directory, and removes only its own file', () => {
    const file = new PidFile(join(dir, 'sub', 'a.pid'));
    file.write();
    expect(readFileSync(file.path, 'utf8')).toBe(`${process.pid}\n`);
    expect(file.livePid()).toBeUndefined(); // naming ourselves is not "another copy"
    writeFileSync(file.path, '1\n');
    file.remove();
    expect(existsSync(file.path)).toBe(true); // a successor's file stays
    writeFileSync(file.path, `${process.pid}\n`);
    file.remove();
    expect(existsSync(file.path)).toBe(false);
  });

  it('reports a live process and ignores a stale or garbled file', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      const file = new PidFile(join(dir, 'live.pid'));
      writeFileSync(file.path, `${child.pid}\n`);
      expect(file.livePid()).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const stale = new PidFile(join(dir, 'stale.pid'));
    writeFileSync(stale.path, `${child.pid}\n`);
    expect(stale.livePid()).toBeUndefined();
    writeFileSync(stale.path, 'not a pid');
    expect(stale.livePid()).toBeUndefined();
    expect(processIsAlive(0)).toBe(false);
    expect(processIsAlive(-5)).toBe(false);
  });
});

describe('liveness', () => {
  it('does not count a zombie (exited, unreaped) as alive', async () => {
    // After exec, `sleep 5` is the parent of the short sleep and never reaps it: a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 5'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const child = await new Promise<number>((resolve) =>
        parent.stdout.once('data', (d: Buffer) => resolve(Number.parseInt(d.toString(), 10))),
      );
      expect(processIsAlive(child)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(`/proc/${child}/stat`, 'utf8')).toMatch(/\) Z /);
      expect(processIsAlive(child)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      await new Promise((resolve) => parent.once('exit', resolve));
    }
  });
});
