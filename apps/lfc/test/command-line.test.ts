import { describe, expect, it } from 'vitest';
import { parseLfcCommandLine } from '../src/index.js';

const full = [
  '-6',
  '-x',
  'f.2',
  '-i',
  'f.1',
  '-o',
  'f.output',
  '-f',
  'f.completed',
  '-p',
  'f.pid',
  '-c',
  'cfg',
];

describe("kea-lfc's command line", () => {
  it("reads the server's arguments", () => {
    expect(parseLfcCommandLine(full)).toEqual({
      kind: 'run',
      protocol: 6,
      previous: 'f.2',
      copy: 'f.1',
      output: 'f.output',
      finish: 'f.completed',
      pidFile: 'f.pid',
      configFile: 'cfg',
      debug: false,
    });
  });

  it('takes clustered flags, attached values, and the last of repeated options, as getopt', () => {
    const run = parseLfcCommandLine([
      '-4d6',
      '-xf.2',
      '-i',
      'a',
      '-i',
      'f.1',
      '-of.output',
      '-f',
      'f.completed',
      '-pf.pid',
      '-c',
      'cfg',
    ]);
    expect(run).toMatchObject({
      kind: 'run',
      protocol: 6,
      debug: true,
      previous: 'f.2',
      copy: 'f.1',
      pidFile: 'f.pid',
    });
    expect(parseLfcCommandLine([...full, '-4'])).toMatchObject({ protocol: 4 });
  });

  it.each([
    [['-x', 'a'], 'DHCP version required'],
    [full.filter((a) => a !== '-p' && a !== 'f.pid'), 'PID file not specified'],
    [full.filter((a) => a !== '-x' && a !== 'f.2'), 'Previous file not specified'],
    [full.filter((a) => a !== '-i' && a !== 'f.1'), 'Copy file not specified'],
    [full.filter((a) => a !== '-o' && a !== 'f.output'), 'Output file not specified'],
    [full.filter((a) => a !== '-f' && a !== 'f.completed'), 'Finish file not specified'],
    [full.filter((a) => a !== '-c' && a !== 'cfg'), 'Config file not specified'],
    [[...full, 'extra'], 'Extraneous parameters.'],
    [['-q'], 'Unknown argument'],
    [['-6', '-x'], 'Missing option argument'],
  ])('refuses %j: %s', (argv, message) => {
    expect(parseLfcCommandLine(argv)).toEqual({ kind: 'usage-error', message });
  });

  it('answers -h, -v, -V and -W before anything else', () => {
    expect(parseLfcCommandLine(['-h'])).toEqual({ kind: 'help' });
    expect(parseLfcCommandLine(['-v'])).toEqual({ kind: 'version' });
    expect(parseLfcCommandLine(['-V', '-x', 'a'])).toEqual({ kind: 'extended-version' });
    expect(parseLfcCommandLine(['-W'])).toEqual({ kind: 'build-report' });
  });
});
