/**
 * The Authorization header is what any HTTP client sends first: random headers prove no user
 * (and never throw), the right credentials in any of the header's accepted forms prove theirs.
 */
import { fuzzRuns } from '@nestor/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authenticate, type BasicAuthConfig } from '../src/index.js';

const CONFIG: BasicAuthConfig = {
  realm: 'kea-control-agent',
  clients: [
    { user: 'admin', password: 'secret' },
    { user: 'ops', password: '' },
    { user: 'é', password: 'p:w:d' },
  ],
};
const basic = (text: string): string => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('authenticate under fuzzing', () => {
  it('proves no user for random headers and random credentials', () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ maxLength: 40 }).map(basic),
      fc
        .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
        .map(([u, p]) => basic(`${u}:${p}`)),
      fc.base64String({ maxLength: 40 }).map((b) => `Basic ${b}`),
    );
    fc.assert(
      fc.property(header, (h) => {
        const user = authenticate(CONFIG, h);
        if (user !== undefined) {
          // Only a header that carries a configured client's exact credentials may pass.
          const decoded = Buffer.from(h.replace(/^Basic +/, '').trim(), 'base64').toString('utf8');
          expect(CONFIG.clients.map((c) => `${c.user}:${c.password}`)).toContain(decoded);
        }
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it("proves each client's user with its credentials, whatever the spacing Kea accepts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONFIG.clients),
        fc.constantFrom(' ', '   '),
        fc.constantFrom('', ' ', '\t'),
        (c, gap, tail) => {
          const encoded = Buffer.from(`${c.user}:${c.password}`, 'utf8').toString('base64');
          expect(authenticate(CONFIG, `Basic${gap}${encoded}${tail}`)).toBe(c.user);
          expect(authenticate(CONFIG, basic(`${c.user}:${c.password}x`))).toBeUndefined();
        },
      ),
      { numRuns: fuzzRuns(100) },
    );
  });
});
