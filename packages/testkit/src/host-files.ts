import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Host files the DHCP clients would touch if they escaped their sandbox: resolv.conf (stock
 * client scripts), dhclient's and dhcpcd's state folders, dhcpcd's run folder.
 */
export const CLIENT_HOST_PATHS = [
  '/etc/resolv.conf',
  '/etc/hostname',
  '/var/lib/dhcp',
  '/var/lib/dhcpcd',
  '/run/dhcpcd',
  '/run/dhclient6.pid',
  '/run/dhclient.pid',
  '/run/dhcrelay6.pid',
] as const;

/** What a path looked like: absent, or its kind, size, inode, mtime and (for folders) entries. */
export type HostSnapshot = Record<string, string>;

function describe(path: string): string {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch {
    return 'absent';
  }
  const kind = stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'link' : 'file';
  return `${kind} size=${stat.size} ino=${stat.ino} mtime=${stat.mtimeMs}`;
}

/** Records the paths (and, for folders, each entry one level down). */
export function snapshotHostFiles(paths: readonly string[] = CLIENT_HOST_PATHS): HostSnapshot {
  const snapshot: HostSnapshot = {};
  for (const path of paths) {
    snapshot[path] = describe(path);
    if (snapshot[path]!.startsWith('dir')) {
      let entries: string[] = [];
      try {
        entries = readdirSync(path).sort();
      } catch {
        entries = [];
      }
      for (const entry of entries) snapshot[join(path, entry)] = describe(join(path, entry));
    }
  }
  return snapshot;
}

/** Readable differences between two snapshots ([] when nothing changed). */
export function diffHostSnapshots(before: HostSnapshot, after: HostSnapshot): string[] {
  const out: string[] = [];
  for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[path] ?? 'absent';
    const b = after[path] ?? 'absent';
    if (a !== b) out.push(`${path}: ${a} -> ${b}`);
  }
  return out;
}
