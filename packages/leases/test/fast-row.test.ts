/**
 * The loader's fast row reader against parseRow, the reference: whatever row the fast path
 * accepts (well-formed rows of any lease, damaged rows, odd IPv6 spellings), parseRow must
 * accept too, with the same lease and no warning; and it must accept the rows Kea and Nestor
 * write for leases without a user context, or it would be no fast path.
 */
import { ipv6TextToBytes } from '@nestor/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Lease6, parseRow, rowFormatter } from '../src/index.js';
import { type FastRow, newFastRow, readFastRow, readIpv6 } from '../src/memfile/fast-row.js';
import { LeaseSlab } from '../src/memfile/lease-slab.js';
import { arbitraryLease, kea22, mutatedRow } from './support/arbitraries.js';

const asRead = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** The lease a fast row stands for, built through the slab as the loader stores it. */
function leaseOf(row: FastRow): Lease6 {
  const slab = new LeaseSlab();
  return slab.lease(slab.insertRow(row));
}

function fast(line: string): Lease6 | undefined {
  const bytes = Buffer.from(line, 'latin1');
  const row = newFastRow();
  return readFastRow(bytes, 0, bytes.length, kea22, row) ? leaseOf(row) : undefined;
}

function agreesWithParseRow(line: string): boolean {
  const quick = fast(line);
  if (quick === undefined) return false;
  const reference = parseRow(line, kea22);
  expect(reference.ok).toBe(true);
  if (!reference.ok) return true;
  expect(reference.warning).toBeUndefined();
  expect(quick).toEqual(reference.lease);
  return true;
}

describe('the fast row reader', () => {
  it('reads every written lease without a user context as parseRow does', () => {
    fc.assert(
      fc.property(arbitraryLease(false), (lease) => {
        const line = asRead(rowFormatter(kea22)(lease).trimEnd());
        const accepted = agreesWithParseRow(line);
        if (lease.userContext === undefined) expect(accepted).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a damaged row only when parseRow reads it as the same lease', () => {
    fc.assert(
      fc.property(mutatedRow, (line) => {
        agreesWithParseRow(asRead(line));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads IPv6 text to the bytes the codec reads, or leaves it to the codec', () => {
    const groupText = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
      fc.constantFrom('', '0000', 'FFFF', '00000', 'g', '1.2.3.4', '%eth0'),
    );
    fc.assert(
      fc.property(fc.array(groupText, { minLength: 1, maxLength: 10 }), fc.nat(), (groups, gapAt) => {
        const parts = [...groups];
        if (gapAt % 3 === 0) parts.splice(gapAt % (parts.length + 1), 0, '');
        const text = parts.join(':');
        const out = new Uint8Array(16);
        const bytes = Buffer.from(text, 'latin1');
        if (readIpv6(bytes, 0, bytes.length, out)) expect(out).toEqual(ipv6TextToBytes(text));
      }),
      { numRuns: 5000 },
    );
    for (const text of ['::', '::1', '1::', '1:2:3:4:5:6:7:8', '1::2:3:4:5:6:7', '2001:DB8::A']) {
      const out = new Uint8Array(16);
      const bytes = Buffer.from(text, 'latin1');
      expect(readIpv6(bytes, 0, bytes.length, out)).toBe(true);
      expect(out).toEqual(ipv6TextToBytes(text));
    }
    for (const text of [
      ':',
      ':::',
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '12345::',
      '1:',
      ':1',
    ]) {
      const bytes = Buffer.from(text, 'latin1');
      expect(readIpv6(bytes, 0, bytes.length, new Uint8Array(16))).toBe(false);
    }
  });
});
