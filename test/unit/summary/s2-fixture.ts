/**
 * Aggregates equivalent to reference §9's failing s2.js run: checks in scenario "smoke" (8 pass
 * "is 200", 8 fail "is 404"), a gauge, a rate, a non-time trend, and four thresholds of which three
 * fail. Values are chosen so every printed figure equals k6's verbatim fragment.
 */
import { registerBuiltinMetrics } from '../../../src/metrics/builtin.js';
import { GroupTree } from '../../../src/metrics/group-tree.js';
import { MetricRegistry } from '../../../src/metrics/registry.js';
import { Thresholds } from '../../../src/thresholds/thresholds.js';
import { DEFAULT_SUMMARY_TREND_STATS } from '../../../src/summary/trend-stats.js';
import type { SummarySource } from '../../../src/summary/summary-data.js';

/** avg=0.569245 min=0.110319 med=0.251153 max=2.085635 p(90)=1.371485 p(95)=1.72856 */
export const WAITING_TIMES = [0.110319, 0.15, 0.2, 0.25, 0.252306, 0.4402793, 1.0654207, 2.085635];
/** 8 requests: p(99)=2.19ms */
const REQUEST_DURATIONS_MS = [0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.2, 0.2 + 1.995 / 0.93];

export function s2Source(): SummarySource & { thresholds: Thresholds } {
  const registry = new MetricRegistry();
  registerBuiltinMetrics(registry);
  registry.define('my_gauge', 'gauge');
  registry.define('ok_rate', 'rate');
  registry.define('waiting_time', 'trend');
  const thresholds = Thresholds.build(
    {
      'checks{scenario:smoke}': ['rate>0.99'],
      http_req_duration: ['p(99)<1'],
      http_req_failed: ['rate<0.01'],
      waiting_time: ['avg<0'],
    },
    registry,
    () => 0,
  );
  registry.addSubmetric('http_req_duration', 'expected_response:true');
  const groups = new GroupTree();
  const tags = { scenario: 'smoke', group: '' };
  for (const [i, duration] of REQUEST_DURATIONS_MS.entries()) {
    const request = { ...tags, status: '200', expected_response: 'true' };
    registry.add('http_reqs', 1, request);
    registry.add('http_req_duration', duration, request);
    registry.add('http_req_failed', 0, request);
    for (const [check, passed] of [['is 200', true], ['is 404', false]] as const) {
      registry.add('checks', passed ? 1 : 0, { ...tags, check });
      groups.observeCheck('', check, passed);
    }
    registry.add('ok_rate', 1, tags);
    registry.add('waiting_time', WAITING_TIMES[i] as number, tags);
    registry.add('iterations', 1, tags);
    registry.add('iteration_duration', 250.512, tags);
  }
  registry.add('my_gauge', 1, tags, 1);
  registry.add('my_gauge', 2, tags, 2);
  const testRunDurationMs = 16_000 / 7.977341;
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
