import { defineConfig } from 'vitest/config';

// Shared by every package: tests live in test/, never in src/, so the build ships no test code.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
