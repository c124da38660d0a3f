/**
 * No Dhcp6 parameter is accepted in silence (issue 18): the whole schema of packages/config is
 * walked, and every parameter must fall under an entry of test/parameters/parameter-uses.ts,
 * either one whose `reads` the server's code really contains (and whose key the configuration
 * builders read), or one listed as deliberately ignored with its reason. See that file for how
 * "used" is checked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dhcp6Schema } from '@nestor/config';
import { describe, expect, it } from 'vitest';
import { PARAMETER_USES, type ParameterUse } from './parameters/parameter-uses.js';
import { schemaParameters } from './parameters/schema-walk.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DEFAULT_ROOTS = ['apps/dhcp6/src'];

/** Source text with comments removed (a comment naming a field does not read it). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const sources = new Map<string, string>();
function sourceOf(root: string): string {
  let text = sources.get(root);
  if (text === undefined) {
    const parts: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) parts.push(code(readFileSync(path, 'utf8')));
      }
    };
    walk(join(ROOT, root));
    text = parts.join('\n');
    sources.set(root, text);
  }
  return text;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a token occurs in code: an identifier (or a.b chain) as a whole word, a quoted key as written. */
function occurs(token: string, text: string): boolean {
  if (token.startsWith("'")) return text.includes(token) || text.includes(`"${token.slice(1, -1)}"`);
  return new RegExp(`(?<![\\w$])${escapeRegExp(token)}(?![\\w$])`).test(text);
}

/** Whether a pattern covers a schema path: a suffix at a segment boundary, or a prefix ending `.*`. */
function covers(pattern: string, path: string): boolean {
  if (pattern.endsWith('.*')) {
    const stem = `${pattern.slice(0, -2)}.`;
    return path.startsWith(stem) || path.includes(`.${stem}`);
  }
  return path === pattern || path.endsWith(`.${pattern}`) || path.endsWith(`].${pattern}`);
}

function entryFor(path: string): ParameterUse | undefined {
  let best: ParameterUse | undefined;
  for (const entry of PARAMETER_USES)
    if (covers(entry.pattern, path) && (!best || entry.pattern.length > best.pattern.length)) best = entry;
  return best;
}

const lastKey = (path: string): string => path.split('.').pop()!.replace(/\[\]$/, '');

describe('every Dhcp6 parameter is used by the server or listed as ignored with its reason', () => {
  const paths = schemaParameters(dhcp6Schema);

  it('walks the whole schema', () => {
    // The walk reaches every scope: global, shared network, its subnets, pools, reservations.
    expect(paths).toContain('shared-networks[].subnet6[].pd-pools[].delegated-len');
    expect(paths).toContain('subnet6[].reservations[].prefixes');
    expect(paths).toContain('dhcp-queue-control.capacity');
    expect(paths.length).toBeGreaterThan(400);
  });

  it('each parameter falls under an entry', () => {
    const uncovered = paths.filter((p) => !entryFor(p));
    expect(uncovered, 'parameters with no entry in parameter-uses.ts').toEqual([]);
  });

  it('each used parameter is read by the server, and its key by the configuration builders', () => {
    const problems: string[] = [];
    const builders = sourceOf('packages/config/src');
    for (const path of paths) {
      const entry = entryFor(path);
      if (!entry || !('reads' in entry)) continue;
      const roots = entry.in ?? DEFAULT_ROOTS;
      for (const token of entry.reads)
        if (!roots.some((root) => occurs(token, sourceOf(root))))
          problems.push(`${path}: '${token}' is not read in ${roots.join(', ')}`);
      if (!entry.passedWhole && !occurs(`'${lastKey(path)}'`, builders) && !occurs(lastKey(path), builders))
        problems.push(`${path}: the configuration builders never read '${lastKey(path)}'`);
    }
    expect(problems).toEqual([]);
  });

  it('each ignored parameter says why, and no entry is stale', () => {
    for (const entry of PARAMETER_USES)
      if ('ignored' in entry) expect(entry.ignored.length, entry.pattern).toBeGreaterThan(20);
    const stale = PARAMETER_USES.filter((e) => !paths.some((p) => covers(e.pattern, p))).map(
      (e) => e.pattern,
    );
    expect(stale, 'entries that match no schema parameter').toEqual([]);
  });

  it('the check would catch a parameter nobody reads', () => {
    expect(occurs('noSuchFieldAnywhere', sourceOf('apps/dhcp6/src'))).toBe(false);
    expect(entryFor('subnet6[].a-parameter-added-tomorrow')).toBeUndefined();
  });
});
