import {
  answer,
  CONTROL_RESULT,
  type ControlAnswer,
  ControlClientError,
  type ControlCommand,
  type ControlLogger,
  DBG_COMMAND,
  sendUnixCommand,
} from '@nestor/control';

/** How long the agent waits for one daemon's answer. */
export const FORWARD_TIMEOUT_MS = 10_000;

function forwardFailure(service: string, err: unknown, timeoutMs: number): ControlAnswer {
  if (err instanceof ControlClientError) {
    switch (err.code) {
      case 'unreachable':
        return answer(
          CONTROL_RESULT.ERROR,
          `unable to forward command to the ${service} service: ${err.message}. The server is likely to be offline`,
        );
      case 'timeout':
        return answer(
          CONTROL_RESULT.ERROR,
          `unable to forward command to the ${service} service: no answer within ${timeoutMs / 1000} s`,
        );
      case 'closed':
        return answer(
          CONTROL_RESULT.ERROR,
          `unable to forward command to the ${service} service: ${err.message}`,
        );
      case 'bad-answer':
        return answer(CONTROL_RESULT.ERROR, `invalid answer from the ${service} service: ${err.message}`);
    }
  }
  return answer(CONTROL_RESULT.ERROR, `unable to forward command to the ${service} service: ${String(err)}`);
}

/**
 * Sends a command to each named service's control socket, all at once so that one hung
 * daemon costs one timeout, and returns the answers in the order the services were named.
 * A service without a socket, or one that is down, gets its own error answer.
 */
export async function forwardToServices(
  command: ControlCommand,
  services: readonly string[],
  sockets: ReadonlyMap<string, string>,
  log: ControlLogger,
  timeoutMs: number = FORWARD_TIMEOUT_MS,
): Promise<ControlAnswer[]> {
  // The daemons answer for themselves: the list of services is the agent's business.
  const { service: _services, ...forwarded } = command;
  return Promise.all(
    services.map(async (service): Promise<ControlAnswer> => {
      const path = sockets.get(service);
      if (path === undefined) {
        return answer(
          CONTROL_RESULT.ERROR,
          `forwarding socket is not configured for the server type ${service}`,
        );
      }
      log.debug(
        DBG_COMMAND,
        'CTRL_AGENT_COMMAND_FORWARD_BEGIN',
        `begin forwarding command ${command.command} to service ${service}`,
      );
      try {
        const reply = await sendUnixCommand(path, forwarded, { timeoutMs });
        log.debug(
          DBG_COMMAND,
          'CTRL_AGENT_COMMAND_FORWARDED',
          `command ${command.command} successfully forwarded to the service ${service}`,
        );
        return reply;
      } catch (err) {
        const failure = forwardFailure(service, err, timeoutMs);
        log.error(
          'CTRL_AGENT_COMMAND_FORWARD_FAILED',
          `failed forwarding command ${command.command}: ${failure.text}`,
        );
        return failure;
      }
    }),
  );
}
