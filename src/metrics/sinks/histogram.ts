/**
 * The one place where trend histograms are configured (hdr-histogram-js).
 *
 * HDR histograms hold non-negative integers, so a {@link ScaledHistogram} multiplies each value by
 * `scale` (1e6 by default: a millisecond trend keeps nanosecond resolution) and rounds it, and keeps
 * negative values, by magnitude, in a second histogram. With 3 significant digits a bucket is at most
 * 1/2048 of its value wide, and we answer with the bucket's midpoint, so a percentile is within
 * ≈0.05% of the recorded value. When a value would not fit the safe-integer range at the current
 * scale, the scale drops by powers of ten and the recorded buckets are re-recorded (rare: only
 * custom trends with values above ~4.5e9 need it).
 */
import { createRequire } from 'node:module';
import type Float64HistogramModule from 'hdr-histogram-js/dist/Float64Histogram.js';
import type JsHistogramModule from 'hdr-histogram-js/dist/JsHistogram.js';

// The histogram class alone: the package's index also loads its compressed encodings (pako), a
// WebAssembly build and a log writer that makes an Intl formatter on load, ~60-75 ms in every
// thread that records metrics (main and each VU worker) against ~6 ms for this (measured). A
// CommonJS file deep in the package, so required: importing it gives Node and vitest different
// default exports.
const { default: Float64Histogram } = createRequire(import.meta.url)('hdr-histogram-js/dist/Float64Histogram.js') as typeof Float64HistogramModule;
type JsHistogram = JsHistogramModule.default;

/** Significant decimal digits every trend histogram keeps. */
export const HDR_SIGNIFICANT_DIGITS = 3;
/** Multiplier applied to values before they are recorded (the finest resolution is 1/HDR_SCALE). */
export const HDR_SCALE = 1e6;
/** Largest scaled magnitude we record; keeps HDR's integer arithmetic exact. */
const MAX_SCALED = 2 ** 52;

function newHistogram(): JsHistogram {
  // 64-bit (float) counts: a bucket cannot overflow in a long test; autoResize grows the range.
  const histogram = new Float64Histogram(1, 2, HDR_SIGNIFICANT_DIGITS);
  histogram.autoResize = true;
  return histogram;
}

/** Calls `visit(value, count)` for every non-empty bucket, ascending, value = bucket midpoint. */
function forEachBucket(histogram: JsHistogram, visit: (value: number, count: number) => void): void {
  const length = histogram.countsArrayLength;
  for (let i = 0; i < length; i++) {
    const count = histogram.getCountAtIndex(i);
    if (count !== 0) visit(histogram.medianEquivalentValue(histogram.valueFromIndex(i)), count);
  }
}

/** Scaled value of the bucket holding the `rank`-th (0-based, ascending) recorded value. */
function scaledAtRank(histogram: JsHistogram, rank: number): number {
  const length = histogram.countsArrayLength;
  let seen = 0;
  for (let i = 0; i < length; i++) {
    seen += histogram.getCountAtIndex(i);
    if (seen > rank) return histogram.medianEquivalentValue(histogram.valueFromIndex(i));
  }
  return histogram.maxValue;
}

/**
 * Structured-clone form of a {@link ScaledHistogram}: per sign, its non-empty buckets as flat
 * (scaled bucket midpoint, count) pairs. Recording a bucket's midpoint into a histogram of the same
 * precision lands in the same bucket, so the copy has exactly the original's counts.
 */
export interface ScaledHistogramState {
  scale: number;
  positive: Float64Array;
  negative: Float64Array | null;
}

/** Signed, scaled HDR histogram: values ≥ 0 in `positive`, the magnitudes of values < 0 in `negative`. */
export class ScaledHistogram {
  private scale = HDR_SCALE;
  private positive: JsHistogram = newHistogram();
  private negative: JsHistogram | null = null;

  /** Number of recorded values. */
  get count(): number {
    return this.positive.totalCount + (this.negative?.totalCount ?? 0);
  }

  record(value: number, count = 1): void {
    const magnitude = Math.abs(value);
    if (magnitude * this.scale > MAX_SCALED) this.rescaleFor(magnitude);
    const scaled = Math.round(magnitude * this.scale);
    if (value < 0) {
      this.negative ??= newHistogram();
      this.negative.recordValueWithCount(scaled, count);
    } else {
      this.positive.recordValueWithCount(scaled, count);
    }
  }

  /** Value at `rank` (0-based) of all recorded values in ascending order. */
  valueAtRank(rank: number): number {
    const negatives = this.negative?.totalCount ?? 0;
    if (this.negative !== null && rank < negatives) {
      return -scaledAtRank(this.negative, negatives - 1 - rank) / this.scale;
    }
    return scaledAtRank(this.positive, rank - negatives) / this.scale;
  }

  /** Adds every value of `other` into this histogram (`other` is left unchanged). */
  merge(other: ScaledHistogram): void {
    if (other.scale < this.scale) this.rescaleTo(other.scale);
    if (other.scale === this.scale) {
      this.positive.add(other.positive);
      if (other.negative !== null) {
        this.negative ??= newHistogram();
        this.negative.add(other.negative);
      }
      return;
    }
    other.forEachValue((value, count) => this.record(value, count));
  }

  /** Visits every bucket of both signs as (value, count). */
  forEachValue(visit: (value: number, count: number) => void): void {
    const scale = this.scale;
    if (this.negative !== null) forEachBucket(this.negative, (v, c) => visit(-v / scale, c));
    forEachBucket(this.positive, (v, c) => visit(v / scale, c));
  }

  toState(): ScaledHistogramState {
    return {
      scale: this.scale,
      positive: bucketsOf(this.positive),
      negative: this.negative === null ? null : bucketsOf(this.negative),
    };
  }

  static fromState(state: ScaledHistogramState): ScaledHistogram {
    const histogram = new ScaledHistogram();
    histogram.scale = state.scale;
    histogram.positive = fromBuckets(state.positive);
    histogram.negative = state.negative === null ? null : fromBuckets(state.negative);
    return histogram;
  }

  private rescaleFor(magnitude: number): void {
    let scale = this.scale;
    while (scale > Number.MIN_VALUE && magnitude * scale > MAX_SCALED) scale /= 10;
    this.rescaleTo(scale);
  }

  private rescaleTo(scale: number): void {
    const old = { positive: this.positive, negative: this.negative, scale: this.scale };
    this.scale = scale;
    this.positive = newHistogram();
    this.negative = null;
    const factor = scale / old.scale;
    forEachBucket(old.positive, (v, c) => this.positive.recordValueWithCount(Math.round(v * factor), c));
    if (old.negative !== null) {
      const negative = newHistogram();
      forEachBucket(old.negative, (v, c) => negative.recordValueWithCount(Math.round(v * factor), c));
      this.negative = negative;
    }
  }
}

/** The non-empty buckets of `histogram` as (midpoint, count) pairs (see {@link ScaledHistogramState}). */
function bucketsOf(histogram: JsHistogram): Float64Array {
  const pairs: number[] = [];
  forEachBucket(histogram, (value, count) => pairs.push(value, count));
  return Float64Array.from(pairs);
}

function fromBuckets(pairs: Float64Array): JsHistogram {
  const histogram = newHistogram();
  for (let i = 0; i + 1 < pairs.length; i += 2) histogram.recordValueWithCount(pairs[i] ?? 0, pairs[i + 1] ?? 0);
  return histogram;
}
