/**
 * A client-class list Kea 2.2 refuses is refused by bin/kea-dhcp6 as a whole, with Kea's words,
 * wherever a configuration comes in: -t, start-up, config-test, config-set and SIGHUP (the running
 * configuration stays); a good list applied by config-set classifies the very next packet.
 * ISC kea-dhcp6 -t gives the reference message (when installed).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { findRawOption, MessageType } from '@nestor/codec';
import type { JsonObject } from '@nestor/control';
import { binPath, ISC_KEA_DHCP6, runToEnd } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Dhcp6Process,
  type Dirs,
  keaEnv,
  LoopbackClient,
  loopbackSection,
  makeDirs,
  removeDirs,
  startDhcp6,
  writeConfig,
} from './commands-support.js';
import { clientMessage, duidOf } from './support/harness.js';

/** member() of a class defined later: Kea's parser refuses it. */
const BAD_CLASSES = [
  { name: 'a', test: "member('b')" },
  { name: 'b', test: 'option[1].exists' },
];
const KEA_WORDS = "expression: [member('b')] error: <string>:1.8-10: Not defined client class 'b'";
const GOOD_CLASSES: JsonObject[] = [
  { name: 'b', test: 'option[1].exists', 'option-data': [{ name: 'sntp-servers', data: '2001:db8::31' }] },
  { name: 'a', test: "member('b')" },
];

let dirs: Dirs;
let daemon: Dhcp6Process | undefined;
let configFile: string;
const section = loopbackSection();

beforeAll(async () => {
  dirs = makeDirs('dhcp6-classes-');
  configFile = writeConfig(dirs, 'kea-dhcp6.conf', section);
  daemon = await startDhcp6(dirs, configFile);
});
afterAll(async () => {
  await daemon?.stop();
  removeDirs(dirs);
});

describe('a class list Kea refuses', () => {
  it("-t refuses it with Kea's message, naming the class test and its line", async () => {
    const file = writeConfig(dirs, 'bad-classes.conf', { ...section, 'client-classes': BAD_CLASSES });
    const nestor = await runToEnd(binPath('kea-dhcp6'), ['-t', file], keaEnv(dirs));
    expect(nestor.code).toBe(1);
    expect(nestor.stderr).toContain(`Dhcp6.client-classes[0].test (${file}:`);
    expect(nestor.stderr).toContain(KEA_WORDS);
    if (existsSync(ISC_KEA_DHCP6)) {
      // The reference: same verdict, same words (Kea adds the position in its own format).
      const kea = await runToEnd(ISC_KEA_DHCP6, ['-t', file], {
        KEA_PIDFILE_DIR: dirs.run,
        KEA_LOCKFILE_DIR: dirs.run,
      });
      expect(kea.code).toBe(1);
      expect(kea.stdout + kea.stderr).toContain(KEA_WORDS);
    }
  });

  it('start-up refuses it: the daemon exits 1', async () => {
    const file = writeConfig(dirs, 'bad-start.conf', { ...section, 'client-classes': BAD_CLASSES });
    const result = await runToEnd(binPath('kea-dhcp6'), ['-c', file], keaEnv(dirs));
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(KEA_WORDS);
  });

  it('config-test and config-set refuse it; the running configuration stays', async () => {
    const before = await daemon!.command('config-get');
    for (const command of ['config-test', 'config-set']) {
      const answer = await daemon!.command(command, { Dhcp6: { ...section, 'client-classes': BAD_CLASSES } });
      expect(answer.result).toBe(1);
      expect(answer.text).toContain(KEA_WORDS);
    }
    expect(await daemon!.command('config-get')).toEqual(before);
  });

  it('SIGHUP with it in the file keeps the running configuration', async () => {
    const before = await daemon!.command('config-get');
    writeFileSync(configFile, JSON.stringify({ Dhcp6: { ...section, 'client-classes': BAD_CLASSES } }));
    daemon!.program.signal('SIGHUP');
    await daemon!.program.waitFor(/DHCP6_DYNAMIC_RECONFIGURATION_FAIL/);
    expect(daemon!.program.output).toContain(KEA_WORDS);
    expect(await daemon!.command('config-get')).toEqual(before);
    writeFileSync(configFile, JSON.stringify({ Dhcp6: section }));
  });
});

describe('a good class list', () => {
  it('applied by config-set, classifies the next packet (class option-data in the answer)', async () => {
    const client = await LoopbackClient.open(daemon!.clientPort, daemon!.serverPort);
    try {
      const solicit = () =>
        client.exchange(
          clientMessage({ type: MessageType.SOLICIT, clientId: duidOf(77), iaNa: [{ iaid: 1 }], oro: [31] }),
        );
      expect(findRawOption((await solicit()).options, 31)).toBeUndefined();
      const answer = await daemon!.command('config-set', {
        Dhcp6: { ...section, 'client-classes': GOOD_CLASSES },
      });
      expect(answer.result).toBe(0);
      const sntp = findRawOption((await solicit()).options, 31);
      expect(Buffer.from(sntp!.data).toString('hex')).toBe('20010db8000000000000000000000031');
    } finally {
      await client.close();
    }
  });
});
