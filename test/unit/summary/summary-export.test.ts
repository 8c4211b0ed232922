import { describe, expect, it } from 'vitest';
import { registerBuiltinMetrics } from '../../../src/metrics/builtin.js';
import { GroupTree } from '../../../src/metrics/group-tree.js';
import { MetricRegistry } from '../../../src/metrics/registry.js';
import { Thresholds } from '../../../src/thresholds/thresholds.js';
import { buildSummaryData, type SummarySource } from '../../../src/summary/summary-data.js';
import { buildSummaryExport, renderSummaryExport } from '../../../src/summary/summary-export.js';
import { stringifyLikeK6 } from '../../../src/summary/k6-json.js';
import { DEFAULT_SUMMARY_TREND_STATS } from '../../../src/summary/trend-stats.js';

/** k6 v1.3.0's --summary-export for tiny.js (reference §9), verbatim. */
const TINY_EXPORT = `{
    "metrics": {
        "group_duration": {
            "p(90)": 0.040857500000000005,
            "p(95)": 0.042820250000000004,
            "avg": 0.0251555,
            "min": 0.005528,
            "med": 0.025155500000000004,
            "max": 0.044783
        },
        "data_sent": {
            "rate": 0,
            "count": 0
        },
        "data_received": {
            "count": 0,
            "rate": 0
        },
        "iteration_duration": {
            "p(90)": 0.0792684,
            "p(95)": 0.0831127,
            "avg": 0.048514,
            "min": 0.010071,
            "med": 0.048514,
            "max": 0.086957
        },
        "iterations": {
            "count": 2,
            "rate": 14215.550390572247
        },
        "my_trend": {
            "med": 5,
            "max": 5,
            "p(90)": 5,
            "p(95)": 5,
            "avg": 5,
            "min": 5,
            "thresholds": {
                "avg<10": false
            }
        },
        "checks": {
            "passes": 2,
            "fails": 0,
            "thresholds": {
                "rate==1": false
            },
            "value": 1
        }
    },
    "root_group": {
        "groups": {
            "g": {
                "id": "652e756c89643c3ada0b451cbd88a9d3",
                "groups": {},
                "checks": {
                        "is one": {
                            "passes": 2,
                            "fails": 0,
                            "name": "is one",
                            "path": "::g::is one",
                            "id": "b3a43844c3c44e7314205d423aeef17f"
                        }
                    },
                "name": "g",
                "path": "::g"
            }
        },
        "checks": {},
        "name": "",
        "path": "",
        "id": "d41d8cd98f00b204e9800998ecf8427e"
    }
}`;

function tinySource(): SummarySource {
  const registry = new MetricRegistry();
  registerBuiltinMetrics(registry);
  registry.define('my_trend', 'trend');
  const thresholds = Thresholds.build({ my_trend: ['avg<10'], checks: ['rate==1'] }, registry, () => 0);
  const groups = new GroupTree();
  const tags = { scenario: 'default', group: '::g' };
  for (const [groupDuration, iterationDuration] of [[0.005528, 0.010071], [0.044783, 0.086957]] as const) {
    registry.add('checks', 1, { ...tags, check: 'is one' });
    groups.observeCheck('::g', 'is one', true);
    registry.add('my_trend', 5, tags);
    registry.add('group_duration', groupDuration, tags);
    registry.add('data_sent', 0, { scenario: 'default' });
    registry.add('data_received', 0, { scenario: 'default' });
    registry.add('iterations', 1, { scenario: 'default' });
    registry.add('iteration_duration', iterationDuration, { scenario: 'default' });
  }
  const testRunDurationMs = 2000 / 14215.550390572247;
  thresholds.evaluate(testRunDurationMs, true);
  return {
    registry,
    groups,
    thresholds,
    testRunDurationMs,
    summaryTrendStats: DEFAULT_SUMMARY_TREND_STATS,
    summaryTimeUnit: '',
    noColor: false,
    isStdOutTTY: false,
    isStdErrTTY: false,
  };
}

describe('summary export', () => {
  it("holds the same document as k6's export for tiny.js", () => {
    const exported = JSON.parse(renderSummaryExport(buildSummaryData(tinySource()))) as Record<string, unknown>;
    const expected = JSON.parse(TINY_EXPORT) as { metrics: { iterations: { rate: number } } };
    const rate = (exported as typeof expected).metrics.iterations.rate;
    expect(rate).toBeCloseTo(expected.metrics.iterations.rate, 6);
    (exported as typeof expected).metrics.iterations.rate = expected.metrics.iterations.rate;
    expect(exported).toEqual(expected);
  });

  it("reproduces the over-indentation k6's engine leaves after an empty object", () => {
    const text = renderSummaryExport(buildSummaryData(tinySource()));
    expect(text).toContain(
      [
        '                "groups": {},',
        '                "checks": {',
        '                        "is one": {',
        '                            "name": "is one",',
      ].join('\n'),
    );
    expect(text).toContain('                        }\n                    }\n            }\n        },\n        "checks": {}\n    }\n}');
  });

  it('maps thresholds to true when they FAILED and renames a rate to value', () => {
    const source = tinySource();
    const thresholds = Thresholds.build({ checks: ['rate<0.5'] }, source.registry, () => 0);
    thresholds.evaluate(1, true);
    const exported = buildSummaryExport(buildSummaryData({ ...source, thresholds }));
    expect(exported.metrics.checks).toEqual({ passes: 2, fails: 0, thresholds: { 'rate<0.5': true }, value: 1 });
  });

  it('includes setup_data only when setup returned something', () => {
    expect(buildSummaryExport(buildSummaryData(tinySource()))).not.toHaveProperty('setup_data');
    expect(buildSummaryExport(buildSummaryData({ ...tinySource(), setupData: [1, 'a'] })).setup_data).toEqual([1, 'a']);
  });
});

describe('k6-style JSON writer', () => {
  it.each([
    [{ a: 1, b: [1, 2], c: 'x' }, '{\n    "a": 1,\n    "b": [\n        1,\n        2\n    ],\n    "c": "x"\n}'],
    [{ a: [], b: { c: 1 } }, '{\n    "a": [],\n    "b": {\n            "c": 1\n        }\n}'],
    [{ n: Number.NaN, u: undefined, f: () => 1 }, '{\n    "n": null\n}'],
    [[undefined, 1], '[\n    null,\n    1\n]'],
  ])('writes %j like sobek', (value, text) => {
    expect(stringifyLikeK6(value)).toBe(text);
  });

  it('writes compact JSON without a gap', () => {
    expect(stringifyLikeK6({ a: [1, {}], b: null }, '')).toBe(JSON.stringify({ a: [1, {}], b: null }));
  });
});
