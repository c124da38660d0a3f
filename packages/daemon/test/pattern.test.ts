import { describe, expect, it } from 'vitest';
import { compilePattern, DEFAULT_PATTERN, DEFAULT_SYSLOG_PATTERN } from '../src/logging/pattern.js';

const event = {
  time: Date.UTC(2026, 0, 2, 3, 4, 5, 67),
  severity: 'INFO',
  logger: 'kea-dhcp6.dhcp6',
  message: 'DHCP6_STARTED up',
};

describe('log patterns', () => {
  it('formats the default layout: local time with milliseconds, padded severity, logger/pid.thread, message', () => {
    const line = compilePattern(DEFAULT_PATTERN)(event);
    expect(line).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.067 INFO {2}\[kea-dhcp6\.dhcp6\/\d+\.\d+\] DHCP6_STARTED up\n$/,
    );
  });

  it('formats UTC dates, widths on either side and literal percent signs', () => {
    expect(compilePattern('%d{%Y-%m-%dT%H:%M:%S} %5p|%-7c|%% %m%n')(event)).toBe(
      '2026-01-02T03:04:05  INFO|kea-dhcp6.dhcp6|% DHCP6_STARTED up\n',
    );
  });

  it('has a syslog layout without date and pid', () => {
    expect(compilePattern(DEFAULT_SYSLOG_PATTERN)(event)).toMatch(
      /^INFO {2}\[kea-dhcp6\.dhcp6\.\d+\] DHCP6_STARTED up\n$/,
    );
  });

  it('prints unknown conversions literally', () => {
    expect(compilePattern('%Z %m')(event)).toBe('%Z DHCP6_STARTED up');
  });
});
