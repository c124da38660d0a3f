import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/dhcp6', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/dhcp6');
  });
});
