/** @nestor/test-e2e: scenarios with real clients, their servers under test, and the perfdhcp bench. */
export { scenarioA, scenarioAConfig, scenarioB, scenarioBConfig } from './scenarios.js';
export { kea, nestor, type ServerUnderTest, serversFor, variantTitle, waitsForServer } from './servers.js';
