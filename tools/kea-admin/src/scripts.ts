/**
 * The schema scripts kea-admin ships (scripts/<backend>/): the create script, whose routine
 * section db-upgrade re-installs, and the table steps upgrade_<from>_to_<to>.<backend>.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlBackend } from './db/connection.js';

/** The schema version each backend's create script builds: Kea 2.2's. */
export const CURRENT_SCHEMA: Record<SqlBackend, string> = { mysql: '14.0', pgsql: '13.0' };

/** scripts/ next to dist/ (or src/ when run from the sources). */
export function defaultScriptsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts');
}

export function createScriptPath(scriptsDir: string, backend: SqlBackend): string {
  return join(scriptsDir, backend, `dhcpdb_create.${backend}`);
}

export interface UpgradeStep {
  from: string;
  to: string;
  path: string;
}

function versionKey(version: string): [number, number] {
  const [major, minor] = version.split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

export function compareVersions(a: string, b: string): number {
  const [am, an] = versionKey(a);
  const [bm, bn] = versionKey(b);
  return am !== bm ? am - bm : an - bn;
}

/** "012.0" -> "12.0" */
function plainVersion(text: string): string {
  const [major, minor] = text.split('.');
  return `${Number(major)}.${Number(minor ?? 0)}`;
}

/** The upgrade steps in the directory, oldest first; undefined if the directory is unreadable. */
export async function upgradeSteps(
  scriptsDir: string,
  backend: SqlBackend,
): Promise<UpgradeStep[] | undefined> {
  const dir = join(scriptsDir, backend);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const pattern = new RegExp(`^upgrade_(\\d+\\.\\d+)_to_(\\d+\\.\\d+)\\.${backend}$`);
  const steps: UpgradeStep[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m)
      steps.push({
        from: plainVersion(m[1] as string),
        to: plainVersion(m[2] as string),
        path: join(dir, name),
      });
  }
  return steps.sort((a, b) => compareVersions(a.from, b.from));
}

const BEGIN = '-- nestor:routines-begin';
const END = '-- nestor:routines-end';

/** The routine and trigger section of a create script. */
export function routineSection(createScript: string): string {
  const begin = createScript.indexOf(BEGIN);
  const end = createScript.indexOf(END);
  if (begin === -1 || end === -1 || end < begin)
    throw new Error('the create script has no routine section markers');
  return createScript.slice(begin, end);
}

/** Names of the routines and triggers a script creates (lower case: PostgreSQL folds them). */
export function createdObjects(script: string): { routines: Set<string>; triggers: Set<string> } {
  const routines = new Set<string>();
  const triggers = new Set<string>();
  for (const m of script.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(PROCEDURE|FUNCTION|TRIGGER)\s+(\w+)/gi)) {
    ((m[1] as string).toUpperCase() === 'TRIGGER' ? triggers : routines).add((m[2] as string).toLowerCase());
  }
  return { routines, triggers };
}

/**
 * Triggers of earlier schema versions that the current one replaced under other names; an
 * upgrade removes them along with the current set.
 */
export const RETIRED_TRIGGERS = [
  'stat_lease4_insert',
  'stat_lease4_update',
  'stat_lease4_delete',
  'stat_lease6_insert',
  'stat_lease6_update',
  'stat_lease6_delete',
];

export async function readScript(path: string): Promise<string> {
  return readFile(path, 'utf8');
}
