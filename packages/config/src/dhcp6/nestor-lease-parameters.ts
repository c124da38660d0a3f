/**
 * Lease database parameters that are Nestor's own, beyond Kea 2.2: each named `nestor-...` so a
 * file using one is plainly not Kea's (ISC kea-dhcp6 refuses it as an unknown keyword). A file
 * without them means what it means to Kea.
 *
 * - `nestor-fsync` (boolean, default false): the memfile backend fdatasyncs each group of lease
 *   rows before the changes in it are acknowledged (before the REPLY leaves), so an acknowledged
 *   lease survives a power cut, not only a crash. Rows gathering while an fdatasync runs share
 *   the next one (group commit): the cost is paid per batch, not per packet.
 */
import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';

type Path = readonly (string | number)[];

export const NESTOR_FSYNC = 'nestor-fsync';

/** Fills the default of Nestor's parameters into a memfile lease database's parameters. */
export function nestorLeaseDefaults(parameters: JsonObject): void {
  parameters[NESTOR_FSYNC] ??= false;
}

/** Refuses `nestor-fsync` where there is no lease file to sync. */
export function checkNestorLeaseParameters(
  raw: JsonObject | undefined,
  path: Path,
  problems: ProblemCollector,
): void {
  if (raw?.[NESTOR_FSYNC] !== true) return;
  const at = [...path, NESTOR_FSYNC];
  const type = raw.type ?? 'memfile';
  if (type !== 'memfile')
    problems.add(
      at,
      `${NESTOR_FSYNC} applies to the memfile lease file only, not to lease-database type ${String(type)}`,
    );
  else if (raw.persist === false)
    problems.add(at, `${NESTOR_FSYNC} needs persist true: with persist false no lease file is written`);
}
