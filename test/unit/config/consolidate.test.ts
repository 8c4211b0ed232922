import { describe, expect, it } from 'vitest';
import { consolidateOptions, mergeLayers, type OptionLayers } from '../../../src/config/consolidate.js';
import { DEFAULT_OPTIONS } from '../../../src/config/defaults.js';
import { InvalidConfigError, type ValidationIssue } from '../../../src/errors/errors.js';

function issuesOf(layers: OptionLayers, context = {}): ValidationIssue[] {
  try {
    consolidateOptions(layers, context);
  } catch (error) {
    if (error instanceof InvalidConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected consolidateOptions to throw');
}

describe('consolidateOptions with no layers', () => {
  it('runs one iteration on one VU with every default applied', () => {
    const { options, warnings } = consolidateOptions({});
    expect(options.scenarios).toEqual({
      default: expect.objectContaining({ executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: 600_000 }),
    });
    const { scenarios, ...rest } = options;
    void scenarios;
    expect(rest).toEqual(DEFAULT_OPTIONS);
    expect(warnings).toEqual([]);
  });

  it('names qk6 in the default user agent', () => {
    expect(consolidateOptions({}).options.userAgent).toMatch(/^qk6\/\d+\.\d+\.\d+ \(k6-compatible\)$/);
  });
});

describe('layer order: defaults < config file < script < env < cli', () => {
  it.each<[string, OptionLayers, string]>([
    ['the config file beats the defaults', { configFile: { userAgent: 'file' } }, 'file'],
    ['the script beats the config file', { configFile: { userAgent: 'file' }, script: { userAgent: 'script' } }, 'script'],
    ['env beats the script', { script: { userAgent: 'script' }, env: { userAgent: 'env' } }, 'env'],
    ['cli beats env', { env: { userAgent: 'env' }, cli: { userAgent: 'cli' } }, 'cli'],
    ['a layer that does not set a key leaves the lower value', { script: { userAgent: 'script' }, cli: { batch: 3 } }, 'script'],
  ])('%s', (_name, layers, expected) => {
    expect(consolidateOptions(layers).options.userAgent).toBe(expected);
  });

  it('replaces maps instead of merging them', () => {
    const { options } = consolidateOptions({ script: { tags: { a: '1' } }, cli: { tags: { b: '2' } } });
    expect(options.tags).toEqual({ b: '2' });
  });

  it('ignores an empty tags map, as k6 does', () => {
    expect(consolidateOptions({ script: { tags: { a: '1' } }, env: { tags: {} } }).options.tags).toEqual({ a: '1' });
  });

  it('replaces lists, even with an empty list', () => {
    const { options } = consolidateOptions({ script: { summaryTrendStats: ['avg', 'p(99)'] }, env: { summaryTrendStats: [] } });
    expect(options.summaryTrendStats).toEqual([]);
  });

  it('merges dns field by field', () => {
    const { options } = consolidateOptions({ script: { dns: { ttl: '1m', select: 'first' } }, cli: { dns: { policy: 'any' } } });
    expect(options.dns).toEqual({ ttl: '1m', select: 'first', policy: 'any' });
  });
});

describe('execution shortcuts across layers', () => {
  it('lets a cli duration wipe the script scenarios, with k6 warning', () => {
    const result = consolidateOptions({
      script: { scenarios: { s1: { executor: 'constant-vus', vus: 10, duration: '60s' } } },
      cli: { duration: '10s' },
    });
    expect(Object.keys(result.options.scenarios)).toEqual(['default']);
    expect(result.options.scenarios.default).toMatchObject({ executor: 'constant-vus', vus: 1, duration: 10_000 });
    expect(result.warnings).toContain('"cli" level configuration overrode scenarios configuration entirely');
  });

  it('layers vus independently of the shortcut that wins', () => {
    const { options } = consolidateOptions({
      configFile: { stages: [{ duration: '20s', target: 10 }] },
      script: { vus: 5 },
      env: { vus: 15, iterations: 17 },
    });
    expect(options.scenarios.default).toMatchObject({ executor: 'shared-iterations', vus: 15, iterations: 17 });
  });

  it('takes startVUs from the highest vus and stages from the highest layer that sets them', () => {
    const { options } = consolidateOptions({
      configFile: { stages: [{ duration: '11s', target: 11 }] },
      script: { vus: 22 },
      env: { vus: 33 },
      cli: { stages: [{ duration: 44_000, target: 44 }, { duration: 55_000, target: 55 }] },
    });
    expect(options.scenarios.default).toMatchObject({
      executor: 'ramping-vus',
      startVUs: 33,
      stages: [{ duration: 44_000, target: 44 }, { duration: 55_000, target: 55 }],
    });
  });

  it('lets cli stages replace a script duration without a conflict', () => {
    const { options } = consolidateOptions({ script: { vus: 5, duration: '50s' }, cli: { stages: [{ duration: 5000, target: 5 }] } });
    expect(options.scenarios.default).toMatchObject({ executor: 'ramping-vus', startVUs: 5 });
    expect(options.duration).toBeNull();
  });

  it('warns per layer when env iterations override config file scenarios', () => {
    const result = consolidateOptions({
      configFile: { scenarios: { someKey: { executor: 'constant-vus', vus: 10, duration: '60s', exec: 'someFunc' } } },
      env: { iterations: 25 },
      cli: { vus: 12 },
    });
    expect(result.options.scenarios.default).toMatchObject({ executor: 'shared-iterations', vus: 12, iterations: 25 });
    expect(result.warnings).toEqual(['"env" level configuration overrode scenarios configuration entirely']);
  });

  it('drops stages without a duration when layers merge', () => {
    expect(mergeLayers({ env: { stages: [{ target: 3 }, { duration: '5s', target: 1 }] } }).merged.stages).toEqual([
      { duration: '5s', target: 1 },
    ]);
  });

  it('treats an explicitly empty stages list as a reset with k6 warning', () => {
    const result = consolidateOptions({ configFile: { stages: [{ duration: '20s', target: 20 }], vus: 10 }, env: { duration: '15s' }, cli: { stages: [] } });
    expect(result.options.scenarios.default).toMatchObject({ executor: 'per-vu-iterations', vus: 1, iterations: 1 });
    expect(result.warnings).toContain('`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU');
  });
});

describe('validation reports every problem at once', () => {
  it('collects option, shortcut-free scenario and exec problems with their paths', () => {
    const issues = issuesOf(
      {
        script: {
          setupTimeout: '0s',
          summaryTrendStats: ['avg', 'p(101)', 'mode'],
          scenarios: {
            'bad name': { executor: 'shared-iterations', vus: 3, iterations: 2 },
            s2: { executor: 'constant-vus' },
            s3: { executor: 'per-vu-iterations', exec: 'missing' },
          },
        },
      },
      { isExecutable: (name: string) => name === 'default' },
    );
    expect(issues).toEqual([
      { path: 'setupTimeout', message: 'setupTimeout must be positive' },
      { path: 'summaryTrendStats[1]', message: "invalid percentile trend stat value 'p(101)', provide a number between 0 and 100" },
      { path: 'summaryTrendStats[2]', message: "invalid trend stat 'mode', unknown format" },
      {
        path: 'scenarios.bad name',
        message: 'the scenario name should contain only numbers, latin letters, underscores, and dashes',
      },
      { path: 'scenarios.bad name.iterations', message: "the number of iterations (2) can't be less than the number of VUs (3)" },
      { path: 'scenarios.s2.duration', message: 'the duration is unspecified' },
      { path: 'scenarios.s3.exec', message: "executor s3: function 'missing' not found in exports" },
    ]);
  });

  it('reports a stage without a target from the config file', () => {
    expect(issuesOf({ configFile: { stages: [{ duration: '20s' }], vus: 10 } })).toEqual([
      { path: 'scenarios.default.stages[0].target', message: "stage 1 doesn't have a target" },
    ]);
  });

  it('throws the issues found while reading layers together with its own, as exit 104', () => {
    try {
      consolidateOptions({ cli: { vus: 0, duration: '10s' } }, { layerIssues: [{ path: 'K6_VUS', message: 'expected an integer, got "x"' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect((error as InvalidConfigError).exitCode).toBe(104);
      expect((error as InvalidConfigError).issues).toEqual([
        { path: 'K6_VUS', message: 'expected an integer, got "x"' },
        { path: 'scenarios.default.vus', message: 'the number of VUs must be more than 0' },
      ]);
    }
  });
});

describe('resolved values', () => {
  it('turns durations into milliseconds and normalises tlsVersion and httpDebug', () => {
    const { options } = consolidateOptions({
      script: { setupTimeout: '2m', minIterationDuration: 250, tlsVersion: 'tls1.2', httpDebug: 'full' },
      env: { teardownTimeout: '1d' },
    });
    expect(options).toMatchObject({
      setupTimeout: 120_000,
      teardownTimeout: 86_400_000,
      minIterationDuration: 250,
      tlsVersion: { min: 'tls1.2', max: 'tls1.2' },
      httpDebug: 'full',
    });
  });

  it('keeps only known system tags, in k6 order', () => {
    expect(consolidateOptions({ script: { systemTags: ['vu', 'nope', 'status', 'iter'] } }).options.systemTags).toEqual(['status', 'iter', 'vu']);
  });

  it('fills run settings from the config file, env and cli', () => {
    const { runConfig } = consolidateOptions({ configFile: { out: ['json=a.json'], linger: true }, cli: { noUsageReport: true } });
    expect(runConfig).toEqual({ out: ['json=a.json'], linger: true, noUsageReport: true, webDashboard: false, noArchiveUpload: false, collectors: {} });
  });
});
