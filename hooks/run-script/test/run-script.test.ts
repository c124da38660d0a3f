/**
 * The run_script library on its own, driven as kea-dhcp6 drives it (a LibraryHandle, callouts
 * with a CalloutHandle's getArgument / getStatus), with real scripts: the load-time checks of
 * Kea 2.2 with its words, the variables of every DHCPv6 hook point, a callout that returns
 * before its script ends, an earlier SKIP or DROP honoured, and failures logged and counted.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as library from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'nestor-run-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Callout = (h: { getArgument(n: string): unknown; getStatus(): number }) => unknown;

function harness(parameters: Record<string, unknown>) {
  const callouts = new Map<string, Callout>();
  const logged: string[] = [];
  const counted: string[] = [];
  const log = {
    error: (id: string, text: string) => logged.push(`${id} ${text}`),
    info: (id: string, text: string) => logged.push(`${id} ${text}`),
    debug: () => {},
  };
  const handle = {
    getParameter: (name: string) => parameters[name],
    logger: () => log,
    registerCallout: (hook: string, fn: Callout) => callouts.set(hook, fn),
    server: { statistics: { add: (name: string) => counted.push(name) } },
  };
  const call = (hook: string, args: Record<string, unknown>, status = 0) =>
    callouts.get(hook)!({
      getArgument: (n) => {
        if (!(n in args)) throw new Error(`no argument ${n}`);
        return args[n];
      },
      getStatus: () => status,
    });
  return { handle, callouts, logged, counted, call };
}

let sequence = 0;
/** A script that records its argument and environment in out/<n>.env. */
function recordingScript(extra = ''): { script: string; out: string } {
  sequence += 1;
  const out = join(dir, `out${sequence}`);
  const script = join(dir, `record${sequence}.sh`);
  writeFileSync(
    script,
    `#!/bin/bash\nmkdir -p ${out}\n${extra}\n{ echo "$1"; for n in $(compgen -e); do echo "$n=\${!n}"; done; } > ${out}/$$.tmp && mv ${out}/$$.tmp ${out}/$$.env\n`,
    { mode: 0o755 },
  );
  return { script, out };
}

