import {
  annotations,
  boolean,
  closedObject,
  hooksLibraries,
  listOf,
  loggers,
  nonEmptyString,
  oneOfStrings,
  type Schema,
  string,
  uint16,
} from './common.js';

/** JSON Schema of Kea 2.2's `Control-agent` object (kea-ctrl-agent). */

const serviceSocket: Schema = closedObject(
  { 'socket-type': oneOfStrings(['unix']), 'socket-name': nonEmptyString, ...annotations },
  ['socket-name'],
);

export const ctrlAgentSchema: Schema = {
  $id: 'nestor:Control-agent',
  minProperties: 1,
  ...closedObject({
    'http-host': string,
    'http-port': uint16,
    'trust-anchor': string,
    'cert-file': string,
    'key-file': string,
    'cert-required': boolean,
    authentication: closedObject(
      {
        type: oneOfStrings(['basic']),
        realm: string,
        directory: string,
        clients: listOf(
          closedObject({
            user: string,
            'user-file': string,
            password: string,
            'password-file': string,
            ...annotations,
          }),
        ),
        ...annotations,
      },
      ['type'],
    ),
    'control-sockets': closedObject({ dhcp4: serviceSocket, dhcp6: serviceSocket, d2: serviceSocket }),
    'hooks-libraries': hooksLibraries,
    loggers,
    ...annotations,
  }),
};
