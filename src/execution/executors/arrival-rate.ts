/**
 * The running half of the arrival-rate executors (k6 `constant_arrival_rate.go`,
 * `ramping_arrival_rate.go`): an open model. Iterations start at the planned times of
 * `arrival-rate-schedule.ts` on whichever VU is free, however slow the responses are.
 *
 * VUs of `context.vus` (k6's pre-allocated VUs first, then the unplanned ones, up to `maxVUs`):
 *
 *     state      event                                   next state
 *     unused     executor starts, index < preAllocated   free
 *     unused     a start finds no free VU                free (k6: init an unplanned VU)
 *     free       a start is due (FIFO, like Go channels) busy
 *     busy       its iteration ends                      free
 *
 * A start that finds no free VU is dropped (`dropped_iterations` +1), as in k6 — also when it
 * makes the executor activate one more VU, which then takes the *next* start. With all `maxVUs`
 * in use k6 logs "Insufficient VUs, reached N active VUs and cannot initialize more" once.
 * No start is made at or after the regular duration; busy VUs then get `gracefulStop` before they
 * are interrupted. `vus` counts VUs while they run an iteration (k6 `ModCurrentlyActiveVUsCount`).
 *
 * For one execution segment, pass a context with `segment` (from `scaleScenario`): the starts are
 * the segment's stripe of the whole test's starts, VU counts are the segment's. Without it the
 * scenario is run whole.
 *
 * k6-compat: k6 initialises unplanned VUs while the test runs; qk6 receives all `maxVUs` VUs
 * initialised up front and only activates the extra ones on demand, so the VU is usable for the
 * very next start instead of after its init code has run.
 *
 * Times are test-clock times (`state.clock`): while the test is paused no start is made, running
 * iterations finish, and the schedule resumes where it stood (k6-compat: k6 cannot pause it).
 */
import type { ResolvedConstantArrivalRate, ResolvedRampingArrivalRate } from '../../config/scenario-types.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import {
  FULL_STRIPING,
  arrivalRateDuration,
  constantArrivalRateStarts,
  rampingArrivalRateStarts,
  type ArrivalStart,
} from '../arrival-rate-schedule.js';
import { runIteration } from '../iteration-runner.js';
import type { StripedOffsets } from '../segments/execution-tuple.js';
import type { SegmentedScenario } from '../segments/scale-scenario.js';
import { asActive, type Executor, type ScenarioContext } from './executor.js';

/** A scenario context that may say which execution segment of the scenario to run. */
export interface ArrivalRateContext extends ScenarioContext {
  /** The scenario scaled for this segment; absent = the whole scenario (`context.scenario`). */
  readonly segment?: SegmentedScenario | undefined;
  /** Told the number of VUs activated so far (k6's progress shows `running/activated VUs`). */
  readonly onActivatedVUs?: ((activated: number) => void) | undefined;
}

type ArrivalRateScenario = ResolvedConstantArrivalRate | ResolvedRampingArrivalRate;
type ArrivalRateType = ArrivalRateScenario['executor'];

/** k6 `constant-arrival-rate`: `rate` starts per `timeUnit` for `duration`. */
export const runConstantArrivalRate: Executor = (context) => runArrivalRate(context, 'constant-arrival-rate');

/** k6 `ramping-arrival-rate`: the start rate follows `startRate` and the stages' linear ramps. */
export const runRampingArrivalRate: Executor = (context) => runArrivalRate(context, 'ramping-arrival-rate');

interface Plan {
  /** The whole test's scenario: start times come from it. */
  readonly original: ArrivalRateScenario;
  /** This segment's VU counts. */
  readonly scaled: ArrivalRateScenario;
  readonly striping: StripedOffsets;
}

function asArrivalRate(scenario: SegmentedScenario['scenario'], type: ArrivalRateType): ArrivalRateScenario {
  if (scenario.executor !== type) {
    throw new TypeError(`internal error: the ${type} executor was given a ${scenario.executor} scenario`);
  }
  return scenario;
}

