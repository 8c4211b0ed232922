import { describe, expect, it } from 'vitest';
import type { ResolvedConstantArrivalRate, ResolvedRampingArrivalRate, ResolvedStage } from '../../../src/config/scenario-types.js';
import {
  arrivalRateStarts,
  constantArrivalRateStarts,
  rampingArrivalRateStarts,
  type ArrivalStart,
} from '../../../src/execution/arrival-rate-schedule.js';
import { resolveExecutionTuple, segmentsForWorkers, type ExecutionTuple } from '../../../src/execution/segments/execution-tuple.js';
import { scaleScenario } from '../../../src/execution/segments/scale-scenario.js';

function tuple(segment: string | null, sequence: string | null): ExecutionTuple {
  const resolved = resolveExecutionTuple(segment, sequence);
  if (resolved.tuple === null) throw new Error(JSON.stringify(resolved.issues));
  return resolved.tuple;
}

function take<T>(iterable: Iterable<T>, count: number): T[] {
  const result: T[] = [];
  for (const item of iterable) {
    if (result.length >= count) break;
    result.push(item);
  }
  return result;
}

const BASE = { startTime: 0, gracefulStop: 30_000, env: {}, exec: 'default', execExplicit: false, tags: {}, browser: null };

function car(rate: number, timeUnit: number, duration: number, maxVUs = 10): ResolvedConstantArrivalRate {
  return { ...BASE, name: 'car', executor: 'constant-arrival-rate', rate, timeUnit, duration, preAllocatedVUs: maxVUs, maxVUs };
}

function rar(startRate: number, timeUnit: number, stages: ResolvedStage[], maxVUs = 10): ResolvedRampingArrivalRate {
  return { ...BASE, name: 'rar', executor: 'ramping-arrival-rate', startRate, timeUnit, stages, preAllocatedVUs: maxVUs, maxVUs };
}

/** The starts of `scenario` in segment `segment` of `sequence`, through the tuple k6 re-derives from maxVUs. */
function segmentStarts(scenario: ResolvedConstantArrivalRate | ResolvedRampingArrivalRate, one: ExecutionTuple): ArrivalStart[] {
  const { workTuple } = scaleScenario(scenario, one);
  return workTuple === null ? [] : [...arrivalRateStarts(scenario, workTuple.stripedOffsets())];
}

