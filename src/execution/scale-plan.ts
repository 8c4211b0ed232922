/**
 * Pure planning for live scaling (`PATCH /v1/status` with `vus` / `vus-max`, `qk6 scale`): which
 * scenario a request scales, k6's rules for the new numbers
 * (k6 `ExternallyControlledConfigParams.Validate`, `ExternallyControlled.UpdateConfig`), and each
 * worker's share of them (the workers' execution segments stripe the whole test's numbers, so the
 * shares always add up to exactly what was asked).
 */
import type { ResolvedScenario } from '../config/scenario-types.js';
import { resolveExecutionTuple } from './segments/execution-tuple.js';
import { SCALABLE_EXECUTORS } from './executors/registry.js';
import type { WorkerData } from './worker/worker-protocol.js';

/** The whole test's numbers of the scenario being scaled. */
export interface LiveScenario {
  readonly name: string;
  readonly executor: ResolvedScenario['executor'];
  /** k6: `vus-max` may never go below the configured value. */
  readonly startMaxVUs: number;
  vus: number;
  maxVUs: number;
}

/** What a request asks for; an absent value keeps the current one. */
export interface ScaleRequest {
  readonly vus?: number | undefined;
  readonly maxVUs?: number | undefined;
}

/**
 * The scenario a scale request applies to: the first externally-controlled scenario (as k6), else
 * the first constant-vus one (qk6); a message naming the executors that can scale otherwise.
 */
export function scaleTarget(scenarios: readonly ResolvedScenario[]): LiveScenario | string {
  for (const executor of SCALABLE_EXECUTORS) {
    const scenario = scenarios.find((candidate) => candidate.executor === executor);
    if (scenario?.executor === 'externally-controlled') {
      return { name: scenario.name, executor: scenario.executor, startMaxVUs: scenario.maxVUs, vus: scenario.vus, maxVUs: scenario.maxVUs };
    }
    if (scenario?.executor === 'constant-vus') {
      return { name: scenario.name, executor: scenario.executor, startMaxVUs: scenario.vus, vus: scenario.vus, maxVUs: scenario.vus };
    }
  }
  const described = scenarios.map((scenario) => `${scenario.name} (${scenario.executor})`).join(', ');
  return (
    'an externally-controlled executor needs to be configured for live configuration updates ' +
    `(qk6 also scales constant-vus); this test's scenarios are: ${described}`
  );
}

/** The new numbers under k6's rules, or k6's error message. */
export function applyScaleRules(current: LiveScenario, request: ScaleRequest): { vus: number; maxVUs: number } | string {
  const vus = request.vus ?? current.vus;
  const maxVUs = request.maxVUs ?? current.maxVUs;
  const problems: string[] = [];
  if (vus < 0) problems.push("the number of VUs can't be negative");
  if (maxVUs < vus) problems.push(`the number of active VUs (${vus}) must be less than or equal to the number of maxVUs (${maxVUs})`);
  if (problems.length > 0) return `invalid configuration supplied: ${problems.join(', ')}`;
  if (maxVUs < current.startMaxVUs) {
    return `the new number of max VUs cannot be lower than the starting number of max VUs (${current.startMaxVUs})`;
  }
  return { vus, maxVUs };
}

/** One worker's share of a scaled scenario. */
export interface WorkerScaleShare {
  readonly vus: number;
  readonly maxVUs: number;
}

/** Each worker's share of `vus` / `maxVUs` of `scenario`, by the workers' execution segments. */
export function workerScaleShares(workers: readonly WorkerData[], scenario: string, vus: number, maxVUs: number): WorkerScaleShare[] {
  return workers.map((worker) => {
    const share = worker.shares.find((candidate) => candidate.scenario.name === scenario);
    if (share === undefined) return { vus: 0, maxVUs: 0 };
    const { tuple } = resolveExecutionTuple(share.segment, share.sequence);
    if (tuple === null) return { vus: 0, maxVUs: 0 };
    return { vus: tuple.scale(vus), maxVUs: tuple.scale(maxVUs) };
  });
}
