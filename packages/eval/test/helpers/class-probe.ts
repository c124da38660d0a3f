/**
 * How a test reads Kea's classification from the outside: every class under test gets an
 * option of its own (code PROBE_CODE_BASE + its position) sent with always-send, so a reply
 * carries exactly the options of the classes the query was assigned. No log parsing, and the
 * membership seen is the one Kea acts on when it builds the reply.
 */
import { decodeMessage, unwrapRelay } from '@nestor/codec';

/** Option codes PROBE_CODE_BASE.. are unassigned in the dhcp6 space. */
export const PROBE_CODE_BASE = 2000;

export interface ProbedClass {
  readonly name: string;
  readonly test?: string;
  readonly onlyIfRequired?: boolean;
}

/** The client-classes list for Kea's configuration: each class with its probe option. */
export function keaClientClasses(classes: readonly ProbedClass[]): Array<Record<string, unknown>> {
  return classes.map((entry, i) => ({
    name: entry.name,
    ...(entry.test === undefined ? {} : { test: entry.test }),
    ...(entry.onlyIfRequired ? { 'only-if-required': true } : {}),
    'option-data': [{ code: PROBE_CODE_BASE + i, 'csv-format': false, data: '01', 'always-send': true }],
  }));
}

/** The classes whose probe option the reply carries (undefined: no reply, the query was dropped). */
export function classesInReply(
  reply: Uint8Array | undefined,
  classes: readonly ProbedClass[],
): string[] | undefined {
  if (reply === undefined) return undefined;
  const { message } = unwrapRelay(decodeMessage(reply));
  if (message.kind !== 'client-server') throw new Error(`unexpected reply type ${message.msgType}`);
  const names: string[] = [];
  for (const option of message.options) {
    const index = option.code - PROBE_CODE_BASE;
    const entry = index >= 0 ? classes[index] : undefined;
    if (entry) names.push(entry.name);
  }
  return names.sort();
}
