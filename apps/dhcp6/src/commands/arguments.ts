import { type CommandHandler, withArgumentErrors } from '@nestor/control';
import { LeaseError } from '@nestor/leases';

const isLeaseError = (err: unknown): err is LeaseError => err instanceof LeaseError;

/**
 * kea-dhcp6's commands answer a lease the store finds invalid as they answer refused arguments:
 * result 1 with its own text.
 */
export function withLeaseArgumentErrors(handler: CommandHandler): CommandHandler {
  return withArgumentErrors(handler, isLeaseError);
}
