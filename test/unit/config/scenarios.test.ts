import { describe, expect, it } from 'vitest';
import { resolveScenario, resolveScenarios } from '../../../src/config/scenarios.js';
import type { ScenarioOptions } from '../../../src/config/scenario-types.js';

describe('resolveScenario defaults', () => {
  it('fills k6 defaults for a bare shared-iterations scenario', () => {
    expect(resolveScenario('s1', { executor: 'shared-iterations' })).toEqual({
      issues: [],
      scenario: {
        name: 's1',
        executor: 'shared-iterations',
        vus: 1,
        iterations: 1,
        maxDuration: 600_000,
        startTime: 0,
        gracefulStop: 30_000,
        env: {},
        exec: 'default',
        execExplicit: false,
        tags: {},
        browser: null,
      },
    });
  });

  it.each<[ScenarioOptions, Record<string, unknown>]>([
    [{ executor: 'ramping-vus', stages: [{ duration: '1s', target: 1 }] }, { startVUs: 1, gracefulRampDown: 30_000 }],
    [{ executor: 'constant-arrival-rate', rate: 5, duration: '1m', preAllocatedVUs: 3 }, { timeUnit: 1000, maxVUs: 3 }],
    [{ executor: 'ramping-arrival-rate', preAllocatedVUs: 2, stages: [{ duration: '1s', target: 1 }] }, { startRate: 0, timeUnit: 1000, maxVUs: 2 }],
    [{ executor: 'externally-controlled', vus: 4, duration: '1m' }, { maxVUs: 4 }],
    [{ executor: 'constant-vus', duration: 90_000, startTime: '1d', gracefulStop: '10000' }, { vus: 1, duration: 90_000, startTime: 86_400_000, gracefulStop: 10_000 }],
  ])('applies defaults to %j', (config, expected) => {
    const { scenario, issues } = resolveScenario('s', config);
    expect(issues).toEqual([]);
    expect(scenario).toMatchObject(expected);
  });
});

describe('resolveScenario rules', () => {
  it.each<[string, ScenarioOptions, { path: string; message: string }[]]>([
    ['shared-iterations with fewer iterations than VUs', { executor: 'shared-iterations', vus: 5, iterations: 2 }, [
      { path: 'scenarios.s.iterations', message: "the number of iterations (2) can't be less than the number of VUs (5)" },
    ]],
    ['a maxDuration under 1s', { executor: 'per-vu-iterations', maxDuration: '500ms' }, [
      { path: 'scenarios.s.maxDuration', message: 'the maxDuration must be at least 1s, but is 500ms' },
    ]],
    ['constant-vus without duration and with 0 VUs', { executor: 'constant-vus', vus: 0 }, [
      { path: 'scenarios.s.vus', message: 'the number of VUs must be more than 0' },
      { path: 'scenarios.s.duration', message: 'the duration is unspecified' },
    ]],
    ['ramping-vus without stages', { executor: 'ramping-vus', startVUs: 0 }, [
      { path: 'scenarios.s.stages', message: 'at least one stage has to be specified' },
      { path: 'scenarios.s.stages', message: "either startVUs or one of the stages' target values must be greater than 0" },
    ]],
    ['ramping-vus stages missing parts', { executor: 'ramping-vus', stages: [{ target: 1 }, { duration: '-1s', target: -2 }] }, [
      { path: 'scenarios.s.stages[0].duration', message: "stage 1 doesn't have a duration" },
      { path: 'scenarios.s.stages[1].duration', message: "the duration for stage 2 can't be negative" },
      { path: 'scenarios.s.stages[1].target', message: "the target for stage 2 can't be negative" },
    ]],
    ['constant-arrival-rate missing everything', { executor: 'constant-arrival-rate' }, [
      { path: 'scenarios.s.rate', message: "the iteration rate isn't specified" },
      { path: 'scenarios.s.duration', message: 'the duration is unspecified' },
      { path: 'scenarios.s.preAllocatedVUs', message: "the number of preAllocatedVUs isn't specified" },
    ]],
    ['arrival rate with maxVUs below preAllocatedVUs', { executor: 'constant-arrival-rate', rate: 0, timeUnit: '0s', duration: '1m', preAllocatedVUs: 5, maxVUs: 2 }, [
      { path: 'scenarios.s.rate', message: 'the iteration rate must be more than 0' },
      { path: 'scenarios.s.timeUnit', message: 'the timeUnit must be more than 0' },
      { path: 'scenarios.s.maxVUs', message: "maxVUs can't be less than preAllocatedVUs" },
    ]],
    ['ramping-arrival-rate with a negative start rate', { executor: 'ramping-arrival-rate', startRate: -1, preAllocatedVUs: -1, stages: [{ duration: '1s' }] }, [
      { path: 'scenarios.s.startRate', message: "the startRate value can't be negative" },
      { path: 'scenarios.s.stages[0].target', message: "stage 1 doesn't have a target" },
      { path: 'scenarios.s.preAllocatedVUs', message: "the number of preAllocatedVUs can't be negative" },
    ]],
    ['externally-controlled with gracefulStop and too few maxVUs', { executor: 'externally-controlled', vus: 5, maxVUs: 2, gracefulStop: '1s' }, [
      { path: 'scenarios.s.maxVUs', message: 'the number of active VUs (5) must be less than or equal to the number of maxVUs (2)' },
      { path: 'scenarios.s.duration', message: 'the duration must be specified, for infinite duration use 0' },
      { path: 'scenarios.s.gracefulStop', message: 'gracefulStop is not supported by the externally controlled executor' },
    ]],
    ['negative base durations and an empty exec', { executor: 'shared-iterations', startTime: -1000, gracefulStop: '-1s', exec: '' }, [
      { path: 'scenarios.s.exec', message: 'exec value cannot be empty' },
      { path: 'scenarios.s.startTime', message: "the startTime can't be negative" },
      { path: 'scenarios.s.gracefulStop', message: "the gracefulStop timeout can't be negative" },
    ]],
  ])('reports %s', (_name, config, issues) => {
    expect(resolveScenario('s', config).issues).toEqual(issues);
  });

  it.each(['my scenario', 'ünï', 'a.b', ''])('rejects the scenario name %j', (name) => {
    expect(resolveScenario(name, { executor: 'shared-iterations' }).issues).toContainEqual({
      path: `scenarios.${name}`,
      message: 'the scenario name should contain only numbers, latin letters, underscores, and dashes',
    });
  });

  it.each(['api_1', 'Load-Test', '0'])('accepts the scenario name %j', (name) => {
    expect(resolveScenario(name, { executor: 'shared-iterations' }).issues).toEqual([]);
  });

  it('reports the problems of every scenario together', () => {
    const { issues } = resolveScenarios({
      a: { executor: 'constant-vus' },
      b: { executor: 'per-vu-iterations', iterations: 0 },
    });
    expect(issues.map((issue) => issue.path)).toEqual(['scenarios.a.duration', 'scenarios.b.iterations']);
  });
});
