import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, keyPerAlgorithm, NamedServer, runToEnd } from '../src/index.js';

const haveBind = existsSync('/usr/sbin/named') && existsSync('/usr/bin/nsupdate');

describe.skipIf(!haveBind)('NamedServer (BIND 9 for a test)', () => {
  it('serves its zones, takes an update signed with its key, refuses an unsigned one, and cleans up', async () => {
    const keys = keyPerAlgorithm();
    const named = await NamedServer.start({
      zones: ['example.com.', '8.b.d.0.1.0.0.2.ip6.arpa.'],
      keys,
      records: { 'example.com.': ['fixed IN AAAA 2001:db8::1'] },
    });
    const { dir, pid } = named;
    try {
      expect(await named.dig('fixed.example.com', 'AAAA')).toEqual(['2001:db8::1']);
      expect(await named.dig('fixed.example.com', 'AAAA', '::1')).toEqual(['2001:db8::1']);
      const update = (key: string | undefined) => {
        const script = join(tmpdir(), `nsupdate-${process.pid}-${Math.random()}`);
        writeFileSync(
          script,
          `server 127.0.0.1 ${named.port}\nzone example.com.\nupdate add new.example.com. 60 AAAA 2001:db8::2\nsend\n`,
        );
        return runToEnd('/usr/bin/nsupdate', [...(key ? ['-y', key] : []), script]);
      };
      const sha = keys.find((k) => k.algorithm === 'hmac-sha512')!;
      expect((await update(undefined)).stdout + (await update(undefined)).stderr).toMatch(/REFUSED/);
      expect(await named.dig('new.example.com', 'AAAA')).toEqual([]);
      const signed = await update(`${sha.algorithm}:${sha.name}:${sha.secret}`);
      expect(signed.code, signed.stderr).toBe(0);
      expect(await named.dig('new.example.com', 'AAAA')).toEqual(['2001:db8::2']);
    } finally {
      await named.stop();
    }
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a configuration named refuses fails the start and leaves no directory behind', async () => {
    const before = execFileSync('ls', [tmpdir()]).toString();
    await expect(
      NamedServer.start({
        zones: ['example.com.'],
        keys: [{ name: 'k.', algorithm: 'hmac-sha256', secret: '!!!' }],
      }),
    ).rejects.toThrow(/named did not start/);
    const after = execFileSync('ls', [tmpdir()]).toString();
    const named = (text: string) => text.split('\n').filter((n) => n.startsWith('nestor-named-'));
    expect(named(after)).toEqual(named(before));
  });
});
