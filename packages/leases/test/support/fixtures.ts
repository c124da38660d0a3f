import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type Lease6, type Lease6Init, type LeaseLogger, lease6 } from '../../src/index.js';

export const HEADER_2_2 =
  'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';

/** A fresh directory per call, removed after the test (also when it fails). */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
export function tempDir(prefix = 'leases-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function writeLines(file: string, lines: readonly string[]): void {
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

export interface LogRecord {
  severity: 'error' | 'warn' | 'info' | 'debug';
  id: string;
  text: string;
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): LeaseLogger & { records: LogRecord[]; ids(): string[] } {
  const records: LogRecord[] = [];
  return {
    records,
    ids: () => records.map((r) => r.id),
    error: (id, text) => records.push({ severity: 'error', id, text }),
    warn: (id, text) => records.push({ severity: 'warn', id, text }),
    info: (id, text) => records.push({ severity: 'info', id, text }),
    debug: (_level, id, text) => records.push({ severity: 'debug', id, text }),
  };
}

let counter = 0;
/** A valid address lease; each call gets a new address unless one is given. */
export function sampleLease(overrides: Partial<Lease6Init> = {}): Lease6 {
  counter++;
  return lease6({
    type: 0,
    address: `2001:db8:1::${counter.toString(16)}`,
    duid: '00:01:00:01:aa:bb:cc:dd',
    iaid: 1,
    subnetId: 1,
    preferredLifetime: 1800,
    validLifetime: 3600,
    cltt: 1_700_000_000,
    ...overrides,
  });
}
