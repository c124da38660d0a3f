/** Why a control endpoint could not be opened or used. */
export type ControlErrorCode =
  | 'socket-in-use'
  | 'not-a-socket'
  | 'path-too-long'
  | 'listen-failed'
  | 'bad-config'
  | 'path-not-allowed'
  | 'tls-files';

/** A control channel failure with a stable code, for callers to branch on and logs to show. */
export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** A control socket configuration refused, with one line per problem (JSON path: reason). */
export class ControlConfigError extends ControlError {
  constructor(readonly problems: readonly string[]) {
    super('bad-config', problems.join('\n'));
    this.name = 'ControlConfigError';
  }
}
