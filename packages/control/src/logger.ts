/**
 * What the control channel logs through: the shape of @nestor/daemon's Logger, so a daemon
 * passes its own (`log.child('commands')`), and a test or tool may pass nothing.
 */
export interface ControlLogger {
  error(id: string, text: string): void;
  warn(id: string, text: string): void;
  info(id: string, text: string): void;
  debug(level: number, id: string, text: string): void;
}

/** Debug levels as Kea uses them for command traffic. */
export const DBG_COMMAND = 10;
export const DBG_COMMAND_DATA = 40;

export const silentLogger: ControlLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
