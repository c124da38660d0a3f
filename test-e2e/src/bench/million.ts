/**
 * The million-lease figures: how long each kea-dhcp6 takes to load a 1,000,000-lease file
 * (until its control socket answers) and how much memory it then holds, and how long each
 * kea-lfc takes on a 1,000,000-row file, with its peak memory. Each server runs alone on the
 * same file (a fresh copy each), one after the other, so the ratios of one run compare like with
 * like on a shared machine.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendControlCommand, sleep } from '@nestor/testkit';
import type { FigureRow } from './figures.js';
import { writeLeaseFile } from './lease-file-generator.js';
import type { StoreCost } from './store-cost.js';

export interface StartupFigure {
  /** Seconds from spawn until the control socket first answers. */
  seconds: number;
  /** Resident set once answering, bytes. */
  rssBytes: number;
  /** assigned-nas of the subnet as the server reports it: proof the leases were loaded. */
  assigned: number;
}

export interface CleanupFigure {
  seconds: number;
  peakRssBytes: number;
  /** Data rows in the result: one per lease. */
  rowsOut: number;
}

/** A bench directory with the generated files, removed by `dispose`. */
export interface MillionFiles {
  dir: string;
  /** `leases` leases, one row each (the start-up file). */
  startup: string;
  /** `cleanupLeases` leases, `cleanupRows` rows in all (the kea-lfc input). */
  cleanup: string;
  dispose(): void;
}

export function makeMillionFiles(leases: number, cleanupRows: number, cleanupLeases: number): MillionFiles {
  const dir = mkdtempSync(join(tmpdir(), 'nestor-million-'));
  const startup = join(dir, 'startup.csv');
  const cleanup = join(dir, 'cleanup.csv');
  writeLeaseFile(startup, { leases });
  writeLeaseFile(cleanup, {
    leases: cleanupLeases,
    rowsPerLease: Math.max(1, Math.round(cleanupRows / cleanupLeases)),
  });
  return { dir, startup, cleanup, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function startupConfig(dir: string, leaseFile: string): object {
  return {
    Dhcp6: {
      'interfaces-config': { interfaces: [] },
      'control-socket': { 'socket-type': 'unix', 'socket-name': join(dir, 'control.sock') },
      'lease-database': { type: 'memfile', persist: true, name: leaseFile, 'lfc-interval': 0 },
      'server-id': { type: 'LLT', persist: false },
      'data-directory': dir,
      'valid-lifetime': 86_400,
      subnet6: [{ id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:1::/80' }] }],
      loggers: [
        { name: 'kea-dhcp6', output_options: [{ output: join(dir, 'server.log') }], severity: 'WARN' },
      ],
    },
  };
}

/** VmRSS or VmHWM of a live process, bytes (0 when gone). */
function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts a kea-dhcp6 (argv) on a copy of `leaseFile` and measures the time until its control
 * socket answers, then its resident memory; stops it. Throws if it exits or does not answer in
 * `timeoutMs`.
 */
export async function measureStartup(
  argv: readonly string[],
  leaseFile: string,
  timeoutMs = 180_000,
): Promise<StartupFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'nestor-startup-'));
  const copy = join(dir, 'leases6.csv');
  copyFileSync(leaseFile, copy);
  const config = join(dir, 'kea-dhcp6.json');
  writeFileSync(config, JSON.stringify(startupConfig(dir, copy)));
  const socket = join(dir, 'control.sock');
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir };
  const started = process.hrtime.bigint();
  const child = spawn(argv[0]!, [...argv.slice(1), '-c', config], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`${argv[0]} exited before answering: ${stderr.trim().split('\n').pop()}`);
      if (Number(process.hrtime.bigint() - started) / 1e6 > timeoutMs)
        throw new Error(`${argv[0]} did not answer in ${timeoutMs} ms`);
      try {
        await sendControlCommand(socket, 'version-get', undefined, 2_000);
        break;
      } catch {
        await sleep(20);
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rssBytes = procStatusBytes(child.pid!, 'VmRSS');
    const stat = await sendControlCommand(socket, 'statistic-get', { name: 'subnet[1].assigned-nas' });
    const samples = (stat.arguments as Record<string, [number, string][]> | undefined)?.[
      'subnet[1].assigned-nas'
    ];
    return { seconds, rssBytes, assigned: samples?.[0]?.[0] ?? -1 };
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      const deadline = Date.now() + 10_000;
      while (!exited && Date.now() < deadline) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a kea-lfc (argv) on a copy of `rowsFile` as its `.1` file, under /usr/bin/time for the peak RSS. */
export async function measureCleanup(argv: readonly string[], rowsFile: string): Promise<CleanupFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'nestor-lfc-'));
  try {
    const base = join(dir, 'leases6.csv');
    copyFileSync(rowsFile, `${base}.1`);
    const args = ['-f', '%e %M', ...argv, '-6', '-x', `${base}.2`, '-i', `${base}.1`, '-o', `${base}.output`];
    args.push('-f', `${base}.completed`, '-p', `${base}.pid`, '-c', join(dir, 'none.json'));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve({ code: exitCode, stderr: text }));
    });
    const last = stderr.trim().split('\n').pop() ?? '';
    const match = /^([\d.]+) (\d+)$/.exec(last);
    if (code !== 0 || !match) throw new Error(`${argv[0]} failed (exit ${code}): ${last}`);
    const result = readFileSync(`${base}.2`, 'latin1');
    let rowsOut = -1; // the header
    for (let at = result.indexOf('\n'); at >= 0; at = result.indexOf('\n', at + 1)) rowsOut++;
    return { seconds: Number(match[1]), peakRssBytes: Number(match[2]) * 1024, rowsOut };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MillionSettings {
  /** Leases in the start-up file. */
  leases: number;
  /** Rows and leases of the kea-lfc input. */
  cleanupRows: number;
  cleanupLeases: number;
  /** Leases of the small store the lookup costs are compared with. */
  smallLeases: number;
}

