import { describe, expect, it } from 'vitest';
import { CounterSink } from '../../../src/metrics/sinks/counter.js';
import { GaugeSink } from '../../../src/metrics/sinks/gauge.js';
import { RateSink } from '../../../src/metrics/sinks/rate.js';
import { TREND_EXACT_LIMIT, TrendSink } from '../../../src/metrics/sinks/trend.js';
import { createSink, mergeSink, sinkFromState } from '../../../src/metrics/sinks/sink.js';

/** k6 metrics/sink.go TrendSink.P, written out independently. */
function k6Percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  if (sorted.length === 1) return sorted[0] as number;
  const i = p * (sorted.length - 1);
  const j = sorted[Math.floor(i)] as number;
  const k = sorted[Math.ceil(i)] as number;
  return j + (k - j) * (i - Math.floor(i));
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function trendOf(values: readonly number[]): TrendSink {
  const sink = new TrendSink();
  for (const v of values) sink.add(v);
  return sink;
}

describe('counter sink', () => {
  it('sums values and reports a per-second rate over the elapsed time', () => {
    const sink = new CounterSink();
    sink.add(2);
    sink.add(4);
    expect(sink.values(2000)).toEqual({ count: 6, rate: 3 });
  });

  it('is not empty after a zero sample and reports rate 0 when no time elapsed', () => {
    const sink = new CounterSink();
    expect(sink.isEmpty()).toBe(true);
    sink.add(0);
    expect(sink.isEmpty()).toBe(false);
    expect(sink.values(0)).toEqual({ count: 0, rate: 0 });
  });
});

describe('gauge sink', () => {
  it('keeps the last value and the min and max', () => {
    const sink = new GaugeSink();
    for (const [v, t] of [[5, 1], [-3, 2], [2, 3]] as const) sink.add(v, t);
    expect(sink.values()).toEqual({ value: 2, min: -3, max: 5 });
  });

  it('reports the true max of an all-negative gauge', () => {
    const sink = new GaugeSink();
    sink.add(-4, 1);
    sink.add(-2, 2);
    expect(sink.values()).toEqual({ value: -2, min: -4, max: -2 });
  });

  it('lets the more recent sample win a merge', () => {
    const a = new GaugeSink();
    const b = new GaugeSink();
    a.add(10, 200);
    b.add(7, 100);
    b.add(1, 150);
    a.merge(b);
    expect(a.values()).toEqual({ value: 10, min: 1, max: 10 });
    b.merge(a);
    expect(b.value).toBe(10);
  });
});

describe('rate sink', () => {
  it('counts non-zero samples as passes', () => {
    const sink = new RateSink();
    for (const v of [1, 0, 0.5, -1, 0]) sink.add(v);
    expect(sink.values()).toEqual({ rate: 0.6, passes: 3, fails: 2 });
  });

  it('has no rate while empty but reports 0 in its summary values', () => {
    const sink = new RateSink();
    expect(sink.rate()).toBeUndefined();
    expect(sink.values()).toEqual({ rate: 0, passes: 0, fails: 0 });
  });

  it('merges pass and total counts', () => {
    const a = new RateSink();
    const b = new RateSink();
    a.add(1);
    b.add(0);
    b.add(1);
    a.merge(b);
    expect(a.values()).toEqual({ rate: 2 / 3, passes: 2, fails: 1 });
  });
});

