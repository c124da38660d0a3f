import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/kea-admin', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/kea-admin');
  });
});
