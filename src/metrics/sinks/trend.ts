/**
 * Trend sink: exact count/sum/min/max, and percentiles (k6 `metrics.TrendSink`).
 *
 * k6-compat: k6 keeps every value and answers percentiles by sorting them and interpolating
 * linearly at i = p·(n−1) (metrics/sink.go). We do exactly that up to {@link TREND_EXACT_LIMIT}
 * values; past it the values move into an HDR histogram (see ./histogram.ts) and percentiles are
 * read from it with the same interpolation between ranks, so memory stays bounded in long tests.
 * From then on a percentile is within ≈0.05% of k6's value (and clamped to the exact min/max) —
 * equal at the precision the summary prints in all but rare boundary cases. count, sum, avg, min
 * and max stay exact. Non-finite values (NaN, ±Infinity) are ignored; k6 would store them and
 * its percentiles then become meaningless.
 */
import { ScaledHistogram, type ScaledHistogramState } from './histogram.js';

/** Number of raw values a trend keeps before it switches to an HDR histogram. */
export const TREND_EXACT_LIMIT = 4096;

export class TrendSink {
  readonly type = 'trend' as const;
  count = 0;
  sum = 0;
  min = 0;
  max = 0;
  private raw: Float64Array | null = null;
  private rawLength = 0;
  private sorted = true;
  private histogram: ScaledHistogram | null = null;

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.count++;
    this.sum += value;
    if (this.histogram !== null) {
      this.histogram.record(value);
      return;
    }
    this.pushRaw(value);
  }

  isEmpty(): boolean {
    return this.count === 0;
  }

  /** Whether percentiles are still exact (raw values kept). */
  get exact(): boolean {
    return this.histogram === null;
  }

  avg(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  med(): number {
    return this.percentile(0.5);
  }

  /** Percentile for `p` in [0, 1] (k6 `P(pct)`); 0 for an empty sink. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    if (this.count === 1) return this.min;
    const index = Math.min(1, Math.max(0, p)) * (this.count - 1);
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const fraction = index - lo;
    if (this.histogram === null) {
      const values = this.sortedValues();
      const j = values[lo] ?? 0;
      const k = values[hi] ?? 0;
      return j + (k - j) * fraction;
    }
    const j = this.rankValue(this.histogram, lo);
    const k = hi === lo ? j : this.rankValue(this.histogram, hi);
    const value = j + (k - j) * fraction;
    return Math.min(this.max, Math.max(this.min, value));
  }

  /** The histogram's value at `rank`; the first and last ranks are the exact min and max. */
  private rankValue(histogram: ScaledHistogram, rank: number): number {
    if (rank <= 0) return this.min;
    if (rank >= this.count - 1) return this.max;
    return histogram.valueAtRank(rank);
  }

  merge(other: TrendSink): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.min = other.min;
      this.max = other.max;
    } else {
      if (other.min < this.min) this.min = other.min;
      if (other.max > this.max) this.max = other.max;
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.histogram !== null) {
      this.toHistogram().merge(other.histogram);
      return;
    }
    for (let i = 0; i < other.rawLength; i++) {
      const value = (other.raw as Float64Array)[i] ?? 0;
      if (this.histogram !== null) this.histogram.record(value);
      else this.pushRaw(value);
    }
  }

  toState(): TrendState {
    const base = { type: 'trend' as const, count: this.count, sum: this.sum, min: this.min, max: this.max };
    if (this.histogram !== null) return { ...base, histogram: this.histogram.toState() };
    return { ...base, values: this.raw === null ? [] : Array.from(this.raw.subarray(0, this.rawLength)) };
  }

  static fromState(state: TrendState): TrendSink {
    const sink = new TrendSink();
    sink.count = state.count;
    sink.sum = state.sum;
    sink.min = state.min;
    sink.max = state.max;
    if (state.histogram !== undefined) {
      sink.histogram = ScaledHistogram.fromState(state.histogram);
    } else {
      const values = state.values ?? [];
      sink.raw = Float64Array.from(values);
      sink.rawLength = values.length;
      sink.sorted = false;
    }
    return sink;
  }

  private pushRaw(value: number): void {
    if (this.raw === null) {
      this.raw = new Float64Array(16);
    } else if (this.rawLength === this.raw.length) {
      if (this.rawLength >= TREND_EXACT_LIMIT) {
        this.toHistogram().record(value);
        return;
      }
      const grown = new Float64Array(Math.min(this.raw.length * 2, TREND_EXACT_LIMIT));
      grown.set(this.raw);
      this.raw = grown;
    }
    this.raw[this.rawLength++] = value;
    this.sorted = false;
  }

  private sortedValues(): Float64Array {
    const values = (this.raw ?? new Float64Array(0)).subarray(0, this.rawLength);
    if (!this.sorted) {
      values.sort();
      this.sorted = true;
    }
    return values;
  }

  /** Moves the raw values into a histogram (once) and returns it. */
  private toHistogram(): ScaledHistogram {
    if (this.histogram !== null) return this.histogram;
    const histogram = new ScaledHistogram();
    for (let i = 0; i < this.rawLength; i++) histogram.record((this.raw as Float64Array)[i] ?? 0);
    this.histogram = histogram;
    this.raw = null;
    this.rawLength = 0;
    return histogram;
  }
}

/** Structured-clone friendly form of a {@link TrendSink}: raw values while exact, else the histogram. */
export interface TrendState {
  type: 'trend';
  count: number;
  sum: number;
  min: number;
  max: number;
  values?: number[];
  histogram?: ScaledHistogramState;
}
