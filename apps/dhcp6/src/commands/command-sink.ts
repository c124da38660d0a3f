import type { CommandRegistry } from '@nestor/control';

/**
 * Where a group of commands is registered: the daemon's registry, or a hook library's handle
 * (the built-in lease and statistics commands are registered through the hook API).
 */
export type CommandSink = Pick<CommandRegistry, 'register'>;
