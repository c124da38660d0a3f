/**
 * Every failure the test kit reports on purpose is a TestkitError with a stable code, so a test
 * (or the bench) can tell "the client got no lease" from "ip failed" without parsing messages.
 */
export type TestkitErrorCode =
  | 'NOT_ROOT' // network namespaces need root
  | 'BAD_INPUT' // an argument the kit refuses (bad name, bad address, bad option)
  | 'COMMAND_FAILED' // a helper program exited non-zero
  | 'TIMEOUT' // a bounded wait ran out
  | 'PROCESS_EXITED' // a program we wait on died first
  | 'FOREIGN_PID' // a pid that does not live in one of the network's namespaces
  | 'DESTROYED' // the network was already torn down
  | 'NO_LEASE' // a DHCP client did not get what it asked for
  | 'PARSE' // a file or output the kit reads is malformed
  | 'CONTROL' // a control-socket exchange failed
  | 'TEARDOWN'; // cleanup could not remove everything

export class TestkitError extends Error {
  override readonly name = 'TestkitError';
  constructor(
    readonly code: TestkitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The last `lines` lines of a program's output, for error messages that explain themselves. */
export function tail(text: string, lines = 15): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}
