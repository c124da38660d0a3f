/**
 * The argument parser under random command lines (fast-check): it never throws, always ends in
 * a run, the version or a Kea error message; and on command lines that reach no database
 * (memfile, or a parse error), Nestor's kea-admin and ISC's give the same exit status and the
 * same first line.
 */

import { fuzzRuns } from '@nestor/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS, COMMANDS, parseAdminArgs } from '../src/index.js';
import { adminVersion } from '../src/version.js';
import { iscAdmin, nestorInProcess } from './helpers.js';

const OPTIONS = [
  '-h',
  '--host',
  '-P',
  '--port',
  '-u',
  '--user',
  '-p',
  '--password',
  '-n',
  '--name',
  '-d',
  '--directory',
  '-4',
  '-6',
  '-i',
  '--input',
  '-o',
  '--output',
  '-x',
  '--extra',
  '-y',
  '--yes',
  '-v',
  '--version',
];
const word = fc.oneof(
  fc.constantFrom(
    ...OPTIONS,
    ...COMMANDS,
    ...BACKENDS,
    '',
    '-',
    '--',
    '-z',
    'db',
    '127.0.0.1',
    '5432',
    '/tmp/x.csv',
  ),
  fc.string({ maxLength: 8 }),
);
const KNOWN_ERRORS = [
  /^missing command$/,
  /^invalid command: /,
  /^missing backend$/,
  /^invalid backend: /,
  /^invalid option: /,
  /^-\S or --\S+ requires a parameter$/,
  /^you may not specify both -4 and -6$/,
];

describe('parseAdminArgs', () => {
  it('parses the documented options', () => {
    const parsed = parseAdminArgs([
      'lease-dump',
      'pgsql',
      '-6',
      '-o',
      'out.csv',
      '-h',
      'db',
      '-P',
      '5433',
      '-u',
      'k',
      '-p',
      's',
      '-n',
      'kea',
      '-x',
      '--port=1',
      '-x',
      '--host=/run',
      '-y',
    ]);
    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        command: 'lease-dump',
        backend: 'pgsql',
        dhcpVersion: 6,
        outputFile: 'out.csv',
        host: 'db',
        port: '5433',
        user: 'k',
        password: 's',
        name: 'kea',
        extra: '--port=1 --host=/run',
        assumeYes: true,
      },
    });
    expect(parseAdminArgs(['-v'])).toEqual({ kind: 'version' });
    expect(parseAdminArgs(['db-version', 'mysql', '-p'])).toMatchObject({
      kind: 'run',
      options: { passwordPrompt: true },
    });
  });

  it("never throws, and every error is one of Kea's", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), (argv) => {
        const parsed = parseAdminArgs(argv);
        if (parsed.kind === 'error')
          expect(
            KNOWN_ERRORS.some((re) => re.test(parsed.message)),
            parsed.message,
          ).toBe(true);
        else expect(['run', 'version']).toContain(parsed.kind);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it("agrees with ISC's kea-admin where no database is involved", async () => {
    // A command, a backend that touches no database (or none), then random words.
    const argvs = fc.tuple(
      fc.oneof(fc.constantFrom(...COMMANDS), word),
      fc.oneof(
        fc.constant('memfile'),
        word.filter((w) => w !== 'mysql' && w !== 'pgsql'),
      ),
      fc.array(word, { maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(argvs, async ([command, backend, rest]) => {
        const argv = [command, backend, ...rest];
        const isc = await iscAdmin(argv, { KEA_ADMIN_DB_PASSWORD: undefined });
        const nestor = await nestorInProcess(argv);
        const first = (t: string) => t.split('\n').find((l) => l.trim() !== '') ?? '';
        // -v prints each program's own version (Nestor's release, not Kea's 2.2.0).
        const expected = first(isc.stdout) === '2.2.0' ? adminVersion() : first(isc.stdout);
        expect([nestor.code, first(nestor.stdout)], JSON.stringify(argv)).toEqual([isc.code, expected]);
      }),
      { numRuns: fuzzRuns(40) },
    );
  }, 120_000);
});
