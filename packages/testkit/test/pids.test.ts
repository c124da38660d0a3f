import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, netnsInodeOf, readPidFile, stopPids } from '../src/pids.js';

const dir = mkdtempSync(join(tmpdir(), 'testkit-pids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startNode(code: string) {
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { pid: child.pid!, exited };
}

describe('pids', () => {
  it('knows a live process from a missing one, and our own netns', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(-1)).toBe(false);
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
    expect(netnsInodeOf(process.pid)).toBeGreaterThan(0);
    expect(netnsInodeOf(2 ** 22 + 12345)).toBeUndefined();
  });

  it('reads pid files, refusing empty or junk ones', () => {
    writeFileSync(join(dir, 'good.pid'), '1234\n');
    writeFileSync(join(dir, 'empty.pid'), '');
    writeFileSync(join(dir, 'junk.pid'), 'none');
    expect(readPidFile(join(dir, 'good.pid'))).toBe(1234);
    expect(readPidFile(join(dir, 'empty.pid'))).toBeUndefined();
    expect(readPidFile(join(dir, 'junk.pid'))).toBeUndefined();
    expect(readPidFile(join(dir, 'absent.pid'))).toBeUndefined();
  });

  it('stops a process with SIGTERM', async () => {
    const p = startNode('setInterval(() => {}, 1000)');
    await new Promise((r) => setTimeout(r, 100));
    expect(await stopPids([p.pid], 3_000)).toEqual([]);
    await p.exited;
    expect(isAlive(p.pid)).toBe(false);
  });

  it('escalates to SIGKILL when SIGTERM is ignored, within its bound', async () => {
    const p = startNode('process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)');
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    expect(await stopPids([p.pid], 300)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_500);
    await p.exited;
  });

  it('returns at once for pids that are already gone', async () => {
    const started = Date.now();
    expect(await stopPids([2 ** 22 + 12345], 5_000)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
