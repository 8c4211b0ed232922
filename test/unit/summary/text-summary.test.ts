import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../../src/summary/summary.js';
import { renderTextSummary, stdoutSummary } from '../../../src/summary/text-summary.js';
import { MetricRegistry } from '../../../src/metrics/registry.js';
import { GroupTree } from '../../../src/metrics/group-tree.js';
import { SummaryBreakdown } from '../../../src/metrics/breakdown.js';
import { registerBuiltinMetrics } from '../../../src/metrics/builtin.js';
import { DEFAULT_SUMMARY_TREND_STATS } from '../../../src/summary/trend-stats.js';
import type { SummarySource } from '../../../src/summary/summary-data.js';
import { s1Source } from './s1-fixture.js';
import { s2Source } from './s2-fixture.js';

const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/** k6 v1.3.0's stdout for s1.js (reference §9), from the first section to the last metric line. */
const S1_EXPECTED = [
  '  █ THRESHOLDS ',
  '',
  '    checks',
  "    ✓ 'rate>0.9' rate=100.00%",
  '',
  '    http_req_duration',
  "    ✓ 'p(95)<500' p(95)=380.82µs",
  '',
  '      {group:::api}',
  "      ✓ 'avg<300' avg=166.57µs",
  '',
  '    my_trend',
  "    ✓ 'p(90)<1000' p(90)=308.68µs",
  '',
  '',
  '  █ TOTAL RESULTS ',
  '',
  '    checks_total.......: 12      4828.367625/s',
  '    checks_succeeded...: 100.00% 12 out of 12',
  '    checks_failed......: 0.00%   0 out of 12',
  '',
  '    ✓ status is 200',
  '    ✓ body is hello',
  '',
  '    CUSTOM',
  '    my_counter.....................: 6     2414.183813/s',
  '    my_trend.......................: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs',
  '',
  '    HTTP',
  '    http_req_duration..............: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs',
  '      { expected_response:true }...: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs',
  '      { group:::api }..............: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs',
  '    http_req_failed................: 0.00% 0 out of 6',
  '    http_reqs......................: 6     2414.183813/s',
  '',
  '    EXECUTION',
  '    iteration_duration.............: avg=745.77µs min=91.82µs med=176.95µs max=2.15ms   p(90)=1.95ms   p(95)=2.05ms  ',
  '    iterations.....................: 6     2414.183813/s',
  '',
  '    NETWORK',
  '    data_received..................: 960 B 386 kB/s',
  '    data_sent......................: 420 B 169 kB/s',
].join('\n');

/** k6 v1.3.0's failing-threshold fragments for s2.js (reference §9). */
const S2_THRESHOLDS = [
  '  █ THRESHOLDS ',
  '',
  '    checks{scenario:smoke}',
  "    ✗ 'rate>0.99' rate=50.00%",
  '',
  '    http_req_duration',
  "    ✗ 'p(99)<1' p(99)=2.19ms",
  '',
  '    http_req_failed',
  "    ✓ 'rate<0.01' rate=0.00%",
  '',
  '    waiting_time',
  "    ✗ 'avg<0' avg=0.569245",
  '',
  '',
  '  █ TOTAL RESULTS ',
  '',
  '    checks_total.......: 16     7.977341/s',
  '    checks_succeeded...: 50.00% 8 out of 16',
  '    checks_failed......: 50.00% 8 out of 16',
  '',
  '    ✓ is 200',
  '    ✗ is 404',
  '      ↳  0% — ✓ 0 / ✗ 8',
  '',
  '    CUSTOM',
  '    my_gauge.......................: 2       min=1      max=2',
  '    ok_rate........................: 100.00% 8 out of 8',
  '    waiting_time...................: avg=0.569245 min=0.110319 med=0.251153 max=2.085635 p(90)=1.371485 p(95)=1.72856 ',
].join('\n');

describe('compact text summary', () => {
  it("reproduces k6's s1.js summary exactly", () => {
    const text = renderTextSummary(buildSummary(s1Source(), 'compact'), { mode: 'compact', colors: false });
    expect(text).toBe(`\n${S1_EXPECTED}\n\n`);
  });

  it("reproduces k6's failing thresholds and failing check layout from s2.js", () => {
    const text = renderTextSummary(buildSummary(s2Source(), 'compact'), { mode: 'compact', colors: false });
    expect(text.startsWith(`\n${S2_THRESHOLDS}\n`)).toBe(true);
    expect(s2Source().thresholds.evaluate(16_000 / 7.977341, true).failed).toEqual([
      'checks{scenario:smoke}',
      'http_req_duration',
      'waiting_time',
    ]);
  });

  it('wraps the text for stdout like k6', () => {
    expect(stdoutSummary('X')).toBe('\nX\n\n');
  });

  it('colours marks and values without changing the visible text', () => {
    const summary = buildSummary(s2Source(), 'compact');
    const colored = renderTextSummary(summary, { mode: 'compact', colors: true });
    expect(colored).toContain('\x1b[32m✓\x1b[39m');
    expect(colored).toContain('\x1b[31m✗ is 404\x1b[39m');
    expect(colored).toContain('\x1b[36m50.00%\x1b[39m');
    expect(colored).toContain('\x1b[1mTHRESHOLDS\x1b[22m');
    expect(stripAnsi(colored)).toBe(renderTextSummary(summary, { mode: 'compact', colors: false }));
  });

  it('omits the thresholds block when asked to', () => {
    const text = renderTextSummary(buildSummary(s1Source(), 'compact'), { mode: 'compact', colors: false, thresholdDetails: false });
    expect(text.startsWith('\n  █ TOTAL RESULTS \n')).toBe(true);
  });

  it('prints fixed time units from summaryTimeUnit', () => {
    const summary = buildSummary({ ...s1Source(), summaryTimeUnit: 'ms' }, 'compact');
    expect(renderTextSummary(summary, { mode: 'compact', colors: false })).toContain(
      '    iteration_duration.............: avg=0.75ms min=0.09ms med=0.18ms max=2.15ms p(90)=1.95ms p(95)=2.05ms',
    );
  });

  it('prints custom trend stats, count included', () => {
    const summary = buildSummary({ ...s1Source(), summaryTrendStats: ['count', 'p(99.9)', 'max'] }, 'compact');
    expect(renderTextSummary(summary, { mode: 'compact', colors: false })).toContain(
      '    iteration_duration.............: count=6 p(99.9)=2.15ms   max=2.15ms  ',
    );
  });

  it('drops the dots when exactly one metric is shown, as k6 does', () => {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    registry.add('iterations', 1, {});
    const source: SummarySource = {
      registry,
      groups: new GroupTree(),
      testRunDurationMs: 2000,
      summaryTrendStats: DEFAULT_SUMMARY_TREND_STATS,
      summaryTimeUnit: '',
      noColor: true,
      isStdOutTTY: false,
      isStdErrTTY: false,
    };
    expect(renderTextSummary(buildSummary(source, 'compact'), { mode: 'compact', colors: false })).toBe(
      '\n  █ TOTAL RESULTS \n\n    EXECUTION\n    iterations: 1 0.5/s\n\n',
    );
  });
});

