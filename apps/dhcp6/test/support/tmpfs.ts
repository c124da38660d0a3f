/**
 * A small tmpfs a test mounts over one of its directories, to fill it up or remount it read-only
 * under a running server. Needs root (the tests that use it are skipped, loudly, without).
 * `unmount` is safe to call whatever happened before, and is what the test's cleanup calls.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const canMount = process.getuid?.() === 0;

export class Tmpfs {
  private mounted = false;
  private constructor(readonly dir: string) {}

  static mount(dir: string, size: string): Tmpfs {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
    const fs = new Tmpfs(dir);
    fs.mounted = true;
    return fs;
  }

  /** Writes a filler file until the file system is full; resolves with the bytes it took. */
  fill(name = 'filler'): number {
    const fd = openSync(join(this.dir, name), 'a');
    const chunk = Buffer.alloc(4096, 0x78);
    let written = 0;
    try {
      for (;;) written += writeSync(fd, chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      closeSync(fd);
    }
    return written;
  }

  /** Removes the filler: the space is free again. */
  free(name = 'filler'): void {
    rmSync(join(this.dir, name), { force: true });
  }

  /**
   * `mount -o remount,ro|rw`. Linux refuses a read-only remount (EBUSY) while any process has a
   * file on it open for writing: the error says so.
   */
  remount(mode: 'ro' | 'rw'): void {
    execFileSync('mount', ['-o', `remount,${mode}`, this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Unmounts (lazily when still busy, so that nothing is left mounted after the test). */
  unmount(): void {
    if (!this.mounted) return;
    try {
      execFileSync('umount', [this.dir], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', this.dir], { stdio: 'ignore' });
    }
    this.mounted = false;
  }
}
