import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binDir, runToEnd, tempDir } from './support/run.js';

const lfc = join(binDir, 'kea-lfc');
const HEADER =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';

function fileSet() {
  const name = join(tempDir(), 'kea-leases6.csv');
  const files = {
    previous: `${name}.2`,
    copy: `${name}.1`,
    output: `${name}.output`,
    finish: `${name}.completed`,
    pid: `${name}.pid`,
  };
  const args = [
    '-6',
    '-x',
    files.previous,
    '-i',
    files.copy,
    '-o',
    files.output,
    '-f',
    files.finish,
    '-p',
    files.pid,
    '-c',
    'ignored-path',
  ];
  return { files, args };
}

const write = (file: string, rows: string[]) => writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('kea-lfc process', () => {
  it('merges .2 and .1 into .2 and removes everything else, logging as Kea with -d', async () => {
    const { files, args } = fileSet();
    write(files.previous, [
      '2001:db8::3,01:02,3600,1900000000,1,1800,0,3,128,0,0,old,,0,,,',
      '2001:db8::1,01:02,3600,1700000000,1,1800,0,1,128,0,0,,,2,,,',
      '2001:db8::2,01:02,3600,1900000000,1,1800,0,2,128,0,0,,,0,,,',
    ]);
    write(files.copy, [
      '2001:db8::2,01:02,0,1896400000,1,0,0,2,128,0,0,,,0,,,',
      '2001:db8::3,01:02,7200,1900003600,1,1800,0,3,128,1,0,new&#x2c1,,0,{ "a": 1 },,',
      'not a lease',
    ]);
    const run = await runToEnd(lfc, [...args, '-d']);
    expect(run.code).toBe(0);
    expect(lines(files.previous)).toEqual([
      HEADER,
      '2001:db8::1,01:02,3600,1700000000,1,1800,0,1,128,0,0,,,2,,,',
      '2001:db8::3,01:02,7200,1900003600,1,1800,0,3,128,1,0,new&#x2c1,,0,{ "a": 1 },,',
    ]);
    for (const gone of [files.copy, files.output, files.finish, files.pid])
      expect(existsSync(gone)).toBe(false);
    const ids = [...run.stdout.matchAll(/ (LFC_\w+|DHCPSRV_\w+) /g)].map((m) => m[1]);
    expect(ids).toEqual([
      'LFC_START',
      'LFC_PROCESSING',
      'DHCPSRV_MEMFILE_LEASE_FILE_LOAD',
      'DHCPSRV_MEMFILE_LEASE_FILE_LOAD',
      'DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR',
      'LFC_READ_STATS',
      'LFC_WRITE_STATS',
      'LFC_ROTATING',
      'LFC_TERMINATE',
    ]);
    expect(run.stdout).toContain('INFO  [DhcpLFC/');
    expect(run.stdout).toContain('ERROR [DhcpLFC.dhcpsrv/');
    expect(run.stdout).toContain('LFC_READ_STATS Leases: 5, attempts: 6, errors: 1.');
  });

  it('refuses to run while its pid file names a live process, touching nothing', async () => {
    const { files, args } = fileSet();
    write(files.copy, ['2001:db8::1,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,']);
    writeFileSync(files.pid, `${process.pid}\n`); // this test runner: certainly alive
    const run = await runToEnd(lfc, [...args, '-d']);
    expect(run.code).toBe(0); // as Kea: the refusal is logged, not an error exit
    expect(run.stdout).toMatch(/FATAL \[DhcpLFC\/\d+\.\d+\] LFC_RUNNING LFC instance already running/);
    expect(existsSync(files.previous)).toBe(false);
    expect(lines(files.copy)).toHaveLength(2);
    expect(readFileSync(files.pid, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over a stale pid file', async () => {
    const { files, args } = fileSet();
    write(files.copy, ['2001:db8::1,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,']);
    writeFileSync(files.pid, '999999999\n');
    const run = await runToEnd(lfc, [...args, '-d']);
    expect(run.code).toBe(0);
    expect(lines(files.previous)).toHaveLength(2);
    expect(existsSync(files.pid)).toBe(false);
  });

  it('finishes a cleanup that stopped after writing .completed, without merging again', async () => {
    const { files, args } = fileSet();
    write(files.finish, ['2001:db8::9,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,']);
    writeFileSync(files.previous, 'the old .2, already merged into .completed\n');
    writeFileSync(files.copy, 'the old .1, already merged into .completed\n');
    const run = await runToEnd(lfc, [...args, '-d']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('LFC_PROCESSING');
    expect(run.stdout).toContain('LFC_ROTATING');
    expect(lines(files.previous)).toEqual([HEADER, '2001:db8::9,01,10,1900000000,1,5,0,2,128,0,0,,,0,,,']);
    expect(existsSync(files.copy)).toBe(false);
    expect(existsSync(files.finish)).toBe(false);
  });

  it('leaves the files for a later run when the merge fails', async () => {
    const { files, args } = fileSet();
    write(files.copy, Array(101).fill('bad'));
    const run = await runToEnd(lfc, [...args, '-d']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/FATAL .*LFC_FAIL_PROCESS .*exceeded maximum number of failures 100/);
    expect(run.stdout).not.toContain('LFC_ROTATING');
    expect(lines(files.copy)).toHaveLength(102);
    expect(existsSync(files.pid)).toBe(false);
  });

  it('logs where KEA_LOGGER_DESTINATION says', async () => {
    const { files, args } = fileSet();
    const logFile = `${files.previous}.log`;
    const run = await runToEnd(lfc, args, { env: { KEA_LOGGER_DESTINATION: logFile } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(logFile, 'utf8')).toContain('LFC_TERMINATE LFC finished processing');
  });

  it("prints Kea's usage on a bad command line and exits 1; -h, -v, -V, -W exit 0", async () => {
    const bad = await runToEnd(lfc, ['-6', '-x', 'a']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^Usage error: PID file not specified\nUsage: kea-lfc\n \[-4\|-6\] -p file -x file/,
    );
    expect(bad.stderr).toContain('Service failed: PID file not specified');
    const v4 = await runToEnd(lfc, ['-4', '-x', 'a', '-i', 'b', '-o', 'c', '-f', 'd', '-p', 'e', '-c', 'f']);
    expect(v4.code).toBe(1);
    expect(v4.stderr).toContain('only DHCPv6 lease files (-6) are supported');
    const help = await runToEnd(lfc, ['-h']);
    expect(help.code).toBe(0);
    expect(help.stderr).toMatch(/^Usage: kea-lfc/);
    const version = await runToEnd(lfc, ['-v']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const extended = await runToEnd(lfc, ['-V']);
    expect(extended.stdout).toMatch(/^\d+\.\d+\.\d+\nnestor\nlinked with:\nNode\.js v\d+/);
    expect(extended.stdout).toContain('database: Memfile backend');
    const report = await runToEnd(lfc, ['-W']);
    expect(report).toMatchObject({ code: 0, stdout: expect.stringContaining('Nestor build report') });
  });
});
