import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { daemonEnv, type RunningProgram, runToEnd } from '@nestor/testkit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { viaUnix } from './support/channels.js';
import { D2_BIN, makeDirs, STDOUT_LOGGERS, startD2, writeConfig } from './support/d2.js';

const dirs = makeDirs('d2-process-');
const env = daemonEnv(dirs);
const started: RunningProgram[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(() => rmSync(dirs.root, { recursive: true, force: true }));

/** Binds a UDP port on 127.0.0.1 and lets it go: fails if another process holds it. */
function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

describe('kea-dhcp-ddns flags', () => {
  it('-v prints the version, -V what it is linked with, -W the build report; each exits 0', async () => {
    const version = await runToEnd(D2_BIN, ['-v']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const extended = await runToEnd(D2_BIN, ['-V']);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toMatch(/^\d+\.\d+\.\d+\nnestor\nlinked with:\nNode\.js v\d+/);
    const report = await runToEnd(D2_BIN, ['-W']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^Nestor build report\n[\s\S]*Install prefix: \//);
  });

  it('an unknown flag, a stray argument or a missing -c prints usage to stderr and exits 1', async () => {
    for (const args of [['-x'], ['-c', 'a.conf', 'extra'], []]) {
      const result = await runToEnd(D2_BIN, args);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^kea-dhcp-ddns: .+\nUsage: kea-dhcp-ddns -\[v\|V\|W\] \[-d\] \[-\{c\|t\} cfgfile\]\n/,
      );
      // D2 has no -p / -P, as Kea's.
      expect(result.stderr).not.toMatch(/-p number/);
    }
    expect((await runToEnd(D2_BIN, ['-p', '1', '-c', 'x'])).stderr).toMatch(/Unknown option '-p'/);
  });

  it('-t says "Syntax check OK" for a good file, Kea 2 or Kea 3 control sockets alike', async () => {
    const kea2 = writeConfig(dirs, 'check-kea2.conf', {
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'd2-socket' },
      'tsig-keys': [{ name: 'key.example', algorithm: 'HMAC-SHA256', secret: 'LSWXnfkKZjdPJI5QxlpnfQ==' }],
      'forward-ddns': {
        'ddns-domains': [
          { name: 'example.com.', 'key-name': 'key.example', 'dns-servers': [{ 'ip-address': '127.0.0.1' }] },
        ],
      },
    });
    const kea3 = writeConfig(dirs, 'check-kea3.conf', {
      'control-sockets': [
        { 'socket-type': 'unix', 'socket-name': 'd2-socket' },
        {
          'socket-type': 'http',
          'socket-port': 8004,
          authentication: { type: 'basic', clients: [{ user: 'a', password: 'b' }] },
        },
      ],
    });
    for (const file of [kea2, kea3]) {
      expect(await runToEnd(D2_BIN, ['-t', file], env)).toMatchObject({
        code: 0,
        stdout: 'Syntax check OK\n',
      });
    }
  });

  it('-t lists every problem of a bad file with its file and line, and exits 1', async () => {
    const syntax = join(dirs.etc, 'syntax.conf');
    writeFileSync(syntax, '{ "DhcpDdns": {\n  "port": 53001\n  "ip-address": "127.0.0.1" } }\n');
    const bad = await runToEnd(D2_BIN, ['-t', syntax], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`Error encountered: configuration file ${syntax} is invalid:`);
    expect(bad.stderr).toContain(`(${syntax}:3): expected ',' or '}'`);

    const semantic = join(dirs.etc, 'semantic.conf');
    writeFileSync(
      semantic,
      [
        '{ "DhcpDdns": {',
        '  "tsig-keys": [ { "name": "k", "algorithm": "HMAC-MD99", "secret": "AAAA" } ],',
        '  "reverse-ddns": { "ddns-domains": [',
        '    { "name": "2.0.192.in-addr.arpa.", "key-name": "nope", "dns-servers": [ { "ip-address": "192.0.2.1" } ] } ] },',
        '  "hooks-libraries": [ { "library": "/usr/lib/libddns_gss_tsig.so" } ]',
        '} }',
        '',
      ].join('\n'),
    );
    const refused = await runToEnd(D2_BIN, ['-t', semantic], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`DhcpDdns\\.tsig-keys\\[0\\]\\.algorithm \\(${semantic}:2\\): .*HMAC-MD99`),
    );
    expect(refused.stderr).toMatch(
      new RegExp(`DhcpDdns\\.reverse-ddns\\.ddns-domains\\[0\\]\\.key-name \\(${semantic}:4\\): .*nope`),
    );
  });

  it('refuses to start on a bad file: DHCP_DDNS_CONFIG_LOAD_FAIL, exit 1, no pid file', async () => {
    const file = writeConfig(dirs, 'broken.conf', { port: 0, loggers: STDOUT_LOGGERS });
    const result = await runToEnd(D2_BIN, ['-c', file], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /ERROR \[kea-dhcp-ddns\.dhcpddns\/\d+\.\d+\] DHCP_DDNS_CONFIG_LOAD_FAIL .*DhcpDdns\.port/,
    );
    expect(existsSync(join(dirs.run, 'broken.kea-dhcp-ddns.pid'))).toBe(false);
    const hooks = writeConfig(dirs, 'hooks.conf', { 'hooks-libraries': [{ library: '/usr/lib/x.so' }] });
    const refused = await runToEnd(D2_BIN, ['-c', hooks], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /DhcpDdns\.hooks-libraries\[0\]\.library: \/usr\/lib\/x\.so is a Kea C\+\+ hook library/,
    );
  });
});

