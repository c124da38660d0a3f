import { describe, expect, it } from 'vitest';
import {
  dropsPercent,
  noAnswers,
  PerfdhcpOutputError,
  parsePerfdhcpOutput,
  perfdhcpArgv,
} from '../src/bench/perfdhcp.js';

// perfdhcp 2.2's report as printed in this bench (trimmed of the delay lines)
const ANSWERED = `Running: perfdhcp -6 -l pt-c -e address-and-prefix -r 2000 -R 1000000 -p 4
Scenario: basic.
Multi-thread mode enabled.
***Rate statistics***
Rate: 1999.18 4-way exchanges/second, expected rate: 2000

***Malformed Packets***
Malformed packets: 0
***Statistics for: SOLICIT-ADVERTISE***
sent packets: 7999
received packets: 7990
drops: 9
drops ratio: 0.1125 %
orphans: 0

***Statistics for: REQUEST-REPLY***
sent packets: 7990
received packets: 7910
drops: 80
drops ratio: 1.001 %
orphans: 0
`;

const SILENT = `***Rate statistics***
Rate: 0 4-way exchanges/second, expected rate: 1000

***Statistics for: SOLICIT-ADVERTISE***
sent packets: 2999
received packets: 0
drops: 2999
drops ratio: 100 %

***Statistics for: REQUEST-REPLY***
sent packets: 0
received packets: 0
drops: 0
drops ratio: -nan %
`;

describe('perfdhcp', () => {
  it('builds the 4-way command line with lease type, rate, clients and period', () => {
    expect(
      perfdhcpArgv({
        iface: 'b-cli',
        leaseType: 'address-and-prefix',
        rate: 4000,
        clients: 100_000,
        seconds: 8,
      }),
    ).toEqual([
      '/usr/sbin/perfdhcp',
      '-6',
      '-l',
      'b-cli',
      '-e',
      'address-and-prefix',
      '-r',
      '4000',
      '-R',
      '100000',
      '-p',
      '8',
    ]);
    expect(() =>
      perfdhcpArgv({ iface: 'x', leaseType: 'address-only', rate: 0, clients: 1, seconds: 1 }),
    ).toThrow(/rate/);
    expect(() =>
      perfdhcpArgv({ iface: 'x', leaseType: 'address-only', rate: 1, clients: 1.5, seconds: 1 }),
    ).toThrow(/clients/);
  });

  it('the DDNS run asks for addresses with a Client FQDN option (S set, the name in wire form)', () => {
    const argv = perfdhcpArgv({
      iface: 'b-cli',
      leaseType: 'address-with-ddns',
      rate: 10,
      clients: 1,
      seconds: 1,
    });
    expect(argv.slice(4, 8)).toEqual([
      '-e',
      'address-only',
      '-o',
      '39,010562656e6368076578616d706c6503636f6d00',
    ]);
  });

  it('reads rate and per-exchange counts; drops are the worst exchange, from the counts', () => {
    const report = parsePerfdhcpOutput(ANSWERED);
    expect(report.rate).toBe(1999.18);
    expect(report.exchanges).toEqual({
      'SOLICIT-ADVERTISE': { sent: 7999, received: 7990, drops: 9 },
      'REQUEST-REPLY': { sent: 7990, received: 7910, drops: 80 },
    });
    expect(dropsPercent(report)).toBeCloseTo((80 / 7990) * 100, 6);
    expect(noAnswers(report)).toBe(false);
  });

  it('recognises a server that answered nothing (and ignores the exchange never started)', () => {
    const report = parsePerfdhcpOutput(SILENT);
    expect(report.rate).toBe(0);
    expect(noAnswers(report)).toBe(true);
    expect(dropsPercent(report)).toBe(100);
  });

  it('refuses output without a report (perfdhcp printed its usage)', () => {
    expect(() => parsePerfdhcpOutput('perfdhcp [-1] [-4 | -6] ...\n')).toThrow(PerfdhcpOutputError);
    expect(() => parsePerfdhcpOutput('Rate: 10 4-way\n')).toThrow(/no exchange statistics/);
    expect(() => parsePerfdhcpOutput('Rate: 10 4-way\n***Statistics for: X***\nsent packets: 1\n')).toThrow(
      /incomplete/,
    );
  });
});
