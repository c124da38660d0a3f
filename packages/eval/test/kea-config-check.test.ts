/**
 * Class lists checked by `kea-dhcp6 -t` (ISC Kea 2.2) and by compileClientClasses: the same
 * lists are accepted, and a refused one is refused with Kea's message (Kea appends the
 * position in its configuration file, " at (file:line:col)", which is left out here).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileClientClasses, isExpressionError, optionDefinitionsFrom } from '../src/index.js';
import { KEA_DHCP6 } from './helpers/kea-oracle.js';

interface KeaClass {
  name: string;
  test?: string;
  'only-if-required'?: boolean;
}

const MY_STRING_DEF = { name: 'my-string', code: 222, type: 'string', space: 'dhcp6' };

const cases: Array<{ title: string; classes: KeaClass[]; withOptionDef?: boolean }> = [
  {
    title: 'member() of a later class',
    classes: [
      { name: 'a', test: "member('b')" },
      { name: 'b', test: 'option[1].exists' },
    ],
  },
  {
    title: 'member() of an earlier class',
    classes: [
      { name: 'b', test: 'option[1].exists' },
      { name: 'a', test: "member('b')" },
    ],
  },
  { title: 'member() of DROP, undefined', classes: [{ name: 'a', test: "member('DROP')" }] },
  {
    title: 'member() of DROP, defined',
    classes: [
      { name: 'DROP', test: 'option[1].exists' },
      { name: 'a', test: "member('DROP')" },
    ],
  },
  {
    title: 'member() of built-in prefixes',
    classes: [
      {
        name: 'a',
        test: "member('HA_x') or member('AFTER_x') or member('EXTERNAL_x') or member('VENDOR_CLASS_x') or member('BOOTP')",
      },
    ],
  },
  { title: 'member() of a bare prefix', classes: [{ name: 'a', test: "member('VENDOR_CLASS_')" }] },
  { title: 'a test on ALL', classes: [{ name: 'ALL', test: 'option[1].exists' }] },
  { title: 'only-if-required on KNOWN', classes: [{ name: 'KNOWN', 'only-if-required': true }] },
  {
    title: 'only-if-required on DROP',
    classes: [{ name: 'DROP', test: 'option[1].exists', 'only-if-required': true }],
  },
  {
    title: 'options only on a built-in class',
    classes: [{ name: 'UNKNOWN' }, { name: 'VENDOR_CLASS_docsis3.0' }],
  },
  { title: 'a duplicate', classes: [{ name: 'a' }, { name: 'a', test: 'option[1].exists' }] },
  { title: 'an empty test', classes: [{ name: 'a', test: '' }] },
  { title: 'an empty test on ALL', classes: [{ name: 'ALL', test: '' }] },
  { title: 'an incomplete test', classes: [{ name: 'a', test: 'option[1].exists and' }] },
  { title: 'a string where a boolean belongs', classes: [{ name: 'a', test: 'option[1].hex' }] },
  { title: 'an undefined option name', classes: [{ name: 'a', test: 'option[my-string].exists' }] },
  {
    title: 'a configured option name',
    classes: [{ name: 'a', test: 'option[my-string].exists' }],
    withOptionDef: true,
  },
  {
    title: 'a standard option name',
    classes: [{ name: 'a', test: "option[vendor-class].exists and option[clientid].hex == ''" }],
  },
  { title: 'option code 65535', classes: [{ name: 'a', test: 'option[65535].exists' }] },
  { title: 'option code 65536', classes: [{ name: 'a', test: 'option[65536].exists' }] },
  { title: 'nest level -32', classes: [{ name: 'a', test: 'relay6[-32].option[18].exists' }] },
  { title: 'nest level -33', classes: [{ name: 'a', test: 'relay6[-33].option[18].exists' }] },
  { title: 'nest level 32', classes: [{ name: 'a', test: 'relay6[32].peeraddr == ::' }] },
  { title: 'data index 255', classes: [{ name: 'a', test: "vendor-class[*].data[255] == 'a'" }] },
  { title: 'data index 256', classes: [{ name: 'a', test: "vendor-class[*].data[256] == 'a'" }] },
  { title: 'integer 4294967295', classes: [{ name: 'a', test: "4294967295 == 'a'" }] },
  { title: 'integer 4294967296', classes: [{ name: 'a', test: "4294967296 == 'a'" }] },
  { title: 'enterprise 4294967296', classes: [{ name: 'a', test: 'vendor[4294967296].exists' }] },
  { title: 'a DHCPv4 field', classes: [{ name: 'a', test: 'pkt4.mac == 0x01' }] },
  { title: 'lcase (not in Kea 2.2)', classes: [{ name: 'a', test: "lcase('A') == 'a'" }] },
  { title: 'a bad IPv4 address', classes: [{ name: 'a', test: "1.2.3.256 == 'a'" }] },
  { title: 'chained ==', classes: [{ name: 'a', test: "'a' == 'a' == 'b'" }] },
  { title: 'substring with four arguments', classes: [{ name: 'a', test: "substring('a',1,2,3) == 'a'" }] },
  {
    title: 'every string function',
    classes: [
      {
        name: 'a',
        test: "concat(hexstring(split(substring('abc',0,all),'b',1),':'), addrtotext(10.0.0.1)) + uint8totext(0x01) + int32totext(pkt.len) == ifelse(pkt6.msgtype == 1, 'x', 'y')",
      },
    ],
  },
];

const support = existsSync(KEA_DHCP6);
const dir = support ? mkdtempSync(join(tmpdir(), 'nestor-eval-check-')) : '';

/** Kea's verdict: undefined when it accepts the configuration, else its error without the file position. */
function keaCheck(index: number, classes: KeaClass[], withOptionDef: boolean): Promise<string | undefined> {
  const file = join(dir, `case-${index}.json`);
  const optionDefs = withOptionDef ? { 'option-def': [MY_STRING_DEF] } : {};
  writeFileSync(file, JSON.stringify({ Dhcp6: { ...optionDefs, 'client-classes': classes } }));
  return new Promise((resolve, reject) => {
    execFile(KEA_DHCP6, ['-t', file], { timeout: 10_000 }, (error, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`;
      if (!error) return resolve(undefined);
      const line = /Error encountered: (.*)$/m.exec(output)?.[1];
      if (line === undefined) return reject(new Error(`kea-dhcp6 -t failed without a message:\n${output}`));
      resolve(line.replace(/ at \([^)]*\)$/, '').replace(/ \([^)]*:\d+:\d+\)$/, ''));
    });
  });
}

/** Nestor's verdict, in the same form. */
function nestorCheck(classes: KeaClass[], withOptionDef: boolean): string | undefined {
  const optionDefinitions = optionDefinitionsFrom(
    withOptionDef ? [{ ...MY_STRING_DEF, recordTypes: [], encapsulate: '', array: false }] : [],
  );
  try {
    compileClientClasses(
      classes.map((c) => ({ name: c.name, test: c.test, onlyIfRequired: c['only-if-required'] })),
      { optionDefinitions },
    );
    return undefined;
  } catch (error) {
    if (isExpressionError(error)) return error.message;
    throw error;
  }
}

describe.skipIf(!support)('class lists as kea-dhcp6 2.2 -t checks them', () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts and refuses the same lists, with the same messages', async () => {
    // One at a time: the machine is shared, and each check takes a few tens of milliseconds.
    const verdicts: Array<string | undefined> = [];
    for (const [i, c] of cases.entries())
      verdicts.push(await keaCheck(i, c.classes, c.withOptionDef ?? false));
    const differences: string[] = [];
    cases.forEach((c, i) => {
      const nestor = nestorCheck(c.classes, c.withOptionDef ?? false);
      if (nestor !== verdicts[i]) {
        differences.push(
          `${c.title}:\n  kea:    ${verdicts[i] ?? 'accepted'}\n  nestor: ${nestor ?? 'accepted'}`,
        );
      }
    });
    expect(differences).toEqual([]);
    // Both verdicts occur: the corpus is not trivially all-accepted or all-refused.
    expect(verdicts.filter((v) => v === undefined).length).toBeGreaterThan(5);
    expect(verdicts.filter((v) => v !== undefined).length).toBeGreaterThan(15);
  });
});
