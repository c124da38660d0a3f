/**
 * ISC kea-dhcp6 (with the lease_cmds and stat_cmds hooks) and Nestor's kea-dhcp6 started side by side on the
 * same Dhcp6 section, each with its own unix control socket, for differential command tests.
 * Either may be missing: ISC's when Kea is not installed (the tests skip), and a start failure
 * of either is thrown after both attempts so that stop() can still clean up what did start.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Dhcp6Process,
  type Dirs,
  LOG_TO_STDOUT,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from '../commands-support.js';
import { IscKeaDhcp6, iscKeaInstalled } from './isc-kea.js';

export class KeaAndNestor {
  kea: IscKeaDhcp6 | undefined;
  nestor: Dhcp6Process | undefined;
  readonly dirs: Dirs;

  constructor(prefix: string) {
    this.dirs = makeDirs(prefix);
  }

  async start(section: Record<string, unknown>): Promise<void> {
    const keaDir = join(this.dirs.root, 'isc');
    mkdirSync(keaDir);
    const file = writeConfig(this.dirs, 'kea-dhcp6.conf', {
      ...section,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'kea6-ctrl-socket' },
      loggers: LOG_TO_STDOUT,
    });
    const [isc, ours] = await Promise.allSettled([
      iscKeaInstalled ? IscKeaDhcp6.start(keaDir, section) : Promise.resolve(undefined),
      startDhcp6(this.dirs, file),
    ]);
    if (isc.status === 'fulfilled') this.kea = isc.value;
    if (ours.status === 'fulfilled') this.nestor = ours.value;
    for (const started of [isc, ours]) if (started.status === 'rejected') throw started.reason;
  }

  async stop(): Promise<void> {
    await Promise.all([this.kea?.stop(), this.nestor?.stop()]);
    removeDirs(this.dirs);
  }
}
