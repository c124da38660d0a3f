import { describe, expect, it } from 'vitest';
import { parseCommandLine, usageText } from '../src/cli.js';

const dhcp6 = { binary: 'kea-dhcp6', portFlags: true };
const d2 = { binary: 'kea-dhcp-ddns' };

describe('command line', () => {
  it('runs with -c, the last -c winning', () => {
    expect(parseCommandLine(['-c', 'a.conf', '-c', 'b.conf'], dhcp6)).toEqual({
      kind: 'run',
      configFile: 'b.conf',
      debug: false,
    });
  });

  it('accepts clustered flags and attached values like getopt', () => {
    expect(parseCommandLine(['-dc', 'x.conf'], dhcp6)).toEqual({
      kind: 'run',
      configFile: 'x.conf',
      debug: true,
    });
    expect(parseCommandLine(['-cx.conf', '-p1547', '-P', '1546'], dhcp6)).toEqual({
      kind: 'run',
      configFile: 'x.conf',
      debug: false,
      serverPort: 1547,
      clientPort: 1546,
    });
  });

  it('checks a file with -t, which wins over -c', () => {
    expect(parseCommandLine(['-c', 'a', '-t', 'b'], dhcp6)).toEqual({
      kind: 'check',
      configFile: 'b',
      debug: false,
    });
  });

  it.each([
    [['-v'], 'version'],
    [['-V'], 'extended-version'],
    [['-W'], 'build-report'],
    [['-v', '-c', 'x'], 'version'],
  ])('%j prints and exits (%s)', (argv, kind) => {
    expect(parseCommandLine(argv, dhcp6).kind).toBe(kind);
  });

  it.each([
    [[], /configuration file name not specified/],
    [['-x'], /Unknown option '-x'/],
    [['-c'], /argument missing/],
    [['-c', 'a', 'extra'], /extraneous command line information: extra/],
    [['-c', 'a', '-p', '0'], /between 1 and 65535/],
    [['-c', 'a', '-p', '70000'], /between 1 and 65535/],
    [['-c', 'a', '-P', 'abc'], /must be an integer/],
  ])('%j is a usage error', (argv, message) => {
    const parsed = parseCommandLine(argv, dhcp6);
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.message).toMatch(message);
  });

  it('has no -p/-P on daemons other than the DHCP server', () => {
    expect(parseCommandLine(['-c', 'a', '-p', '53'], d2).kind).toBe('usage-error');
    expect(usageText(d2)).not.toMatch(/-p number/);
    expect(usageText(dhcp6)).toMatch(/-p number: specify non-standard server port/);
  });
});