describe('constant-arrival-rate starts', () => {
  it('starts 10/s for 1 s at 0, 100, …, 900 ms (not at 1 s: the duration is over)', () => {
    expect([...constantArrivalRateStarts(10, 1_000, 1_000)]).toEqual(
      Array.from({ length: 10 }, (_, index) => ({ index, offsetMs: index * 100 })),
    );
  });

  it.each([
    [200, 1_000, 10_000, 2_000],
    [1, 60_000, 60_000, 1],
    [20, 950, 1_000, 22],
    // The period is truncated to whole nanoseconds, so one more start lands just before the end,
    // as in k6 (30/s: the 901st at 29.9999997 s; 7/s: the 8th at 999.999994 ms).
    [30, 1_000, 30_000, 901],
    [7, 1_000, 1_000, 8],
  ])('%d per %d ms for %d ms starts %d iterations', (rate, timeUnit, duration, count) => {
    expect([...constantArrivalRateStarts(rate, timeUnit, duration)]).toHaveLength(count);
  });

  it('truncates the period to whole nanoseconds like time.Duration(float64)', () => {
    // 1s / 3 = 333333333.33… ns → 333333333 ns.
    expect(take(constantArrivalRateStarts(3, 1_000, 1_000), 3).map((start) => start.offsetMs)).toEqual([0, 333.333333, 666.666666]);
  });

  it('is lazy: a 10-minute test at 1000 it/s yields 600k starts one by one', () => {
    const starts = constantArrivalRateStarts(1_000, 1_000, 600_000);
    expect(starts.next().value).toEqual({ index: 0, offsetMs: 0 });
    let count = 1;
    let last: ArrivalStart | undefined;
    for (const start of starts) {
      count += 1;
      last = start;
    }
    expect(count).toBe(600_000);
    expect(last).toEqual({ index: 599_999, offsetMs: 599_999 });
  });

  // k6 TestConstantArrivalRateRunCorrectTiming: rate 50/s, maxVUs 20, the first start and the gaps (ms) after it.
  it.each<[string, string | null, number, number[]]>([
    ['0:1/3', null, 20, [40, 60, 60, 60, 60, 60, 60]],
    ['1/3:2/3', null, 20, [60, 60, 60, 60, 60, 60, 40]],
    ['2/3:1', null, 20, [40, 60, 60, 60, 60, 60, 60]],
    ['1/6:3/6', null, 20, [40, 80, 40, 80, 40, 80, 40]],
    ['1/6:3/6', '1/6,3/6', 20, [40, 80, 40, 80, 40, 80, 40]],
    ['0:1/3', '0,1/3,2/3,1', 0, [60, 60, 60, 60, 60, 60, 40]],
    ['1/3:2/3', '0,1/3,2/3,1', 20, [60, 60, 60, 60, 60, 60, 40]],
    ['2/3:1', '0,1/3,2/3,1', 40, [60, 60, 60, 60, 60, 100]],
  ])('segment %s of %j starts at %d ms, then every %j ms', (segment, sequence, first, gaps) => {
    const offsets = segmentStarts(car(50, 1_000, 2_000, 20), tuple(segment, sequence)).map((start) => start.offsetMs);
    expect(offsets[0]).toBe(first);
    const expected = Array.from({ length: 20 }, (_, index) => gaps[index % gaps.length]);
    expect(offsets.slice(1, 21).map((offset, index) => offset - (offsets[index] ?? 0))).toEqual(expected);
  });

  // k6 TestConstantArrivalRateGlobalIters: 20 per 950 ms for 1 s, maxVUs 5.
  it.each([
    ['0:1/4', [1, 6, 11, 16, 21]],
    ['1/4:3/4', [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20]],
    ['3/4:1', [3, 8, 13, 18]],
  ])('gives segment %s of 0,1/4,3/4,1 the starts %j', (segment, indexes) => {
    const starts = segmentStarts(car(20, 950, 1_000, 5), tuple(segment, '0,1/4,3/4,1'));
    expect(starts.map((start) => start.index)).toEqual(indexes);
    expect(starts.map((start) => start.offsetMs)).toEqual(indexes.map((index) => index * 47.5));
  });
});

