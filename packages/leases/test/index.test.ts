import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/leases', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/leases');
  });
});
