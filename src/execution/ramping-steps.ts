/**
 * Pure planning for ramping VUs (k6 `lib/executor/ramping_vus.go`): the times at which the number of
 * active VUs changes, for a start value and a list of linear stages.
 */
import type { ResolvedStage } from '../config/scenario-types.js';

export interface VuStep {
  /** Offset from the scenario start, ms. */
  readonly atMs: number;
  readonly vus: number;
}

/**
 * During a stage the VU count follows the straight line from the stage's starting count to its
 * target, changing by one each time the line reaches the next whole number (so a ramp 0→5 over 5 s
 * adds a VU every second, the first at 1 s); a 0-duration stage jumps at once.
 */
export function rampingVuSteps(startVUs: number, stages: readonly ResolvedStage[]): VuStep[] {
  const steps: VuStep[] = [{ atMs: 0, vus: startVUs }];
  let from = startVUs;
  let offset = 0;
  for (const stage of stages) {
    const diff = stage.target - from;
    if (stage.duration === 0) {
      if (diff !== 0) steps.push({ atMs: offset, vus: stage.target });
    } else if (diff !== 0) {
      const direction = Math.sign(diff);
      for (let i = 1; i <= Math.abs(diff); i++) {
        steps.push({ atMs: offset + Math.floor((stage.duration * i) / Math.abs(diff)), vus: from + direction * i });
      }
    }
    from = stage.target;
    offset += stage.duration;
  }
  return steps;
}

/** The VU count at `atMs` according to `steps` (the last step at or before it). */
export function vusAt(steps: readonly VuStep[], atMs: number): number {
  let vus = 0;
  for (const step of steps) {
    if (step.atMs > atMs) break;
    vus = step.vus;
  }
  return vus;
}
