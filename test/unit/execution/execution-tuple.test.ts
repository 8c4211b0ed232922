import { describe, expect, it } from 'vitest';
import {
  ExecutionSegment,
  ExecutionSegmentSequence,
  parseExecutionSegment,
  parseExecutionSegmentSequence,
} from '../../../src/execution/segments/execution-segment.js';
import {
  ExecutionTuple,
  StripedSequence,
  createExecutionTuple,
  resolveExecutionTuple,
  segmentsForWorkers,
} from '../../../src/execution/segments/execution-tuple.js';
import { rational } from '../../../src/execution/segments/rational.js';
import { SegmentedIndex } from '../../../src/execution/segments/segmented-index.js';

function tuple(segment: string | null, sequence: string | null): ExecutionTuple {
  const resolved = resolveExecutionTuple(segment, sequence);
  if (resolved.tuple === null) throw new Error(JSON.stringify(resolved.issues));
  return resolved.tuple;
}

/** A deterministic pseudo-random full sequence of `parts` segments with denominators up to `maxDen`. */
function randomSequence(seed: number, parts: number, maxDen: number): ExecutionSegmentSequence {
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const den = 2 + Math.floor(random() * (maxDen - 1));
  const cuts = new Set<number>();
  while (cuts.size < Math.min(parts - 1, den - 1)) cuts.add(1 + Math.floor(random() * (den - 1)));
  const points = [0, ...[...cuts].sort((a, b) => a - b), den];
  const segments = points.slice(1).map((to, index) => new ExecutionSegment(rational(points[index] ?? 0, den), rational(to, den)));
  return new ExecutionSegmentSequence(segments);
}

describe('striping (k6 GetStripedOffsets)', () => {
  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0:0.3', 0, [4, 3, 3], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.3:0.5', 1, [4, 6], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.5:0.6', 2, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.8:0.9', 8, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0:0.2', 1, [4, 6], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.2,0.5', '0:0.2', 3, [6, 4], 10],
    ['0,0.2,0.5', '0.2:0.5', 1, [4, 2, 4], 10],
    ['0,2/5,4/5', '0:2/5', 0, [3, 2], 5],
    ['0,2/5,4/5', '2/5:4/5', 1, [3, 2], 5],
    [null, '0:0.2', 1, [5], 5],
    [null, '0:1/5', 1, [5], 5],
    [null, '0:2/10', 1, [5], 5],
    [null, '0:0.4', 1, [2, 3], 5],
    [null, '0:2/5', 1, [2, 3], 5],
    [null, '2/5:4/5', 1, [3, 2], 5],
    [null, '0:4/10', 1, [2, 3], 5],
    [null, '1/10:5/10', 1, [2, 2, 4, 2], 10],
  ])('sequence %s, segment %s: start %d, offsets %j, lcd %d', (sequence, segment, start, offsets, lcd) => {
    expect(tuple(segment, sequence).stripedOffsets()).toEqual({ start, offsets, lcd });
  });

  it('deals 0,1/4,3/4,1 out as the header of execution-tuple.ts draws it', () => {
    const striped = tuple(null, null).sequence;
    expect(striped.lcd).toBe(1);
    const quarters = tuple('0:1/4', '0,1/4,3/4,1').sequence;
    expect([0, 1, 2].map((index) => quarters.stripedOffsets(index))).toEqual([
      { start: 1, offsets: [4], lcd: 4 },
      { start: 0, offsets: [2, 2], lcd: 4 },
      { start: 3, offsets: [4], lcd: 4 },
    ]);
  });
});

describe('ExecutionTuple.scale (k6 ScaleInt64)', () => {
  it.each([
    ['0.5', null, 2, 1],
    ['0.5', null, 3, 2],
    ['0.5:1.0', null, 2, 1],
    ['0.5:1.0', null, 3, 1],
    ['0.5', '0,0.5,1', 2, 1],
    ['0.5', '0,0.5,1', 3, 2],
    ['0.5:1.0', '0,0.5,1', 2, 1],
    ['0.5:1.0', '0,0.5,1', 3, 1],
    ['0:7/20', '0,7/20,7/10,1', 50, 18],
    [null, null, 123, 123],
  ])('segment %s in %s scales %d to %d', (segment, sequence, value, expected) => {
    expect(tuple(segment, sequence).scale(value)).toBe(expected);
  });

  it.each(Array.from({ length: 12 }, (_, seed) => seed + 1))(
    'gives the segments of random sequence #%d shares that sum to the whole, and never shrink as the value grows',
    (seed) => {
      const sequence = randomSequence(seed, 2 + (seed % 9), 200);
      const striped = new StripedSequence(sequence);
      const last = sequence.segments.map(() => 0);
      for (let value = 0; value <= 400; value++) {
        let total = 0;
        sequence.segments.forEach((_, index) => {
          const share = striped.scale(index, value);
          expect(share).toBeGreaterThanOrEqual(last[index] ?? 0);
          last[index] = share;
          total += share;
        });
        expect(total).toBe(value);
      }
    },
  );

  it('re-derives a tuple from a value (k6 GetNewExecutionTupleFromValue)', () => {
    const derived = tuple('0:1/3', '0,1/3,2/3,1').fromValue(20);
    expect(derived?.sequence.toString()).toBe('0,7/20,7/10,1');
    expect(derived?.segment.toString()).toBe('0:7/20');
    // Divisible by the LCD: the same tuple.
    const same = tuple('1/3:2/3', '0,1/3,2/3,1');
    expect(same.fromValue(9)).toEqual(same);
    // The segment gets none of the value: no tuple (k6: an error, the executor has no work).
    expect(tuple('1/5:2/5', '0,1/5,2/5,1').fromValue(2)).toBeNull();
    expect(tuple(null, null).fromValue(0)).toBeNull();
  });
});

