import { decodeMessage, safeDecodeMessage } from '@nestor/codec';
import { describe, expect, it } from 'vitest';
import { clientDuid } from '../src/exchanges.js';
import { fuzzPackets, random } from '../src/fuzz.js';

describe('fuzz packets', () => {
  it('are deterministic per seed and mostly not decodable', () => {
    const a = [...fuzzPackets(7, 500)];
    const b = [...fuzzPackets(7, 500)];
    expect(a).toEqual(b);
    const bad = a.filter((p) => !safeDecodeMessage(p).ok).length;
    expect(bad).toBeGreaterThan(250);
    expect(a.some((p) => p.length > 1000)).toBe(true); // deep relay chains are among them
  });

  it('random() stays in [0, 1)', () => {
    const next = random(1);
    for (let i = 0; i < 1000; i++) {
      const x = next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('client DUIDs are distinct DUID-LLs', () => {
    expect(clientDuid(1)).not.toEqual(clientDuid(2));
    expect(clientDuid(256).slice(0, 4)).toEqual(new Uint8Array([0, 3, 0, 1]));
    expect(() => decodeMessage(new Uint8Array([1, 0, 0, 1]))).not.toThrow();
  });
});
