/** Rate sink: the share of non-zero samples (k6 `metrics.RateSink`). */
export class RateSink {
  readonly type = 'rate' as const;
  /** Samples whose value was non-zero. */
  passes = 0;
  /** All samples. */
  total = 0;

  add(value: number): void {
    this.total++;
    if (value !== 0) this.passes++;
  }

  isEmpty(): boolean {
    return this.total === 0;
  }

  get fails(): number {
    return this.total - this.passes;
  }

  /** passes / total, or `undefined` while empty (thresholds then have nothing to compare). */
  rate(): number | undefined {
    return this.total > 0 ? this.passes / this.total : undefined;
  }

  merge(other: RateSink): void {
    this.passes += other.passes;
    this.total += other.total;
  }

  /** The summary values: `{rate, passes, fails}`; an empty rate reports `rate: 0` like k6. */
  values(): { rate: number; passes: number; fails: number } {
    return { rate: this.rate() ?? 0, passes: this.passes, fails: this.fails };
  }

  toState(): RateState {
    return { type: 'rate', passes: this.passes, total: this.total };
  }

  static fromState(state: RateState): RateSink {
    const sink = new RateSink();
    sink.passes = state.passes;
    sink.total = state.total;
    return sink;
  }
}

/** Structured-clone friendly form of a {@link RateSink}. */
export interface RateState {
  type: 'rate';
  passes: number;
  total: number;
}
