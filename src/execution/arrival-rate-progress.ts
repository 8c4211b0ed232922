/**
 * k6's progress line for the arrival-rate executors (the `progressFn` of
 * `constant_arrival_rate.go` / `ramping_arrival_rate.go`), e.g.
 *
 *     07/10 VUs  04.2s/10s  10.00 iters/s
 *
 * — VUs running an iteration / VUs activated so far (zero-padded to `maxVUs`' width), time spent
 * of the duration (`pb.GetFixedLengthDuration`, then Go's `Duration.String()`; only the duration
 * once it is over), and the rate: constant for constant-arrival-rate; for ramping-arrival-rate
 * `1s / (gap between the start being waited for and the one before)`, padded to the width of the
 * highest stage rate. Pure: the caller passes elapsed time and the VU counts.
 */
import { formatDuration } from '../config/duration.js';
import type { ResolvedConstantArrivalRate, ResolvedRampingArrivalRate } from '../config/scenario-types.js';
import { FULL_STRIPING, arrivalRateDuration, rampingArrivalRateStarts, type ArrivalStart } from './arrival-rate-schedule.js';
import { fixedLengthDuration, fixedLengthFloat, fixedLengthInt } from './go-format.js';
import type { StripedOffsets } from './segments/execution-tuple.js';

type ArrivalRateScenario = ResolvedConstantArrivalRate | ResolvedRampingArrivalRate;

export interface ArrivalRateProgressInput {
  /** The scenario the line describes (scaled, for one segment; or the whole test). */
  readonly scenario: ArrivalRateScenario;
  /** Time since the scenario started, ms. */
  readonly elapsedMs: number;
  /** VUs running an iteration right now. */
  readonly runningVUs: number;
  /** VUs activated so far (pre-allocated + unplanned ones). */
  readonly activatedVUs: number;
  /** ramping-arrival-rate only: iterations/s now, from `RampingRateMeter`. */
  readonly currentRatePerSecond?: number;
}

/** Starts per second of `rate` per `timeUnitMs`. */
function perSecond(rate: number, timeUnitMs: number): number {
  return (rate * 1000) / timeUnitMs;
}

/** `{ fraction, detail }` as k6's progress bar shows them for an arrival-rate scenario. */
export function arrivalRateProgress(input: ArrivalRateProgressInput): { fraction: number; detail: string } {
  const { scenario, elapsedMs } = input;
  const durationMs = arrivalRateDuration(scenario);
  const vus = `${fixedLengthInt(input.runningVUs, scenario.maxVUs)}/${fixedLengthInt(input.activatedVUs, scenario.maxVUs)} VUs`;
  let rate: string;
  if (scenario.executor === 'constant-arrival-rate') {
    const value = perSecond(scenario.rate, scenario.timeUnit);
    rate = `${fixedLengthFloat(value, value, 2)} iters/s`;
  } else {
    const max = scenario.stages.reduce((highest, stage) => Math.max(highest, stage.target), scenario.startRate);
    rate = `${fixedLengthFloat(input.currentRatePerSecond ?? 0, perSecond(max, scenario.timeUnit), 2)} iters/s`;
  }
  if (elapsedMs > durationMs) return { fraction: 1, detail: `${vus}  ${formatDuration(durationMs)}  ${rate}` };
  const spent = `${fixedLengthDuration(Math.max(0, elapsedMs), durationMs)}/${formatDuration(durationMs)}`;
  return { fraction: durationMs === 0 ? 1 : Math.min(1, Math.max(0, elapsedMs) / durationMs), detail: `${vus}  ${spent}  ${rate}` };
}

/**
 * The rate k6's ramping-arrival-rate progress shows at a given moment: `1s / (n_k − n_{k−1})`
 * where `n_k` is the first start still in the future (k6 stores the gap when it takes the next
 * start time, before waiting for it). Reads the schedule lazily; `elapsedMs` must not go back
 * (it restarts if it does).
 */
export class RampingRateMeter {
  private readonly scenario: ResolvedRampingArrivalRate;
  private readonly striping: StripedOffsets;
  private starts: Generator<ArrivalStart, void>;
  private previousMs = 0;
  private upcoming: ArrivalStart | undefined;
  private lastElapsedMs = 0;

  constructor(scenario: ResolvedRampingArrivalRate, striping: StripedOffsets = FULL_STRIPING) {
    this.scenario = scenario;
    this.striping = striping;
    this.starts = this.restart();
  }

  private restart(): Generator<ArrivalStart, void> {
    const starts = rampingArrivalRateStarts(this.scenario.startRate, this.scenario.timeUnit, this.scenario.stages, this.striping);
    this.previousMs = 0;
    const first = starts.next();
    this.upcoming = first.done === true ? undefined : first.value;
    return starts;
  }

  /** Iterations per second at `elapsedMs` since the scenario started. */
  rateAt(elapsedMs: number): number {
    if (elapsedMs < this.lastElapsedMs) this.starts = this.restart();
    this.lastElapsedMs = elapsedMs;
    while (this.upcoming !== undefined && this.upcoming.offsetMs <= elapsedMs) {
      const next = this.starts.next();
      if (next.done === true) break;
      this.previousMs = this.upcoming.offsetMs;
      this.upcoming = next.value;
    }
    if (this.upcoming === undefined) return 0;
    const gapNs = Math.round(this.upcoming.offsetMs * 1e6) - Math.round(this.previousMs * 1e6);
    return gapNs > 0 ? 1e9 / gapNs : 0;
  }
}
