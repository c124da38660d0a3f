import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The global setup names this run's network namespaces and fails the run if a test leaks one.
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['./test/global-setup.ts'] } }));