/** What to run, or null when this segment has no share of the scenario (k6 `HasWork`). */
function planOf(context: ScenarioContext, type: ArrivalRateType): Plan | null {
  const segment = (context as ArrivalRateContext).segment;
  if (segment === undefined) {
    const scenario = asArrivalRate(context.scenario, type);
    return { original: scenario, scaled: scenario, striping: FULL_STRIPING };
  }
  if (!segment.hasWork || segment.workTuple === null) return null;
  return {
    original: asArrivalRate(segment.original, type),
    scaled: asArrivalRate(segment.scenario, type),
    striping: segment.workTuple.stripedOffsets(),
  };
}

/** A FIFO of free VUs (the VU that waited longest gets the next start, like Go's channel receivers). */
class FreeVus {
  private items: VirtualUser[] = [];
  private head = 0;

  push(vu: VirtualUser): void {
    this.items.push(vu);
  }

  shift(): VirtualUser | undefined {
    const vu = this.items[this.head];
    if (vu === undefined) return undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return vu;
  }
}

function startsOf(plan: Plan): Generator<ArrivalStart, void> {
  const { original, striping } = plan;
  return original.executor === 'constant-arrival-rate'
    ? constantArrivalRateStarts(original.rate, original.timeUnit, original.duration, striping)
    : rampingArrivalRateStarts(original.startRate, original.timeUnit, original.stages, striping);
}

async function runArrivalRate(context: ScenarioContext, type: ArrivalRateType): Promise<void> {
  const plan = planOf(context, type);
  if (plan === null) return;
  const { original, scaled } = plan;
  const { state } = context;
  const { onActivatedVUs } = context as ArrivalRateContext;
  const durationMs = arrivalRateDuration(original);
  const maxVUs = Math.min(scaled.maxVUs, context.vus.length);
  const preAllocatedVUs = Math.min(scaled.preAllocatedVUs, maxVUs);

  const { clock } = state;
  const startedAt = clock.now();
  const endAt = startedAt + durationMs;
  const hardEndAt = endAt + original.gracefulStop;
  const free = new FreeVus();
  const running = new Set<Promise<void>>();
  let activated = 0;
  let warned = false;
  let failure: { error: unknown } | undefined;

  const activate = (): void => {
    const vu = context.vus[activated];
    if (vu === undefined) return;
    activated += 1;
    clock.interruptAt(vu, hardEndAt);
    free.push(vu);
    onActivatedVUs?.(activated);
  };

  const begin = (vu: VirtualUser): void => {
    const iteration: Promise<void> = asActive(context, async () => {
      await runIteration(vu, context);
    })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        running.delete(iteration);
        free.push(vu);
      });
    running.add(iteration);
  };

  const start = (): void => {
    const vu = free.shift();
    if (vu !== undefined) {
      begin(vu);
      return;
    }
    context.metrics.add('dropped_iterations', 1, context.tags);
    if (activated < maxVUs) {
      activate();
    } else if (!warned) {
      warned = true;
      context.log('warn', `Insufficient VUs, reached ${maxVUs} active VUs and cannot initialize more`, {
        executor: context.executor,
        scenario: context.scenarioName,
      });
    }
  };

  for (let i = 0; i < preAllocatedVUs; i++) activate();

  // constant-arrival-rate (and a ramp whose next start would fall on the end) runs to the end of
  // the duration; a ramp whose starts ran out (rate down to 0) ends right after its last start.
  let waitForEnd = type === 'constant-arrival-rate';
  const starts = startsOf(plan);
  let next = starts.next();
  while (!next.done && !state.stopped) {
    if (next.value.offsetMs >= durationMs) {
      waitForEnd = true;
      break;
    }
    const dueAt = startedAt + next.value.offsetMs;
    // Node's timers may fire a little early (libuv's cached clock): wait until really due.
    // A pause holds the test clock, so the remaining starts keep their shape after the resume.
    while (!state.stopped && (clock.paused || clock.now() < dueAt)) await clock.waitUntil(dueAt, state.stopSignal);
    const now = clock.now();
    if (state.stopped) break;
    // Start everything that has come due, so a late timer never lowers the achieved rate — also
    // when the thread was busy past the end of the duration: a start planned before it still runs.
    while (!next.done && next.value.offsetMs < durationMs && startedAt + next.value.offsetMs <= now) {
      start();
      next = starts.next();
    }
  }
  if (waitForEnd) await clock.waitUntil(endAt, state.stopSignal);

  while (running.size > 0) await Promise.all([...running]);
  if (failure !== undefined) throw failure.error;
}
