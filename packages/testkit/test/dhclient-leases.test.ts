import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScriptLog } from '../src/client-script.js';
import { normaliseColonHex, parseDhclientLeases, readDhclientLeaseFile } from '../src/dhclient-leases.js';
import { TestkitError } from '../src/errors.js';

// What dhclient 4.4 wrote in a scenario run (two exchanges: bind, then renew)
const LEASES = `default-duid "\\000\\001\\000\\0012\\227$\\322\\002\\000\\000\\000\\001\\002";
lease6 {
  interface "v-cli";
  ia-na 00:00:01:02 {
    starts 1795450964;
    renew 2;
    rebind 3;
    iaaddr 2001:db8:1::1000 {
      starts 1795450964;
      preferred-life 300;
      max-life 400;
    }
  }
  ia-pd 00:00:01:02 {
    starts 1795450964;
    renew 2;
    rebind 3;
    iaprefix 2001:db8:8000::/56 {
      starts 1795450964;
      preferred-life 300;
      max-life 400;
    }
  }
  option dhcp6.client-id 0:1:0:1:32:97:24:d2:2:0:0:0:1:2;
  option dhcp6.server-id 0:1:0:1:32:97:24:55:2:0:0:0:1:1;
}
lease6 {
  interface "v-cli";
  ia-na 00:00:01:02 {
    starts 1795450966;
    renew 2;
    rebind 3;
    iaaddr 2001:db8:1::1000 {
      starts 1795450966;
      preferred-life 300;
      max-life 400;
    }
  }
  option dhcp6.client-id 0:1:0:1:32:97:24:d2:2:0:0:0:1:2;
}
`;

describe('dhclient lease file', () => {
  it('reads the DUID (octal-escaped bytes) and every lease6 block in order', () => {
    const file = parseDhclientLeases(LEASES);
    expect(file.defaultDuid).toBe('00:01:00:01:32:97:24:d2:02:00:00:00:01:02');
    expect(file.leases).toHaveLength(2);
    const [first, second] = file.leases;
    expect(first).toEqual({
      interface: 'v-cli',
      renew: 2,
      rebind: 3,
      addresses: [
        {
          iaid: '00:00:01:02',
          address: '2001:db8:1::1000',
          starts: 1795450964,
          preferredLife: 300,
          maxLife: 400,
        },
      ],
      prefixes: [
        {
          iaid: '00:00:01:02',
          prefix: '2001:db8:8000::',
          length: 56,
          starts: 1795450964,
          preferredLife: 300,
          maxLife: 400,
        },
      ],
      options: {
        'dhcp6.client-id': '00:01:00:01:32:97:24:d2:02:00:00:00:01:02',
        'dhcp6.server-id': '00:01:00:01:32:97:24:55:02:00:00:00:01:01',
      },
    });
    expect(second!.addresses[0]!.starts).toBe(1795450966);
    expect(second!.prefixes).toEqual([]);
  });

  it('reads a DUID written as bare colon hex, comments and an empty file', () => {
    expect(parseDhclientLeases('# comment\ndefault-duid 0:3:0:1:2:0:0:0:1:2;\n').defaultDuid).toBe(
      '00:03:00:01:02:00:00:00:01:02',
    );
    expect(parseDhclientLeases('')).toEqual({ leases: [] });
    expect(normaliseColonHex('a:0B:c')).toBe('0a:0b:0c');
    expect(normaliseColonHex('"text"')).toBe('"text"');
  });

  it('refuses broken files with PARSE errors', () => {
    for (const [text, message] of [
      ['lease6 { interface "v-cli";', /unterminated block/],
      ['lease6 { interface "v-cli"; } }', /unbalanced/],
      ['default-duid "abc', /unterminated string/],
      ['lease6 { interface "x" }', /lacks ";"/],
      ['lease6 { ia-pd 1 { iaprefix 2001:db8::/x { } } }', /bad iaprefix/],
    ] as const) {
      expect(() => parseDhclientLeases(text), text).toThrow(TestkitError);
      expect(() => parseDhclientLeases(text), text).toThrow(message);
    }
  });
});

describe('client script log', () => {
  it('splits the log into events with their variables', () => {
    const events = parseScriptLog(
      [
        '--- reason=PREINIT6 interface=v-cli',
        '--- reason=BOUND6 interface=v-cli',
        'new_ip6_address=2001:db8:1::1000',
        'new_ip6_prefix=2001:db8:8000::/56',
        'new_dhcp6_domain_search=a=b',
        '--- reason=RENEW6 interface=v-cli',
        'old_ip6_address=2001:db8:1::1000',
        '',
      ].join('\n'),
    );
    expect(events.map((e) => e.reason)).toEqual(['PREINIT6', 'BOUND6', 'RENEW6']);
    expect(events[1]!.vars).toEqual({
      new_ip6_address: '2001:db8:1::1000',
      new_ip6_prefix: '2001:db8:8000::/56',
      new_dhcp6_domain_search: 'a=b',
    });
    expect(events[2]!.interface).toBe('v-cli');
    expect(parseScriptLog('stray line\n')).toEqual([]);
  });
});

describe('readDhclientLeaseFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nestor-dhclient-leases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file caught half written again until dhclient has finished it', async () => {
    const path = join(dir, 'half.leases');
    const complete = join(dir, 'complete.leases');
    writeFileSync(complete, LEASES);
    writeFileSync(path, LEASES.slice(0, 20)); // cut inside the default-duid string
    // Another process finishes the file while the reader waits (the reader blocks this one).
    const writer = spawn('sh', ['-c', `sleep 0.3; cp ${complete} ${path}`]);
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    expect(readDhclientLeaseFile(path).leases).toHaveLength(2);
    await exited;
  });

  it('throws the parse error when the file stays broken, and reads an absent file as empty', () => {
    const path = join(dir, 'broken.leases');
    writeFileSync(path, 'lease6 { interface "v-cli');
    expect(() => readDhclientLeaseFile(path, 200)).toThrow(TestkitError);
    expect(readDhclientLeaseFile(join(dir, 'absent.leases'))).toEqual({ leases: [] });
  });
});