describe('kea-dhcp-ddns process', () => {
  it('writes its pid file (taking over a stale one), refuses a second copy, and stops on SIGTERM', async () => {
    const config = writeConfig(dirs, 'kea-dhcp-ddns.conf', { port: 53041, loggers: STDOUT_LOGGERS });
    const pidFile = join(dirs.run, 'kea-dhcp-ddns.kea-dhcp-ddns.pid');
    writeFileSync(pidFile, '999999\n'); // stale: no such process
    const first = await startD2(dirs, config, started);
    expect(readFileSync(pidFile, 'utf8')).toBe(`${first.pid}\n`);
    // It listens for NameChangeRequests on the configured address and port.
    expect(await udpPortIsFree(53041)).toBe(false);

    const second = await runToEnd(D2_BIN, ['-c', config], env);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(
      new RegExp(
        `FATAL \\[kea-dhcp-ddns\\.dhcpddns/\\d+\\.\\d+\\] DHCP_DDNS_ALREADY_RUNNING kea-dhcp-ddns already running\\? pid ${first.pid} in ${pidFile}`,
      ),
    );
    expect(first.running).toBe(true);
    expect(readFileSync(pidFile, 'utf8')).toBe(`${first.pid}\n`);

    const finished = await first.stop();
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(
      /DHCP_DDNS_SHUTDOWN_REQUEST shutdown of server requested: received SIGTERM/,
    );
    expect(finished.stdout).toMatch(/DHCP_DDNS_SHUTDOWN server shutdown/);
    expect(existsSync(pidFile)).toBe(false);
    expect(await udpPortIsFree(53041)).toBe(true);
  });

  it('SIGINT stops it gracefully too; -d logs at debug level', async () => {
    const config = writeConfig(dirs, 'sigint.conf', {
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'sigint-socket' },
      loggers: STDOUT_LOGGERS,
    });
    const program = await startD2(dirs, config, started, ['-d']);
    expect(program.output).toMatch(
      /DEBUG \[kea-dhcp-ddns\.commands\/\d+\.\d+\] COMMAND_REGISTERED Command config-get registered/,
    );
    program.signal('SIGINT');
    expect((await program.exited).code).toBe(0);
    expect(program.output).toMatch(/received SIGINT/);
    expect(existsSync(join(dirs.run, 'sigint.kea-dhcp-ddns.pid'))).toBe(false);
    expect(existsSync(join(dirs.run, 'sigint-socket'))).toBe(false);
  });

  it('SIGHUP with a bad file keeps the running configuration; with a good one applies it', async () => {
    const config = writeConfig(dirs, 'reload.conf', {
      port: 53042,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'reload-socket' },
      loggers: STDOUT_LOGGERS,
    });
    const program = await startD2(dirs, config, started);
    const send = viaUnix(join(dirs.run, 'reload-socket'));

    writeFileSync(config, '{ "DhcpDdns": {\n  "port": } }\n');
    program.signal('SIGHUP');
    await program.waitFor(/DHCP_DDNS_DYNAMIC_RECONFIGURATION_FAIL/);
    expect(program.output).toMatch(
      new RegExp(
        `ERROR \\[kea-dhcp-ddns\\.dctl/\\d+\\.\\d+\\] DCTL_CFG_FILE_RELOAD_ERROR configuration reload failed: .*\\(${config}:2\\).*reverting to current configuration\\.`,
      ),
    );
    expect(program.running).toBe(true);
    expect((await send('config-get')).arguments).toMatchObject({ DhcpDdns: { port: 53042 } });

    // A valid file whose control socket cannot be opened is refused as a whole too.
    writeConfig(dirs, 'reload.conf', {
      port: 53044,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'x'.repeat(120) },
      loggers: STDOUT_LOGGERS,
    });
    program.signal('SIGHUP');
    await program.waitFor(/DCTL_CFG_FILE_RELOAD_ERROR .*longer than 107 bytes/);
    expect((await send('config-get')).arguments).toMatchObject({ DhcpDdns: { port: 53042 } });

    // The good file also moves the control socket and the log: proof that it is in force.
    writeConfig(dirs, 'reload.conf', {
      port: 53043,
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'reloaded-socket' },
      loggers: [{ name: 'kea-dhcp-ddns', severity: 'INFO', output_options: [{ output: 'reloaded.log' }] }],
    });
    program.signal('SIGHUP');
    const logFile = join(dirs.log, 'reloaded.log');
    const logged = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
    for (let i = 0; i < 200 && !/DHCP_DDNS_DYNAMIC_RECONFIGURATION_SUCCESS/.test(logged()); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(logged()).toMatch(/DHCP_DDNS_DYNAMIC_RECONFIGURATION_SUCCESS/);
    expect(existsSync(join(dirs.run, 'reload-socket'))).toBe(false);
    const reloaded = viaUnix(join(dirs.run, 'reloaded-socket'));
    expect((await reloaded('config-get')).arguments).toMatchObject({ DhcpDdns: { port: 53043 } });

    expect((await program.stop()).code).toBe(0);
    expect(logged()).toMatch(/DHCP_DDNS_SHUTDOWN server shutdown/);
  });
});
