/**
 * Differential command testing: the same commands, in the same order, go to ISC kea-dhcp6 (the
 * reference) and to Nestor's, and their answers are compared after normalising only what must
 * differ between two servers started at different instants.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ControlAnswer, JsonValue } from '@nestor/control';

/** Anything that answers control commands. */
export interface CommandTarget {
  command(command: string, args?: JsonValue): Promise<ControlAnswer>;
}

/** One command of a sequence; `args` undefined sends no "arguments" at all. */
export interface Step {
  command: string;
  args?: JsonValue;
  /** What the step checks, for the difference report. */
  note?: string;
}

export const step = (command: string, args?: JsonValue, note?: string): Step => ({
  command,
  ...(args === undefined ? {} : { args }),
  ...(note === undefined ? {} : { note }),
});

/** A cltt set by "now" on each server: equal when taken within this many seconds of each other. */
const CLTT_SLACK_S = 5;

/** A result-set timestamp as Kea's stat_cmds writes it: UTC with microseconds. */
const RESULT_SET_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.\d{6}$/;

/** How far from the test's clock a result-set timestamp may be and still count as "now". */
const RESULT_SET_SLACK_MS = 60_000;

/**
 * stat-lease6-get's `result-set.timestamp`, each server's own "now": replaced by `<now>` when it
 * has Kea's form and is the current UTC time, left as it is (and so compared) otherwise.
 */
function withResultSetTime(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const set = value['result-set'];
  if (set === null || typeof set !== 'object' || Array.isArray(set)) return value;
  const match = typeof set.timestamp === 'string' ? RESULT_SET_TIME.exec(set.timestamp) : null;
  if (!match) return value;
  const [, y, mo, d, h, mi, sec] = match.map(Number) as number[];
  const at = Date.UTC(y!, mo! - 1, d!, h!, mi!, sec!);
  if (Math.abs(at - Date.now()) > RESULT_SET_SLACK_MS) return value;
  return { ...value, 'result-set': { ...set, timestamp: '<now>' } };
}

/**
 * Replaces what differs between two servers for reasons other than behaviour: statistics keep
 * the value of their newest sample only, or with `history` every value newest first (sample
 * times, and with them history lengths, are each server's own); a stat-lease6-get result set
 * loses its timestamp once it is checked to be "now". A `cltt` stamped "now" by each server is
 * compared with some slack by `sameAnswer`.
 */
export function normalise(
  value: JsonValue | undefined,
  command: string,
  history = false,
): JsonValue | undefined {
  if (command === 'stat-lease6-get' && value !== undefined) return withResultSetTime(value);
  if (command === 'statistic-get' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, samples]) => {
        if (!Array.isArray(samples) || !Array.isArray(samples[0])) return [name, samples];
        const values = samples.map((sample) => (sample as JsonValue[])[0]!);
        return [name, history ? values : values[0]!];
      }),
    );
  }
  return value;
}

/** An answer as compared: result, text and normalised arguments. */
export function comparable(answer: ControlAnswer, command: string, history = false): Record<string, unknown> {
  const out: Record<string, unknown> = { result: answer.result };
  if (answer.text !== undefined) out.text = answer.text;
  if (answer.arguments !== undefined) out.arguments = normalise(answer.arguments, command, history);
  return out;
}

export interface StepOutcome {
  step: Step;
  reference: Record<string, unknown>;
  nestor: Record<string, unknown>;
}

/** The answer with its "leases" list in address order, for comparing lists whose order is known to differ. */
export function withLeasesSorted(answer: Record<string, unknown>): Record<string, unknown> {
  const args = answer.arguments as { leases?: { 'ip-address': string; type: string }[] } | undefined;
  if (!args?.leases) return answer;
  const key = (l: { 'ip-address': string; type: string }) => `${l['ip-address']}/${l.type}`;
  const leases = [...args.leases].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { ...answer, arguments: { ...args, leases } };
}

/** Deep equality, except that two cltt within CLTT_SLACK_S seconds are the same "now". */
function sameAnswer(a: unknown, b: unknown): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameAnswer(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (!isDeepStrictEqual(ka, kb)) return false;
    return ka.every((k) => {
      const va = (a as Record<string, unknown>)[k];
      const vb = (b as Record<string, unknown>)[k];
      if (k === 'cltt' && typeof va === 'number' && typeof vb === 'number')
        return Math.abs(va - vb) <= CLTT_SLACK_S;
      return sameAnswer(va, vb);
    });
  }
  return false;
}

export interface DifferentialOptions {
  /** Steps whose lease lists are compared in address order. */
  unordered?: (s: Step) => boolean;
  /** statistic-get compares every sample's value, not just the newest. */
  statisticHistory?: boolean;
  /** Applied to both answers of a step before they are compared. */
  normalise?: (answer: Record<string, unknown>, s: Step) => Record<string, unknown>;
}

/**
 * Sends every step to the reference, then to Nestor (one at a time: each step may depend on the
 * state the previous ones left), and returns the steps whose answers differ.
 */
export async function runDifferential(
  steps: readonly Step[],
  reference: CommandTarget,
  nestor: CommandTarget,
  options: DifferentialOptions = {},
): Promise<StepOutcome[]> {
  const differences: StepOutcome[] = [];
  const tidy = options.normalise ?? ((answer: Record<string, unknown>) => answer);
  for (const s of steps) {
    const history = options.statisticHistory ?? false;
    let expected = tidy(comparable(await reference.command(s.command, s.args), s.command, history), s);
    let actual = tidy(comparable(await nestor.command(s.command, s.args), s.command, history), s);
    if (options.unordered?.(s)) {
      expected = withLeasesSorted(expected);
      actual = withLeasesSorted(actual);
    }
    if (!sameAnswer(expected, actual)) differences.push({ step: s, reference: expected, nestor: actual });
  }
  return differences;
}

/** Where two JSON values differ, as "path: a != b" lines (at most `limit`). */
function differingPaths(a: unknown, b: unknown, path = '', out: string[] = [], limit = 8): string[] {
  if (out.length >= limit || sameAnswer(a, b)) return out;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object';
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${path || '.'}: Kea ${JSON.stringify(a)} / Nestor ${JSON.stringify(b)}`);
    return out;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    const child = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
    differingPaths(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      child,
      out,
      limit,
    );
  }
  return out;
}

/** The differences as readable text, for the assertion message: whole answers when short. */
export function describeDifferences(differences: readonly StepOutcome[]): string {
  return differences
    .map(({ step: s, reference, nestor }) => {
      const head = `${s.command} ${JSON.stringify(s.args ?? null)}${s.note ? ` (${s.note})` : ''}`;
      const kea = JSON.stringify(reference);
      const ours = JSON.stringify(nestor);
      if (kea.length + ours.length < 400) return `${head}\n  Kea:    ${kea}\n  Nestor: ${ours}`;
      return `${head}\n  ${differingPaths(reference, nestor).join('\n  ')}`;
    })
    .join('\n');
}
