/**
 * The daemons' command line under fuzzing: any argument list is a run, a check, a print or a
 * usage error with a message (never an exception, which would escape before logging is up).
 * The property run count scales with NESTOR_FUZZ_SCALE.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/index.js';

const runs = (base: number): number =>
  Math.round(base * Math.max(1, Number(process.env.NESTOR_FUZZ_SCALE ?? 1) || 1));

describe('parseCommandLine under fuzzing', () => {
  it('answers any argv with a command line or a usage error', () => {
    const word = fc.oneof(
      fc.constantFrom(
        '-c',
        '-t',
        '-p',
        '-P',
        '-d',
        '-v',
        '-V',
        '-W',
        '-dc',
        '-cfile',
        '-p0',
        '-p65536',
        '--',
        '-',
      ),
      fc.constantFrom('file.conf', '547', '-1', '1e3', '0x10', ' 5', '', 'NaN', '99999999999999999999'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), fc.boolean(), (argv, portFlags) => {
        const parsed = parseCommandLine(argv, { binary: 'kea-dhcp6', portFlags });
        if (parsed.kind === 'usage-error') expect(parsed.message.length).toBeGreaterThan(0);
        if (parsed.kind === 'run') {
          expect(parsed.configFile.length).toBeGreaterThan(0);
          for (const port of [parsed.serverPort, parsed.clientPort]) {
            if (port !== undefined) expect(Number.isInteger(port) && port >= 1 && port <= 65535).toBe(true);
          }
        }
      }),
      { numRuns: runs(3000) },
    );
  });
});
