/** Counter sink: a running sum (k6 `metrics.CounterSink`). */
export class CounterSink {
  readonly type = 'counter' as const;
  /** Sum of every added value. */
  value = 0;
  /** Number of samples added; k6 treats a counter as empty until its first sample, even a 0. */
  samples = 0;

  add(value: number): void {
    this.value += value;
    this.samples++;
  }

  isEmpty(): boolean {
    return this.samples === 0;
  }

  /** Per-second rate over `elapsedMs` of test time; 0 when no time has elapsed (as k6). */
  rate(elapsedMs: number): number {
    return elapsedMs === 0 ? 0 : this.value / (elapsedMs / 1000);
  }

  merge(other: CounterSink): void {
    this.value += other.value;
    this.samples += other.samples;
  }

  /** The summary values: `{count, rate}`. */
  values(elapsedMs: number): { count: number; rate: number } {
    return { count: this.value, rate: this.rate(elapsedMs) };
  }

  toState(): CounterState {
    return { type: 'counter', value: this.value, samples: this.samples };
  }

  static fromState(state: CounterState): CounterSink {
    const sink = new CounterSink();
    sink.value = state.value;
    sink.samples = state.samples;
    return sink;
  }
}

/** Structured-clone friendly form of a {@link CounterSink}, for moving aggregates between threads. */
export interface CounterState {
  type: 'counter';
  value: number;
  samples: number;
}
