import { binPath, ISC_KEA_DHCP6, parseServerCommand, type ServerCommand } from '@nestor/testkit';

/** A server the scenarios run against; `pending` says why its variant is skipped for now. */
export interface ServerUnderTest extends ServerCommand {
  id: 'kea' | 'nestor' | 'custom';
  pending?: string;
}

/** ISC's kea-dhcp6 2.2 (Debian's package): the yardstick every scenario is proven against. */
export const kea: ServerUnderTest = { id: 'kea', label: 'ISC Kea 2.2', argv: [ISC_KEA_DHCP6] };

/** Nestor's kea-dhcp6 from this repository (bin/kea-dhcp6 runs apps/dhcp6/dist/main.js). */
export const nestor: ServerUnderTest = { id: 'nestor', label: 'Nestor', argv: [binPath('kea-dhcp6')] };

/**
 * Keeps a server's variant in the suite but skipped, with the reason in its name, until the
 * server can pass it. Enabling it is a one-line change: drop the wrapper.
 */
export function waitsForServer(
  server: ServerUnderTest,
  reason = 'apps/dhcp6 does not answer clients yet',
): ServerUnderTest {
  return { ...server, pending: reason };
}

/**
 * The servers a suite runs against: its own list, unless NESTOR_E2E_SERVER names one command
 * line (e.g. "bin/kea-dhcp6" or "/usr/sbin/kea-dhcp6"), which then replaces the list, enabled.
 */
export function serversFor(list: readonly ServerUnderTest[], env = process.env): ServerUnderTest[] {
  const override = env['NESTOR_E2E_SERVER'];
  if (override !== undefined && override.trim() !== '') {
    const command = parseServerCommand(override);
    return [{ id: 'custom', label: `NESTOR_E2E_SERVER=${override.trim()}`, argv: command.argv }];
  }
  return [...list];
}

/** The describe() title of a variant, saying plainly when and why it is skipped. */
export function variantTitle(scenario: string, server: ServerUnderTest): string {
  return server.pending
    ? `${scenario} against ${server.label} (skipped: ${server.pending})`
    : `${scenario} against ${server.label}`;
}
