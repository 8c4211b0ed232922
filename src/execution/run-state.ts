/**
 * Live state of a running test, shared by the scheduler, executors, progress display and (later)
 * the REST API: counts of iterations and active VUs, and the test-wide stop signal.
 */
export interface ScenarioProgress {
  readonly name: string;
  /** What the progress line shows on the right, e.g. `3/10 shared iters` or `10 VUs  30s`. */
  detail: string;
  /** 0..1 */
  fraction: number;
  done: boolean;
  activeVUs: number;
  completed: number;
  interrupted: number;
}

export class RunState {
  /** performance.now() when the scenarios started (after setup). */
  startedAt = 0;
  completedIterations = 0;
  interruptedIterations = 0;
  activeVUs = 0;
  initializedVUs = 0;
  readonly scenarios = new Map<string, ScenarioProgress>();
  private readonly stopController = new AbortController();
  private stopReasonValue: unknown;

  /** Aborted when the whole test must end now (abortOnFail, test.abort(), a signal, the REST API). */
  get stopSignal(): AbortSignal {
    return this.stopController.signal;
  }

  get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  /** The first reason given to `stop()`. */
  get stopReason(): unknown {
    return this.stopReasonValue;
  }

  stop(reason: unknown): void {
    if (this.stopped) return;
    this.stopReasonValue = reason;
    this.stopController.abort(reason);
  }

  elapsedMs(now = performance.now()): number {
    return this.startedAt === 0 ? 0 : now - this.startedAt;
  }
}
