// Thresholds through the real CLI: a table of expressions over deterministic metrics, each with the
// verdict k6 gives it (✓/✗ in the summary, `true` = failed in --summary-export, exit 99 when any
// fails); abortOnFail and delayAbortEval; invalid thresholds (unknown metric, bad syntax, an
// aggregation the metric type lacks) are configuration errors, exit 104. Some expressions of the
// table are written in the object form ({threshold, abortOnFail, delayAbortEval}) among strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from './helpers/log-lines.js';
import { verdictOf } from './helpers/threshold-verdicts.js';

// One iteration whose metrics are known in advance; the thresholds come from $THRESHOLDS.
const SCRIPT = `
import http from 'k6/http';
import { check, group } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

const hits = new Counter('hits');
const level = new Gauge('level');
const okRatio = new Rate('ok_ratio');
const latency = new Trend('latency', true);
const size = new Trend('size');
const never = new Rate('never');
const emptyTrend = new Trend('empty_trend');

export const options = { iterations: 1, thresholds: JSON.parse(__ENV.THRESHOLDS) };

export default function () {
  for (let i = 0; i < 5; i++) hits.add(1);                      // count 5
  level.add(7);
  level.add(3);                                                   // value 3 (the last one)
  [true, true, true, false].forEach((v) => okRatio.add(v));      // rate 0.75
  for (let v = 10; v <= 100; v += 10) latency.add(v);            // 10..100: avg 55, med 55, p(90) 91, p(95) 95.5, p(99.9) 99.91
  size.add(1, { tier: 'gold' });
  size.add(9, { tier: 'silver' });
  group('a', () => {
    group('b', () => {
      for (let i = 0; i < 3; i++) http.get(__ENV.TARGET + '/ok'); // 3 × 200 in ::a::b
    });
  });
  http.get(__ENV.TARGET + '/missing');                            // 2 × 404 in the root group
  http.get(__ENV.TARGET + '/missing');
  check(null, { 'always': true });
}
`;

type Row = [metric: string, expression: string, passes: boolean];

/** ≥ 20 expressions with the verdict k6 gives each on the metrics above. */
const TABLE: Row[] = [
  ['hits', 'count==5', true],
  ['hits', 'count>5', false],
  ['hits', 'count>=5', true],
  ['hits', 'rate>0', true],
  ['level', 'value===3', true],
  ['level', 'value!=3', false],
  ['ok_ratio', 'rate==0.75', true],
  ['ok_ratio', 'rate<0.75', false],
  ['ok_ratio', 'rate<=0.75', true],
  ['latency', 'avg==55', true],
  ['latency', 'avg < 60', true],
  ['latency', 'min>10', false],
  ['latency', 'max<=100', true],
  ['latency', 'med!=55', false],
  ['latency', 'p(90)>90.99', true],
  ['latency', 'p(90)<90.99', false],
  ['latency', 'p(95)<95', false],
  ['latency', 'p(99.9)>99.9', true],
  ['latency', 'p(99.9)>=100', false],
  ['size{tier:gold}', 'max==1', true],
  ['size{tier:silver}', 'min<9', false],
  ['http_reqs{status:200}', 'count==3', true],
  ['http_reqs{status:404}', 'count<2', false],
  ['http_reqs{group:::a::b}', 'count==3', true],
  ['http_req_duration{expected_response:true}', 'max>0', true],
  ['http_req_duration{group:::a::b}', 'min>0', true],
  ['http_req_failed', 'rate==0.4', true],
  ['iterations{scenario:default}', 'count==1', true],
  ['checks{scenario:default}', 'rate<1', false],
  // Empty sinks at the end of the test: a Rate without samples passes anything, a Trend reads 0.
  ['never', 'rate>0.5', true],
  ['empty_trend', 'max>1', false],
];

/** Rows whose expression is written in the object form, mixed with strings in the same array. */
const OBJECT_FORM = new Set(['count>5', 'avg==55', 'p(95)<95']);

function thresholdsOf(rows: Row[]): Record<string, Array<string | object>> {
  const thresholds: Record<string, Array<string | object>> = {};
  for (const [metric, expression] of rows) {
    const entry = OBJECT_FORM.has(expression) ? { threshold: expression, abortOnFail: false, delayAbortEval: '10s' } : expression;
    (thresholds[metric] ??= []).push(entry);
  }
  return thresholds;
}

