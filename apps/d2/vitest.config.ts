import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The global setup names this run's network namespaces (the ISC kea-dhcp6 test makes some) and
// fails the run if any is left behind.
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['./test/global-setup.ts'] } }));
