/**
 * Execution segments (k6 `lib/execution_segment.go`): a `(from, to]` slice of the whole test's
 * work, as exact rationals, so that k6 instances (or qk6 worker threads) each compute their own
 * share without talking to each other. A sequence `r1,r2,…,rn` lists the segments of a split run
 * end to end. Scaling with a sequence (striping, so the parts always add up to the whole) lives in
 * `execution-tuple.ts`; this file is parsing, validation and segment-only arithmetic.
 */
import {
  ONE,
  ZERO,
  add,
  compare,
  equals,
  floatString,
  gcd,
  mul,
  parseDecimalInteger,
  parseRational,
  ratString,
  rational,
  roundHalfUp,
  sub,
  toNumber,
  type Rational,
} from './rational.js';

/** A parse or validation result: the value, or k6's error message for it. */
export type SegmentResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** A `(from, to]` part of the test with `0 ≤ from < to ≤ 1`. */
export class ExecutionSegment {
  readonly from: Rational;
  readonly to: Rational;
  /** `to - from`. */
  readonly length: Rational;

  /** Unchecked; use `createExecutionSegment` or `parseExecutionSegment` for user input. */
  constructor(from: Rational, to: Rational) {
    this.from = from;
    this.to = to;
    this.length = sub(to, from);
  }

  /** The whole test, `0:1`. */
  static readonly FULL = new ExecutionSegment(ZERO, ONE);

  get isFull(): boolean {
    return equals(this.length, ONE);
  }

  /** k6 `String()`: `"0:1"`, `"1/3:2/3"`. */
  toString(): string {
    return `${ratString(this.from)}:${ratString(this.to)}`;
  }

  equals(other: ExecutionSegment): boolean {
    return equals(this.from, other.from) && equals(this.to, other.to);
  }

  /** k6 `FloatLength()`, e.g. for the banner's `(50.00%)`. */
  floatLength(): number {
    return toNumber(this.length);
  }

  /**
   * k6 `ExecutionSegment.Scale`: `round(value·to) − round(value·from)` with halves rounded up.
   * Used where there is no sequence to stripe against; consecutive segments still add up.
   */
  scale(value: number): number {
    const big = BigInt(value);
    const toValue = mul(rational(big), this.to);
    const fromValue = roundHalfUp(mul(rational(big), this.from));
    return Number(roundHalfUp(sub(toValue, rational(fromValue))));
  }

  /** k6 `InPlaceScaleRat`/`CopyScaleRat`: `value · length`. */
  scaleRational(value: Rational): Rational {
    return mul(value, this.length);
  }

  /** k6 `Split`: `parts` equal consecutive sub-segments. */
  split(parts: number): SegmentResult<ExecutionSegment[]> {
    if (!Number.isInteger(parts) || parts < 1) {
      return { ok: false, message: `the number of parts must be at least 1, ${parts} received` };
    }
    const increment = rational(this.length.num, this.length.den * BigInt(parts));
    const segments: ExecutionSegment[] = [];
    let from = this.from;
    for (let i = 0; i < parts; i++) {
      const to = add(from, increment);
      segments.push(new ExecutionSegment(from, to));
      from = to;
    }
    return { ok: true, value: segments };
  }

  /** k6 `SubSegment`: `child` taken within this segment (`1/2:1` of `0:1/2` is `1/2:3/4`). */
  subSegment(child: ExecutionSegment): ExecutionSegment {
    const from = add(this.from, mul(this.length, child.from));
    return new ExecutionSegment(from, add(from, mul(this.length, child.length)));
  }
}

/** k6 `NewExecutionSegment`: checks `0 ≤ from < to ≤ 1`, with k6's messages. */
export function createExecutionSegment(from: Rational, to: Rational): SegmentResult<ExecutionSegment> {
  if (compare(from, ZERO) < 0) {
    return { ok: false, message: `segment start value must be at least 0 but was ${floatString(from, 2)}` };
  }
  if (compare(from, to) >= 0) {
    return {
      ok: false,
      message: `segment start(${floatString(from, 2)}) must be less than its end(${floatString(to, 2)})`,
    };
  }
  if (compare(to, ONE) > 0) {
    return { ok: false, message: `segment end value can't be more than 1 but was ${floatString(to, 2)}` };
  }
  return { ok: true, value: new ExecutionSegment(from, to) };
}

