/**
 * Every example configuration ISC Kea 2.2 ships (Debian's kea-doc) gets the same `-t` verdict
 * from Nestor's program as from ISC's: kea6/*.json with kea-dhcp6, ddns/*.json with
 * kea-dhcp-ddns, agent/*.json with kea-ctrl-agent. Kea's -t looks at the machine, so both run
 * inside a network namespace made here with the interfaces the examples name and the addresses
 * they expect on them (eth0 with 2001:db8:1::1, eth1, ...). Where ISC's verdict hinges on a file
 * or hook library this machine lacks, the verdicts are compared on a variant without it (the
 * VARIANTS table says which and why) after checking that ISC's refusal of the original is indeed
 * about that. When both refuse, Nestor must name the same problem: a file line ISC names, and
 * the phrase REASONS lists for that example. Needs root (network namespaces), ISC Kea 2.2 and
 * kea-doc; skipped, saying which is missing, otherwise.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonObject, type JsonValue, parseKeaJson, type SourceMap } from '@nestor/config';
import { binPath, listNamespaces, type Namespace, TestNetwork } from '@nestor/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLES = '/usr/share/doc/kea/examples';

/** Each example folder and the program, ISC's and Nestor's, that checks its files. */
const FOLDERS = [
  { folder: 'kea6', isc: '/usr/sbin/kea-dhcp6', nestor: binPath('kea-dhcp6') },
  { folder: 'ddns', isc: '/usr/sbin/kea-dhcp-ddns', nestor: binPath('kea-dhcp-ddns') },
  { folder: 'agent', isc: '/usr/sbin/kea-ctrl-agent', nestor: binPath('kea-ctrl-agent') },
] as const;

/** How an example is changed before both programs check it, and why. */
interface Variant {
  why: string;
  /** What ISC's refusal of the original must name: the absent part the variant takes out. */
  hinge: RegExp;
  make(document: JsonObject, dir: string): JsonObject;
}

/** Kea's -t loads every hook library; these examples name .so files under /opt or /usr/local. */
const WITHOUT_HOOKS: Variant = {
  why: 'its hooks-libraries are .so files that are not on this machine (Kea -t loads them)',
  hinge: /hooks libraries failed to validate/,
  make: (document) => withoutKey(document, 'hooks-libraries') as JsonObject,
};

const VARIANTS: Record<string, Variant> = {
  'kea6/all-keys.json': WITHOUT_HOOKS,
  'kea6/all-keys-netconf.json': WITHOUT_HOOKS,
  'kea6/config-backend.json': WITHOUT_HOOKS,
  'kea6/ha-hot-standby.json': WITHOUT_HOOKS,
  'kea6/hooks.json': WITHOUT_HOOKS,
  'ddns/gss-tsig.json': WITHOUT_HOOKS,
  'ddns/sample1.json': WITHOUT_HOOKS,
  'agent/rbac.json': WITHOUT_HOOKS,
  'agent/simple.json': {
    why:
      'its clients read credentials from files in /tmp/kea-creds, made here in a temporary directory ' +
      '(user and password files, and a user:password file), and its hook library is not on this machine',
    hinge: /can't open file '\/tmp\/kea-creds\/hiddenu'/,
    make: (document, dir) => {
      const creds = join(dir, 'kea-creds');
      mkdirSync(creds, { recursive: true });
      writeFileSync(join(creds, 'hiddenu'), 'hiddenuser');
      writeFileSync(join(creds, 'hiddenp'), 'hiddenpassword');
      writeFileSync(join(creds, 'hiddens'), 'kea-admin:kea-secret');
      const copy = withoutKey(document, 'hooks-libraries') as JsonObject;
      const agent = copy['Control-agent'] as JsonObject;
      agent.authentication = { ...(agent.authentication as JsonObject), directory: creds };
      return copy;
    },
  },
};

/** Examples both refuse, with the phrase both programs' reasons must contain. */
const REASONS: Record<string, RegExp> = {
  'ddns/all-keys.json': /undefined key: d2\.sha1\.key/,
  'ddns/all-keys-netconf.json': /undefined key: d2\.sha1\.key/,
  'agent/comments.json': /'severity'/,
};

function withoutKey(value: JsonValue, key: string): JsonValue {
  if (Array.isArray(value)) return value.map((v) => withoutKey(v, key));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== key)
      .map(([k, v]) => [k, withoutKey(v, key)]),
  );
}

/**
 * A variant is written with JSON.stringify, which would print 4000.0 as the integer 4000 (a
 * different token to Kea's grammar): make sure no example has a floating-point number of
 * integral value, so a variant differs from its example only where the variant says.
 */
function integralFloats(value: JsonValue, sources: SourceMap, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = `${path}/${key}`;
    if (typeof child === 'number') {
      const index = Array.isArray(value) ? Number(key) : key;
      return sources.isFloat(value, index) && Number.isInteger(child) ? [here] : [];
    }
    return integralFloats(child, sources, here);
  });
}

/** Interfaces the examples name (subnets, shared networks, interfaces-config) and the addresses given with them. */
function namedInterfaces(value: JsonValue, found = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const add = (name: string, address?: string) => {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === '*') return;
    const set = found.get(trimmed) ?? new Set<string>();
    if (address) set.add(address.trim());
    found.set(trimmed, set);
  };
  if (Array.isArray(value)) for (const v of value) namedInterfaces(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'interface' && typeof child === 'string') add(child);
      else if (key === 'interfaces-config' && child && typeof child === 'object' && !Array.isArray(child)) {
        for (const entry of ((child as JsonObject).interfaces as JsonValue[] | undefined) ?? []) {
          if (typeof entry !== 'string') continue;
          const slash = entry.indexOf('/');
          if (slash < 0) add(entry);
          else add(entry.slice(0, slash), entry.slice(slash + 1));
        }
      } else namedInterfaces(child, found);
    }
  }
  return found;
}

