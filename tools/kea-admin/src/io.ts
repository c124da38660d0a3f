/** Where kea-admin's output goes and how it asks the operator, so tests can run it in-process. */
export interface AdminIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input is a terminal (Kea asks questions only then). */
  interactive: boolean;
  /** Reads one line from the terminal, without echo when `secret`. */
  ask(prompt: string, secret: boolean): Promise<string>;
  env: NodeJS.ProcessEnv;
}

export const logError = (io: AdminIo, text: string): void => io.stdout(`ERROR/kea-admin: ${text}\n`);
export const logWarning = (io: AdminIo, text: string): void => io.stdout(`WARNING/kea-admin: ${text}\n`);
export const logInfo = (io: AdminIo, text: string): void => io.stdout(`INFO/kea-admin: ${text}\n`);

/** The exit of a command, with its status; thrown so that every step can stop the run as Kea's `exit` does. */
export class AdminExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
    this.name = 'AdminExit';
  }
}