describe('trend sink with few values', () => {
  const sets: [name: string, values: number[]][] = [
    ['one value', [42]],
    ['two values', [1, 3]],
    ['s1.js request durations', [0.065372, 0.081674, 0.1, 0.135022, 0.164402, 0.452962]],
    ['unsorted with duplicates', [5, 1, 5, 3, 3, 9, 0]],
    ['negative and fractional values', [-2.5, 0.25, -0.125, 7.75, -10, 3]],
  ];
  const percentiles = [0, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

  it.each(sets)('matches k6 linear interpolation exactly for %s', (_name, values) => {
    const sink = trendOf(values);
    for (const p of percentiles) expect(sink.percentile(p)).toBe(k6Percentile(values, p));
    expect(sink.med()).toBe(k6Percentile(values, 0.5));
  });

  it.each(sets)('keeps exact count, min, max and avg for %s', (_name, values) => {
    const sink = trendOf(values);
    expect(sink.count).toBe(values.length);
    expect(sink.min).toBe(Math.min(...values));
    expect(sink.max).toBe(Math.max(...values));
    expect(sink.avg()).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
  });

  it('reads 0 for every statistic while empty', () => {
    const sink = new TrendSink();
    expect([sink.min, sink.max, sink.avg(), sink.med(), sink.percentile(0.95)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('ignores non-finite values', () => {
    const sink = trendOf([1, Number.NaN, Infinity, 3]);
    expect(sink.count).toBe(2);
    expect(sink.max).toBe(3);
  });

  it(`stays exact up to ${TREND_EXACT_LIMIT} values and switches to a histogram after`, () => {
    const values = Array.from({ length: TREND_EXACT_LIMIT }, (_, i) => i / 7);
    const sink = trendOf(values);
    expect(sink.exact).toBe(true);
    expect(sink.percentile(0.95)).toBe(k6Percentile(values, 0.95));
    sink.add(1);
    expect(sink.exact).toBe(false);
  });
});

describe('trend sink with many values', () => {
  const next = random(42);
  const datasets: Record<string, { values: number[]; percentiles: number[] }> = {
    'log-normal-like latencies': {
      values: Array.from({ length: 100_000 }, () => Math.exp(next() * 4 + next() * 2) * 0.8),
      percentiles: [0.5, 0.9, 0.95, 0.99, 0.999],
    },
    'signed values around zero': {
      values: Array.from({ length: 100_000 }, () => (next() - 0.5) * 100),
      percentiles: [0.01, 0.1, 0.25, 0.75, 0.9, 0.99],
    },
    'sub-microsecond values': {
      values: Array.from({ length: 100_000 }, () => 0.001 + next() * 0.01),
      percentiles: [0.5, 0.9, 0.99],
    },
    'timestamps too large for the default scale': {
      values: Array.from({ length: 100_000 }, () => 1.7e12 + next() * 1e9),
      percentiles: [0.5, 0.9, 0.99],
    },
  };

  it.each(Object.keys(datasets))('keeps %s within 0.2 percent of k6 percentiles', (name) => {
    const { values, percentiles } = datasets[name] as { values: number[]; percentiles: number[] };
    const sink = trendOf(values);
    expect(sink.exact).toBe(false);
    for (const p of percentiles) {
      const exact = k6Percentile(values, p);
      expect(Math.abs(sink.percentile(p) - exact) / Math.abs(exact)).toBeLessThan(0.002);
    }
    expect(sink.min).toBe(Math.min(...values));
    expect(sink.max).toBe(Math.max(...values));
    expect(sink.percentile(0)).toBe(sink.min);
    expect(sink.percentile(1)).toBe(sink.max);
  });
});

describe('sink merge', () => {
  const next = random(7);
  const a = Array.from({ length: 3000 }, () => next() * 100);
  const b = Array.from({ length: 3000 }, () => next() * 100 - 20);
  const big = Array.from({ length: 20_000 }, () => next() * 1e10);
  const cases: Record<string, [number[], number[]]> = {
    'two small exact trends': [a.slice(0, 100), b.slice(0, 100)],
    'exact trends that overflow the exact limit together': [a, b],
    'a histogram trend and an exact trend': [[...a, ...b], a.slice(0, 10)],
    'an exact trend and a histogram trend at a coarser scale': [a.slice(0, 10), big],
  };

  it.each(Object.keys(cases))('merges %s like one trend fed all values', (name) => {
    const [left, right] = cases[name] as [number[], number[]];
    const merged = trendOf(left);
    merged.merge(trendOf(right));
    const all = [...left, ...right];
    expect(merged.count).toBe(all.length);
    expect(merged.min).toBe(Math.min(...all));
    expect(merged.max).toBe(Math.max(...all));
    for (const p of [0.5, 0.9, 0.99]) {
      const exact = k6Percentile(all, p);
      expect(Math.abs(merged.percentile(p) - exact) / Math.abs(exact)).toBeLessThan(0.002);
    }
  });

  it.each(['counter', 'gauge', 'rate', 'trend'] as const)('round-trips a %s sink through its structured-clone state', (type) => {
    const sink = createSink(type);
    for (let i = 0; i < 5000; i++) sink.add(i % 3 === 0 ? 0 : i / 3, i);
    const copy = sinkFromState(structuredClone(sink.toState()));
    expect(copy.toState()).toEqual(sink.toState());
    const doubled = sinkFromState(sink.toState());
    mergeSink(doubled, copy);
    expect(doubled.isEmpty()).toBe(false);
  });

  it('refuses to merge sinks of different types', () => {
    expect(() => mergeSink(new CounterSink(), new RateSink())).toThrow(/cannot merge a rate sink into a counter sink/);
  });
});
