/**
 * Pure planning for the arrival-rate executors: when each iteration starts, as offsets from the
 * scenario start, for one execution segment. Lazy generators — a 10-minute test at 1000 it/s
 * yields 600k starts one at a time and allocates nothing up front.
 *
 * The whole test's starts are numbered 0, 1, 2, …; a segment owns the indexes its striping
 * (`ExecutionTuple.stripedOffsets()` of the tuple re-derived from `maxVUs`) picks, so segments
 * interleave and together start exactly the unsegmented test's iterations, at the same times.
 *
 * - constant-arrival-rate (k6 `ConstantArrivalRate.Run`): start `i` is at
 *   `i · period`, `period = time.Duration(timeUnit / rate)` (integer ns, truncated).
 * - ramping-arrival-rate (k6 `RampingArrivalRateConfig.cal`): start `i` is where the area under
 *   the rate curve (piecewise linear through the stages) reaches `i + 1`; within a linear ramp
 *   from `from` to `to` over `dur` that is the root of `from·x + (to−from)·x²/(2·dur) = n`.
 *   Computed in float64 nanoseconds with k6's exact operation order, truncated to integer ns.
 *
 * k6-compat: Go may fuse multiply-adds on arm64, so k6 there can differ from these times by a
 * nanosecond; on amd64 the float64 operations are identical.
 */
import type { ResolvedStage } from '../config/scenario-types.js';
import type { ResolvedConstantArrivalRate, ResolvedRampingArrivalRate } from '../config/scenario-types.js';
import type { StripedOffsets } from './segments/execution-tuple.js';

/** One planned iteration start. */
export interface ArrivalStart {
  /** 0-based number of this start among the whole (unsegmented) test's starts. */
  readonly index: number;
  /** Offset from the scenario start, ms (integer nanoseconds / 1e6). */
  readonly offsetMs: number;
}

/** The unsegmented test: every index. */
export const FULL_STRIPING: StripedOffsets = { start: 0, offsets: [1], lcd: 1 };

function toNanoseconds(ms: number): number {
  return Math.round(ms * 1e6);
}

/** The segment's indexes in order: `start`, then the cycling gaps. */
function* stripedIndexes(striping: StripedOffsets): Generator<number, never> {
  let index = striping.start;
  const gaps = striping.offsets.length === 0 ? [striping.lcd] : striping.offsets;
  for (let gap = 0; ; gap = (gap + 1) % gaps.length) {
    yield index;
    index += gaps[gap] ?? striping.lcd;
  }
}

/**
 * constant-arrival-rate starts before `durationMs`: `rate` iterations per `timeUnitMs`.
 * k6-compat: k6's ticker period is `time.Duration(float64(timeUnit) / rate)`; a rate above one
 * start per nanosecond would make it 0 and k6 spin, qk6 uses 1 ns.
 */
export function* constantArrivalRateStarts(
  rate: number,
  timeUnitMs: number,
  durationMs: number,
  striping: StripedOffsets = FULL_STRIPING,
): Generator<ArrivalStart, void> {
  if (rate <= 0) return;
  const periodNs = Math.max(1, Math.trunc(toNanoseconds(timeUnitMs) / rate));
  const durationNs = toNanoseconds(durationMs);
  for (const index of stripedIndexes(striping)) {
    const atNs = periodNs * index;
    if (atNs >= durationNs) return;
    yield { index, offsetMs: atNs / 1e6 };
  }
}

/** Go's `noNegativeSqrt`: float noise below zero counts as 0. */
function noNegativeSqrt(value: number): number {
  return value > 0 ? Math.sqrt(value) : 0;
}

/**
 * ramping-arrival-rate starts, all of them (k6 `cal`): the last one can fall exactly on the end of
 * the stages, where k6's executor has already stopped — `arrivalRateStarts` drops those.
 */
export function* rampingArrivalRateStarts(
  startRate: number,
  timeUnitMs: number,
  stages: readonly ResolvedStage[],
  striping: StripedOffsets = FULL_STRIPING,
): Generator<ArrivalStart, void> {
  const gaps = striping.offsets.length === 0 ? [striping.lcd] : striping.offsets;
  let gapIndex = -1;
  const next = (): number => {
    gapIndex += 1;
    return gaps[gapIndex % gaps.length] ?? striping.lcd;
  };
  const timeUnit = toNanoseconds(timeUnitMs);
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let from = startRate / timeUnit;
  // The area reaches i at start i − 1: the algorithm counts from 1.
  let i = striping.start + 1;
  for (const stage of stages) {
    const to = stage.target / timeUnit;
    const dur = toNanoseconds(stage.duration);
    if (from !== to) {
      endCount += dur * ((to - from) / 2 + from);
      for (; i <= endCount; i += next()) {
        const x = (from * dur - noNegativeSqrt(dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from)))) / (from - to);
        yield { index: i - 1, offsetMs: (Math.trunc(x) + stageStart) / 1e6 };
      }
    } else {
      endCount += dur * to;
      for (; i <= endCount; i += next()) {
        yield { index: i - 1, offsetMs: (Math.trunc((i - doneSoFar) / to) + stageStart) / 1e6 };
      }
    }
    doneSoFar = endCount;
    from = to;
    stageStart += dur;
  }
}

/** The scheduled (regular) duration of an arrival-rate scenario, ms. */
export function arrivalRateDuration(scenario: ResolvedConstantArrivalRate | ResolvedRampingArrivalRate): number {
  return scenario.executor === 'constant-arrival-rate'
    ? scenario.duration
    : scenario.stages.reduce((sum, stage) => sum + stage.duration, 0);
}

/**
 * The starts the executor makes for `scenario` (the whole test's, unscaled) in the segment with
 * `striping`: everything strictly before the end of the regular duration, in time order.
 */
export function* arrivalRateStarts(
  scenario: ResolvedConstantArrivalRate | ResolvedRampingArrivalRate,
  striping: StripedOffsets = FULL_STRIPING,
): Generator<ArrivalStart, void> {
  if (scenario.executor === 'constant-arrival-rate') {
    yield* constantArrivalRateStarts(scenario.rate, scenario.timeUnit, scenario.duration, striping);
    return;
  }
  const durationNs = toNanoseconds(arrivalRateDuration(scenario));
  for (const start of rampingArrivalRateStarts(scenario.startRate, scenario.timeUnit, scenario.stages, striping)) {
    if (toNanoseconds(start.offsetMs) >= durationNs) return;
    yield start;
  }
}
