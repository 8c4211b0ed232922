/**
 * Live state of a running test: counts of iterations and active VUs, per-scenario counters, and the
 * test-wide stop signal. Each worker keeps one for its VUs; the main thread keeps one whose counts
 * are the sums of the workers' last reports.
 */
import { PauseClock } from './pause-clock.js';
import type { ScenarioCounters } from './progress-text.js';

export class RunState {
  /** performance.timeOrigin + performance.now() when the scenarios started (after setup). */
  startedAtEpoch = 0;
  completedIterations = 0;
  interruptedIterations = 0;
  activeVUs = 0;
  initializedVUs = 0;
  readonly scenarios = new Map<string, ScenarioCounters>();
  /** Test time, which stands still while the test is paused (REST API / `qk6 pause`). */
  readonly clock = new PauseClock();
  /** Set by `exec.test.fail()`: the run goes on and ends with exit code 110. */
  failedReason: string | undefined;
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

  private readonly hardStopController = new AbortController();

  /** Aborted on a second Ctrl+C: end now — workers terminated, teardown skipped — then the summary. */
  get hardStopSignal(): AbortSignal {
    return this.hardStopController.signal;
  }

  hardStop(reason: unknown): void {
    this.stop(reason);
    this.hardStopController.abort(reason);
  }

  /** Test time since the scenarios started, without the time spent paused. */
  elapsedMs(): number {
    return this.startedAtEpoch === 0 ? 0 : epochNow() - this.startedAtEpoch - this.clock.pausedMs();
  }

  scenario(name: string): ScenarioCounters {
    let counters = this.scenarios.get(name);
    if (counters === undefined) {
      counters = { activeVUs: 0, completed: 0, interrupted: 0, done: false };
      this.scenarios.set(name, counters);
    }
    return counters;
  }
}

/** High-resolution wall-clock milliseconds, comparable across threads (performance.now() is not). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
