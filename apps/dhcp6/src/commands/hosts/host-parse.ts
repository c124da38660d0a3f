/**
 * reservation-add's `reservation`: read by the same parser as a reservation in the
 * configuration file (so every check and text of the file applies: identifiers, addresses,
 * prefixes, hostname, classes, option-data against the server's option-def), plus the
 * subnet-id host_cmds requires.
 */

import { ConfigError, type Dhcp6Config, parseDhcp6Config, type Reservation6 } from '@nestor/config';
import { type ArgumentScope, CommandArgumentError, type JsonObject } from '@nestor/control';

const SUBNET_ID_MAX = 0xffffffff;

/** The configuration's option-def as it would be written (the reservation's options use them). */
function optionDefSection(config: Dhcp6Config): JsonObject[] {
  return config.optionDefs.map((d) => ({
    name: d.name,
    code: d.code,
    type: d.type,
    'record-types': d.recordTypes.join(', '),
    space: d.space,
    encapsulate: d.encapsulate,
    array: d.array,
  }));
}

/** The message of a configuration problem, without the path the wrapper document gave it. */
function problemText(err: ConfigError): string {
  const detail = err.details[0];
  return detail ? detail.message : err.message;
}

export function parseReservationArgument(
  scope: ArgumentScope,
  config: Dhcp6Config,
): { subnetId: number; reservation: Reservation6 } {
  const raw = scope.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new CommandArgumentError('reservation must be a map');
  const { 'subnet-id': subnetIdValue, ...rest } = raw as JsonObject;
  if (subnetIdValue === undefined) throw new CommandArgumentError("Mandatory 'subnet-id' parameter missing.");
  const subnetId = scope.getUnsigned('subnet-id', SUBNET_ID_MAX);
  let parsed: ReturnType<typeof parseDhcp6Config>;
  try {
    parsed = parseDhcp6Config({ Dhcp6: { 'option-def': optionDefSection(config), reservations: [rest] } });
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandArgumentError(problemText(err));
    throw err;
  }
  const reservation = parsed.model.globalReservations[0];
  if (!reservation) throw new CommandArgumentError('reservation must be specified');
  return { subnetId, reservation };
}