describe('ramping-arrival-rate starts (k6 cal)', () => {
  const CAL_STAGES = [
    { duration: 5_000, target: 1 },
    { duration: 1_000, target: 1 },
    { duration: 5_000, target: 0 },
  ];

  // k6 TestRampingArrivalRateCal: the tuple as given (no re-derivation), times within 0.1%.
  it.each<[string | null, string | null, number, number[]]>([
    [null, null, 1_000, [3162, 4472, 5500, 6527, 7837, 11_000]],
    ['0:1/3', null, 1_000, [4472, 7837]],
    ['0:1/3', '0,1/3,1', 1_000, [4472, 7837]],
    ['1/3:2/3', null, 1_000, [4472, 7837]],
    ['2/3:1', null, 1_000, [4472, 7837]],
    ['0:1/3', '0,1/3,2/3,1', 1_000, [3162, 6527]],
    ['1/3:2/3', '0,1/3,2/3,1', 1_000, [4472, 7837]],
    ['2/3:1', '0,1/3,2/3,1', 1_000, [5500, 11_000]],
    [
      null,
      null,
      1_000 / 3,
      [1825, 2581, 3162, 3651, 4082, 4472, 4830, 5166, 5499, 5833, 6169, 6527, 6917, 7348, 7837, 8418, 9174, 10_999],
    ],
  ])('segment %s of %j with timeUnit %d ms starts at %j ms', (segment, sequence, timeUnit, expected) => {
    const offsets = [...rampingArrivalRateStarts(0, timeUnit, CAL_STAGES, tuple(segment, sequence).stripedOffsets())].map(
      (start) => start.offsetMs,
    );
    expect(offsets).toHaveLength(expected.length);
    offsets.forEach((offset, index) => expect(Math.abs(offset / (expected[index] ?? 1) - 1)).toBeLessThan(0.001));
  });

  it('ramps along the area under the rate: 0 → 2/s over 2 s starts at √(2n) s, in float64 like k6', () => {
    const offsets = [...rampingArrivalRateStarts(0, 1_000, [{ duration: 2_000, target: 2 }])].map((start) => start.offsetMs);
    expect(offsets).toEqual([Math.trunc(Math.SQRT2 * 1e9) / 1e6, 1_999.999999]);
  });

  it('holds a constant stage at 1/rate steps and leaves the start at the very end to the duration check', () => {
    const stages = [{ duration: 1_000, target: 10 }];
    const raw = [...rampingArrivalRateStarts(10, 1_000, stages)].map((start) => start.offsetMs);
    expect(raw).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
    expect([...arrivalRateStarts(rar(10, 1_000, stages))].map((start) => start.offsetMs)).toEqual(raw.slice(0, -1));
  });

  it('starts nothing while the rate is 0', () => {
    expect([...rampingArrivalRateStarts(0, 1_000, [{ duration: 5_000, target: 0 }])]).toEqual([]);
  });

  // k6 TestRampingArrivalRateGlobalIters: 0 → 20 → 0 per 950 ms over 1 s + 1 s, maxVUs 5.
  it.each([
    ['0:1/4', [1, 6, 11, 16]],
    ['1/4:3/4', [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20]],
    ['3/4:1', [3, 8, 13, 18]],
  ])('gives segment %s of 0,1/4,3/4,1 the starts %j', (segment, indexes) => {
    const scenario = rar(0, 950, [
      { duration: 1_000, target: 20 },
      { duration: 1_000, target: 0 },
    ], 5);
    expect(segmentStarts(scenario, tuple(segment, '0,1/4,3/4,1')).map((start) => start.index)).toEqual(indexes);
  });

  it('follows the k6 documentation example (300/min → 600/min → 60/min over 9 minutes)', () => {
    const scenario = rar(300, 60_000, [
      { duration: 60_000, target: 300 },
      { duration: 120_000, target: 600 },
      { duration: 240_000, target: 600 },
      { duration: 120_000, target: 60 },
    ]);
    const starts = [...arrivalRateStarts(scenario)];
    // Area under the rate: 300 + 900 + 2400 + 660 = 4260 starts, as k6 runs it (grafana/k6-docs#1565).
    expect(starts).toHaveLength(4260);
    expect(take(starts, 3).map((start) => start.offsetMs)).toEqual([200, 400, 600]);
    expect(starts.every((start, index) => start.index === index)).toBe(true);
  });
});

describe('segments interleave into exactly the unsegmented starts', () => {
  const scenarios = [
    car(50, 1_000, 2_000, 20),
    car(13, 700, 3_000, 7),
    rar(5, 1_000, [
      { duration: 2_000, target: 40 },
      { duration: 1_000, target: 40 },
      { duration: 2_000, target: 3 },
    ], 11),
    rar(0, 1_000, [{ duration: 3_000, target: 100 }], 1),
  ];
  const key = (start: ArrivalStart): string => `${start.index}@${start.offsetMs}`;

  it.each(scenarios.flatMap((scenario) => [2, 3, 4, 7].map((n) => [scenario.executor, scenario.maxVUs, n, scenario] as const)))(
    '%s (maxVUs %d) over %d workers',
    (_type, _maxVUs, n, scenario) => {
      const whole = [...arrivalRateStarts(scenario)].map(key);
      const parts = segmentsForWorkers(n).flatMap((one) => segmentStarts(scenario, one));
      const union = [...parts].sort((a, b) => a.index - b.index).map(key);
      expect(union).toEqual(whole);
    },
  );
});