/** k6 `stringToRat`: `50%` (integer percent), `0.5`, `1/2`. */
function parsePoint(text: string): SegmentResult<Rational> {
  if (text.endsWith('%')) {
    const percent = parseDecimalInteger(text.slice(0, -1));
    if (percent === undefined) return { ok: false, message: `'${text}' is not a valid percentage` };
    return { ok: true, value: rational(percent, 100n) };
  }
  const value = parseRational(text);
  if (value === undefined) {
    return { ok: false, message: `'${text}' is not a valid percentage, decimal, fraction or interval value` };
  }
  return { ok: true, value };
}

/**
 * k6 `NewExecutionSegmentFromString`: `"from:to"` (each `50%`, `0.5` or `1/2`), or a single value
 * `x` meaning `0:x`; the empty string is the whole test.
 */
export function parseExecutionSegment(text: string): SegmentResult<ExecutionSegment> {
  let from: Rational = ZERO;
  let toText = text === '' ? '1' : text;
  const colon = toText.indexOf(':');
  if (colon >= 0) {
    const parsedFrom = parsePoint(toText.slice(0, colon));
    if (!parsedFrom.ok) return parsedFrom;
    from = parsedFrom.value;
    toText = toText.slice(colon + 1);
  }
  const to = parsePoint(toText);
  if (!to.ok) return to;
  return createExecutionSegment(from, to.value);
}

/** Consecutive segments, each starting where the previous ends (k6 `ExecutionSegmentSequence`). */
export class ExecutionSegmentSequence {
  readonly segments: readonly ExecutionSegment[];

  /** Unchecked; use `parseExecutionSegmentSequence` for user input. */
  constructor(segments: readonly ExecutionSegment[]) {
    this.segments = segments;
  }

  /** k6 `String()`: `"0,1/3,2/3,1"`. */
  toString(): string {
    const first = this.segments[0];
    if (first === undefined) return '';
    return [first.from, ...this.segments.map((segment) => segment.to)].map(ratString).join(',');
  }

  /** Starts at 0 and ends at 1. */
  get isFull(): boolean {
    const first = this.segments[0];
    const last = this.segments[this.segments.length - 1];
    return first !== undefined && last !== undefined && equals(first.from, ZERO) && equals(last.to, ONE);
  }

  /** k6 `LCD()`: the least common multiple of the segment lengths' denominators. */
  lcd(): number {
    let acc = 1n;
    for (const segment of this.segments) acc = (acc * segment.length.den) / gcd(acc, segment.length.den);
    return Number(acc);
  }

  /** Index of `segment` in the sequence, or -1 (k6 `FindSegmentPosition`). */
  indexOf(segment: ExecutionSegment): number {
    return this.segments.findIndex((candidate) => candidate.equals(segment));
  }

  /**
   * k6 `GetFilledExecutionSegmentSequence`: this sequence (or just `fallback` when empty), with the
   * gaps before it and after it filled so that it covers `0:1`.
   */
  filled(fallback: ExecutionSegment | null): ExecutionSegmentSequence {
    let result: ExecutionSegment[];
    if (this.segments.length === 0) {
      if (fallback === null || fallback.isFull) return new ExecutionSegmentSequence([ExecutionSegment.FULL]);
      result = [fallback];
    } else {
      result = [...this.segments];
    }
    const first = result[0] as ExecutionSegment;
    if (!equals(first.from, ZERO)) result.unshift(new ExecutionSegment(ZERO, first.from));
    const last = result[result.length - 1] as ExecutionSegment;
    if (!equals(last.to, ONE)) result.push(new ExecutionSegment(last.to, ONE));
    return new ExecutionSegmentSequence(result);
  }
}

/**
 * k6 `NewExecutionSegmentSequenceFromString`: `"r1,r2,…,rn"` with at least two points, each a
 * valid segment end after the previous one. The empty string is the empty sequence.
 */
export function parseExecutionSegmentSequence(text: string): SegmentResult<ExecutionSegmentSequence> {
  if (text === '') return { ok: true, value: new ExecutionSegmentSequence([]) };
  const points = text.split(',');
  if (points.length < 2) {
    return {
      ok: false,
      message: `at least 2 points are needed for an execution segment sequence, ${points.length} given`,
    };
  }
  const segments: ExecutionSegment[] = [];
  let start: Rational | undefined;
  for (const point of points) {
    const parsed = parsePoint(point);
    if (!parsed.ok) return parsed;
    if (start !== undefined) {
      const segment = createExecutionSegment(start, parsed.value);
      if (!segment.ok) return segment;
      segments.push(segment.value);
    }
    start = parsed.value;
  }
  return { ok: true, value: new ExecutionSegmentSequence(segments) };
}