interface Example {
  name: string;
  file: string;
  isc: string;
  nestor: string;
}

const missing: string[] = [];
if (typeof process.getuid !== 'function' || process.getuid() !== 0) missing.push('root (network namespaces)');
for (const { isc } of FOLDERS) if (!existsSync(isc)) missing.push(`${isc} (ISC Kea 2.2)`);
for (const { folder } of FOLDERS)
  if (!existsSync(join(EXAMPLES, folder))) missing.push(`${EXAMPLES}/${folder} (Debian's kea-doc)`);
if (missing.length > 0)
  console.warn(`the Kea examples test is SKIPPED: it needs ${missing.join(', ')}; nothing was compared`);

const examples: Example[] =
  missing.length > 0
    ? []
    : FOLDERS.flatMap(({ folder, isc, nestor }) =>
        readdirSync(join(EXAMPLES, folder))
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => ({ name: `${folder}/${f}`, file: join(EXAMPLES, folder, f), isc, nestor })),
      );

interface Verdict {
  accepted: boolean;
  output: string;
}

/** The file:line locations a -t output names (Kea's file:line:column and file:line.col-col, Nestor's file:line). */
function lines(output: string, file: string): Set<number> {
  const found = new Set<number>();
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const match of output.matchAll(new RegExp(`${escaped}:(\\d+)`, 'g'))) found.add(Number(match[1]));
  return found;
}

describe.skipIf(missing.length > 0)("Kea 2.2's example configurations: Nestor's -t verdict is ISC's", () => {
  let network: TestNetwork;
  let ns: Namespace;
  let sequence = 0;
  const table: string[] = [];

  beforeAll(async () => {
    network = new TestNetwork({ tag: 'examples' });
    ns = await network.addNamespace('srv');
    const peer = await network.addNamespace('peer');
    const wanted = new Map<string, Set<string>>();
    for (const { file } of examples)
      namedInterfaces(parseKeaJson(readFileSync(file, 'utf8'), file).value, wanted);
    let n = 0;
    for (const [name, addresses] of wanted) {
      await network.link(ns, name, peer, `p${n++}`);
      for (const address of addresses) await ns.addAddress(name, `${address}/64`);
    }
  });

  afterAll(async () => {
    if (table.length > 0) console.log(`example verdicts (ISC / Nestor):\n${table.join('\n')}`);
    const prefix = network?.prefix;
    await network?.destroy();
    if (prefix) expect((await listNamespaces()).filter((name) => name.startsWith(prefix))).toEqual([]);
  });

  const check = async (program: string, file: string): Promise<Verdict> => {
    sequence += 1;
    const env = { KEA_PIDFILE_DIR: network.dir, KEA_LOCKFILE_DIR: network.dir };
    const run = await network.run(ns, `check${sequence}`, [program, '-t', file], 30_000, env);
    return { accepted: run.code === 0, output: run.output };
  };

  it('finds the examples and the interfaces they name', () => {
    expect(examples.length).toBeGreaterThan(30);
    expect(ns).toBeDefined();
  });

  it.each(examples.map((e) => [e.name, e] as const))('%s', async (name, example) => {
    const { value, sources } = parseKeaJson(readFileSync(example.file, 'utf8'), example.file);
    const variant = VARIANTS[name];
    let file = example.file;
    if (variant) {
      const original = await check(example.isc, example.file);
      expect(original.accepted, `ISC accepts ${name} as shipped: drop its variant`).toBe(false);
      expect(original.output, `ISC's refusal of ${name} is not about what its variant takes out`).toMatch(
        variant.hinge,
      );
      expect(integralFloats(value, sources), 'numbers a variant would rewrite').toEqual([]);
      const dir = join(network.dir, name.replace(/[^A-Za-z0-9]/g, '_'));
      mkdirSync(dir, { recursive: true });
      file = join(dir, 'variant.json');
      writeFileSync(file, JSON.stringify(variant.make(value as JsonObject, dir), null, 2));
    }
    const isc = await check(example.isc, file);
    const nestor = await check(example.nestor, file);
    const word = (v: Verdict) => (v.accepted ? 'accepted' : 'refused');
    table.push(`  ${name}${variant ? ' (variant)' : ''}: ${word(isc)} / ${word(nestor)}`);
    expect(nestor.accepted, `ISC:\n${isc.output}\nNestor:\n${nestor.output}`).toBe(isc.accepted);
    if (isc.accepted) {
      expect(REASONS[name], `${name} is accepted by both: no reason to compare`).toBeUndefined();
      return;
    }
    // Both refuse: Nestor names a line ISC names, and the phrase both reasons must share.
    const theirs = lines(isc.output, file);
    const ours = lines(nestor.output, file);
    expect(
      [...theirs].some((line) => ours.has(line)),
      `ISC names lines ${[...theirs]}, Nestor ${[...ours]}`,
    ).toBe(true);
    const reason = REASONS[name];
    expect(reason, `${name} is refused by both: say in REASONS what both must name`).toBeDefined();
    expect(isc.output).toMatch(reason!);
    expect(nestor.output).toMatch(reason!);
  });
});
