/**
 * Aggregates equivalent to reference §9's s1.js run (2 VUs, 6 iterations, group('api') with one
 * GET and two checks, a time Trend and a Counter, four thresholds). The sample values are chosen
 * so that every printed statistic equals k6's verbatim output.
 */
import { registerBuiltinMetrics } from '../../../src/metrics/builtin.js';
import { GroupTree } from '../../../src/metrics/group-tree.js';
import { MetricRegistry } from '../../../src/metrics/registry.js';
import { SummaryBreakdown } from '../../../src/metrics/breakdown.js';
import { Thresholds } from '../../../src/thresholds/thresholds.js';
import { DEFAULT_SUMMARY_TREND_STATS } from '../../../src/summary/trend-stats.js';
import type { SummarySource } from '../../../src/summary/summary-data.js';

/** In µs: avg=166.57 min=65.37 med=117.51 max=452.96 p(90)=308.68 p(95)=380.82 */
export const REQUEST_DURATIONS_MS = [65.372, 81.674, 100, 135.022, 164.402, 452.962].map((us) => us / 1000);
/** avg=745.77µs min=91.82µs med=176.95µs max=2.15ms p(90)=1.95ms p(95)=2.05ms */
export const ITERATION_DURATIONS_MS = [0.091822, 0.118906, 0.15, 0.203904, 1.755, 2.155];
/** 12 checks at 4828.367625/s */
export const TEST_RUN_DURATION_MS = 12000 / 4828.3676252;

const parseDuration = (s: string): number => {
  const match = /^(\d+)s$/.exec(s);
  if (match === null) throw new Error(`invalid duration "${s}"`);
  return Number(match[1]) * 1000;
};

export function s1Source(options: { breakdown?: boolean } = {}): SummarySource & { thresholds: Thresholds } {
  const registry = new MetricRegistry();
  registerBuiltinMetrics(registry);
  registry.define('my_trend', 'trend', 'time');
  registry.define('my_counter', 'counter');
  const breakdown = options.breakdown === true ? new SummaryBreakdown() : undefined;
  if (breakdown !== undefined) registry.setObserver(breakdown);
  const thresholds = Thresholds.build(
    {
      http_req_duration: ['p(95)<500'],
      'http_req_duration{group:::api}': ['avg<300'],
      checks: ['rate>0.9'],
      my_trend: ['p(90)<1000'],
    },
    registry,
    parseDuration,
  );
  registry.addSubmetric('http_req_duration', 'expected_response:true');
  const groups = new GroupTree();
  const base = { scenario: 'default' };
  const api = { ...base, group: '::api' };
  const request = { ...api, method: 'GET', status: '200', expected_response: 'true', name: 'http://127.0.0.1:8088/' };
  for (let i = 0; i < 6; i++) {
    const duration = REQUEST_DURATIONS_MS[i] as number;
    registry.add('http_reqs', 1, request);
    registry.add('http_req_duration', duration, request);
    for (const phase of ['blocked', 'connecting', 'tls_handshaking', 'sending', 'waiting', 'receiving']) {
      registry.add(`http_req_${phase}`, 0, request);
    }
    registry.add('http_req_failed', 0, request);
    for (const check of ['status is 200', 'body is hello']) {
      registry.add('checks', 1, { ...api, check });
      groups.observeCheck('::api', check, true);
    }
    registry.add('my_trend', duration, api);
    registry.add('my_counter', 1, api);
    registry.add('group_duration', 0.25, api);
    registry.add('data_sent', 70, base);
    registry.add('data_received', 160, base);
    registry.add('iterations', 1, base);
    registry.add('iteration_duration', ITERATION_DURATIONS_MS[i] as number, base);
  }
  thresholds.evaluate(TEST_RUN_DURATION_MS, true);
  return {
    registry,
    groups,
    thresholds,
    breakdown,
    testRunDurationMs: TEST_RUN_DURATION_MS,
    summaryTrendStats: DEFAULT_SUMMARY_TREND_STATS,
    summaryTimeUnit: '',
    noColor: false,
    isStdOutTTY: false,
    isStdErrTTY: false,
  };
}
