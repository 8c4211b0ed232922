import { describe, expect, it } from 'vitest';
import { consolidateOptions } from '../../../src/config/consolidate.js';
import { describeScenario } from '../../../src/config/scenario-description.js';
import { deriveScenariosFromShortcuts, type ShortcutOptions } from '../../../src/config/scenario-shortcuts.js';
import type { ScenarioOptions } from '../../../src/config/scenario-types.js';

describe('deriveScenariosFromShortcuts', () => {
  it.each<[string, ShortcutOptions, ScenarioOptions]>([
    ['nothing set gives one iteration on one VU', {}, { executor: 'per-vu-iterations' }],
    ['vus alone is ignored', { vus: 5 }, { executor: 'per-vu-iterations' }],
    ['iterations give shared-iterations', { iterations: 6, vus: 2 }, { executor: 'shared-iterations', iterations: 6, vus: 2 }],
    [
      'iterations with a duration use it as maxDuration',
      { vus: 2, duration: '1s', iterations: 4 },
      { executor: 'shared-iterations', iterations: 4, vus: 2, maxDuration: '1s' },
    ],
    ['duration gives constant-vus', { vus: 3, duration: '30s' }, { executor: 'constant-vus', duration: '30s', vus: 3 }],
    ['duration without vus leaves the executor default', { duration: 123_000 }, { executor: 'constant-vus', duration: 123_000 }],
    [
      'stages give ramping-vus with vus as startVUs',
      { vus: 10, stages: [{ duration: '1m6s', target: 5 }] },
      { executor: 'ramping-vus', startVUs: 10, stages: [{ duration: '1m6s', target: 5 }] },
    ],
    [
      'stages without a duration are skipped',
      { stages: [{ target: 1 }, { duration: '5s', target: 2 }] },
      { executor: 'ramping-vus', stages: [{ duration: '5s', target: 2 }] },
    ],
  ])('%s', (_name, options, expected) => {
    const result = deriveScenariosFromShortcuts(options);
    expect(result.issues).toEqual([]);
    expect(result.scenarios).toEqual({ default: expected });
  });

  it('keeps explicit scenarios untouched', () => {
    const scenarios: Record<string, ScenarioOptions> = { api: { executor: 'constant-vus', duration: '1m' } };
    expect(deriveScenariosFromShortcuts({ scenarios, vus: 7 }).scenarios).toBe(scenarios);
  });

  it.each<[ShortcutOptions, string, string]>([
    [{ iterations: 5, stages: [{ duration: '10s', target: 20 }] }, 'stages', 'using `iterations` and `stages` options simultaneously is not allowed'],
    [{ iterations: 5, scenarios: {} }, 'scenarios', 'using `iterations` and `scenarios` options simultaneously is not allowed'],
    [{ duration: '10s', stages: [{ duration: '10s', target: 20 }] }, 'stages', 'using `duration` and `stages` options simultaneously is not allowed'],
    [{ duration: '10s', scenarios: {} }, 'scenarios', 'using `duration` and `scenarios` options simultaneously is not allowed'],
    [
      { stages: [{ duration: '10s', target: 1 }], scenarios: { s: { executor: 'constant-vus' } } },
      'scenarios',
      'using `stages` and `scenarios` options simultaneously is not allowed',
    ],
    [
      { vus: 3, duration: '0' },
      'duration',
      '`duration` option should be more than 0, for infinite duration use the externally-controlled executor',
    ],
  ])('reports the conflict in %j', (options, path, message) => {
    const result = deriveScenariosFromShortcuts(options);
    expect(result.scenarios).toBeUndefined();
    expect(result.issues).toEqual([{ path, message }]);
  });

  it.each<[ShortcutOptions, string[]]>([
    [{ vus: 5 }, ['`vus=5` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`']],
    [{ vus: 1 }, []],
    [{ stages: [] }, ['`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU']],
    [{ scenarios: {} }, ['`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU']],
  ])('warns like k6 for %j', (options, warnings) => {
    expect(deriveScenariosFromShortcuts(options).warnings).toEqual(warnings);
  });
});

describe('shortcuts end to end (k6 verified cases)', () => {
  it.each<[string, ShortcutOptions, string]>([
    ['-u 2 -d 1s -i 4', { vus: 2, duration: '1s', iterations: 4 }, '4 iterations shared among 2 VUs (maxDuration: 1s, gracefulStop: 30s)'],
    ['-u 2 -i 6', { vus: 2, iterations: 6 }, '6 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)'],
    ['-u 2 -d 1s', { vus: 2, duration: '1s' }, '2 looping VUs for 1s (gracefulStop: 30s)'],
    [
      '-u 0 -s 1s:2,1s:0',
      { vus: 0, stages: [{ duration: 1000, target: 2 }, { duration: 1000, target: 0 }] },
      'Up to 2 looping VUs for 2s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
    ],
    ['no options', {}, '1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)'],
  ])('describes %s like k6', (_flags, cli, description) => {
    const { options } = consolidateOptions({ cli });
    const scenario = options.scenarios.default;
    expect(scenario).toBeDefined();
    if (scenario !== undefined) expect(describeScenario(scenario)).toBe(description);
  });

  it('rejects -u 10 -i 6 because iterations are fewer than VUs', () => {
    expect(() => consolidateOptions({ cli: { vus: 10, iterations: 6 } })).toThrow(
      "the number of iterations (6) can't be less than the number of VUs (10)",
    );
  });
});
