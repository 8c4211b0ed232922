import { describe, expect, it } from 'vitest';
import { buildSummaryData } from '../../../src/summary/summary-data.js';
import { Thresholds } from '../../../src/thresholds/thresholds.js';
import { s1Source, TEST_RUN_DURATION_MS } from './s1-fixture.js';

describe('handleSummary data', () => {
  it('has the k6 top-level shape', () => {
    const data = buildSummaryData({ ...s1Source(), setupData: { token: 'abc' } });
    expect(Object.keys(data)).toEqual(['root_group', 'options', 'state', 'metrics', 'setup_data']);
    expect(data.options).toEqual({
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
      summaryTimeUnit: '',
      noColor: false,
    });
    expect(data.state).toEqual({ isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: TEST_RUN_DURATION_MS });
    expect(data.setup_data).toEqual({ token: 'abc' });
  });

  it('describes groups and checks with k6 paths and ids', () => {
    const data = buildSummaryData(s1Source());
    expect(data.root_group).toEqual({
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      groups: [
        {
          name: 'api',
          path: '::api',
          id: 'e6550cde192dbabccfbb3b1bac03a92a',
          groups: [],
          checks: [
            { name: 'status is 200', path: '::api::status is 200', id: '32f66b965ddbc20c586f15058983be54', passes: 6, fails: 0 },
            { name: 'body is hello', path: '::api::body is hello', id: '21da725d319273d0eaddee08b369fda2', passes: 6, fails: 0 },
          ],
        },
      ],
      checks: [],
    });
  });

  it.each([
    ['my_counter', { type: 'counter', contains: 'default', values: { count: 6, rate: 2414.1838126 } }],
    ['data_sent', { type: 'counter', contains: 'data', values: { count: 420, rate: 168992.866882 } }],
    ['http_req_failed', { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 6 } }],
    ['checks', { type: 'rate', contains: 'default', values: { rate: 1, passes: 12, fails: 0 }, thresholds: { 'rate>0.9': { ok: true } } }],
    [
      'http_req_duration{group:::api}',
      {
        type: 'trend',
        contains: 'time',
        values: { avg: 0.166572, min: 0.065372, med: 0.117511, max: 0.452962, 'p(90)': 0.308682, 'p(95)': 0.380822 },
        thresholds: { 'avg<300': { ok: true } },
      },
    ],
  ] as [string, { type: string; contains: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }][])(
    'describes %s with its type, value type, values and thresholds',
    (name, expected) => {
    const metric = buildSummaryData(s1Source()).metrics[name];
    expect(Object.keys(metric ?? {})).toEqual(Object.keys(expected));
    expect(metric?.type).toBe(expected.type);
    expect(metric?.contains).toBe(expected.contains);
    expect(metric?.thresholds).toEqual(expected.thresholds);
    for (const [key, value] of Object.entries(expected.values)) expect(metric?.values[key]).toBeCloseTo(value, 5);
    expect(Object.keys(metric?.values ?? {})).toEqual(Object.keys(expected.values));
    },
  );

  it('includes only observed metrics, submetrics included', () => {
    const names = Object.keys(buildSummaryData(s1Source()).metrics);
    expect(names).toContain('http_req_duration{expected_response:true}');
    expect(names).not.toContain('vus');
    expect(names).not.toContain('ws_ping');
  });

  it('includes a metric that has thresholds but no samples', () => {
    const source = s1Source();
    Thresholds.build({ vus: ['value<10'] }, source.registry, () => 0);
    expect(buildSummaryData(source).metrics.vus).toEqual({ type: 'gauge', contains: 'default', values: { value: 0, min: 0, max: 0 } });
  });

  it('names trend values exactly as the summaryTrendStats strings', () => {
    const data = buildSummaryData({ ...s1Source(), summaryTrendStats: ['count', 'p(99.9)', 'p(50)', 'avg'] });
    expect(data.metrics.iteration_duration?.values).toEqual({ count: 6, 'p(99.9)': expect.any(Number), 'p(50)': 0.176952, avg: expect.any(Number) });
  });

  it('reports a failed threshold as not ok', () => {
    const source = s1Source();
    const thresholds = Thresholds.build({ my_counter: ['count<1'] }, source.registry, () => 0);
    thresholds.evaluate(TEST_RUN_DURATION_MS, true);
    expect(buildSummaryData({ ...source, thresholds }).metrics.my_counter?.thresholds).toEqual({ 'count<1': { ok: false } });
  });
});
