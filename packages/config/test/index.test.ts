import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/config', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/config');
  });
});
