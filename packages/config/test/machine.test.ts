/**
 * What kea-dhcp6 2.2 checks against the machine (in -t, config-test and when it loads a
 * configuration): that a subnet's or shared network's `interface` and each interfaces-config
 * entry name an interface present here, and that an entry's unicast address is assigned to it.
 * Given a SystemInterfaces the parser checks the same; without one it checks no machine. The
 * machine-independent rules of interfaces-config entries are compared with Kea's -t here, on
 * this machine's loopback.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  type JsonValue,
  loadDhcp6ConfigFile,
  parseDhcp6Config,
  parseKeaJson,
  parseProcIfInet6,
  parseProcNetDev,
  readSystemInterfaces,
  type SystemInterfaces,
} from '../src/index.js';
import { lineOf, tempDir } from './helpers.js';
import { keaAvailable, keaCheckFile } from './kea-oracle.js';

/** A machine with eth0 (2001:db8:1::1 and a link-local address) and an address-less eth1. */
const MACHINE: SystemInterfaces = {
  has: (name) => ['lo', 'eth0', 'eth1'].includes(name),
  hasAddress: (name, address) =>
    (name === 'eth0' &&
      (address === 0x20010db8000100000000000000000001n || address === 0xfe800000000000000000000000000001n)) ||
    (name === 'lo' && address === 1n),
};

/** The problems of a document checked against `system` (null: against no machine). */
function problemsOf(document: JsonValue, system: SystemInterfaces | null = MACHINE): string[] {
  const { value, sources } = parseKeaJson(JSON.stringify(document, null, 2), 'machine.json');
  try {
    parseDhcp6Config(value, sources, system ? { system } : {});
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

const subnet = (extra: Record<string, JsonValue>) => ({ id: 1, subnet: '2001:db8:4::/64', ...extra });

describe('interfaces on the machine', () => {
  it("refuses a subnet's interface the machine lacks, naming subnet, path and line", () => {
    expect(problemsOf({ Dhcp6: { subnet6: [subnet({ interface: 'eth9' })] } })).toEqual([
      'Dhcp6.subnet6[0].interface (machine.json:7): Specified network interface name eth9 for subnet 2001:db8:4::/64 is not present in the system',
    ]);
  });

  it("refuses a shared network's interface the machine lacks", () => {
    const document = {
      Dhcp6: { 'shared-networks': [{ name: 'frog', interface: 'eth9', subnet6: [subnet({})] }] },
    };
    expect(problemsOf(document)).toEqual([
      expect.stringMatching(
        /^Dhcp6\.shared-networks\[0\]\.interface \(machine\.json:\d+\): Specified network interface name eth9 for shared network frog is not present in the system$/,
      ),
    ]);
  });

  it('takes an interface that is present without any address (eth1)', () => {
    expect(problemsOf({ Dhcp6: { subnet6: [subnet({ interface: 'eth1' })] } })).toEqual([]);
    expect(
      problemsOf({ Dhcp6: { 'interfaces-config': { interfaces: ['eth1', 'eth0/2001:db8:1::1'] } } }),
    ).toEqual([]);
  });

  it('refuses interfaces-config entries naming absent interfaces or unassigned addresses', () => {
    const interfaces = ['eth9', 'eth0/2001:db8:1::2', 'eth8/2001:db8:1::1', 'eth0/2001:DB8:1:0::1', '*'];
    expect(problemsOf({ Dhcp6: { 'interfaces-config': { interfaces } } })).toEqual([
      expect.stringContaining("interfaces[0] (machine.json:5): interface 'eth9' doesn't exist in the system"),
      expect.stringContaining(
        "interfaces[1] (machine.json:6): interface 'eth0' doesn't have address '2001:db8:1::2' assigned",
      ),
      expect.stringContaining("interfaces[2] (machine.json:7): interface 'eth8' doesn't exist in the system"),
    ]);
  });

  it('checks no machine when given none', () => {
    const document = {
      Dhcp6: {
        'interfaces-config': { interfaces: ['eth9/2001:db8::9'] },
        subnet6: [subnet({ interface: 'eth9' })],
      },
    };
    expect(problemsOf(document, null)).toEqual([]);
  });
});

describe("reading this machine's interfaces", () => {
  it('parses /proc/net/dev and /proc/net/if_inet6', () => {
    const dev =
      'Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n    lo: 1 2 3\n  eth0: 4 5 6\nifb0: 0 0 0\n';
    expect(parseProcNetDev(dev)).toEqual(['lo', 'eth0', 'ifb0']);
    const inet6 =
      '00000000000000000000000000000001 01 80 10 80       lo\n20010db8000100000000000000000001 02 40 00 80     eth0\n';
    expect(parseProcIfInet6(inet6)).toEqual(
      new Map([
        ['lo', new Set([1n])],
        ['eth0', new Set([0x20010db8000100000000000000000001n])],
      ]),
    );
  });

  it('sees the loopback and its ::1', () => {
    const system = readSystemInterfaces();
    expect(system.has('lo')).toBe(true);
    expect(system.hasAddress('lo', 1n)).toBe(true);
    expect(system.has('no-such-interface0')).toBe(false);
  });
});

/** interfaces-config entries, on this machine's loopback. */
const ENTRIES: string[][] = [
  ['lo'],
  ['lo/::1'],
  ['lo', 'lo/::1'],
  ['lo', 'lo'],
  ['lo/::1', 'lo/::1'],
  ['*'],
  ['*', '*'],
  ['*/::1'],
  [''],
  ['  '],
  ['/::1'],
  ['lo/'],
  [' lo / ::1 '],
  ['lo/ff02::1'],
  ['lo/garbage'],
  ['lo/2001:db8::1'],
  ['no-such-interface0'],
  ['no-such-interface0/::1'],
];

const work = tempDir('machine-');
afterAll(() => work.cleanup());
const kea = keaAvailable('Dhcp6');
if (!kea)
  console.warn('kea-dhcp6 (ISC Kea 2.2) is not installed: interfaces-config entries are not compared');

describe.skipIf(!kea)('interfaces-config entries: the same verdict as kea-dhcp6 -t on this machine', () => {
  it.each(ENTRIES.map((e) => [JSON.stringify(e), e] as const))('%s', (name, interfaces) => {
    const text = `{\n  "Dhcp6": {\n    "interfaces-config": {\n      "interfaces": ${JSON.stringify(interfaces)}\n    }\n  }\n}\n`;
    const file = work.write(`${name.replace(/[^A-Za-z0-9]/g, '_')}.json`, text);
    const theirs = keaCheckFile('Dhcp6', file, work.dir);
    let ours: string[] = [];
    try {
      loadDhcp6ConfigFile(file, { system: readSystemInterfaces() });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      ours = [...err.problems];
    }
    expect(ours.length === 0, `Kea: ${theirs.output}\nNestor: ${ours.join('\n')}`).toBe(theirs.accepted);
    for (const problem of ours) expect(problem).toContain(`:${lineOf(text, '"interfaces"')})`);
  });
});
