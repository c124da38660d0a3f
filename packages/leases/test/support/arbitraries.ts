/** fast-check arbitraries of leases and lease file rows, shared by the fuzz tests. */

import { ipv6BytesToText } from '@nestor/codec';
import fc from 'fast-check';
import { type JsonObject, type Lease6, parseHeader, rowFormatter } from '../../src/index.js';
import { HEADER_2_2 } from './fixtures.js';

export const kea22 = parseHeader(HEADER_2_2);

const hexBytes = (min: number, max: number) =>
  fc
    .uint8Array({ minLength: min, maxLength: max })
    .map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));

const uint32 = fc.integer({ min: 0, max: 0xffffffff });

/** -0 reads back as 0: compare JSON values as JSON does. */
const jsonObject: fc.Arbitrary<JsonObject> = fc
  .dictionary(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }),
    { maxKeys: 5 },
  )
  .map((o) => JSON.parse(JSON.stringify(o)) as JsonObject);

/**
 * Any lease the model allows; `withPoolId` for the Kea 2.4 layout (2.2 files have no pool id);
 * `stored` leaves out valid lifetime 0, which a lease file reads as a removal.
 */
export function arbitraryLease(withPoolId: boolean, stored = false): fc.Arbitrary<Lease6> {
  return fc
    .record({
      type: fc.constantFrom(0 as const, 1 as const, 2 as const),
      groups: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
      prefixLength: fc.integer({ min: 0, max: 128 }),
      duid: hexBytes(1, 128),
      iaid: uint32,
      subnetId: uint32,
      preferredLifetime: uint32,
      validLifetime: stored ? fc.integer({ min: 1, max: 0xffffffff }) : uint32,
      cltt: fc.integer({ min: 0, max: 2 ** 40 }),
      fqdnFwd: fc.boolean(),
      fqdnRev: fc.boolean(),
      hostname: fc.string({ unit: 'binary', maxLength: 40 }),
      hwaddr: fc.option(hexBytes(1, 20), { nil: '' }),
      hwtype: fc.integer({ min: 0, max: 0xffff }),
      hwaddrSource: uint32,
      state: fc.oneof(fc.constantFrom(0, 1, 2), uint32),
      userContext: fc.option(jsonObject, { nil: undefined }),
      poolId: withPoolId ? uint32 : fc.constant(0),
    })
    .map(({ groups, ...fields }) => {
      const lease: Lease6 = {
        ...fields,
        address: ipv6BytesToText(Uint8Array.from(groups.flatMap((g: number) => [g >> 8, g & 0xff]))),
      };
      // Rules of the model: the empty DUID only on declined leases, hardware details only with an address.
      const duid = lease.duid === '00' && lease.state !== 1 ? '00:00' : lease.duid;
      return lease.hwaddr === '' ? { ...lease, duid, hwtype: 1, hwaddrSource: 0 } : { ...lease, duid };
    });
}

/** A row of Kea-like text with random damage: replaced, removed and inserted characters. */
export const mutatedRow = fc
  .tuple(
    arbitraryLease(false).map((l) => rowFormatter(kea22)(l).trimEnd()),
    fc.array(
      fc.tuple(
        fc.constantFrom('replace', 'delete', 'insert'),
        fc.nat(),
        fc.constantFrom(
          ',',
          '&',
          '#',
          'x',
          '0',
          ':',
          '.',
          '-',
          '{',
          '}',
          '"',
          '\\',
          '\r',
          ' ',
          'é',
          '\u0000',
          '9',
          'f',
        ),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([row, edits]) => {
    let text = row;
    for (const [kind, at, char] of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      if (kind === 'replace') text = text.slice(0, i) + char + text.slice(i + 1);
      else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
      else text = text.slice(0, i) + char + text.slice(i);
    }
    return text;
  });
