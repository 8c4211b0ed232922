/**
 * k6 `RampingVUsConfig.getRawExecutionSteps` for one execution segment: when this segment's VU
 * count changes. k6 does not ramp a segment's scaled targets on their own; it walks the whole
 * test's VUs (1, 2, 3, …) through the segment's `SegmentedIndex`, so a segment adds or removes a
 * VU exactly when the unsegmented test adds or removes *that* VU. The union of all segments'
 * steps is therefore the unsegmented plan, moment for moment.
 *
 * Times are computed in integer nanoseconds with Go's truncating division, as k6 does, and
 * returned in (fractional) milliseconds.
 */
import type { ResolvedStage } from '../../config/scenario-types.js';
import type { VuStep } from '../ramping-steps.js';
import type { ExecutionTuple } from './execution-tuple.js';
import { SegmentedIndex } from './segmented-index.js';

function toNanoseconds(ms: number): bigint {
  return BigInt(Math.round(ms * 1e6));
}

/**
 * The planned VU count of this segment over time for ramping-vus (`zeroEnd` false): the first
 * step is at 0 with the segment's share of `startVUs`; a step is only added when the count changes.
 */
export function segmentedRampingVuSteps(
  startVUs: number,
  stages: readonly ResolvedStage[],
  tuple: ExecutionTuple,
): VuStep[] {
  const index = new SegmentedIndex(tuple.stripedOffsets());
  let fromVUs = startVUs;
  let timeTillEnd = 0n;
  let { scaled, unscaled } = index.goTo(fromVUs);
  const steps: { atNs: bigint; vus: number }[] = [{ atNs: 0n, vus: scaled }];
  const addStep = (atNs: bigint, vus: number): void => {
    if (steps[steps.length - 1]?.vus !== vus) steps.push({ atNs, vus });
  };

  for (const stage of stages) {
    const stageEndVUs = stage.target;
    const stageDuration = toNanoseconds(stage.duration);
    timeTillEnd += stageDuration;
    const stageVUDiff = stageEndVUs - fromVUs;
    if (stageVUDiff === 0) continue;
    if (stageDuration === 0n) {
      ({ scaled, unscaled } = index.goTo(stageEndVUs));
      addStep(timeTillEnd, scaled);
      fromVUs = stageEndVUs;
      continue;
    }
    const diff = BigInt(stageVUDiff);
    if (unscaled > stageEndVUs) {
      // Ramp down: a VU stops at the time the next lower VU would have started.
      for (; unscaled > stageEndVUs; ({ scaled, unscaled } = index.prev())) {
        addStep(timeTillEnd - (stageDuration * BigInt(stageEndVUs - unscaled + 1)) / diff, scaled - 1);
      }
    } else {
      for (; unscaled <= stageEndVUs; ({ scaled, unscaled } = index.next())) {
        addStep(timeTillEnd - (stageDuration * BigInt(stageEndVUs - unscaled)) / diff, scaled);
      }
    }
    fromVUs = stageEndVUs;
  }
  return steps.map((step) => ({ atMs: Number(step.atNs) / 1e6, vus: step.vus }));
}
