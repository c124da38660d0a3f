/**
 * kea-lfc's inputs ending in a row torn by a crash or power cut (no newline, cut anywhere): every
 * whole row of .2 and .1 reaches the result, nothing is glued across the two files, and each torn
 * row is counted and logged as a bad row (DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR, LFC_READ_STATS
 * errors; Kea's LFC gives up past 100 per file). A row that lacks only its newline is whole and is
 * kept. ISC's kea-lfc 2.2, when installed, gives the same result from the same files.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { binDir, runToEnd, tempDir } from './support/run.js';

const ISC_KEA_LFC = '/usr/sbin/kea-lfc';
const execFileAsync = promisify(execFile);
const lfc = join(binDir, 'kea-lfc');
const HEADER =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';
const row = (n: number, valid = 3600) =>
  `2001:db8::${n.toString(16)},01:02:${n.toString(16).padStart(2, '0')},${valid},${1_900_000_000 + valid},1,1800,0,${n},128,0,0,host-${n},,0,,,`;

/** The file set of one run in `dir`, with kea-lfc's arguments for it. */
function fileSet(dir: string) {
  mkdirSync(dir, { recursive: true });
  const name = join(dir, 'kea-leases6.csv');
  const files = {
    previous: `${name}.2`,
    copy: `${name}.1`,
    output: `${name}.output`,
    finish: `${name}.completed`,
    pid: `${name}.pid`,
  };
  const args = ['-6', '-x', files.previous, '-i', files.copy, '-o', files.output, '-f', files.finish];
  return { files, args: [...args, '-p', files.pid, '-c', 'ignored-path', '-d'] };
}

interface Case {
  name: string;
  previous: string;
  copy: string;
  /** Rows of the result, in address order. */
  result: string[];
  errors: number;
}

const CASES: Case[] = [
  {
    name: '.2 ends in a row cut in its DUID',
    previous: `${HEADER}\n${row(1)}\n${row(2)}\n${row(3).slice(0, 20)}`,
    copy: `${HEADER}\n${row(4)}\n${row(5)}\n`,
    result: [row(1), row(2), row(4), row(5)],
    errors: 1,
  },
  {
    name: '.1 ends in a row cut in its hostname',
    previous: `${HEADER}\n${row(1)}\n`,
    copy: `${HEADER}\n${row(2)}\n${row(2, 7200)}\n${row(3).slice(0, row(3).indexOf('host-') + 3)}`,
    result: [row(1), row(2, 7200)],
    errors: 1,
  },
  {
    name: 'both end torn, the second right after a comma',
    previous: `${HEADER}\n${row(1)}\n${row(6).slice(0, 9)}`,
    copy: `${HEADER}\n${row(2)}\n${row(7).slice(0, row(7).indexOf(',') + 1)}`,
    result: [row(1), row(2)],
    errors: 2,
  },
  {
    name: 'rows lacking only their newline, which are whole',
    previous: `${HEADER}\n${row(1)}\n${row(3)}`,
    copy: `${HEADER}\n${row(2)}`,
    result: [row(1), row(2), row(3)],
    errors: 0,
  },
];

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

describe('kea-lfc with torn rows at the end of its inputs', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: keeps every whole row', async (_, c) => {
    const { files, args } = fileSet(join(tempDir(), 'nestor'));
    writeFileSync(files.previous, c.previous);
    writeFileSync(files.copy, c.copy);
    const run = await runToEnd(lfc, args);
    expect(run.code).toBe(0);
    expect(lines(files.previous)).toEqual([HEADER, ...c.result, '']);
    expect(existsSync(files.copy)).toBe(false);
    expect(run.stdout.split('DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR').length - 1).toBe(c.errors);
    expect(run.stdout).toMatch(
      new RegExp(`LFC_READ_STATS Leases: \\d+, attempts: \\d+, errors: ${c.errors}\\.`),
    );
  });

  it.skipIf(!existsSync(ISC_KEA_LFC)).each(CASES.map((c) => [c.name, c] as const))(
    "%s: gives ISC kea-lfc 2.2's result",
    async (_, c) => {
      const root = tempDir();
      const ours = fileSet(join(root, 'nestor'));
      const theirs = fileSet(join(root, 'isc'));
      for (const set of [ours, theirs]) {
        writeFileSync(set.files.previous, c.previous);
        writeFileSync(set.files.copy, c.copy);
      }
      expect((await runToEnd(lfc, ours.args)).code).toBe(0);
      await execFileAsync(ISC_KEA_LFC, theirs.args, { env: { ...process.env, KEA_LOCKFILE_DIR: root } });
      expect(readFileSync(ours.files.previous, 'utf8')).toBe(readFileSync(theirs.files.previous, 'utf8'));
    },
  );
});
