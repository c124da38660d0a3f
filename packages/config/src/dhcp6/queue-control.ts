import type { ProblemCollector } from '../errors.js';
import type { JsonObject } from '../kea-json.js';

type Path = readonly (string | number)[];

/** The packet queue types kea-dhcp6 2.2 knows (PacketQueueMgr6 registers only its ring). */
export const DHCP6_QUEUE_TYPES = ['kea-ring6'] as const;

/**
 * The checks Kea 2.2 makes of dhcp-queue-control when it builds the queue: only when the queue
 * is enabled and multi-threading is not (under multi-threading Kea turns the queue off before
 * looking at it), the queue-type must be one it has a factory for (the schema makes capacity
 * a non-negative integer). The map may carry other parameters (a custom queue's); they are kept as written.
 */
export function checkQueueControl(
  raw: JsonObject | undefined,
  multiThreading: boolean,
  path: Path,
  problems: ProblemCollector,
): void {
  if (raw?.['enable-queue'] !== true || multiThreading) return;
  const type = (raw['queue-type'] as string | undefined) ?? 'kea-ring6';
  if (!(DHCP6_QUEUE_TYPES as readonly string[]).includes(type)) {
    problems.add(
      [...path, 'queue-type'],
      `Error setting packet queue controls after server reconfiguration: The type of the packet queue: '${type}' is not supported`,
    );
  }
}
