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
 * The driver is entered once, on the first command: entering is what costs V8 a new stack. A
 * JavaScript exception out of a call (V8's stack overflowed, a WebAssembly trap) ends the driver;
 * the command in flight and every later one fail with it, and the VU replaces its engine.
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

type Drive = () => Promise<unknown>;

export class EngineDriver {
  private drive: Drive | undefined;
  private started = false;
  /** Resumes the driver waiting in `next` with a command; undefined while a command runs. */
  private resume: ((command: number) => void) | undefined;
  private args: readonly number[] = [];
  private inFlight: { resolve(result: number): void; reject(error: unknown): void } | undefined;
  /** Why the driver ended, once it has. */
  private ended: { error: unknown } | undefined;

  /** Binds the instance's `qk6_drive` export (before the first command). */
  attach(driveExport: unknown): void {
    this.drive = new WebAssembly.Function({ parameters: [], results: ['externref'] }, driveExport, { promising: 'first' }) as Drive;
  }

  /** Runs `command` with `args` (pointers and numbers) in the VU's engine; resolves with its result pointer. */
  run(command: DriverCommand, args: readonly number[]): Promise<number> {
    if (!this.started) this.start();
    if (this.ended !== undefined) return Promise.reject(this.ended.error);
    const resume = this.resume;
    if (resume === undefined) return Promise.reject(new Error('internal error: a VU engine was given a command while it ran another'));
    this.resume = undefined;
    this.args = args;
    return new Promise<number>((resolve, reject) => {
      this.inFlight = { resolve, reject };
      resume(command);
    });
  }

  /** Ends a driver that waits for a command (a running one ends with its engine). */
  stop(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.(STOP);
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

  /** Enters the driver; it runs until it first waits in `next`. */
  private start(): void {
    this.started = true;
    const drive = this.drive;
    if (drive === undefined) {
      this.ended = { error: new Error('internal error: the VU engine has no driver') };
      return;
    }
    const end = (error: unknown): void => {
      this.ended = { error };
      this.resume = undefined;
      const inFlight = this.inFlight;
      this.inFlight = undefined;
      inFlight?.reject(error);
    };
    drive().then(
      () => end(new Error('the VU engine was stopped')),
      (error: unknown) => end(error),
    );
  }
}
