// The end of a test through the real CLI: the --summary-export file in k6's legacy shape, and
// handleSummary() (its outputs replace the default summary; undefined keeps it; a throw is logged
// and the default summary printed); --summary-mode=disabled suppresses all of it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInline, type InlineResult } from '../helpers/run-cli.js';
import { explain, k6Id, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from './helpers/log-lines.js';

const SCRIPT = `
import { check, group } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

const c = new Counter('my_counter');
const g = new Gauge('my_gauge');
const r = new Rate('my_rate');
const t = new Trend('my_trend');

export const options = {
  vus: 1,
  iterations: 2,
  thresholds: { my_trend: ['avg<10'], checks: ['rate==1'], my_rate: ['rate>0.9'] },
};

export function setup() { return { token: 'abc' }; }

export default function () {
  group('g', () => { check(1, { 'is one': (v) => v === 1 }); });
  c.add(2);
  g.add(4);
  r.add(__ITER === 0);
  t.add(5);
}
`;

const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

describe('qk6 run --summary-export', () => {
  let run: ExportedRun;

  beforeAll(async () => {
    run = await runWithExport(SCRIPT);
  });

  it('exits 99 (my_rate fails) and still writes the export: metrics, root_group and setup_data', () => {
    expect(run.exitCode, explain(run)).toBe(99);
    // k6's oldJSONSummary keeps everything of handleSummary's data but options and state.
    expect(Object.keys(run.summary).sort()).toEqual(['metrics', 'root_group', 'setup_data']);
    expect((run.summary as unknown as { setup_data: unknown }).setup_data).toEqual({ token: 'abc' });
  });

  it.each([
    ['a counter', 'my_counter', { count: 4, rate: expect.any(Number) }],
    ['a gauge', 'my_gauge', { value: 4, min: 4, max: 4 }],
    ['a rate, its rate renamed to value', 'my_rate', { passes: 1, fails: 1, value: 0.5, thresholds: { 'rate>0.9': true } }],
    ['the checks rate', 'checks', { passes: 2, fails: 0, value: 1, thresholds: { 'rate==1': false } }],
    ['the iterations counter', 'iterations', { count: 2, rate: expect.any(Number) }],
  ])('flattens %s (%s) to %o', (_kind, name, values) => {
    expect(run.summary.metrics[name]).toEqual(values);
  });

  it('gives trends the summary trend stats, and thresholds as source → failed', () => {
    const trend = run.summary.metrics.my_trend;
    expect(Object.keys(trend ?? {}).filter((k) => k !== 'thresholds').sort()).toEqual([...DEFAULT_TREND_STATS].sort());
    expect(trend).toMatchObject({ avg: 5, min: 5, med: 5, max: 5, 'p(90)': 5, 'p(95)': 5, thresholds: { 'avg<10': false } });
    expect(Object.keys(run.summary.metrics.iteration_duration ?? {}).sort()).toEqual([...DEFAULT_TREND_STATS].sort());
  });

  it('includes the built-in metrics the test produced', () => {
    for (const name of ['iterations', 'iteration_duration', 'checks', 'group_duration']) {
      expect(run.summary.metrics, name).toHaveProperty([name]);
    }
  });

  it('exports data_sent and data_received as zero counters for a test without HTTP requests, as k6 does', async () => {
    const quiet = await runWithExport('export default function () {}', ['-i', '2']);
    expect(quiet.summary.metrics.data_sent).toMatchObject({ count: 0 });
    expect(quiet.summary.metrics.data_received).toMatchObject({ count: 0 });
  });

  it('keys groups and checks by name, each with name, path and md5 id', () => {
    expect(run.summary.root_group).toEqual({
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      groups: {
        g: {
          name: 'g',
          path: '::g',
          id: k6Id('::g'),
          groups: {},
          checks: { 'is one': { name: 'is one', path: '::g::is one', id: k6Id('::g::is one'), passes: 2, fails: 0 } },
        },
      },
      checks: {},
    });
  });

  it('follows summaryTrendStats for every trend', async () => {
    const custom = await runWithExport(SCRIPT, ['--summary-trend-stats', 'min,p(99.9),count']);
    expect(Object.keys(custom.summary.metrics.my_trend ?? {}).sort()).toEqual(['count', 'min', 'p(99.9)', 'thresholds']);
    expect(custom.summary.metrics.my_trend).toMatchObject({ count: 2, min: 5, 'p(99.9)': 5 });
  });
});

describe('qk6 run: the default text summary', () => {
  it("lays out thresholds, checks and custom metrics like k6's (timings and rates normalised)", async () => {
    const result = await runInline({
      'layout.js': `
import { check, group } from 'k6';
import { Counter, Gauge, Rate } from 'k6/metrics';
const c = new Counter('my_counter');
const g = new Gauge('my_gauge');
const r = new Rate('my_rate');
export const options = {
  vus: 1,
  iterations: 2,
  thresholds: { checks: ['rate==1'], my_rate: ['rate>0.4'], 'my_counter{kind:a}': ['count==4'], my_gauge: ['value<4'] },
};
export default function () {
  group('g', () => { check(1, { 'is one': (v) => v === 1, 'is two': (v) => v === 2 }); });
  c.add(2, { kind: 'a' });
  g.add(4);
  r.add(__ITER === 0);
}
`,
    });
    expect(result.exitCode, explain(result)).toBe(99);
    const start = result.stdout.indexOf('  █ THRESHOLDS');
    const end = result.stdout.indexOf('    EXECUTION');
    // Rates depend on the elapsed time; the gauge's min= column is as wide as the widest trend's
    // (iteration_duration, a timing), so its padding is collapsed.
    const text = result.stdout
      .slice(start, end)
      .replace(/\d+(\.\d+)?\/s/g, 'N/s')
      .replace(/min=(\S+) +max=/g, 'min=$1 max=');
    expect(text).toMatchInlineSnapshot(`
      "  █ THRESHOLDS 

          checks
          ✗ 'rate==1' rate=50.00%

          my_counter{kind:a}
          ✓ 'count==4' count=4

          my_gauge
          ✗ 'value<4' value=4

          my_rate
          ✓ 'rate>0.4' rate=50.00%


        █ TOTAL RESULTS 

          checks_total.......: 4      N/s
          checks_succeeded...: 50.00% 2 out of 4
          checks_failed......: 50.00% 2 out of 4

          ✓ is one
          ✗ is two
            ↳  0% — ✓ 0 / ✗ 2

          CUSTOM
          my_counter...........: 4      N/s
            { kind:a }.........: 4      N/s
          my_gauge.............: 4      min=4 max=4
          my_rate..............: 50.00% 1 out of 2

      "
    `);
  });
});

/** SCRIPT plus a handleSummary that behaves as $MODE says and logs that it ran. */
const WITH_HANDLE_SUMMARY = `${SCRIPT}
export function handleSummary(data) {
  console.log('handleSummary ran');
  switch (__ENV.MODE) {
    case 'undefined': return undefined;
    case 'throw': throw new Error('summary went wrong');
    default: return {
      stdout: 'custom stdout: ' + data.metrics.iterations.values.count + ' iterations\\n',
      stderr: 'custom stderr\\n',
      'report.json': JSON.stringify(data),
      'bytes.bin': new Uint8Array([104, 105, 0, 255]).buffer,
    };
  }
}
`;

describe('qk6 run with handleSummary', () => {
  describe('returning stdout, stderr and two files', () => {
    let run: ExportedRun;
    let data: Record<string, any>;

    beforeAll(async () => {
      run = await runWithExport(WITH_HANDLE_SUMMARY, ['-e', 'MODE=files']);
      data = JSON.parse(readFileSync(join(run.dir, 'report.json'), 'utf8')) as Record<string, any>;
    });

    it('prints its stdout instead of the default summary; thresholds still decide the exit code', () => {
      expect(run.exitCode, explain(run)).toBe(99);
      expect(run.stdout).toContain('custom stdout: 2 iterations');
      expect(run.stdout).not.toContain('TOTAL RESULTS');
      expect(run.stderr).toContain('custom stderr');
      expect(consoleMessages(run.stderr)).toEqual(['handleSummary ran']);
    });

    it('writes the files relative to the working directory, binary ones byte for byte', () => {
      expect([...readFileSync(join(run.dir, 'bytes.bin'))]).toEqual([104, 105, 0, 255]);
    });

    it('still writes --summary-export', () => {
      expect(run.summary.metrics.iterations?.count).toBe(2);
    });

    it("passes k6's summary data: metrics with type, contains, values and thresholds {ok}", () => {
      expect(data.metrics.iterations).toMatchObject({ type: 'counter', contains: 'default', values: { count: 2 } });
      expect(data.metrics.my_gauge).toMatchObject({ type: 'gauge', values: { value: 4, min: 4, max: 4 } });
      expect(data.metrics.my_rate).toMatchObject({ type: 'rate', values: { rate: 0.5, passes: 1, fails: 1 }, thresholds: { 'rate>0.9': { ok: false } } });
      expect(data.metrics.my_trend).toMatchObject({ type: 'trend', contains: 'default', thresholds: { 'avg<10': { ok: true } } });
      expect(data.metrics.iteration_duration).toMatchObject({ type: 'trend', contains: 'time' });
    });

    it('passes the root group with arrays of groups and checks, options, state and setup_data', () => {
      expect(data.root_group).toMatchObject({ name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', checks: [] });
      expect(data.root_group.groups[0]).toMatchObject({ name: 'g', path: '::g', checks: [{ name: 'is one', passes: 2, fails: 0 }] });
      expect(data.options.summaryTrendStats).toEqual(DEFAULT_TREND_STATS);
      expect(data.state).toMatchObject({ isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: expect.any(Number) });
      expect(data.setup_data).toEqual({ token: 'abc' });
    });
  });

  it.each([
    { mode: 'undefined', error: undefined },
    { mode: 'throw', error: /summary went wrong[\s\S]*script\.js:\d+:\d+/ },
  ])('prints the default summary when handleSummary returns $mode', async ({ mode, error }) => {
    const run = await runWithExport(WITH_HANDLE_SUMMARY, ['-e', `MODE=${mode}`]);
    expect(run.exitCode, explain(run)).toBe(99);
    expect(consoleMessages(run.stderr)).toContain('handleSummary ran');
    expect(run.stdout).toContain('█ TOTAL RESULTS');
    expect(run.stdout).toContain('✓ is one');
    const errors = parseLogLines(run.stderr).filter((l) => l.level === 'error' && !l.msg.startsWith('thresholds on metrics'));
    if (error === undefined) expect(errors).toEqual([]);
    else expect(errors.map((l) => l.msg)).toEqual([expect.stringMatching(error)]);
    expect(existsSync(join(run.dir, 'report.json'))).toBe(false);
  });

  it('--summary-mode=disabled prints no summary, skips handleSummary and writes no export', async () => {
    const run: InlineResult = await runInline({ 'script.js': WITH_HANDLE_SUMMARY }, [
      '--summary-mode=disabled', '--summary-export', 'summary.json', '-e', 'MODE=files',
    ]);
    expect(run.exitCode, explain(run)).toBe(99);
    expect(run.stdout).not.toContain('TOTAL RESULTS');
    expect(run.stdout).not.toContain('custom stdout');
    expect(consoleMessages(run.stderr)).not.toContain('handleSummary ran');
    expect(existsSync(join(run.dir, 'summary.json'))).toBe(false);
    expect(existsSync(join(run.dir, 'report.json'))).toBe(false);
  });
});
