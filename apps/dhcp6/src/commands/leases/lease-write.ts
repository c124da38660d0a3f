import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  argumentMap,
  CommandArgumentError,
  type ControlLogger,
  type JsonValue,
  type PathPolicy,
  success,
} from '@nestor/control';
import { type LeaseStore, layoutForFormat, rowFormatter } from '@nestor/leases';
import type { CommandSink } from '../command-sink.js';

/** What lease6-write needs of the server. */
export interface LeaseWriteTarget {
  store(): LeaseStore;
  /** The memfile lease file in force (undefined without one: persist false, or another backend). */
  leaseFile(): string | undefined;
  /** The lease backend's type (lease6-write serves memfile only, as Kea's). */
  backend(): string;
  /** Where the daemon may create data files. */
  policy: PathPolicy;
}

/** Beyond Kea 2.2: Kea 2.4's lease_cmds command, which Stork and operators' scripts call. */
export const LEASE6_WRITE_COMMAND = 'lease6-write';

function filenameOf(args: JsonValue | undefined): string {
  if (args === undefined) throw new CommandArgumentError('no parameters specified for the command');
  const map = argumentMap(args, 'no parameters specified for the command', 'parameters must be a map');
  const file = map.filename;
  if (file === undefined) throw new CommandArgumentError("'filename' parameter not specified");
  if (typeof file !== 'string') throw new CommandArgumentError("'filename' parameter must be a string");
  if (file === '') throw new CommandArgumentError("'filename' parameter is empty");
  return file;
}

/**
 * lease6-write: every lease in memory written to a file in Kea's lease6 CSV (Kea 2.2's
 * columns), as Kea 2.4 does it: a file already there is moved aside to `<name>.bak<pid>` first.
 * The file must lie in a directory the daemon may write data files to (a bare name goes to the
 * data directory). Unlike Kea 2.4, the lease file in use is refused rather than rewritten under
 * the running server (its appends and the lease file cleanup own it).
 */
export function registerLeaseWriteCommand(
  registry: CommandSink,
  target: LeaseWriteTarget,
  log: ControlLogger,
): void {
  registry.register(LEASE6_WRITE_COMMAND, async (args) => {
    const requested = filenameOf(args);
    if (target.backend() !== 'memfile')
      throw new CommandArgumentError(
        `lease6-write is not supported by the ${target.backend()} lease backend`,
      );
    let path: string;
    try {
      path = target.policy.resolve('data', requested);
    } catch (err) {
      throw new CommandArgumentError((err as Error).message);
    }
    const current = target.leaseFile();
    if (current !== undefined && resolve(current) === path)
      throw new CommandArgumentError(`'filename' parameter names the lease file in use (${path})`);
    const layout = layoutForFormat('kea-2.2');
    const rows = (await target.store().getAll()).map(rowFormatter(layout));
    if (existsSync(path)) await rename(path, `${path}.bak${process.pid}`);
    await writeFile(path, `${layout.header}\n${rows.join('')}`, { mode: 0o640 });
    log.info('LEASE_CMDS_WRITE6', `lease6-write command successful (${rows.length} leases into '${path}')`);
    return success(`IPv6 lease database into '${requested}'.`);
  });
}
