/**
 * A NameChangeRequest that cannot be built or read: Kea's NcrMessageError. The message is Kea's
 * own wording, so that a log line about a refused NCR reads the same from either daemon.
 */
export class NcrMessageError extends Error {
  override readonly name = 'NcrMessageError';
}
