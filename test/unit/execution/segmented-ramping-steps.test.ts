import { describe, expect, it } from 'vitest';
import type { ResolvedStage } from '../../../src/config/scenario-types.js';
import { resolveExecutionTuple, segmentsForWorkers, type ExecutionTuple } from '../../../src/execution/segments/execution-tuple.js';
import { segmentedRampingVuSteps } from '../../../src/execution/segments/segmented-ramping-steps.js';
import { vusAt } from '../../../src/execution/ramping-steps.js';

function tuple(segment: string | null, sequence: string | null): ExecutionTuple {
  const resolved = resolveExecutionTuple(segment, sequence);
  if (resolved.tuple === null) throw new Error(JSON.stringify(resolved.issues));
  return resolved.tuple;
}

const s = (seconds: number, target: number): ResolvedStage => ({ duration: seconds * 1_000, target });

/** k6 TestRampingVUsExecutionTupleTests: startVUs 4 and these stages. */
const STAGES = [s(2, 6), s(5, 1), s(4, 5), s(4, 1), s(3, 4), s(2, 4), s(0, 1), s(3, 1), s(0, 5), s(3, 5), s(0, 0), s(2, 2), s(2, 0), s(4, 4)];

/** `[seconds, vus]` pairs. */
type Steps = Array<[number, number]>;

const THIRD: Steps = [[0, 1], [1, 2], [4, 1], [7, 0], [8, 1], [11, 2], [12, 1], [15, 0], [16, 1], [20, 0], [23, 2], [26, 0], [28, 1], [29, 0], [32, 1]];

describe('segmentedRampingVuSteps (k6 getRawExecutionSteps)', () => {
  it.each<[string | null, string | null, Steps]>([
    [
      null,
      null,
      [
        [0, 4], [1, 5], [2, 6], [3, 5], [4, 4], [5, 3], [6, 2], [7, 1], [8, 2], [9, 3], [10, 4], [11, 5], [12, 4], [13, 3], [14, 2], [15, 1],
        [16, 2], [17, 3], [18, 4], [20, 1], [23, 5], [26, 0], [27, 1], [28, 2], [29, 1], [30, 0], [31, 1], [32, 2], [33, 3], [34, 4],
      ],
    ],
    ['0:1/3', null, THIRD],
    ['0:1/3', '0,1/3,1', THIRD],
    ['1/3:2/3', null, THIRD],
    ['2/3:1', null, THIRD],
    [
      '0:1/3',
      '0,1/3,2/3,1',
      [[0, 2], [5, 1], [10, 2], [13, 1], [18, 2], [20, 1], [23, 2], [26, 0], [27, 1], [30, 0], [31, 1], [34, 2]],
    ],
    ['1/3:2/3', '0,1/3,2/3,1', THIRD],
    ['2/3:1', '0,1/3,2/3,1', [[0, 1], [2, 2], [3, 1], [6, 0], [9, 1], [14, 0], [17, 1], [20, 0], [23, 1], [26, 0], [33, 1]]],
  ])('segment %s of %s', (segment, sequence, expected) => {
    const steps = segmentedRampingVuSteps(4, STAGES, tuple(segment, sequence));
    expect(steps.map((step) => [step.atMs / 1_000, step.vus])).toEqual(expected);
  });

  it.each([2, 3, 4, 7])('gives %d workers steps whose VU counts add up to the unsegmented plan at every moment', (n) => {
    const whole = segmentedRampingVuSteps(4, STAGES, tuple(null, null));
    const parts = segmentsForWorkers(n).map((one) => segmentedRampingVuSteps(4, STAGES, one));
    for (let ms = 0; ms <= 36_000; ms += 250) {
      expect(parts.reduce((sum, steps) => sum + vusAt(steps, ms), 0)).toBe(vusAt(whole, ms));
    }
  });

  it('keeps nanosecond truncation of uneven ramps (0 → 3 VUs over 1 s)', () => {
    expect(segmentedRampingVuSteps(0, [s(1, 3)], tuple(null, null))).toEqual([
      { atMs: 0, vus: 0 },
      { atMs: 333.333334, vus: 1 },
      { atMs: 666.666667, vus: 2 },
      { atMs: 1_000, vus: 3 },
    ]);
  });
});
