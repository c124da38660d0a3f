import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/lfc', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/lfc');
  });
});
