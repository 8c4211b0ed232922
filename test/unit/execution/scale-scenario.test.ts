import { describe, expect, it } from 'vitest';
import { describeScenario, scenarioMaxVUs } from '../../../src/config/scenario-description.js';
import type { ResolvedScenario, ResolvedScenarioBase } from '../../../src/config/scenario-types.js';
import { ExecutionSegmentSequence } from '../../../src/execution/segments/execution-segment.js';
import {
  StripedSequence,
  resolveExecutionTuple,
  segmentsForWorkers,
  type ExecutionTuple,
} from '../../../src/execution/segments/execution-tuple.js';
import { parseExecutionSegmentSequence } from '../../../src/execution/segments/execution-segment.js';
import { scaleScenario, segmentPercent } from '../../../src/execution/segments/scale-scenario.js';

function base(name: string): ResolvedScenarioBase {
  return { name, startTime: 0, gracefulStop: 30_000, env: {}, exec: 'default', execExplicit: false, tags: {}, browser: null };
}

/** The scenarios of the reference's worked example (`noop.js`). */
const WORKED: readonly ResolvedScenario[] = [
  { ...base('si'), executor: 'shared-iterations', vus: 10, iterations: 100, maxDuration: 600_000 },
  { ...base('pvu'), executor: 'per-vu-iterations', vus: 10, iterations: 3, maxDuration: 600_000 },
  {
    ...base('car'),
    executor: 'constant-arrival-rate',
    rate: 10,
    timeUnit: 1_000,
    duration: 1_000,
    preAllocatedVUs: 7,
    maxVUs: 10,
  },
  {
    ...base('rv'),
    executor: 'ramping-vus',
    startVUs: 0,
    stages: [{ duration: 1_000, target: 10 }],
    gracefulRampDown: 30_000,
  },
];

function tuple(segment: string | null, sequence: string | null): ExecutionTuple {
  const resolved = resolveExecutionTuple(segment, sequence);
  if (resolved.tuple === null) throw new Error(JSON.stringify(resolved.issues));
  return resolved.tuple;
}

describe('scaleScenario: the reference worked example (verified against k6 v1.3.0)', () => {
  it.each([
    [
      '0:1/3',
      '0,1/3,2/3,1',
      [
        '40 iterations shared among 4 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '3 iterations for each of 4 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '4.00 iterations/s for 1s (maxVUs: 3-4, gracefulStop: 30s)',
        'Up to 4 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
      ],
      16,
    ],
    [
      '1/3:2/3',
      '0,1/3,2/3,1',
      [
        '30 iterations shared among 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '3 iterations for each of 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '3.00 iterations/s for 1s (maxVUs: 2-3, gracefulStop: 30s)',
        'Up to 3 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
      ],
      12,
    ],
    [
      '2/3:1',
      '0,1/3,2/3,1',
      [
        '30 iterations shared among 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '3 iterations for each of 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '3.00 iterations/s for 1s (maxVUs: 2-3, gracefulStop: 30s)',
        'Up to 3 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
      ],
      12,
    ],
    [
      '50%',
      null,
      [
        '50 iterations shared among 5 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '3 iterations for each of 5 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
        '5.00 iterations/s for 1s (maxVUs: 4-5, gracefulStop: 30s)',
        'Up to 5 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
      ],
      20,
    ],
  ])('segment %s of sequence %j runs %j (%d max VUs)', (segment, sequence, descriptions, maxVUs) => {
    const scaled = WORKED.map((scenario) => scaleScenario(scenario, tuple(segment, sequence)));
    expect(scaled.map((one) => describeScenario(one.scenario))).toEqual(descriptions);
    expect(scaled.reduce((sum, one) => sum + scenarioMaxVUs(one.scenario), 0)).toBe(maxVUs);
    expect(scaled.every((one) => one.hasWork)).toBe(true);
  });

  it('prints the segment share like the banner', () => {
    expect(segmentPercent(tuple('50%', null))).toBe('50.00%');
    expect(segmentPercent(tuple('0:1/3', '0,1/3,2/3,1'))).toBe('33.33%');
    expect(segmentPercent(tuple(null, null))).toBe('100.00%');
  });
});

