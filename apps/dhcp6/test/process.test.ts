import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, RunningProgram, runToEnd } from '@nestor/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const kea = binPath('kea-dhcp6');
const dir = mkdtempSync(join(tmpdir(), 'dhcp6-process-'));
// The reloaded file logs into dir: the path policy accepts log files only where KEA_LOG_FILE_DIR says.
const env = { KEA_PIDFILE_DIR: dir, KEA_DHCP_DATA_DIR: join(dir, 'data'), KEA_LOG_FILE_DIR: dir };
const started: RunningProgram[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal valid configuration whose log goes to stdout, as Kea's default. */
function writeConfig(name: string, extra = ''): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `// comment as Kea allows
{ "Dhcp6": { ${extra}
    "loggers": [ { "name": "kea-dhcp6", "severity": "INFO", "output_options": [ { "output": "stdout" } ] } ] } }
`,
  );
  return file;
}

function start(config: string): RunningProgram {
  const program = new RunningProgram(kea, ['-c', config], env);
  started.push(program);
  return program;
}

describe('kea-dhcp6 process', () => {
  it('-v prints the version and exits 0; -V adds what it is linked with', async () => {
    const version = await runToEnd(kea, ['-v']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const extended = await runToEnd(kea, ['-V']);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toMatch(/linked with:\nNode\.js v\d+/);
    const report = await runToEnd(kea, ['-W']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/Install prefix: \//);
  });

  it('an unknown flag or a missing -c prints usage to stderr and exits 1', async () => {
    for (const args of [['-q'], []]) {
      const result = await runToEnd(kea, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Usage: kea-dhcp6 -\[v\|V\|W\] \[-d\] \[-\{c\|t\} cfgfile\] \[-p number\] \[-P number\]/,
      );
      expect(result.stdout).toBe('');
    }
  });

  it('-t exits 0 for a valid file and 1, naming file and line, for an invalid one', async () => {
    const good = await runToEnd(kea, ['-t', writeConfig('good.json')]);
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('Syntax check OK\n');
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, '{ "Dhcp6": {\n  "valid-lifetime": 4000\n  "preferred-lifetime": 3000 } }\n');
    const bad = await runToEnd(kea, ['-t', badFile]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`(${badFile}:3): expected ',' or '}'`);
  });

  it('writes its pid file, refuses a second copy, takes over a stale file, removes it on SIGTERM', async () => {
    const config = writeConfig('kea-dhcp6.conf');
    const pidFile = join(dir, 'kea-dhcp6.kea-dhcp6.pid');
    writeFileSync(pidFile, '999999\n'); // stale: no such process
    const first = start(config);
    await first.waitFor(/DHCP6_STARTED/);
    expect(readFileSync(pidFile, 'utf8')).toBe(`${first.pid}\n`);

    const second = await runToEnd(kea, ['-c', config], env);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(
      /FATAL \[kea-dhcp6\.dhcp6\/\d+\.\d+\] DHCP6_ALREADY_RUNNING kea-dhcp6 already running\? pid \d+/,
    );
    expect(first.running).toBe(true);

    const finished = await first.stop();
    expect(finished.code).toBe(0);
    expect(first.output).toMatch(/DHCP6_SHUTDOWN_REQUEST shutdown of server requested: received SIGTERM/);
    expect(first.output).toMatch(/DHCP6_SHUTDOWN server shutdown/);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('SIGINT stops gracefully too', async () => {
    const program = start(writeConfig('sigint.conf'));
    await program.waitFor(/DHCP6_STARTED/);
    program.signal('SIGINT');
    expect((await program.exited).code).toBe(0);
    expect(program.output).toMatch(/received SIGINT/);
    expect(existsSync(join(dir, 'sigint.kea-dhcp6.pid'))).toBe(false);
  });

  it('SIGHUP with a bad file keeps the running configuration; with a good one it applies it', async () => {
    const config = writeConfig('reload.conf');
    const program = start(config);
    await program.waitFor(/DHCP6_STARTED/);

    writeFileSync(config, '{ "Dhcp6": { "valid-lifetime": } }');
    program.signal('SIGHUP');
    await program.waitFor(/DHCP6_DYNAMIC_RECONFIGURATION_FAIL/);
    expect(program.output).toMatch(/reload\.conf:1\)/);
    expect(program.running).toBe(true);

    // The new file moves the log to a file: proof that the new configuration took effect.
    const logFile = join(dir, 'reloaded.log');
    writeFileSync(
      config,
      JSON.stringify({
        Dhcp6: { loggers: [{ name: 'kea-dhcp6', severity: 'DEBUG', output_options: [{ output: logFile }] }] },
      }),
    );
    program.signal('SIGHUP');
    const logged = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
    for (let i = 0; i < 200 && !/DHCP6_DYNAMIC_RECONFIGURATION_SUCCESS/.test(logged()); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(logged()).toMatch(/DHCP6_DYNAMIC_RECONFIGURATION_SUCCESS/);
    expect((await program.stop()).code).toBe(0);
    expect(logged()).toMatch(/DHCP6_SHUTDOWN server shutdown/);
    expect(program.output).not.toMatch(/DHCP6_SHUTDOWN server shutdown/);
  });

  it('refuses to start on an invalid configuration, exiting 1', async () => {
    const file = join(dir, 'broken.conf');
    writeFileSync(file, '{ "Dhcp4": {} }');
    const result = await runToEnd(kea, ['-c', file], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/DHCP6_CONFIG_LOAD_FAIL .*missing 'Dhcp6' object/);
  });
});