describe('qk6 run: threshold verdicts', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer((request, res) => {
      res.writeHead(request.url === '/ok' ? 200 : 404);
      res.end('x');
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  describe(`a table of ${TABLE.length} expressions, some failing`, () => {
    let run: ExportedRun;

    beforeAll(async () => {
      run = await runWithExport(SCRIPT, ['-e', `TARGET=${server.url}`, '-e', `THRESHOLDS=${JSON.stringify(thresholdsOf(TABLE))}`]);
    });

    it('exits 99 because thresholds failed, after printing the summary', () => {
      expect(run.exitCode, explain(run)).toBe(99);
      expect(run.stdout).toContain('█ THRESHOLDS');
      expect(run.stdout).toContain('█ TOTAL RESULTS');
    });

    it.each(TABLE.map(([metric, expression, passes]) => [metric, expression, passes ? 'passes' : 'fails', passes] as const))(
      '%s: %s %s',
      (metric, expression, _verdict, passes) => {
        expect(verdictOf(run.stdout, metric, expression).passed).toBe(passes);
        // --summary-export keeps k6's legacy meaning: true = the threshold failed.
        expect(run.summary.metrics[metric]?.thresholds?.[expression], explain(run)).toBe(!passes);
      },
    );

    it('names every metric with a failed threshold, sorted, in one error line', () => {
      const failed = [...new Set(TABLE.filter(([, , passes]) => !passes).map(([metric]) => metric))].sort();
      const errors = parseLogLines(run.stderr).filter((l) => l.level === 'error');
      expect(errors.map((l) => l.msg)).toEqual([`thresholds on metrics '${failed.join(', ')}' have been crossed`]);
    });
  });

  it('exits 0 when every threshold passes', async () => {
    const passing = TABLE.filter(([, , passes]) => passes);
    const run = await runWithExport(SCRIPT, ['-e', `TARGET=${server.url}`, '-e', `THRESHOLDS=${JSON.stringify(thresholdsOf(passing))}`]);
    expect(run.exitCode, explain(run)).toBe(0);
    for (const [metric, expression] of passing) expect(verdictOf(run.stdout, metric, expression).passed).toBe(true);
    expect(run.stderr).not.toContain('have been crossed');
  });

  it('skips thresholds with --no-thresholds: a failing one does not change the exit code', async () => {
    const thresholds = { hits: ['count>100'] };
    const run = await runWithExport(SCRIPT, ['--no-thresholds', '-e', `TARGET=${server.url}`, '-e', `THRESHOLDS=${JSON.stringify(thresholds)}`]);
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.stdout).not.toContain('█ THRESHOLDS');
  });
});

describe('qk6 run: abortOnFail', () => {
  // 20 s of looping VUs that a threshold stops at its first evaluation (k6 evaluates every 2 s).
  const script = (threshold: object) => `
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
const ticks = new Counter('ticks');
export const options = { vus: 1, duration: '20s', thresholds: { ticks: [${JSON.stringify(threshold)}] } };
export default function () { ticks.add(1); sleep(0.1); }
export function teardown() { console.log('teardown ran'); }
`;

  it('stops the test at the first failing evaluation, still runs teardown and the summary, exits 99', async () => {
    const run = await runWithExport(script({ threshold: 'count<3', abortOnFail: true }));
    expect(run.exitCode, explain(run)).toBe(99);
    expect(parseLogLines(run.stderr).filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      "thresholds on metrics 'ticks' were crossed; at least one has abortOnFail enabled, stopping test prematurely",
    ]);
    expect(consoleMessages(run.stderr)).toContain('teardown ran');
    expect(run.stdout).toMatch(/✗ 'count<3' count=\d+/);
    expect(run.summary.metrics.ticks?.thresholds).toEqual({ 'count<3': true });
    // 20 s at ≥ 0.1 s per iteration would be ~200 iterations; the abort cut it far shorter.
    expect(run.summary.metrics.iterations?.count).toBeLessThan(100);
  });

  it('does not abort before delayAbortEval has passed: the test runs to its end and exits 99', async () => {
    const run = await runWithExport(
      script({ threshold: 'count<3', abortOnFail: true, delayAbortEval: '1m' }).replace("duration: '20s'", "duration: '2500ms'"),
    );
    expect(run.exitCode, explain(run)).toBe(99);
    expect(run.stderr).not.toContain('stopping test prematurely');
    expect(run.stderr).toContain("thresholds on metrics 'ticks' have been crossed");
    expect(run.stderr).toMatch(/\d+ complete and 0 interrupted iterations/);
  });
});

describe('qk6 run: invalid thresholds are configuration errors', () => {
  it.each([
    ['a metric nobody defined', { no_such_metric: ['count>0'] }, /no metric name "no_such_metric" found/],
    ['an unknown operator', { iterations: ['count >> 1'] }, /failed parsing threshold expresion's "count >> 1"/],
    ['no operator at all', { iterations: ['count'] }, /failed parsing threshold expression "count"; reason: malformed threshold expression/],
    ['an aggregation the metric type lacks', { iterations: ['avg<1'] }, /unsupported aggregation method avg on metric of type counter/],
    ['a malformed tag selector', { 'iterations{a}': ['count>0'] }, /tag expression is malformed/],
  ])('exits 104 for %s, with one clear error line naming the threshold and a hint', async (_what, thresholds, message) => {
    const result = await runInline({
      'invalid.js': `export const options = { iterations: 1, thresholds: ${JSON.stringify(thresholds)} };
export default function () { console.log('iteration ran'); }`,
    });
    expect(result.exitCode, explain(result)).toBe(104);
    const errors = parseLogLines(result.stderr).filter((l) => l.level === 'error');
    expect(errors[0]?.msg).toMatch(message);
    expect(errors[0]?.msg).toMatch(new RegExp(`^thresholds\\.${Object.keys(thresholds)[0]?.replace(/[{}]/g, '\\$&')}`));
    expect(errors[0]?.msg).not.toContain('\n');
    expect(result.stderr).toContain('--no-thresholds');
    expect(consoleMessages(result.stderr)).not.toContain('iteration ran');
  });
});
