import { readFileSync } from 'node:fs';
import { TestkitError } from './errors.js';
import { waitUntil } from './wait.js';

/** lease_type column values (Kea's Lease::Type). */
export const LEASE_TYPE = { NA: 0, TA: 1, PD: 2 } as const;
/** state column values. */
export const LEASE_STATE = { DEFAULT: 0, DECLINED: 1, EXPIRED_RECLAIMED: 2 } as const;

/** Columns a lease6 file must have to be read at all; the others are optional (older/newer Kea). */
const REQUIRED_COLUMNS = [
  'address',
  'duid',
  'valid_lifetime',
  'expire',
  'subnet_id',
  'pref_lifetime',
  'lease_type',
  'iaid',
  'prefix_len',
] as const;

/** One row of a Kea memfile lease6 CSV, read by column name. */
export interface Lease6Row {
  /** 1-based line number in the file. */
  line: number;
  address: string;
  duid: string;
  validLifetime: number;
  /** Unix seconds: cltt + valid_lifetime. */
  expire: number;
  /** Client last transmission time, derived: expire - valid_lifetime. */
  cltt: number;
  subnetId: number;
  prefLifetime: number;
  leaseType: number;
  iaid: number;
  prefixLen: number;
  fqdnFwd: boolean;
  fqdnRev: boolean;
  /** Unescaped (Kea writes separators and '&' as &#xNN). */
  hostname: string;
  hwaddr: string;
  state: number;
  /** Unescaped JSON text, '' when absent. */
  userContext: string;
  /** Every column as written, unescaped, by header name (pool_id, hwtype, ...). */
  columns: Readonly<Record<string, string>>;
}

/** Kea's CSV escaping: a separator or '&' inside a value is written as "&#x" and two hex digits. */
export function unescapeCsvValue(value: string): string {
  return value.replace(/&#x([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

export function escapeCsvValue(value: string): string {
  return value.replace(/[,&]/g, (c) => `&#x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function integer(text: string, column: string, line: number): number {
  if (!/^\d+$/.test(text))
    throw new TestkitError(
      'PARSE',
      `lease6 CSV line ${line}: ${column} is not a non-negative integer: "${text}"`,
    );
  return Number(text);
}

function flag(text: string, column: string, line: number): boolean {
  if (text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new TestkitError('PARSE', `lease6 CSV line ${line}: ${column} is not 0/1: "${text}"`);
}

/**
 * Parses a lease6 CSV (header first). Columns are found by name, so a file with extra columns
 * (Kea 2.4's pool_id) or in another order reads the same. Throws PARSE naming the line.
 */
export function parseLease6Csv(text: string): Lease6Row[] {
  const lines = text.split('\n');
  const headerLine = lines[0]?.replace(/\r$/, '') ?? '';
  const header = headerLine.split(',');
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (headerLine === '' || missing.length > 0)
    throw new TestkitError(
      'PARSE',
      `not a lease6 CSV: header ${JSON.stringify(headerLine.slice(0, 80))} lacks ${missing.join(', ') || 'everything'}`,
    );
  const rows: Lease6Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw === '') continue;
    const line = i + 1;
    const values = raw.split(',');
    if (values.length !== header.length)
      throw new TestkitError(
        'PARSE',
        `lease6 CSV line ${line}: ${values.length} values for ${header.length} columns`,
      );
    const columns: Record<string, string> = {};
    header.forEach((name, at) => {
      columns[name] = unescapeCsvValue(values[at]!);
    });
    const get = (name: string) => columns[name] ?? '';
    const validLifetime = integer(get('valid_lifetime'), 'valid_lifetime', line);
    const expire = integer(get('expire'), 'expire', line);
    rows.push({
      line,
      address: get('address').toLowerCase(),
      duid: get('duid').toLowerCase(),
      validLifetime,
      expire,
      cltt: expire - validLifetime,
      subnetId: integer(get('subnet_id'), 'subnet_id', line),
      prefLifetime: integer(get('pref_lifetime'), 'pref_lifetime', line),
      leaseType: integer(get('lease_type'), 'lease_type', line),
      iaid: integer(get('iaid'), 'iaid', line),
      prefixLen: integer(get('prefix_len'), 'prefix_len', line),
      fqdnFwd: flag(get('fqdn_fwd'), 'fqdn_fwd', line),
      fqdnRev: flag(get('fqdn_rev'), 'fqdn_rev', line),
      hostname: get('hostname'),
      hwaddr: get('hwaddr').toLowerCase(),
      state: get('state') === '' ? 0 : integer(get('state'), 'state', line),
      userContext: get('user_context'),
      columns,
    });
  }
  return rows;
}

/**
 * The leases Kea holds after loading these rows in order: the latest row per address wins, and
 * a row with valid_lifetime 0 removes the address (that is how a release or deletion is written).
 */
export function effectiveLeases(rows: readonly Lease6Row[]): Lease6Row[] {
  const byAddress = new Map<string, Lease6Row>();
  for (const row of rows) {
    if (row.validLifetime === 0) byAddress.delete(row.address);
    else byAddress.set(row.address, row);
  }
  return [...byAddress.values()];
}

/** A lease6 CSV on disk, read afresh on every call (the server appends to it as it works). */
export class Lease6File {
  constructor(readonly path: string) {}

  /** All rows; [] while the file does not exist yet. */
  rows(): Lease6Row[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TestkitError('PARSE', `cannot read ${this.path}: ${(error as Error).message}`);
    }
    // a server appends whole lines; a last line without its newline is still being written
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete === '') return [];
    return parseLease6Csv(complete);
  }

  /** Every row written for an address (or prefix), in file order: each step of its life. */
  history(address: string): Lease6Row[] {
    const wanted = address.toLowerCase();
    return this.rows().filter((row) => row.address === wanted);
  }

  /** The last row for an address: its current state. */
  last(address: string): Lease6Row | undefined {
    return this.history(address).at(-1);
  }

  /** Last row leases it: valid_lifetime > 0 and state default. */
  isActive(address: string): boolean {
    const row = this.last(address);
    return row !== undefined && row.validLifetime > 0 && row.state === LEASE_STATE.DEFAULT;
  }

  /** Last row is a release/deletion: valid_lifetime 0. */
  isReleased(address: string): boolean {
    return this.last(address)?.validLifetime === 0;
  }

  /** What a server loading this file would hold (see effectiveLeases). */
  effective(): Lease6Row[] {
    return effectiveLeases(this.rows());
  }

  /** Waits (bounded) until `check` returns a value for the current rows. */
  async waitFor<T>(
    check: (file: Lease6File) => T | undefined | false,
    what: string,
    timeoutMs = 5_000,
  ): Promise<T> {
    return waitUntil(() => check(this), { timeoutMs, intervalMs: 100, what: `${what} in ${this.path}` });
  }
}
