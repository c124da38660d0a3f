import { answer, CONTROL_RESULT, type CommandHandler, type CommandRegistry, success } from '@nestor/control';

/** What server-tag-get reads: the configuration in force. */
export interface ServerInfoTarget {
  /** The `server-tag` of the configuration in force ("" when not set). */
  serverTag(): string;
}

/** kea-dhcp6's commands about the server itself that no other part owns. */
export const SERVER_INFO_COMMANDS = ['config-backend-pull', 'libreload', 'server-tag-get'] as const;

/**
 * Registers server-tag-get, config-backend-pull and libreload with Kea 2.2's answers. Nestor has
 * no configuration backend (Kea answers "empty" when none is configured) and loads no Kea hook
 * library, so a reload has nothing to do and succeeds, as Kea's does with no library. All three
 * ignore their arguments, as Kea's do.
 */
export function registerServerInfoCommands(registry: CommandRegistry, target: ServerInfoTarget): void {
  const handlers: Record<(typeof SERVER_INFO_COMMANDS)[number], CommandHandler> = {
    'server-tag-get': () => success(undefined, { 'server-tag': target.serverTag() }),
    'config-backend-pull': () => answer(CONTROL_RESULT.EMPTY, 'No config backend.'),
    libreload: () => success('Hooks libraries successfully reloaded.'),
  };
  for (const name of SERVER_INFO_COMMANDS) registry.register(name, handlers[name]);
}
