import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/d2', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/d2');
  });
});
