import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogManager } from '../src/logging/manager.js';

const dir = mkdtempSync(join(tmpdir(), 'logging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('loggers configured like Kea', () => {
  it('applies severity, and debug messages by debuglevel', () => {
    const file = join(dir, 'levels.log');
    const logs = new LogManager('kea-dhcp6');
    logs.configure([
      { name: 'kea-dhcp6', severity: 'DEBUG', debuglevel: 40, output_options: [{ output: file }] },
    ]);
    const log = logs.get('kea-dhcp6.dhcp6');
    log.debug(40, 'DHCP6_A', 'passes at level 40');
    log.debug(41, 'DHCP6_B', 'dropped at level 41');
    log.info('DHCP6_C', 'info passes');
    logs.configure([{ name: 'kea-dhcp6', severity: 'warn', output_options: [{ output: file }] }]);
    log.info('DHCP6_D', 'info dropped at WARN');
    log.debug(0, 'DHCP6_E', 'debug dropped at WARN');
    log.error('DHCP6_F', 'error passes');
    logs.close();
    const got = lines(file);
    expect(got).toHaveLength(3);
    expect(got[0]).toMatch(/ DEBUG \[kea-dhcp6\.dhcp6\/\d+\.\d+\] DHCP6_A passes at level 40$/);
    expect(got[1]).toMatch(/ INFO {2}\[kea-dhcp6\.dhcp6\/.*DHCP6_C info passes$/);
    expect(got[2]).toMatch(/ ERROR \[kea-dhcp6\.dhcp6\/.*DHCP6_F error passes$/);
  });

  it('routes a logger to its own entry, else to the nearest configured ancestor', () => {
    const root = join(dir, 'root.log');
    const packets = join(dir, 'packets.log');
    const logs = new LogManager('kea-dhcp6');
    logs.configure([
      { name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: root }] },
      { name: 'kea-dhcp6.packets', severity: 'NONE', output_options: [{ output: packets }] },
      { name: 'kea-dhcp6.leases', severity: 'DEBUG', debuglevel: 99, output_options: [{ output: packets }] },
    ]);
    logs.get('kea-dhcp6.packets').fatal('DHCP6_X', 'silenced by NONE');
    logs.get('kea-dhcp6.leases').debug(99, 'DHCP6_LEASE', 'leases at debug 99');
    logs.get('kea-dhcp6.dhcp6.deeper').info('DHCP6_Y', 'falls back to the root entry');
    logs.close();
    expect(lines(packets)).toEqual([expect.stringMatching(/DHCP6_LEASE leases at debug 99$/)]);
    expect(lines(root)).toEqual([expect.stringMatching(/\[kea-dhcp6\.dhcp6\.deeper\/.*DHCP6_Y falls back/)]);
  });

  it('-d forces DEBUG with debuglevel 99 on every configured logger', () => {
    const file = join(dir, 'debug.log');
    const logs = new LogManager('kea-dhcp6');
    logs.configure([{ name: 'kea-dhcp6', severity: 'ERROR', output_options: [{ output: file }] }], {
      debug: true,
    });
    logs.rootLogger.debug(99, 'DHCP6_Z', 'debug 99 passes');
    logs.close();
    expect(lines(file)).toEqual([expect.stringMatching(/DEBUG .*DHCP6_Z debug 99 passes$/)]);
  });

  it('uses the pattern option', () => {
    const file = join(dir, 'pattern.log');
    const logs = new LogManager('kea-dhcp6');
    logs.configure([{ name: 'kea-dhcp6', output_options: [{ output: file, pattern: '%-5p %m\n' }] }]);
    logs.rootLogger.warn('DHCP6_W', 'short layout');
    logs.close();
    expect(lines(file)).toEqual(['WARN  DHCP6_W short layout']);
  });

  it('takes an empty pattern (as config-get shows the default) for the default layout', () => {
    const file = join(dir, 'empty-pattern.log');
    const logs = new LogManager('kea-ctrl-agent');
    logs.configure([{ name: 'kea-ctrl-agent', output_options: [{ output: file, pattern: '' }] }]);
    logs.get('kea-ctrl-agent.ctrl-agent').info('CTRL_AGENT_X', 'default layout');
    logs.close();
    expect(lines(file)).toEqual([
      expect.stringMatching(
        /^\d{4}-\d\d-\d\d [\d:.]+ INFO {2}\[kea-ctrl-agent\.ctrl-agent\/\d+\.\d+\] CTRL_AGENT_X default layout$/,
      ),
    ]);
  });

  it('rotates a file past maxsize, keeping maxver old files', () => {
    const file = join(dir, 'rotate.log');
    const logs = new LogManager('kea-dhcp6');
    logs.configure([{ name: 'kea-dhcp6', output_options: [{ output: file, maxsize: 2000, maxver: 2 }] }]);
    for (let i = 0; i < 100; i++) logs.rootLogger.info('DHCP6_FILL', `message ${i} ${'x'.repeat(40)}`);
    logs.close();
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    expect(statSync(`${file}.1`).size).toBeGreaterThanOrEqual(2000);
    expect(statSync(`${file}.1`).size).toBeLessThan(2200);
    // The newest messages are in the current file, the older ones in .1 and .2.
    expect(lines(file).at(-1)).toMatch(/message 99 /);
    expect(lines(`${file}.1`).at(-1)).not.toMatch(/message 99 /);
  });

  it('keeps logger objects valid across reconfiguration', () => {
    const first = join(dir, 'first.log');
    const second = join(dir, 'second.log');
    const logs = new LogManager('kea-dhcp-ddns');
    const log = logs.get('kea-dhcp-ddns.dhcpddns');
    logs.configure([{ name: 'kea-dhcp-ddns', output_options: [{ output: first }] }]);
    log.info('DHCP_DDNS_ONE', 'to the first file');
    logs.configure([{ name: 'kea-dhcp-ddns', output_options: [{ output: second }] }]);
    log.info('DHCP_DDNS_TWO', 'to the second file');
    logs.close();
    expect(lines(first)).toEqual([expect.stringMatching(/DHCP_DDNS_ONE/)]);
    expect(lines(second)).toEqual([expect.stringMatching(/DHCP_DDNS_TWO/)]);
  });
});