async function recorded(out: string, n = 1): Promise<{ hook: string; env: Record<string, string> }[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    let files: string[] = [];
    try {
      files = readdirSync(out).filter((f) => f.endsWith('.env'));
    } catch {}
    if (files.length >= n)
      return files.map((f) => {
        const [hook, ...lines] = readFileSync(join(out, f), 'utf8').trimEnd().split('\n');
        const env = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        delete env['PWD'];
        delete env['SHLVL'];
        return { hook: hook!, env };
      });
    if (Date.now() > deadline) throw new Error(`no ${n} script call(s) in ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const query6 = {
  type: 6,
  transactionId: 0xabcdef,
  localAddress: 'ff02::1:2',
  localPort: 547,
  remoteAddress: 'fe80::1',
  remotePort: 546,
  interfaceIndex: 7,
  interfaceName: 'eth9',
  duid: '00:03:00:01:02:00:00:00:00:01',
};
const pd = {
  type: 2,
  address: '2001:db8:100::',
  prefixLength: 56,
  duid: '00:03:00:01:02:00:00:00:00:01',
  iaid: 9,
  subnetId: 4,
  preferredLifetime: 300,
  validLifetime: 400,
  cltt: 1700000000,
  hostname: 'h.example.org.',
  hwaddr: '',
  hwtype: 1,
  state: 0,
};
const declined = {
  ...pd,
  type: 0,
  address: '2001:db8::5',
  prefixLength: 128,
  duid: '00',
  state: 1,
  hwaddr: '02:00:00:00:00:01',
};

describe('run_script load', () => {
  const loadError = (parameters: Record<string, unknown>) => {
    const h = harness(parameters);
    try {
      library.load(h.handle as never);
    } catch (err) {
      expect(h.logged.join('\n')).toContain('RUN_SCRIPT_LOAD_ERROR');
      return (err as Error).message;
    }
    return undefined;
  };

  it("refuses what Kea 2.2 refuses, in Kea's words", () => {
    expect(loadError({})).toBe("The 'name' parameter is mandatory");
    expect(loadError({ name: 3 })).toBe("The 'name' parameter must be a string");
    expect(loadError({ name: join(dir, 'none.sh') })).toBe(
      `Invalid 'name' parameter: File not found: ${join(dir, 'none.sh')}`,
    );
    const plain = join(dir, 'plain.sh');
    writeFileSync(plain, '#!/bin/sh\n');
    chmodSync(plain, 0o644);
    expect(loadError({ name: plain })).toBe(`Invalid 'name' parameter: File not executable: ${plain}`);
    const { script } = recordingScript();
    expect(loadError({ name: script, sync: 'yes' })).toBe("The 'sync' parameter must be a boolean");
    expect(loadError({ name: script, sync: true })).toBeUndefined();
  });

  it("registers Kea 2.2's seven DHCPv6 hook points", () => {
    const { script } = recordingScript();
    const h = harness({ name: script });
    library.load(h.handle as never);
    expect([...h.callouts.keys()].sort()).toEqual([
      'lease6_decline',
      'lease6_expire',
      'lease6_rebind',
      'lease6_recover',
      'lease6_release',
      'lease6_renew',
      'leases6_committed',
    ]);
    expect(h.logged).toContain('RUN_SCRIPT_LOAD Run Script hooks library has been loaded');
  });
});

describe('run_script events', () => {
  let h: ReturnType<typeof harness>;
  let out: string;
  beforeEach(() => {
    const made = recordingScript();
    out = made.out;
    h = harness({ name: made.script });
    library.load(h.handle as never);
  });

  it('lease6_rebind of a prefix: QUERY6_*, LEASE6_*, PKT6_IA_* from ia_pd (T1, T2 0 as Kea passes them)', async () => {
    h.call('lease6_rebind', { query6, lease6: pd, ia_pd: { iaid: 9 } });
    const [c] = await recorded(out);
    expect(c!.hook).toBe('lease6_rebind');
    expect(c!.env).toEqual({
      QUERY6_TYPE: 'REBIND',
      QUERY6_TXID: String(0xabcdef),
      QUERY6_LOCAL_ADDR: 'ff02::1:2',
      QUERY6_LOCAL_PORT: '547',
      QUERY6_REMOTE_ADDR: 'fe80::1',
      QUERY6_REMOTE_PORT: '546',
      QUERY6_IFACE_INDEX: '7',
      QUERY6_IFACE_NAME: 'eth9',
      QUERY6_REMOTE_HWADDR: '',
      QUERY6_REMOTE_HWADDR_TYPE: '',
      QUERY6_PROTO: 'UDP',
      QUERY6_CLIENT_ID: '00:03:00:01:02:00:00:00:00:01',
      LEASE6_ADDRESS: '2001:db8:100::',
      LEASE6_CLTT: '1700000000',
      LEASE6_HOSTNAME: 'h.example.org.',
      LEASE6_HWADDR: '',
      LEASE6_HWADDR_TYPE: '',
      LEASE6_STATE: 'default',
      LEASE6_SUBNET_ID: '4',
      LEASE6_VALID_LIFETIME: '400',
      LEASE6_DUID: '00:03:00:01:02:00:00:00:00:01',
      LEASE6_IAID: '9',
      LEASE6_PREFERRED_LIFETIME: '300',
      LEASE6_PREFIX_LEN: '56',
      LEASE6_TYPE: 'IA_PD',
      PKT6_IA_IAID: '9',
      PKT6_IA_IA_TYPE: '25',
      PKT6_IA_IA_T1: '0',
      PKT6_IA_IA_T2: '0',
    });
  });

  it('lease6_expire (REMOVE_LEASE), lease6_recover and lease6_decline', async () => {
    h.call('lease6_expire', { lease6: pd, remove_lease: true });
    h.call('lease6_recover', { lease6: declined });
    h.call('lease6_decline', { query6: { ...query6, type: 9 }, lease6: declined });
    const calls = await recorded(out, 3);
    const by = (hook: string) => calls.find((c) => c.hook === hook)!.env;
    expect(by('lease6_expire')['REMOVE_LEASE']).toBe('true');
    expect(Object.keys(by('lease6_expire')).filter((n) => !n.startsWith('LEASE6_'))).toEqual([
      'REMOVE_LEASE',
    ]);
    expect(by('lease6_recover')).toMatchObject({
      LEASE6_STATE: 'declined',
      LEASE6_DUID: '00',
      LEASE6_HWADDR: '02:00:00:00:00:01',
      LEASE6_HWADDR_TYPE: '1',
      LEASE6_TYPE: 'IA_NA',
    });
    expect(Object.keys(by('lease6_recover')).every((n) => n.startsWith('LEASE6_'))).toBe(true);
    expect(by('lease6_decline')).toMatchObject({ QUERY6_TYPE: 'DECLINE', LEASE6_ADDRESS: '2001:db8::5' });
  });

  it('leases6_committed numbers LEASES6_AT<i>_* and DELETED_LEASES6_AT<i>_*', async () => {
    h.call('leases6_committed', {
      query6: { ...query6, type: 3 },
      leases6: [pd, declined],
      deleted_leases6: [],
    });
    const [c] = await recorded(out);
    expect(c!.env['LEASES6_SIZE']).toBe('2');
    expect(c!.env['LEASES6_AT1_ADDRESS']).toBe('2001:db8::5');
    expect(c!.env['DELETED_LEASES6_SIZE']).toBe('0');
    expect(Object.keys(c!.env).filter((n) => n.startsWith('LEASES6_AT0_'))).toHaveLength(13);
  });

  it('an earlier SKIP or DROP: the script is not run', async () => {
    h.call('lease6_release', { query6, lease6: pd }, 1);
    h.call('lease6_release', { query6, lease6: pd }, 2);
    h.call('lease6_recover', { lease6: pd });
    const calls = await recorded(out, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect((await recorded(out, 1)).map((c) => c.hook)).toEqual(['lease6_recover']);
    expect(calls).toHaveLength(1);
  });
});

describe('run_script runs', () => {
  it('the callout returns before the script ends: the packet never waits for it', async () => {
    const { script, out } = recordingScript('sleep 2');
    const h = harness({ name: script });
    library.load(h.handle as never);
    const started = performance.now();
    h.call('lease6_recover', { lease6: pd });
    expect(performance.now() - started).toBeLessThan(200);
    await recorded(out);
    expect(performance.now() - started).toBeGreaterThan(1_900);
  });

  it('a script that fails or is gone later is logged (RUN_SCRIPT_FAILED) and counted', async () => {
    const failing = join(dir, 'fail.sh');
    writeFileSync(failing, '#!/bin/bash\nexit 3\n', { mode: 0o755 });
    const h = harness({ name: failing });
    library.load(h.handle as never);
    h.call('lease6_recover', { lease6: pd });
    const deadline = Date.now() + 5_000;
    while (h.counted.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(h.counted).toEqual(['run-script-failed']);
    expect(h.logged.join('\n')).toContain(`RUN_SCRIPT_FAILED ${failing} lease6_recover exited with status 3`);
    rmSync(failing);
    h.call('lease6_recover', { lease6: pd });
    while (h.counted.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(h.counted).toHaveLength(2);
    expect(h.logged.join('\n')).toMatch(
      /RUN_SCRIPT_FAILED .*fail\.sh lease6_recover could not be started: .*ENOENT/,
    );
  });
});
