/**
 * The host half of a stack-switched VU's driver (suspending-engine.ts; the WebAssembly half is
 * `qk6_drive`, written by scripts/build-suspending-quickjs.js).
 *
 *   run(command, args) ──resumes──► driver: `next` returns the command; it reads the arguments
 *                                   with `arg`, makes the call (the script may suspend inside it
 *                                   on host promises), reports the result with `done`, and waits
 *                                   in `next` again, suspended
 *   run's promise ◄──── `done` ────┘
 *
 * A driver is entered on the first command and replaced, between commands, once it has been
 * suspended {@link RESTART_AFTER_SUSPENSIONS} times: entering costs V8 a new stack, and a
 * long-lived one keeps garbage. A JavaScript exception out of a call (V8's stack overflowed, a
 * WebAssembly trap) ends the driver; the command in flight and every later one fail with it, and
 * the VU replaces its engine.
 */

/** What the driver can be told to do; the numbers are the WebAssembly driver's. */
export const DriverCommand = {
  /** QTS_Call(ctx, fn, this, argc, argv) → JSValue pointer. */
  Call: 1,
  /** QTS_ExecutePendingJob(rt, maxJobs, ctxOut) → JSValue pointer. */
  ExecutePendingJob: 2,
  /** QTS_Eval(ctx, code, length, filename, detectModule, flags) → JSValue pointer. */
  Eval: 3,
} as const;
export type DriverCommand = (typeof DriverCommand)[keyof typeof DriverCommand];

const STOP = 0;

/**
 * Suspensions a driver lives through before it is replaced: its waits in `next` and the host calls
 * it waits on. With V8 11.3 every suspension of a stack-switched call keeps ~70-100 bytes of V8
 * heap until the call returns (each resumption's promise waits on the next suspension's), never
 * collected while the driver lives. Counting commands instead bounded that only for scripts that
 * suspend once per iteration: with ten requests an iteration suspends eleven times, and each VU
 * of a long 200-VU test held ~1 KB more per iteration (~550 KB per VU before 500 commands).
 * Entering a driver costs ~300 µs (a new switched stack and wrapper), ~0.6 µs per suspension at this
 * count, and a VU holds at most ~50 KB of such garbage — plus what a single command keeps: a call
 * does not end early, so an iteration that loops over thousands of requests holds its own until
 * it returns. (1000 VUs of one request per iteration for 120 s peaked at 832 MB with a limit of
 * 1000 suspensions, at 766 MB with 500, at the same request rate.)
 */
const RESTART_AFTER_SUSPENSIONS = 500;

type Drive = (driverNumber: number, stackTop: number) => Promise<unknown>;

/** How often entering a driver is tried before the engine counts as failed (see `enter`). */
const ENTRY_ATTEMPTS = 3;

export class EngineDriver {
  constructor(
    /** The thread's number for the driver, which the binary passes to the imports. */
    readonly number: number,
    /** The top of the driver's slice of the instance's C stack. */
    readonly stackTop: number,
  ) {}

  /** The instance's `qk6_drive` export. */
  private driveExport: unknown;
  /** The entered driver's call: settles when it returns or fails; undefined before the first command. */
  private entered: Promise<void> | undefined;
  /** Resumes the driver waiting in `next` with a command; undefined while a command runs. */
  private resume: ((command: number) => void) | undefined;
  private args: readonly number[] = [];
  private inFlight: { resolve(result: number): void; reject(error: unknown): void } | undefined;
  /** Why the driver failed or was stopped, once it was. */
  private ended: { error: unknown } | undefined;
  /** Times the entered driver has been suspended. */
  private suspensions = 0;
  /** Drivers entered so far (each replacement enters one). */
  private entries = 0;

  /** Binds the instance's `qk6_drive` export (before the first command). */
  attach(driveExport: unknown): void {
    this.driveExport = driveExport;
  }

  /** Runs `command` with `args` (pointers and numbers) in the VU's engine; resolves with its result pointer. */
  run(command: DriverCommand, args: readonly number[]): Promise<number> {
    if (this.ended !== undefined) return Promise.reject(this.ended.error);
    if (this.entered === undefined) this.enter();
    else if (this.suspensions >= RESTART_AFTER_SUSPENSIONS && this.resume !== undefined) {
      // The replaced driver must have returned before another is entered on the same instance.
      const replaced = this.entered;
      this.release();
      return replaced.then(() => {
        if (this.ended === undefined) this.enter();
        return this.run(command, args);
      });
    }
    const resume = this.resume;
    if (resume === undefined) {
      // The driver failed while being entered, or a command is still running (a bug).
      const ended = this.ended as { error: unknown } | undefined;
      return Promise.reject(ended?.error ?? new Error('internal error: a VU engine was given a command while it ran another'));
    }
    this.resume = undefined;
    this.args = args;
    return new Promise<number>((resolve, reject) => {
      this.inFlight = { resolve, reject };
      resume(command);
    });
  }

  /** Ends the driver for good (the VU disposes its engine); a running one ends with its engine. */
  stop(): void {
    this.ended ??= { error: new Error('the VU engine was stopped') };
    this.release();
  }

  /** `next`: the driver suspends here until {@link run} resumes it. */
  nextCommand(): Promise<number> {
    this.suspensions += 1;
    return new Promise<number>((resolve) => {
      this.resume = resolve;
    });
  }

  /** The driver suspends on a host call's promise (`host_call` returned one). */
  suspendedOnHostCall(): void {
    this.suspensions += 1;
  }

  /** Drivers entered so far: the first, then one per replacement (or failed entry retried). */
  get driversEntered(): number {
    return this.entries;
  }

  /** `arg`: argument `index` of the command being run. */
  argument(index: number): number {
    return this.args[index] ?? 0;
  }

  /** `done`: the command's result. */
  finish(result: number): void {
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    inFlight?.resolve(result);
  }

  /** Lets a driver waiting in `next` return. */
  private release(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.(STOP);
  }

  /**
   * Enters a driver; it runs until it first waits in `next`. V8 11.3 refuses the first suspension
   * of a new driver ("invalid suspender object for suspend") once a promising wrapper has entered
   * ~2,000 drivers that suspended — from then on every other entry (measured) — so each entry
   * gets a wrapper of its own. Should an entry still fail, nothing has run in the engine yet, and
   * it is made again.
   */
  private enter(attempts = ENTRY_ATTEMPTS): void {
    this.suspensions = 0;
    this.entries += 1;
    this.entered = Promise.resolve();
    if (this.driveExport === undefined) {
      this.ended = { error: new Error('internal error: the VU engine has no driver') };
      return;
    }
    const drive = new WebAssembly.Function({ parameters: ['i32', 'i32'], results: ['externref'] }, this.driveExport, { promising: 'first' }) as Drive;
    const fail = (error: unknown): void => {
      this.ended ??= { error };
      this.resume = undefined;
      const inFlight = this.inFlight;
      this.inFlight = undefined;
      inFlight?.reject(error);
    };
    // A driver returns only when released (replaced or stopped); throwing ends the engine.
    let entered: Promise<unknown>;
    try {
      entered = drive(this.number, this.stackTop);
    } catch (error) {
      // It failed before waiting for its first command (V8 throws that at once).
      if (attempts > 1) this.enter(attempts - 1);
      else fail(error);
      return;
    }
    this.entered = entered.then(() => undefined, fail);
  }
}
