import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/keactrl', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/keactrl');
  });
});
