/**
 * A scenario as one execution segment runs it: k6's per-executor scaling rules (the `Get*(et)`
 * helpers, `HasWork` and `Init` of each `lib/executor/*.go` config).
 *
 * | executor              | scaled with the segment's tuple   | scaled with a re-derived tuple        |
 * |-----------------------|-----------------------------------|---------------------------------------|
 * | shared-iterations     | vus                               | iterations (tuple from `vus`)         |
 * | per-vu-iterations     | vus                               | —                                     |
 * | constant-vus          | vus                               | —                                     |
 * | ramping-vus           | startVUs, each stage target       | —                                     |
 * | constant-arrival-rate | preAllocatedVUs, maxVUs           | rate and starts (tuple from `maxVUs`) |
 * | ramping-arrival-rate  | preAllocatedVUs, maxVUs; rates ×  | starts (tuple from `maxVUs`)          |
 * |                       | the segment's length              |                                       |
 * | externally-controlled | vus, maxVUs                       | —                                     |
 *
 * Scaled rates are fractions of the user's integers (`10/s` over `0:1/3` is `4/s` for
 * constant-arrival-rate but `3.33/s` for ramping-arrival-rate, as in k6's banner). They describe
 * the segment; the arrival-rate executors compute start times from `original` and `workTuple`.
 */
import type { ResolvedScenario, ResolvedStage } from '../../config/scenario-types.js';
import type { ExecutionTuple } from './execution-tuple.js';
import { goFixed } from '../go-format.js';
import { toNumber, type Rational } from './rational.js';

export interface SegmentedScenario {
  /** The scenario as this segment runs it (VUs, iterations and rates scaled). */
  readonly scenario: ResolvedScenario;
  /** The whole test's scenario. */
  readonly original: ResolvedScenario;
  /** The segment's own tuple. */
  readonly tuple: ExecutionTuple;
  /**
   * The tuple that picks this segment's iterations/starts: re-derived from `vus`
   * (shared-iterations) or `maxVUs` (arrival-rate) like k6's `Init`; the segment's own tuple for
   * the other executors; null when the segment got none of that value.
   */
  readonly workTuple: ExecutionTuple | null;
  /** k6 `HasWork`: false means the scenario does not run in this segment at all. */
  readonly hasWork: boolean;
}

function scaleRate(rate: number, length: Rational): number {
  return rate === 0 ? 0 : (rate * Number(length.num)) / Number(length.den);
}

function scaleStages(stages: readonly ResolvedStage[], scale: (target: number) => number): ResolvedStage[] {
  return stages.map((stage) => ({ duration: stage.duration, target: scale(stage.target) }));
}

/** `scenario` as the segment of `tuple` runs it; see the table above. */
export function scaleScenario(scenario: ResolvedScenario, tuple: ExecutionTuple): SegmentedScenario {
  const scale = (value: number): number => tuple.scale(value);
  const result = (scaled: ResolvedScenario, workTuple: ExecutionTuple | null, hasWork: boolean): SegmentedScenario => ({
    scenario: scaled,
    original: scenario,
    tuple,
    workTuple,
    hasWork,
  });
  switch (scenario.executor) {
    case 'shared-iterations': {
      const vus = scale(scenario.vus);
      const workTuple = tuple.fromValue(scenario.vus);
      const iterations = workTuple === null ? 0 : workTuple.scale(scenario.iterations);
      return result({ ...scenario, vus, iterations }, workTuple, vus > 0 && iterations > 0);
    }
    case 'per-vu-iterations': {
      const vus = scale(scenario.vus);
      return result({ ...scenario, vus }, tuple, vus > 0 && scenario.iterations > 0);
    }
    case 'constant-vus': {
      const vus = scale(scenario.vus);
      return result({ ...scenario, vus }, tuple, vus > 0);
    }
    case 'ramping-vus': {
      const startVUs = scale(scenario.startVUs);
      const stages = scaleStages(scenario.stages, scale);
      const maxVUs = stages.reduce((max, stage) => Math.max(max, stage.target), startVUs);
      return result({ ...scenario, startVUs, stages }, tuple, maxVUs > 0);
    }
    case 'constant-arrival-rate': {
      const maxVUs = scale(scenario.maxVUs);
      const workTuple = maxVUs > 0 ? tuple.fromValue(scenario.maxVUs) : null;
      const rate = workTuple === null ? 0 : scaleRate(scenario.rate, workTuple.segment.length);
      return result({ ...scenario, rate, preAllocatedVUs: scale(scenario.preAllocatedVUs), maxVUs }, workTuple, maxVUs > 0);
    }
    case 'ramping-arrival-rate': {
      const maxVUs = scale(scenario.maxVUs);
      const workTuple = maxVUs > 0 ? tuple.fromValue(scenario.maxVUs) : null;
      const length = tuple.segment.length;
      const scaled: ResolvedScenario = {
        ...scenario,
        startRate: scaleRate(scenario.startRate, length),
        stages: scaleStages(scenario.stages, (target) => scaleRate(target, length)),
        preAllocatedVUs: scale(scenario.preAllocatedVUs),
        maxVUs,
      };
      return result(scaled, workTuple, maxVUs > 0);
    }
    case 'externally-controlled':
      // k6: always has work, VUs can be added through the REST API.
      return result({ ...scenario, vus: scale(scenario.vus), maxVUs: scale(scenario.maxVUs) }, tuple, true);
  }
}

/** The segment's share as k6's banner prints it in `scenarios: (50.00%) …` (`%.2f%%` of `FloatLength()·100`). */
export function segmentPercent(tuple: ExecutionTuple): string {
  return `${goFixed(toNumber(tuple.segment.length) * 100, 2)}%`;
}