describe('SegmentedIndex', () => {
  const walk = (index: SegmentedIndex, moves: string): Array<[number, number]> =>
    [...moves].map((move) => {
      const { scaled, unscaled } = move === 'n' ? index.next() : index.prev();
      return [scaled, unscaled];
    });

  it('walks the full test one by one', () => {
    const index = new SegmentedIndex({ start: 0, offsets: [1], lcd: 1 });
    expect(walk(index, 'npnnnppn')).toEqual([[1, 1], [0, 0], [1, 1], [2, 2], [3, 3], [2, 2], [1, 1], [2, 2]]);
  });

  it('walks half of the test', () => {
    const index = new SegmentedIndex({ start: 0, offsets: [2], lcd: 2 });
    expect(walk(index, 'npnnnpppn')).toEqual([[1, 1], [0, 0], [1, 1], [2, 3], [3, 5], [2, 3], [1, 1], [0, 0], [1, 1]]);
  });

  it('walks the other half', () => {
    const index = new SegmentedIndex({ start: 1, offsets: [2], lcd: 2 });
    expect(walk(index, 'npnnnpppn')).toEqual([[1, 2], [0, 0], [1, 2], [2, 4], [3, 6], [2, 4], [1, 2], [0, 0], [1, 2]]);
  });

  it('walks and jumps through a strange stripe (start 1, offsets 4,3, lcd 7)', () => {
    const index = new SegmentedIndex({ start: 1, offsets: [4, 3], lcd: 7 });
    expect(walk(index, 'npnnnpppn')).toEqual([[1, 2], [0, 0], [1, 2], [2, 6], [3, 9], [2, 6], [1, 2], [0, 0], [1, 2]]);
    expect([6, 5, 7, 8, 9].map((value) => index.goTo(value))).toEqual([
      { scaled: 2, unscaled: 6 },
      { scaled: 1, unscaled: 2 },
      { scaled: 2, unscaled: 6 },
      { scaled: 2, unscaled: 6 },
      { scaled: 3, unscaled: 9 },
    ]);
  });
});

describe('resolveExecutionTuple', () => {
  it('is the whole test when neither option is set', () => {
    const resolved = resolveExecutionTuple(null, null);
    expect(resolved.issues).toEqual([]);
    expect(resolved.tuple?.toString()).toBe('0:1 in 0,1');
  });

  it('fills the sequence around a lone segment', () => {
    expect(tuple('1/3:2/3', null).toString()).toBe('1/3:2/3 in 0,1/3,2/3,1');
  });

  it.each([
    ['0:1/4', '0,1/3,2/3,1', 'executionSegment', "provided segment 0:1/4 can't be found in sequence 0,1/3,2/3,1"],
    [null, '0,1/3,2/3,1', 'executionSegment', "provided segment 0:1 can't be found in sequence 0,1/3,2/3,1"],
    ['150%', null, 'executionSegment', "segment end value can't be more than 1 but was 1.50"],
    [null, '0,1/2,1/3', 'executionSegmentSequence', 'segment start(0.50) must be less than its end(0.33)'],
  ])('reports segment %j with sequence %j as an issue at %s', (segment, sequence, path, message) => {
    expect(resolveExecutionTuple(segment, sequence)).toEqual({ tuple: null, issues: [{ path, message }] });
  });

  it('reports both options at once', () => {
    expect(resolveExecutionTuple('x', 'y').issues.map((issue) => issue.path)).toEqual([
      'executionSegment',
      'executionSegmentSequence',
    ]);
  });

  it('builds a tuple from parsed values like k6 NewExecutionTuple', () => {
    const segment = parseExecutionSegment('1/2:3/4');
    const sequence = parseExecutionSegmentSequence('0,1/2,1');
    if (!segment.ok || !sequence.ok) throw new Error('parse');
    expect(createExecutionTuple(segment.value, sequence.value)).toEqual({
      ok: false,
      message: "couldn't find segment 1/2:3/4 in sequence 0,1/2,1",
    });
  });
});

describe('segmentsForWorkers', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 16])('splits the test into %d equal segments of one sequence', (n) => {
    const tuples = segmentsForWorkers(n);
    expect(tuples).toHaveLength(n);
    expect(tuples.map((one) => one.segmentIndex)).toEqual(Array.from({ length: n }, (_, index) => index));
    expect(tuples.every((one) => one.sequence === tuples[0]?.sequence)).toBe(true);
    for (let value = 0; value <= 300; value++) {
      expect(tuples.reduce((sum, one) => sum + one.scale(value), 0)).toBe(value);
    }
  });

  it.each([
    [1, '0,1'],
    [3, '0,1/3,2/3,1'],
    [4, '0,1/4,1/2,3/4,1'],
  ])('uses the sequence of all %d segments', (n, sequence) => {
    expect(segmentsForWorkers(n).map((one) => one.sequence.toString())).toEqual(Array.from({ length: n }, () => sequence));
  });

  it('can be rebuilt in a worker from its two strings', () => {
    for (const one of segmentsForWorkers(6)) {
      const rebuilt = tuple(one.segment.toString(), one.sequence.toString());
      expect(rebuilt.stripedOffsets()).toEqual(one.stripedOffsets());
      expect(rebuilt.segmentIndex).toBe(one.segmentIndex);
    }
  });

  it('rejects a non-positive count', () => {
    expect(() => segmentsForWorkers(0)).toThrow(RangeError);
  });
});