describe('full text summary', () => {
  function fullSource(): SummarySource {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    const breakdown = new SummaryBreakdown();
    registry.setObserver(breakdown);
    const groups = new GroupTree();
    const sample = (scenario: string, group: string, passed: boolean): void => {
      registry.add('http_reqs', 1, { scenario, group });
      registry.add('checks', passed ? 1 : 0, { scenario, group, check: 'ok' });
      groups.observeCheck(group, 'ok', passed);
      registry.add('iterations', 1, { scenario, group: '' });
    };
    sample('default', '::outer', true);
    sample('default', '::outer::inner', false);
    sample('zeta', '::z', true);
    sample('alpha', '', true);
    return {
      registry,
      groups,
      breakdown,
      testRunDurationMs: 1000,
      summaryTrendStats: DEFAULT_SUMMARY_TREND_STATS,
      summaryTimeUnit: '',
      noColor: true,
      isStdOutTTY: false,
      isStdErrTTY: false,
    };
  }

  it('adds group sections with nested groups, then scenario sections sorted by name', () => {
    const text = renderTextSummary(buildSummary(fullSource(), 'full'), { mode: 'full', colors: false });
    const titles = text.split('\n').filter((line) => /[█↳] (GROUP|SCENARIO)/.test(line));
    expect(titles).toEqual([
      '  █ GROUP: outer ',
      '    ↳ GROUP: inner ',
      '  █ SCENARIO: alpha ',
      '  █ SCENARIO: zeta ',
      '    ↳ GROUP: z ',
    ]);
    expect(text).toContain(
      [
        '  █ GROUP: outer ',
        '',
        '    checks_total.......: 1       1/s',
        '    checks_succeeded...: 100.00% 1 out of 1',
        '    checks_failed......: 0.00%   0 out of 1',
        '',
        '    ✓ ok',
        '',
        '    HTTP',
        '    http_reqs...: 1 1/s',
        '',
        '    ↳ GROUP: inner ',
        '',
        '      checks_total.......: 1       1/s',
        '      checks_succeeded...: 0.00%   0 out of 1',
        '      checks_failed......: 100.00% 1 out of 1',
        '',
        '      ✗ ok',
        '          ↳  0% — ✓ 0 / ✗ 1',
        '',
        '      HTTP',
        '      http_reqs...: 1 1/s',
        '',
        '',
        '  █ SCENARIO: alpha ',
      ].join('\n'),
    );
  });

  it('shows the HTTP timing metrics that compact mode hides', () => {
    const source = s1Source();
    const full = renderTextSummary(buildSummary(source, 'full'), { mode: 'full', colors: false });
    const compact = renderTextSummary(buildSummary(source, 'compact'), { mode: 'compact', colors: false });
    expect(full).toContain('    http_req_blocked...............: avg=0s');
    expect(compact).not.toContain('http_req_blocked');
    expect(full).not.toContain('group_duration');
  });
});

describe('legacy text summary', () => {
  it('renders the pre-1.0 flat layout from handleSummary data', () => {
    const text = renderTextSummary(buildSummary(s1Source(), 'legacy'), { mode: 'legacy', colors: false });
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual(['     █ api', '', '       ✓ status is 200', '       ✓ body is hello', '', '   ✓ checks.........................: 100.00% 12 out of 12']);
    expect(lines).toContain('     data_received..................: 960 B   386 kB/s');
    expect(lines).toContain('       { expected_response:true }...: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs');
    expect(lines).toContain('     ✓ { group:::api }..............: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs');
    expect(lines.slice(-2)).toEqual([
      '     my_counter.....................: 6       2414.183813/s',
      '   ✓ my_trend.......................: avg=166.57µs min=65.37µs med=117.51µs max=452.96µs p(90)=308.68µs p(95)=380.82µs',
    ]);
  });

  it('marks failing metrics and failing checks', () => {
    const text = renderTextSummary(buildSummary(s2Source(), 'legacy'), { mode: 'legacy', colors: false });
    expect(text).toContain('     ✗ is 404\n      ↳  0% — ✓ 0 / ✗ 8');
    expect(text).toContain('   ✗ waiting_time...');
    expect(text).toContain('   ✓ http_req_failed...');
  });
});