export interface ProgramPair {
  nestorDhcp6: readonly string[];
  keaDhcp6: readonly string[];
  nestorLfc: readonly string[];
  keaLfc: readonly string[];
}

const mib = (bytes: number) => bytes / 2 ** 20;
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (nestor: number, kea: number) =>
  kea > 0 && Number.isFinite(nestor) ? fixed(nestor / kea, 2) : '-';

async function storeCostOf(file: string): Promise<StoreCost> {
  const script = new URL('./store-cost.js', import.meta.url).pathname;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`store-cost: ${err.trim()}`))));
  });
  return JSON.parse(output.trim().split('\n').pop()!) as StoreCost;
}

/**
 * Every million-lease figure, Nestor beside ISC Kea in one run: start-up, memory, lease file
 * cleanup, and (Nestor's store alone: Kea has no way to time a lookup from outside) lookup and
 * allocation cost at a small and at the full lease count. A figure that fails says why.
 */
export async function millionFigures(
  settings: MillionSettings,
  programs: ProgramPair,
  progress: (line: string) => void = () => {},
): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  const started = Date.now();
  const files = makeMillionFiles(settings.leases, settings.cleanupRows, settings.cleanupLeases);
  const small = join(files.dir, 'small.csv');
  writeLeaseFile(small, { leases: settings.smallLeases });
  progress(`  lease files generated in ${((Date.now() - started) / 1000).toFixed(1)} s (${files.dir})`);
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | Error> => {
    try {
      const result = await run();
      progress(`  ${what}: ${JSON.stringify(result)}`);
      return result;
    } catch (error) {
      progress(`  ${what} failed: ${(error as Error).message}`);
      return error as Error;
    }
  };
  try {
    const nestorStart = await attempt('Nestor start-up', () =>
      measureStartup(programs.nestorDhcp6, files.startup),
    );
    const keaStart = await attempt('Kea start-up', () => measureStartup(programs.keaDhcp6, files.startup));
    const startupRow = (
      figure: string,
      value: (s: StartupFigure) => number,
      format: (n: number) => string,
    ) => {
      const n = nestorStart instanceof Error ? Number.NaN : value(nestorStart);
      const k = keaStart instanceof Error ? Number.NaN : value(keaStart);
      rows.push({
        figure,
        nestor: nestorStart instanceof Error ? 'failed' : format(n),
        kea: keaStart instanceof Error ? 'failed' : format(k),
        ratio: ratio(n, k),
      });
    };
    const count = thousands(settings.leases);
    startupRow(
      `start-up on ${count} leases, s (until the control socket answers)`,
      (s) => s.seconds,
      (n) => fixed(n, 2),
    );
    startupRow(`start-up rows/s`, (s) => settings.leases / s.seconds, thousands);
    startupRow(
      `RSS after start-up, MiB`,
      (s) => mib(s.rssBytes),
      (n) => fixed(n, 0),
    );
    startupRow(
      `RSS per lease, bytes`,
      (s) => s.rssBytes / settings.leases,
      (n) => fixed(n, 0),
    );
    startupRow(`leases loaded (assigned-nas)`, (s) => s.assigned, thousands);

    const nestorLfc = await attempt('Nestor kea-lfc', () =>
      measureCleanup(programs.nestorLfc, files.cleanup),
    );
    const keaLfc = await attempt('Kea kea-lfc', () => measureCleanup(programs.keaLfc, files.cleanup));
    const lfcRow = (figure: string, value: (c: CleanupFigure) => number, format: (n: number) => string) => {
      const n = nestorLfc instanceof Error ? Number.NaN : value(nestorLfc);
      const k = keaLfc instanceof Error ? Number.NaN : value(keaLfc);
      rows.push({
        figure,
        nestor: nestorLfc instanceof Error ? 'failed' : format(n),
        kea: keaLfc instanceof Error ? 'failed' : format(k),
        ratio: ratio(n, k),
      });
    };
    const lfcInput = `${thousands(settings.cleanupRows)} rows / ${thousands(settings.cleanupLeases)} leases`;
    lfcRow(
      `kea-lfc on ${lfcInput}, s`,
      (c) => c.seconds,
      (n) => fixed(n, 2),
    );
    lfcRow(
      `kea-lfc peak RSS, MiB`,
      (c) => mib(c.peakRssBytes),
      (n) => fixed(n, 0),
    );
    lfcRow(`kea-lfc leases written`, (c) => c.rowsOut, thousands);

    const smallCost = await attempt(`Nestor store, ${thousands(settings.smallLeases)} leases`, () =>
      storeCostOf(small),
    );
    const largeCost = await attempt(`Nestor store, ${count} leases`, () => storeCostOf(files.startup));
    const costRow = (figure: string, value: (c: StoreCost) => number) => {
      if (smallCost instanceof Error || largeCost instanceof Error) {
        rows.push({ figure, nestor: 'failed', kea: '-', ratio: '-' });
        return;
      }
      const a = value(smallCost);
      const b = value(largeCost);
      rows.push({
        figure: `${figure}, ns: ${thousands(settings.smallLeases)} -> ${count} leases`,
        nestor: `${thousands(a)} -> ${thousands(b)}`,
        kea: '-',
        ratio: `${fixed(b / a, 2)} (large/small)`,
      });
    };
    costRow('lease get by address', (c) => c.getNs);
    costRow('lease get by store key (server)', (c) => c.getKeyedNs);
    costRow('leases of an IA (getByIa)', (c) => c.byIaNs);
    costRow('lease allocation (addKeyed + row)', (c) => c.addNs);
  } finally {
    files.dispose();
  }
  return rows;
}
