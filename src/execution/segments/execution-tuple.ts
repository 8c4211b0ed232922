/**
 * Execution tuples (k6 `ExecutionSegmentSequenceWrapper` + `ExecutionTuple`): one segment of a
 * full sequence, with k6's striping so integer work (VUs, iterations, arrival-rate starts) is
 * dealt out between the segments of a sequence like cards — each value goes to exactly one
 * segment, and the shares always add up to the whole.
 *
 * Striping: with LCD `L` of the segment lengths' denominators, every block of `L` consecutive
 * indexes gives segment `s` exactly `length(s)·L` of them, biggest segments choosing first and
 * each spreading its picks as evenly as it can. A segment's picks are stored as `start` (its first
 * index) and `offsets` (the gaps to each next pick, cycling every block). For `0,1/4,3/4,1`:
 *
 *     index:     0  1  2  3  4  5  6  7  8 …
 *     0:1/4         ·           ·          (start 1, offsets [4])
 *     1/4:3/4    ·     ·     ·     ·     · (start 0, offsets [2, 2])
 *     3/4:1               ·           ·    (start 3, offsets [4])
 */
import type { ValidationIssue } from '../../errors/errors.js';
import {
  ExecutionSegment,
  ExecutionSegmentSequence,
  parseExecutionSegment,
  parseExecutionSegmentSequence,
} from './execution-segment.js';
import { rational } from './rational.js';

/** Which of the whole test's indexes (0-based) a segment owns: `start`, then gaps cycling every `lcd`. */
export interface StripedOffsets {
  readonly start: number;
  readonly offsets: readonly number[];
  readonly lcd: number;
}

/** A full sequence with its striping precomputed (k6 `ExecutionSegmentSequenceWrapper`). */
export class StripedSequence {
  readonly sequence: ExecutionSegmentSequence;
  readonly lcd: number;
  /** Per segment: `[start, …gaps]`, the gaps cycling every `lcd` indexes. */
  private readonly offsets: readonly (readonly number[])[];

  constructor(sequence: ExecutionSegmentSequence) {
    if (!sequence.isFull) {
      throw new RangeError(`Cannot wrap around a non-full execution segment sequence '${sequence.toString()}'`);
    }
    this.sequence = sequence;
    this.lcd = sequence.lcd();
    this.offsets = stripe(sequence, this.lcd);
  }

  get length(): number {
    return this.sequence.segments.length;
  }

  toString(): string {
    return this.sequence.toString();
  }

  /** k6 `ScaleInt64(segmentIndex, value)`: how many of the indexes `0…value-1` segment `index` owns. */
  scale(index: number, value: number): number {
    const { start, offsets } = this.stripedOffsets(index);
    let result = Math.trunc(value / this.lcd) * offsets.length;
    const rest = value % this.lcd;
    for (let gap = 0, i = start; i < rest; i += offsets[gap] ?? this.lcd, gap++) result++;
    return result;
  }

  /** k6 `GetStripedOffsets`: the first index owned by segment `index` and the gaps to the next ones. */
  stripedOffsets(index: number): StripedOffsets {
    const all = this.offsets[index];
    if (all === undefined) throw new RangeError(`no segment #${index} in ${this.toString()}`);
    return { start: all[0] ?? 0, offsets: all.slice(1), lcd: this.lcd };
  }

  tuple(index: number): ExecutionTuple {
    const segment = this.sequence.segments[index];
    if (segment === undefined) throw new RangeError(`no segment #${index} in ${this.toString()}`);
    return new ExecutionTuple(this, segment, index);
  }

  /**
   * k6 `GetNewExecutionSegmentSequenceFromValue`: a new sequence whose segments have the lengths
   * `scale(i, value) / value` (empty ones dropped), and where segment `trackedIndex` went; `null`
   * when `value < 1` or that segment gets nothing.
   */
  fromValue(value: number, trackedIndex: number): { sequence: StripedSequence; index: number } | null {
    if (value < 1) return null;
    if (value % this.lcd === 0) return { sequence: this, index: trackedIndex };
    const segments: ExecutionSegment[] = [];
    let index = -1;
    let previous = 0;
    for (let i = 0; i < this.length; i++) {
      const share = this.scale(i, value);
      if (share === 0) continue;
      if (i === trackedIndex) index = segments.length;
      segments.push(new ExecutionSegment(rational(previous, value), rational(previous + share, value)));
      previous += share;
    }
    if (index === -1) return null;
    return { sequence: new StripedSequence(new ExecutionSegmentSequence(segments)), index };
  }
}

/** k6's striping loop (`NewExecutionSegmentSequenceWrapper`), ported step for step. */
function stripe(sequence: ExecutionSegmentSequence, lcd: number): number[][] {
  const segments = sequence.segments;
  const offsets: number[][] = segments.map(() => []);
  const sorted = segments
    .map((segment, originalIndex) => ({
      numerator: Number(segment.length.num) * (lcd / Number(segment.length.den)),
      originalIndex,
    }))
    // Array.prototype.sort is stable, like Go's sort.SliceStable.
    .sort((a, b) => b.numerator - a.numerator);
  const previous: number[] = segments.map(() => 0);
  const chosen: number[] = segments.map(() => 0);
  const save = (iteration: number, index: number, numerator: number): void => {
    const own = offsets[index] as number[];
    own.push(iteration - (previous[index] ?? 0));
    previous[index] = iteration;
    if (own.length === numerator) own.push((own[0] ?? 0) + lcd - iteration);
  };
  for (let i = 0; i < lcd; i++) {
    for (let sortedIndex = 0; sortedIndex < chosen.length; sortedIndex++) {
      const entry = sorted[sortedIndex];
      if (entry === undefined) continue;
      const num = (chosen[sortedIndex] ?? 0) * lcd;
      const quotient = Math.floor(num / entry.numerator);
      if (i > quotient || (i === quotient && num % entry.numerator === 0)) {
        chosen[sortedIndex] = (chosen[sortedIndex] ?? 0) + 1;
        save(i, entry.originalIndex, entry.numerator);
        break;
      }
    }
  }
  return offsets;
}

