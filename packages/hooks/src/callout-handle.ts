/** What a callout tells the server to do next (Kea's CalloutHandle::CalloutNextStep values). */
export const NextStep = {
  /** Go on as usual. */
  CONTINUE: 0,
  /** Skip the server's next processing step (its meaning depends on the hook point). */
  SKIP: 1,
  /** Drop the packet. */
  DROP: 2,
  /** Hold the packet until the library lets it go (see CalloutHandle.park()). */
  PARK: 3,
} as const;
export type NextStep = (typeof NextStep)[keyof typeof NextStep];

/** A hook point's argument that is not there. */
export class NoSuchArgumentError extends Error {
  constructor(hook: string, name: string) {
    super(`no argument '${name}' at hook point ${hook}`);
    this.name = 'NoSuchArgumentError';
  }
}

/** How a parked packet is let go. */
export interface ParkingTicket {
  /** Go on with the packet (as CONTINUE would have). */
  unpark(): void;
  /** Drop it. */
  drop(): void;
}

/**
 * What a callout gets: the arguments of its hook point (Kea's names: query6, response6,
 * subnet6, lease6, ...), which it may read and replace, and the next step it sets. One handle
 * follows a packet through every hook point, so a library's context (setContext) set at
 * pkt6_receive is still there at pkt6_send; each library has a context of its own.
 */
export class CalloutHandle {
  readonly NEXT_STEP_CONTINUE = NextStep.CONTINUE;
  readonly NEXT_STEP_SKIP = NextStep.SKIP;
  readonly NEXT_STEP_DROP = NextStep.DROP;
  readonly NEXT_STEP_PARK = NextStep.PARK;

  private args = new Map<string, unknown>();
  private status: NextStep = NextStep.CONTINUE;
  private hook = '';
  /** Set while a callout runs: whose context getContext/setContext reach. */
  currentLibrary = -1;
  private readonly contexts = new Map<number, Map<string, unknown>>();
  private parking: Promise<NextStep> | undefined;

  /** The hook point being called. */
  get hookName(): string {
    return this.hook;
  }

  /** Starts a hook point: its arguments, and the next step back to CONTINUE. */
  begin(hook: string, args: Record<string, unknown>): this {
    this.hook = hook;
    this.args = new Map(Object.entries(args));
    this.status = NextStep.CONTINUE;
    this.parking = undefined;
    return this;
  }

  getArgument<T = unknown>(name: string): T {
    if (!this.args.has(name)) throw new NoSuchArgumentError(this.hook, name);
    return this.args.get(name) as T;
  }

  setArgument(name: string, value: unknown): void {
    this.args.set(name, value);
  }

  getArgumentNames(): string[] {
    return [...this.args.keys()];
  }

  deleteArgument(name: string): void {
    this.args.delete(name);
  }

  getStatus(): NextStep {
    return this.status;
  }

  setStatus(status: NextStep): void {
    if (status !== 0 && status !== 1 && status !== 2 && status !== 3)
      throw new RangeError(`next step ${String(status)} is none of CONTINUE, SKIP, DROP, PARK`);
    this.status = status;
  }

  /** The calling library's value saved under `name` for this packet, if any. */
  getContext<T = unknown>(name: string): T | undefined {
    return this.contexts.get(this.currentLibrary)?.get(name) as T | undefined;
  }

  setContext(name: string, value: unknown): void {
    let context = this.contexts.get(this.currentLibrary);
    if (!context) {
      context = new Map();
      this.contexts.set(this.currentLibrary, context);
    }
    context.set(name, value);
  }

  deleteContext(name: string): void {
    this.contexts.get(this.currentLibrary)?.delete(name);
  }

  /**
   * Parks the packet (the next step becomes PARK): the server holds it, without blocking other
   * packets, until the ticket's unpark() (the packet goes on) or drop(). An async callout may
   * simply await its work instead; parking is for work that ends elsewhere (another event).
   */
  park(): ParkingTicket {
    let settle!: (next: NextStep) => void;
    this.parking = new Promise<NextStep>((resolve) => {
      settle = resolve;
    });
    this.status = NextStep.PARK;
    return { unpark: () => settle(NextStep.CONTINUE), drop: () => settle(NextStep.DROP) };
  }

  /** Resolves how a parked packet goes on (CONTINUE or DROP); CONTINUE when it was not parked. */
  unparked(): Promise<NextStep> {
    return this.parking ?? Promise.resolve(NextStep.CONTINUE);
  }
}
