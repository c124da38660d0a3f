import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';
import type { Dhcp6Config } from './model.js';

/** A problem a model check found: its path inside the Dhcp6 section and Kea's words. */
export interface Dhcp6CheckProblem {
  path: readonly (string | number)[];
  message: string;
}

/**
 * A check of a built Dhcp6 model that needs a library this package does not depend on (the
 * server registers the client-class expression check of @nestor/eval). It sees the model and the
 * section as written (for paths), and reports problems instead of throwing.
 */
export type Dhcp6ModelCheck = (model: Dhcp6Config, section: JsonObject) => readonly Dhcp6CheckProblem[];

const checks: Dhcp6ModelCheck[] = [];

/**
 * Adds a check that every later parseDhcp6Config runs (start-up, -t, reload, config-set and
 * config-test all parse through it), so one registration covers every way in. Registering the
 * same function twice is a no-op.
 */
export function registerDhcp6ModelCheck(check: Dhcp6ModelCheck): void {
  if (!checks.includes(check)) checks.push(check);
}

/** Runs the registered checks, adding their problems under Dhcp6. */
export function runDhcp6ModelChecks(
  model: Dhcp6Config,
  section: JsonObject,
  problems: ProblemCollector,
): void {
  for (const check of checks) {
    for (const problem of check(model, section)) problems.add(['Dhcp6', ...problem.path], problem.message);
  }
}
