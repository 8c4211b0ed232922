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
 * A driver is entered on the first command and replaced after {@link RESTART_AFTER} commands:
 * entering costs V8 a new stack, and a long-lived one keeps garbage. A JavaScript exception out
 * of a call (V8's stack overflowed, a WebAssembly trap) ends the driver; the command in flight
 * and every later one fail with it, and the VU replaces its engine.
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
 * Commands a driver runs before it is replaced. Every suspension of a stack-switched call keeps
 * ~100 bytes of V8 heap until the call returns (measured with V8 11.3: 96 bytes per command,
 * never collected while the driver lives): a driver that never returned leaked ~270 bytes per
 * iteration of a 50-VU soak. Entering a driver costs ~300 µs (a new 4 MiB stack and wrapper),
 * ~0.6 µs per command at this count, and a VU holds at most ~50 KB of such garbage.
 */
const RESTART_AFTER = 500;

type Drive = () => Promise<unknown>;

/** How often entering a driver is tried before the engine counts as failed (see `enter`). */
const ENTRY_ATTEMPTS = 3;

export class EngineDriver {
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
  /** Commands the entered driver has run. */
  private commands = 0;

  /** Binds the instance's `qk6_drive` export (before the first command). */
  attach(driveExport: unknown): void {
    this.driveExport = driveExport;
  }

  /** Runs `command` with `args` (pointers and numbers) in the VU's engine; resolves with its result pointer. */
  run(command: DriverCommand, args: readonly number[]): Promise<number> {
    if (this.ended !== undefined) return Promise.reject(this.ended.error);
    if (this.entered === undefined) this.enter();
    else if (this.commands >= RESTART_AFTER && this.resume !== undefined) {
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
    this.commands += 1;
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
    return new Promise<number>((resolve) => {
      this.resume = resolve;
    });
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
    this.commands = 0;
    this.entered = Promise.resolve();
    if (this.driveExport === undefined) {
      this.ended = { error: new Error('internal error: the VU engine has no driver') };
      return;
    }
    const drive = new WebAssembly.Function({ parameters: [], results: ['externref'] }, this.driveExport, { promising: 'first' }) as Drive;
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
      entered = drive();
    } catch (error) {
      // It failed before waiting for its first command (V8 throws that at once).
      if (attempts > 1) this.enter(attempts - 1);
      else fail(error);
      return;
    }
    this.entered = entered.then(() => undefined, fail);
  }
}
