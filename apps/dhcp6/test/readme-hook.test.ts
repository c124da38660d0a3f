/**
 * The hook library README.md shows under "Writing a hook" works as shown: extracted from the
 * README, loaded with the parameters shown, it adds the option for clients of that relay only,
 * and answers its command.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOption, MessageType } from '@nestor/codec';
import { afterAll, describe, expect, it } from 'vitest';
import { innerReply, packetOf } from './support/class-packets.js';
import { duidOf, TestServer } from './support/harness.js';

const README = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'README.md');
const dir = mkdtempSync(join(tmpdir(), 'nestor-readme-hook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readmeLibrary(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Writing a hook'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('no js example under "Writing a hook"');
  const file = join(dir, 'lab-dns.mjs');
  writeFileSync(file, code);
  return file;
}

describe("README's hook example", () => {
  it('adds dns-servers for clients of its relay, not for others, and answers its command', async () => {
    const server = await TestServer.create(
      {
        subnet6: [
          {
            id: 1,
            subnet: '2001:db8:1::/64',
            interface: 'eth0',
            pools: [{ pool: '2001:db8:1::10-2001:db8:1::1f' }],
          },
          { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::10-2001:db8:2::1f' }] },
        ],
      },
      { hooks: [{ library: readmeLibrary(), parameters: { 'relay-link': '2001:db8:2::1' } }] },
    );
    try {
      const solicit = (n: number, relay?: { link: string }) =>
        packetOf({
          type: MessageType.SOLICIT,
          tid: n,
          client: { duid: duidOf(n) },
          iaNa: [{ iaid: 1 }],
          ...(relay ? { relay } : {}),
        });
      const relayed = await server.send(solicit(1, { link: '2001:db8:2::1' }));
      const dns = findOption(innerReply(relayed!.bytes).options, 23) as { data: Uint8Array } | undefined;
      expect(Buffer.from(dns!.data).toString('hex')).toBe('20010db8000000000000000000000053');
      const direct = await server.send(solicit(2));
      expect(findOption(innerReply(direct!.bytes).options, 23)).toBeUndefined();
      expect(await server.commands.dispatch({ command: 'lab-dns-status' })).toEqual({
        result: 0,
        text: 'serving 2001:db8:2::1',
      });
    } finally {
      await server.close();
    }
  });
});