describe('scaleScenario: per-executor rules', () => {
  const rar: ResolvedScenario = {
    ...base('rar'),
    executor: 'ramping-arrival-rate',
    startRate: 10,
    timeUnit: 1_000,
    stages: [{ duration: 1_000, target: 20 }],
    preAllocatedVUs: 7,
    maxVUs: 8,
  };

  it('scales ramping-arrival-rate rates by the segment length and VUs by striping', () => {
    const { scenario, workTuple } = scaleScenario(rar, tuple('0:1/3', '0,1/3,2/3,1'));
    expect(scenario).toMatchObject({ startRate: 10 / 3, stages: [{ duration: 1_000, target: 20 / 3 }], preAllocatedVUs: 3, maxVUs: 3 });
    expect(workTuple?.sequence.toString()).toBe('0,3/8,3/4,1');
  });

  it('gives a segment without VUs no work (k6 TestRampingArrivalRateCornerCase)', () => {
    const corner: ResolvedScenario = { ...rar, startRate: 1, stages: [{ duration: 1_000, target: 1 }], preAllocatedVUs: 0, maxVUs: 2 };
    const scaled = scaleScenario(corner, tuple('1/5:2/5', '0,1/5,2/5,1'));
    expect(scaled.hasWork).toBe(false);
    expect(scaled.workTuple).toBeNull();
  });

  it('scales externally-controlled vus and maxVUs and always has work', () => {
    const ec: ResolvedScenario = { ...base('ec'), executor: 'externally-controlled', vus: 1, maxVUs: 4, duration: 0 };
    const scaled = scaleScenario(ec, tuple('2/3:1', '0,1/3,2/3,1'));
    expect(scaled.scenario).toMatchObject({ vus: 0, maxVUs: 1 });
    expect(scaled.hasWork).toBe(true);
  });

  it('leaves per-vu-iterations iterations alone and has no work without VUs', () => {
    const scaled = scaleScenario({ ...(WORKED[1] as ResolvedScenario), vus: 1 } as ResolvedScenario, tuple('0:1/20', '0,1/20,1'));
    expect(scaled.scenario).toMatchObject({ vus: 0, iterations: 3 });
    expect(scaled.hasWork).toBe(false);
  });

  it('scales ramping-vus start and every stage target', () => {
    const rv: ResolvedScenario = {
      ...base('rv'),
      executor: 'ramping-vus',
      startVUs: 4,
      stages: [
        { duration: 2_000, target: 6 },
        { duration: 5_000, target: 1 },
      ],
      gracefulRampDown: 0,
    };
    expect(scaleScenario(rv, tuple('0:1/3', '0,1/3,2/3,1')).scenario).toMatchObject({
      startVUs: 2,
      stages: [
        { duration: 2_000, target: 2 },
        { duration: 5_000, target: 1 },
      ],
    });
  });
});

describe('scaleScenario: the segments of a sequence add up to the whole test', () => {
  const sequences = ['0,1/3,2/3,1', '0,1/4,3/4,1', '0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0,1/13,2/13,1/3,1/2,3/4,1', '0,1/7,2/7,1'];
  const cases = [
    ...sequences.map((text) => {
      const parsed = parseExecutionSegmentSequence(text);
      if (!parsed.ok) throw new Error(parsed.message);
      const striped = new StripedSequence(parsed.value);
      return [text, parsed.value.segments.map((_, index) => striped.tuple(index))] as const;
    }),
    ...[2, 3, 5, 8].map((n) => [`${n} workers`, segmentsForWorkers(n)] as const),
  ];
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

  it.each(cases)('%s', (_name, tuples) => {
    for (const [vus, iterations, pre, max] of [
      [10, 100, 7, 10],
      [7, 7, 0, 5],
      [13, 1000, 13, 29],
      [1, 1, 1, 1],
      [3, 17, 2, 3],
    ] as const) {
      const si = tuples.map((one) => scaleScenario({ ...base('si'), executor: 'shared-iterations', vus, iterations, maxDuration: 1 }, one));
      expect(sum(si.map((one) => (one.scenario.executor === 'shared-iterations' ? one.scenario.vus : 0)))).toBe(vus);
      expect(sum(si.map((one) => (one.scenario.executor === 'shared-iterations' ? one.scenario.iterations : 0)))).toBe(iterations);
      const car = tuples.map((one) =>
        scaleScenario(
          { ...base('car'), executor: 'constant-arrival-rate', rate: 50, timeUnit: 1_000, duration: 1_000, preAllocatedVUs: pre, maxVUs: max },
          one,
        ),
      );
      const carOf = (pick: (s: { rate: number; preAllocatedVUs: number; maxVUs: number }) => number): number =>
        sum(car.map((one) => (one.scenario.executor === 'constant-arrival-rate' ? pick(one.scenario) : 0)));
      expect(carOf((s) => s.preAllocatedVUs)).toBe(pre);
      expect(carOf((s) => s.maxVUs)).toBe(max);
      expect(carOf((s) => s.rate)).toBeCloseTo(50, 9);
      const rv = tuples.map((one) =>
        scaleScenario({ ...base('rv'), executor: 'ramping-vus', startVUs: pre, stages: [{ duration: 1, target: vus }], gracefulRampDown: 0 }, one),
      );
      expect(sum(rv.map((one) => (one.scenario.executor === 'ramping-vus' ? one.scenario.startVUs : 0)))).toBe(pre);
      expect(sum(rv.map((one) => (one.scenario.executor === 'ramping-vus' ? (one.scenario.stages[0]?.target ?? 0) : 0)))).toBe(vus);
    }
  });
});

it('keeps the whole sequence object when a tuple is full', () => {
  const full = tuple(null, null);
  expect(full.sequence.sequence).toBeInstanceOf(ExecutionSegmentSequence);
  expect(scaleScenario(WORKED[0] as ResolvedScenario, full).scenario).toEqual(WORKED[0]);
});
