/**
 * The looping-VU executors (k6 `constant_vus.go`, `ramping_vus.go`, `externally_controlled.go`):
 * VUs loop iterations for a time while the planned VU count follows `rampingVuSteps`. A VU removed
 * by a ramp-down finishes its iteration within `gracefulRampDown`; at the end every VU gets
 * `gracefulStop`. Past those windows the VU is interrupted (QuickJS's interrupt handler also stops
 * busy loops). Times are test-clock times: a pause holds the schedule, and every VU waits at the
 * pause gate before its next iteration.
 *
 * A live scenario (`context.live`) takes its VU count from the REST API instead of steps: the pool
 * can grow and the target can change at any time; VUs removed by a scale-down get
 * `gracefulRampDownMs` to finish their iteration.
 */
import type { ResolvedConstantVUs, ResolvedRampingVUs } from '../../config/scenario-types.js';
import { runIteration } from '../iteration-runner.js';
import { rampingVuSteps, type VuStep } from '../ramping-steps.js';
import { segmentedRampingVuSteps } from '../segments/segmented-ramping-steps.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import { turnInBatches } from '../../vu/wake-batches.js';
import { asActive, pauseGate, type ScenarioContext } from './executor.js';

export function runConstantVus(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedConstantVUs;
  // k6-compat: k6 cannot scale constant-vus while it runs; qk6 can (REST API), and VUs removed by
  // a scale-down get the scenario's gracefulStop to finish their iteration.
  return loopVus(context, [{ atMs: 0, vus: scenario.vus }], scenario.duration, scenario.gracefulStop, scenario.gracefulStop);
}

export function runRampingVus(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedRampingVUs;
  // With a segment, k6's striped steps: the workers' VU counts add up to the whole test at every moment.
  const original = context.segment?.original;
  const steps =
    context.segment !== undefined && original?.executor === 'ramping-vus'
      ? segmentedRampingVuSteps(original.startVUs, original.stages, context.segment.tuple)
      : rampingVuSteps(scenario.startVUs, scenario.stages);
  const duration = scenario.stages.reduce((sum, stage) => sum + stage.duration, 0);
  return loopVus(context, steps, duration, scenario.gracefulRampDown, scenario.gracefulStop);
}

/**
 * Loops VUs of the pool (`context.live.pool`, else `context.vus`) following `steps` (a live
 * scenario uses its current target at each step) for `durationMs` of test time (Infinity: until
 * the test stops).
 */
export async function loopVus(
  context: ScenarioContext,
  steps: readonly VuStep[],
  durationMs: number,
  gracefulRampDownMs: number,
  gracefulStopMs: number,
): Promise<void> {
  const { clock } = context.state;
  const { live } = context;
  const start = clock.now();
  const endAt = start + durationMs;
  const pool: readonly VirtualUser[] = live?.pool ?? context.vus;
  const wanted: boolean[] = [];
  const loops: Array<Promise<void> | undefined> = [];
  const running = (): boolean => clock.now() < endAt && !context.state.stopped;

  const loop = (vu: VirtualUser, index: number): Promise<void> =>
    asActive(context, async () => {
      await turnInBatches(); // VUs that start together start a few per turn of the event loop
      while (wanted[index] === true && running()) {
        if (clock.paused) await pauseGate(context);
        if (wanted[index] !== true || !running()) break;
        await runIteration(vu, context);
      }
    });

  const setTarget = (vus: number): void => {
    const target = Math.min(vus, pool.length);
    pool.forEach((vu, index) => {
      if (index < target) {
        wanted[index] = true;
        clock.interruptAt(vu, endAt + gracefulStopMs);
        if (loops[index] === undefined) {
          const run = (): Promise<void> =>
            loop(vu, index).then(() => {
              // Wanted again while this loop was winding down: keep the VU running.
              if (wanted[index] === true && running()) return run();
              loops[index] = undefined;
              return undefined;
            });
          loops[index] = run();
        }
      } else if (wanted[index] === true) {
        wanted[index] = false;
        clock.interruptAt(vu, Math.min(clock.now() + gracefulRampDownMs, endAt + gracefulStopMs));
      }
    });
  };

  const detach = live?.attach(async (target) => {
    setTarget(target);
    await Promise.all(loops.slice(target).filter((running): running is Promise<void> => running !== undefined));
  });
  try {
    for (const step of steps) {
      if (step.atMs > durationMs) break;
      await clock.waitUntil(start + step.atMs, context.state.stopSignal);
      if (context.state.stopped) break;
      setTarget(live?.target ?? step.vus);
    }
    await clock.waitUntil(endAt, context.state.stopSignal);
    detach?.();
    wanted.fill(false);
    await Promise.all(loops.filter((running): running is Promise<void> => running !== undefined));
  } finally {
    detach?.();
    wanted.fill(false);
  }
}
