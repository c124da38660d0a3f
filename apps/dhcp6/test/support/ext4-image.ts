/**
 * A small ext4 file system in an image file, loop-mounted over a test's directory with
 * errors=remount-ro, and a way to make the kernel hit an "error" on it (ext4's trigger_fs_error):
 * the kernel then remounts it read-only under whoever is writing, as it does on a failing disk.
 * Linux keeps such a file system read-only until it is unmounted and mounted again. Needs root,
 * mkfs.ext4 and loop devices; `available` says whether this machine has them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';

export const ext4Available =
  process.getuid?.() === 0 &&
  existsSync('/sbin/mkfs.ext4') &&
  existsSync('/dev/loop-control') &&
  existsSync('/sys/fs/ext4');

export class Ext4Image {
  private mounted = false;
  private constructor(
    readonly image: string,
    readonly dir: string,
  ) {}

  /** Makes an image of `megabytes` and mounts it over `dir`. */
  static create(image: string, dir: string, megabytes = 8): Ext4Image {
    execFileSync('truncate', ['-s', `${megabytes}M`, image]);
    // No journal: an error then only makes the file system read-only (no aborted journal).
    execFileSync('mkfs.ext4', ['-q', '-F', '-O', '^has_journal', image]);
    const fs = new Ext4Image(image, dir);
    fs.mount();
    return fs;
  }

  mount(): void {
    execFileSync('mount', ['-o', 'loop,errors=remount-ro', this.image, this.dir]);
    this.mounted = true;
  }

  /** What the kernel does on a metadata error: remount read-only, writers or not. */
  failToReadOnly(): void {
    const device = execFileSync('findmnt', ['-n', '-o', 'SOURCE', this.dir], { encoding: 'utf8' }).trim();
    execFileSync('sh', ['-c', `echo 1 > /sys/fs/ext4/${basename(device)}/trigger_fs_error`]);
  }

  /**
   * Unmounts; throws (EBUSY) while some process holds a file on it open. Returns once the loop
   * device is gone: mounted again before that, the image can get the old (read-only) superblock
   * back.
   */
  unmount(): void {
    execFileSync('umount', [this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.mounted = false;
    const deadline = Date.now() + 5_000;
    while (execFileSync('losetup', ['-j', this.image], { encoding: 'utf8' }).trim() !== '') {
      if (Date.now() > deadline) throw new Error(`the loop device of ${this.image} stays attached`);
      execFileSync('sleep', ['0.05']);
    }
  }

  /** The mount options in force now. */
  options(): string {
    return execFileSync('findmnt', ['-n', '-o', 'OPTIONS', this.dir], { encoding: 'utf8' }).trim();
  }

  /** For cleanup: unmounts whatever happened (lazily if still busy). */
  release(): void {
    if (!this.mounted) return;
    try {
      execFileSync('umount', [this.dir], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', this.dir], { stdio: 'ignore' });
    }
    this.mounted = false;
  }
}
