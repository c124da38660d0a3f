import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/test-e2e', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/test-e2e');
  });
});
