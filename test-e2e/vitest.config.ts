import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// Scenario files run one after another: each drives real clients on timers, and two at once on
// a small CI machine would only make the timings noisier. The global setup gives the run an id
// that every namespace name carries, and fails the run if any of them is left behind.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ['./test/global-setup.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
