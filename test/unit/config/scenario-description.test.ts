import { describe, expect, it } from 'vitest';
import {
  describeScenario,
  maxDurationOf,
  maxVUsOf,
  scenarioEndOffset,
  sortScenarios,
} from '../../../src/config/scenario-description.js';
import { resolveScenarios } from '../../../src/config/scenarios.js';
import type { ResolvedScenario, ScenarioOptions } from '../../../src/config/scenario-types.js';

function resolveAll(configs: Record<string, ScenarioOptions>): Record<string, ResolvedScenario> {
  const { scenarios, issues } = resolveScenarios(configs);
  expect(issues).toEqual([]);
  return scenarios;
}

function resolveOne(config: ScenarioOptions): ResolvedScenario {
  const scenario = resolveAll({ s: config }).s;
  if (scenario === undefined) throw new Error('not resolved');
  return scenario;
}

describe('describeScenario', () => {
  it.each<[ScenarioOptions, string]>([
    [{ executor: 'shared-iterations', vus: 2, iterations: 6 }, '6 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)'],
    [{ executor: 'per-vu-iterations', vus: 10, iterations: 3 }, '3 iterations for each of 10 VUs (maxDuration: 10m0s, gracefulStop: 30s)'],
    [{ executor: 'constant-vus', vus: 2, duration: '1s' }, '2 looping VUs for 1s (gracefulStop: 30s)'],
    [
      { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 2 }, { duration: '1s', target: 0 }] },
      'Up to 2 looping VUs for 2s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
    ],
    [
      { executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 7, maxVUs: 10 },
      '10.00 iterations/s for 1s (maxVUs: 7-10, gracefulStop: 30s)',
    ],
    [
      { executor: 'constant-arrival-rate', rate: 1, timeUnit: '8s', duration: '1m', preAllocatedVUs: 2 },
      '0.12 iterations/s for 1m0s (maxVUs: 2, gracefulStop: 30s)',
    ],
    [
      { executor: 'ramping-arrival-rate', preAllocatedVUs: 7, maxVUs: 10, stages: [{ duration: '1s', target: 10 }] },
      'Up to 10.00 iterations/s for 1s over 1 stages (maxVUs: 7-10, gracefulStop: 30s)',
    ],
    [
      { executor: 'externally-controlled', vus: 15, duration: '2h' },
      'Externally controlled execution with 15 VUs, 15 max VUs, 2h0m0s duration',
    ],
    [
      { executor: 'externally-controlled', vus: 1, maxVUs: 5, duration: 0 },
      'Externally controlled execution with 1 VUs, 5 max VUs, infinite duration',
    ],
    [
      { executor: 'constant-vus', duration: '1m', exec: 'api', startTime: '30s', gracefulStop: 0 },
      '1 looping VUs for 1m0s (exec: api, startTime: 30s)',
    ],
  ])('describes %j', (config, expected) => {
    expect(describeScenario(resolveOne(config))).toBe(expected);
  });
});

describe('maxDurationOf', () => {
  it.each<[string, Record<string, ScenarioOptions>, number]>([
    ['shared-iterations: maxDuration + gracefulStop', { s: { executor: 'shared-iterations' } }, 630_000],
    [
      'the latest scenario end wins, counting startTime',
      {
        a: { executor: 'constant-vus', duration: '1m' },
        b: { executor: 'constant-vus', duration: '10s', startTime: '2m', gracefulStop: '5s' },
      },
      135_000,
    ],
    [
      'ramping-vus ending above 0 VUs: stages + gracefulStop',
      { r: { executor: 'ramping-vus', stages: [{ duration: '10s', target: 5 }] } },
      40_000,
    ],
    [
      'ramping-vus ramped to 0 with a short gracefulRampDown ends sooner',
      { r: { executor: 'ramping-vus', gracefulRampDown: '5s', stages: [{ duration: '10s', target: 5 }, { duration: '10s', target: 0 }] } },
      25_000,
    ],
    [
      'ramping-arrival-rate: stages + gracefulStop',
      { r: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '20s', target: 1 }] } },
      50_000,
    ],
    ['externally-controlled has no graceful stop', { e: { executor: 'externally-controlled', vus: 1, duration: '1m' } }, 60_000],
    ['no scenarios', {}, 0],
  ])('%s', (_name, configs, expected) => {
    expect(maxDurationOf(resolveAll(configs))).toBe(expected);
  });

  it('keeps gracefulStop for a ramp to 0 when gracefulRampDown is longer', () => {
    const scenario = resolveOne({ executor: 'ramping-vus', stages: [{ duration: '10s', target: 0 }] , startVUs: 3 });
    expect(scenarioEndOffset(scenario)).toBe(40_000);
  });
});

describe('maxVUsOf', () => {
  it('sums each scenario’s own maximum', () => {
    const scenarios = resolveAll({
      si: { executor: 'shared-iterations', vus: 10, iterations: 100 },
      pvu: { executor: 'per-vu-iterations', vus: 10, iterations: 3 },
      car: { executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 7, maxVUs: 10 },
      rv: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 10 }] },
    });
    expect(maxVUsOf(scenarios)).toBe(40);
  });
});

describe('sortScenarios', () => {
  it('orders by startTime, then name, as k6 lists them', () => {
    const scenarios = resolveAll({
      b: { executor: 'shared-iterations' },
      late: { executor: 'shared-iterations', startTime: '10s' },
      a: { executor: 'shared-iterations' },
    });
    expect(sortScenarios(scenarios).map((s) => s.name)).toEqual(['a', 'b', 'late']);
  });
});
