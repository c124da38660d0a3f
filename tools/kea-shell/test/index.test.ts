import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/kea-shell', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/kea-shell');
  });
});
