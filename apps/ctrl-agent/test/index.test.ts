import { describe, expect, it } from 'vitest';
import { packageName } from '../src/index.js';

describe('@nestor/ctrl-agent', () => {
  it('names itself', () => {
    expect(packageName).toBe('@nestor/ctrl-agent');
  });
});
