/**
 * The looping-VU executors (k6 `constant_vus.go`, `ramping_vus.go`): VUs loop iterations for a
 * time while the planned VU count follows `rampingVuSteps`. A VU removed by a ramp-down finishes
 * its iteration within `gracefulRampDown`; at the end every VU gets `gracefulStop`. Past those
 * windows the VU is interrupted (QuickJS's interrupt handler also stops busy loops).
 */
import type { ResolvedConstantVUs, ResolvedRampingVUs } from '../../config/scenario-types.js';
import { runIteration } from '../iteration-runner.js';
import { rampingVuSteps, type VuStep } from '../ramping-steps.js';
import { segmentedRampingVuSteps } from '../segments/segmented-ramping-steps.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import { asActive, waitUntil, type ScenarioContext } from './executor.js';

export function runConstantVus(context: ScenarioContext): Promise<void> {
  const scenario = context.scenario as ResolvedConstantVUs;
  return loopVus(context, [{ atMs: 0, vus: scenario.vus }], scenario.duration, 0, scenario.gracefulStop);
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

async function loopVus(
  context: ScenarioContext,
  steps: readonly VuStep[],
  durationMs: number,
  gracefulRampDownMs: number,
  gracefulStopMs: number,
): Promise<void> {
  const start = performance.now();
  const endAt = start + durationMs;
  const maxVUs = context.vus.length;
  const wanted: boolean[] = context.vus.map(() => false);
  const loops: Array<Promise<void> | undefined> = context.vus.map(() => undefined);

  const loop = (vu: VirtualUser, index: number): Promise<void> =>
    asActive(context, async () => {
      while (wanted[index] === true && performance.now() < endAt && !context.state.stopped) {
        await runIteration(vu, context);
      }
    });

  const setTarget = (vus: number): void => {
    const target = Math.min(vus, maxVUs);
    context.vus.forEach((vu, index) => {
      if (index < target) {
        wanted[index] = true;
        vu.interruptAt(endAt + gracefulStopMs);
        if (loops[index] === undefined) {
          const run = (): Promise<void> =>
            loop(vu, index).then(() => {
              // Wanted again while this loop was winding down: keep the VU running.
              if (wanted[index] === true && performance.now() < endAt && !context.state.stopped) return run();
              loops[index] = undefined;
              return undefined;
            });
          loops[index] = run();
        }
      } else if (wanted[index] === true) {
        wanted[index] = false;
        vu.interruptAt(Math.min(performance.now() + gracefulRampDownMs, endAt + gracefulStopMs));
      }
    });
  };

  try {
    for (const step of steps) {
      if (step.atMs > durationMs) break;
      await waitUntil(start + step.atMs, context.state.stopSignal);
      if (context.state.stopped) break;
      setTarget(step.vus);
    }
    await waitUntil(endAt, context.state.stopSignal);
    wanted.fill(false);
    await Promise.all(loops.filter((running): running is Promise<void> => running !== undefined));
  } finally {
    wanted.fill(false);
  }
}
