/**
 * Splits a test's scenarios among worker threads with k6's execution segments: worker k of n runs
 * the segment (k/n, (k+1)/n] of the sequence `0,1/n,…,1`, and k6's striped scaling makes every
 * worker's VUs, ramping targets and arrival-rate starts add up exactly to the whole test, whatever
 * n is. shared-iterations keeps one iteration pool across the workers (a SharedArrayBuffer
 * counter), as a single k6 instance pulls from one pool. A user-given `--execution-segment` runs
 * on one worker (composing it with a worker split is not done yet).
 */
import type { ResolvedScenario } from '../../config/scenario-types.js';
import { scenarioMaxVUs } from '../../config/scenario-description.js';
import { scaleScenario, type SegmentedScenario } from '../segments/scale-scenario.js';
import { resolveExecutionTuple, segmentsForWorkers, type ExecutionTuple } from '../segments/execution-tuple.js';
import type { WorkerShare } from './worker-protocol.js';

/** How many VU workers: the request, capped by the test's VUs; 1 with a user-given segment. */
export function workerCount(requested: number, scenarios: readonly ResolvedScenario[], userTuple: ExecutionTuple | null): number {
  if (userTuple !== null) return 1;
  const totalVus = scenarios.reduce((sum, scenario) => sum + scenarioMaxVUs(scenario), 0);
  return Math.max(1, Math.min(requested, totalVus));
}

/** Each worker's shares; `userTuple` is the run's own segment (null = the whole test). */
export function partitionScenarios(
  scenarios: readonly ResolvedScenario[],
  count: number,
  userTuple: ExecutionTuple | null,
): WorkerShare[][] {
  const tuples = userTuple !== null ? [userTuple] : segmentsForWorkers(count);
  const iterationCounters = new Map(scenarios.map((scenario) => [scenario.name, new SharedArrayBuffer(4)] as const));
  const pools = new Map<string, { counter: SharedArrayBuffer; iterations: number }>();
  for (const scenario of scenarios) {
    if (scenario.executor !== 'shared-iterations') continue;
    // The pool holds this process's iterations: all of them, or the user segment's share.
    const own = userTuple === null ? scenario : scaleScenario(scenario, userTuple).scenario;
    pools.set(scenario.name, { counter: new SharedArrayBuffer(4), iterations: own.executor === 'shared-iterations' ? own.iterations : 0 });
  }
  return tuples.map((tuple) =>
    scenarios.map((scenario) => {
      const segmented = scaleScenario(scenario, tuple);
      const pool = pools.get(scenario.name);
      return {
        scenario,
        segment: tuple.segment.toString(),
        sequence: tuple.sequence.toString(),
        vus: segmented.hasWork ? scenarioMaxVUs(segmented.scenario) : 0,
        sharedCounter: pool?.counter,
        poolIterations: pool?.iterations,
        iterationCounter: iterationCounters.get(scenario.name) ?? new SharedArrayBuffer(4),
      };
    }),
  );
}

/** In the worker: the share's scenario as its segment runs it. */
export function segmentedShare(share: WorkerShare): SegmentedScenario {
  const { tuple, issues } = resolveExecutionTuple(share.segment, share.sequence);
  if (tuple === null) throw new Error(`internal error: bad worker segment: ${issues.map((i) => i.message).join('; ')}`);
  const segmented = scaleScenario(share.scenario, tuple);
  if (segmented.scenario.executor === 'shared-iterations' && share.poolIterations !== undefined) {
    return { ...segmented, scenario: { ...segmented.scenario, iterations: share.poolIterations } };
  }
  return segmented;
}

/** In the worker: the fraction of the test its segment runs (1 for a whole test on one worker). */
export function workerFraction(shares: readonly WorkerShare[]): number {
  const first = shares[0];
  if (first === undefined) return 1;
  return resolveExecutionTuple(first.segment, first.sequence).tuple?.segment.floatLength() ?? 1;
}
