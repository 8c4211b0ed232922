/**
 * The test clock: `performance.now()` minus the time the test has spent paused, so it stands still
 * while the test is paused (k6 `ExecutionState.GetCurrentTestRunDuration`). Executors plan and wait
 * in this clock's time, which is what lets a paused arrival-rate or ramping schedule carry on with
 * its remaining shape after a resume instead of skipping the part that fell into the pause.
 *
 *     state    event      next     effect
 *     running  pause()    paused   now() freezes; waits hold; armed VU deadlines are suspended
 *     paused   resume()   running  paused time is added to the total; waits and deadlines resume
 *     paused   pause()    paused   nothing (idempotent)
 *     running  resume()   running  nothing (idempotent)
 *
 * VU deadlines (`interruptAt`) are real `performance.now()` times, so the clock keeps each VU's
 * deadline in test time and re-arms it on resume: a gracefulStop window does not run out while the
 * test is paused.
 *
 * k6-compat: k6 v1.3.0 pauses only before the start or the externally-controlled executor; qk6
 * pauses every executor at the same place (before an iteration starts, in-flight ones finish).
 */

/** What the clock needs of a VU to hold its deadline while paused (VirtualUser has it). */
export interface Interruptible {
  interruptAt(deadline: number): void;
  readonly interrupted: boolean;
}

/** Longest single timer Node accepts (larger values fire after 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

export class PauseClock {
  private pausedTotal = 0;
  private pausedAt: number | undefined;
  private readonly listeners = new Set<(paused: boolean) => void>();
  private readonly deadlines = new Map<Interruptible, number>();

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Test time (performance.now() coordinates, minus paused time); frozen while paused. */
  now(): number {
    return (this.pausedAt ?? this.realNow()) - this.pausedTotal;
  }

  /** Total time spent paused so far, including a pause in progress. */
  pausedMs(): number {
    return this.pausedTotal + (this.pausedAt === undefined ? 0 : this.realNow() - this.pausedAt);
  }

  /** Pauses the clock; returns false when it already was. */
  pause(): boolean {
    if (this.pausedAt !== undefined) return false;
    this.pausedAt = this.realNow();
    for (const [vu, at] of this.deadlines) if (!vu.interrupted && Number.isFinite(at)) vu.interruptAt(Number.POSITIVE_INFINITY);
    this.notify(true);
    return true;
  }

  /** Resumes the clock; returns false when it was not paused. */
  resume(): boolean {
    if (this.pausedAt === undefined) return false;
    this.pausedTotal += this.realNow() - this.pausedAt;
    this.pausedAt = undefined;
    for (const [vu, at] of this.deadlines) if (!vu.interrupted && Number.isFinite(at)) vu.interruptAt(at + this.pausedTotal);
    this.notify(false);
    return true;
  }

  /** Calls `listener` on every pause (true) and resume (false); returns the unsubscribe function. */
  onChange(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Interrupts `vu` at test time `at` (Infinity clears it); the deadline holds while paused. */
  interruptAt(vu: Interruptible, at: number): void {
    this.deadlines.set(vu, at);
    vu.interruptAt(this.paused || !Number.isFinite(at) ? Number.POSITIVE_INFINITY : at + this.pausedTotal);
  }

  /** Forgets `vu`'s deadline (the VU is going away). */
  release(vu: Interruptible): void {
    this.deadlines.delete(vu);
  }

  /** Resolves when the clock runs (at once if it does) or `signal` aborts. */
  whenRunning(signal: AbortSignal): Promise<void> {
    if (!this.paused || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        unsubscribe();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const unsubscribe = this.onChange((paused) => {
        if (!paused) done();
      });
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * Resolves once test time reaches `at` while the clock runs, or when `signal` aborts. A pause
   * holds the wait: the remaining time is waited after the resume. `at` may be Infinity.
   */
  waitUntil(at: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || (!this.paused && this.now() >= at)) return Promise.resolve();
    return this.waitLoop(at, signal);
  }

  private async waitLoop(at: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.paused) {
        await this.whenRunning(signal);
        continue;
      }
      const remaining = at - this.now();
      if (remaining <= 0) return;
      await this.sleep(Math.min(remaining, MAX_TIMER_MS), signal);
    }
  }

  /** Sleeps `ms` real time, waking early on abort or a pause. */
  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = this.onChange((paused) => {
        if (paused) done();
      });
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private notify(paused: boolean): void {
    for (const listener of [...this.listeners]) listener(paused);
  }
}
