/**
 * Splits a test's scenarios among worker threads: worker k of n runs the execution segment
 * (k/n, (k+1)/n]. VU counts (and ramping targets) use k6's segment scaling
 * `round(v·to) − round(v·from)`, which telescopes, so the workers' shares always add up to the
 * whole; shared-iterations keeps one iteration pool across workers (a SharedArrayBuffer counter),
 * so results do not depend on the number of workers.
 */
import type { ResolvedScenario } from '../../config/scenario-types.js';
import type { WorkerShare } from './worker-protocol.js';

/** k6 rounds half up. */
function scaleForSegment(value: number, index: number, count: number): number {
  return Math.floor((value * (index + 1)) / count + 0.5) - Math.floor((value * index) / count + 0.5);
}

/** The VUs a scenario needs at most (all initialised before the test starts, as in k6). */
export function scenarioMaxVus(scenario: ResolvedScenario): number {
  switch (scenario.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
    case 'constant-vus':
      return scenario.vus;
    case 'ramping-vus':
      return Math.max(scenario.startVUs, ...scenario.stages.map((stage) => stage.target));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
    case 'externally-controlled':
      return scenario.maxVUs;
  }
}

/** The scenario as worker `index` of `count` runs it. */
export function scenarioForWorker(scenario: ResolvedScenario, index: number, count: number): ResolvedScenario {
  if (count === 1) return scenario;
  const scale = (value: number): number => scaleForSegment(value, index, count);
  switch (scenario.executor) {
    case 'shared-iterations':
      // The iteration pool is shared through a counter; only the VUs are split.
      return { ...scenario, vus: scale(scenario.vus) };
    case 'per-vu-iterations':
    case 'constant-vus':
      return { ...scenario, vus: scale(scenario.vus) };
    case 'ramping-vus':
      return {
        ...scenario,
        startVUs: scale(scenario.startVUs),
        stages: scenario.stages.map((stage) => ({ ...stage, target: scale(stage.target) })),
      };
    case 'constant-arrival-rate':
      return { ...scenario, rate: scenario.rate / count, preAllocatedVUs: scale(scenario.preAllocatedVUs), maxVUs: scale(scenario.maxVUs) };
    case 'ramping-arrival-rate':
      return {
        ...scenario,
        startRate: scenario.startRate / count,
        stages: scenario.stages.map((stage) => ({ ...stage, target: stage.target / count })),
        preAllocatedVUs: scale(scenario.preAllocatedVUs),
        maxVUs: scale(scenario.maxVUs),
      };
    case 'externally-controlled':
      return { ...scenario, vus: scale(scenario.vus), maxVUs: scale(scenario.maxVUs) };
  }
}

/**
 * How many workers to use: the requested count, but never more than the VUs of the test (an idle
 * worker would only cost start-up time).
 */
export function workerCount(requested: number, scenarios: readonly ResolvedScenario[]): number {
  const totalVus = scenarios.reduce((sum, scenario) => sum + scenarioMaxVus(scenario), 0);
  return Math.max(1, Math.min(requested, totalVus));
}

/** Each worker's shares, plus one shared pool counter per shared-iterations scenario. */
export function partitionScenarios(scenarios: readonly ResolvedScenario[], count: number): WorkerShare[][] {
  const counters = new Map<string, SharedArrayBuffer>();
  for (const scenario of scenarios) {
    if (scenario.executor === 'shared-iterations') counters.set(scenario.name, new SharedArrayBuffer(4));
  }
  return Array.from({ length: count }, (_, index) =>
    scenarios.map((scenario) => {
      const share = scenarioForWorker(scenario, index, count);
      return { scenario: share, vus: scenarioMaxVus(share), sharedCounter: counters.get(scenario.name) };
    }),
  );
}
