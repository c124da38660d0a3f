import {
  answer,
  CONTROL_RESULT,
  type CommandHandler,
  type CommandRegistry,
  failure,
  success,
} from '@nestor/control';

/** What these commands read and do: the configuration in force, and the hook libraries. */
export interface ServerInfoTarget {
  /** The `server-tag` of the configuration in force ("" when not set). */
  serverTag(): string;
  /** Unloads the hook libraries and loads them again (between two packets). */
  reloadLibraries(): Promise<void>;
}

/** kea-dhcp6's commands about the server itself that no other part owns. */
export const SERVER_INFO_COMMANDS = ['config-backend-pull', 'libreload', 'server-tag-get'] as const;

/**
 * Registers server-tag-get, config-backend-pull and libreload with Kea 2.2's answers. Nestor has
 * no configuration backend (Kea answers "empty" when none is configured); libreload unloads the
 * hook libraries, imports them afresh and loads them again with their parameters (Kea's answer
 * when that fails: result 1, the libraries in force before stay). All three ignore their
 * arguments, as Kea's do.
 */
export function registerServerInfoCommands(registry: CommandRegistry, target: ServerInfoTarget): void {
  const handlers: Record<(typeof SERVER_INFO_COMMANDS)[number], CommandHandler> = {
    'server-tag-get': () => success(undefined, { 'server-tag': target.serverTag() }),
    'config-backend-pull': () => answer(CONTROL_RESULT.EMPTY, 'No config backend.'),
    libreload: async () => {
      try {
        await target.reloadLibraries();
        return success('Hooks libraries successfully reloaded.');
      } catch {
        return failure('Failed to reload hooks libraries.');
      }
    },
  };
  for (const name of SERVER_INFO_COMMANDS) registry.register(name, handlers[name]);
}