/** One segment of a full striped sequence (k6 `ExecutionTuple`). */
export class ExecutionTuple {
  readonly sequence: StripedSequence;
  readonly segment: ExecutionSegment;
  readonly segmentIndex: number;

  constructor(sequence: StripedSequence, segment: ExecutionSegment, segmentIndex: number) {
    this.sequence = sequence;
    this.segment = segment;
    this.segmentIndex = segmentIndex;
  }

  /** The whole test, unsegmented. */
  static full(): ExecutionTuple {
    return new StripedSequence(new ExecutionSegmentSequence([ExecutionSegment.FULL])).tuple(0);
  }

  /** k6 `String()`: `"1/3:2/3 in 0,1/3,2/3,1"`. */
  toString(): string {
    return `${this.segment.toString()} in ${this.sequence.toString()}`;
  }

  /** k6 `ExecutionTuple.ScaleInt64`: this segment's share of `value`; the shares of a sequence sum to `value`. */
  scale(value: number): number {
    return this.sequence.length === 1 ? value : this.sequence.scale(this.segmentIndex, value);
  }

  /** k6 `GetStripedOffsets`: which of the whole test's indexes (0-based) this segment owns. */
  stripedOffsets(): StripedOffsets {
    return this.sequence.stripedOffsets(this.segmentIndex);
  }

  /**
   * k6 `GetNewExecutionTupleFromValue`: re-segments the sequence by how `value` (e.g. a scenario's
   * VUs) was dealt out, so work scaled with the new tuple follows those VUs. `null` when this
   * segment got none of `value`.
   */
  fromValue(value: number): ExecutionTuple | null {
    const derived = this.sequence.fromValue(value, this.segmentIndex);
    return derived === null ? null : derived.sequence.tuple(derived.index);
  }
}

/** k6 `NewExecutionTuple`: `segment` (null = whole test) within `sequence` (null or empty = none), filled to `0:1`. */
export function createExecutionTuple(
  segment: ExecutionSegment | null,
  sequence: ExecutionSegmentSequence | null,
): { ok: true; value: ExecutionTuple } | { ok: false; message: string } {
  const own = segment ?? ExecutionSegment.FULL;
  const filled = (sequence ?? new ExecutionSegmentSequence([])).filled(segment);
  const index = filled.indexOf(own);
  if (index < 0) {
    return { ok: false, message: `couldn't find segment ${own.toString()} in sequence ${filled.toString()}` };
  }
  return { ok: true, value: new StripedSequence(filled).tuple(index) };
}

/**
 * The execution tuple of a run from the `executionSegment` and `executionSegmentSequence` options
 * (null = not set), with k6's messages: parse errors, and the segment missing from the sequence
 * (k6 `Options.Validate`). `tuple` is null exactly when there are issues (exit 104).
 */
export function resolveExecutionTuple(
  segmentText: string | null,
  sequenceText: string | null,
): { tuple: ExecutionTuple | null; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  let segment: ExecutionSegment | null = null;
  let sequence: ExecutionSegmentSequence | null = null;
  if (segmentText !== null) {
    const parsed = parseExecutionSegment(segmentText);
    if (parsed.ok) segment = parsed.value;
    else issues.push({ path: 'executionSegment', message: parsed.message });
  }
  if (sequenceText !== null) {
    const parsed = parseExecutionSegmentSequence(sequenceText);
    if (parsed.ok) sequence = parsed.value;
    else issues.push({ path: 'executionSegmentSequence', message: parsed.message });
  }
  if (issues.length > 0) return { tuple: null, issues };
  if (sequence !== null && sequence.indexOf(segment ?? ExecutionSegment.FULL) < 0) {
    const shown = (segment ?? ExecutionSegment.FULL).toString();
    issues.push({
      path: 'executionSegment',
      message: `provided segment ${shown} can't be found in sequence ${sequence.toString()}`,
    });
    return { tuple: null, issues };
  }
  const tuple = createExecutionTuple(segment, sequence);
  if (!tuple.ok) return { tuple: null, issues: [{ path: 'executionSegment', message: tuple.message }] };
  return { tuple: tuple.value, issues: [] };
}

/**
 * The tuples of `0:1/n, 1/n:2/n, …, (n-1)/n:1` in the sequence of all of them: one per worker
 * thread. Striping makes every scaled value add up exactly to the unsegmented test, whatever `n`.
 * To rebuild a tuple in a worker, pass `tuple.segment.toString()` and `tuple.sequence.toString()`
 * to `resolveExecutionTuple`.
 */
export function segmentsForWorkers(n: number): ExecutionTuple[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`segmentsForWorkers: need a positive integer, got ${n}`);
  const parts = ExecutionSegment.FULL.split(n);
  if (!parts.ok) throw new RangeError(parts.message);
  const striped = new StripedSequence(new ExecutionSegmentSequence(parts.value));
  return parts.value.map((_, index) => striped.tuple(index));
}
